package slmgr

import (
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// TestAtoInferred: /ato's progress line followed by one short sentence in
// a language without a row of atoLines is read as its success (inferred);
// a failure line, a question, a negation, English words of a person and
// prose around it are not. Lines marked real are quoted from the sources
// in testdata/SOURCES.md ("inferred /ato and /skms messages").
func TestAtoInferred(t *testing.T) {
	tests := []struct {
		name, text string
		want       string // StatusFrom of the product; "" for no Licensed product
	}{
		{"sv one line (real: officelearn/azure-docs.sv-se, MT)",
			"**Aktivera Windows (R), Server Data Center Edition (12345678-1234-1234-1234-12345678)...  Produkten har Aktiver ATS.**", evidence.StatusFromAtoInferred},
		{"cs one line (real: Microsoft/azure-docs.cs-cz)",
			"Aktivace systému Windows (R), edice ServerDatacenter (12345678-1234-1234-1234-12345678)...  Produkt byl úspěšně aktivován.", evidence.StatusFromAto},
		{"pt-PT six id groups (real: Microsoft/azure-docs.pt-pt)",
			"Ativação do Windows(R), edição do ServerDatacenter (12345678-1234-1234-1234-1234-12345678) ...  Produto ativado com sucesso.", evidence.StatusFromAto},
		{"nl verb after the id (constructed on the nl-nl page's form)",
			"Windows(R), ServerDatacenter edition (12345678-1234-1234-1234-12345678) activeren... Product is geactiveerd.", evidence.StatusFromAtoInferred},
		{"it words before the ellipsis (constructed)",
			"Attivazione di Windows(R), Server Datacenter Edition (12345678-1234-1234-1234-12345678) in corso… Attivazione prodotto completata.", evidence.StatusFromAtoInferred},
		{"el on the next line (constructed)",
			"Ενεργοποίηση Windows(R), ServerDatacenter edition (0ff1ce15-a989-479d-af46-f275c6370663) ...\nΤο προϊόν ενεργοποιήθηκε με επιτυχία.\n", evidence.StatusFromAtoInferred},
		{"th on the next line, no blanks (constructed)",
			"กำลังเปิดใช้งาน Windows(R), ServerDatacenter edition (0ff1ce15-a989-479d-af46-f275c6370663) ...\nเปิดใช้งานผลิตภัณฑ์สำเร็จแล้ว\n", evidence.StatusFromAtoInferred},
		{"zh full-width brackets, no row for the sentence (constructed)",
			"正在启用 Windows（R），ServerDatacenter edition（12345678-1234-1234-1234-12345678）…产品启用完毕。", evidence.StatusFromAtoInferred},
		{"fi masked id, dots apart (constructed)",
			"Aktivoidaan Windows(R), ServerDatacenter edition (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx) . . . Tuotteen aktivointi onnistui.", evidence.StatusFromAtoInferred},
		{"ko progress words after the id (real: Microsoft/azure-docs.ko-kr)",
			"Windows (R), ServerDatacenter edition (12345678-1234-1234-1234-12345678)을 활성화 하는 동안 ...  제품이 성공적으로 활성화 되었습니다.", evidence.StatusFromAtoInferred},
		{"en known sentence stays a table reading (real: slmgr.vbs)",
			"Activating Windows(R), ServerDatacenter edition (0ff1ce15-a989-479d-af46-f275c6370663) ...\nProduct activated successfully.\n", evidence.StatusFromAto},
		{"sv with nu, Swedish for now (constructed)",
			"Aktiverar Windows(R), ServerDatacenter edition (0ff1ce15-a989-479d-af46-f275c6370663) ... Produkten är nu aktiverad.", evidence.StatusFromAtoInferred},
		{"nl past tense with was (constructed)",
			"Windows(R), ServerDatacenter edition (0ff1ce15-a989-479d-af46-f275c6370663) activeren... Het product was geactiveerd.", evidence.StatusFromAtoInferred},
		// Negative: failures, questions, negations, prose.
		{"ro negation nu before the verb (constructed)",
			"Se activează Windows(R), ServerDatacenter edition (0ff1ce15-a989-479d-af46-f275c6370663) ... Produsul nu a fost activat.", ""},
		{"sv failure line with its code (constructed)",
			"Aktivera Windows(R), ServerDatacenter edition (0ff1ce15-a989-479d-af46-f275c6370663) ...\nFel: 0xC004F074 Programvarulicenstjänsten rapporterade att datorn inte kunde aktiveras.\n", ""},
		{"pl negation without a code (constructed)",
			"Aktywowanie Windows(R), ServerDatacenter edition (0ff1ce15-a989-479d-af46-f275c6370663)... Produkt nie został aktywowany.", ""},
		{"cs negating prefix (constructed)",
			"Aktivace Windows(R), ServerDatacenter edition (0ff1ce15-a989-479d-af46-f275c6370663)... Produkt nebyl aktivován.", ""},
		{"tr negating suffix (constructed)",
			"Windows(R), ServerDatacenter edition (0ff1ce15-a989-479d-af46-f275c6370663) etkinleştiriliyor... Ürün etkinleştirilemedi.", ""},
		{"fi question (constructed)",
			"Aktivoidaan Windows(R), ServerDatacenter edition (0ff1ce15-a989-479d-af46-f275c6370663) ...\nMiksi se kestää niin kauan?\n", ""},
		{"zh failure words (constructed)",
			"正在激活 Windows(R), ServerDatacenter edition (0ff1ce15-a989-479d-af46-f275c6370663) ...\n无法激活产品。\n", ""},
		{"en person's account after it (constructed)",
			"Activating Windows(R), ServerDatacenter edition (0ff1ce15-a989-479d-af46-f275c6370663) ...\nand then it just sits there\n", ""},
		{"de prose: two sentences after it (constructed)",
			"Aktivieren von Windows(R), ServerDatacenter edition (0ff1ce15-a989-479d-af46-f275c6370663) ... Danach passiert lange gar nichts. Dann kommt ein Fenster.", ""},
		{"next line is another label (constructed)",
			"Activating Windows(R), ServerDatacenter edition (0ff1ce15-a989-479d-af46-f275c6370663) ...\nName: Windows(R), ServerDatacenter edition\n", ""},
		{"a prose sentence before the product (constructed)",
			"Ich habe gestern lange versucht. Dann Windows(R), ServerDatacenter edition (0ff1ce15-a989-479d-af46-f275c6370663) ... Es geht jetzt.", ""},
		{"a head of seven words is a person's sentence (constructed)",
			"Ich habe heute morgen wieder einmal versucht Windows(R), ServerDatacenter edition (0ff1ce15-a989-479d-af46-f275c6370663) ... Es geht jetzt.", ""},
		{"a bracketed word is no id (constructed)",
			"Aktivoidaan Windows(R), ServerDatacenter edition (xxxx) ... Tuotteen aktivointi onnistui.", ""},
		{"the success sentence with no progress line (constructed)",
			"Produkten har aktiverats.", ""},
	}
	for _, tt := range tests {
		s := &evidence.Set{}
		if err := Read("t", 1, tt.text, s); err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, p := range s.Products {
			if p.Status == evidence.StatusLicensed {
				got = p.StatusFrom
			}
		}
		if got != tt.want {
			t.Errorf("%s: StatusFrom %q, want %q (products %+v)", tt.name, got, tt.want, s.Products)
		}
		if tt.want != "" && !Detect(tt.text) {
			t.Errorf("%s: not detected as slmgr output", tt.name)
		}
	}
}

// TestSkmsInferred: /skms's sentence with the host:port it set, in a
// language without a row of actionLines, quoted after a lead-in or on the
// line after the command; never a list of endpoints, a command, a
// negation, a question or English prose.
func TestSkmsInferred(t *testing.T) {
	tests := []struct {
		name, text, want string // want: the host:port of an inferred note
	}{
		{"sv after its lead-in (real: officelearn/azure-docs.sv-se, MT)",
			"Kommandot ska returnera: nyckel hanterings tjänstens dator namn har angetts till kms.core.windows.net:1688.", "kms.core.windows.net:1688"},
		{"cs after its lead-in (real: Microsoft/azure-docs.cs-cz, MT)",
			"Příkaz by měl vracet: název počítače služby správy klíčů nastavený tak, aby se kms.core.windows.net:1688 úspěšně.", "kms.core.windows.net:1688"},
		{"tr glued host (real: OpenLocalizationTestOrg/azure-docs-pr-test.tr-TR)",
			"Merhaba komutu döndürmelidir: anahtar yönetimi hizmeti makine adı tookms.core.windows.net:1688 başarılı bir şekilde ayarlayın.", "tookms.core.windows.net:1688"},
		{"fi on the line after the command (constructed)",
			"C:\\>cscript slmgr.vbs /skms kms.contoso.fi:1688\nAvainten hallintapalvelun koneen nimeksi asetettiin kms.contoso.fi:1688.\n", "kms.contoso.fi:1688"},
		{"el quoted (constructed)",
			"Η εντολή θα πρέπει να επιστρέψει: «Το όνομα του υπολογιστή της υπηρεσίας διαχείρισης κλειδιών ορίστηκε σε kms.core.windows.net:1688.»", "kms.core.windows.net:1688"},
		{"ko particle glued to the port (constructed)",
			"명령은 다음을 반환해야 합니다: 키 관리 서비스 컴퓨터 이름을 kms.core.windows.net:1688로 설정했습니다.", "kms.core.windows.net:1688"},
		{"cs quoted after the verb, no colon (constructed)",
			"Příkaz by měl vrátit „Název počítače služby správy klíčů byl nastaven na kms.core.windows.net:1688“.", "kms.core.windows.net:1688"},
		{"es translation in brackets after the English (real: pricardo03/azure-docs.es-es)",
			"El comando debe devolver: Key Management Service machine name set to kms.core.windows.net:1688 successfully (El nombre de máquina del servicio de administración de claves se estableció correctamente en kms.core.windows.net:1688).", ""},
		{"el quoted mid-sentence (constructed)",
			"Η εντολή επιστρέφει «Το όνομα υπολογιστή ορίστηκε σε kms.core.windows.net:1688» στην οθόνη.", "kms.core.windows.net:1688"},
		// Negative.
		{"a quoted message the words after deny (constructed)",
			"Die Seite verspricht „Der Computername wurde auf kms.core.windows.net:1688 festgelegt“, aber bei mir nicht.", ""},
		{"ASCII letters glued to the port (constructed)", "Wynik: nazwa komputera ustawiona na kms.core.windows.net:1688abc pomyślnie", ""},
		{"a list of endpoints (real: the sv-se page)", "* Azures offentliga moln regioner: kms.core.windows.net:1688", ""},
		{"the command itself (real: the pages)",
			"Invoke-Expression \"$env:windir\\system32\\cscript.exe $env:windir\\system32\\slmgr.vbs /skms kms.core.windows.net:1688\"", ""},
		{"psping's target (real: the pages)", "\\psping.exe kms.core.windows.net:1688", ""},
		{"a negation (constructed)", "Wynik: nie można ustawić nazwy komputera na kms.core.windows.net:1688.", ""},
		{"a question (constructed)", "Pytanie: czy nazwa maszyny ustawiona na kms.core.windows.net:1688?", ""},
		{"English prose (constructed)", "Note: make sure the VM can reach kms.core.windows.net:1688 before you try again.", ""},
		{"a condition (constructed)", "Si la commande renvoie : nom de machine défini sur kms.core.windows.net:1688", ""},
		{"a line of prose without lead-in or command (constructed)", "Nazwa maszyny ustawiona na kms.core.windows.net:1688 pomyślnie.", ""},
		{"two hosts (constructed)", "Ergebnis: von kms1.contoso.com:1688 auf kms2.contoso.com:1688 umgestellt", ""},
	}
	for _, tt := range tests {
		s := &evidence.Set{}
		if err := Read("t", 1, tt.text, s); err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, n := range s.Notes {
			if n.Kind == evidence.NoteKMSNameSet && n.Inferred {
				got = n.Detail
			}
		}
		if got != tt.want {
			t.Errorf("%s: inferred /skms host %q, want %q (notes %+v)", tt.name, got, tt.want, s.Notes)
		}
		if tt.want != "" && !Detect(tt.text) {
			t.Errorf("%s: not detected as slmgr output", tt.name)
		}
	}
}

// TestSkmsInferredDetect: an inferred /skms sentence alone, or with its
// command, makes a text slmgr output; inside a longer text (a document's
// note, a ticket) it does not, and the text is left to the prose reading.
func TestSkmsInferredDetect(t *testing.T) {
	msg := "Kommandot ska returnera: nyckel hanterings tjänstens dator namn har angetts till kms.core.windows.net:1688."
	if !Detect(msg) {
		t.Error("the sentence alone is not detected")
	}
	if !Detect("C:\\>cscript slmgr.vbs /skms kms.contoso.fi:1688\nAvainten hallintapalvelun koneen nimeksi asetettiin kms.contoso.fi:1688.\n") {
		t.Error("the command and its message are not detected")
	}
	doc := "Felsöka aktiveringsproblem\n\nOm du har problem med att aktivera den virtuella datorn.\n\nAzure använder olika slutpunkter.\n\nObs: slutpunkten för det offentliga molnet är kms.core.windows.net:1688.\n\nKontakta supporten.\n"
	if Detect(doc) {
		t.Error("a document with one such sentence is detected as slmgr output")
	}
}

// TestAtoInferredShortText: /ato's success is inferred in a paste of a few
// lines, not in an article that shows the output as an example among its
// paragraphs (constructed on the sv-se page's layout).
func TestAtoInferredShortText(t *testing.T) {
	out := "Aktivera Windows (R), Server Data Center Edition (12345678-1234-1234-1234-12345678)...  Produkten har Aktiver ATS."
	paste := "C:\\>cscript slmgr.vbs /ato\nMicrosoft (R) Windows Script Host Version 5.812\nCopyright (C) Microsoft Corporation. All rights reserved.\n\n" + out + "\n"
	doc := "# Felsöka aktiveringsproblem\n\nOm du har problem med att aktivera datorn kan du använda det här dokumentet.\n\n## Lösning\n\n" +
		"1. Kör följande kommando.\n\n    slmgr.vbs /ato\n\n    Aktiveringen returnerar information som liknar följande:\n\n    " + out + "\n\n## Vanliga frågor\n\nNej.\n"
	for _, tt := range []struct {
		name, text string
		want       bool
	}{{"paste", paste, true}, {"document", doc, false}} {
		s := &evidence.Set{}
		if err := Read("t", 1, tt.text, s); err != nil {
			t.Fatal(err)
		}
		got := false
		for _, p := range s.Products {
			got = got || p.StatusFrom == evidence.StatusFromAtoInferred
		}
		if got != tt.want {
			t.Errorf("%s: inferred %v, want %v", tt.name, got, tt.want)
		}
	}
}
