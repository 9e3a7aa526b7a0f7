package probe

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/kmsdoctor/kmsdoctor/internal/dcerpc"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// Replies recorded from real servers in the lab study: samba-dcerpcd on
// its endpoint mapper, and impacket's DCERPCServer with the KMS interface.
var (
	sambaReject    = mustHex("05000c03100000003c00000001000000d016d01619f90000040031333500000001000000020001000000000000000000000000000000000000000000")
	impacketAccept = mustHex("05000c0310000000 3c00 0000 01000000 b810b810 34120000 0500 3136383800 41 01000000 0000 0000 045d888a eb1c c911 9fe808002b104860 02000000")
	bindNak        = mustHex("05000d0310000000 1800 0000 01000000 0400 01 0500 000000")
)

func mustHex(s string) []byte {
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		panic(err)
	}
	return b
}

func TestParseHost(t *testing.T) {
	tests := []struct {
		in   string
		want Target
		err  bool
	}{
		{"kms1.corp.example", Target{"kms1.corp.example", 1688}, false},
		{"kms1.corp.example.:1689", Target{"kms1.corp.example", 1689}, false},
		{"10.0.0.5", Target{"10.0.0.5", 1688}, false},
		{"[2001:db8::1]:1688", Target{"2001:db8::1", 1688}, false},
		{"2001:db8::1", Target{"2001:db8::1", 1688}, false},
		{"kms:0", Target{}, true},
		{"kms:http", Target{}, true},
		{"", Target{}, true},
	}
	for _, tt := range tests {
		got, err := ParseHost(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("ParseHost(%q) = %v, %v", tt.in, got, err)
		}
	}
}

func mustHost(tb testing.TB, s string) Target {
	t, err := ParseHost(s)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func TestNormalizeServer(t *testing.T) {
	tests := []struct{ in, want string }{
		{"10.0.0.1", "10.0.0.1:53"},
		{"10.0.0.1:5353", "10.0.0.1:5353"},
		{"::1", "[::1]:53"},
		{"[::1]:53", "[::1]:53"},
		{"dns.example", ""},
		{"10.0.0.1:99999", ""},
	}
	for _, tt := range tests {
		got, err := NormalizeServer(tt.in)
		if got != tt.want || (err != nil) != (tt.want == "") {
			t.Errorf("NormalizeServer(%q) = %q, %v", tt.in, got, err)
		}
	}
}

func TestSearchDomain(t *testing.T) {
	for file, want := range map[string]string{
		"testdata/resolv-search.conf": "corp.example.com",
		"testdata/resolv-domain.conf": "corp.example",
		"testdata/resolv-none.conf":   "",
		"testdata/missing.conf":       "",
	} {
		if got := SearchDomain(file); got != want {
			t.Errorf("%s: %q, want %q", file, got, want)
		}
	}
}

func TestOrderSRV(t *testing.T) {
	recs := []evidence.SRVRecord{
		{Target: "c", Priority: 10, Weight: 50},
		{Target: "a", Priority: 0, Weight: 90},
		{Target: "b", Priority: 0, Weight: 10},
		{Target: "z", Priority: 0, Weight: 0},
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	firsts := map[string]int{}
	const n = 4000
	for range n {
		got := OrderSRV(recs, rnd)
		if len(got) != 4 || got[3].Target != "c" {
			t.Fatalf("priority 10 must come last: %v", got)
		}
		firsts[got[0].Target]++
	}
	// RFC 2782: chance weight/(sum+1) for the first pick.
	if a := firsts["a"]; a < n*80/100 || a > n*95/100 {
		t.Errorf("weight 90 first %d of %d times", a, n)
	}
	if b := firsts["b"]; b < n*5/100 || b > n*15/100 {
		t.Errorf("weight 10 first %d of %d times", b, n)
	}
	if z := firsts["z"]; z > n*3/100 {
		t.Errorf("weight 0 first %d of %d times", z, n)
	}
}

func TestClassifyDial(t *testing.T) {
	op := func(e error) error {
		return &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", e)}
	}
	tests := []struct {
		err  error
		want string
	}{
		{op(errRefused), evidence.TCPRefused},
		{op(errHostUnreach), evidence.TCPUnreachable},
		{op(errNetUnreach), evidence.TCPUnreachable},
		{op(errReset), evidence.TCPReset},
		{context.DeadlineExceeded, evidence.TCPTimeout},
		{&net.OpError{Op: "dial", Err: timeoutErr{}}, evidence.TCPTimeout},
		{errors.New("weird"), evidence.TCPError},
	}
	for _, tt := range tests {
		if got := classifyDial(tt.err); got != tt.want {
			t.Errorf("classifyDial(%v) = %s, want %s", tt.err, got, tt.want)
		}
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string { return "i/o timeout" }
func (timeoutErr) Timeout() bool { return true }

func TestSeriesOutcome(t *testing.T) {
	tests := []struct {
		p    evidence.TCPProbe
		want string
	}{
		{evidence.TCPProbe{Sent: 4, Received: 4}, evidence.TCPOK},
		{evidence.TCPProbe{Sent: 4, Received: 2, Failures: map[string]int{"timeout": 2}}, evidence.TCPLoss},
		{evidence.TCPProbe{Sent: 4, Failures: map[string]int{"timeout": 4}}, evidence.TCPTimeout},
		{evidence.TCPProbe{Sent: 4, Failures: map[string]int{"timeout": 2, "refused": 2}}, evidence.TCPRefused},
		{evidence.TCPProbe{Sent: 0}, evidence.TCPError},
	}
	for _, tt := range tests {
		if got := seriesOutcome(tt.p); got != tt.want {
			t.Errorf("%+v: %s, want %s", tt.p, got, tt.want)
		}
	}
}

// stubServer is a loopback TCP listener whose handler runs per connection;
// it records every byte a client sent. Closed at test end.
type stubServer struct {
	ln   net.Listener
	mu   sync.Mutex
	got  [][]byte
	wg   sync.WaitGroup
	addr string
}

func newStub(t testing.TB, handle func(s *stubServer, c *net.TCPConn)) *stubServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &stubServer{ln: ln, addr: ln.Addr().String()}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				handle(s, c.(*net.TCPConn))
			}()
		}
	}()
	t.Cleanup(func() { ln.Close(); s.wg.Wait() })
	return s
}

