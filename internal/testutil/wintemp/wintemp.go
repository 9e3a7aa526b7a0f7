// Package wintemp gives tests a temporary folder that can also be removed
// under Wine. Under Wine 8 the testing package's cleanup (os.RemoveAll,
// which on Windows deletes through handles relative to the parent folder)
// fails on some files with ERROR_INVALID_FUNCTION, while os.Remove
// (DeleteFileW) of the same files works; scripts/wine-test.sh sets
// KMSDOCTOR_WINE, and then the folder is emptied with os.Remove first.
// Elsewhere TempDir is t.TempDir.
package wintemp

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TempDir is t.TempDir, removed depth first with os.Remove under Wine.
func TempDir(t testing.TB) string {
	t.Helper()
	root := t.TempDir()
	if os.Getenv("KMSDOCTOR_WINE") != "" {
		// Cleanups run last in, first out: this one before t.TempDir's.
		t.Cleanup(func() { removeDepthFirst(root) })
	}
	return root
}

// removeDepthFirst removes root and everything under it, deepest first
// (errors ignored: t.TempDir's own cleanup reports what is left).
func removeDepthFirst(root string) {
	var paths []string
	filepath.WalkDir(root, func(p string, _ fs.DirEntry, err error) error {
		if err == nil {
			paths = append(paths, p)
		}
		return nil
	})
	for i := len(paths) - 1; i >= 0; i-- {
		os.Remove(paths[i])
	}
}
