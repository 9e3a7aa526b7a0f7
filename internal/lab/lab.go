//go:build linux

package lab

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

//go:embed stubs.py
var stubsPy []byte

// Lab is one running lab.
type Lab struct {
	ClientNS, ServerNS string
	Dir                string
	procs              []*proc
}

type proc struct {
	name string
	cmd  *exec.Cmd
	log  string
}

// Skip skips t unless the lab can run here, saying why.
func Skip(t testing.TB) {
	t.Helper()
	if os.Getenv(envGate) != "1" {
		t.Skip("network lab tests need KMSDOCTOR_LAB=1 and root (make test sets it when run as root)")
	}
	if os.Geteuid() != 0 {
		t.Skip("KMSDOCTOR_LAB=1 but not root: the lab needs CAP_NET_ADMIN")
	}
	var missing []string
	for _, b := range []string{"ip", "nft", "dnsmasq", chronyd(), "ss", "tshark", sambaBin, python, faketimeSO} {
		if strings.HasPrefix(b, "/") {
			if _, err := os.Stat(b); err != nil {
				missing = append(missing, b)
			}
		} else if _, err := exec.LookPath(b); err != nil {
			missing = append(missing, b)
		}
	}
	if len(missing) > 0 {
		t.Skipf("lab tools missing (%s): run scripts/lab-deps.sh", strings.Join(missing, ", "))
	}
}

// Start builds the lab and registers its teardown with t.Cleanup.
func Start(t testing.TB) *Lab {
	t.Helper()
	Skip(t)
	id := strconv.Itoa(os.Getpid() % 100000)
	l := &Lab{ClientNS: "kdc" + id, ServerNS: "kds" + id, Dir: t.TempDir()}
	t.Cleanup(func() { l.stop(t) })
	if err := l.up(); err != nil {
		t.Fatalf("lab: %v\n%s", err, l.Logs())
	}
	return l
}

func run(name string, args ...string) error {
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %v: %s", name, strings.Join(args, " "), err, bytes.TrimSpace(out))
	}
	return nil
}

func (l *Lab) up() error {
	c, s := l.ClientNS, l.ServerNS
	vc, vs := c+"v", s+"v"
	steps := [][]string{
		{"ip", "netns", "add", c}, {"ip", "netns", "add", s},
		{"ip", "link", "add", vc, "type", "veth", "peer", "name", vs},
		{"ip", "link", "set", vc, "netns", c}, {"ip", "link", "set", vs, "netns", s},
		{"ip", "-n", c, "addr", "add", Client + "/24", "dev", vc},
		{"ip", "-n", s, "addr", "add", Server + "/24", "dev", vs},
	}
	for _, a := range []string{HTTP, Silent, Refused, Dropped, EmptyDNS, DeadDNS, Unreach, EPMOnly, Lossy, Reset} {
		steps = append(steps, []string{"ip", "-n", s, "addr", "add", a + "/24", "dev", vs})
	}
	steps = append(steps,
		[]string{"ip", "-n", c, "link", "set", "lo", "up"}, []string{"ip", "-n", s, "link", "set", "lo", "up"},
		[]string{"ip", "-n", c, "link", "set", vc, "up"}, []string{"ip", "-n", s, "link", "set", vs, "up"})
	for _, st := range steps {
		if err := run(st[0], st[1:]...); err != nil {
			return err
		}
	}
	if err := l.files(); err != nil {
		return err
	}
	if err := run("ip", "netns", "exec", s, "nft", "-f", filepath.Join(l.Dir, "rules.nft")); err != nil {
		return err
	}
	d := l.Dir
	l.startProc("dnsmasq", "dnsmasq", "--conf-file="+filepath.Join(d, "dnsmasq.conf"))
	l.startProc("dnsmasq-empty", "dnsmasq", "--conf-file="+filepath.Join(d, "dnsmasq-empty.conf"))
	l.startProcEnv("chronyd", []string{"LD_PRELOAD=" + faketimeSO, fmt.Sprintf("FAKETIME=-%dh", SkewHours)},
		chronyd(), "-x", "-d", "-u", "root", "-f", filepath.Join(d, "chrony.conf"))
	l.startProc("samba-dcerpcd", sambaBin, "-F", "--libexec-rpcds", "-s", filepath.Join(d, "smb.conf"), "--debug-stdout", "-d", "1")
	py := filepath.Join(d, "stubs.py")
	l.startProc("impacket-kms", python, py, "kms", Server, "1688")
	l.startProc("impacket-epm", python, py, "epm", EPMOnly, "1688")
	l.startProc("http", python, py, "http", HTTP)
	l.startProc("silent", python, py, "silent", Silent, Lossy, Reset)
	for _, p := range l.procs {
		if p.cmd.Process == nil {
			return fmt.Errorf("%s did not start", p.name)
		}
	}
	return l.waitPorts(10*time.Second, "udp "+Server+":53", "udp "+EmptyDNS+":53", "udp "+Server+":123",
		"tcp "+Server+":135", "tcp "+Server+":1688", "tcp "+EPMOnly+":1688", "tcp "+HTTP+":1688", "tcp "+Silent+":1688", "tcp "+Lossy+":1688", "tcp "+Reset+":1688")
}

