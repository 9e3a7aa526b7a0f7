package main

import (
	"encoding/json"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// kmsStub is a loopback listener that answers the KMS bind with the
// bind_ack impacket's DCERPCServer sends (recorded in the lab study).
func kmsStub(t *testing.T) string {
	t.Helper()
	ack := []byte("\x05\x00\x0c\x03\x10\x00\x00\x00\x3c\x00\x00\x00\x01\x00\x00\x00\xb8\x10\xb8\x10\x34\x12\x00\x00\x05\x001688\x00A\x01\x00\x00\x00\x00\x00\x00\x00" +
		"\x04\x5d\x88\x8a\xeb\x1c\xc9\x11\x9f\xe8\x08\x00\x2b\x10\x48\x60\x02\x00\x00\x00")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				c.SetDeadline(time.Now().Add(5 * time.Second))
				buf := make([]byte, 72)
				if _, err := io.ReadFull(c, buf); err == nil {
					c.Write(ack)
				}
			}()
		}
	}()
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	return ln.Addr().String()
}

func closedPort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	a := ln.Addr().String()
	ln.Close()
	return a
}

func TestCheckUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"bad host", []string{"check", "--host", "kms:http"}, "--host"},
		{"bad dns server", []string{"check", "--dns-server", "dns.example"}, "--dns-server"},
		{"bad azure", []string{"check", "--azure", "mars"}, "--azure"},
		{"bad attempts", []string{"check", "--attempts", "0"}, "--attempts"},
		{"bad timeout", []string{"check", "--timeout", "1ns"}, "--timeout"},
		{"bad format", []string{"check", "--format", "xml"}, "--format"},
		{"json vs format", []string{"check", "--json", "--format", "text"}, "disagree"},
		{"bad lang", []string{"check", "--lang", "fr"}, "--lang"},
		{"argument", []string{"check", "kms1"}, "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := runCLI(t, tt.args...)
			if code != 2 || out != "" || !strings.Contains(errs, tt.want) || strings.Count(errs, "\n") != 1 {
				t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
			}
		})
	}
}

type checkJSON struct {
	Tool     string `json:"tool"`
	Command  string `json:"command"`
	Findings []struct {
		ID       string         `json:"id"`
		Severity string         `json:"severity"`
		Evidence map[string]any `json:"evidence"`
		Fix      []string       `json:"fix"`
	} `json:"findings"`
	Verdict struct {
		Status  string   `json:"status"`
		Primary string   `json:"primary"`
		Codes   []string `json:"codes"`
	} `json:"verdict"`
}

func TestCheckLoopback(t *testing.T) {
	ok := kmsStub(t)
	tests := []struct {
		name    string
		args    []string
		code    int
		status  string
		primary string
	}{
		{"healthy", []string{"--host", ok}, 0, "ok", ""},
		{"refused", []string{"--host", closedPort(t)}, 1, "problem", "tcp.refused"},
		{"healthy and refused", []string{"--host", ok, "--host", closedPort(t), "--attempts", "2"}, 1, "problem", "tcp.refused"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkProgress = true
			defer func() { checkProgress = false }()
			out, errs, code := runCLI(t, append([]string{"check", "--json", "--timeout", "3s"}, tt.args...)...)
			if errs != "" {
				t.Errorf("stderr (no progress with --json): %q", errs)
			}
			var r checkJSON
			dec := json.NewDecoder(strings.NewReader(out))
			if err := dec.Decode(&r); err != nil || dec.More() {
				t.Fatalf("not exactly one JSON document: %v\n%s", err, out)
			}
			if code != tt.code || r.Verdict.Status != tt.status || r.Verdict.Primary != tt.primary || r.Tool != "kmsdoctor" {
				t.Fatalf("exit %d verdict %+v\n%s", code, r.Verdict, out)
			}
		})
	}
}

func TestCheckProgressAndMarkdown(t *testing.T) {
	ok := kmsStub(t)
	checkProgress = true
	defer func() { checkProgress = false }()
	out, errs, code := runCLI(t, "check", "--host", ok, "--format", "markdown", "--lang", "ja")
	if code != 0 || !strings.HasPrefix(out, "## kmsdoctor check") || !strings.Contains(out, "kms.reachable") {
		t.Fatalf("exit %d\n%s", code, out)
	}
	for _, want := range []string{"確認しています", "tcp " + ok + ": ok", "rpc " + ok + ": accepted", "完了しました"} {
		if !strings.Contains(errs, want) {
			t.Errorf("progress lacks %q:\n%s", want, errs)
		}
	}
}

// TestCheckNoDomainGolden: with no target and no search domain, check says
// so (text in both languages, reviewed by hand).
func TestCheckNoDomainGolden(t *testing.T) {
	checkResolvConf = "testdata/check/resolv-none.conf"
	defer func() { checkResolvConf = "/etc/resolv.conf" }()
	for _, lang := range []string{"en", "ja"} {
		out, errs, code := runCLI(t, "check", "--lang", lang, "--timeout", "1s")
		if code != 1 || errs != "" {
			t.Fatalf("exit %d stderr %q", code, errs)
		}
		golden(t, "check_no_domain."+lang+".txt", out)
	}
}

// TestCheckRefusedGolden: the report for a closed port, with the port
// number replaced so that the file is stable.
func TestCheckRefusedGolden(t *testing.T) {
	addr := closedPort(t)
	_, port, _ := net.SplitHostPort(addr)
	for _, lang := range []string{"en", "ja"} {
		out, _, code := runCLI(t, "check", "--lang", lang, "--host", addr, "--attempts", "2", "--timeout", "2s")
		if code != 1 {
			t.Fatalf("exit %d", code)
		}
		golden(t, "check_refused."+lang+".txt", strings.ReplaceAll(out, port, "PORT"))
	}
}
