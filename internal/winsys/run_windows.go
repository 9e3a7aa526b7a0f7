//go:build windows

package winsys

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
)

// sysRunner runs a program of %SystemRoot%\System32 by its full path, so
// that no search path decides which w32tm.exe runs.
type sysRunner struct{}

func (sysRunner) Run(ctx context.Context, argv ...string) ([]byte, error) {
	if len(argv) == 0 || filepath.Base(argv[0]) != argv[0] {
		return nil, errors.New("runner: argv[0] must be a bare program name")
	}
	root := os.Getenv("SystemRoot")
	if root == "" {
		root = `C:\Windows`
	}
	prog := filepath.Join(root, "System32", argv[0]+".exe")
	if _, err := os.Stat(prog); err != nil {
		return nil, ErrNotExist
	}
	return exec.CommandContext(ctx, prog, argv[1:]...).Output()
}
