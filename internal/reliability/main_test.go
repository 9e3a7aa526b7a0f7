package reliability

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/store/storetest"
)

var (
	pg      storetest.Lazy // started by the first test that needs PostgreSQL
	binDir  string
	binPath string
	binErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	pg.Stop()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// kmsdoctor builds the binary once for the tests that run it as a process.
func kmsdoctor(t *testing.T) string {
	t.Helper()
	if binPath == "" && binErr == nil {
		binDir, binErr = os.MkdirTemp("", "kmsdoctor-bin-")
		if binErr == nil {
			binPath = filepath.Join(binDir, "kmsdoctor")
			cmd := exec.Command("go", "build", "-o", binPath, "github.com/kmsdoctor/kmsdoctor/cmd/kmsdoctor")
			if out, err := cmd.CombinedOutput(); err != nil {
				binErr = fmt.Errorf("go build: %v: %s", err, out)
			}
		}
	}
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

func pgDSN(t *testing.T) string {
	cluster, why := pg.Get()
	if cluster == nil {
		t.Skip(why)
	}
	return cluster.NewDatabase(t)
}
