package ingest

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/render"
	"github.com/kmsdoctor/kmsdoctor/internal/testutil/encoded"
	"github.com/kmsdoctor/kmsdoctor/internal/textenc"
)

const dli = "Name: Windows(R), Professional edition\r\nDescription: Windows(R) Operating System, VOLUME_KMSCLIENT channel\r\nLicense Status: Licensed\r\n"

func encode(t *testing.T, s string, enc string) []byte {
	t.Helper()
	return encoded.Bytes(t, s, enc)
}

func TestDecode(t *testing.T) {
	ja := "ライセンスの状態: ライセンスされています\r\n説明: Windows(R) Operating System, VOLUME_KMSCLIENT channel\r\n"
	tests := []struct {
		name, text, enc string
		wantEnc         textenc.Encoding
	}{
		{"utf8", dli, "utf8", textenc.UTF8},
		{"utf8 bom", dli, "utf8bom", textenc.UTF8BOM},
		{"utf16le bom", dli, "utf16le-bom", textenc.UTF16LE},
		{"utf16be bom", dli, "utf16be-bom", textenc.UTF16BE},
		{"utf16le no bom", dli, "utf16le", textenc.UTF16LE},
		{"utf16be no bom", dli, "utf16be", textenc.UTF16BE},
		{"utf16le bom japanese", ja, "utf16le-bom", textenc.UTF16LE},
		{"shift_jis", ja, "sjis", textenc.ShiftJIS},
		{"utf8 japanese", ja, "utf8", textenc.UTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, enc, ok := decode(encode(t, tt.text, tt.enc))
			if !ok {
				t.Fatal("not decoded")
			}
			if enc != tt.wantEnc {
				t.Errorf("encoding %s, want %s", enc, tt.wantEnc)
			}
			if want := strings.ReplaceAll(tt.text, "\r\n", "\n"); got != want {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}

func TestDecodeBinary(t *testing.T) {
	for _, raw := range [][]byte{
		[]byte("ElfFile\x00\x00\x01\x02\x03\x04\x05"),
		{0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x81, 0x82, 0xff, 0xfe},
	} {
		if _, _, ok := decode(raw); ok {
			t.Errorf("%q decoded as text", raw)
		}
	}
}

// TestSplitNslookupSession: the "> set" and "> _vlmcs..." lines of an
// interactive nslookup session (Kind.Continues) do not cut the text.
func TestSplitNslookupSession(t *testing.T) {
	text := "C:\\>nslookup\nDefault Server:  dc1\nAddress:  10.0.0.1\n\n> set type=srv\n> _vlmcs._tcp.contoso.com\n" +
		"Server:  dc1\nAddress:  10.0.0.1\n\n_vlmcs._tcp.contoso.com  SRV service location:\n> exit\n"
	var firsts []int
	for _, s := range Split(text) {
		firsts = append(firsts, s.Line)
	}
	if want := []int{1, 7, 11}; !slices.Equal(firsts, want) {
		t.Fatalf("segments start at lines %v, want %v", firsts, want)
	}
}

func TestSplit(t *testing.T) {
	text := "Hello, here are the outputs.\n" +
		"C:\\>nslookup -type=srv _vlmcs._tcp.contoso.com\n" +
		"Server:  dc1\nAddress:  10.0.0.1\n\n" +
		"*** dc1 can't find _vlmcs._tcp.contoso.com: Non-existent domain\n" +
		"PS C:\\> Test-NetConnection kms -Port 1688\n\n" +
		"ComputerName     : kms\nTcpTestSucceeded : False\n" +
		"ComputerName     : kms2\nTcpTestSucceeded : True\n"
	segs := Split(text)
	var firsts []int
	for _, s := range segs {
		firsts = append(firsts, s.Line)
	}
	want := []int{1, 2, 7, 11}
	if len(firsts) != len(want) {
		t.Fatalf("segments start at lines %v, want %v", firsts, want)
	}
	for i := range want {
		if firsts[i] != want[i] {
			t.Fatalf("segments start at lines %v, want %v", firsts, want)
		}
	}
}

func TestTicketReadsEveryOutput(t *testing.T) {
	text := "Hello, here are the outputs.\n" +
		"C:\\>nslookup -type=srv _vlmcs._tcp.contoso.com\n" +
		"Server:  dc1\nAddress:  10.0.0.1\n\n" +
		"*** dc1 can't find _vlmcs._tcp.contoso.com: Non-existent domain\n" +
		"PS C:\\> Test-NetConnection kms -Port 1688\n\n" +
		"ComputerName     : kms\nRemotePort       : 1688\nTcpTestSucceeded : False\n\n" +
		"C:\\>cscript slmgr.vbs /dli\n" + strings.ReplaceAll(dli, "\r", "")
	var s evidence.Set
	if !Text("ticket.txt", text, &s) {
		t.Fatal("nothing recognised")
	}
	if len(s.SRV) != 1 || s.SRV[0].Outcome != evidence.DNSNXDomain || s.SRV[0].Source.Line != 6 || s.SRV[0].Domain != "contoso.com" {
		t.Errorf("SRV = %+v", s.SRV)
	}
	if len(s.TCP) != 1 || s.TCP[0].Outcome == evidence.TCPOK || s.TCP[0].Source.Line != 11 {
		t.Errorf("TCP = %+v", s.TCP)
	}
	if len(s.Products) != 1 || s.Products[0].Source.Line != 14 {
		t.Errorf("Products = %+v", s.Products)
	}
}

// TestClockCauseBesideOutput: the clock named as the cause in words beside
// an slmgr /ato error, in its paragraph or in one of its own, is read
// (prose.ReadBeside, prose.Read); a clock that is fine, or asked about, is
// not (constructed, in slmgr's English layout).
func TestClockCauseBesideOutput(t *testing.T) {
	ato := "C:\\>slmgr /ato\nActivating Windows(R), Enterprise edition (73111121-5638-40f6-bc11-f1d7b0d64300) ...\n" +
		"Error: 0xC004F074 The Software Licensing Service reported that the computer could not be activated. No Key Management Service (KMS) could be contacted. Please see the Application Event Log for additional information.\n"
	for _, tc := range []struct {
		name, words string
		stated      bool
	}{
		{"same paragraph", "I think this is because the clock was wrong on this machine.\n", true},
		{"own paragraph", "\nThe cause was that the time on the client was wrong.\n", true},
		{"clock fine", "\nFirewall is open and time is synced correctly.\n", false},
		{"asked", "\nIs it possible that the time on the client was wrong?\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s evidence.Set
			Text("ticket.txt", ato+tc.words, &s)
			if len(s.Codes) != 1 || s.Codes[0].Code != "0xC004F074" {
				t.Errorf("codes %+v", s.Codes)
			}
			n := 0
			for _, ts := range s.TimeSync {
				if ts.Stated != "" {
					n++
				}
			}
			if (n == 1) != tc.stated || n > 1 {
				t.Errorf("%d clocks stated, want one: %v (%+v)", n, tc.stated, s.TimeSync)
			}
		})
	}
}

// TestServerLogBesideOutput: a py-kms log pasted with ospp's error in one
// segment (which the slmgr kind reads) is still read as the server's view
// (prose.ReadBeside): the request it answered, and no state of this machine
// from its "License Status: Grace Period" (constructed in the layouts of
// py-kms and ospp.vbs /act).
func TestServerLogBesideOutput(t *testing.T) {
	text := "Sat, 23 Oct 2021 18:42:14 INFO     Received activation request.\n" +
		"Sat, 23 Oct 2021 18:42:15 INFO     License Status: Grace Period\n" +
		"Sat, 23 Oct 2021 18:42:15 INFO     Request Time: 2021-10-23 18:42:12 UTC (UTC+0000)\n" +
		"Sat, 23 Oct 2021 18:42:15 INFO     Connection closed: 172.17.0.1:59084\n\n" +
		"In the Windows Terminal I get the following error details:\nERROR CODE: 0xC004F074\n" +
		"ERROR DESCRIPTION: The Software Licensing Service reported that the product could not be activated. No Key Management Service (KMS) could be contacted. Please see the Application Event Log for additional information.\n"
	var s evidence.Set
	Text("ticket.txt", text, &s)
	if len(s.KMSServerLogs) != 1 || s.KMSServerLogs[0].Answered != 1 || s.KMSServerLogs[0].Source.Line != 1 {
		t.Errorf("server logs %+v", s.KMSServerLogs)
	}
	for _, p := range s.Products {
		if p.Status == evidence.StatusOOBGrace {
			t.Errorf("a client's reported state read as a product: %+v", p)
		}
	}
	if len(s.Codes) != 1 || s.Codes[0].Code != "0xC004F074" {
		t.Errorf("codes %+v", s.Codes)
	}
}

// TestWordsBesideOutputInSequence: the words pasted with a code-free
// output are read as a sequence (prose.ReadAlongside): a success they state
// after their failure is the later state, a failure after a success stays
// (constructed, nslookup and Test-NetConnection in their English layouts).
func TestWordsBesideOutputInSequence(t *testing.T) {
	ns := "C:\\>nslookup -type=srv _vlmcs._tcp.contoso.com\nServer:  dc1.contoso.com\nAddress:  10.0.0.1\n\n" +
		"_vlmcs._tcp.contoso.com SRV service location:\n          priority       = 0\n          weight         = 0\n" +
		"          port           = 1688\n          svr hostname   = kms1.contoso.com\nkms1.contoso.com internet address = 10.0.0.5\n"
	for _, tc := range []struct {
		name, words      string
		licensed, failed bool
	}{
		{"failure then success", "Activation failed at first, but after I added the record Windows activated successfully.\n", true, false},
		{"success then failure", "Windows activated successfully yesterday. Today activation failed again.\n", false, true},
		{"failure only", "But Windows still says it is not activated.\n", false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s evidence.Set
			Text("ticket.txt", ns+tc.words, &s)
			lic := slices.ContainsFunc(s.Products, func(p evidence.Product) bool { return p.Status == evidence.StatusLicensed })
			if lic != tc.licensed || (len(s.StatedFailures) > 0) != tc.failed || len(s.SRV) != 1 {
				t.Errorf("licensed %v, stated failures %+v, SRV %d; want licensed %v, failed %v", lic, s.StatedFailures, len(s.SRV), tc.licensed, tc.failed)
			}
		})
	}
}

func writeZip(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for n, d := range files {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(d)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestZipBundle(t *testing.T) {
	inner := writeZip(t, map[string][]byte{"dlv.txt": encode(t, dli, "utf16le-bom")})
	outer := writeZip(t, map[string][]byte{
		"logs/inner.zip":         inner,
		"../../etc/evil.txt":     []byte("not an artifact\n"),
		"C:\\abs\\slmgr dli.txt": []byte(dli),
	})
	var s evidence.Set
	Bytes("bundle.zip", outer, &s)
	wantInputs := map[string]bool{
		"bundle.zip!logs/inner.zip!dlv.txt": true,
		"bundle.zip!etc/evil.txt":           true,
		"bundle.zip!C:/abs/slmgr dli.txt":   true,
	}
	for _, in := range s.Inputs {
		if !wantInputs[in] {
			t.Errorf("unexpected input name %q", in)
		}
		delete(wantInputs, in)
	}
	if len(wantInputs) > 0 {
		t.Errorf("missing inputs %v (got %v)", wantInputs, s.Inputs)
	}
	if len(s.Products) != 2 {
		t.Errorf("%d products, want 2", len(s.Products))
	}
	if len(s.Unrecognized) != 1 || s.Unrecognized[0].File != "bundle.zip!etc/evil.txt" {
		t.Errorf("Unrecognized = %v", s.Unrecognized)
	}
}

func TestZipDepthAndDamage(t *testing.T) {
	z := writeZip(t, map[string][]byte{"a.txt": []byte(dli)})
	for i := 0; i < MaxZipDepth+1; i++ {
		z = writeZip(t, map[string][]byte{"n.zip": z})
	}
	var s evidence.Set
	Bytes("deep.zip", z, &s)
	if len(s.Skipped) != 1 || !strings.Contains(render.Message(i18n.EN, s.Skipped[0].Message()), "nested") {
		t.Errorf("Skipped = %+v", s.Skipped)
	}
	var d evidence.Set
	Bytes("broken.zip", append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0xff}, 40)...), &d)
	if len(d.Skipped) != 1 || d.Skipped[0].Source.File != "broken.zip" {
		t.Errorf("Skipped = %+v", d.Skipped)
	}
}

