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

func TestDetectNegative(t *testing.T) {
	for _, text := range []string{
		"License Status: Licensed\nName: Windows(R), Enterprise edition",
		"Server: dc1\nAddress: 10.0.0.1\nName: www.example.com\nAddress: 192.0.2.1",
		"hello world",
	} {
		if _, kinds := readAll("x", text); len(kinds) != 0 {
			t.Errorf("%q detected as %v", text, kinds)
		}
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
func FuzzIpconfig(f *testing.F)   { fuzzOne(f, ReadIpconfig) }
