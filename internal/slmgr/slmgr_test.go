package slmgr

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kmsdoctor/kmsdoctor/internal/testutil/golden"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

func read(t testing.TB, text string) *evidence.Set {
	t.Helper()
	var s evidence.Set
	if err := Read("in.txt", 1, text, &s); err != nil {
		t.Fatal(err)
	}
	return &s
}

// TestGolden parses every testdata/*.txt and compares the evidence with
// testdata/<name>.golden.json (reviewed by hand).
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
			if !Detect(string(raw)) {
				t.Errorf("Detect is false")
			}
			var s evidence.Set
			if err := Read(filepath.Base(f), 1, string(raw), &s); err != nil {
				t.Fatal(err)
			}
			got, _ := json.MarshalIndent(struct {
				Products          []evidence.Product
				Codes             []evidence.CodeSeen
				Notes             []evidence.Note
				ActivationObjects []evidence.ActivationObject `json:",omitempty"`
			}{s.Products, s.Codes, s.Notes, s.ActivationObjects}, "", "  ")
			got = append(got, '\n')
			gp := strings.TrimSuffix(f, ".txt") + ".golden.json"
			golden.Check(t, gp, got)
		})
	}
}

func TestFields(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		check func(p evidence.Product) bool
	}{
		{"channel from description", "Name: Windows(R), Enterprise edition\nDescription: Windows(R) Operating System, VOLUME_MAK channel\n",
			func(p evidence.Product) bool { return p.Channel == "VOLUME_MAK" }},
		{"product key channel only", "Name: Windows(R), Enterprise edition\nProduct Key Channel: Volume:GVLK\n",
			func(p evidence.Product) bool { return p.Channel == "VOLUME_GVLK" }},
		{"build from service version", "Software licensing service version: 10.0.20348.1\nName: Windows(R), ServerStandard edition\n",
			func(p evidence.Product) bool { return p.Build == "20348" && p.ServiceVersion == "10.0.20348.1" }},
		{"build from extended pid wins", "Software licensing service version: 10.0.17763.1\nName: Windows(R), ServerStandard edition\nExtended PID: 03612-04208-000-000000-03-1033-14393.0000-0012024\n",
			func(p evidence.Product) bool { return p.Build == "14393" }},
		{"grace minutes", "Name: Windows(R), Enterprise edition\nLicense Status: Initial grace period\nTime remaining: 43200 minute(s) (30 day(s))\n",
			func(p evidence.Product) bool { return p.Status == evidence.StatusOOBGrace && p.GraceMinutes == 43200 }},
		{"oot grace", "Name: W, X edition\nLicense Status: Additional grace period (KMS license expired or hardware out of tolerance)\n",
			func(p evidence.Product) bool { return p.Status == evidence.StatusOOTGrace }},
		{"notification reason", "Name: W, X edition\nLicense Status: Notification\nNotification Reason: 0xC004F009 (grace time expired).\n",
			func(p evidence.Product) bool {
				return p.Status == evidence.StatusNotification && p.StatusReason == "0xC004F009"
			}},
		{"rearm", "Name: W, X edition\nRemaining Windows rearm count: 0\n",
			func(p evidence.Product) bool { return p.RemainingRearm == 0 }},
		{"registered kms", "Name: W, X edition\nRegistered KMS machine name: kms.contoso.com:1688\n",
			func(p evidence.Product) bool { return p.KMSMachineName == "kms.contoso.com:1688" }},
		{"kms host block", "Name: Windows(R), ServerStandard edition\nKey Management Service is enabled on this machine\n    Current count: 24\n    Listening on Port: 1688\n    DNS publishing enabled\n",
			func(p evidence.Product) bool {
				return p.KMSHost != nil && p.KMSHost.CurrentCount == 24 && p.KMSHost.ListeningPort == 1688 && p.KMSHost.DNSPublishing
			}},
		{"japanese labels", "名前: Windows(R), Enterprise edition\nライセンスの状態: ライセンスされています\nボリューム ライセンス認証の有効期限: 1440 分 (1 日)\n",
			func(p evidence.Product) bool { return p.Status == evidence.StatusLicensed && p.ExpiryMinutes == 1440 }},
		{"full-width colon and spacing", "Name：Windows(R), Enterprise edition\nLicense  Status :  Licensed\n",
			func(p evidence.Product) bool {
				return p.Status == evidence.StatusLicensed && p.Name == "Windows(R), Enterprise edition"
			}},
		{"unknown labels fall back", "Name: Windows(R), Enterprise edition\nEtat: Licensed\nX (CMID): 11111111-2222-4333-8444-555555555555\nY DNS: kms.example.fr:1688\nZ: 600 minutes (0 jours)\n",
			func(p evidence.Product) bool {
				return p.Status == evidence.StatusLicensed && p.CMID == "11111111-2222-4333-8444-555555555555" &&
					p.KMSDiscoveredName == "kms.example.fr:1688" && p.ExpiryMinutes == 600
			}},
		{"japanese with every label unknown", "製品名: Windows(R), Enterprise edition\n製品の説明: Windows(R) Operating System, VOLUME_KMSCLIENT channel\n" +
			"拡張製品 ID: 03612-03308-000-000000-03-1041-22621.0000-2282023\n状態: ライセンスされています\n期限: 14400 分 (10 日)\n" +
			"クライアント ID (CMID): 9d8c7b6a-3333-4f44-8e55-112233445566\nDNS で見つかった KMS: kms01.contoso.local:1688\n",
			func(p evidence.Product) bool {
				return p.Name == "Windows(R), Enterprise edition" && p.Channel == "VOLUME_KMSCLIENT" && p.Build == "22621" &&
					p.Status == evidence.StatusLicensed && p.ExpiryMinutes == 14400 && p.CMID == "9d8c7b6a-3333-4f44-8e55-112233445566" &&
					p.KMSDiscoveredName == "kms01.contoso.local:1688"
			}},
		{"a time is not a host:port", "Name: W, X edition\nTrusted time: 2026/11/23 10:00:00\nZeit: 2026/11/23 10:00:00\n",
			func(p evidence.Product) bool { return p.KMSMachineName == "" && p.KMSDiscoveredName == "" }},
		{"a sentence is not a kms name", "Name: W, X edition\nRegistered KMS machine name: KMS name not available\n",
			func(p evidence.Product) bool { return p.KMSMachineName == "" }},
		{"xpr", "Windows(R), ServerDatacenter edition:\n    Windows is in Notification mode\n",
			func(p evidence.Product) bool {
				return p.Status == evidence.StatusNotification && p.Name == "Windows(R), ServerDatacenter edition"
			}},
		// A real zh-CN /xpr (cmd/kmsdoctor/testdata/heldout5, batnotes): its
		// state sentence is one of knowledge's success texts.
		{"xpr zh-CN", "正在检查Windows系统激活时间...\n\nWindows(R), CoreCountrySpecific edition:\n    计算机已永久激活。\n\nPress any key to continue . . .\n",
			func(p evidence.Product) bool {
				return p.Status == evidence.StatusLicensed && p.Name == "Windows(R), CoreCountrySpecific edition"
			}},
		// Real (Office-Tool issue 601, heldout5): a licence name of four
		// words after the comma, bullets removed as ingest does.
		{"office name of several words", "Office 21, Office21Excel2021R OEM Perp edition\n许可证说明: Office 21, RETAIL channel\n许可证状态:  未许可 \n",
			func(p evidence.Product) bool {
				return p.Name == "Office 21, Office21Excel2021R OEM Perp edition" && p.Status == evidence.StatusUnlicensed
			}},
		// Constructed: a success sentence under the heading, with more words
		// around it, is no /xpr line.
		{"xpr heading then prose", "Windows(R), Professional edition:\n    我昨天试了很多次，最后终于激活成功了，但是今天又提示未激活，怎么办\n",
			func(p evidence.Product) bool { return p.Status == "" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := read(t, tt.text)
			if len(s.Products) != 1 {
				t.Fatalf("%d products: %+v", len(s.Products), s.Products)
			}
			if !tt.check(s.Products[0]) {
				t.Errorf("product %+v", s.Products[0])
			}
		})
	}
}

