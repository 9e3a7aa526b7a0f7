package prose

import (
	"slices"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

func TestRead(t *testing.T) {
	for _, tc := range []struct {
		text   string
		want   []string // codes; a code read from its text ends in "~"
		failed int      // line (1-based) of a stated failure, 0 for none
	}{
		{"エラー コード: 0xC004F074 が表示されます。", []string{"0xC004F074"}, 0},
		{"slmgr で OxC004F074 と出ました", []string{"0xC004F074"}, 0},
		{"エラー コード：０ｘＣ００４Ｆ０３８。再試行しても同じ", []string{"0xC004F038"}, 0},
		{"first 0xC004F074\nthen 0x8007232B and again 0xC004F074", []string{"0xC004F074", "0x8007232B"}, 0},
		{"nothing here, 0x00000000 is no failure", nil, 0},
		// The message text of a code, without the code (constructed).
		{"slmgr /ato says:\nNo Key Management Service (KMS) could be\ncontacted. Please see the Application Event Log", []string{"0xC004F074~"}, 0},
		{"キー管理サービス (KMS) で報告された数が不足しています。", []string{"0xC004F038~"}, 0},
		{"激活时提示 DNS 名称不存在。", []string{"0x8007232B~"}, 0},
		// The code and its text: the code, once.
		{"Error: 0xC004F074 The Software Licensing Service reported that the computer could not be activated. No Key Management Service (KMS) could be contacted.", []string{"0xC004F074"}, 0},
		// A failure with no code and no message text (constructed).
		{"Hi,\nWindows activation failed after the upgrade.\nThanks", nil, 2},
		{"Office 激活失败", nil, 1},
		{"ライセンス認証に失敗しました。", nil, 1},
		// A generic code belongs to the component that printed it: WSL's
		// and an MSIX install's (real, the fifth and sixth held-out sets:
		// microsoft/WSL#8026, files-community/Files#15838) and w32tm's
		// (a benchmark run report, code corpus file id 70325560057) are no
		// licensing failure; the same code in a licensing output is.
		{"Installing, this may take a few minutes...\nWslRegisterDistribution failed with error: 0x80070005\nError: 0x80070005 ?????????????", nil, 0},
		{"Ошибка 0x80070422: сбой открытия пакета из расположения Files.Package_3.5.0.0_x64_arm64_Stable.msixbundle.", nil, 0},
		{"$ scripts/wf.sh run 'w32tm /query /status'\nThe following error occurred: The service has not been started. (0x80070426)", nil, 0},
		{"slmgr /ato: The following error occurred: The service has not been started. (0x80070426)", []string{"0x80070426"}, 0},
		// Unnamed output: a code the knowledge base holds counts, another not.
		{"**Error: 0x8007232B** DNS name does not exist.", []string{"0x8007232B"}, 0},
		{"Error 0x80070422", nil, 0},
	} {
		var s evidence.Set
		if err := Read("t.txt", 1, tc.text, &s); err != nil {
			t.Fatal(err)
		}
		if got := Detect(tc.text); got != (len(tc.want) > 0 || tc.failed > 0) {
			t.Errorf("Detect(%q) = %v", tc.text, got)
		}
		var got []string
		for _, c := range s.Codes {
			g := c.Code
			if c.FromText {
				g += "~"
				if c.Lang == "" {
					t.Errorf("%q: no language for %s", tc.text, c.Code)
				}
			}
			got = append(got, g)
			if c.Source.File != "t.txt" || c.Source.Line < 1 || c.Context == "" {
				t.Errorf("%q: bad source or context %+v", tc.text, c)
			}
		}
		if len(got) != len(tc.want) {
			t.Errorf("Read(%q) = %v, want %v", tc.text, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("Read(%q) = %v, want %v", tc.text, got, tc.want)
			}
		}
		switch {
		case tc.failed == 0 && len(s.StatedFailures) > 0:
			t.Errorf("Read(%q): unexpected stated failure %+v", tc.text, s.StatedFailures)
		case tc.failed > 0 && (len(s.StatedFailures) != 1 || s.StatedFailures[0].Source.Line != tc.failed || s.StatedFailures[0].Context == ""):
			t.Errorf("Read(%q): stated failures %+v, want one on line %d", tc.text, s.StatedFailures, tc.failed)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add("エラー コード: 0xC004F074")
	f.Add("OxC004F074 ０ｘ８００７２３２Ｂ")
	f.Add("No Key Management Service (KMS) could be contacted\n激活失败")
	f.Add("0xC004C032 at first; now the license is valid for 90 days")
	f.Add("激活成功，但是还是报错说未激活")
	f.Add("Activating: Windows(R), EnterpriseS edition\nProduct Activation Failed: 0x80080005\nRemaining Period: 179 days (258081 minutes)")
	f.Add("vlmcsd_1  | 2018-04-17 08:31:43: <<< Incoming KMS request\nvlmcsd_1  | 2018-04-17 08:31:43: Licensing status                : 2 (OOB grace)\nvlmcsd_1  | 2018-04-17 08:31:43: >>> Sending response")
	f.Add("Fri, 07 Feb 2025 12:29:24 INFO     Received activation request.\nFri, 07 Feb 2025 12:29:24 INFO     Request Time: 2025-02-07\n\nsystem not activeted")
	f.Add("Error: 0xC004F074\nIt was because the clock was wrong.")
	f.Fuzz(func(t *testing.T, text string) {
		var s evidence.Set
		_ = Read("f", 1, text, &s)
		stated := slices.ContainsFunc(s.TimeSync, func(ts evidence.TimeSync) bool { return ts.Stated != "" })
		answered := slices.ContainsFunc(s.KMSServerLogs, func(l evidence.KMSServerLog) bool { return l.Requests > 0 })
		if Detect(text) != (len(s.Codes) > 0 || len(s.StatedFailures) > 0 || len(s.Products) > 0 || stated || answered) {
			t.Fatalf("Detect and Read disagree on %q", text)
		}
	})
}

// TestStatedSuccess: words of a success or a licensed state make a
// licensed product (StatusFrom "text"); a success after every failure of
// the text wins over them (Set.Resolved), a failure after it does not.
func TestStatedSuccess(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		licensed   bool
		codes      []string // s.Codes
		resolved   []string // s.Resolved
		failed     bool     // a stated failure
	}{
		// Real (held-out artifacts of cmd/kmsdoctor/testdata/heldout5, heldout6).
		{"xpr zh-CN", "Windows(R), CoreCountrySpecific edition:\n    计算机已永久激活。\n\nPress any key to continue . . .", true, nil, nil, false},
		{"es", "Muchas gracias, complete el procedimiento y quedó activado correctamente, muchas gracias por la atención.", true, nil, nil, false},
		{"error then licensed", "The same effect; I got an activation error 0xC004C032 at first. But after again trying a manual activation, the state changed.\n\n...and now even the license state info in the lower right on the Desktop shows that the license is now valid for 90 days. Thank you again!", true, nil, []string{"0xC004C032"}, false},
		// A success that a later clause says did not hold is a failure
		// stated in words (knowledge.SuccessUndone).
		{"success then error words", "最近在使用OTP工具进行激活的时候发现在软件内显示激活成功，但是进入Office套件里面以后还是报错说未激活。", false, nil, nil, true},
		{"success then restart no good (heldout8 heukms149)", "报告大佬，WIN7无法KMS激活。。。\n\n提示显示激活成功，，，并且按要求立刻重启电脑。。。。可是重启之后还是不行。。。。希望大佬检查下谢谢", false, nil, nil, true},
		// Constructed.
		{"en", "Windows is activated.", true, nil, nil, false},
		{"success then code", "Product activated successfully.\nNext day: Error: 0xC004F074", false, []string{"0xC004F074"}, nil, false},
		{"stated failure then success", "activation failed yesterday\ntoday: 激活成功", true, nil, nil, false},
		{"code and success on one line", "0xC004F074 then activated successfully", false, []string{"0xC004F074"}, nil, false},
		{"denied", "Windows was not activated successfully", false, nil, nil, true}, // a failure: "not activated"
		{"another product denied", "Windows activated, Office didn't.", false, nil, nil, true},
		{"a contrast that fails nothing", "I can activate Office2021 LTSC. But in log, it says something odd.", true, nil, nil, false},
		// A log read as a sequence of attempts (knowledge.Attempt): the time
		// left printed after a failure is no success (real, heldout14
		// pastebin 0stkkjwh); a later success of the same product
		// supersedes a failure, one of another product does not
		// (constructed in KMS_VL_ALL's layout).
		{"kmsvlall failed, remaining period", "Activation Mode: Auto Renewal\nActivating: Windows(R), EnterpriseS edition\nProduct Activation Failed: 0x80080005\nRemaining Period: 179 days (258081 minutes)\nActivating: Office 19, Office19ProPlus2019VL_KMS_Client_AE edition\nProduct Activation Failed: 0x80080005\nRemaining Period: 29 days (43047 minutes)\nNo Installed Office 2010 Product Detected...\nPress any key to exit.", false, []string{"0x80080005"}, nil, false},
		{"kmsvlall failed, then another product", "Activating: Windows(R), Professional edition\nProduct Activation Failed: 0xC004F074\nRemaining Period: 0 days (0 minutes)\nActivating: Office 16, Office16ProPlusVL_KMS_Client edition\nProduct Activation Successful\nRemaining Period: 180 days (259200 minutes)", false, []string{"0xC004F074"}, nil, false},
		{"kmsvlall failed, then the same product", "Activating: Windows(R), Professional edition\nProduct Activation Failed: 0xC004F074\nRemaining Period: 0 days (0 minutes)\nActivating: Windows(R), Professional edition\nProduct Activation Successful\nRemaining Period: 180 days (259200 minutes)", true, nil, []string{"0xC004F074"}, false},
		// The genuine check holds while activated (real, analyze/in
		// kkkgokmsvlall12).
		{"not genuine, still activated", "Your office is not genuine\n\nI've started getting Office is not genuine banner. Was  using version 41 manual activation. Tried this v44 same stuff. Not sure what am I doing wrong here, Same windows, same office, haven't even updated it. It is still activated though.", false, nil, nil, true},
		{"failed, then days remaining later in words", "I got 0xC004F074 from slmgr /ato.\n\nAfter fixing the DNS record the KMS activation shows 180 days remaining.", true, nil, []string{"0xC004F074"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s evidence.Set
			if err := Read("t.txt", 1, tc.text, &s); err != nil {
				t.Fatal(err)
			}
			if want := tc.licensed || len(tc.codes) > 0 || tc.failed; Detect(tc.text) != want {
				t.Errorf("Detect = %v, want %v", !want, want)
			}
			lic := len(s.Products) == 1 && s.Products[0].Status == evidence.StatusLicensed &&
				s.Products[0].StatusFrom == evidence.StatusFromText && s.Products[0].StatusText != ""
			if lic != tc.licensed || len(s.Products) > 1 {
				t.Errorf("products %+v, want licensed %v", s.Products, tc.licensed)
			}
			if got := codesOf(s.Codes); !equal(got, tc.codes) {
				t.Errorf("codes %v, want %v", got, tc.codes)
			}
			if got := codesOf(s.Resolved); !equal(got, tc.resolved) {
				t.Errorf("resolved %v, want %v", got, tc.resolved)
			}
			if (len(s.StatedFailures) > 0) != tc.failed {
				t.Errorf("stated failures %+v, want %v", s.StatedFailures, tc.failed)
			}
		})
	}
}

func codesOf(cs []evidence.CodeSeen) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Code)
	}
	return out
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestOfficeC2RProduct: a failing ticket that names a Microsoft 365 Apps
// Click-to-Run id is about that product (real: heldout5 kmspro 35); one
// that names it without a failure adds nothing (constructed).
func TestOfficeC2RProduct(t *testing.T) {
	var s evidence.Set
	_ = Read("t.txt", 1, "下载的O365BusinessRetail版本激活提示The Software Licensing Service reported that the product SKU is not found.", &s)
	if len(s.Products) != 1 || s.Products[0].Name != "Office, O365BusinessRetail edition" || !s.Products[0].OSPP {
		t.Errorf("products %+v", s.Products)
	}
	if got := codesOf(s.Codes); !equal(got, []string{"0xC004F069"}) {
		t.Errorf("codes %v", got)
	}
	s = evidence.Set{}
	_ = Read("t.txt", 1, "I installed O365ProPlusRetail yesterday.", &s)
	if len(s.Products) != 0 {
		t.Errorf("products %+v", s.Products)
	}
}