func TestPathsErrors(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "b.txt"), []byte(dli), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.bin"), []byte{0, 1, 2, 3, 0, 0, 0, 9, 0xff}, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Paths([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Inputs) != 2 || !strings.HasSuffix(s.Inputs[0], "a.bin") || len(s.Unrecognized) != 1 || len(s.Products) != 1 {
		t.Errorf("set = %+v", s)
	}
	_, err = Paths([]string{filepath.Join(dir, "missing.txt")})
	var oe *OpenError
	if !errors.As(err, &oe) || !strings.Contains(err.Error(), "missing.txt") {
		t.Errorf("err = %v, want an OpenError naming the file", err)
	}
}

func FuzzDecodeSplit(f *testing.F) {
	f.Add([]byte(dli))
	f.Add(encode(&testing.T{}, dli, "utf16le-bom"))
	f.Add([]byte("PS C:\\> x\n> nslookup\n"))
	f.Add([]byte("a  b  c  d  e  f  g\n")) // azure.Starts once panicked on this
	if z, err := os.ReadFile("testdata/seed.zip"); err == nil {
		f.Add(z)
	}
	f.Add([]byte(strings.Repeat("PS C:\\> x\n", 2000)))
	// A quoted block and a fenced one among words (split.go).
	f.Add([]byte("words\n> Name : W\n> LicenseStatus : 1\n>\n> PartialProductKey : AAAAA\nmore\n```text\n> a\n```\n"))
	// The tables the readers use (message texts, a document's signals,
	// slmgr's messages) are built once per process, whatever the input:
	// build them before measuring, by reading texts that reach each reader.
	knowledge.MatchMessages("warm up")
	knowledge.AboutNoMachine("warm up")
	for _, w := range []string{dli, "words\n> Name : W\n", "Activating Windows(R), Enterprise edition (12345678-1234-1234-1234-123456789012) ...\nProduct activated successfully.\n",
		"Activation failed with 0xC004F074 this morning. Please contact your system administrator."} {
		var s evidence.Set
		readBytes("warm", []byte(w), newRun(&s), 0)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var s evidence.Set
		r := newRun(&s)
		alloc := allocated(func() { readBytes("fuzz", raw, r, 0) })
		// Allocation is bounded by the input and what its zips inflate to:
		// a hostile input costs a bounded multiple of its size.
		if alloc > fuzzLimit(raw, MaxUnzipped-r.unzipLeft) {
			t.Fatalf("%d bytes (%d inflated) allocated %d MiB", len(raw), MaxUnzipped-r.unzipLeft, alloc>>20)
		}
		for _, sk := range s.Skipped {
			// ingest survives a reader's panic, but a panic is still a bug.
			if sk.Key == "skip.ingest.reader_panic" {
				t.Fatalf("a reader panicked: %s", render.Message(i18n.EN, sk.Message()))
			}
			if m := render.Message(i18n.EN, sk.Message()); len(m) > 4096 {
				t.Fatalf("a %d-byte damage message", len(m))
			}
		}
		if text, _, ok := decode(raw); ok {
			total := 0
			for _, seg := range Split(text) {
				total += len(seg.Text)
				if seg.Line < 1 {
					t.Fatalf("segment line %d", seg.Line)
				}
			}
			if total != len(text) {
				t.Fatalf("segments cover %d of %d bytes", total, len(text))
			}
		}
	})
}

