package main

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/report"
	"github.com/kmsdoctor/kmsdoctor/internal/server"
	"github.com/kmsdoctor/kmsdoctor/internal/store"
	"github.com/kmsdoctor/kmsdoctor/internal/store/storetest"
)

func TestFleetHelpJapanese(t *testing.T) {
	for _, c := range [][]string{{"serve"}, {"serve", "token"}, {"serve", "token", "create"}, {"report"}, {"report", "post"}, {"agent"}} {
		args := append(append([]string{"--lang", "ja"}, c...), "--help")
		out, errs, code := runCLI(t, args...)
		if code != 0 || errs != "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
		checkJapanese(t, strings.Join(args, " "), out)
	}
}

func TestFleetErrorsJapanese(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"serve", "--tls-cert", "x.pem"},
		{"serve", "token", "create"},
		{"serve", "token", "create", "a", "--role", "admin"},
		{"report", "post", "--server", "fleet:8480", "--token-file", "t", "r.json"},
		{"report", "post", "--server", "http://127.0.0.1:1"},
		{"report", "post", "--server", "http://127.0.0.1:1", "r.json"},
		{"report", "post", "--server", "http://127.0.0.1:1", "--token-file", filepath.Join(dir, "none"), "r.json"},
		{"agent", "--server", "http://127.0.0.1:1", "--token-file", filepath.Join(dir, "none")},
	} {
		args := append([]string{"--lang", "ja"}, args...)
		out, errs, code := runCLI(t, args...)
		if code != 2 || out != "" || strings.Count(errs, "\n") != 1 || !hasJapanese(errs) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
		checkJapanese(t, strings.Join(args, " "), strings.TrimPrefix(errs, "kmsdoctor: "))
	}
}

// TestFleetCommands: serve token create, then report post and agent
// --once against a server on the same database.
func TestFleetCommands(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite://" + filepath.Join(dir, "fleet.db")
	tok, errs, code := runCLI(t, "serve", "token", "create", "site-a", "--db", dsn)
	if code != 0 || !strings.HasPrefix(tok, "kmsd_") || !strings.Contains(errs, "site-a") {
		t.Fatalf("token create: %d %q %q", code, tok, errs)
	}
	if _, errs, code := runCLI(t, "serve", "token", "create", "site-a", "--db", dsn); code != 2 || !strings.Contains(errs, "exists") {
		t.Errorf("second token create: %d %q", code, errs)
	}
	tokenFile := filepath.Join(dir, "agent.token")
	os.WriteFile(tokenFile, []byte(tok), 0o600)
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv := server.New(server.Config{}, st)
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	r := storetest.Report("pc01", "licensed", storetest.T0)
	raw, _ := json.Marshal(r)
	file := filepath.Join(dir, "r.json")
	os.WriteFile(file, raw, 0o644)
	for _, want := range []string{"1 new, 0 already", "0 new, 1 already"} { // the second time, a duplicate
		out, errs, code := runCLI(t, "report", "post", "--server", ts.URL, "--token-file", tokenFile, file, file)
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("report post: %d %q %q, want %q", code, out, errs, want)
		}
	}

	old := agentReport
	defer func() { agentReport = old }()
	agentReport = func(context.Context) (*report.Report, error) {
		return storetest.Report("pc02", "unlicensed", storetest.T0), nil
	}
	spool := filepath.Join(dir, "spool")
	if _, errs, code := runCLI(t, "agent", "--server", ts.URL, "--token-file", tokenFile, "--once", "--spool", spool); code != 0 ||
		!strings.Contains(errs, "1 new") {
		t.Errorf("agent --once: %d %q", code, errs)
	}
	if left, _ := os.ReadDir(spool); len(left) != 0 {
		t.Errorf("spool not empty: %v", left)
	}
	if sum, _ := st.Summary(context.Background(), storetest.T0); sum.Machines != 2 {
		t.Errorf("machines: %d", sum.Machines)
	}
}