// TestOfficeSubscriptionNamed: a ticket that names Microsoft 365 Apps in
// words as the product of its activation adds it, failing or asked (real:
// held-out sets 9-11; the rest constructed); one that states its success,
// or names it without a word of activation, adds none.
func TestOfficeSubscriptionNamed(t *testing.T) {
	for _, tc := range []struct {
		text string
		want string // the subscription product's name, "" for none
	}{
		{"Office 365 is not activating\n\nOffice 365 is not activating even after it is showing successfully activated in CMD.", "Office, Office 365 edition"},
		{"Product Activation Failed (Microsoft 365)\n\nMicrosoft Office cannot verify the license for this product.", "Office, Microsoft 365 edition"},
		{"How to activate Office365 with this tool?", "Office, Office365 edition"},
		{"Wie kann ich Microsoft 365 aktivieren?", "Office, Microsoft 365 edition"},
		{"微软365激活失败，错误代码 0xC004F074", "Office, 微软365 edition"},
		{"Office 365 activated successfully.", ""},
		{"I installed Office 365 yesterday and Word opens.", ""},
	} {
		var s evidence.Set
		_ = Read("t.txt", 1, tc.text, &s)
		got := ""
		for _, p := range s.Products {
			if strings.Contains(p.Name, "365") {
				got = p.Name
			}
		}
		if got != tc.want {
			t.Errorf("Read(%q): product %q, want %q (%+v)", tc.text, got, tc.want, s.Products)
		}
	}
}