// replyOnce reads the bind, records it, writes reply (if any), then reads
// to EOF so that anything else the client sends is recorded too.
func (s *stubServer) replyOnce(reply []byte, after func(c *net.TCPConn)) func(c *net.TCPConn) {
	return func(c *net.TCPConn) {
		defer c.Close()
		_ = c.SetDeadline(time.Now().Add(5 * time.Second))
		buf := make([]byte, dcerpc.BindLen)
		n, _ := io.ReadFull(c, buf)
		if n == 0 {
			return
		}
		if reply != nil {
			c.Write(reply)
		}
		if after != nil {
			after(c)
			return
		}
		rest, _ := io.ReadAll(c)
		s.mu.Lock()
		s.got = append(s.got, append(buf[:n], rest...))
		s.mu.Unlock()
	}
}

func TestBindKMS(t *testing.T) {
	tests := []struct {
		name    string
		reply   []byte
		after   func(c *net.TCPConn)
		outcome string
		reason  string
		secAddr string
		reply2  string
	}{
		{name: "accepted", reply: impacketAccept, outcome: evidence.RPCAccepted, secAddr: "1688"},
		{name: "provider rejection", reply: sambaReject, outcome: evidence.RPCRejected, reason: "provider_rejection/abstract_syntax_not_supported", secAddr: "135"},
		{name: "bind_nak", reply: bindNak, outcome: evidence.RPCRejected, reason: "bind_nak/protocol_version_not_supported"},
		{name: "http", reply: []byte("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"), outcome: evidence.RPCNotRPC, reply2: "HTTP/1.1 400 Bad Request Content-Length: 0"},
		{name: "closes", after: func(c *net.TCPConn) {}, outcome: evidence.RPCClosed},
		{name: "resets", after: func(c *net.TCPConn) { c.SetLinger(0) }, outcome: evidence.RPCClosed},
		{name: "silent", after: func(c *net.TCPConn) { io.ReadAll(c) }, outcome: evidence.RPCSilent},
		{name: "cut", reply: sambaReject[:30], after: func(c *net.TCPConn) {}, outcome: evidence.RPCError},
		// An accepting bind_ack, but to another call: not our answer.
		{name: "wrong call id", reply: withCallID(impacketAccept, 7), outcome: evidence.RPCError},
		{name: "wrong call id nak", reply: withCallID(bindNak, 0), outcome: evidence.RPCError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStub(t, func(s *stubServer, c *net.TCPConn) { s.replyOnce(tt.reply, tt.after)(c) })
			c, err := net.Dial("tcp", s.addr)
			if err != nil {
				t.Fatal(err)
			}
			got := BindKMS(c, "kms.test", time.Now().Add(300*time.Millisecond))
			if got.Outcome != tt.outcome || got.Reason != tt.reason || got.SecAddr != tt.secAddr || got.Reply != tt.reply2 {
				t.Fatalf("got %+v", got)
			}
			if tt.after == nil {
				s.ln.Close()
				s.wg.Wait()
				// The client sent exactly one bind PDU and nothing after it.
				if len(s.got) != 1 || !bytes.Equal(s.got[0], dcerpc.Bind(1, dcerpc.KMS, dcerpc.NDR)) {
					t.Fatalf("server received %x", s.got)
				}
			}
		})
	}
}

