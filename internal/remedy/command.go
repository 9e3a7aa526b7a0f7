package remedy

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
)

// Runner runs a program with fixed arguments and returns its exit code.
type Runner func(ctx context.Context, name string, args ...string) (exitCode int, err error)

// ExecRunner runs the program with os/exec (no shell: the arguments are
// fixed strings of this package, never a value from a report).
func ExecRunner(ctx context.Context, name string, args ...string) (int, error) {
	err := exec.CommandContext(ctx, name, args...).Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), nil
	}
	if err != nil {
		return -1, err
	}
	return 0, nil
}

// CommandTime is Time through `w32tm /resync`.
type CommandTime struct{ Run Runner }

// Resync runs w32tm /resync.
func (c CommandTime) Resync(ctx context.Context) error {
	return runFixed(ctx, c.Run, "w32tm", "/resync")
}

// CommandDNS is DNS through `ipconfig /flushdns`.
type CommandDNS struct{ Run Runner }

// FlushCache runs ipconfig /flushdns.
func (c CommandDNS) FlushCache(ctx context.Context) error {
	return runFixed(ctx, c.Run, "ipconfig", "/flushdns")
}

func runFixed(ctx context.Context, run Runner, name string, args ...string) error {
	if run == nil {
		run = ExecRunner
	}
	code, err := run(ctx, name, args...)
	if err != nil {
		return fmt.Errorf("%s %v: %w", name, args, err)
	}
	if code != 0 {
		ce := &CallError{Class: name, Method: args[0], Code: uint32(int32(code))}
		return ce
	}
	return nil
}
