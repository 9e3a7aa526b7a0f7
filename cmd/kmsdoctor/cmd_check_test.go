package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/lab"
)

// loopbackStub is a TCP listener on loopback whose every connection gets
// answer (with a 5 s deadline) and is then closed; it stops with the test.
func loopbackStub(t *testing.T, answer func(c net.Conn)) string {
	t.Helper()
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
				answer(c)
			}()
		}
	}()
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	return ln.Addr().String()
}

// kmsStub is a loopback listener that answers the KMS bind with the
// bind_ack impacket's DCERPCServer sends (recorded in the lab study).
func kmsStub(t *testing.T) string {
	t.Helper()
	ack := []byte("\x05\x00\x0c\x03\x10\x00\x00\x00\x3c\x00\x00\x00\x01\x00\x00\x00\xb8\x10\xb8\x10\x34\x12\x00\x00\x05\x001688\x00A\x01\x00\x00\x00\x00\x00\x00\x00" +
		"\x04\x5d\x88\x8a\xeb\x1c\xc9\x11\x9f\xe8\x08\x00\x2b\x10\x48\x60\x02\x00\x00\x00")
	return loopbackStub(t, func(c net.Conn) {
		buf := make([]byte, 72)
		if _, err := io.ReadFull(c, buf); err == nil {
			c.Write(ack)
		}
	})
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
		{"bad domain", []string{"check", "--domain", "corp example."}, `--domain "corp example." is not`},
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
	for _, want := range []string{"確認しています", "tcp " + ok + ": 接続成功", "rpc " + ok + ": KMS インターフェイスを受理", "完了しました"} {
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
		checkGolden(t, "check_no_domain."+lang+".txt", out)
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
		checkGolden(t, "check_refused."+lang+".txt", strings.ReplaceAll(out, port, "PORT"))
	}
}

// labScenario is one `check` run in the network lab (internal/lab) and the
// diagnosis it must reach.
type labScenario struct {
	Name    string
	Args    []string
	Timeout time.Duration // the --timeout given (default 5s)
	Status  string
	Primary string
	Also    []string          // other finding ids that must be present
	Want    map[string]string // evidence key -> value of the primary finding
}

var labScenarios = []labScenario{
	{Name: "healthy via search domain and system resolver", Status: "ok", Also: []string{"kms.reachable"}},
	{Name: "healthy via dns-server", Args: []string{"--domain", "corp.test", "--dns-server", lab.Server}, Status: "ok", Also: []string{"kms.reachable"}},
	{Name: "srv missing", Args: []string{"--domain", "nokms.corp.test", "--dns-server", lab.Server}, Status: "problem", Primary: "dns.srv.missing",
		Want: map[string]string{"outcome": "nxdomain"}},
	{Name: "srv refused by a resolver without the zone", Args: []string{"--domain", "corp.test", "--dns-server", lab.EmptyDNS}, Status: "problem", Primary: "dns.srv.missing",
		Want: map[string]string{"rcode": "REFUSED"}},
	{Name: "dns server drops queries", Args: []string{"--domain", "corp.test", "--dns-server", lab.DeadDNS}, Timeout: 4 * time.Second, Status: "problem", Primary: "dns.resolver.unreachable"},
	{Name: "srv target has no address", Args: []string{"--domain", "dangling.corp.test"}, Status: "problem", Primary: "dns.host.unresolvable",
		Want: map[string]string{"name": "kms9.corp.test"}},
	{Name: "stale srv target refuses", Args: []string{"--domain", "stale.corp.test"}, Status: "problem", Primary: "dns.srv.stale",
		Also: []string{"tcp.refused", "kms.reachable"}, Want: map[string]string{"stale": "kmsold.corp.test"}},
	{Name: "srv priority 0 target without a host", Args: []string{"--domain", "multi.corp.test"}, Status: "problem", Primary: "dns.srv.stale",
		Also: []string{"kms.reachable"}, Want: map[string]string{"stale": "kms2.corp.test"}},
	{Name: "srv points at an endpoint mapper", Args: []string{"--domain", "epm.corp.test"}, Status: "problem", Primary: "rpc.not_kms",
		Want: map[string]string{"reason": "provider_rejection/abstract_syntax_not_supported", "sec_addr": "135"}},
	{Name: "resolvers disagree on the azure name", Args: []string{"--azure", "public", "--dns-server", lab.Server, "--dns-server", lab.EmptyDNS},
		Status: "problem", Primary: "dns.resolver.disagree", Also: []string{"dns.host.unresolvable"}},
	{Name: "azure name hijacked", Args: []string{"--azure", "public", "--dns-server", lab.Server}, Status: "problem", Primary: "azure.kms_address.unexpected",
		Also: []string{"tcp.unreachable"}},
	{Name: "filtered port", Args: []string{"--host", "dropped.corp.test"}, Timeout: 3 * time.Second, Status: "problem", Primary: "tcp.timeout"},
	{Name: "refused port", Args: []string{"--host", lab.Refused}, Status: "problem", Primary: "tcp.refused"},
	{Name: "reset while connecting", Args: []string{"--host", lab.Reset}, Status: "problem", Primary: "tcp.refused",
		Want: map[string]string{"outcome": "reset"}},
	{Name: "icmp host unreachable", Args: []string{"--host", lab.Unreach}, Status: "problem", Primary: "tcp.unreachable"},
	{Name: "some attempts dropped", Args: []string{"--host", lab.Lossy, "--attempts", "8"}, Timeout: 4 * time.Second, Status: "problem", Primary: "tcp.loss",
		Want: map[string]string{"sent": "8", "received": "4", "lost": "4"}},
	{Name: "http on the kms port", Args: []string{"--host", "http.corp.test"}, Status: "problem", Primary: "rpc.not_kms",
		Want: map[string]string{"outcome": "not_rpc", "reply": "HTTP/1.1 400 Bad Request Server: lab-proxy Content-Length: 0"}},
	{Name: "listener never answers", Args: []string{"--host", "silent.corp.test"}, Timeout: 3 * time.Second, Status: "problem", Primary: "rpc.not_kms",
		Want: map[string]string{"outcome": "silent"}},
	{Name: "rpc server without kms closes", Args: []string{"--host", lab.EPMOnly}, Status: "problem", Primary: "rpc.not_kms",
		Want: map[string]string{"outcome": "closed"}},
	{Name: "clock 5 hours off", Args: []string{"--host", "kms1.corp.test", "--ntp-server", lab.Server}, Status: "problem", Primary: "time.skew",
		Also: []string{"kms.reachable"}},
}

