package wintemp

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRemoveDepthFirst(t *testing.T) {
	root := filepath.Join(t.TempDir(), "tree")
	deep := filepath.Join(root, "System32", "oem")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{filepath.Join(deep, "oem.XRM-MS"), filepath.Join(root, "a.txt")} {
		if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	removeDepthFirst(root)
	if _, err := os.Stat(root); !os.IsNotExist(err) {
		t.Errorf("tree still there: %v", err)
	}
}
