package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// TestLocaleSameDiagnosis: the same machine's output in English and in
// another Windows display language gives the same finding ids, verdict and
// stages. The English side is a real artifact; each localized side is made
// by the test from it, replacing the labels: by the rows of
// internal/slmgr/labels.go confirmed for that language where there is one,
// and otherwise by a label kmsdoctor does not know (our wording, marked
// "unknown"), so that the language-neutral reading is what is tested for
// those lines. Failure lines use the translated "Error:" of slmgr.vbs with
// the code the user saw.
func TestLocaleSameDiagnosis(t *testing.T) {
	dli, err := os.ReadFile("../../internal/slmgr/testdata/en_dli_kms_client_win7_licensed_technet.txt")
	if err != nil {
		t.Fatal(err)
	}
	notif, err := os.ReadFile("../../internal/slmgr/testdata/en_status_win11pro_retail_notification_0xC004F034_kmsvlall22.txt")
	if err != nil {
		t.Fatal(err)
	}
	ato := "Activating Windows(R), EnterpriseS edition (2d5a5a60-3040-48bf-beb0-fcd770c20ce0) ...\n" +
		"Error: 0xC004F074 The Software Licensing Service reported that the computer could not be activated.\n"
	type variant struct {
		lang string
		r    *strings.Replacer
	}
	tests := []struct {
		name     string
		en       string
		variants []variant
	}{
		{"dli licensed KMS client", string(dli), []variant{
			{"de", strings.NewReplacer("Name:", "Name:", "Description:", "Beschreibung:", "Partial Product Key:", "Teilweiser Product Key (unknown):",
				"License Status: Licensed", "Lizenzstatus: Lizenziert", "Volume activation expiration:", "Ablauf der Volumenaktivierung (unknown):",
				"Key Management Service client information", "Clientinformationen des Schlüsselverwaltungsdiensts",
				"Client Machine ID (CMID):", "Clientcomputer-ID (CMID):", "KMS machine name from DNS:", "KMS-Computername von DNS (unknown):",
				"KMS machine extended PID:", "Erweiterte PID des KMS-Computers (unknown):", "Activation interval:", "Aktivierungsintervall (unknown):",
				"Renewal interval:", "Erneuerungsintervall (unknown):", "KMS host caching is enabled", "KMS-Hostzwischenspeicherung (unknown)")},
			{"es", strings.NewReplacer("Name:", "Nombre:", "Description:", "Descripción:", "Partial Product Key:", "Clave de producto parcial:",
				"License Status: Licensed", "Estado de la licencia: Con licencia", "Volume activation expiration:", "Expiración de la activación (unknown):",
				"Key Management Service client information", "Información del cliente (unknown)",
				"KMS machine name from DNS:", "Nombre de equipo KMS desde DNS (unknown):")},
			{"ko", strings.NewReplacer("Partial Product Key:", "부분 제품 키:", "License Status: Licensed", "라이선스 상태: 사용 허가됨")},
			{"ja", strings.NewReplacer("Description:", "説明:", "Partial Product Key:", "部分プロダクト キー:", "License Status: Licensed", "ライセンスの状態: ライセンスされています")},
		}},
		// Every label unknown (words of no language of the table, with a
		// blank before the colon as French writes it), the values as
		// Windows prints them: the language-neutral reading alone (the
		// Description's channel, the status word after an unknown label,
		// the code on the line after the status) gives the diagnosis.
		{"notification RETAIL 0xC004F034", string(notif), []variant{
			{"unknown labels", strings.NewReplacer("Name:", "Unknown name label :", "Description:", "Unknown description label :",
				"Activation ID:", "Unknown activation id label :", "Extended PID:", "Unknown pid label :",
				"Product Key Channel:", "Unknown channel label :", "Partial Product Key:", "Unknown key label :",
				"License Status:", "Unknown status label :", "Notification Reason:", "Unknown reason label of some length :")},
		}},
		{"ato 0xC004F074", ato, []variant{
			{"de", strings.NewReplacer("Error:", "Fehler:")},
			{"fr", strings.NewReplacer("Error:", "Erreur :")},
			{"ru", strings.NewReplacer("Error:", "Ошибка:")},
			{"ko", strings.NewReplacer("Error:", "오류:")},
			{"ja full-width", strings.NewReplacer("Error: 0xC004F074", "エラー：０ｘＣ００４Ｆ０７４")},
		}},
	}
	dir := t.TempDir()
	report := func(name, text string) (ids []string, status string, stages map[string]string) {
		t.Helper()
		p := filepath.Join(dir, name+".txt")
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		var out, errb bytes.Buffer
		run(context.Background(), []string{"analyze", "--json", "--lang", "en", p}, nil, &out, &errb)
		var rep struct {
			Findings []struct {
				ID string `json:"id"`
			} `json:"findings"`
			Verdict struct {
				Status string            `json:"status"`
				Stages map[string]string `json:"stages"`
			} `json:"verdict"`
		}
		if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
			t.Fatalf("%s: %v (%s)", name, err, errb.String())
		}
		for _, f := range rep.Findings {
			ids = append(ids, f.ID)
		}
		sort.Strings(ids)
		return ids, rep.Verdict.Status, rep.Verdict.Stages
	}
	for _, tt := range tests {
		wantIDs, wantStatus, wantStages := report("en", tt.en)
		if len(wantIDs) == 0 {
			t.Fatalf("%s: English gives no finding", tt.name)
		}
		for _, v := range tt.variants {
			t.Run(tt.name+"/"+v.lang, func(t *testing.T) {
				text := v.r.Replace(tt.en)
				if text == tt.en {
					t.Fatal("nothing replaced")
				}
				ids, status, stages := report(strings.ReplaceAll(v.lang, " ", "_"), text)
				if !reflect.DeepEqual(ids, wantIDs) || status != wantStatus || !reflect.DeepEqual(stages, wantStages) {
					t.Errorf("%s: %v %s %v\nEnglish: %v %s %v", v.lang, ids, status, stages, wantIDs, wantStatus, wantStages)
				}
			})
		}
	}
}