// withCallID is a copy of a little-endian reply PDU with another call id.
func withCallID(pdu []byte, id uint32) []byte {
	b := bytes.Clone(pdu)
	binary.LittleEndian.PutUint32(b[12:], id)
	return b
}

func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	a := ln.Addr().String()
	ln.Close()
	return a
}

func TestDialSeries(t *testing.T) {
	s := newStub(t, func(_ *stubServer, c *net.TCPConn) { c.Close() })
	p, c := dialSeries(context.Background(), sysDial, "kms.test", s.addr, 1688, 3, time.Second, time.Millisecond)
	if c == nil || p.Outcome != evidence.TCPOK || p.Sent != 3 || p.Received != 3 || p.Min > p.Avg || p.Avg > p.Max {
		t.Fatalf("open: %+v", p)
	}
	c.Close()
	p, c = dialSeries(context.Background(), sysDial, "kms.test", freePort(t), 1688, 2, time.Second, time.Millisecond)
	if c != nil || p.Outcome != evidence.TCPRefused || p.Received != 0 || p.Failures[evidence.TCPRefused] != 2 {
		t.Fatalf("closed: %+v", p)
	}
}

// dnsStub serves a small zone on 127.0.0.1 UDP with miekg/dns.
func dnsStub(t *testing.T, zone map[string][]dns.RR, refuse string) string {
	t.Helper()
	pc := listenUDP(t)
	h := dns.HandlerFunc(func(w dns.ResponseWriter, q *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(q)
		name := strings.ToLower(q.Question[0].Name)
		switch {
		case refuse != "" && strings.HasSuffix(name, refuse):
			m.Rcode = dns.RcodeRefused
		default:
			rrs, ok := zone[name]
			if !ok {
				m.Rcode = dns.RcodeNameError
			}
			for _, rr := range rrs {
				if rr.Header().Rrtype == q.Question[0].Qtype {
					m.Answer = append(m.Answer, rr)
				}
			}
		}
		w.WriteMsg(m)
	})
	srv := &dns.Server{PacketConn: pc, Handler: h}
	started := make(chan struct{})
	srv.NotifyStartedFunc = func() { close(started) }
	go srv.ActivateAndServe()
	<-started
	t.Cleanup(func() { srv.Shutdown() })
	return pc.LocalAddr().String()
}

