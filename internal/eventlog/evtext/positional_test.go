package evtext

import (
	"strings"
	"testing"
)

// Copies in languages whose labels are not in the table, read by Event
// Viewer's order. Constructed: the English layout of the real copies of
// testdata with the labels of the French and Simplified Chinese Event
// Viewer; the values (ids, dates, messages' codes) are language-neutral.
func TestPositionalHeader(t *testing.T) {
	fr := "Nom du journal :Application\nSource :       Microsoft-Windows-Security-SPP\nDate :         04/06/2024 19:37:49\n" +
		"ID de l’événement :8198\nCatégorie de la tâche :Aucun\nNiveau :       Erreur\nMots clés :    Classique\n" +
		"Utilisateur :  N/A\nOrdinateur :   admin\nDescription :\nÉchec de l’activation de licence (slui.exe) avec le code d’erreur suivant :\nhr=0xC004F074\n"
	zh := "日志名称:          Application\n来源:            Microsoft-Windows-Security-SPP\n日期:            2024/6/4 19:37:49\n" +
		"事件 ID:         12288\n任务类别:          无\n级别:            信息\n关键字:           经典\n用户:            暂缺\n计算机:           PC01\n描述:\n" +
		"客户端已将激活请求发送到密钥管理服务计算机。\n信息:\n0x0, 0x0, kms.example.test:1688, 2ffcfc30-6a6a-49ec-92b8-f6150c7df211, 2024/6/4 11:37, 0, 2, 43200, 2d5a5a60-3040-48bf-beb0-fcd770c20ce0, 25\n"
	for _, tc := range []struct {
		name, in string
		ids      []int
	}{
		{"French 8198", fr, []int{8198}},
		{"Chinese 12288", zh, []int{12288}},
		{"two French copies", fr + "\n" + fr, []int{8198, 8198}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !Detect(tc.in) {
				t.Fatal("not detected")
			}
			evs, _, err := readAll([]byte(tc.in), "f")
			if err != nil {
				t.Fatal(err)
			}
			if len(evs) != len(tc.ids) {
				t.Fatalf("%d events: %+v", len(evs), evs)
			}
			for i, e := range evs {
				if e.EventID != tc.ids[i] || e.Provider != "Microsoft-Windows-Security-SPP" || e.Time.IsZero() {
					t.Errorf("event %d: %+v", i, e)
				}
			}
			if !strings.Contains(evs[0].Data[0], "0x") {
				t.Errorf("message %q", evs[0].Data)
			}
		})
	}
	for _, in := range []string{
		"Name: Windows(R), Professional edition\nDescription: Windows(R) Operating System, RETAIL channel\nActivation ID: 4de7cb65-cdf1-4de9-8ae8-e3cce27b9f2c\n" +
			"Application ID: 55c92734-d682-4d71-983e-d6ec3f16059f\nExtended PID: 03612\nProduct Key Channel: Retail\nInstallation ID: 1234\nPartial Product Key: 3V66T\nLicense Status: Licensed\nX:\n",
		"Host Name: PC\nOS Name: Microsoft Windows 10 Pro\nOS Version: 10.0.19045 N/A Build 19045\nOS Manufacturer: Microsoft Corporation\n",
	} {
		if Detect(in) {
			t.Errorf("Detect(%q)", in[:30])
		}
	}
}

// wevtutil qe /f:text on a German Windows (constructed from the English
// wevtutil layout of testdata with German labels).
func TestPositionalWevtutil(t *testing.T) {
	in := "Event[0]:\n  Protokollname: Application\n  Quelle: Microsoft-Windows-Security-SPP\n  Datum: 2020-12-14T17:09:08.940\n" +
		"  Ereignis-ID: 8198\n  Aufgabe: N/A\n  Ebene: Fehler\n  Vorgang: N/A\n  Schlüsselwort: Klassisch\n  Benutzer: S-1-5-20\n" +
		"  Benutzername: NT-AUTORITÄT\\NETZWERKDIENST\n  Computer: PC01\n  Beschreibung: \nFehler bei der Lizenzaktivierung (slui.exe). Fehlercode:\nhr=0xC004F074\n"
	evs, _, err := readAll([]byte(in), "f")
	if err != nil || len(evs) != 1 || evs[0].EventID != 8198 || !strings.Contains(evs[0].Data[0], "0xC004F074") {
		t.Fatalf("%v %+v", err, evs)
	}
}
