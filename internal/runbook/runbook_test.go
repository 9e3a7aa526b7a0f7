package runbook

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/testutil/golden"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

type reader struct {
	name   string
	detect func(string) bool
	read   func(string, int, string, *evidence.Set) error
}

var readers = []reader{
	{"nslookup", DetectNslookup, ReadNslookup},
	{"tnc", DetectTNC, ReadTNC},
	{"psping", DetectPsping, ReadPsping},
	{"w32tm", DetectW32tm, ReadW32tm},
	{"stripchart", DetectStripchart, ReadStripchart},
	{"ipconfig", DetectIpconfig, ReadIpconfig},
	{"portqry", DetectPortqry, ReadPortqry},
}

// readAll runs every reader whose Detect accepts text, like ingest does.
func readAll(file, text string) (*evidence.Set, []string) {
	var s evidence.Set
	var kinds []string
	for _, r := range readers {
		if r.detect(text) {
			kinds = append(kinds, r.name)
			_ = r.read(file, 1, text, &s)
		}
	}
	return &s, kinds
}

func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txt")
	if len(files) == 0 {
		t.Fatal("no testdata")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			s, kinds := readAll(filepath.Base(f), string(raw))
			if len(kinds) != 1 {
				t.Errorf("detected as %v, want exactly one kind", kinds)
			}
			got, _ := json.MarshalIndent(struct {
				Kinds    []string
				SRV      []evidence.SRVLookup
				Names    []evidence.NameLookup
				TCP      []evidence.TCPProbe
				TimeSync []evidence.TimeSync
				Notes    []evidence.Note
				// Added after the first goldens: omitted when empty.
				OtherSRV  []evidence.OtherSRVLookup  `json:",omitempty"`
				DNSConfig []evidence.DNSClientConfig `json:",omitempty"`
			}{kinds, s.SRV, s.Names, s.TCP, s.TimeSync, s.Notes, s.OtherSRV, s.DNSConfig}, "", "  ")
			got = append(got, '\n')
			gp := strings.TrimSuffix(f, ".txt") + ".golden.json"
			golden.Check(t, gp, got)
		})
	}
}

