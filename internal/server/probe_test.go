package server

import (
	"context"
	"encoding/hex"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/dcerpc"
	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// bindAck is a bind_ack accepting the KMS interface, as impacket's KMS
// server answers (the same bytes as internal/probe's tests).
var bindAck, _ = hex.DecodeString(strings.Join(strings.Fields(
	"05000c0310000000 3c00 0000 01000000 b810b810 34120000 0500 3136383800 41 01000000 0000 0000 045d888a eb1c c911 9fe808002b104860 02000000"), ""))

// stubKMS listens on loopback and answers each connection's RPC bind
// with bindAck; it counts the connections.
func stubKMS(t testing.TB) (addr string, conns *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	conns = &atomic.Int64{}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns.Add(1)
			go func() {
				defer c.Close()
				_ = c.SetDeadline(time.Now().Add(5 * time.Second))
				buf := make([]byte, dcerpc.BindLen)
				if n, _ := io.ReadFull(c, buf); n > 0 {
					c.Write(bindAck)
				}
				io.Copy(io.Discard, c)
			}()
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return ln.Addr().String(), conns
}

func getText(t *testing.T, url, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("X-Prometheus-Scrape-Timeout-Seconds", "3")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestProbeEndpoint drives /probe as Prometheus would, against a loopback
// stub KMS (the real checker: TCP, then the RPC bind) and against a
// closed port.
func TestProbeEndpoint(t *testing.T) {
	f := newFixture(t, Config{})
	addr, conns := stubKMS(t)
	code, body := getText(t, f.ts.URL+"/probe?target="+addr, f.reader)
	if code != 200 {
		t.Fatalf("/probe: %d %s", code, body)
	}
	for _, want := range []string{"probe_success 1", "probe_duration_seconds ", `probe_kms_stage{stage="tcp"} 1`, `probe_kms_stage{stage="rpc"} 1`,
		`probe_kms_step_duration_seconds{probe="tcp"}`, `probe_kms_step_failed{probe="rpc"} 0`, "probe_kms_problem 0"} {
		if !strings.Contains(body, want) {
			t.Errorf("/probe lacks %q:\n%s", want, body)
		}
	}
	if conns.Load() == 0 {
		t.Error("the stub saw no connection")
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := ln.Addr().String()
	ln.Close()
	code, body = getText(t, f.ts.URL+"/probe?target="+closed, f.reader)
	if code != 200 || !strings.Contains(body, "probe_success 0") || !strings.Contains(body, `probe_kms_stage{stage="tcp"} 0`) {
		t.Errorf("/probe of a closed port: %d\n%s", code, body)
	}
	for _, tc := range []struct {
		name, query, token string
		want               int
	}{
		{"no token", "?target=" + addr, "", 401},
		{"agent token", "?target=" + addr, f.agent, 403},
		{"no target", "", f.reader, 400},
		{"bad target", "?target=a%20b:99999", f.reader, 400},
	} {
		if code, body := getText(t, f.ts.URL+"/probe"+tc.query, tc.token); code != tc.want {
			t.Errorf("%s: %d, want %d: %s", tc.name, code, tc.want, body)
		}
	}
}

// TestScheduledProbe: a configured target runs once in its interval (the
// clock stands still), its report is stored with role probe, and the
// gauges show it.
func TestScheduledProbe(t *testing.T) {
	f := newFixture(t, Config{})
	addr, _ := stubKMS(t)
	var calls atomic.Int64
	f.srv.SetChecker(func(ctx context.Context, target string, timeout time.Duration) (*report.Report, error) {
		calls.Add(1)
		return CheckTarget(ctx, target, timeout)
	})
	if err := f.srv.StartProbes(context.Background(), ProbeConfig{Targets: []string{"bad target"}}); fleet.ErrorCode(err) != fleet.EINVALID {
		t.Errorf("bad target: %v", err)
	}
	if err := f.srv.StartProbes(context.Background(), ProbeConfig{Targets: []string{addr}, Interval: time.Minute, Tick: 20 * time.Millisecond,
		Timeout: 2 * time.Second}); err != nil {
		t.Fatal(err)
	}
	ps := f.store.(fleet.ProbeStore)
	var p fleet.Probe
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		all, err := ps.Probes(context.Background())
		if err != nil || len(all) != 1 {
			t.Fatalf("probes: %v %v", all, err)
		}
		if p = all[0]; p.Runs > 0 {
			break
		}
	}
	if p.Runs != 1 || !p.LastSuccess || p.LastReportID == "" {
		t.Fatalf("probe after its run: %+v", p)
	}
	time.Sleep(100 * time.Millisecond) // more ticks, same interval
	if n := calls.Load(); n != 1 {
		t.Errorf("%d runs in one interval, want 1", n)
	}
	rec, err := f.store.Report(context.Background(), p.LastReportID)
	if err != nil || rec.Report.Subject.Role != report.RoleProbe || rec.Report.Subject.Computer != addr {
		t.Fatalf("stored probe report: %v %+v", err, rec)
	}
	ms, _, _ := f.store.Machines(context.Background(), fleet.MachineFilter{Q: "127.0.0.1"})
	if len(ms) != 1 || ms[0].Key != "probe:"+addr || ms[0].Role != report.RoleProbe {
		t.Errorf("probe machine: %+v", ms)
	}
	var metrics string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		_, metrics = getText(t, f.ts.URL+"/metrics", "")
		if strings.Contains(metrics, `kmsdoctor_probe_success{target="`+addr+`"} 1`) {
			break
		}
	}
	for _, want := range []string{`kmsdoctor_probe_success{target="` + addr + `"} 1`, `kmsdoctor_probe_duration_seconds{target="` + addr + `"}`,
		`kmsdoctor_probe_runs_total{result="success"} 1`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}
