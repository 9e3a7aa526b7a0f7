package main

// proseStateExpect are the expectations of the training artifacts of what a
// ticket in words says or takes for granted about the machine's licence
// state (testdata/analyze/in, sources in testdata/analyze/SOURCES.md,
// section "Licence states said or presupposed in words"). Written from the
// artifacts alone and committed before kmsdoctor was run on them; they are
// part of realExpect. "ok": a short reply that the script or the steps
// worked, a question or a remark that takes an activation for granted
// ("after activation ...", "how was it activated", "这种激活...",
// "激活office后"), a licensed state said after a failure; "problem": an
// unlicensed or not genuine state in words, a failure to activate, a
// question about how or whether to activate, a suggestion that is no
// report, a state the writer cannot tell.
var proseStateExpect = map[string]struct{ status, primary string }{
	"en_prose_thanks_it_worked_despite_server_failed_techtricks3.txt":           {"ok", ""},
	"en_prose_after_activate_office_kms_address_question_mas492_partial.txt":    {"ok", ""},
	"en_prose_works_first_try_n8tbyte8_partial.txt":                             {"ok", ""},
	"en_prose_work_100_n8tbyte2.txt":                                            {"ok", ""},
	"pt_prose_activator_used_on_w11_thanks_heukms165.txt":                       {"ok", ""},
	"en_prose_windows_update_stops_after_activation_mas528_partial.txt":         {"ok", ""},
	"en_prose_after_activating_hwid_reinstall_question_mas503_partial.txt":      {"ok", ""},
	"en_prose_oem_how_was_it_activated_question_rufus841_partial.txt":           {"ok", ""},
	"en_prose_hwid_installed_internet_slow_mas98_partial.txt":                   {"ok", ""},
	"ja_prose_watermark_then_reauthenticated_enjoypclife_partial.txt":           {"ok", ""},
	"zh_prose_this_activation_reinstall_question_cmwtat8.txt":                   {"ok", ""},
	"zh_prose_after_office_activation_account_stolen_mas661_partial.txt":        {"ok", ""},
	"zh_prose_after_licensing_login_ms_account_question_cmwtat97_partial.txt":   {"ok", ""},
	"en_prose_office_activated_took_long_mas294_partial.txt":                    {"ok", ""},
	"en_prose_tried_many_times_still_unlicensed_21z2_partial.txt":               {"problem", ""},
	"en_prose_office365_asks_update_license_mas360_partial.txt":                 {"problem", ""},
	"en_prose_everything_fine_but_word_unlicensed_mas453_partial.txt":           {"problem", ""},
	"en_prose_office_not_genuine_banner_still_activated_kmsvlall12_partial.txt": {"problem", ""},
	"en_prose_license_isnt_genuine_notice_outlook_mas20_partial.txt":            {"problem", ""},
	"en_prose_cant_activate_windows_with_key_privacysexy377_partial.txt":        {"problem", ""},
	"en_prose_temporary_activate_until_reinstall_question_mas810_partial.txt":   {"problem", ""},
	"zh_prose_kms_blocked_antivirus_suggestion_heukms153_partial.txt":           {"problem", ""},
	"zhtw_prose_bought_key_cannot_tell_if_activated_cmwtat98_partial.txt":       {"problem", ""},
	"en_prose_does_activating_office_ban_account_question_mas922_partial.txt":   {"problem", ""},
	// A second batch of the same class, collected after the readings were
	// built; these expectations were written before its first run (their
	// commit came after it, an edit having failed).
	"en_prose_script_window_disappears_restored_mas1432_partial.txt":                 {"problem", ""},
	"en_prose_office_activation_not_working_then_activated_silly_mas631_partial.txt": {"ok", ""},
	"en_prose_activation_of_office_failed_activator_bat_officelifetime2_partial.txt": {"problem", ""},
	"zh_prose_office_activation_failed_onenote_buy_mas1529_partial.txt":              {"problem", ""},
	"en_prose_windows_activated_office_not_detected_mas169.txt":                      {"problem", ""},
	"en_prose_forced_activation_already_activated_legacyupdate287_partial.txt":       {"ok", ""},
	"en_prose_cant_activate_invalid_key_after_edition_upgrade_mas168_partial.txt":    {"problem", ""},
	"zh_prose_workstation_becomes_education_after_activation_kmspro13_partial.txt":   {"ok", ""},
	"en_prose_retail_key_activated_without_problem_winactivator3.txt":                {"ok", ""},
	"zh_prose_asked_to_activate_again_word_officetool504_partial.txt":                {"problem", ""},
	"zh_prose_tool_shows_unactivated_office_activated_officetool770_partial.txt":     {"ok", ""},
	"zh_prose_office_shows_not_activated_intranet_mocreak58_partial.txt":             {"problem", ""},
	// A third batch, collected after the fixes the second one led to and
	// committed before its first run on them.
	"en_prose_watermark_even_though_activated_openshell1077_partial.txt":         {"problem", ""},
	"en_prose_windeckos_windows_watermark_windeckos37.txt":                       {"problem", ""},
	"en_prose_watermark_after_hours_script_says_activated_mas1254_partial.txt":   {"problem", ""},
	"en_prose_watermark_remover_doesnt_work_notstate_wesmar2.txt":                {"problem", ""},
	"en_prose_this_worked_for_me_updates_question_techtricks4.txt":               {"ok", ""},
	"en_prose_hypothetical_update_deactivates_question_kmsvlallaio4_partial.txt": {"problem", ""},
	"en_prose_can_i_update_windows_notstate_parallelslab18_partial.txt":          {"problem", ""},
	"en_prose_esu_activated_3_years_update_fails_mas1563_partial.txt":            {"problem", ""},
}

func init() {
	for k, v := range proseStateExpect {
		realExpect[k] = v
	}
}