func (l *Lab) files() error {
	d := l.Dir
	for _, sub := range []string{"samba", "samba/private", "samba/lock", "samba/state", "samba/cache", "samba/pid", "samba/ncalrpc", "chrony"} {
		if err := os.MkdirAll(filepath.Join(d, sub), 0o755); err != nil {
			return err
		}
	}
	files := map[string]string{
		"dnsmasq.conf": `no-resolv
no-hosts
no-daemon
bind-interfaces
listen-address=` + Server + `
port=53
domain=corp.test
local=/corp.test/
local=/core.windows.net/
pid-file=
srv-host=_vlmcs._tcp.corp.test,kms1.corp.test,1688,0,100
srv-host=_vlmcs._tcp.epm.corp.test,kms1.corp.test,135,0,100
srv-host=_vlmcs._tcp.dangling.corp.test,kms9.corp.test,1688,0,100
srv-host=_vlmcs._tcp.stale.corp.test,kms1.corp.test,1688,0,100
srv-host=_vlmcs._tcp.stale.corp.test,kmsold.corp.test,1688,0,100
srv-host=_vlmcs._tcp.multi.corp.test,kms1.corp.test,1688,10,50
srv-host=_vlmcs._tcp.multi.corp.test,kms2.corp.test,1688,0,100
host-record=kms1.corp.test,` + Server + `
host-record=kms2.corp.test,10.200.0.3
host-record=kmsold.corp.test,` + Refused + `
host-record=http.corp.test,` + HTTP + `
host-record=silent.corp.test,` + Silent + `
host-record=dropped.corp.test,` + Dropped + `
host-record=azkms.core.windows.net,20.118.99.224
host-record=kms.core.windows.net,` + Server + `
log-queries
log-facility=-
`,
		"dnsmasq-empty.conf": `no-resolv
no-hosts
no-daemon
bind-interfaces
listen-address=` + EmptyDNS + `
port=53
pid-file=
log-facility=-
`,
		"rules.nft": `table inet kmsdoctor {
	chain input {
		type filter hook input priority 0; policy accept;
		ip daddr ` + Dropped + ` tcp dport 1688 drop
		ip daddr ` + DeadDNS + ` udp dport 53 drop
		ip daddr ` + DeadDNS + ` tcp dport 53 drop
		ip daddr ` + Unreach + ` reject with icmpx type host-unreachable
		ip daddr ` + Lossy + ` tcp dport 1688 tcp flags syn limit rate over 1/minute burst 4 packets drop
		ip daddr ` + Reset + ` tcp dport 1688 ct state established reject with tcp reset
	}
}
`,
		"chrony.conf": `local stratum 8
allow 10.200.0.0/24
bindaddress ` + Server + `
cmdport 0
driftfile ` + filepath.Join(d, "chrony/drift") + `
pidfile ` + filepath.Join(d, "chrony/chronyd.pid") + `
`,
		"smb.conf": `[global]
server role = standalone server
interfaces = ` + Server + `/24
bind interfaces only = yes
disable netbios = yes
rpc start on demand helpers = no
rpc server dynamic port range = 49152-49160
private dir = ` + filepath.Join(d, "samba/private") + `
lock directory = ` + filepath.Join(d, "samba/lock") + `
state directory = ` + filepath.Join(d, "samba/state") + `
cache directory = ` + filepath.Join(d, "samba/cache") + `
pid directory = ` + filepath.Join(d, "samba/pid") + `
ncalrpc dir = ` + filepath.Join(d, "samba/ncalrpc") + `
`,
		"stubs.py": string(stubsPy),
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(d, name), []byte(body), 0o644); err != nil {
			return err
		}
	}
	nsDir := filepath.Join("/etc/netns", l.ClientNS)
	if err := os.MkdirAll(nsDir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(nsDir, "resolv.conf"), []byte("nameserver "+Server+"\nsearch "+Domain+"\n"), 0o644)
}

func (l *Lab) startProc(name string, argv ...string) { l.startProcEnv(name, nil, argv...) }

// startProcEnv starts argv in the server namespace, in a process group of
// its own (samba-dcerpcd forks helpers), logging to Dir/name.log.
func (l *Lab) startProcEnv(name string, env []string, argv ...string) {
	logPath := filepath.Join(l.Dir, name+".log")
	p := &proc{name: name, log: logPath}
	l.procs = append(l.procs, p)
	f, err := os.Create(logPath)
	if err != nil {
		return
	}
	defer f.Close()
	args := append([]string{"netns", "exec", l.ServerNS}, argv...)
	cmd := exec.Command("ip", args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = f, f
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(f, "start: %v\n", err)
		return
	}
	p.cmd = cmd
}

