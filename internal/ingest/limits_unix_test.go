//go:build unix

package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestFolderLinksAndFIFOs: a link to a folder is followed once (a loop
// ends), a link to a file is read, and a FIFO is skipped, not opened.
func TestFolderLinksAndFIFOs(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	os.Mkdir(real, 0o755)
	os.WriteFile(filepath.Join(real, "dli.txt"), []byte(dli), 0o644)
	top := filepath.Join(dir, "top")
	os.Mkdir(top, 0o755)
	if err := os.Symlink(real, filepath.Join(top, "linked")); err != nil {
		t.Skip("no symlinks:", err)
	}
	os.Symlink(top, filepath.Join(top, "loop"))
	os.Symlink(filepath.Join(real, "dli.txt"), filepath.Join(top, "file.txt"))
	fifo := filepath.Join(top, "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs:", err)
	}
	s, err := Paths([]string{top})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, in := range s.Inputs {
		got[strings.TrimPrefix(in, filepath.ToSlash(top)+"/")] = true
	}
	if !got["linked/dli.txt"] || !got["file.txt"] || !got["pipe"] || len(s.Products) != 2 || !hasSkip(s, "skip.ingest.not_regular") {
		t.Errorf("inputs %v, %d products, skips %+v", s.Inputs, len(s.Products), s.Skipped)
	}
}