// TestLabCheck runs every scenario's `check` in the client namespace of the
// lab (a child process of this test binary), against real DNS, RPC and
// time servers.
func TestLabCheck(t *testing.T) {
	l := lab.Start(t)
	for _, sc := range labScenarios {
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			p, _ := json.Marshal(sc)
			out, err := l.RunClient("^TestLabCheckInside$", string(p), 30*time.Second)
			if err != nil || !strings.Contains(out, "--- PASS: TestLabCheckInside") {
				t.Fatalf("%v\n%s", err, out)
			}
			for _, line := range strings.Split(out, "\n") {
				if _, after, ok := strings.Cut(line, "check "); ok && strings.Contains(after, ": exit ") {
					t.Log("check " + after) // the run time, for the figures
				}
			}
		})
	}
}

// TestLabCheckInside is the client half of TestLabCheck.
func TestLabCheckInside(t *testing.T) {
	payload, ok := lab.Inside()
	if !ok {
		t.Skip("runs only inside the lab's client namespace")
	}
	var sc labScenario
	if err := json.Unmarshal([]byte(payload), &sc); err != nil {
		t.Fatal(err)
	}
	if sc.Timeout == 0 {
		sc.Timeout = 5 * time.Second
	}
	start := time.Now()
	out, errs, code := runCLI(t, append([]string{"check", "--json", "--timeout", sc.Timeout.String()}, sc.Args...)...)
	elapsed := time.Since(start)
	t.Logf("check %s: exit %d in %s\n%s%s", strings.Join(sc.Args, " "), code, elapsed.Round(time.Millisecond), out, errs)
	// The contract bound of --timeout (with a second of slack for process
	// scheduling), not a performance figure.
	if elapsed > sc.Timeout+time.Second {
		t.Errorf("check ran %s with --timeout %s", elapsed, sc.Timeout)
	}
	var r checkJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	wantCode := 0
	if sc.Status == "problem" {
		wantCode = 1
	}
	if r.Verdict.Status != sc.Status || r.Verdict.Primary != sc.Primary || code != wantCode {
		t.Fatalf("verdict %+v exit %d, want %s/%s", r.Verdict, code, sc.Status, sc.Primary)
	}
	var got []string
	for _, f := range r.Findings {
		got = append(got, f.ID)
	}
	for _, id := range sc.Also {
		if !slices.Contains(got, id) {
			t.Errorf("finding %s missing from %v", id, got)
		}
	}
	if len(sc.Want) > 0 {
		ev := r.Findings[0].Evidence
		for k, v := range sc.Want {
			if fmt.Sprint(ev[k]) != v {
				t.Errorf("evidence %s = %v, want %q", k, ev[k], v)
			}
		}
	}
}

