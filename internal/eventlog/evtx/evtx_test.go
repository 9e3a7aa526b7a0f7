package evtx

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/testutil/golden"

	"github.com/kmsdoctor/kmsdoctor/internal/eventlog"
	"github.com/kmsdoctor/kmsdoctor/internal/eventlog/eventtest"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/render"
)

// corpus lists every test file with the number of events this reader emits
// and the number of skips it reports, next to what the anchor parsers give
// (libyal evtxexport 20181227 `-f xml`, python-evtx 0.6.1 evtx_dump.py,
// counted on this machine; 0 where the tool aborts on the file). Where the anchors read fewer records, the
// reason is in the note; every extra record of ours has a unique, valid
// EventRecordID (checked below), and scripts/evtx-bench.sh checks that no
// record evtxexport emits is missing from ours.
var corpus = []struct {
	file               string
	events, skips      int
	evtxexport, pyevtx int
	note               string
}{
	{"anotherc0ne_EventLog_Application.evtx", 807, 0, 807, 807, "real AWS KMS 12288/12289 pairs"},
	{"omerbenamram_Application_no_crc32.evtx", 17, 0, 17, 17, "checksums left zero"},
	{"omerbenamram_sample_with_a_bad_chunk_magic.evtx", 298, 8, 267, 270, "anchors stop at the first bad record of a chunk; we resynchronise"},
	{"omerbenamram_sample-with-zero-data-size-event.evtx", 449, 2, 335, 335, "a zero-size record; the 114 records after it are intact"},
	{"disagree_29b85db2_MSExchange_Management_wec.evtx", 1, 0, 0, 0, "templateless record, no dependency ids"},
	{"disagree_250a19aa_Microsoft-Windows-LanguagePackSetup_4Operational.evtx", 16, 2, 16, 16, ""},
	{"disagree_d53ba01f_Microsoft-Windows-HelloForBusiness_4Operational.evtx", 5, 2, 5, 6, ""},
	{"disagree_e16d440a_2-vss_0-Microsoft-Windows-TerminalServices-RemoteConnectionM.evtx", 1795, 3, 1774, 188, "torn chunks in a shadow copy: all of evtxexport's records plus 21 intact ones after a torn record"},
	{"disagree_157db7da_ID800-4103-4104-Print_spooler_privilege_escalation__CVE-2020.evtx", 10, 0, 0, 0, "anchors fail (token 0x05 layout)"},
	{"disagree_3d016c16_ID1116-1117-Defender_threat_detected.evtx", 6, 0, 0, 0, "anchors fail"},
	{"disagree_48a36237_ID1149-RDP_success_logins_to_multiple_hosts.evtx", 11, 0, 0, 0, "anchors fail"},
	{"disagree_50fe6b63_ID70-CAPI-Private_key_accessed_Mimikatz.evtx", 3, 0, 3, 0, ""},
	{"disagree_9f4670c2_ID4656-WS_Management_listener_enumeration.evtx", 29, 0, 0, 0, "anchors fail"},
	{"disagree_aee0b2d6_ID800-4103-Firewall_disabled.evtx", 10, 0, 0, 0, "anchors fail"},
	{"disagree_ce948298_ID2003-4950-Firewall_disabled.evtx", 6, 0, 0, 0, "anchors fail"},
	{"disagree_f864a0dd_ID800-4103-4104-WMI_registration_via_PowerLurk.evtx", 10, 0, 0, 0, "anchors fail"},
}

func readAll(t testing.TB, path string, opt eventlog.Options) ([]*evidence.Event, []evidence.Skip, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var evs []*evidence.Event
	skips, err := Read(context.Background(), f, filepath.Base(path), opt, func(ev *evidence.Event, _ []byte) error {
		evs = append(evs, ev)
		return nil
	})
	return evs, skips, err
}

