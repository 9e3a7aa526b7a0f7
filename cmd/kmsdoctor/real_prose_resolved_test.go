package main

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
