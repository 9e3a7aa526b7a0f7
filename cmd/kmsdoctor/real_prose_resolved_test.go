package main

import (
	"os"
	"path/filepath"
	"testing"
)

// proseResolvedExpect are the expectations of the training artifacts of
// healthy and resolved states in words and of the order of events in a
// ticket (testdata/analyze/in, sources in testdata/analyze/SOURCES.md,
// section "Healthy and resolved states in words"). Written from the
// artifacts alone and committed before kmsdoctor was run on them; they are
// part of realExpect. "ok": a later success or a fix that worked after a
// complaint, an activation done or taken for granted beside a complaint
// that is no activation failure (ESU updates, an antivirus, the clock
// service); "problem": a failure that persists or came back, a banner of
// the genuine check, a product that does not activate while others do;
// "input.unrecognized": a text about an antivirus or a script request that
// states nothing of a machine's licence.
var proseResolvedExpect = map[string]struct{ status, primary string }{
	"en_prose_esu_missing_fixes_message_then_registry_worked_mas1199_partial.txt":            {"ok", ""},
	"en_prose_tsforge_activated_esu_not_available_mas1113_partial.txt":                       {"ok", ""},
	"en_prose_office_not_genuine_notification_not_going_away_mas115_partial.txt":             {"problem", ""},
	"en_prose_server_ltsc_cannot_activate_reply_will_work_dockervlmcsd80.txt":                {"problem", ""},
	"en_prose_kms38_activated_cannot_sync_time_mas330_partial.txt":                           {"ok", ""},
	"en_prose_word_activation_keeps_resetting_21z23.txt":                                     {"problem", ""},
	"en_prose_script_request_activation_check_notkms_tacticalrmm539.txt":                     {"problem", "input.unrecognized"},
	"en_prose_defender_trojan_scan_after_activation_mas65_partial.txt":                       {"ok", ""},
	"en_prose_defender_quarantines_script_download_notkms_mas64_partial.txt":                 {"problem", "input.unrecognized"},
	"en_prose_trend_blocks_but_activating_completed_mas497_partial.txt":                      {"ok", ""},
	"en_prose_virus_detected_wont_run_notkms_mas310_partial.txt":                             {"problem", "input.unrecognized"},
	"en_prose_antivirus_killed_office_activation_invalid_mas890_partial.txt":                 {"problem", ""},
	"en_prose_virus_detected_connections_failed_dont_activate_techtricks1.txt":               {"problem", ""},
	"zh_prose_word_cannot_activate_others_can_officetool727.txt":                             {"problem", ""},
	"en_prose_office_license_popup_activated_5_months_ago_mas52_partial.txt":                 {"problem", ""},
	"zh_prose_product_activation_failed_link_officetool880_partial.txt":                      {"problem", ""},
	"zh_prose_installed_office_cannot_activate_lkyofficetools83.txt":                         {"problem", ""},
	"en_prose_smartscreen_virus_defender_activates_deletes_notkms_kmsvlallaio74_partial.txt": {"problem", "input.unrecognized"},
	"en_prose_defender_trojan_wacatac_notkms_kmsvlallaio42_partial.txt":                      {"problem", "input.unrecognized"},
	"en_prose_script_working_good_office_not_genuine_kmsvlallaio34_partial.txt":              {"problem", ""},
	"en_prose_defender_flag_still_activated_volume_kmsvlallaio6_partial.txt":                 {"ok", ""},
}

func init() {
	for k, v := range proseResolvedExpect {
		realExpect[k] = v
	}
}

