package agent

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os/exec"
	"regexp"
	"strings"
)

// The agent on Windows runs as a daily scheduled task that `kmsdoctor
// agent install` registers with schtasks.exe. The argv is fixed: every
// value that enters it (the paths, the server URL, the time) is validated
// first, and the command line the task runs (/TR) quotes only validated
// paths. The Runner interface lets the tests see the exact calls.

// Runner runs a program (an absolute path) with its arguments, without a
// shell, and returns its combined output.
type Runner interface {
	Run(ctx context.Context, path string, args ...string) ([]byte, error)
}

// ExecRunner is the real Runner (os/exec, no shell).
type ExecRunner struct{}

// Run runs path with args.
func (ExecRunner) Run(ctx context.Context, path string, args ...string) ([]byte, error) {
	var out bytes.Buffer
	c := exec.CommandContext(ctx, path, args...)
	c.Stdout, c.Stderr = &out, &out
	err := c.Run()
	return out.Bytes(), err
}

// TaskName is the scheduled task's name.
const TaskName = `kmsdoctor agent`

// Task is the scheduled task of the agent.
type Task struct {
	Exe       string // kmsdoctor.exe, absolute
	Server    string // http(s)://host[:port]
	TokenFile string // absolute
	Spool     string // absolute
	At        string // HH:MM, local time
}

// InstallError is a value Task.Validate refused: Field is exe, server,
// token_file, spool, at or command (the whole /TR line too long).
type InstallError struct {
	Field, Value, Reason string
}

func (e *InstallError) Error() string {
	return fmt.Sprintf("%s %q: %s", e.Field, e.Value, e.Reason)
}

// winPath is an absolute Windows path of a drive: C:\ and then names of
// letters, digits, spaces and ._-()+,~ (no quotes, %, wildcards or
// shell characters), without . or .. components.
var winPath = regexp.MustCompile(`^[A-Za-z]:\\([A-Za-z0-9 ._\-()+,~]+\\)*[A-Za-z0-9 ._\-()+,~]*$`)

func checkPath(field, p string) error {
	if len(p) > 200 || !winPath.MatchString(p) {
		return &InstallError{field, p, "not an absolute Windows path of plain names (C:\\folder\\file)"}
	}
	for _, part := range strings.Split(p[3:], `\`) {
		if t := strings.TrimSpace(part); t == "." || t == ".." || (part != "" && t != part) || strings.HasSuffix(part, ".") {
			return &InstallError{field, p, "a folder name of the path is not plain"}
		}
	}
	return nil
}

var hostPort = regexp.MustCompile(`^([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$`)
var hhmm = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// Validate checks every value that enters the task's command line.
func (t Task) Validate() error {
	if err := checkPath("exe", t.Exe); err != nil {
		return err
	}
	if !strings.HasSuffix(strings.ToLower(t.Exe), ".exe") {
		return &InstallError{"exe", t.Exe, "not an .exe"}
	}
	u, err := url.Parse(t.Server)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil || u.RawQuery != "" || u.Fragment != "" ||
		(u.Path != "" && u.Path != "/") || !hostPort.MatchString(u.Host) || t.Server != u.Scheme+"://"+u.Host+u.Path {
		return &InstallError{"server", t.Server, "give http://HOST[:PORT] or https://HOST[:PORT]"}
	}
	if err := checkPath("token_file", t.TokenFile); err != nil {
		return err
	}
	if err := checkPath("spool", t.Spool); err != nil {
		return err
	}
	if !hhmm.MatchString(t.At) {
		return &InstallError{"at", t.At, "give the time as HH:MM"}
	}
	if tr := t.command(); len(tr) > 261 { // the most schtasks /TR takes
		return &InstallError{"command", tr, "longer than the 261 characters schtasks takes; use shorter paths"}
	}
	return nil
}

// command is the task's command line (/TR): the validated paths quoted.
func (t Task) command() string {
	return `"` + t.Exe + `" agent --once --server ` + t.Server + ` --token-file "` + t.TokenFile + `" --spool "` + t.Spool + `"`
}

// CreateArgs is the argv of schtasks.exe that registers the task: daily
// at t.At, as SYSTEM, replacing a task of the same name.
func (t Task) CreateArgs() []string {
	return []string{"/Create", "/F", "/TN", TaskName, "/SC", "DAILY", "/ST", t.At, "/RU", "SYSTEM", "/RL", "HIGHEST", "/TR", t.command()}
}

// DeleteArgs is the argv of schtasks.exe that removes the task.
func DeleteArgs() []string { return []string{"/Delete", "/F", "/TN", TaskName} }

// Schtasks is schtasks.exe under the Windows folder systemRoot
// (%SystemRoot%, itself validated; C:\Windows when empty).
func Schtasks(systemRoot string) (string, error) {
	if systemRoot == "" {
		systemRoot = `C:\Windows`
	}
	systemRoot = strings.TrimSuffix(systemRoot, `\`)
	if err := checkPath("system_root", systemRoot); err != nil {
		return "", err
	}
	return systemRoot + `\System32\schtasks.exe`, nil
}

// Install validates t and registers it with schtasks.exe at path.
func Install(ctx context.Context, r Runner, schtasks string, t Task) error {
	if err := t.Validate(); err != nil {
		return err
	}
	if out, err := r.Run(ctx, schtasks, t.CreateArgs()...); err != nil {
		return fmt.Errorf("schtasks /Create: %v: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

// Uninstall removes the task.
func Uninstall(ctx context.Context, r Runner, schtasks string) error {
	if out, err := r.Run(ctx, schtasks, DeleteArgs()...); err != nil {
		return fmt.Errorf("schtasks /Delete: %v: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}