func BenchmarkTicket(b *testing.B) {
	text := strings.Repeat("PS C:\\> Test-NetConnection kms -Port 1688\nComputerName : kms\nRemotePort : 1688\nTcpTestSucceeded : True\n"+strings.ReplaceAll(dli, "\r", ""), 200)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		var s evidence.Set
		Text("ticket", text, &s)
	}
}

// TestCorpusRecognised: every corpus artifact is recognised by some kind.
func TestCorpusRecognised(t *testing.T) {
	files, _ := filepath.Glob("testdata/corpus/*.txt")
	if len(files) == 0 {
		t.Fatal("no corpus copies")
	}
	for _, f := range files {
		s, err := Paths([]string{f})
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Unrecognized) != 0 || len(s.Skipped) != 0 {
			t.Errorf("%s: unrecognized %v, skipped %v", f, s.Unrecognized, s.Skipped)
		}
	}
	// The folder walk skips SOURCES.md.
	s, err := Paths([]string{"testdata/corpus"})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Inputs) != len(files) || len(s.Unrecognized) != 0 {
		t.Errorf("folder: inputs %v, unrecognized %v", s.Inputs, s.Unrecognized)
	}
}

func TestUnreadableFileInFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads files whatever their mode")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "locked.txt")
	if err := os.WriteFile(p, []byte(dli), 0o000); err != nil {
		t.Fatal(err)
	}
	s, err := Paths([]string{dir})
	if err != nil {
		t.Fatalf("a locked file inside a folder must not fail the run: %v", err)
	}
	if len(s.Skipped) != 1 || !strings.Contains(render.Message(i18n.EN, s.Skipped[0].Message()), "cannot read") {
		t.Errorf("Skipped = %+v", s.Skipped)
	}
	if _, err := Paths([]string{p}); err == nil {
		t.Error("a locked file named on the command line must fail")
	}
}

