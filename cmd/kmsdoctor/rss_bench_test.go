//go:build linux

package main

import (
	"archive/zip"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/eventlog/eventtest"
)

// BenchmarkRSS runs the real kmsdoctor binary on hostile inputs generated
// here (issue 11: at most 256 MiB whatever the input) and reports its peak
// resident set size (maxrss) and the time per run:
//
//	go test ./cmd/kmsdoctor -run '^$' -bench RSS -benchtime 1x
func BenchmarkRSS(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "kmsdoctor")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	write := func(name string, raw []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, raw, 0o644); err != nil {
			b.Fatal(err)
		}
		return p
	}
	bomb := write("bomb.evtx", eventtest.BombEVTX(128, 20000, 2)) // 8 MiB, each chunk expands to tens of MB
	var z bytes.Buffer
	zw := zip.NewWriter(&z)
	for i := range 200 {
		w, _ := zw.Create(filepath.Join("d", strings.Repeat("x", i%7+1), "f.txt"))
		_, _ = w.Write(bytes.Repeat([]byte("> nslookup -type=srv _vlmcs._tcp\n"), 20000))
	}
	_ = zw.Close()
	zipped := write("many.zip", z.Bytes())
	prompts := write("prompts.txt", bytes.Repeat([]byte("C:\\> slmgr.vbs /dlv\n"), 3<<20/20*8))
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"analyze-evtx-bomb", []string{"analyze", "--json", bomb}},
		{"events-xml-evtx-bomb", []string{"events", "--format", "xml", bomb}},
		{"analyze-zip-200x660KB", []string{"analyze", "--json", zipped}},
		{"analyze-24MiB-prompt-lines", []string{"analyze", "--json", prompts}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var peak int64
			for b.Loop() {
				cmd := exec.Command(bin, tc.args...)
				cmd.Stdout, cmd.Stderr = nil, nil
				_ = cmd.Run() // exit 1 or 2 is expected for these inputs
				if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
					peak = max(peak, ru.Maxrss) // KiB on Linux
				}
			}
			b.ReportMetric(float64(peak)/1024, "maxrss-MiB")
		})
	}
}
