package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/report"
	"github.com/kmsdoctor/kmsdoctor/internal/winsys"
)

type recordRunner struct{ calls [][]string }

func (r *recordRunner) Run(_ context.Context, path string, args ...string) ([]byte, error) {
	r.calls = append(r.calls, append([]string{path}, args...))
	return nil, nil
}

// TestAgentInstall runs agent install as on Windows, with a fake
// schtasks.exe runner: the exact argv, and the refusals.
func TestAgentInstall(t *testing.T) {
	savedOS, savedRunner, savedExe := installGOOS, taskRunner, agentExe
	t.Cleanup(func() { installGOOS, taskRunner, agentExe = savedOS, savedRunner, savedExe })
	tok := filepath.Join(t.TempDir(), "agent.token")
	os.WriteFile(tok, []byte("kmsd_x\n"), 0o600)

	installGOOS = "linux"
	if _, errs, code := runCLI(t, "agent", "install", "--server", "https://fleet:8480", "--token-file", tok); code != 2 || !strings.Contains(errs, "only on Windows") {
		t.Errorf("off Windows: %d %q", code, errs)
	}
	installGOOS = "windows"
	rr := &recordRunner{}
	taskRunner = rr
	agentExe = func() (string, error) { return `C:\Program Files\kmsdoctor\kmsdoctor.exe`, nil }
	t.Setenv("SystemRoot", `C:\Windows`)
	t.Setenv("ProgramData", `D:\ProgramData`)
	// The token file must be readable here, and a Windows path for the
	// task: on this test machine it cannot be both, so the task's path
	// is refused after the read (and no schtasks call is made).
	out, errs, code := runCLI(t, "agent", "install", "--server", "https://fleet:8480", "--token-file", tok, "--at", "13:15")
	if code != 2 || !strings.Contains(errs, "--token-file") || len(rr.calls) != 0 {
		t.Errorf("a non-Windows token path: %d %q %q %q", code, out, errs, rr.calls)
	}
	winTok := `C:\ProgramData\kmsdoctor\agent.token`
	savedRead := tokenFileRead
	t.Cleanup(func() { tokenFileRead = savedRead })
	tokenFileRead = func(p string) ([]byte, error) {
		if p == winTok {
			return []byte("kmsd_x"), nil
		}
		return nil, os.ErrNotExist
	}
	out, errs, code = runCLI(t, "agent", "install", "--server", "https://fleet:8480", "--token-file", winTok, "--at", "13:15")
	want := []string{`C:\Windows\System32\schtasks.exe`, "/Create", "/F", "/TN", "kmsdoctor agent", "/SC", "DAILY", "/ST", "13:15", "/RU", "SYSTEM",
		"/RL", "HIGHEST", "/TR", `"C:\Program Files\kmsdoctor\kmsdoctor.exe" agent --once --server https://fleet:8480 --token-file "C:\ProgramData\kmsdoctor\agent.token" --spool "D:\ProgramData\kmsdoctor\spool"`}
	if code != 0 || len(rr.calls) != 1 || !slices.Equal(rr.calls[0], want) || !strings.Contains(out, "13:15") {
		t.Fatalf("install: %d %q %q\n%q", code, out, errs, rr.calls)
	}
	for _, args := range [][]string{
		{"--server", "https://fleet:8480", "--token-file", winTok, "--at", "25:00"},
		{"--server", "https://fleet:8480", "--token-file", winTok, "--spool", `C:\a"b`},
		{"--server", "https://fleet:8480/x?y", "--token-file", winTok},
	} {
		for _, lang := range []string{"en", "ja"} {
			out, errs, code := runCLI(t, append([]string{"--lang", lang, "agent", "install"}, args...)...)
			if code != 2 || out != "" || strings.Count(errs, "\n") != 1 || (lang == "ja" && !hasJapanese(errs)) {
				t.Errorf("%s %v: %d %q %q", lang, args, code, out, errs)
			}
		}
	}
	t.Setenv("SystemRoot", `C:\Win" & calc`)
	if _, errs, code := runCLI(t, "agent", "uninstall"); code != 2 || !strings.Contains(errs, "SystemRoot") {
		t.Errorf("hostile SystemRoot: %d %q", code, errs)
	}
	t.Setenv("SystemRoot", `C:\Windows`)
	if out, _, code := runCLI(t, "agent", "uninstall"); code != 0 || !slices.Equal(rr.calls[len(rr.calls)-1][1:], []string{"/Delete", "/F", "/TN", "kmsdoctor agent"}) ||
		!strings.Contains(out, "removed") {
		t.Errorf("uninstall: %d %q %q", code, out, rr.calls)
	}
	if len(rr.calls) != 2 {
		t.Errorf("schtasks calls: %q", rr.calls)
	}
	for _, c := range [][]string{{"agent", "install"}, {"agent", "uninstall"}} {
		args := append(append([]string{"--lang", "ja"}, c...), "--help")
		out, errs, code := runCLI(t, args...)
		if code != 0 || errs != "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
		checkJapanese(t, strings.Join(args, " "), out)
	}
}

// TestAgentReportCollects: on Windows (the fake machine behind collect's
// seam) the agent's report is collect --analyze of the machine; where
// winsys is unsupported it is check.
func TestAgentReportCollects(t *testing.T) {
	withFakeSystem(t)
	r, err := agentReport(context.Background())
	if err != nil || r.Command != "analyze" || !strings.EqualFold(r.Subject.Computer, "WS42.contoso.com") {
		t.Fatalf("agent report on the fake machine: %v %+v", err, r.Subject)
	}
	savedCheck := agentCheck
	t.Cleanup(func() { agentCheck = savedCheck })
	agentCheck = func(context.Context) (*report.Report, error) { return report.New("check", checkNow()), nil }
	newSystem = func() (winsys.System, error) { return winsys.System{}, winsys.ErrUnsupported }
	if r, err := agentReport(context.Background()); err != nil || r.Command != "check" {
		t.Errorf("off Windows: %v %+v", err, r)
	}
	newSystem = func() (winsys.System, error) { return winsys.System{}, errors.New("WMI is broken") }
	if _, err := agentReport(context.Background()); err == nil {
		t.Error("a failing collect gave a report")
	}
}
