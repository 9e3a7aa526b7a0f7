package wevtxml

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/eventlog/eventtest"

	"github.com/kmsdoctor/kmsdoctor/internal/testutil/golden"

	"golang.org/x/text/encoding/unicode"

	"github.com/kmsdoctor/kmsdoctor/internal/eventlog"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/render"
)

func readAll(t testing.TB, b []byte, name string) ([]*evidence.Event, []evidence.Skip, error) {
	return eventtest.Collect(Read, b, name)
}

// dump renders events and skips as JSON lines for the golden files.
func dump(evs []*evidence.Event, sk []evidence.Skip) []byte { return eventtest.Dump(evs, sk, true) }

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", "golden", name+".golden")
	golden.Check(t, p, got)
}

func TestCorpus(t *testing.T) {
	tests := []struct {
		file    string
		records int
	}{
		{"xml_12288_12289_aws_kms_169.254.169.250_from_anotherc0ne_AD-DC_evtx.txt", 6},
		{"xml_8230_8197_misc_spp_from_anotherc0ne_AD-DC_evtx.txt", 22},
		{"kmshost_12290_12293_constructed.xml", 0},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if !Detect(eventtest.Head(b)) {
				t.Error("Detect = false")
			}
			evs, sk, err := readAll(t, b, tc.file)
			if err != nil {
				t.Fatal(err)
			}
			if tc.records > 0 && len(evs) != tc.records {
				t.Errorf("%d events, want %d", len(evs), tc.records)
			}
			if len(sk) != 0 {
				t.Errorf("skips: %v", sk)
			}
			for _, e := range evs {
				if e.RecordID == 0 || e.EventID == 0 || e.Time.IsZero() {
					t.Errorf("incomplete event %+v", e)
				}
			}
			checkGolden(t, tc.file, dump(evs, sk))
		})
	}
}

func utf16le(s string, bom bool) []byte {
	enc := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	if bom {
		enc = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	}
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic(err)
	}
	return b
}

const one = `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-SPP' Guid='{E23B33B0-C8C9-472C-A5F9-F2BDFEA0F156}' EventSourceName='Software Protection Platform Service'/><EventID Qualifiers='49152'>8198</EventID><Level>2</Level><TimeCreated SystemTime='2024-03-01T10:00:00.1234567Z'/><EventRecordID>42</EventRecordID><Channel>Application</Channel><Computer>PC1.contoso.com</Computer><Security/></System><EventData><Data>hr=0xC004F074</Data><Data>RuleId=x</Data></EventData></Event>`

func TestForms(t *testing.T) {
	saved := `<?xml version="1.0" encoding="utf-16"?>` + "\r\n<Events>" + one + "\r\n" + strings.Replace(one, "42", "43", 1) + "</Events>"
	user := strings.Replace(one, `<EventData><Data>hr=0xC004F074</Data><Data>RuleId=x</Data></EventData>`,
		`<UserData><Foo xmlns='x'><Code>0x1</Code><Name>n</Name></Foo></UserData>`, 1)
	tests := []struct {
		name    string
		in      []byte
		n       int
		skips   int
		wantErr bool
	}{
		{"wevtutil one line", []byte(one + one + one), 3, 0, false},
		{"utf-8 bom", append([]byte{0xEF, 0xBB, 0xBF}, one...), 1, 0, false},
		{"utf-16le bom, saved as xml", utf16le(saved, true), 2, 0, false},
		{"utf-16le no bom", utf16le(one, false), 1, 0, false},
		{"user data", []byte(user), 1, 0, false},
		{"damaged middle event", []byte(one + "\n" + strings.Replace(one, "</System>", "", 1) + "\n" + one), 2, 1, false},
		{"unclosed event before another", []byte(one + "\n" + one[:200] + "\n" + one), 2, 1, false},
		{"cut off at the end", []byte(one + "\n" + one[:300]), 1, 1, false},
		{"bad EventID", []byte(strings.Replace(one, ">8198<", ">x<", 1) + one), 1, 1, false},
		{"empty root", []byte("<Events></Events>"), 0, 0, false},
		{"not xml at all", []byte("hello"), 0, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			evs, sk, err := readAll(t, tc.in, "in.xml")
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v", err)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "in.xml: line ") {
				t.Errorf("error %q does not name the file and line", err)
			}
			if len(evs) != tc.n || len(sk) != tc.skips {
				t.Errorf("%d events %d skips (%v), want %d %d", len(evs), len(sk), sk, tc.n, tc.skips)
			}
			for _, e := range evs {
				if e.EventID == 0 || e.Source.Line == 0 {
					t.Errorf("event %+v", e)
				}
			}
		})
	}
}

func TestSkipNamesAbsoluteLine(t *testing.T) {
	bad := "<Event xmlns='x'>\n<System>\n<EventID>1</EventID>\n</Sys>\n</Event>"
	_, sk, err := readAll(t, []byte(one+"\n\n"+bad+"\n"+one), "in.xml")
	if err != nil || len(sk) != 1 {
		t.Fatal(err, sk)
	}
	if sk[0].Source.Line != 3 || !strings.Contains(render.Message(i18n.EN, sk[0].Message()), "XML syntax error at line 6") {
		t.Errorf("%+v", sk[0])
	}
}