// TestClockCauseRead: a failure whose cause the text says is the clock
// adds a stated, unsynchronised time sync on the line that says it; the
// clock asked about, or without a failure, adds none (constructed).
func TestClockCauseRead(t *testing.T) {
	for _, tc := range []struct {
		text string
		line int // 0: none
	}{
		{"slmgr /ato\nError: 0xC004F074\nIt turned out the time was wrong on the client.\n", 3},
		{"KMS激活失败。\n原因是时间不对。\n", 2},
		{"slmgr /ato\nError: 0xC004F074\nCould the time be wrong?\n", 0},
		{"Windows is activated now; the time zone was changed yesterday.\n", 0},
	} {
		var s evidence.Set
		if err := Read("in.txt", 1, tc.text, &s); err != nil {
			t.Fatal(err)
		}
		got := 0
		for _, ts := range s.TimeSync {
			if ts.Stated != "" && ts.Unsynced {
				got = ts.Source.Line
			}
		}
		if got != tc.line {
			t.Errorf("%q: stated clock on line %d, want %d (%+v)", tc.text, got, tc.line, s.TimeSync)
		}
	}
}

// TestDetectDocument: a page about no machine is not read (its failure
// words are a document's), in any language; a page that shows a code, and a
// ticket, still are (cmd/kmsdoctor/testdata: heldout16 skillsacademy,
// kmsvlallaio64, heldout14 inoinc, heldout6 officetoolplus6).
func TestDetectDocument(t *testing.T) {
	for _, tc := range []struct {
		text     string
		detect   bool
		document bool
	}{
		{"次の条件の 1 つ以上に該当する場合は、これらの方法のいくつかを使用する必要があります。\n- ライセンス認証ウィザードから KMS ホスト コンピューターに接続できません。\nクライアント システムをライセンス認証しようとすると、ライセンス認証ウィザードでは、DNS を使用して KMS ソフトウェアを実行している対応するコンピューターを検索します。", false, true},
		{"微软关闭了数字权利激活（或数字许可证激活）\n\n目前免费升级通道已关闭，因此数字权利激活失效。但是通过MAK密钥和Retail密钥的数字激活还是可以，请更新激活工具。", false, true},
		{"このエラーは、Windowsのライセンス認証処理に失敗した際に発生し、以下のような症状として現れます。\n- 「設定」→「ライセンス認証」にエラーコード「0xC004F074」が表示される", true, false},
		{"最近在使用OTP工具进行激活的时候发现在软件内显示激活成功，但是进入Office套件里面以后还是报错说未激活。还请尽快解决", true, false},
	} {
		if got := Detect(tc.text); got != tc.detect {
			t.Errorf("Detect(%.40q) = %v, want %v", tc.text, got, tc.detect)
		}
		if got := Document(tc.text); got != tc.document {
			t.Errorf("Document(%.40q) = %v, want %v", tc.text, got, tc.document)
		}
	}
}