// TestTicketWarningStaysWithItsResult: a (translated) warning printed
// between the prompt and the result belongs to that result.
func TestTicketWarningStaysWithItsResult(t *testing.T) {
	text := "PS C:\\> Test-NetConnection kms.nowhere.example -Port 1688\n" +
		"警告: kms.nowhere.example の名前解決に失敗しました\n\n\n" +
		"ComputerName   : kms.nowhere.example\nRemoteAddress  :\nInterfaceAlias :\nSourceAddress  :\nPingSucceeded  : False\n"
	var s evidence.Set
	Text("ticket.txt", text, &s)
	if len(s.Names) != 1 || s.Names[0].Outcome != evidence.DNSNXDomain || len(s.TCP) != 0 {
		t.Errorf("names %+v, tcp %+v", s.Names, s.TCP)
	}
}

func TestDamagedBytes(t *testing.T) {
	ja := "説明: Windows(R) Operating System, VOLUME_KMSCLIENT channel\nライセンスの状態: ライセンスされています\n"
	raw := append([]byte("Name: Windows(R), Enterprise edition\n"), 0xff)
	raw = append(raw, ja...)
	var s evidence.Set
	Bytes("damaged.txt", raw, &s)
	if len(s.Products) != 1 || s.Products[0].Status != evidence.StatusLicensed {
		t.Errorf("products %+v (the Japanese part must survive one bad byte)", s.Products)
	}
	if len(s.Skipped) != 1 || s.Skipped[0].Source.Line != 2 || s.Skipped[0].Count != 1 {
		t.Errorf("skipped %+v", s.Skipped)
	}
}

