package sqlstore

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoSQLFromInput keeps SQL built only from constants: no fmt
// formatting and no string concatenation with a value in the store's
// code (Machines joins fixed fragments; their values are placeholders).
func TestNoSQLFromInput(t *testing.T) {
	files, _ := filepath.Glob("../*/*.go")
	more, _ := filepath.Glob("../*.go")
	for _, f := range append(files, more...) {
		if strings.HasSuffix(f, "_test.go") || strings.Contains(f, "storetest") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if strings.Contains(line, "Sprintf") || strings.Contains(line, "Fprintf") {
				t.Errorf("%s:%d: formatted text in the store: %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
	if len(files) < 3 {
		t.Fatalf("found only %v", files)
	}
}

func TestStatements(t *testing.T) {
	got := statements("-- c\nCREATE TABLE a (x INT);\n\nCREATE INDEX b ON a (x);\n")
	if len(got) != 2 || !strings.HasPrefix(got[1], "CREATE INDEX") {
		t.Errorf("%q", got)
	}
	for _, d := range []string{"sqlite", "postgres"} {
		ms, err := loadMigrations(d)
		if err != nil || len(ms) == 0 || ms[0].version != 1 {
			t.Errorf("%s: %v %v", d, ms, err)
		}
	}
	s := &Store{d: Dialect{Numbered: true}}
	if got := s.q("a = ? AND b = ?"); got != "a = $1 AND b = $2" {
		t.Errorf("q: %s", got)
	}
}