func TestSeveralProducts(t *testing.T) {
	s := read(t, "Name: Windows(R), Enterprise edition\nLicense Status: Licensed\n\nName: Office 16, Office16ProPlusVL_KMS_Client edition\nLicense Status: Notification\n")
	if len(s.Products) != 2 || s.Products[0].Status != evidence.StatusLicensed || s.Products[1].Status != evidence.StatusNotification ||
		s.Products[1].Source.Line != 4 {
		t.Errorf("products %+v", s.Products)
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"License Status: Licensed", true},
		{"ライセンスの状態: ライセンスされています", true},
		{"Error: 0xC004F074 The Software Licensing Service reported...", true},
		{"错误: 0xC004F074 软件授权服务报告", true},
		{"Name: dc1.contoso.com\nAddress: 10.0.0.1", false},
		{"Server:  dc1\nAddress:  10.0.0.1\n_vlmcs._tcp SRV service location:", false},
		{"just some text about 0xC004F074 in a sentence", false},
		{"Error code: 0xC004F074", true},
		{"エラー コード: 0xC004F074", true},
		{"A very long label that is not a dialog at all: 0xC004F074", false},
		// "License Status:" with a value neither slmgr nor ospp.vbs prints:
		// another product's licence list (heldout14 whmy0xyn's layout).
		{"License Code: 7A604-27CBE-A6E72-37144\nExpiration Date: 2020-08-03\nLicense Status: Activated", false},
		{"LICENSE STATUS:  ---LICENSED---", true},
		{"License Status: ****", true},
		{"License Status:", true},
	}
	for _, tt := range tests {
		if got := Detect(tt.text); got != tt.want {
			t.Errorf("Detect(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestLabelTable(t *testing.T) {
	seen := map[string]bool{}
	for _, l := range labels {
		k := norm(l.Text)
		if seen[k] {
			t.Errorf("label %q twice", l.Text)
		}
		seen[k] = true
		switch l.Lang {
		case "en", "ja", "zh-CN", "zh-TW", "de", "es", "ko", "ru":
		default:
			t.Errorf("label %q: language %q", l.Text, l.Lang)
		}
	}
}

func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, fn := range files {
		b, _ := os.ReadFile(fn)
		f.Add(string(b))
	}
	// Other languages (LABELS.md, "Other languages"): status lines and
	// failure lines in other words and widths.
	for _, s := range []string{
		"Nombre: Windows(R), Enterprise edition\nEstado de la licencia: Con licencia\nClave de producto parcial: DVQ7P",
		"Name: Windows(R), Enterprise edition\nLizenzstatus: Lizenziert",
		"라이선스 상태: 사용 허가됨\n부분 제품 키: QDFWW\n정품 인증 ID: f520e45e-7413-4a34-a497-d2765967d094",
		"Erreur : 0xC004F074\nFehler: 0xC004F074\nエラー：０ｘＣ００４Ｆ０７４\nBłąd: OxC004F074",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var s evidence.Set
		Detect(text)
		if err := Read("fuzz", 1, text, &s); err != nil {
			t.Fatal(err)
		}
		nlines := strings.Count(text, "\n") + 1
		for _, p := range s.Products {
			if p.Source.Line < 1 || p.Source.Line > nlines {
				t.Fatalf("product line %d outside 1..%d", p.Source.Line, nlines)
			}
		}
	})
}

