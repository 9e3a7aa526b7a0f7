package main

// proseFailExpect are the expectations of the training artifacts of failures
// stated in words and of licensing words that are not about Windows or
// Office activation (testdata/analyze/in, sources in
// testdata/analyze/SOURCES.md, section "Failures in words and other
// licensing"). Written from the artifacts alone and committed before
// kmsdoctor was run on them; they are part of realExpect. Statuses and
// primaries as in heldout7Expect: a failure stated without any code is
// license.failure.no_code; a code with a dominant cause gives that cause;
// "" where several could lead; a text of no kind kmsdoctor reads (another
// product's licence, Remote Desktop licensing) is input.unrecognized.
var proseFailExpect = map[string]struct{ status, primary string }{
	// 0xC004F074 in a title and in Office's "Product Activation Failed:"
	// line: no KMS could be contacted, the cause not determined.
	"en_title_activation_error_0xC004F074_pykmsorg92_partial.txt":       {"problem", "kms.contact.undetermined"},
	"en_prose_product_activation_failed_0xC004F074_officelifetime8.txt": {"problem", "kms.contact.undetermined"},
	// Codes in words: 0x8007000D from a KMS emulator on the machine itself;
	// MAS's 0x80131501 (a .NET error of its WMI calls) with "not
	// activated"; a question about the cause of 0xC004F017; a code typed
	// with a digit missing (0x803F701). Failures, no single id.
	"en_prose_cannot_be_activated_0x8007000D_pykms23_partial.txt":   {"problem", ""},
	"en_mas_not_activated_0x80131501_mas1581_partial.txt":           {"problem", ""},
	"zh_title_ask_0xC004F017_cause_officetool713_partial.txt":       {"problem", ""},
	"en_title_activation_failed_0x803F701_typo_mas1482_partial.txt": {"problem", ""},
	// Failures without a code, in titles, bodies and dialogs quoted in
	// words: "激活失败", "Activation failed", "I get this error when
	// activating Office", "activation seems not working any more" (the
	// watermark back), Settings' "Windows ライセンス認証されていません",
	// "windows activation is off", the activation message back after two
	// months, "Windows license expired (not genuine)".
	"zh_title_win10_workstation_activation_failed_cmwtat44_partial.txt":       {"problem", "license.failure.no_code"},
	"en_title_activation_failed_mas1321_partial.txt":                          {"problem", "license.failure.no_code"},
	"en_title_error_activating_office_question_mas1395_partial.txt":           {"problem", "license.failure.no_code"},
	"en_prose_activate_windows_watermark_returned_ws2022_mas1305_partial.txt": {"problem", "license.failure.no_code"},
	"ja_settings_not_activated_key_used_other_pc_pckaruma_partial.txt":        {"problem", "license.failure.no_code"},
	"en_prose_windows_activation_is_off_mas109_partial.txt":                   {"problem", "license.failure.no_code"},
	"en_prose_activation_message_after_sleep_winactivate31_partial.txt":       {"problem", "license.failure.no_code"},
	"en_prose_windows_license_expired_not_genuine_ievms22_partial.txt":        {"problem", "license.failure.no_code"},
	// An activator's Office option doing nothing; an evaluation LTSC shutting
	// down every hour: failures, no single id.
	"en_title_office_kms_smart_activate_not_working_heukms185_partial.txt": {"problem", ""},
	"en_prose_eval_ltsc_shuts_down_hourly_dockurwindows1483_partial.txt":   {"problem", ""},
	// Licences of other products and Remote Desktop licensing, in words that
	// also fit Windows activation ("cannot activate", "doesn't activate",
	// "could not be activated" after reinstalling Windows 11, "licensing
	// error", "license is not avalid"): nothing about Windows or Office
	// activation, input.unrecognized.
	"en_prose_adguard_license_not_activated_after_reinstall_notkms_adguard5314_partial.txt": {"problem", "input.unrecognized"},
	"en_prose_app_license_cannot_activate_macos_notkms_gifox287_partial.txt":                {"problem", "input.unrecognized"},
	"en_prose_app_code_doesnt_activate_notkms_cursorvip20.txt":                              {"problem", "input.unrecognized"},
	"en_prose_rdp_license_problem_session_ends_notkms_rdpwrap2091_partial.txt":              {"problem", "input.unrecognized"},
	"en_error_rdp_licensing_error_0x101_notkms_iapdesktop1543_partial.txt":                  {"problem", "input.unrecognized"},
	"zh_prose_panel_license_not_valid_notkms_1panel9048_partial.txt":                        {"problem", "input.unrecognized"},
	"en_prose_adobe_after_effects_activated_2_devices_notkms_aerender13_partial.txt":        {"problem", "input.unrecognized"},
}

func init() {
	for k, v := range proseFailExpect {
		realExpect[k] = v
	}
}
