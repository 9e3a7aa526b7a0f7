package knowledge

import (
	"strings"
	"testing"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

func TestMessagesLoad(t *testing.T) {
	tb, err := loadMessages(messagesYAML, Codes())
	if err != nil {
		t.Fatal(err)
	}
	if len(tb.codes) < 40 || len(tb.failure) < 20 {
		t.Fatalf("tables too small: %d code patterns, %d failure patterns", len(tb.codes), len(tb.failure))
	}
	// A sentence several codes share identifies none.
	for _, p := range tb.codes {
		if p.parts[0] == fold("The Software Licensing Service reported that the computer could not be activated") {
			t.Errorf("the shared first sentence is kept for %s", p.code)
		}
	}
}

func TestMatchMessages(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string // code/lang
	}{
		{"No Key Management Service (KMS) could be contacted. Please see the Application Event Log", []string{"0xC004F074/en"}},
		{"no key management service(KMS)\r\n  could be contacted", []string{"0xC004F074/en"}},
		{"The count reported by your Key Management Service (KMS) is insufficient.", []string{"0xC004F038/en"}},
		{"slmgr says: DNS name does not exist.", []string{"0x8007232B/en"}},
		{"キー管理サービス (KMS) に接続できませんでした。", []string{"0xC004F074/ja"}},
		{"ＫＭＳ に接続できませんでした", []string{"0xC004F074/ja"}},
		{"错误: 软件授权服务报告无法激活计算机。无法联系任何密钥管理服务(KMS)。有关其他信息，请参阅应用程序事件日志。", []string{"0xC004F074/zh"}},
		{"就显示无法联系到kms服务器，这可咋办啊", []string{"0xC004F074/zh"}},
		{"您的金鑰管理服務 (KMS) 報告的計數不足。", []string{"0xC004F038/zh-TW"}},
		{"The Software Licensing Service reported that the computer could not be activated.", nil},
		{"The KMS host is fine and the count is 50.", nil},
		{"", nil},
	} {
		var got []string
		for _, m := range MatchMessages(tc.text) {
			got = append(got, m.Code+"/"+m.Lang)
			if m.Start < 0 || m.End > len(tc.text) || m.Start >= m.End {
				t.Errorf("%q: bad span %d..%d", tc.text, m.Start, m.End)
			}
		}
		if len(got) != len(tc.want) {
			t.Errorf("MatchMessages(%q) = %v, want %v", tc.text, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("MatchMessages(%q) = %v, want %v", tc.text, got, tc.want)
			}
		}
	}
}