// BenchmarkLabCheckHealthy measures a whole healthy `check` in the lab, as
// a user runs it: SRV lookup through dnsmasq, A lookup, 4 TCP attempts to
// impacket's KMS server and the RPC bind, the diagnosis and the JSON
// report. Run it as root:
//
//	KMSDOCTOR_LAB=1 go test ./cmd/kmsdoctor -run '^$' -bench LabCheckHealthy
//
// The parent builds the lab and re-runs this benchmark in the client
// namespace, where the loop runs; its figures are printed by the parent.
func BenchmarkLabCheckHealthy(b *testing.B) {
	if _, inside := lab.Inside(); inside {
		for b.Loop() {
			var out, errb strings.Builder
			code := run(b.Context(), []string{"check", "--json", "--domain", lab.Domain, "--dns-server", lab.Server}, nil, &out, &errb)
			if code != 0 {
				b.Fatalf("exit %d: %s%s", code, out.String(), errb.String())
			}
		}
		return
	}
	l := lab.Start(b)
	out, err := l.RunClientArgs("bench", 2*time.Minute, "-test.run", "^$", "-test.bench", "^BenchmarkLabCheckHealthy$", "-test.benchtime", "50x", "-test.count=1")
	if err != nil {
		b.Fatalf("%v\n%s", err, out)
	}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) >= 4 && strings.HasPrefix(f[0], "BenchmarkLabCheckHealthy") && f[3] == "ns/op" {
			b.Log(line)
			var ns float64
			if _, err := fmt.Sscan(f[2], &ns); err == nil {
				b.ReportMetric(ns/1e6, "ms/check")
			}
		}
	}
}

// labText is a human-readable `check` run in the lab.
type labText struct {
	Args []string
	Want []string // lines the text report must contain
}

// TestLabCheckText runs `check` with text output in both languages in the
// lab and checks the words a reader sees (the README shows this output).
func TestLabCheckText(t *testing.T) {
	l := lab.Start(t)
	cases := map[string]labText{
		"healthy en": {Args: []string{"--lang", "en"}, Want: []string{"Verdict: no problem found", "[kms.reachable]", "kms1.corp.test:1688 accepted 4 of 4 TCP connections"}},
		"healthy ja": {Args: []string{"--lang", "ja"}, Want: []string{"判定: 問題は見つかりませんでした", "[kms.reachable]", "KMS ホストに到達できます"}},
		"stale en": {Args: []string{"--domain", "stale.corp.test", "--ntp-server", lab.Server, "--lang", "en"},
			Want: []string{"Root cause: An SRV record points at a KMS host that does not answer", "dnscmd /RecordDelete stale.corp.test _vlmcs._tcp SRV 0 100 1688 kmsold.corp.test /f", "5h00m ahead of 10.200.0.1", "w32tm /resync"}},
		"stale ja": {Args: []string{"--domain", "stale.corp.test", "--ntp-server", lab.Server, "--lang", "ja"},
			Want: []string{"根本原因: SRV レコードが応答しない KMS ホストを指しています", "時刻が 4 時間以上ずれています", "5h00m 進んでいます"}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p, _ := json.Marshal(c)
			out, err := l.RunClient("^TestLabCheckTextInside$", string(p), 30*time.Second)
			if err != nil || !strings.Contains(out, "--- PASS: TestLabCheckTextInside") {
				t.Fatalf("%v\n%s", err, out)
			}
			t.Log(out) // with -v: the real output, as the README shows it
		})
	}
}

// TestLabCheckTextInside is the client half of TestLabCheckText.
func TestLabCheckTextInside(t *testing.T) {
	payload, ok := lab.Inside()
	if !ok {
		t.Skip("runs only inside the lab's client namespace")
	}
	var c labText
	if err := json.Unmarshal([]byte(payload), &c); err != nil {
		t.Fatal(err)
	}
	out, errs, _ := runCLI(t, append([]string{"check", "--timeout", "5s"}, c.Args...)...)
	t.Logf("$ kmsdoctor check %s\n%s%s", strings.Join(c.Args, " "), out, errs)
	for _, w := range c.Want {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q", w)
		}
	}
}
