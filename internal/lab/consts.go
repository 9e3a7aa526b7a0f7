// Package lab builds the network lab the live-check tests run in: two
// network namespaces joined by a veth pair (client 10.200.0.2, server
// 10.200.0.1 and a few more addresses), with real third-party servers in
// the server namespace:
//
//	10.200.0.1   dnsmasq (DNS, the corp.test zone with SRV records),
//	             chronyd under libfaketime 5 hours behind (SNTP, -x: it never
//	             touches the real clock), samba-dcerpcd on 135 (an RPC
//	             endpoint mapper that rejects the KMS interface) and
//	             impacket's DCERPCServer on 1688 with the KMS interface
//	             registered (accepts the bind)
//	10.200.0.4   an HTTP responder on 1688 (answers 400 to anything)
//	10.200.0.5   a listener on 1688 that never answers
//	10.200.0.6   nothing listens on 1688 (kernel RST: refused)
//	10.200.0.7   nft drops TCP 1688 (filtered: timeout)
//	10.200.0.8   a second dnsmasq that serves no zone (REFUSED)
//	10.200.0.9   nft drops UDP 53 (DNS server that never answers)
//	10.200.0.11  nft rejects with ICMP host-unreachable (unreachable)
//	10.200.0.13  impacket's DCERPCServer without the KMS interface (closes)
//	10.200.0.15  the silent listener, with nft answering the client's
//	             handshake ACK with a TCP reset (reset while connecting)
//	10.200.0.14  the silent listener behind an nft limit: the first 4 SYNs
//	             pass, later ones (and their retransmissions) are dropped
//	             (some attempts fail: loss)
//
// The client namespace has one route, 10.200.0.0/24, so nothing a test
// does can leave the machine: any other address fails at once with
// "network is unreachable". The client's resolv.conf (ip netns exec binds
// /etc/netns/<ns>/resolv.conf) says nameserver 10.200.0.1, search corp.test.
//
// Tests use it only when KMSDOCTOR_LAB=1 and they run as root (CI); the
// Debian packages come from scripts/lab-deps.sh. Code that must run in the
// client namespace runs in a child process started with `ip netns exec`
// (RunClient): goroutines never call setns. Every daemon is started with
// exec.Cmd in its own process group, killed by that id and waited for.
package lab

import (
	"errors"
	"os"
)

// Addresses of the lab.
const (
	Client     = "10.200.0.2"
	Server     = "10.200.0.1"
	HTTP       = "10.200.0.4"
	Silent     = "10.200.0.5"
	Refused    = "10.200.0.6"
	Dropped    = "10.200.0.7"
	EmptyDNS   = "10.200.0.8"
	DeadDNS    = "10.200.0.9"
	Unreach    = "10.200.0.11"
	EPMOnly    = "10.200.0.13"
	Lossy      = "10.200.0.14"
	Reset      = "10.200.0.15"
	Domain     = "corp.test"
	SkewHours  = 5
	envGate    = "KMSDOCTOR_LAB"
	envInside  = "KMSDOCTOR_LAB_INSIDE"
	faketimeSO = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"
	sambaBin   = "/usr/libexec/samba/samba-dcerpcd"
	python     = "/usr/bin/python3" // python3 on PATH may be a pyenv shim without impacket
)

var errNotLinux = errors.New("lab: Linux only")

// Inside returns the payload given to RunClient when this process is the
// child running in the client namespace (only the Linux lab starts one).
func Inside() (string, bool) {
	v, ok := os.LookupEnv(envInside)
	return v, ok
}