func TestCorpus(t *testing.T) {
	for _, tc := range corpus {
		t.Run(tc.file, func(t *testing.T) {
			evs, skips, err := readAll(t, filepath.Join("testdata", tc.file), eventlog.Options{})
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if len(evs) != tc.events || len(skips) != tc.skips {
				t.Errorf("got %d events, %d skips; want %d, %d", len(evs), len(skips), tc.events, tc.skips)
			}
			seen := map[uint64]bool{}
			for _, ev := range evs {
				if ev.RecordID == 0 || seen[ev.RecordID] {
					t.Errorf("record at offset %d: EventRecordID %d is zero or repeated", ev.Source.Offset, ev.RecordID)
				}
				seen[ev.RecordID] = true
				if ev.Provider == "" || ev.Time.IsZero() || ev.Time.Year() < 2000 || ev.Channel == "" || ev.Computer == "" {
					t.Errorf("record %d lacks System fields: %+v", ev.RecordID, ev)
				}
			}
			for _, s := range skips {
				if s.Source.File != tc.file || !strings.HasPrefix(render.Message(i18n.EN, s.Message()), "chunk ") {
					t.Errorf("skip does not name file and chunk: %+v", s)
				}
			}
		})
	}
}

// TestWorkersAgree checks that parallel decoding emits exactly what one
// worker emits, in the same order.
func TestWorkersAgree(t *testing.T) {
	for _, file := range []string{"anotherc0ne_EventLog_Application.evtx", "omerbenamram_sample_with_a_bad_chunk_magic.evtx"} {
		one, s1, _ := readAll(t, filepath.Join("testdata", file), eventlog.Options{Workers: 1, XML: true})
		four, s4, _ := readAll(t, filepath.Join("testdata", file), eventlog.Options{Workers: 4, XML: true})
		if len(one) != len(four) || len(s1) != len(s4) {
			t.Fatalf("%s: 1 worker %d/%d, 4 workers %d/%d", file, len(one), len(s1), len(four), len(s4))
		}
		for i := range one {
			if one[i].XML != four[i].XML {
				t.Fatalf("%s: event %d differs between 1 and 4 workers", file, i)
			}
		}
	}
}

// goldenEvent is the golden form of an event: every field the readers fill.
type goldenEvent struct {
	RecordID uint64            `json:"record_id"`
	Time     string            `json:"time"`
	Provider string            `json:"provider"`
	EventID  int               `json:"event_id"`
	Qual     int               `json:"qualifiers,omitempty"`
	Level    int               `json:"level"`
	Task     int               `json:"task,omitempty"`
	Opcode   int               `json:"opcode,omitempty"`
	Keywords string            `json:"keywords,omitempty"`
	Channel  string            `json:"channel"`
	Computer string            `json:"computer"`
	UserID   string            `json:"user_id,omitempty"`
	Data     []string          `json:"data"`
	Named    map[string]string `json:"named,omitempty"`
	Offset   int64             `json:"offset"`
}