func TestOutcomes(t *testing.T) {
	tests := []struct {
		file  string
		check func(s *evidence.Set) bool
	}{
		{"synth_ja_nslookup_nxdomain.txt", func(s *evidence.Set) bool {
			return len(s.SRV) == 1 && s.SRV[0].Outcome == evidence.DNSNXDomain && s.SRV[0].Domain == "contoso.local" && s.SRV[0].Source.Line == 5
		}},
		{"synth_en_nslookup_two_records.txt", func(s *evidence.Set) bool {
			return len(s.SRV) == 1 && len(s.SRV[0].Records) == 2 && s.SRV[0].Records[1].Target == "kms-old.corp.example.com" && len(s.Names) == 1
		}},
		{"synth_en_nslookup_timeout.txt", func(s *evidence.Set) bool {
			return len(s.SRV) > 0 && s.SRV[len(s.SRV)-1].Outcome == evidence.DNSUnreachable
		}},
		{"synth_en_nslookup_nodata.txt", func(s *evidence.Set) bool {
			return len(s.SRV) == 1 && s.SRV[0].Outcome == evidence.DNSNoData && s.SRV[0].Domain == "corp.example.com"
		}},
		{"en_nslookup_srv_vlmcs_pykms60_redacted.txt", func(s *evidence.Set) bool {
			return len(s.SRV) == 1 && s.SRV[0].Outcome == evidence.DNSFound && s.SRV[0].Records[0].Port == 1688 && s.SRV[0].Records[0].Priority == 20
		}},
		{"synth_ja_psping_refused.txt", func(s *evidence.Set) bool {
			return len(s.TCP) == 1 && s.TCP[0].Outcome == evidence.TCPRefused && s.TCP[0].Sent == 4 && s.TCP[0].Received == 0
		}},
		{"synth_en_psping_partial_refused.txt", func(s *evidence.Set) bool {
			return len(s.TCP) == 1 && s.TCP[0].Outcome == evidence.TCPRefused && s.TCP[0].Sent == 2 && s.TCP[0].Port == 1688
		}},
		{"synth_en_psping_loss.txt", func(s *evidence.Set) bool {
			return len(s.TCP) == 1 && s.TCP[0].Outcome == evidence.TCPLoss && s.TCP[0].Failures[evidence.TCPTimeout] == 1
		}},
		{"en_tnc_port1688_ok_pykms60_redacted.txt", func(s *evidence.Set) bool {
			return len(s.TCP) == 1 && s.TCP[0].Outcome == evidence.TCPOK && s.TCP[0].Port == 1688
		}},
		{"en_tnc_ad_ports_ok_pastebin_partial.txt", func(s *evidence.Set) bool {
			return len(s.TCP) == 0 && len(s.Notes) == 3
		}},
		{"synth_en_tnc_namefail.txt", func(s *evidence.Set) bool {
			return len(s.TCP) == 0 && len(s.Names) == 1 && s.Names[0].Outcome == evidence.DNSNXDomain
		}},
		{"synth_ja_tnc_namefail_translated.txt", func(s *evidence.Set) bool {
			return len(s.TCP) == 0 && len(s.Names) == 1 && s.Names[0].Outcome == evidence.DNSNXDomain && s.Names[0].Name == "kms.nowhere.example"
		}},
		{"synth_en_w32tm_ok.txt", func(s *evidence.Set) bool {
			return len(s.TimeSync) == 1 && !s.TimeSync[0].Unsynced && s.TimeSync[0].Stratum == 3
		}},
		{"synth_en_stripchart_skew.txt", func(s *evidence.Set) bool {
			return len(s.Clock) == 1 && s.Clock[0].Server == "kms01.corp.example.com" && s.Clock[0].Offset < -4*time.Hour
		}},
		{"synth_en_stripchart_error.txt", func(s *evidence.Set) bool {
			return len(s.Clock) == 1 && s.Clock[0].Err == "0x800705B4"
		}},
		{"synth_en_nslookup_host_ok.txt", func(s *evidence.Set) bool {
			return len(s.SRV) == 0 && len(s.Names) == 1 && s.Names[0].Outcome == evidence.DNSFound && len(s.Names[0].Addrs) == 2
		}},
		{"synth_ja_nslookup_host_nxdomain.txt", func(s *evidence.Set) bool {
			return len(s.SRV) == 0 && len(s.Names) == 1 && s.Names[0].Outcome == evidence.DNSNXDomain && s.Names[0].Name == "kms-old.corp.example.com"
		}},
		// Issue 10: real stripchart runs (graph, and /rdtsc in English and
		// Russian), /dataonly, a w32tm status without its first lines, an
		// address with its port, Chinese nslookup, TNC to another port,
		// redacted values.
		{"en_stripchart_37s_w32time20_partial.txt", func(s *evidence.Set) bool {
			return len(s.Clock) == 1 && s.Clock[0].Server == "10.0.1.251" && s.Clock[0].Offset < -36*time.Second && s.Clock[0].Offset > -38*time.Second
		}},
		{"ru_stripchart_rdtsc_wsd2065_partial.txt", func(s *evidence.Set) bool {
			return len(s.Clock) == 1 && s.Clock[0].Server == "0.ru.pool.ntp.org" && s.Clock[0].Offset < 0 && s.Clock[0].Offset > -10*time.Millisecond && s.Clock[0].Source.Line == 9
		}},
		{"en_stripchart_rdtsc_error_wsd2065_partial.txt", func(s *evidence.Set) bool {
			return len(s.Clock) == 1 && s.Clock[0].Server == "ntp0.as34288.net" && s.Clock[0].Err == "" && s.Clock[0].Offset > -20*time.Millisecond && s.Clock[0].Offset < -10*time.Millisecond
		}},
		// Samples with no comma after the time, some timed out: the run is
		// measured (its median), the timeouts are no error of the run.
		{"en_stripchart_nocomma_timeouts_ntpnotes_partial.txt", func(s *evidence.Set) bool {
			return len(s.Clock) == 1 && s.Clock[0].Server == "time.windows.com" && s.Clock[0].Err == "" &&
				s.Clock[0].Offset > -13*time.Second && s.Clock[0].Offset < 13*time.Second
		}},
		{"synth_en_stripchart_dataonly.txt", func(s *evidence.Set) bool {
			return len(s.Clock) == 1 && s.Clock[0].Server == "kms01.corp.example.com" && s.Clock[0].Offset < 0 && s.Clock[0].Source.Line == 6
		}},
		{"synth_en_w32tm_headless_cmos.txt", func(s *evidence.Set) bool {
			return len(s.TimeSync) == 1 && s.TimeSync[0].Unsynced && s.TimeSync[0].Source.Line == 6
		}},
		{"synth_en_nslookup_host_addr_port.txt", func(s *evidence.Set) bool {
			return len(s.Names) == 1 && s.Names[0].Resolver == "10.0.0.1" && s.Names[0].Addrs[0] == "10.0.0.5"
		}},
		{"synth_zh_nslookup_nxdomain.txt", func(s *evidence.Set) bool {
			return len(s.SRV) == 1 && s.SRV[0].Outcome == evidence.DNSNXDomain && s.SRV[0].Domain == "contoso.local" && s.SRV[0].Resolver == "10.0.0.1"
		}},
		{"en_tnc_port53_ok_ps25818.txt", func(s *evidence.Set) bool {
			// Another port shows only that this port answers: no KMS
			// TCP evidence, one note.
			return len(s.TCP) == 0 && len(s.Notes) == 1 && s.Notes[0].Kind == "tnc.other_port"
		}},
		{"en_tnc_port1688_ok_pykms60_redacted.txt", func(s *evidence.Set) bool {
			n := 0
			for _, x := range s.Notes {
				if x.Kind == evidence.NoteRedacted {
					n++
				}
			}
			return len(s.TCP) == 1 && s.TCP[0].Outcome == evidence.TCPOK && n == 4 && len(s.Skipped) == 0
		}},
		{"en_tnc_1688_failed_hostunreachable_kyberdrb_partial.txt", func(s *evidence.Set) bool {
			return len(s.TCP) == 1 && s.TCP[0].Outcome == evidence.TCPUnreachable && s.TCP[0].Port == 1688 &&
				s.TCP[0].Failures[evidence.TCPUnreachable] == 1 && strings.Contains(s.TCP[0].Err, "DestinationHostUnreachable")
		}},
		{"synth_ja_w32tm_cmos.txt", func(s *evidence.Set) bool {
			return len(s.TimeSync) == 1 && s.TimeSync[0].Unsynced && s.TimeSync[0].SourceName == "Local CMOS Clock"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			s, _ := readAll(tt.file, string(raw))
			if !tt.check(s) {
				b, _ := json.Marshal(s)
				t.Errorf("evidence %s", b)
			}
		})
	}
}

