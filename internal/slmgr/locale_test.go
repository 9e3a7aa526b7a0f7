package slmgr

import (
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// TestErrorLineAnyLanguage: the failure line of slmgr /ato in any language
// is slmgr output and gives its code, whatever the words around it and the
// width of its characters. The lines are constructed: the label words are
// slmgr.vbs's "Error:" as we would translate it and the descriptions after
// the code are ours; the code after the label is what is tested.
func TestErrorLineAnyLanguage(t *testing.T) {
	for _, l := range []string{
		"Error: 0xC004F074 The Software Licensing Service reported that the computer could not be activated.",
		"Fehler: 0xC004F074 Der Softwarelizenzierungsdienst hat gemeldet, dass der Computer nicht aktiviert werden konnte.",
		"Erreur : 0xC004F074 Le service de gestion des licences logicielles a signalé que l’ordinateur n’a pas pu être activé.",
		"Error: 0xC004F074 El Servicio de licencias de software informó de que no se pudo activar el equipo.",
		"Erro: 0xC004F074 O Serviço de Licenciamento de Software relatou que o computador não pôde ser ativado.",
		"Ошибка: 0xC004F074 Служба лицензирования программного обеспечения сообщила, что компьютер не может быть активирован.",
		"오류: 0xC004F074 소프트웨어 보호 서비스에서 컴퓨터를 정품 인증할 수 없다고 보고했습니다.",
		"エラー：０ｘＣ００４Ｆ０７４ ソフトウェア ライセンス サービスは、コンピューターをライセンス認証できなかったと報告しました。",
		"Błąd: OxC004F074",
		"错误：0xC004F074 软件授权服务报告无法激活计算机。",
	} {
		if !Detect(l) {
			t.Errorf("Detect(%q) = false", l)
		}
		var s evidence.Set
		if err := Read("x", 1, l, &s); err != nil {
			t.Fatal(err)
		}
		if len(s.Codes) != 1 || s.Codes[0].Code != "0xC004F074" {
			t.Errorf("%q: codes %+v", l, s.Codes)
		}
	}
}

// TestLocaleStatus: the License Status line in each language of the table
// gives the status English gives.
func TestLocaleStatus(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{"Name: Windows(R), Enterprise edition\nLicense Status: Licensed", evidence.StatusLicensed},
		{"Name: Windows(R), Enterprise edition\nLizenzstatus: Lizenziert", evidence.StatusLicensed},
		{"Nombre: Windows(R), Enterprise edition\nEstado de la licencia: Con licencia", evidence.StatusLicensed},
		{"Nombre: Windows(R), Enterprise edition\nEstado de licencia: con licencia", evidence.StatusLicensed},
		{"이름: Windows(R), Enterprise edition\n라이선스 상태: 사용 허가됨", evidence.StatusLicensed},
		{"Имя: Windows(R), Enterprise edition\nСостояние лицензии: Лицензировано", evidence.StatusLicensed},
		{"名前: Windows(R), Enterprise edition\nライセンスの状態: ライセンスされています", evidence.StatusLicensed},
	} {
		var s evidence.Set
		_ = Read("x", 1, tt.text, &s)
		if len(s.Products) != 1 || s.Products[0].Status != tt.want {
			t.Errorf("%q: products %+v", tt.text, s.Products)
		}
	}
}

// TestDetectDescriptionAnyLabel: the Description line of a licence is
// slmgr output under any label (its value is the licence's own English
// text); a sentence that names a channel is not.
func TestDetectDescriptionAnyLabel(t *testing.T) {
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"Beschreibung: Windows(R) Operating System, VOLUME_KMSCLIENT channel", true},
		{"Description : Windows(R) Operating System, RETAIL channel", true},
		{"설명: Windows(R) Operating System, OEM_DM channel", true},
		{"Install a retail key: RETAIL channel keys cannot use KMS.", false},
		{"The product is on the RETAIL channel", false},
		// w32tm's reference id under a label of another language (our
		// wording) is an address, no error code.
		{"Id. de referencia: 0xC0A80001 (IP de origen:  192.168.0.1)", false},
	} {
		if got := Detect(tt.text); got != tt.want {
			t.Errorf("Detect(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