// TestMessageTextInDocument: a code's message text read without the code,
// in other languages, as tickets paste it; and the same sentences inside a
// documentation paragraph that explains the message in general terms
// (constructed on the wording of Microsoft's localised "Resolve Windows
// activation error codes" pages), which states no machine's failure.
func TestMessageTextInDocument(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string // codes read from their text
	}{
		// Pasted messages: a label, quotes, a line break, the advice after.
		{"Ошибка: «Служба защиты программного обеспечения сообщила, что компьютер невозможно активировать. Невозможно связаться\nсо службой управления ключами (KMS).» Обратитесь к системному администратору.", []string{"0xC004F074"}},
		{"Служба управления ключами (KMS) сообщила, что отметка времени запроса недействительна.", []string{"0xC004F06C"}},
		{"Erreur : Clé de licence en volume non valide. Pour l’activer, vous devez remplacer votre clé de produit par une clé d’activation multiple (MAK) ou une clé commercialisée.", []string{"0xC004F035"}},
		{"slmgr /ato zeigt: Vom Softwareschutzdienst wurde gemeldet, dass der Computer nicht aktiviert werden konnte. Die vom Schlüsselverwaltungsdienst (Key Management Service, KMS) gemeldete Anzahl ist nicht ausreichend. Bitte um Hilfe!", []string{"0xC004F038"}},
		// A user who explains the message still shows it: an anchor of a
		// machine (the writer's own server).
		{"This error indicates that my server could not reach the host: No Key Management Service (KMS) could be contacted.", []string{"0xC004F074"}},
		// Documentation that explains a message (constructed).
		{"Текст ошибки верен, но неоднозначен. Эта ошибка означает, что в BIOS компьютера отсутствует маркер Windows. Более точное значение: «Для активации нужно изменить ключ продукта на правильный многопользовательский ключ активации (MAK) или розничный ключ.»", nil},
		{"The full text of this error message resembles the following:\nNo Key Management Service (KMS) could be contacted. Please see the Application Event Log for additional information.", nil},
		{"Il testo completo di questo messaggio di errore è simile al seguente: «Impossibile contattare un Servizio di gestione delle chiavi.» Questo errore indica che nessun host KMS ha risposto.", nil},
		// A lead sentence alone names no code; it is a failure in words.
		{"Le service de gestion de licences a signalé que l’ordinateur n’a pas pu être activé.", nil},
	} {
		var s evidence.Set
		if err := Read("t.txt", 1, tc.text, &s); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range s.Codes {
			if !c.FromText || c.Lang == "" {
				t.Errorf("%q: %s not read from its text with a language", tc.text, c.Code)
			}
			got = append(got, c.Code)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("Read(%q) = %v, want %v", tc.text, got, tc.want)
		}
		if tc.want == nil && strings.Contains(tc.text, "Текст ошибки") && Detect(tc.text) {
			t.Errorf("Detect(%q) = true for a page", tc.text)
		}
	}
}