func rr(t *testing.T, s string) dns.RR {
	r, err := dns.NewRR(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestDNSResolver(t *testing.T) {
	zone := map[string][]dns.RR{
		"_vlmcs._tcp.corp.test.": {rr(t, "_vlmcs._tcp.corp.test. 60 IN SRV 10 50 1688 kms2.corp.test."), rr(t, "_vlmcs._tcp.corp.test. 60 IN SRV 0 100 1688 kms1.corp.test.")},
		"kms1.corp.test.":        {rr(t, "kms1.corp.test. 60 IN A 127.0.0.1"), rr(t, "kms1.corp.test. 60 IN AAAA ::1")},
		"nokms.corp.test.":       {rr(t, "nokms.corp.test. 60 IN A 127.0.0.9")},
	}
	d := dnsResolver{addr: dnsStub(t, zone, "refused.test."), timeout: time.Second, exchange: sysExchange}
	ctx := context.Background()
	s := d.srv(ctx, "corp.test")
	if s.Outcome != evidence.DNSFound || len(s.Records) != 2 || s.Records[0].Target != "kms1.corp.test" || s.Rcode != "NOERROR" {
		t.Errorf("srv: %+v", s)
	}
	if s := d.srv(ctx, "nokms.corp.test"); s.Outcome != evidence.DNSNXDomain {
		t.Errorf("srv nx: %+v", s)
	}
	if s := d.srv(ctx, "refused.test"); s.Outcome != evidence.DNSError || s.Rcode != "REFUSED" {
		t.Errorf("srv refused: %+v", s)
	}
	if h := d.host(ctx, "kms1.corp.test"); h.Outcome != evidence.DNSFound || strings.Join(h.Addrs, ",") != "127.0.0.1,::1" {
		t.Errorf("host: %+v", h)
	}
	if h := d.host(ctx, "kms9.corp.test"); h.Outcome != evidence.DNSNXDomain || len(h.Addrs) != 0 {
		t.Errorf("host nx: %+v", h)
	}
	dead := dnsResolver{addr: freeUDP(t), timeout: 300 * time.Millisecond, exchange: sysExchange}
	if s := dead.srv(ctx, "corp.test"); s.Outcome != evidence.DNSUnreachable || !strings.Contains(s.Err, dead.addr) {
		t.Errorf("dead server: %+v", s)
	}
}

func freeUDP(t *testing.T) string {
	pc := listenUDP(t)
	a := pc.LocalAddr().String()
	pc.Close()
	return a
}

// TestRun checks the whole runner on loopback: SRV discovery through a
// --dns-server, a healthy KMS-like endpoint, a second SRV target whose
// port is closed, and a silent listener given with --host; and that Run
// keeps to its time bound.
func TestRun(t *testing.T) {
	ok := newStub(t, func(s *stubServer, c *net.TCPConn) { s.replyOnce(impacketAccept, nil)(c) })
	silent := newStub(t, func(_ *stubServer, c *net.TCPConn) { io.ReadAll(c); c.Close() })
	_, okPort, _ := net.SplitHostPort(ok.addr)
	_, closedPort, _ := net.SplitHostPort(freePort(t))
	_, silentPort, _ := net.SplitHostPort(silent.addr)
	zone := map[string][]dns.RR{
		"_vlmcs._tcp.corp.test.": {
			rr(t, "_vlmcs._tcp.corp.test. 60 IN SRV 0 100 "+okPort+" kms1.corp.test."),
			rr(t, "_vlmcs._tcp.corp.test. 60 IN SRV 0 100 "+closedPort+" kms2.corp.test."),
		},
		"kms1.corp.test.": {rr(t, "kms1.corp.test. 60 IN A 127.0.0.1")},
		"kms2.corp.test.": {rr(t, "kms2.corp.test. 60 IN A 127.0.0.1")},
	}
	cfg := Config{
		Domain: "corp.test", Hosts: []Target{mustHost(t, "127.0.0.1:"+silentPort)},
		DNSServers: []string{dnsStub(t, zone, "")}, Attempts: 3, Timeout: 1500 * time.Millisecond,
	}
	var steps []Step
	cfg.Progress = func(s Step) { steps = append(steps, s) }
	done := make(chan *evidence.Set)
	go func() { done <- Run(context.Background(), cfg) }()
	var set *evidence.Set
	select {
	case set = <-done:
	case <-time.After(cfg.Timeout + 2*time.Second):
		t.Fatal("Run overran its --timeout bound")
	}
	if len(set.SRV) != 1 || set.SRV[0].Outcome != evidence.DNSFound || len(set.Names) != 2 || len(set.Resolvers) != 1 || !set.Resolvers[0].Reachable {
		t.Fatalf("dns evidence: %+v %+v %+v", set.SRV, set.Names, set.Resolvers)
	}
	byPort := map[string]evidence.TCPProbe{}
	for _, p := range set.TCP {
		_, port, _ := net.SplitHostPort(p.Addr)
		byPort[port] = p
	}
	if byPort[okPort].Outcome != evidence.TCPOK || byPort[closedPort].Outcome != evidence.TCPRefused || byPort[silentPort].Outcome != evidence.TCPOK {
		t.Fatalf("tcp: %+v", set.TCP)
	}
	rpc := map[string]string{}
	for _, b := range set.RPC {
		_, port, _ := net.SplitHostPort(b.Addr)
		rpc[port] = b.Outcome
	}
	if rpc[okPort] != evidence.RPCAccepted || rpc[silentPort] != evidence.RPCSilent || len(rpc) != 2 {
		t.Fatalf("rpc: %+v", set.RPC)
	}
	if len(steps) < 5 {
		t.Errorf("progress steps: %v", steps)
	}
}

func TestRunNoDomain(t *testing.T) {
	set := Run(context.Background(), Config{ResolvConf: "testdata/resolv-none.conf", Timeout: time.Second})
	if len(set.Notes) != 1 || set.Notes[0].Kind != evidence.NoteNoDomain {
		t.Fatalf("notes: %+v", set.Notes)
	}
}

func TestClockUnreachable(t *testing.T) {
	cs := Clock(freeUDP(t), 300*time.Millisecond)
	if cs.Err == "" {
		t.Fatalf("no error from a closed port: %+v", cs)
	}
}

// BenchmarkRunHealthy measures a whole healthy check on loopback: SRV
// lookup, A lookup, 4 TCP attempts and the RPC bind.
func BenchmarkRunHealthy(b *testing.B) {
	// A no-op after: answer and close, without recording every bind.
	ok := newStub(b, func(s *stubServer, c *net.TCPConn) { s.replyOnce(impacketAccept, func(*net.TCPConn) {})(c) })
	_, port, _ := net.SplitHostPort(ok.addr)
	for b.Loop() {
		set := Run(context.Background(), Config{Hosts: []Target{mustHost(b, "127.0.0.1:"+port)}, Timeout: 5 * time.Second})
		if len(set.RPC) != 1 || set.RPC[0].Outcome != evidence.RPCAccepted {
			b.Fatalf("%+v", set.RPC)
		}
	}
}

func TestParseResolvConf(t *testing.T) {
	tests := []struct{ in, want string }{
		{"search a.example b.example\n", "a.example"},
		{"domain d.example\nsearch s.example\n", "s.example"},
		{"search s.example\ndomain d.example\n", "d.example"}, // the last of domain/search wins
		{"search a.example\nsearch b.example\n", "b.example"},
		{"domain d.example.\n", "d.example"},
		{"# search x.example\n; search y.example\n", ""},
		{"search .\n", ""},
		{"search bad/name\n", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := parseResolvConf(strings.NewReader(tt.in)); got != tt.want {
			t.Errorf("%q: %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzParseResolvConf(f *testing.F) {
	for _, s := range []string{"search corp.example\n", "domain x\nsearch\n", "nameserver 1.1.1.1\n", "search \xff\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := parseResolvConf(strings.NewReader(s))
		if d != "" && (!validDomain(d) || strings.HasSuffix(d, ".") || !strings.Contains(s, d)) {
			t.Fatalf("%q gave %q", s, d)
		}
	})
}

func FuzzParseHost(f *testing.F) {
	for _, s := range []string{"kms1.corp.example", "kms:1689", "[::1]:1688", "10.0.0.1", "a:b:c", ":1688", "kms:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tg, err := ParseHost(s)
		if err != nil {
			return
		}
		if tg.Host == "" || tg.Port < 1 || tg.Port > 65535 {
			t.Fatalf("%q parsed as %+v", s, tg)
		}
		if _, err := NormalizeServer(s); err == nil && net.ParseIP(tg.Host) == nil {
			t.Fatalf("%q: a DNS server address but a host name %q", s, tg.Host)
		}
	})
}

// sntpStub answers SNTP requests on loopback with a clock skew ahead of
// the real one (RFC 4330 server reply; the client's transmit time is echoed
// as the originate time).
func sntpStub(t *testing.T, skew time.Duration) string {
	t.Helper()
	pc := listenUDP(t)
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 48)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			if n < 48 {
				continue
			}
			resp := make([]byte, 48)
			resp[0] = 0<<6 | 4<<3 | 4 // no leap warning, version 4, server
			resp[1] = 2               // stratum
			resp[2] = buf[2]          // poll
			resp[3] = 0xEC            // precision
			copy(resp[12:16], "LOCL")
			now := ntpTime(time.Now().Add(skew))
			copy(resp[16:24], now) // reference
			copy(resp[24:32], buf[40:48])
			copy(resp[32:40], now) // receive
			copy(resp[40:48], ntpTime(time.Now().Add(skew)))
			pc.WriteTo(resp, from)
		}
	}()
	t.Cleanup(func() { pc.Close(); <-done })
	return pc.LocalAddr().String()
}

func ntpTime(t time.Time) []byte {
	const ntpEpochOffset = 2208988800
	secs := uint64(t.Unix() + ntpEpochOffset)
	frac := uint64(t.Nanosecond()) << 32 / 1e9
	b := make([]byte, 8)
	for i := 0; i < 4; i++ {
		b[i] = byte(secs >> (24 - 8*i))
		b[4+i] = byte(frac >> (24 - 8*i))
	}
	return b
}

func TestClock(t *testing.T) {
	for _, skew := range []time.Duration{5 * time.Hour, -5 * time.Hour, 0} {
		cs := Clock(sntpStub(t, skew), 2*time.Second)
		if cs.Err != "" {
			t.Fatalf("skew %s: %s", skew, cs.Err)
		}
		// The stub's clock is skew ahead of ours: reference - local = skew.
		if d := cs.Offset - skew; d > time.Minute || d < -time.Minute {
			t.Errorf("skew %s: offset %s", skew, cs.Offset)
		}
	}
}