func BenchmarkRead(b *testing.B) {
	raw, err := os.ReadFile("testdata/synth_en_dlv_azure_mak_and_office.txt")
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Repeat(string(raw)+"\n", 100)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		var s evidence.Set
		_ = Read("bench", 1, text, &s)
	}
}

func TestLabelsDoc(t *testing.T) {
	doc, err := os.ReadFile("LABELS.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range labels {
		if !strings.Contains(string(doc), "`"+l.Text+"`") {
			t.Errorf("LABELS.md does not list %q", l.Text)
		}
	}
	// The success sentences of /ato and the /skms messages of every
	// language but English (whose rows are slmgr.vbs's own strings).
	for _, a := range atoLines {
		if !strings.Contains(string(doc), "`"+a.Text+"`") {
			t.Errorf("LABELS.md does not list the /ato sentence %q", a.Text)
		}
	}
	for _, a := range actionLines {
		if a.Kind == evidence.NoteKMSNameSet && !strings.Contains(string(doc), "`"+strings.TrimSpace(a.Text)+"`") {
			t.Errorf("LABELS.md does not list the /skms message %q", a.Text)
		}
	}
}

func TestTrimContextKeepsCharacters(t *testing.T) {
	l := strings.Repeat("あ", 100) // 300 bytes
	got := trimContext(l)
	if !utf8.ValidString(got) || len(got) > 200 || len(got) < 198 {
		t.Fatalf("trimContext cut %d bytes, valid %v", len(got), utf8.ValidString(got))
	}
	if short := "0xC004F074 error"; trimContext(short) != short {
		t.Fatal("a short line changed")
	}
}

