package agent

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
)

type fakeRunner struct {
	calls [][]string
	err   error
}

func (f *fakeRunner) Run(_ context.Context, path string, args ...string) ([]byte, error) {
	f.calls = append(f.calls, append([]string{path}, args...))
	return []byte("ERROR: Access is denied."), f.err
}

func goodTask() Task {
	return Task{Exe: `C:\Program Files\kmsdoctor\kmsdoctor.exe`, Server: "https://fleet.corp.example:8480",
		TokenFile: `C:\ProgramData\kmsdoctor\agent.token`, Spool: `C:\ProgramData\kmsdoctor\spool`, At: "09:30"}
}

func TestInstallCalls(t *testing.T) {
	f := &fakeRunner{}
	st, err := Schtasks(`C:\Windows\`)
	if err != nil || st != `C:\Windows\System32\schtasks.exe` {
		t.Fatalf("Schtasks: %q %v", st, err)
	}
	if err := Install(context.Background(), f, st, goodTask()); err != nil {
		t.Fatal(err)
	}
	want := []string{`C:\Windows\System32\schtasks.exe`, "/Create", "/F", "/TN", "kmsdoctor agent", "/SC", "DAILY", "/ST", "09:30",
		"/RU", "SYSTEM", "/RL", "HIGHEST", "/TR",
		`"C:\Program Files\kmsdoctor\kmsdoctor.exe" agent --once --server https://fleet.corp.example:8480 --token-file "C:\ProgramData\kmsdoctor\agent.token" --spool "C:\ProgramData\kmsdoctor\spool"`}
	if len(f.calls) != 1 || !slices.Equal(f.calls[0], want) {
		t.Errorf("calls:\n%q\nwant\n%q", f.calls, want)
	}
	if err := Uninstall(context.Background(), f, st); err != nil || !slices.Equal(f.calls[1][1:], []string{"/Delete", "/F", "/TN", "kmsdoctor agent"}) {
		t.Errorf("uninstall: %v %q", err, f.calls)
	}
	f.err = errors.New("exit status 1")
	if err := Install(context.Background(), f, st, goodTask()); err == nil || !strings.Contains(err.Error(), "Access is denied") {
		t.Errorf("a failing schtasks: %v", err)
	}
}

func TestInstallRefusesHostileValues(t *testing.T) {
	long := `C:\` + strings.Repeat(`abcdefghij\`, 19) + "k.exe"
	cases := []struct {
		field string
		edit  func(*Task)
	}{
		{"exe", func(t *Task) { t.Exe = `kmsdoctor.exe` }},
		{"exe", func(t *Task) { t.Exe = `C:\kms" & calc & "\kmsdoctor.exe` }},
		{"exe", func(t *Task) { t.Exe = `C:\%TEMP%\kmsdoctor.exe` }},
		{"exe", func(t *Task) { t.Exe = `\\server\share\kmsdoctor.exe` }},
		{"exe", func(t *Task) { t.Exe = `C:\tools\kmsdoctor.bat` }},
		{"exe", func(t *Task) { t.Exe = `C:\tools\..\kmsdoctor.exe` }},
		{"server", func(t *Task) { t.Server = "fleet:8480" }},
		{"server", func(t *Task) { t.Server = "https://fleet:8480 --once" }},
		{"server", func(t *Task) { t.Server = "https://user:pw@fleet:8480" }},
		{"server", func(t *Task) { t.Server = "https://fleet:8480/?a=b" }},
		{"server", func(t *Task) { t.Server = `https://fle"et:8480` }},
		{"server", func(t *Task) { t.Server = "https://fleet&calc:8480" }},
		{"token_file", func(t *Task) { t.TokenFile = `C:\a\b"c.token` }},
		{"token_file", func(t *Task) { t.TokenFile = "C:\\a\\b\nc" }},
		{"spool", func(t *Task) { t.Spool = `spool` }},
		{"at", func(t *Task) { t.At = "9:30" }},
		{"at", func(t *Task) { t.At = "24:00" }},
		{"exe", func(t *Task) { t.Exe = long }},
		{"command", func(t *Task) { t.Spool = `C:\` + strings.Repeat("s", 150) }},
	}
	for _, c := range cases {
		task := goodTask()
		c.edit(&task)
		f := &fakeRunner{}
		err := Install(context.Background(), f, `C:\Windows\System32\schtasks.exe`, task)
		var ie *InstallError
		if !errors.As(err, &ie) || ie.Field != c.field || len(f.calls) != 0 {
			t.Errorf("%+v: %v (calls %q), want an InstallError of %s", task, err, f.calls, c.field)
		}
	}
	if _, err := Schtasks(`C:\Windows" & calc`); err == nil {
		t.Error("a hostile SystemRoot was taken")
	}
}