// TestW32tmError: the error w32tm printed instead of its status, its
// command line pasted with it (heldout5 wfbench, code corpus file id
// 70325560057), is a status with Err; the same line without w32tm named
// is not w32tm's.
func TestW32tmError(t *testing.T) {
	text := "$ scripts/wf.sh run 'w32tm /query /status'\nThe following error occurred: The service has not been started. (0x80070426)\n"
	s, kinds := readAll("x", text)
	if len(kinds) != 1 || kinds[0] != "w32tm" || len(s.TimeSync) != 1 || s.TimeSync[0].Err != "0x80070426" || s.TimeSync[0].Source.Line != 2 {
		t.Errorf("kinds %v, sync %+v", kinds, s.TimeSync)
	}
	if !ClaimsW32tm("The following error occurred: The service has not been started. (0x80070426)") {
		t.Error("ClaimsW32tm = false")
	}
	if _, kinds := readAll("x", "The following error occurred: The service has not been started. (0x80070426)\n"); len(kinds) != 0 {
		t.Errorf("without w32tm: %v", kinds)
	}
}

// TestW32tmQuerySource: w32tm /query /source answering the local clock
// (the names Windows does not translate) is a clock that follows no source,
// whatever was pasted around it (the first case has the layout of
// heldout10's pastebin huqtvwfj; all constructed); a peer's name, or the
// name without the command line, is not read.
func TestW32tmQuerySource(t *testing.T) {
	for _, tc := range []struct {
		text   string
		source string // "" when nothing is read
		line   int
	}{
		{"C:\\Windows\\system32>net start w32time\nThe Windows Time service was started successfully.\nC:\\Windows\\system32>w32tm /query /source\nLocal CMOS Clock\n", "Local CMOS Clock", 4},
		{"PS C:\\> w32tm.exe /query /source\n\nFree-running System Clock\n", "Free-running System Clock", 3},
		{"C:\\>w32tm -query -source\r\nlocal cmos clock\r\n", "local cmos clock", 2},
		{"C:\\>w32tm /query /source\ndc01.corp.example.com\n", "", 0},
		{"C:\\>w32tm /query /source\ntime.windows.com,0x9\n", "", 0},
		{"The source is Local CMOS Clock\n", "", 0},
	} {
		s, _ := readAll("x", tc.text)
		if tc.source == "" {
			if len(s.TimeSync) != 0 {
				t.Errorf("%q: sync %+v, want none", tc.text, s.TimeSync)
			}
			continue
		}
		if len(s.TimeSync) != 1 || !s.TimeSync[0].Unsynced || s.TimeSync[0].SourceName != tc.source || s.TimeSync[0].Source.Line != tc.line {
			t.Errorf("%q: sync %+v", tc.text, s.TimeSync)
		}
	}
}

func TestDetectNegative(t *testing.T) {
	for _, text := range []string{
		"License Status: Licensed\nName: Windows(R), Enterprise edition",
		"Server: dc1 is down\nPlease check the address: 10.0.0.1",
		"hello world",
	} {
		if _, kinds := readAll("x", text); len(kinds) != 0 {
			t.Errorf("%q detected as %v", text, kinds)
		}
	}
	// nslookup's header (a server line, then its address) is nslookup's,
	// whatever it asked; a lookup of another name without its command line
	// is read and says nothing of KMS (no evidence).
	s, kinds := readAll("x", "Server: dc1\nAddress: 10.0.0.1\nName: www.example.com\nAddress: 192.0.2.1")
	if len(kinds) != 1 || kinds[0] != "nslookup" || len(s.SRV)+len(s.Names) != 0 {
		t.Errorf("header: kinds %v, srv %v, names %v", kinds, s.SRV, s.Names)
	}
}