// TestOrderOfEventsConstructed: the order of events in a ticket, in the
// common languages (constructed): a success stated after a failure, in the
// failure's own paragraph or after a tool's error line, resolves it (ok);
// a failure said to persist, one that came back, another product's, a
// question, or a tool's and a server's other than the one that failed,
// does not (problem); a failure stated after a tool's success line is the
// later state (problem).
func TestOrderOfEventsConstructed(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ name, text, want string }{
		{"01_en_ok", "Error 0xC004F074 when activating Windows. After I set the right KMS server address with slmgr /skms, it activated.\n", "ok"},
		{"02_zh_ok", "激活失败，错误代码0xC004F074。后来把时间改对了，就激活成功了。\n", "ok"},
		{"03_ja_ok", "エラー 0xC004F074 でライセンス認証できませんでした。時刻がずれていたので直したら、ライセンス認証できました。\n", "ok"},
		{"04_es_ok", "Error 0xC004F074 al activar Windows. Después de corregir la hora, Windows se activó correctamente.\n", "ok"},
		{"05_de_ok", "Fehler 0xC004F074 bei der Aktivierung von Windows. Nachdem ich die Uhrzeit korrigiert habe, wurde Windows erfolgreich aktiviert.\n", "ok"},
		{"06_fr_ok", "Erreur 0xC004F074 lors de l'activation de Windows. Après avoir corrigé l'heure, Windows a été activé avec succès.\n", "ok"},
		{"07_ru_ok", "Ошибка 0xC004F074 при активации Windows. После исправления времени Windows успешно активирована.\n", "ok"},
		{"08_pt_ok", "Erro 0xC004F074 ao ativar o Windows. Depois de corrigir o horário, o Windows foi ativado com sucesso.\n", "ok"},
		{"09_en_persist_problem", "Error 0xC004F074 when activating Windows. I fixed the time zone but it still fails with the same error.\n", "problem"},
		{"10_en_came_back_problem", "Windows activated yesterday without problems, but today activation fails again with 0xC004F074.\n", "problem"},
		{"11_en_other_product_problem", "Windows activated fine, but Office activation gives 0xC004F074.\n", "problem"},
		{"12_en_question_problem", "Error 0xC004F074 when activating Windows. After fixing the time, will it activate?\n", "problem"},
		{"13_slmgr_then_ok", "C:\\>slmgr /ato\nActivating Windows(R), Professional edition (2de67392-b7a7-462a-b1ca-108dd189f588) ...\nError: 0xC004F074 The Software Licensing Service reported that the computer could not be activated. No Key Management Service (KMS) could be contacted. Please see the Application Event Log for additional information.\n\nI fixed the DNS record and now it works.\n", "ok"},
		{"14_slmgr_then_fail", "C:\\>slmgr /ato\nActivating Windows(R), Professional edition (2de67392-b7a7-462a-b1ca-108dd189f588) ...\nError: 0xC004F074 The Software Licensing Service reported that the computer could not be activated. No Key Management Service (KMS) could be contacted. Please see the Application Event Log for additional information.\n\nI fixed the DNS record but it still doesn't work.\n", "problem"},
		{"15_slmgr_then_tried_problem", "C:\\>slmgr /ato\nError: 0xC004F074 The Software Licensing Service reported that the computer could not be activated.\n\nI tried to activate it again successfully? No, same error.\n", "problem"},
		{"16_en_healthy_ok", "Just to confirm: all 40 clients activated against the new KMS host without any issues. Thanks!\n", "ok"},
		{"17_en_antivirus_ok", "Windows Defender flagged the script as a trojan, but Windows got activated anyway.\n", "ok"},
		{"18_en_zh_other_tool_problem", "0xC004F074 with this tool, other activators work fine though.\n", "problem"},
		{"19_slmgr_clock_ok", "C:\\>slmgr /ato\nError: 0xC004F074 The Software Licensing Service reported that the computer could not be activated. No Key Management Service (KMS) could be contacted.\n\nThe clock on the client was 10 minutes off. After w32tm /resync it activated successfully.\n", "ok"},
		// States and replies in words, no code (constructed).
		{"w01_zh_reply_ok", "Windows 10 激活了，谢谢作者！\n", "ok"},
		{"w02_en_reply_ok", "Works now, thanks!\n", "ok"},
		{"w03_es_ok", "Windows no se activaba con KMS. Después de cambiar el servidor KMS, ya está activado.\n", "ok"},
		{"w04_de_ok", "Windows wurde nicht aktiviert. Nach dem Neustart ist Windows jetzt aktiviert.\n", "ok"},
		{"w05_fr_ok", "Windows ne s'activait pas avec le serveur KMS. Après le redémarrage, Windows est activé.\n", "ok"},
		{"w06_ru_ok", "Windows не активировалась через KMS. После перезагрузки Windows активирована.\n", "ok"},
		{"w07_pt_ok", "O Windows não ativava pelo KMS. Depois de reiniciar, o Windows está ativado.\n", "ok"},
		{"w08_ja_ok", "KMS でライセンス認証できませんでした。再起動したらライセンス認証されました。\n", "ok"},
		{"w09_en_ok", "I could not activate Office 2021 with KMS at first. After I removed the old Office 365 license, activation succeeded.\n", "ok"},
		{"w10_en_ok", "Office 2019 didn't activate, then I ran the script again and it worked.\n", "ok"},
		{"w11_de_problem", "Windows ist aktiviert, aber Office 2021 wurde nicht aktiviert.\n", "problem"},
		{"w12_fr_problem", "Windows était activé, mais maintenant il n'est plus activé.\n", "problem"},
		{"w13_ru_problem", "Windows была активирована, но после обновления снова не активирована.\n", "problem"},
		{"w14_es_problem", "Windows estaba activado, pero ahora dice que no está activado.\n", "problem"},
		{"w15_en_problem", "It activated fine last month, but since yesterday the activation fails again.\n", "problem"},
		// A complaint that is not an activation failure beside an activation,
		// and one that is (constructed).
		{"c01_wu_code_ok", "Windows is activated but Windows Update fails with 0x80070643.\n", "ok"},
		{"c02_outlook_ok", "Office is activated, but Outlook keeps crashing.\n", "ok"},
		{"c04_esu_update_ok", "ESU activated successfully, but the November update is not offered.\n", "ok"},
		{"c05_watermark_problem", "Windows activated. However, the Activate Windows watermark is still there.\n", "problem"},
		{"c06_banner_problem", "Office shows the Get Genuine Office banner after every reboot, though the script says activated.\n", "problem"},
		{"c07_after_update_problem", "Activated via HWID. After the update, Windows says it is not activated.\n", "problem"},
		{"c09_zh_update_ok", "系统已经激活了，但是Windows更新一直失败。\n", "ok"},
		{"c10_ja_update_ok", "ライセンス認証は完了しましたが、Windows Update が失敗します。\n", "ok"},
		{"c11_key_not_shown_ok", "Windows is activated but the product key is not shown in Settings.\n", "ok"},
		{"c12_office_cant_open_ok", "Windows and Office are activated, but Word can't open my documents.\n", "ok"},
		// Tools' own result lines, and the user's words after them
		// (constructed).
		{"t01_mas_hwid_ok", "Activating...\n\nWindows 11 Pro is permanently activated with a digital license.\n", "ok"},
		{"t02_kmsvlall_ok", "Activating: Windows(R), Professional edition\nProduct Activation Successful\nRemaining Period: 180 days (259200 minutes)\n", "ok"},
		{"t03_ansible_ok", "TASK [Activate Windows] ********************************************************\nchanged: [win10] => {\"changed\": true, \"cmd\": \"cscript //nologo C:\\\\Windows\\\\System32\\\\slmgr.vbs /ato\", \"rc\": 0, \"stderr\": \"\", \"stderr_lines\": [], \"stdout\": \"Activating Windows(R), ServerStandard edition (de32eafd-aaee-4662-9444-c1befb41bde2) ...\\r\\nProduct activated successfully.\\r\\n\", \"stdout_lines\": [\"Activating Windows(R), ServerStandard edition (de32eafd-aaee-4662-9444-c1befb41bde2) ...\", \"Product activated successfully.\"]}\n", "ok"},
		{"t04_ansible_problem", "TASK [Activate Windows] ********************************************************\nfatal: [win10]: FAILED! => {\"changed\": true, \"cmd\": \"cscript //nologo C:\\\\Windows\\\\System32\\\\slmgr.vbs /ato\", \"rc\": 1, \"stderr\": \"\", \"stdout\": \"Activating Windows(R), ServerStandard edition (de32eafd-aaee-4662-9444-c1befb41bde2) ...\\r\\nError: 0xC004F074 The Software Licensing Service reported that the computer could not be activated. No Key Management Service (KMS) could be contacted. Please see the Application Event Log for additional information.\\r\\n\"}\n", "problem"},
		{"t05_kmsvlall_mixed_problem", "Activating: Windows(R), Professional edition\nProduct Activation Successful\nRemaining Period: 180 days (259200 minutes)\n\nActivating: Office 16, Office16ProPlusVL_KMS_Client edition\nProduct Activation Failed: 0xC004F074\nRemaining Period: 0 days (0 minutes)\n", "problem"},
		{"t06_mas_office_ok", "Office 2021 ProPlus is permanently activated.\n", "ok"},
		{"t07_powershell_ok", "PS C:\\> Get-CimInstance SoftwareLicensingProduct -Filter \"PartialProductKey IS NOT NULL\" | Select-Object Name, LicenseStatus\n\nName                                   LicenseStatus\n----                                   -------------\nWindows(R), Professional edition                   1\n", "ok"},
		{"t08_otp_zh_ok", "正在激活 Office...\n产品激活成功\n", "ok"},
		{"t09_ato_then_words_problem", "C:\\>slmgr /ato\nActivating Windows(R), Professional edition (2de67392-b7a7-462a-b1ca-108dd189f588) ...\nProduct activated successfully.\n\nBut after a reboot the watermark is back and Settings says Windows is not activated.\n", "problem"},
		// A reply alone that praises the tool it used (constructed).
		{"r01_en", "Great tool, I used it on W11. Thanks a lot!\n", "ok"},
		{"r02_pt", "Muito boa a sua ferramenta de ativador, eu a usei no W11.\n\nAgradeço mesmo.\n", "ok"},
		{"r03_es", "Muy buena herramienta, la usé en Windows 11. ¡Gracias!\n", "ok"},
		{"r04_en_problem", "Great tool, I used it on W11 but it did not activate.\n", "problem"},
		// A success said after a failure but earlier in time, asked or a
		// condition (constructed).
		{"p01_problem", "Error 0xC004F074 again. It activated fine yesterday.\n", "problem"},
		{"p02_problem", "Error 0xC004F074. How do I get it activated successfully?\n", "problem"},
		{"p03_problem", "激活失败，错误代码0xC004F074。昨天还激活成功了。\n", "problem"},
		{"p04_problem", "Error 0xC004F074 when activating. It was activated without problems last week.\n", "problem"},
		{"p05_problem", "Error 0xC004F074. If it activates successfully after the reboot I will close this.\n", "problem"},
		{"p06_ok", "Error 0xC004F074 yesterday. Today, after opening port 1688, it activated successfully.\n", "ok"},
	} {
		in := filepath.Join(dir, tc.name+".txt")
		if err := os.WriteFile(in, []byte(tc.text), 0o644); err != nil {
			t.Fatal(err)
		}
		if status, primary := analyzeVerdict(t, in); status != tc.want {
			t.Errorf("%s: got %s/%s, want %s", tc.name, status, primary, tc.want)
		}
	}
}