func TestFields(t *testing.T) {
	evs, _, err := readAll(t, []byte("\n\n"+one), "x.xml")
	if err != nil || len(evs) != 1 {
		t.Fatal(err, len(evs))
	}
	e := evs[0]
	if e.Provider != "Microsoft-Windows-Security-SPP" || e.EventID != 8198 || e.Level != 2 || e.RecordID != 42 ||
		e.Channel != "Application" || e.Computer != "PC1.contoso.com" || e.Source.Line != 3 ||
		e.Time.Format("2006-01-02T15:04:05.0000000Z") != "2024-03-01T10:00:00.1234567Z" ||
		len(e.Data) != 2 || e.Data[0] != "hr=0xC004F074" {
		t.Errorf("%+v", e)
	}
}

func TestOneLine(t *testing.T) {
	in := "<Event xmlns='x'>\r\n<System><Provider\n Name='a'/><EventID>1</EventID></System>\n<EventData><Data>l1\nl2</Data></EventData></Event>"
	got := OneLine([]byte(in))
	if strings.ContainsAny(got, "\r\n") {
		t.Fatalf("not one line: %q", got)
	}
	a, err := ParseEvent([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseEvent([]byte(got))
	if err != nil {
		t.Fatal(err)
	}
	if a.Provider != b.Provider || len(b.Data) != 1 || a.Data[0] != b.Data[0] || b.Data[0] != "l1\nl2" {
		t.Errorf("meaning changed: %+v vs %+v", a, b)
	}
	evs := []*evidence.Event{}
	Read(context.Background(), strings.NewReader(in+in), "x", eventlog.Options{XML: true}, func(e *evidence.Event, _ []byte) error {
		evs = append(evs, e)
		return nil
	})
	if len(evs) != 2 || evs[0].XML != got {
		t.Errorf("Read XML: %d events, %q", len(evs), evs[0].XML)
	}
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{one, true},
		{"<?xml version='1.0'?>\n<!-- x -->\n<Events>", true},
		{"Log Name: Application\n<Event xmlns=''>", false},
		{"<EventData>", false},
		{"{}", false},
		// Event Viewer's XML View as pasted: fold markers, a code block's
		// language line (constructed from the shape of a real paste, see
		// cmd/kmsdoctor/testdata/analyze/SOURCES.md, scmmanager74).
		{"    #!xml\n    \n    - <Event xmlns=\"x\">\n    - <System>", true},
		{"```xml\n+ <Event xmlns='x'>", true},
		{"PS C:\\> wevtutil qe Application /c:1 /f:xml\n<Event xmlns='x'>", true},
		{"- <EventData>", false},
		{"- item\n<Event>", false},
	} {
		if got := Detect(tc.in); got != tc.want {
			t.Errorf("Detect(%q) = %v", tc.in, got)
		}
	}
	if !Detect(eventtest.Head(utf16le("<Events>", true))) || !Detect(eventtest.Head(utf16le(one[:100], false))) {
		t.Error("UTF-16 not detected")
	}
}

func FuzzRead(f *testing.F) {
	for _, p := range []string{"xml_12288_12289_aws_kms_169.254.169.250_from_anotherc0ne_AD-DC_evtx.txt", "kmshost_12290_12293_constructed.xml"} {
		b, err := os.ReadFile(filepath.Join("testdata", p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(one))
	f.Add(utf16le(one, true))
	f.Fuzz(func(t *testing.T, b []byte) {
		Detect(eventtest.Head(b))
		eventtest.CheckPlaces(t, Read, b, "f.xml")
	})
}

func BenchmarkRead(b *testing.B) {
	var buf bytes.Buffer
	for i := 0; i < 10000; i++ {
		buf.WriteString(one)
		buf.WriteByte('\n')
	}
	in := buf.Bytes()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		n := 0
		Read(context.Background(), bytes.NewReader(in), "b.xml", eventlog.Options{}, func(*evidence.Event, []byte) error { n++; return nil })
		if n != 10000 {
			b.Fatal(n)
		}
	}
}

func TestEmitErrorAndCancelStop(t *testing.T) {
	in := []byte(strings.Repeat(one+"\n", 2000))
	stop := errors.New("stop")
	n := 0
	_, err := Read(context.Background(), bytes.NewReader(in), "x", eventlog.Options{}, func(*evidence.Event, []byte) error {
		if n++; n == 3 {
			return stop
		}
		return nil
	})
	if err != stop || n != 3 {
		t.Errorf("err %v after %d events", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	n = 0
	_, err = Read(ctx, bytes.NewReader(in), "x", eventlog.Options{}, func(*evidence.Event, []byte) error {
		if n++; n == 10 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || n > batchSize*2 {
		t.Errorf("err %v after %d events", err, n)
	}
}
