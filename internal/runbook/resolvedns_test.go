package runbook

import (
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// Resolve-DnsName's table and list views, constructed in the layout
// PowerShell prints (its property names are English in every language).
func TestReadResolveDNS(t *testing.T) {
	table := "PS C:\\> Resolve-DnsName -Type SRV _vlmcs._tcp.contoso.com\n\n" +
		"Name                                     Type   TTL   Section    NameTarget                     Priority Weight Port\n" +
		"----                                     ----   ---   -------    ----------                     -------- ------ ----\n" +
		"_vlmcs._tcp.contoso.com                  SRV    600   Answer     kms01.contoso.com              0        0      1688\n" +
		"_vlmcs._tcp.contoso.com                  SRV    600   Answer     kms02.contoso.com              10       0      1688\n\n" +
		"Name       : kms01.contoso.com\nQueryType  : A\nTTL        : 600\nSection    : Additional\nIP4Address : 10.0.0.5\n"
	list := "Name       : _vlmcs._tcp.contoso.com\nType       : SRV\nTTL        : 600\nSection    : Answer\nNameTarget : kms01.contoso.com\nPriority   : 0\nWeight     : 0\nPort       : 1688\n"
	for _, tc := range []struct {
		name, in string
		records  int
		line     int
	}{
		{"table", table, 2, 5},
		{"list", list, 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !DetectResolveDNS(tc.in) {
				t.Fatal("not detected")
			}
			var s evidence.Set
			if err := ReadResolveDNS("f", 1, tc.in, &s); err != nil {
				t.Fatal(err)
			}
			if len(s.SRV) != 1 || s.SRV[0].Domain != "contoso.com" || s.SRV[0].Outcome != evidence.DNSFound ||
				len(s.SRV[0].Records) != tc.records || s.SRV[0].Records[0].Target != "kms01.contoso.com" || s.SRV[0].Records[0].Port != 1688 || s.SRV[0].Source.Line != tc.line {
				t.Errorf("%+v", s.SRV)
			}
		})
	}
	for _, in := range []string{"Resolve-DnsName -Type SRV _vlmcs._tcp.contoso.com returned NameTarget kms", "Name : x\nType : A\nNameTarget : y\n"} {
		if DetectResolveDNS(in) {
			t.Errorf("DetectResolveDNS(%q)", in)
		}
	}
}

func FuzzReadResolveDNS(f *testing.F) {
	f.Add("Name Type TTL Section NameTarget Priority Weight Port\n---- ---- --- ------- ---------- -------- ------ ----\n_vlmcs._tcp.x SRV 1 Answer k 0 0 1688\n")
	f.Add("Name : _vlmcs._tcp.x\nType : SRV\nNameTarget : k\nPort : 99999\n")
	f.Fuzz(func(t *testing.T, text string) {
		if DetectResolveDNS(text) {
			var s evidence.Set
			_ = ReadResolveDNS("f", 1, text, &s)
		}
	})
}

// w32tm /resync alone (its English strings), and with a status below it
// (the status is read, the resync line is not a second result).
func TestReadResync(t *testing.T) {
	for _, tc := range []struct {
		in             string
		n              int
		resync, unsync bool
	}{
		{"C:\\>w32tm /resync\nSending resync command to local computer\nThe command completed successfully.\n", 1, true, false},
		{"w32tm /resync /force\nSending resync command to local computer\nThe computer did not resync because no time data was available.\n", 1, true, true},
		{"w32tm /resync\nSending resync command to local computer\nThe computer did not resync because no time data was available.\nLeap Indicator: 3(not synchronized)\nStratum: 0 (unspecified)\nSource: Local CMOS Clock\n", 1, false, true},
		{"The command completed successfully.\n", 0, false, false},
	} {
		var s evidence.Set
		if DetectW32tm(tc.in) {
			_ = ReadW32tm("f", 1, tc.in, &s)
		}
		if len(s.TimeSync) != tc.n || tc.n == 1 && (s.TimeSync[0].Resync != tc.resync || s.TimeSync[0].Unsynced != tc.unsync) {
			t.Errorf("%q: %+v", tc.in, s.TimeSync)
		}
	}
}