// TestRealLocalesAndRedactions checks the facts the issue-10 classes depend
// on, on the real artifacts (and one constructed Japanese /dlv).
func TestRealLocalesAndRedactions(t *testing.T) {
	tests := []struct {
		file  string
		check func(s *evidence.Set) bool
	}{
		// ja: the reason under an unknown label is the status reason, not
		// a failed command (no CodeSeen).
		{"synth_ja_dlv_notification_reason_constructed.txt", func(s *evidence.Set) bool {
			return len(s.Products) == 1 && s.Products[0].Status == evidence.StatusNotification &&
				s.Products[0].StatusReason == "0xC004F056" && s.Products[0].Lines["reason"] == 8 && len(s.Codes) == 0
		}},
		{"zh_ospp_list_unlicensed_0xC004F014_officetool331_partial.txt", func(s *evidence.Set) bool {
			return len(s.Products) == 3 && s.Products[0].Status == evidence.StatusUnlicensed &&
				s.Products[0].Channel == "TIMEBASED_SUB" && len(s.Codes) == 3 && s.Codes[0].Code == "0xC004F014"
		}},
		{"en_status_esu_mak_licensed_redacted_mas1125_partial.txt", func(s *evidence.Set) bool {
			return len(s.Products) == 2 && s.Products[0].Status == evidence.StatusLicensed &&
				s.Products[0].PartialKey != "" && len(s.Notes) == 4 && s.Notes[0].Kind == evidence.NoteRedacted &&
				s.Notes[0].Source.Line == 3 && len(s.Skipped) == 0
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if s := read(t, string(raw)); !tt.check(s) {
				b, _ := json.Marshal(s)
				t.Errorf("evidence %s", b)
			}
		})
	}
}

func TestRedactedHostIsNotAHost(t *testing.T) {
	s := read(t, "Name: Windows(R), Enterprise edition\nLicense Status: Licensed\nRegistered KMS machine name: <KMS Host FQDN>:1688\nKMS machine IP address: xxx.xxx.xxx.xxx\n")
	if p := s.Products[0]; p.KMSMachineName != "" || p.KMSMachineIP != "" || len(s.Notes) != 2 || s.Notes[0].Source.Line != 3 {
		b, _ := json.Marshal(s)
		t.Errorf("evidence %s", b)
	}
}