func TestOfficeDocumentIsNotABundle(t *testing.T) {
	docx := writeZip(t, map[string][]byte{"[Content_Types].xml": []byte("<Types/>"), "word/document.xml": []byte("<w:document/>")})
	var s evidence.Set
	Bytes("screenshot.docx", docx, &s)
	if len(s.Inputs) != 1 || len(s.WrongFormat) != 1 || s.WrongFormat[0].Source.File != "screenshot.docx" || s.WrongFormat[0].Format != "docx" {
		t.Errorf("inputs %v, wrong format %v", s.Inputs, s.WrongFormat)
	}
}

func TestReaderPanicIsContained(t *testing.T) {
	saved := Kinds
	defer func() { Kinds = saved }()
	Kinds = append([]Kind{{Name: "boom", Detect: func(string) bool { return true },
		Read: func(string, int, string, *evidence.Set) error { panic("bad reader") }}}, saved...)
	var s evidence.Set
	Bytes("x.txt", []byte(dli), &s)
	if len(s.Skipped) != 1 || !strings.Contains(render.Message(i18n.EN, s.Skipped[0].Message()), "boom reader failed") || len(s.Products) != 1 {
		t.Errorf("skipped %+v, products %d", s.Skipped, len(s.Products))
	}
}

// TestSkipsFromCorpora reads every test file of the module (the corpora
// copied into the packages' testdata, damaged ones included) and checks
// every skip: its message is in the catalogue with all its placeholders
// filled, What is the English text and the Japanese text differs.
func TestSkipsFromCorpora(t *testing.T) {
	root := filepath.Join("..", "..")
	var files []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != root && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() && strings.Contains(filepath.ToSlash(p), "/testdata/") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]int{}
	for _, p := range files {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var s evidence.Set
		Bytes(filepath.ToSlash(p), raw, &s)
		for _, sk := range s.Skipped {
			keys[sk.Key]++
			checkSkip(t, sk)
		}
	}
	t.Logf("%d test files, skips by key: %v", len(files), keys)

	// Damage the corpora the way real inputs are damaged; each case must
	// produce (at least) the skip named.
	read := func(p string) string {
		b, err := os.ReadFile(filepath.Join(root, "internal", p))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	evtx := read("eventlog/evtx/testdata/anotherc0ne_EventLog_Application.evtx")
	xmlEv := read("eventlog/wevtxml/testdata/kmshost_12290_12293_constructed.xml")
	jaText := read("eventlog/evtext/testdata/ja_12288_12289_constructed.txt")
	enText := read("eventlog/evtext/testdata/en_8198_12288_with_xml_constructed.txt")
	routes := read("azure/testdata/edited_az_route_table_nva.json")
	const csvHdr = "Level,Date and Time,Source,Event ID,Task Category\n"
	deep := []byte(dli)
	for range MaxZipDepth + 1 {
		deep = writeZip(t, map[string][]byte{"in.zip": deep})
	}
	damaged := []struct {
		name, key string
		raw       []byte
	}{
		{"bad byte", "skip.ingest.bad_chars", append([]byte(dli), 0xff, '\n')},
		{"zip too deep", "skip.ingest.zip_too_deep", deep},
		{"zip cut", "skip.ingest.zip_error", writeZip(t, map[string][]byte{"a.txt": []byte(dli)})[:60]},
		{"evtx cut", "skip.evtx.chunk_truncated", []byte(evtx[:4096+65536+1000])},
		{"csv bad date", "skip.evcsv.row_problems", []byte(csvHdr + "Error,yesterday,Microsoft-Windows-Security-SPP,12288,None\n")},
		{"csv bad quote", "skip.evcsv.bad_row", []byte(csvHdr + "Error,3/5/2024 9:00:00 AM,Microsoft-Windows-Security-SPP,1,\"m\"x\nError,3/5/2024 9:00:00 AM,Microsoft-Windows-Security-SPP,2,None\n")},
		{"text bad date", "skip.evtext.problems", []byte(strings.Replace(jaText, "2024/03/01 10:00:00", "いつか", 1))},
		{"text bad id", "skip.evtext.no_event_id", []byte(strings.Replace(jaText, "12288", "12x88", 1))},
		{"text cut XML", "skip.evtext.xml_cut", []byte(enText + "\nEvent Xml:\n<Event xmlns='x'><System>")},
		{"xml cut", "skip.wevtxml.cut", []byte(xmlEv[:len(xmlEv)-40])},
		{"xml syntax", "skip.wevtxml.xml_syntax", []byte(strings.Replace(xmlEv, "</System>", "</Sys>", 1))},
		{"xml bad id", "skip.wevtxml.bad_event", []byte(strings.Replace(xmlEv, ">12290<", ">x<", 1))},
		{"route without next hop", "skip.azure.route_incomplete", []byte(strings.Replace(routes, `"nextHopType"`, `"nextHop"`, 1))},
	}
	for _, tc := range damaged {
		var s evidence.Set
		Bytes(tc.name, tc.raw, &s)
		found := false
		for _, sk := range s.Skipped {
			keys[sk.Key]++
			checkSkip(t, sk)
			found = found || sk.Key == tc.key
		}
		if !found {
			t.Errorf("%s: no %s among %+v", tc.name, tc.key, s.Skipped)
		}
	}
	t.Logf("with damaged inputs: %v", keys)
}

