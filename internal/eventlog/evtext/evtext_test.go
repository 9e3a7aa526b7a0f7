package evtext

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/eventlog"
	"github.com/kmsdoctor/kmsdoctor/internal/eventlog/eventtest"

	"github.com/kmsdoctor/kmsdoctor/internal/testutil/golden"

	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

func readAll(b []byte, name string) ([]*evidence.Event, []evidence.Skip, error) {
	return eventtest.Collect(Read, b, name)
}

func dump(evs []*evidence.Event, sk []evidence.Skip) []byte { return eventtest.Dump(evs, sk, false) }

func TestCorpus(t *testing.T) {
	tests := []struct {
		file  string
		ids   string
		skips int
	}{
		{"en_12288_0xC004F06C_azkms_eventviewer_supportarticles.txt", "12288", 0},
		{"cs_16384_eventviewer_text_and_xml_pastebin_partial.txt", "16384", 0},
		{"ja_12288_12289_constructed.txt", "12288 12289", 0},
		{"en_8198_12288_with_xml_constructed.txt", "8198 12288", 0},
		{"en_12288_8198_messages_only_constructed.txt", "12288 8198", 0},
		{"en_12288_info_line_only_redacted_constructed.txt", "12288", 0},
		{"en_12288_12289_blank_lines_redacted_dandylife_partial.txt", "12288 12289", 0},
		// wevtutil qe /f:text: "Event[N]:" heads, its own labels, no damage.
		{"en_wevtutil_application_spp_16384_16394_dwm_notkms_thmwinlogs_partial.txt", "16384 16394 9027", 0},
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
			evs, sk, err := readAll(b, tc.file)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, e := range evs {
				ids = append(ids, itoa(e.EventID))
				if len(e.Data) == 0 || e.Provider == "" || e.Source.Line == 0 {
					t.Errorf("incomplete event %+v", e)
				}
			}
			if strings.Join(ids, " ") != tc.ids || len(sk) != tc.skips {
				t.Errorf("ids %v skips %v; want %s, %d skips", ids, sk, tc.ids, tc.skips)
			}
			got := dump(evs, sk)
			p := filepath.Join("testdata", "golden", tc.file+".golden")
			golden.Check(t, p, got)
		})
	}
}

// TestWevtutilDate: wevtutil /f:text prints the date as ISO 8601 local
// time without a zone (real outputs, testdata/SOURCES.md): read, and not
// taken for UTC.
func TestWevtutilDate(t *testing.T) {
	tm, ok := ParseDate("2020-12-14T17:09:08.940")
	if !ok || tm.Hour() != 17 || tm.Nanosecond() != 940e6 {
		t.Errorf("ParseDate = %v, %v", tm, ok)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

const en = "Log Name:      Application\r\nSource:        Microsoft-Windows-Security-SPP\r\nDate:          3/1/2024 10:00:00 PM\r\nEvent ID:      12288\r\nLevel:         Information\r\nComputer:      PC1\r\nDescription:\r\nThe client has sent an activation request to the key management service machine.\r\nInfo:\r\n0xC004F074, 0x00000000, kms:1688, x, 2024/03/01 22:00, 0, 1, 100, a, 25\r\n"

func TestForms(t *testing.T) {
	sjis, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte(strings.ReplaceAll(mustRead(t, "ja_12288_12289_constructed.txt"), "\n", "\r\n")))
	if err != nil {
		t.Fatal(err)
	}
	u16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(en))
	tests := []struct {
		name    string
		in      []byte
		n       int
		skips   int
		wantErr bool
	}{
		{"crlf", []byte(en), 1, 0, false},
		{"three pasted with chat around", []byte("hi, see below\n" + en + "\n" + en + "thanks\n" + en), 3, 0, false},
		{"shift_jis", sjis, 2, 0, false},
		{"utf-16le", u16, 1, 0, false},
		{"bad event id", []byte(strings.Replace(en, "12288", "12x88", 1) + en), 1, 1, false},
		{"bad date", []byte(strings.Replace(en, "3/1/2024 10:00:00 PM", "someday", 1)), 1, 1, false},
		{"cut XML", []byte(en + "Event Xml:\n<Event xmlns='x'><System>"), 1, 1, false},
		{"cut XML then another event", []byte(en + "Event Xml:\n<Event xmlns='x'><System>\n" + en), 2, 1, false},
		{"broken XML", []byte(en + "Event Xml:\n<Event xmlns='x'><System></Sys></Event>\n"), 1, 1, false},
		{"nothing", []byte("hello\nworld\n"), 0, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			evs, sk, err := readAll(tc.in, "in.txt")
			if (err != nil) != tc.wantErr {
				t.Fatalf("err %v", err)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "in.txt: line ") {
				t.Errorf("error %q does not name file and line", err)
			}
			if len(evs) != tc.n || len(sk) != tc.skips {
				t.Errorf("%d events %d skips %v; want %d %d", len(evs), len(sk), sk, tc.n, tc.skips)
			}
		})
	}
	evs, _, _ := readAll([]byte(en), "x")
	e := evs[0]
	if e.EventID != 12288 || e.Level != 4 || e.Computer != "PC1" || e.Time.Hour() != 22 || e.Channel != "Application" ||
		!strings.HasSuffix(e.Data[0], "a, 25") {
		t.Errorf("%+v", e)
	}
}

