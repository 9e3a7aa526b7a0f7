package slmgr

import (
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// TestAtoSuccess: the success message of slmgr /ato in each language
// (atoLines), alone or after the "Activating ..." text, and never inside
// prose. Lines marked real are quoted from the sources in
// testdata/SOURCES.md ("ato success lines").
func TestAtoSuccess(t *testing.T) {
	tests := []struct {
		name, line string
		want       bool
	}{
		{"en alone (real: slmgr.vbs L_MsgActivated)", "Product activated successfully.", true},
		{"zh-CN alone (real: vlmcsd blog posts)", "成功地激活了产品。", true},
		{"zh-CN without its full stop (real)", "成功地激活了产品", true},
		{"ja after the activating text (real: Microsoft ja-jp Azure article)",
			"**Windows(R), ServerDatacenter Edition (12345678-1234-1234-1234-12345678) のライセンス認証を行っています … 製品は正常にライセンス認証されました。**", true},
		{"zh-TW after the activating text (real: Microsoft zh-tw Azure article)",
			"**正在啟用 Windows （R），Serverdatacenter 而 edition （12345678-1234-1234-1234-12345678） .。。 已成功啟用產品。**", true},
		{"pt-BR alone (real: matched by an activation script)", "Produto ativado com êxito.", true},
		{"pt-BR after the activating text (Microsoft pt-br Azure article)",
			"**Ativando o Windows (R), ServerDatacenter Edition (12345678-1234-1234-1234-12345678)...  Produto ativado com êxito.**", true},
		{"de after the activating text (Microsoft de-de Azure article, not confirmed)",
			"**Aktivieren von Windows (R), ServerDatacenter-Edition (12345678-1234-1234-1234-12345678) … Das Produkt wurde erfolgreich aktiviert.**", true},
		{"de alone (not confirmed)", "Das Produkt wurde erfolgreich aktiviert.", true},
		{"fr after the activating text (Microsoft fr-fr Azure article, not confirmed)",
			"**Activation de Windows(R), édition ServerDatacenter (12345678-1234-1234-1234-12345678)... Le produit a été activé.**", true},
		{"hu after the activating text (real: heldout18, Microsoft hu-hu Azure article, not confirmed)",
			"Windows(R), ServerDatacenter edition (12345678-1234-1234-1234-12345678) aktiválása... A termék aktiválása sikeres.", true},
		{"ko after the activating text (Microsoft ko-kr Azure article, not confirmed)",
			"**Windows(R), ServerDatacenter 버전 활성화(12345678-1234-1234-1234-12345678) … 제품을 성공적으로 활성화했습니다.**", true},
		{"fr inside prose (constructed)", "Je pense que le produit a été activé", false},
		{"ru alone (real: compared by an activation script)", "Активация выполнена успешно.", true},
		{"ru inside prose (constructed)", "Если написано Активация выполнена успешно. то всё хорошо", false},
		{"zh-CN inside prose (real: a how-to)", "输入 `slmgr /ato` 查看激活状态，如果显示 “成功地激活了产品”，表示激活成功，", false},
		{"en inside prose (constructed)", "If it says Product activated successfully. you are done", false},
		{"another command's success (real: slmgr /skms)", "Key Management Service machine name set to kms.windows.googlecloud.com:1688 successfully.", false},
	}
	for _, tt := range tests {
		if got := atoSuccess(tt.line); got != tt.want {
			t.Errorf("%s: atoSuccess = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestAtoSuccessRead: an /ato success gives a Licensed product whose status
// was read from the message, named by the "Activating" line when there is
// one.
func TestAtoSuccessRead(t *testing.T) {
	tests := []struct {
		name, text, product string
	}{
		// constructed from the zh-CN lines of the real posts (the author's
		// redaction of the activation ID kept as such).
		{"zh-CN two lines (constructed)", "正在激活 Windows(R), EnterpriseS edition\n(*-*-*-*-*)...\n成功地激活了产品\n", "Windows(R), EnterpriseS edition"},
		{"en one line (constructed)", "Activating Windows(R), ServerDatacenter edition (12345678-1234-1234-1234-123456789012) ...\nProduct activated successfully.\n", "Windows(R), ServerDatacenter edition"},
		{"en message alone (constructed)", "Product activated successfully.\n", ""},
	}
	for _, tt := range tests {
		if !Detect(tt.text) {
			t.Errorf("%s: not detected", tt.name)
			continue
		}
		s := read(t, tt.text)
		if len(s.Products) != 1 {
			t.Errorf("%s: %d products", tt.name, len(s.Products))
			continue
		}
		p := s.Products[0]
		if p.Status != evidence.StatusLicensed || p.StatusFrom != evidence.StatusFromAto || p.Name != tt.product || len(s.Codes) != 0 {
			t.Errorf("%s: got %q %q %q codes %v", tt.name, p.Name, p.Status, p.StatusFrom, s.Codes)
		}
	}
	// The masked activation ID of the zh-CN case is a redaction, noted.
	if s := read(t, tests[0].text); len(s.Notes) != 1 || s.Notes[0].Kind != evidence.NoteRedacted || s.Notes[0].Source.Line != 2 {
		t.Errorf("masked activation ID: notes %+v", s.Notes)
	}
	if Detect("输入 slmgr /ato 查看激活状态，如果显示 “成功地激活了产品”，表示激活成功。\n") {
		t.Error("prose quoting the message is detected as slmgr output")
	}
}

// TestFragment: a piece of ospp.vbs /dstatus without its LICENSE NAME and
// LICENSE STATUS lines is detected when it shows three status-only labels,
// and read as Licensed only when its remaining grace can be nothing but a
// KMS activation's validity. Inputs constructed in the layout of ospp.vbs
// /dstatus (the labels are Microsoft's).
func TestFragment(t *testing.T) {
	const dns = "        KMS machine name from DNS: kms01.corp.example:1688\n        Activation Interval: 120 minutes\n        Renewal Interval: 10080 minutes\n"
	tests := []struct {
		name, text string
		detect     bool
		status     string
		from       string
		expiry     int
	}{
		{"180 days from DNS", "REMAINING GRACE: 180 days  (259200 minute(s) before expiring\nLast 5 characters of installed product key: AAAAA\n" + dns, true, evidence.StatusLicensed, evidence.StatusFromKMSValidity, 259200},
		{"97 days, registry override", "REMAINING GRACE: 97 days  (139680 minute(s) before expiring)\n        KMS machine registry override defined: kms01:1688\n        Activation Interval: 120 minutes\n        Renewal Interval: 10080 minutes\n", true, evidence.StatusLicensed, evidence.StatusFromKMSValidity, 139680},
		{"30 days is a grace period, not read as licensed", "REMAINING GRACE: 30 days  (43200 minute(s) before expiring)\nLast 5 characters of installed product key: AAAAA\n" + dns, true, "", "", -1},
		{"180 days without a KMS host", "REMAINING GRACE: 180 days  (259200 minute(s) before expiring)\nLast 5 characters of installed product key: AAAAA\nActivation Type Configuration: ALL\n", true, "", "", -1},
		{"two labels only", "REMAINING GRACE: 180 days  (259200 minute(s) before expiring)\nLast 5 characters of installed product key: AAAAA\n", false, "", "", -1},
		{"intervals alone are no fragment", "Activation Interval: 120 minutes\nRenewal Interval: 10080 minutes\n", false, "", "", -1},
	}
	for _, tt := range tests {
		if got := Detect(tt.text); got != tt.detect {
			t.Errorf("%s: Detect = %v, want %v", tt.name, got, tt.detect)
		}
		if !tt.detect {
			continue
		}
		s := read(t, tt.text)
		if tt.status == "" {
			// No status, no name: nothing the rules could use is kept.
			if len(s.Products) != 0 {
				t.Errorf("%s: %d products, want none", tt.name, len(s.Products))
			}
			continue
		}
		if len(s.Products) != 1 {
			t.Errorf("%s: %d products", tt.name, len(s.Products))
			continue
		}
		p := s.Products[0]
		if p.Status != tt.status || p.StatusFrom != tt.from || p.ExpiryMinutes != tt.expiry || !p.OSPP {
			t.Errorf("%s: status %q from %q expiry %d ospp %v", tt.name, p.Status, p.StatusFrom, p.ExpiryMinutes, p.OSPP)
		}
	}
}

// TestXprNarrated: a state sentence of slmgr /xpr right after a narrating
// word is a user's account of what a tool said, not its output (real:
// held-out sets 9 and 10, "The system showed that Windows was permanently
// activated", "it ALWAYS says permanently activated."; the rest
// constructed): no product is read, and the prose kind reads the ticket.
func TestXprNarrated(t *testing.T) {
	for _, tc := range []struct {
		text   string
		status string // "" for no product state
	}{
		{"Windows(R), Professional edition:\n   The machine is permanently activated.\n", evidence.StatusLicensed},
		{"The result was : _This machine is permanently activated_.\n", evidence.StatusLicensed},
		{"The system showed that Windows was permanently activated with a digital license.\n", ""},
		{"it ALWAYS says permanently activated.\n", ""},
		{"MAS said \"permanently activated\" but the watermark is back.\n", ""},
		// A narrating word a few words before (real, mas1254).
		{"When i re-ran the activation script it said: **windows is already permanently activated** but there is no product key visible in the settings.\n", ""},
		{"Windows(R), Professional edition:\n    Volume activation will expire 5/28/2027 2:00:00 PM\n", evidence.StatusLicensed},
	} {
		s := read(t, tc.text)
		got := ""
		for _, p := range s.Products {
			got = p.Status
		}
		if got != tc.status {
			t.Errorf("%q: status %q, want %q", tc.text, got, tc.status)
		}
	}
}

// TestDetectInstruction: a line that names codes in an instruction to edit
// a document (the layout of a real pull request, heldout15's wsdocs4397
// artifact) is no output's error line; an error line is.
func TestDetectInstruction(t *testing.T) {
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"Update activation-error-codes.md\n\nAdd error codes: 0x8007007b, 0xC004C003, 0x8007232B\n", false},
		{"Please add error code 0xC004F074 to the table\n", false},
		{"Error: 0xC004F074\n", true},
		{"Error code: 0x8007232B\n", true},
	} {
		if got := Detect(tt.text); got != tt.want {
			t.Errorf("%q: Detect %v, want %v", tt.text, got, tt.want)
		}
	}
}