func fuzzSeeds(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, fn := range files {
		b, _ := os.ReadFile(fn)
		f.Add(string(b))
	}
}

func fuzzOne(f *testing.F, read func(string, int, string, *evidence.Set) error) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, text string) {
		var s evidence.Set
		if err := read("fuzz", 1, text, &s); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzNslookup(f *testing.F)   { fuzzOne(f, ReadNslookup) }
func FuzzTNC(f *testing.F)        { fuzzOne(f, ReadTNC) }
func FuzzPsping(f *testing.F)     { fuzzOne(f, ReadPsping) }
func FuzzW32tm(f *testing.F)      { fuzzOne(f, ReadW32tm) }
func FuzzStripchart(f *testing.F) { fuzzOne(f, ReadStripchart) }

// TestTNCPing: what the ping of a failed Test-NetConnection says about the
// failed TCP test. An ICMP host or network unreachable (either wording of
// the warning, any localised prefix: the status is an IPStatus name) is no
// route to the host; a ping that timed out or succeeded says nothing of
// the port, which stays a failure of unknown cause. The real case is
// kyberdrb's (testdata); the others are constructed from it.
func TestTNCPing(t *testing.T) {
	real := mustRead(t, "en_tnc_1688_failed_hostunreachable_kyberdrb_partial.txt")
	const body = "\n\nComputerName           : kms01\nRemoteAddress          : 10.0.0.20\nRemotePort             : 1688\nInterfaceAlias         : Ethernet\nSourceAddress          : 10.0.0.55\nPingSucceeded          : %s\nPingReplyDetails (RTT) : 0 ms\nTcpTestSucceeded       : False\n"
	tnc := func(warn, ping string) string { return warn + strings.Replace(body, "%s", ping, 1) }
	for _, tc := range []struct {
		name, in, want string
	}{
		{"real: -- Status: DestinationHostUnreachable", real, evidence.TCPUnreachable},
		{"with status: wording, TCP warning first", tnc("WARNING: TCP connect to (10.0.0.20 : 1688) failed\nWARNING: Ping to 10.0.0.20 failed with status: DestinationHostUnreachable", "False"), evidence.TCPUnreachable},
		{"network unreachable", tnc("WARNING: TCP connect to (10.0.0.20 : 1688) failed\nWARNING: Ping to 10.0.0.20 failed with status: DestinationNetworkUnreachable", "False"), evidence.TCPUnreachable},
		{"German prefix", tnc("WARNUNG: TCP connect to (10.0.0.20 : 1688) failed\nWARNUNG: Ping to 10.0.0.20 failed with status: DestinationHostUnreachable", "False"), evidence.TCPUnreachable},
		{"Japanese prefix", tnc("警告: TCP connect to (10.0.0.20 : 1688) failed\n警告: Ping to 10.0.0.20 failed with status: DestinationHostUnreachable", "False"), evidence.TCPUnreachable},
		{"ping timed out", tnc("WARNING: TCP connect to (10.0.0.20 : 1688) failed\nWARNING: Ping to 10.0.0.20 failed with status: TimedOut", "False"), evidence.TCPError},
		{"ping answered", tnc("WARNING: TCP connect to (10.0.0.20 : 1688) failed", "True"), evidence.TCPError},
		{"no warning at all", tnc("", "False"), evidence.TCPError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s evidence.Set
			if err := ReadTNC("in.txt", 1, tc.in, &s); err != nil {
				t.Fatal(err)
			}
			if len(s.TCP) != 1 || s.TCP[0].Outcome != tc.want || s.TCP[0].Failures[tc.want] != 1 {
				t.Errorf("TCP %+v, want outcome %s", s.TCP, tc.want)
			}
		})
	}
	// A warning of one result does not carry over to the next.
	var s evidence.Set
	two := tnc("WARNING: Ping to 10.0.0.20 failed with status: DestinationHostUnreachable", "False") + "\n" + tnc("WARNING: TCP connect to (10.0.0.20 : 1688) failed", "True")
	if err := ReadTNC("in.txt", 1, two, &s); err != nil || len(s.TCP) != 2 || s.TCP[0].Outcome != evidence.TCPUnreachable || s.TCP[1].Outcome != evidence.TCPError {
		t.Errorf("two results: %+v %v", s.TCP, err)
	}
}

func mustRead(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func FuzzIpconfig(f *testing.F) { fuzzOne(f, ReadIpconfig) }