func mustRead(t *testing.T, f string) string {
	b, err := os.ReadFile(filepath.Join("testdata", f))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{en, true},
		{"Event ID: 5\nLog Name: x\n", false},
		{"<Event xmlns='x'>", false},
		{"Name: Windows\nDescription: x\n", false},
		{"- 0x0,5,Ignite1.ignite.local,930bd202-a335-4c7e-bd9d-7305361f0d37,Date/Time,0,5,0,6f327760-8c5c-417c-9b61-836a98287e0c\n", true},
		{"- 0x0 is success\n- 5,machines,pc1,930bd202\n", false}, // a list of words, not of Info lines
	} {
		if got := Detect(tc.in); got != tc.want {
			t.Errorf("Detect(%q) = %v", tc.in, got)
		}
	}
}

func FuzzRead(f *testing.F) {
	for _, p := range []string{"en_12288_0xC004F06C_azkms_eventviewer_supportarticles.txt", "cs_16384_eventviewer_text_and_xml_pastebin_partial.txt",
		"ja_12288_12289_constructed.txt", "en_8198_12288_with_xml_constructed.txt", "en_12288_12289_blank_lines_redacted_dandylife_partial.txt"} {
		b, err := os.ReadFile(filepath.Join("testdata", p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	// The German header of TestGermanHeader.
	f.Add([]byte("Protokollname: Application\nQuelle: Microsoft-Windows-Security-SPP\nDatum: 20.07.2010 00:00:01\n" +
		"Ereignis-ID: 12288\nEbene: Fehler\nBeschreibung:\nInfo:\n0xC004F074, 0x00000000, kms:1688, x, y, 0, 1, 0, a, 25\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		Detect(eventtest.Head(b))
		eventtest.CheckPlaces(t, Read, b, "f.txt")
	})
}

func BenchmarkRead(b *testing.B) {
	in := []byte(strings.Repeat(en, 10000))
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		evs, _, err := readAll(in, "b")
		if err != nil || len(evs) != 10000 {
			b.Fatal(err, len(evs))
		}
	}
}

// TestRedacted: placeholders in the Info strings are listed as redacted,
// on the real Microsoft sample and on an Info line pasted alone.
func TestRedacted(t *testing.T) {
	for file, want := range map[string]string{
		"en_12288_0xC004F06C_azkms_eventviewer_supportarticles.txt": "<CMID> <DateTime>",
		"en_12288_info_line_only_redacted_constructed.txt":          "<KMS Host FQDN>:1688 <CMID> <DateTime>",
		"ja_12288_12289_constructed.txt":                            "",
		"en_12288_12289_blank_lines_redacted_dandylife_partial.txt": "_key.management.server:_1688 .......-b604-4b8c-9a48-99d4348fcf37 6f345b60-8a5c-427c-....-836a982589dc",
	} {
		evs, sk, err := readAll([]byte(mustRead(t, file)), file)
		if err != nil || len(sk) != 0 || len(evs) == 0 {
			t.Fatalf("%s: %v %v", file, err, sk)
		}
		if got := strings.Join(evs[0].Redacted, " "); got != want {
			t.Errorf("%s: Redacted = %q, want %q", file, got, want)
		}
	}
}

// TestHugeDescription: a copied event whose description is far larger
// than MaxEvent keeps MaxEvent of it, says so, and the next event is read.
func TestHugeDescription(t *testing.T) {
	ev := "Log Name:      Application\nSource:        Microsoft-Windows-Security-SPP\nDate:          3/1/2024 10:00:00 AM\nEvent ID:      8198\nLevel:         Error\nDescription:\n"
	line := strings.Repeat("x", 1000) + "\n"
	in := ev + strings.Repeat(line, 3*MaxEvent/len(line)) + ev + "short\n"
	var sizes []int
	skips, err := Read(context.Background(), strings.NewReader(in), "big.txt", eventlog.Options{}, func(e *evidence.Event, _ []byte) error {
		n := 0
		for _, d := range e.Data {
			n += len(d)
		}
		sizes = append(sizes, n)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(sizes) != 2 || sizes[0] > MaxEvent+1000 || len(skips) != 1 || skips[0].Key != "skip.evtext.too_large" {
		t.Errorf("sizes %v, skips %+v", sizes, skips)
	}
}

// TestHeadlessBlankLines: a message pasted without the Event Viewer header
// stays one event through the blank lines a web page or a chat puts inside
// it, as long as the part of the message still to come ("Info:", its
// values, "hr=") follows; then a blank line ends it. Each case gives the
// event ids and, per event, the last line of its data.
func TestHeadlessBlankLines(t *testing.T) {
	const (
		req  = "The client has sent an activation request to the key management service machine."
		resp = "The client has processed an activation response from the key management service machine."
		v88  = "0x00000000, 0x00000000, kms01.contoso.com:1688, 5a1c6f0e-6d5e-4c1b-9b1e-0f2a3b4c5d6e, 2024/03/01 01:00, 0, 1, 43200, 73111121-5638-40f6-bc11-f1d7b0d64300, 25"
		v89  = "0x00000000, 0x00000000, 1, 0, 30, 120, 10080, 2024/03/01 01:00"
	)
	for _, tc := range []struct {
		name, in string
		ids      string
		last     []string
	}{
		{"real: dandylife.net post", mustRead(t, "en_12288_12289_blank_lines_redacted_dandylife_partial.txt"), "12288 12289",
			[]string{"0x00000000, 0x00000000, _key.management.server:_1688, .......-b604-4b8c-9a48-99d4348fcf37, 2012/12/04 07:06, 0, 2, 972, 6f345b60-8a5c-427c-....-836a982589dc, 5",
				"0x00000000, 0x00000000, 1, 0, 10, 120, 10080, 2012/12/04 07:06"}},
		{"blank lines before Info only", req + "\n\n\n\nInfo:\n" + v88 + "\n", "12288", []string{v88}},
		{"blank lines after Info only", req + "\nInfo:\n\n\n" + v88 + "\n", "12288", []string{v88}},
		{"CRLF and trailing spaces", strings.ReplaceAll(req+"  \n\nInfo:  \n\n"+v88+"\n\n\n"+resp+"\nInfo:\n"+v89+"\n", "\n", "\r\n"), "12288 12289", []string{v88, v89}},
		{"Japanese Info label", req + "\n\n情報:\n\n" + v88 + "\n", "12288", []string{v88}},
		{"Info and values on one line", req + "\n\nInfo: " + v88 + "\n\nthanks\n", "12288", []string{"Info: " + v88}},
		{"Volume Activation 2.0 wording", "The client has sent an activation request to the Key Management Service computer.\n\nInfo:\n" + v88 + "\n", "12288", []string{v88}},
		{"8198 with blank lines", "License Activation (slui.exe) failed with the following error code:\n\n\nhr=0xC004F074\nCommand-line arguments:\n-Embedding\n\nthanks\n", "8198", []string{"-Embedding"}},
		{"two messages without a blank line", req + "\nInfo:\n" + v88 + "\n" + resp + "\nInfo:\n" + v89 + "\n", "12288 12289", []string{v88, v89}},
		{"next message before the values", req + "\nInfo:\n\n" + resp + "\nInfo:\n" + v89 + "\n", "12288 12289", []string{"Info:", v89}},
		// Prose after the blank lines is not the structure still to come:
		// the message ends, the prose is not read into it.
		{"prose after blank lines", req + "\n\n\nI then rebooted and got\n" + v88 + "\n", "12288 12288", []string{req, v88}},
		{"complete message, then prose", req + "\nInfo:\n" + v88 + "\n\nthe log says so\n", "12288", []string{v88}},
		{"two Info lines alone", v88 + "\n\n" + v88 + "\n", "12288 12288", []string{v88, v88}},
		// The KMS host's DNS publishing messages (Volume Activation 2.0
		// guide, KMS events table): the failure waits for its Info code,
		// the success has none.
		{"12293 with blank lines", "Publishing the Key Management Service (KMS) to DNS in the 'contoso.com' domain failed.\n\nInfo:\n\n0x8007267C\n", "12293", []string{"0x8007267C"}},
		{"12294", "Publishing the Key Management Service (KMS) to DNS in the 'contoso.com' domain is successful.\n\n" + req + "\nInfo:\n" + v88 + "\n", "12294 12288",
			[]string{"Publishing the Key Management Service (KMS) to DNS in the 'contoso.com' domain is successful.", v88}},
		// A KMS host's 12290 Info lines alone, as Microsoft's articles copy
		// them (no blank after the commas, "Date/Time" for the time, a list
		// mark before each; cmd/kmsdoctor/testdata/heldout18 ...12290_
		// duplicate_cmid): one event per line. Constructed variants: with
		// blanks, after the message sentence, numbered.
		{"12290 lines in a list", "- 0x0,5,Ignite1.ignite.local,930bd202-a335-4c7e-bd9d-7305361f0d37,Date/Time,0,5,0,6f327760-8c5c-417c-9b61-836a98287e0c\n- 0x0,5,Ignite2.ignite.local,2f362dd3-fb39-4d18-94e6-de1d30dd27d5,Date/Time,0,5,0,6f327760-8c5c-417c-9b61-836a98287e0c\n",
			"12290 12290", []string{"0x0,5,Ignite1.ignite.local,930bd202-a335-4c7e-bd9d-7305361f0d37,Date/Time,0,5,0,6f327760-8c5c-417c-9b61-836a98287e0c", "0x0,5,Ignite2.ignite.local,2f362dd3-fb39-4d18-94e6-de1d30dd27d5,Date/Time,0,5,0,6f327760-8c5c-417c-9b61-836a98287e0c"}},
		{"12290 with blanks, numbered", "1. 0x0, 25, pc1.contoso.com, 930bd202-a335-4c7e-bd9d-7305361f0d37, 2024/03/01 01:00, 0, 1, 43200, 55c92734-d682-4d71-983e-d6ec3f16059f\n",
			"12290", []string{"0x0, 25, pc1.contoso.com, 930bd202-a335-4c7e-bd9d-7305361f0d37, 2024/03/01 01:00, 0, 1, 43200, 55c92734-d682-4d71-983e-d6ec3f16059f"}},
		{"12290 after its sentence", "An activation request has been processed.\nInfo:\n0x0,5,pc1,930bd202-a335-4c7e-bd9d-7305361f0d37,Date/Time,0,5,0,6f327760-8c5c-417c-9b61-836a98287e0c\n",
			"12290", []string{"0x0,5,pc1,930bd202-a335-4c7e-bd9d-7305361f0d37,Date/Time,0,5,0,6f327760-8c5c-417c-9b61-836a98287e0c"}},
		// Security-SPP's 1066 inside a program's log (bracketed prefix, a
		// Docker Desktop log) and Application Error's 1000 without header:
		// one event each, its lines kept together (cmd/kmsdoctor/testdata/
		// analyze dockerforwin2312, idlemaster15, winutil798).
		{"1066 in a log", "[09:43:57.379][WindowsDaemon  ][Info   ] debug: Calling GET /v1.38/containers/json\n[09:43:57.380][WindowsDaemon  ][Info   ] Initialization status for service objects.\nC:\\WINDOWS\\system32\\sppobjs.dll, msft:spp/TaskScheduler/1.0, 0x00000000, 0x00000000\n",
			"1066", []string{"C:\\WINDOWS\\system32\\sppobjs.dll, msft:spp/TaskScheduler/1.0, 0x00000000, 0x00000000"}},
		{"1000 without header", "Faulting application name: steam-idle.exe, version: 1.0.0.0, time stamp: 0x53d97352\nFaulting module name: KERNELBASE.dll, version: 6.1.7601.18409, time stamp: 0x53159a86\nException code: 0xe0434352\nFaulting application path: C:\\PROGRA~1\\IDLEMA~1\\steam-idle.exe\nReport Id: 389ea1fb-257f-11e4-aed9-005056c00008\n",
			"1000", []string{"Report Id: 389ea1fb-257f-11e4-aed9-005056c00008"}},
		{"1000 in Portuguese", "Hora de início do aplicativo com falha: 0x0x1D98DCCFB94DE1C\nCaminho do aplicativo com falha: C:\\Windows\\system32\\wbem\\wmiprvse.exe\nCaminho do módulo com falha: C:\\Windows\\SYSTEM32\\ntdll.dll\n",
			"1000", []string{"Caminho do módulo com falha: C:\\Windows\\SYSTEM32\\ntdll.dll"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			evs, sk, err := readAll([]byte(tc.in), "in.txt")
			if err != nil || len(sk) != 0 {
				t.Fatalf("err %v, skips %+v", err, sk)
			}
			var ids, last []string
			for _, e := range evs {
				ids = append(ids, itoa(e.EventID))
				lines := strings.Split(e.Data[0], "\n")
				last = append(last, lines[len(lines)-1])
				if strings.Contains(e.Data[0], "\n\n") {
					t.Errorf("blank lines kept in %q", e.Data[0])
				}
			}
			if strings.Join(ids, " ") != tc.ids || strings.Join(last, "|") != strings.Join(tc.last, "|") {
				t.Errorf("ids %v, last lines %q; want %s, %q", ids, last, tc.ids, tc.last)
			}
		})
	}
}

// TestGermanHeader: the real English copy of a 12288 with its header
// labels replaced by the German ones of a real German copy (SOURCES.md)
// gives the same event. The message text stays as it is.
func TestGermanHeader(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "en_12288_0xC004F06C_azkms_eventviewer_supportarticles.txt"))
	if err != nil {
		t.Fatal(err)
	}
	de := strings.NewReplacer("Log Name:", "Protokollname:", "Source:", "Quelle:", "Date:", "Datum:",
		"Event ID:", "Ereignis-ID:", "Task Category:", "Aufgabenkategorie:", "Level:", "Ebene:",
		"Keywords:", "Schlüsselwörter:", "User:", "Benutzer:", "Description:", "Beschreibung:").Replace(string(b))
	if !Detect(eventtest.Head([]byte(de))) {
		t.Fatal("Detect = false")
	}
	en, _, err := readAll(b, "x.txt")
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := readAll([]byte(de), "x.txt")
	if err != nil {
		t.Fatal(err)
	}
	if string(dump(got, nil)) != string(dump(en, nil)) {
		t.Errorf("German:\n%s\nEnglish:\n%s", dump(got, nil), dump(en, nil))
	}
}