// TestGolden writes every event of every test file, then the skips; the
// golden files were reviewed by hand against evtxexport's XML where it
// succeeds (see testdata/golden/README.md).
func TestGolden(t *testing.T) {
	for _, tc := range corpus {
		t.Run(tc.file, func(t *testing.T) {
			evs, skips, err := readAll(t, filepath.Join("testdata", tc.file), eventlog.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			for _, ev := range evs {
				g := goldenEvent{ev.RecordID, string(appendTime(nil, ev.Time)), ev.Provider, ev.EventID, ev.Qualifiers,
					ev.Level, ev.Task, ev.Opcode, ev.Keywords, ev.Channel, ev.Computer, ev.UserID, ev.Data, ev.Named, ev.Source.Offset}
				line, _ := json.Marshal(g)
				b.Write(line)
				b.WriteByte('\n')
			}
			for _, s := range skips {
				fmt.Fprintf(&b, "SKIP offset %d count %d: %s\n", s.Source.Offset, s.Count, render.Message(i18n.EN, s.Message()))
			}
			checkGolden(t, strings.TrimSuffix(tc.file, ".evtx")+".jsonl", b.Bytes())
		})
	}
}

// TestGoldenXML pins the XML rendering of the KMS events.
func TestGoldenXML(t *testing.T) {
	evs, _, err := readAll(t, filepath.Join("testdata", "anotherc0ne_EventLog_Application.evtx"), eventlog.Options{XML: true,
		Keep: func(ev *evidence.Event) bool { return ev.EventID == 12288 || ev.EventID == 12289 || ev.EventID == 8230 }})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for _, ev := range evs {
		b.WriteString(ev.XML)
		b.WriteByte('\n')
	}
	checkGolden(t, "kms_events.xml", b.Bytes())
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", "golden", name)
	golden.Check(t, p, got)
}

// TestKMSPair checks the decoded Info strings of the real 12288/12289 pair.
func TestKMSPair(t *testing.T) {
	evs, _, err := readAll(t, filepath.Join("testdata", "anotherc0ne_EventLog_Application.evtx"), eventlog.Options{
		Keep: func(ev *evidence.Event) bool { return ev.EventID == 12288 || ev.EventID == 12289 }})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 4 {
		t.Fatalf("got %d KMS events, want 2 pairs", len(evs))
	}
	req, resp := evs[0], evs[1]
	if req.EventID != 12288 || req.Provider != "Microsoft-Windows-Security-SPP" || req.Channel != "Application" ||
		len(req.Data) != 1 || !strings.Contains(req.Data[0], ":1688, ") {
		t.Errorf("12288 = %+v", req)
	}
	if resp.EventID != 12289 || len(resp.Data) != 1 || !strings.HasPrefix(resp.Data[0], "0x00000000, 0x00000000, 1, 0, 50,") {
		t.Errorf("12289 = %+v", resp)
	}
	if resp.Time.Before(req.Time) || resp.Time.Sub(req.Time).Seconds() > 60 {
		t.Errorf("12289 at %v, 12288 at %v", resp.Time, req.Time)
	}
}

func TestNotEVTX(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want error
		msg  string
	}{
		{"empty", nil, ErrNotEVTX, "x.evtx: offset 0:"},
		{"text", []byte("Log Name: Application\r\n"), ErrNotEVTX, "x.evtx: offset 0:"},
		{"short header", []byte("ElfFile\x00\x01\x02"), ErrTruncated, "x.evtx: offset 10:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(context.Background(), bytes.NewReader(tt.in), "x.evtx", eventlog.Options{}, func(*evidence.Event, []byte) error { return nil })
			if !errors.Is(err, tt.want) || !strings.HasPrefix(err.Error(), tt.msg) || strings.Contains(err.Error(), "\n") {
				t.Errorf("err = %v, want %v starting %q on one line", err, tt.want, tt.msg)
			}
		})
	}
}

