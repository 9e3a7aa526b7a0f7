package main

import (
	"net"
	"os"
	"path/filepath"
	"testing"
)

// httpStub is a loopback listener that answers whatever it is sent with an
// HTTP error, as a web server on the KMS port would.
func httpStub(t *testing.T) string {
	t.Helper()
	return loopbackStub(t, func(c net.Conn) { // cmd_check_test.go
		buf := make([]byte, 72)
		c.Read(buf)
		c.Write([]byte("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
	})
}

// TestWriteFixInputs writes the stored reports of testdata/fix/in that come
// from `check --json` against loopback fakes (see testdata/fix/in/SOURCES.md).
// It runs only with KMSDOCTOR_WRITE_FIX_INPUTS=1: the stored files are
// inputs, kept as written, not goldens rewritten by every run.
func TestWriteFixInputs(t *testing.T) {
	if os.Getenv("KMSDOCTOR_WRITE_FIX_INPUTS") != "1" {
		t.Skip("set KMSDOCTOR_WRITE_FIX_INPUTS=1 to write testdata/fix/in/check_*.json again")
	}
	checkResolvConf = "testdata/check/resolv-none.conf"
	t.Cleanup(func() { checkResolvConf = "/etc/resolv.conf" })
	// A KMS host that answers the bind, and a web server on another port
	// named as a KMS host: rpc.not_kms, whose fix points at the one that
	// answered.
	out, errs, code := runCLI(t, "check", "--json", "--lang", "en", "--host", kmsStub(t), "--host", httpStub(t), "--attempts", "2", "--timeout", "3s")
	if code != 1 {
		t.Fatalf("check: exit %d %s", code, errs)
	}
	if err := os.WriteFile(filepath.Join("testdata", "fix", "in", "check_rpc_not_kms_loopback.json"), []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
}