// waitPorts polls ss in the server namespace until every "proto ip:port" listens.
func (l *Lab) waitPorts(limit time.Duration, want ...string) error {
	deadline := time.Now().Add(limit)
	for {
		out, _ := exec.Command("ip", "netns", "exec", l.ServerNS, "ss", "-Hlntu").Output()
		var missing []string
		for _, w := range want {
			proto, addr, _ := strings.Cut(w, " ")
			found := false
			for _, line := range strings.Split(string(out), "\n") {
				f := strings.Fields(line)
				if len(f) >= 5 && f[0] == proto && f[4] == addr {
					found = true
					break
				}
			}
			if !found {
				missing = append(missing, w)
			}
		}
		if len(missing) == 0 {
			return nil
		}
		for _, p := range l.procs {
			if p.cmd != nil && p.cmd.ProcessState != nil {
				return fmt.Errorf("%s exited", p.name)
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not listening after %s: %s", limit, strings.Join(missing, ", "))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Logs returns the daemons' logs, for a failing test.
func (l *Lab) Logs() string {
	var b strings.Builder
	for _, p := range l.procs {
		data, _ := os.ReadFile(p.log)
		if len(data) > 4000 {
			data = data[len(data)-4000:]
		}
		fmt.Fprintf(&b, "--- %s ---\n%s\n", p.name, data)
	}
	return b.String()
}

func (l *Lab) stop(t testing.TB) {
	for _, p := range l.procs {
		if p.cmd == nil || p.cmd.Process == nil {
			continue
		}
		// The daemon leads its own process group: kill the group by its id
		// (samba-dcerpcd's helpers with it), then reap the leader.
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		_ = p.cmd.Wait()
	}
	for _, ns := range []string{l.ClientNS, l.ServerNS} {
		if err := run("ip", "netns", "del", ns); err != nil && !strings.Contains(err.Error(), "No such file") {
			t.Errorf("lab teardown: %v", err)
		}
	}
	_ = os.RemoveAll(filepath.Join("/etc/netns", l.ClientNS))
}

// RunClient runs this test binary again in the client namespace, limited
// to the test named by run (a -test.run pattern), with payload readable
// through Inside. It returns the child's output; err is non-nil when the
// child failed or ran past limit.
func (l *Lab) RunClient(run, payload string, limit time.Duration) (string, error) {
	return l.RunClientArgs(payload, limit, "-test.run", run, "-test.v", "-test.count=1")
}

// RunClientArgs is RunClient with the test binary's flags given as they are
// (a benchmark: "-test.run", "^$", "-test.bench", ...).
func (l *Lab) RunClientArgs(payload string, limit time.Duration, testFlags ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ip", append([]string{"netns", "exec", l.ClientNS, os.Args[0]}, testFlags...)...)
	cmd.Env = append(os.Environ(), envInside+"="+payload)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		return string(out), errors.New("client run exceeded " + limit.String())
	}
	return string(out), err
}

// InServer runs a command in the server namespace and returns its output.
func (l *Lab) InServer(argv ...string) (string, error) {
	out, err := exec.Command("ip", append([]string{"netns", "exec", l.ServerNS}, argv...)...).CombinedOutput()
	return string(out), err
}

// StartInServer starts a long-running command in the server namespace (a
// capture, say) and waits until its output contains ready. Stop it with
// the returned function, which gives it 3 seconds to end by itself, then
// interrupts it, waits for it and returns its output.
func (l *Lab) StartInServer(ready string, argv ...string) (stop func() string, err error) {
	buf := &syncBuf{}
	cmd := exec.Command("ip", append([]string{"netns", "exec", l.ServerNS}, argv...)...)
	cmd.Stdout, cmd.Stderr = buf, buf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	stop = func() string {
		select {
		case <-done: // it ended by itself (a capture with -c)
			return buf.String()
		case <-time.After(3 * time.Second):
		}
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGINT)
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
		return buf.String()
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(buf.String(), ready) {
		select {
		case <-done:
			return nil, fmt.Errorf("%s exited: %s", argv[0], buf.String())
		default:
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%s not ready: %s", argv[0], stop())
		}
		time.Sleep(20 * time.Millisecond)
	}
	return stop, nil
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// ServerIface is the server end of the veth pair (for captures).
func (l *Lab) ServerIface() string { return l.ServerNS + "v" }

// chronyd is the chrony daemon the lab runs: the one scripts/lab-deps.sh
// unpacked into $KMSDOCTOR_LAB_PEERS (default /var/cache/kmsdoctor-lab)
// without installing it, else one installed on the machine.
func chronyd() string {
	dir := os.Getenv("KMSDOCTOR_LAB_PEERS")
	if dir == "" {
		dir = "/var/cache/kmsdoctor-lab"
	}
	if p := filepath.Join(dir, "usr/sbin/chronyd"); fileExists(p) {
		return p
	}
	if p, err := exec.LookPath("chronyd"); err == nil {
		return p
	}
	return "/usr/sbin/chronyd"
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