// TestDamage builds damaged copies of a good file and checks that what is
// intact is still read and the damage is reported where it is.
func TestDamage(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "anotherc0ne_EventLog_Application.evtx"))
	if err != nil {
		t.Fatal(err)
	}
	all, _, _ := readAll(t, filepath.Join("testdata", "anotherc0ne_EventLog_Application.evtx"), eventlog.Options{})
	perChunk := map[int]int{}
	for _, ev := range all {
		perChunk[int((ev.Source.Offset-fileHeaderSize)/chunkSize)]++
	}
	mod := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), good...)) }
	tests := []struct {
		name       string
		in         []byte
		wantEvents int
		skipAt     int64 // offset the first skip must name
		skipWhat   string
	}{
		{"truncated mid chunk 2", good[:fileHeaderSize+2*chunkSize+3000], perChunk[0] + perChunk[1] + 1 /* the first record of a chunk carries the templates and is large */, fileHeaderSize + 2*chunkSize + 3000, "truncated"},
		{"chunk 1 signature zeroed", mod(func(b []byte) []byte { copy(b[fileHeaderSize+chunkSize:], "XXXXXXXX"); return b }),
			len(all) - perChunk[1], fileHeaderSize + chunkSize, "bad chunk signature"},
		{"record size broken in chunk 0", mod(func(b []byte) []byte {
			binary.LittleEndian.PutUint32(b[fileHeaderSize+512+4:], 3)
			return b
		}), len(all) - 1, fileHeaderSize + 52, "record data checksum mismatch"},
		{"file header checksum wrong", mod(func(b []byte) []byte { b[124] ^= 0xff; return b }), len(all), 124, "file header checksum"},
		{"template bytes garbled in chunk 0 (checksum fixed)", mod(func(b []byte) []byte {
			c := b[fileHeaderSize : fileHeaderSize+chunkSize]
			// Overwrite the first record's binary XML after the fragment header.
			for i := 512 + 24 + 4; i < 512+24+40; i++ {
				c[i] = 0xee
			}
			free := binary.LittleEndian.Uint32(c[48:])
			binary.LittleEndian.PutUint32(c[52:], crc32.ChecksumIEEE(c[512:free]))
			binary.LittleEndian.PutUint32(c[124:], crc32.Update(crc32.ChecksumIEEE(c[:120]), crc32.IEEETable, c[128:512]))
			return b
		}), -1, fileHeaderSize + 512, "record"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n int
			skips, err := Read(context.Background(), bytes.NewReader(tt.in), "d.evtx", eventlog.Options{}, func(*evidence.Event, []byte) error { n++; return nil })
			if err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			if tt.wantEvents >= 0 && n != tt.wantEvents {
				t.Errorf("got %d events, want %d", n, tt.wantEvents)
			}
			if tt.wantEvents < 0 && (n == 0 || n >= len(all)) {
				t.Errorf("got %d events of %d", n, len(all))
			}
			if len(skips) == 0 {
				t.Fatal("no skip reported")
			}
			if skips[0].Source.Offset != tt.skipAt || !strings.Contains(render.Message(i18n.EN, skips[0].Message()), tt.skipWhat) || skips[0].Source.File != "d.evtx" {
				t.Errorf("first skip = %+v, want offset %d and %q", skips[0], tt.skipAt, tt.skipWhat)
			}
		})
	}
}

func TestHeaderOnly(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "omerbenamram_Application_no_crc32.evtx"))
	if err != nil {
		t.Fatal(err)
	}
	skips, err := Read(context.Background(), bytes.NewReader(good[:1000]), "h.evtx", eventlog.Options{}, func(*evidence.Event, []byte) error {
		t.Error("event from a header-only file")
		return nil
	})
	if err != nil || len(skips) != 1 || skips[0].Source.Offset != 1000 || !strings.Contains(render.Message(i18n.EN, skips[0].Message()), "inside the 4096-byte header") {
		t.Errorf("skips %+v, err %v", skips, err)
	}
}