var placeholder = regexp.MustCompile(`\{[a-z_0-9]+\}`)

func checkSkip(t *testing.T, sk evidence.Skip) {
	t.Helper()
	msg, ok := i18n.Catalogue()[sk.Key]
	if !ok {
		t.Errorf("%s: skip %q has key %q, not in the catalogue", sk.Source, render.Message(i18n.EN, sk.Message()), sk.Key)
		return
	}
	for _, ph := range placeholder.FindAllString(msg.EN, -1) {
		if _, ok := sk.Args[ph[1:len(ph)-1]]; !ok {
			t.Errorf("%s: skip %s has no argument %s", sk.Source, sk.Key, ph)
		}
	}
	if ja := render.Message(i18n.JA, sk.Message()); ja == render.Message(i18n.EN, sk.Message()) {
		t.Errorf("%s: skip %s has no Japanese text: %q", sk.Source, sk.Key, ja)
	}
}

// TestSkipKeysInCatalogue checks that every skip.* message the readers name
// is in the catalogue and every skip.* message of the catalogue is used,
// including the skips no test corpus produces.
func TestSkipKeysInCatalogue(t *testing.T) {
	lit := regexp.MustCompile(`"(skip\.[a-z0-9_.]+)"`)
	used := map[string]bool{}
	err := filepath.WalkDir(filepath.Join("..", ".."), func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && p != filepath.Join("..", "..")) {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range lit.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
			if !i18n.Has(m[1]) {
				t.Errorf("%s: message %s is not in the catalogue", p, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range i18n.Keys() {
		if strings.HasPrefix(k, "skip.") && !used[k] {
			t.Errorf("catalogue message %s is used nowhere", k)
		}
	}
}

// TestSplitContinuationPrompt: PowerShell's ">>" continuation prompt after
// a command (a real French paste, internal/runbook/testdata/fr_nslookup_*)
// is no new command: the nslookup output stays with its command line.
func TestSplitContinuationPrompt(t *testing.T) {
	text := "PS C:\\Users\\T> nslookup www.thinkerview.com\n>>\nServeur :   dns.google\nAddress:  8.8.8.8\n"
	if segs := Split(text); len(segs) != 1 {
		t.Fatalf("%d segments, want 1: %+v", len(segs), segs)
	}
}

// TestSplitUnixPrompts: a Unix shell's prompt ("root@host:~# ", with a
// time in brackets before "$" as a terminal logger writes it) starts a
// command, so that the nslookup output below it stays with its command
// line (the layouts of two real pastes, heldout16's wslvpnkit214 and
// 8htjc6tp artifacts); a Markdown heading or a bracketed note is no prompt.
func TestSplitUnixPrompts(t *testing.T) {
	for _, tt := range []struct {
		text  string
		lines []int
	}{
		{"[16:04:37] $ nslookup www.example.com\nServer:         172.24.176.1\nAddress:        172.24.176.1#53\n\n" +
			"[16:04:48] $ nslookup -type=AAAA www.example.com\nServer:         172.24.176.1\nAddress:        172.24.176.1#53\n", []int{1, 5}},
		{"words\nroot@dns-1:~# nslookup\n> server 1.1.1.1\nDefault server: 1.1.1.1\n", []int{1, 2}},
		{"user@pc.example:~/dir$ nslookup kms01.corp.example\nServer:  dns01\nAddress:  10.0.0.1\n", []int{1}},
		{"# Activation\n[Note] see below\nServer:  dns01\nAddress:  10.0.0.1\n", []int{1}},
	} {
		var got []int
		for _, sg := range Split(tt.text) {
			got = append(got, sg.Line)
		}
		if !slices.Equal(got, tt.lines) {
			t.Errorf("%q: segments at lines %v, want %v", tt.text, got, tt.lines)
		}
	}
}

// TestQuotedBlockInTicket: an output quoted in a reply's block ("> " on
// each of its lines, words before and after) is one segment, read as
// Windows printed it; a quote of fewer lines and nslookup's prompts are
// not a block. Constructed in the shape of a real paste (the French
// systeminfo of cmd/kmsdoctor/testdata/analyze/in, wesng27).
func TestQuotedBlockInTicket(t *testing.T) {
	text := "I get this with the below output\n\n" +
		"> Name: Windows(R), Professional edition\n" +
		"> Description: Windows(R) Operating System, VOLUME_KMSCLIENT channel\n" +
		">\n" +
		"> License Status: Licensed\n" +
		"Thanks\n"
	var firsts []int
	for _, s := range Split(text) {
		firsts = append(firsts, s.Line)
	}
	if want := []int{1, 3, 7}; !slices.Equal(firsts, want) {
		t.Fatalf("segments start at lines %v, want %v", firsts, want)
	}
	var s evidence.Set
	if !Text("t.txt", text, &s) || len(s.Products) != 1 || s.Products[0].Status != evidence.StatusLicensed || s.Products[0].Source.Line != 3 {
		t.Fatalf("products %+v", s.Products)
	}
	for _, in := range []string{
		"> only one quoted line\nand words\n",
		"C:\\>nslookup\n> set type=srv\n> _vlmcs._tcp.contoso.com\n> server 10.0.0.1\nServer:  dc1\n",
	} {
		if b := quoteBlocks(in); len(b) != 0 {
			t.Errorf("quoteBlocks(%q) = %v", in, b)
		}
	}
}

// TestFencedOutputInTicket: a Markdown code fence holds an output; the
// fence lines are segments of their own, so a header-less event message ending
// at the closing fence keeps its Info values (constructed in the shape of
// the real 12288/12289 copy of heldout2, dandylife, pasted in a fence).
func TestFencedOutputInTicket(t *testing.T) {
	text := "Here is what I see:\n\n```text\n" +
		"The client has processed an activation response from the key management service machine.\nInfo:\n" +
		"0x00000000, 0x00000000, 1, 0, 10, 120, 10080, 2012/12/04 07:06\n```\n\nAny idea?\n"
	var firsts []int
	for _, s := range Split(text) {
		firsts = append(firsts, s.Line)
	}
	if want := []int{1, 3, 4, 7, 8}; !slices.Equal(firsts, want) {
		t.Fatalf("segments start at lines %v, want %v", firsts, want)
	}
	for _, s := range Split(text) {
		if strings.Contains(s.Text, "```") && strings.Count(s.Text, "\n") > 1 {
			t.Errorf("a fence line in segment %q", s.Text)
		}
	}
}

// TestIndentedBlockInTicket: a Markdown code block written by indentation
// after a line of words is a segment, read dedented; an output's own
// indented records after a blank line (slmgr /ao-list) stay with it.
func TestIndentedBlockInTicket(t *testing.T) {
	text := "My licence list:\n\n" +
		"    Name          : Windows(R), Enterprise edition\n    LicenseStatus : 1\n    PartialProductKey : 2YT43\n\nThanks\n"
	var s evidence.Set
	if !Text("t.txt", text, &s) || len(s.Products) != 1 || s.Products[0].Status != evidence.StatusLicensed || s.Products[0].Source.Line != 3 {
		t.Fatalf("products %+v", s.Products)
	}
	ao := "Activation Objects\n    Activation Object name: A\n        Activation ID: x\n\n    Activation Object name: B\n        Activation ID: y\n        Partial Product Key: 6F7TH\n"
	if b := indentBlocks(ao); len(b) != 0 {
		t.Errorf("indentBlocks(ao-list) = %v", b)
	}
}