func TestStatesFailure(t *testing.T) {
	for _, tc := range []struct {
		text string
		want string
	}{
		{"Windows activation failed again today", "activation failed"},
		{"Running slmgr /ato gives the following error (see attached screencaps)", "slmgr /ato gives the following error"},
		{"Windows のライセンス認証に失敗しました", "ライセンス認証に失敗"},
		{"Office 激活失败，怎么办", "激活失败"},
		{"Windows is activated permanently.", ""},
		{"Product activation successful", ""},
	} {
		s, e, ok := StatesFailure(tc.text)
		got := ""
		if ok {
			got = tc.text[s:e]
		}
		if got != tc.want {
			t.Errorf("StatesFailure(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func FuzzMatchMessages(f *testing.F) {
	f.Add("No Key Management Service (KMS) could be contacted")
	f.Add("无法联系到kms服务器 激活失败")
	f.Add("Ошибка: «Невозможно связаться со\nслужбой управления ключами (KMS)». Обратитесь к системному администратору.")
	f.Add("Le texte d’erreur est correct. Cette erreur indique que : Clé de licence en volume non valide")
	f.Fuzz(func(t *testing.T, text string) {
		for _, m := range MatchMessages(text) {
			if m.Start < 0 || m.End > len(text) || m.Start > m.End {
				t.Fatalf("bad span %+v in %q", m, text)
			}
		}
		s, e, ok := StatesFailure(text)
		if ok && (s < 0 || e > len(text) || s > e) {
			t.Fatalf("bad span %d..%d in %q", s, e, text)
		}
		if SaysFailure(text) != (ok || len(MatchMessages(text)) > 0) {
			t.Fatalf("SaysFailure disagrees on %q", text)
		}
		if b := BlankMessages(text); len(b) != len(text) || utf8.ValidString(text) && !utf8.ValidString(b) {
			t.Fatalf("BlankMessages(%q) = %q", text, b)
		}
		_ = ExplainsMessage(text)
	})
}

// TestMatchMessagesLanguages: the message texts of Microsoft's localised
// pages, pasted as tickets paste them (a label or none, typographic quotes,
// a line break inside a sentence, a soft hyphen, the advice to contact the
// administrator after another code's message), are read back to their
// code, tagged with the language that matched; a sentence several codes
// share names none.
func TestMatchMessagesLanguages(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string // code/lang
	}{
		// Russian (windowsserverdocs.ru-ru).
		{"Служба защиты программного обеспечения сообщила, что компьютер невозможно активировать. Невозможно связаться со службой управления ключами (KMS).", []string{"0xC004F074/ru"}},
		{"Ошибка: «Невозможно связаться со\nслужбой управления ключами (KMS)». Обратитесь к системному администратору.", []string{"0xC004F074/ru"}},
		{"Значение счетчика, переданное вашей службой управления ключами (KMS), слишком низкое.", []string{"0xC004F038/ru"}},
		{"Служба управления ключами (KMS) сообщила, что отметка времени запроса недействительна.", []string{"0xC004F06C/ru"}},
		{"Неправильный ключ пакета лицензий (VLK). Для активации нужно изменить ключ продукта на правильный многопользовательский ключ активации (MAK) или розничный ключ.", []string{"0xC004F035/ru"}},
		{"Доступ запрещен. Для отправки запроса требуется более высокий уровень привилегий.", []string{"0x80070005/ru"}},
		// ё written for е (Microsoft's texts write е).
		{"Срок действия льготного периода истёк, сообщила служба: Служба защиты программного обеспечения сообщила, что срок действия льготного периода истёк.", []string{"0xC004F009/ru"}},
		{"Обратитесь к системному администратору.", nil},
		{"Служба защиты программного обеспечения сообщила, что компьютер невозможно активировать.", nil},
		// German, French, Italian, Spanish, Portuguese, Korean.
		{"Es konnte kein Schlüssel\u00adverwaltungsdienst (Key Management Service, KMS) erreicht werden.", []string{"0xC004F074/de"}},
		{"Zugriff verweigert: Die angeforderte Aktion erfordert erhöhte Rechte.", []string{"0x80070005/de"}},
		{"Wenden Sie sich an den Systemadministrator.", nil},
		{"Le service de gestion de clés (KMS) a déterminé que l'horodatage de la demande n'est pas valide.", []string{"0xC004F06C/fr"}},
		{"Le service de protection logicielle a signalé que l’ordinateur ne pouvait pas être activé.", nil},
		{"Errore: impossibile attivare il computer. Impossibile contattare un servizio di gestione delle chiavi.", []string{"0xC004F074/it"}},
		{"Servizio di protezione software: impossibile attivare il computer.", nil},
		{"El número devuelto desde el Servicio de administración de claves (KMS) no es suficiente.", []string{"0xC004F038/es"}},
		{"O KMS (Serviço de Gerenciamento de Chaves) concluiu que o carimbo de data/hora da solicitação não é válido.", []string{"0xC004F06C/pt-BR"}},
		{"연결할 수 있는 KMS(키 관리 서비스)가 없습니다.", []string{"0xC004F074/ko"}},
		{"시스템 관리자에게 문의하세요.", nil},
		// The Azure article's 0xC004F074 message (machine translations).
		{"Nie można skontaktować się z usługą Key ManagementService (KMS).", []string{"0xC004F074/pl"}},
		{"Nebylo možné kontaktovat službu Key ManagementService (KMS).", []string{"0xC004F074/cs"}},
		{"Det gick inte att kontakta någon Key ManagementService (KMS).", []string{"0xC004F074/sv"}},
		{"Anahtar Yönetim hizmeti (KMS) ile iletişim kurulamadı.", []string{"0xC004F074/tr"}},
		{"Er is geen sleutel managementservice zijn (KMS) kan worden bereikt.", []string{"0xC004F074/nl"}},
		{"Nem lehet kapcsolatot létesíteni a kulcs ManagementService (KMS).", []string{"0xC004F074/hu"}},
		{"Nenhum Serviço de Gestão chave (KMS) poderia ser contactado.", []string{"0xC004F074/pt-PT"}},
		{"Связаться со службой управления ключами (KMS) не удалось.", []string{"0xC004F074/ru"}},
		{"LicensingService oprogramowania zgłosił, że nie można aktywować komputera.", nil},
		{"O Serviço de Licenciamento de Software informou que o computador não podia ser ativado.", nil},
	} {
		var got []string
		for _, m := range MatchMessages(tc.text) {
			got = append(got, m.Code+"/"+m.Lang)
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("MatchMessages(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// TestMessagesLeadSentences: in every language, the first sentence of the
// messages that say the computer could not be activated and then why
// (0xC004F038, 0xC004F039, 0xC004F06C, 0xC004F074) names no code alone, and
// the rest of each text names its own code.
func TestMessagesLeadSentences(t *testing.T) {
	var f messagesFile
	if err := yaml.Unmarshal(messagesYAML, &f); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range f.Codes {
		switch c.Code {
		case "0xC004F038", "0xC004F039", "0xC004F06C", "0xC004F074":
		default:
			continue
		}
		for lang, texts := range c.Texts {
			seen[lang] = true
			for _, tx := range texts {
				i := strings.IndexAny(tx, ".。")
				if i < 0 {
					t.Errorf("%s %s: %q has one sentence", c.Code, lang, tx)
					continue
				}
				_, n := utf8.DecodeRuneInString(tx[i:])
				lead, rest := tx[:i+n], tx[i+n:]
				if ms := MatchMessages(lead); len(ms) > 0 {
					t.Errorf("%s %s: the lead sentence %q names %s", c.Code, lang, lead, ms[0].Code)
				}
				ms := MatchMessages(rest)
				if len(ms) != 1 || ms[0].Code != c.Code || !strings.HasPrefix(lang, ms[0].Lang) { // a phrase says "zh"
					t.Errorf("%s %s: %q gives %v", c.Code, lang, rest, ms)
				}
			}
		}
	}
	for _, lang := range langs {
		if !seen[lang] {
			t.Errorf("language %s has no message text of the KMS codes", lang)
		}
	}
}

// TestBlankMessages: Windows' words are blanked, the text's own kept, at
// the same offsets, as valid UTF-8.
func TestBlankMessages(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"Ошибка: Невозможно связаться со службой управления ключами (KMS). Помогите!",
			"Ошибка: " + strings.Repeat(" ", len("Невозможно связаться со службой управления ключами (KMS")) + "). Помогите!"},
		{"no message here", "no message here"},
		{"", ""},
	} {
		got := BlankMessages(tc.text)
		if got != tc.want || len(got) != len(tc.text) || !utf8.ValidString(got) {
			t.Errorf("BlankMessages(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestExplainsMessage: a page's words about a message, with no anchor of a
// machine; a ticket that quotes the message is no explanation.
func TestExplainsMessage(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Le texte d’erreur est correct, mais ambigu. Cette erreur indique que le BIOS de l’ordinateur ne contient pas de marqueur Windows. La signification plus spécifique de ce code est « Erreur : Clé de licence en volume non valide »", true},
		{"Der vollständige Text dieser Fehlermeldung lautet wie folgt: Es konnte kein Schlüsselverwaltungsdienst (Key Management Service, KMS) erreicht werden.", true},
		{"Полный текст этого сообщения об ошибке выглядит так: Доступ запрещен. Для отправки запроса требуется более высокий уровень привилегий.", true},
		{"I get this error on my server: No Key Management Service (KMS) could be contacted. This error indicates that the host is down?", false},
		{"No Key Management Service (KMS) could be contacted.", false},
	} {
		if got := ExplainsMessage(tc.text); got != tc.want {
			t.Errorf("ExplainsMessage(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}