func TestEmitErrorStops(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "anotherc0ne_EventLog_Application.evtx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	stop := errors.New("stop")
	n := 0
	_, err = Read(context.Background(), f, "a.evtx", eventlog.Options{}, func(*evidence.Event, []byte) error {
		n++
		if n == 5 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 5 {
		t.Errorf("err %v after %d events", err, n)
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f, err := os.Open(filepath.Join("testdata", "anotherc0ne_EventLog_Application.evtx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = Read(ctx, f, "a.evtx", eventlog.Options{}, func(*evidence.Event, []byte) error { return nil })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
}

func TestValues(t *testing.T) {
	tests := []struct {
		t    uint8
		in   []byte
		want string
	}{
		{typeString, []byte("a\x00b\x00\x00\x00"), "ab"},
		{typeString, []byte{0x3b, 0x30, 0x3e, 0xd8, 0x00, 0xdf}, "\u303b\U0001fb00"},
		{typeInt32, []byte{0xff, 0xff, 0xff, 0xff}, "-1"},
		{typeUint64, []byte{1, 0, 0, 0, 0, 0, 0, 0}, "1"},
		{typeHex32, []byte{0x74, 0xf0, 0x04, 0xc0}, "0xc004f074"},
		{typeHex64, []byte{0, 0, 0, 0, 0, 0, 0x80, 0}, "0x0080000000000000"},
		{typeBool, []byte{1, 0, 0, 0}, "true"},
		{typeGUID, []byte{0xb0, 0x33, 0x3b, 0xe2, 0xc9, 0xc8, 0x2c, 0x47, 0xa5, 0xf9, 0xf2, 0xbd, 0xfe, 0xa0, 0xf1, 0x56}, "{E23B33B0-C8C9-472C-A5F9-F2BDFEA0F156}"},
		{typeSID, []byte{1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0}, "S-1-5-18"},
		{typeSID, []byte{1, 9}, "0109"},
		{typeFiletime, []byte{0x00, 0x80, 0x3e, 0xd5, 0xde, 0xb1, 0x9d, 0x01}, "1970-01-01T00:00:00.0000000Z"},
		{typeBinary, []byte{0xde, 0xad}, "DEAD"},
		{typeString | typeArray, []byte("a\x00\x00\x00b\x00\x00\x00"), "a, b"},
		{typeUint16 | typeArray, []byte{1, 0, 2, 0}, "1, 2"},
		{typeInt32, []byte{1}, "01"},
	}
	for _, tt := range tests {
		if got := string(appendValue(nil, tt.t, tt.in)); got != tt.want {
			t.Errorf("type 0x%02x % x: got %q, want %q", tt.t, tt.in, got, tt.want)
		}
	}
}

func TestDetect(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{{"ElfFile\x00rest", true}, {"ElfChnk\x00", false}, {"<Event", false}, {"", false}} {
		if got := Detect([]byte(tt.in)); got != tt.want {
			t.Errorf("Detect(%q) = %v", tt.in, got)
		}
	}
}

// FuzzRead feeds arbitrary bytes to the reader: it must never panic or hang,
// and every event it emits must carry a record id.
func FuzzRead(f *testing.F) {
	for _, tc := range corpus {
		b, err := os.ReadFile(filepath.Join("testdata", tc.file))
		if err != nil {
			f.Fatal(err)
		}
		// The header and the start of the first chunk (a truncated chunk is
		// read as far as it goes): small inputs keep the fuzzer fast.
		if len(b) > fileHeaderSize+8192 {
			b = b[:fileHeaderSize+8192]
		}
		f.Add(b)
	}
	f.Add([]byte("ElfFile\x00"))
	f.Add(eventtest.BombEVTX(1, 300, 200))
	f.Fuzz(func(t *testing.T, b []byte) {
		out := 0
		_, err := Read(context.Background(), bytes.NewReader(b), "fuzz.evtx", eventlog.Options{XML: true}, func(ev *evidence.Event, _ []byte) error {
			if ev.RecordID == 0 {
				t.Fatalf("event without record id: %+v", ev)
			}
			out += len(ev.XML)
			for _, d := range ev.Data {
				out += len(d)
			}
			return nil
		})
		// Output is bounded per chunk read (MaxChunkSize, plus the record
		// that crossed it): never more than that per 64 KiB of input.
		if chunks := len(b)/chunkSize + 1; out > chunks*(MaxChunkSize+MaxRecordSize) {
			t.Fatalf("%d bytes of output from %d bytes of input", out, len(b))
		}
		if err != nil && !errors.Is(err, ErrNotEVTX) && !errors.Is(err, ErrTruncated) {
			t.Fatalf("unexpected error kind: %v", err)
		}
	})
}

func BenchmarkRead(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "anotherc0ne_EventLog_Application.evtx"))
	if err != nil {
		b.Fatal(err)
	}
	for _, w := range []int{1, 0} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			n := 0
			for i := 0; i < b.N; i++ {
				_, err := Read(context.Background(), bytes.NewReader(data), "b.evtx", eventlog.Options{Workers: w}, func(*evidence.Event, []byte) error { n++; return nil })
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
		})
	}
}
