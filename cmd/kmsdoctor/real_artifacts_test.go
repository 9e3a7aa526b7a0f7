package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// realExpect is what a person reading a real artifact would conclude: the
// verdict status and, where the artifact makes it clear, the root cause.
// Written from the artifacts (and their SOURCES), before looking at what
// kmsdoctor says. TestRealArtifacts measures how many kmsdoctor gets right;
// the README quotes the figure.
var realExpect = map[string]struct{ status, primary string }{
	"en_dli_kms_client_win7_licensed_technet.txt": {"ok", ""},
	"en_nslookup_srv_vlmcs_pykms60_redacted.txt":  {"ok", ""},
	// Microsoft 365 Apps in its initial grace: KMS never activates it.
	"en_ospp_dstatus_o365_subscription_oob_grace_mas269_partial.txt":        {"problem", "office.subscription"},
	"en_rearm_ato_errors_0xC004D302_0xC004C032_detectionlab902_partial.txt": {"problem", ""},
	"en_status_esu_mak_licensed_redacted_mas1125_partial.txt":               {"ok", ""},
	"en_status_win11pro_retail_notification_0xC004F034_kmsvlall22.txt":      {"problem", ""},
	"en_stripchart_37s_w32time20_partial.txt":                               {"ok", ""},
	"en_tnc_ad_ports_ok_pastebin_partial.txt":                               {"unknown", ""},
	"en_tnc_port1688_ok_pykms60_redacted.txt":                               {"ok", ""},
	"en_tnc_port53_ok_ps25818.txt":                                          {"unknown", ""},
	"real_aws_awscli_examples_cloud-aws":                                    {"ok", ""},
	"real_gcp_gcpdiag_gce1_cloud-gcp":                                       {"ok", ""},
	// Hierarchical firewall policies whose egress rules all goto_next.
	"real_gcp_gcpdiag_fwpolicy_cloud-gcp": {"ok", ""},
	// OCI security lists and route tables of two tutorials; Oracle's KMS is
	// link-local and not subject to security rules.
	"real_oci_ocibook_kthw_cloud-oci":         {"ok", ""},
	"ru_stripchart_rdtsc_wsd2065_partial.txt": {"ok", ""},
	// A failure stated in words, with no code and no message text of one
	// (added with license.failure.no_code; written before its first run).
	"en_prose_ato_errormessage_nocode_vlmcsd70_partial.txt":                        {"problem", "license.failure.no_code"},
	"en_prose_cant_activate_org_server_nocode_gist2b9b_partial.txt":                {"problem", "license.failure.no_code"},
	"en_prose_ws2019_activation_failed_nocode_pykms138_partial.txt":                {"problem", "license.failure.no_code"},
	"zh_prose_activation_failed_0085_nocode_heukms99_partial.txt":                  {"problem", "license.failure.no_code"},
	"zh_prose_activation_failed_nocode_lkyofficetools38_partial.txt":               {"problem", "license.failure.no_code"},
	"zhtw_prose_office_product_activation_failed_nocode_officetool561_partial.txt": {"problem", "license.failure.no_code"},
	// A code's message text without the code ("The data is invalid",
	// 0x8007000D), as the user quoted slmgr's dialog.
	"en_prose_ato_data_invalid_text_nocode_vlmcsd52_partial.txt": {"problem", "license.activation_error"},
	"zh_ato_enterpriseS_0xC004F074_pykms20.txt":                  {"problem", "kms.contact.undetermined"},
	// From the spent fifth held-out set, with its expectations as written
	// there (heldout5Expect): a later licensed state wins over an earlier
	// error; a zh-CN /xpr.
	"en_prose_0xC004C032_then_valid_90days_eval_gusztavvargadr412_partial.txt": {"ok", ""},
	"zh_xpr_permanently_activated_corecountryspecific_batnotes_partial.txt":    {"ok", ""},
	// An MSIX/AppX install's generic code (0x80073CF3): another component's,
	// no licensing finding; the input is of no kind kmsdoctor reads.
	"en_appx_deploy_0x80073CF3_notkms_files6405.txt":               {"problem", "input.unrecognized"},
	"zh_ospp_list_unlicensed_0xC004F014_officetool331_partial.txt": {"problem", ""},
	// Success and licensed states in users' words, and success claims that
	// did not hold (issue 10; sources of classes 8-f, see SOURCES.md; written
	// before their first run). A later state wins; a failure stated after
	// the success is a problem; a question or a condition states nothing
	// ("problem", whatever the finding: never "ok").
	"zh_prose_failed_then_port_added_activated_officetool510_partial.txt":         {"ok", ""},
	"en_prose_rebooted_remains_activated_mas1292_partial.txt":                     {"ok", ""},
	"en_prose_activated_months_ago_then_watermark_winactivate31_partial.txt":      {"problem", ""},
	"en_prose_kms_host_activation_working_fine_wsdocs2474.txt":                    {"ok", ""},
	"en_prose_0x8007000D_activated_only_other_host_pykms23_partial.txt":           {"problem", ""},
	"zh_prose_0min_then_180days_after_update_heukms25_partial.txt":                {"ok", ""},
	"en_prose_can_activate_office2021_but_log_vlmcsd63_partial.txt":               {"ok", ""},
	"en_prose_question_office365_activated_mas1236_partial.txt":                   {"problem", ""},
	"en_prose_kms38_not_working_still_180days_winactivate7.txt":                   {"ok", ""},
	"zh_prose_success_shown_windows_not_activated_cmwtat69_partial.txt":           {"problem", ""},
	"en_prose_activates_until_update_not_genuine_pykms133_partial.txt":            {"problem", ""},
	"zh_prose_question_ltsc_digital_activation_heukms158.txt":                     {"problem", ""},
	"zh_prose_question_ltsc_then_activation_error_kmspro32_partial.txt":           {"problem", ""},
	"ja_prose_activation_not_passing_then_completed_solomonreview_partial.txt":    {"ok", ""},
	"ja_prose_was_activated_now_watermark_emjnet_partial.txt":                     {"problem", ""},
	"en_prose_activator_worked_but_key_invalid_grace_ezwindslic5_partial.txt":     {"problem", ""},
	"en_prose_windows_activated_however_office_grace_expired_mas1306_partial.txt": {"problem", ""},
	"en_prose_how_to_check_windows_activated_article_hypersine15_partial.txt":     {"problem", ""},
	"en_prose_pykms_activating_ws2022_failing_then_working_pykms87_partial.txt":   {"ok", ""},
	"en_prose_ws2022_refuses_then_activated_pykms53_partial.txt":                  {"ok", ""},
	"en_prose_20h2_pykms_works_fine_pykms120_partial.txt":                         {"ok", ""},
	// A second batch of the same class, measured on the clause reading
	// before any change made for it (expectations written first).
	"zh_prose_almost_activated_then_proxy_solved_cmwtat93_partial.txt":                       {"ok", ""},
	"en_office2016_activator_kms_connection_failed_not_supported_lintangwisesa5_partial.txt": {"problem", ""},
	"en_prose_howto_kms_time_limitation_notstate_artic92howtos30_partial.txt":                {"problem", ""},
	"en_prose_notice_if_activated_change_server_mas70_partial.txt":                           {"problem", ""},
	"ja_prose_guide_when_completed_shows_activated_notstate_zbnr_partial.txt":                {"problem", ""},
	"ja_prose_faq_shipped_activated_notstate_vaio727_partial.txt":                            {"problem", ""},
	"ja_prose_office_activation_sometimes_lapsed_account_error_debuggingasusual_partial.txt": {"problem", ""},
	"zh_prose_why_kms_activation_only_half_year_kmspro10.txt":                                {"ok", ""},
	"en_prose_pro_not_activated_enterprise_activated_vlmcsd81_partial.txt":                   {"problem", ""},
	// Structured outputs pasted in tickets (formats class; written and
	// committed before their first run). Outputs of Windows tools that say
	// nothing about activation, which kmsdoctor should read and leave
	// "unknown": dism /Get-CurrentEdition of a non-evaluation edition,
	// PortQry against an SMTP port, systeminfo in English and French (also
	// quoted and cut short), a Get-WmiObject Win32_Product list naming
	// Office's Click-to-Run licensing component, cscript's banner with
	// slmgr's remote version mismatch, a pt-BR Application Error event, a
	// Docker log carrying SPP's benign "Initialization status for service
	// objects." event, a Service Control Manager event as XML.
	"en_dism_currentedition_serverstandard_notkms_wsdocs454_partial.txt": {"unknown", ""},
	"en_portqry_smtp25_listening_notkms_kb310298_partial.txt":            {"unknown", ""},
	"fr_systeminfo_quoted_wes_notdetected_notkms_wesng27_partial.txt":    {"unknown", ""},
	"en_systeminfo_win7_parallels_notkms_wes2_partial.txt":               {"unknown", ""},
	"en_systeminfo_os_name_version_notkms_winvind214_partial.txt":        {"unknown", ""},
	"en_wmi_win32_product_office_c2r_notkms_msiquery7_partial.txt":       {"unknown", ""},
	"en_slmgr_remote_version_mismatch_banner_ff793433_partial.txt":       {"unknown", ""},
	"pt_event_application_error_wmiprvse_notkms_winutil798_partial.txt":  {"unknown", ""},
	"en_docker_log_spp_init_status_notkms_dockerforwin2312_partial.txt":  {"unknown", ""},
	"en_eventxml_ie_scm_7024_notkms_scmmanager74_partial.txt":            {"unknown", ""},
	// Of no kind kmsdoctor reads, and no licensing finding (as heldout7's
	// telnet): a Linux telnet refused on another port; Service Control
	// Manager's 7000 with "The system cannot find the file specified." (the
	// text of 0x80070002, but of a service, not of licensing).
	"en_telnet_refused_linux_notkms_jasmin435_partial.txt":  {"problem", "input.unrecognized"},
	"en_event_scm_7000_file_not_found_notkms_tcpcrypt8.txt": {"problem", "input.unrecognized"},
	// Office's "Product Activation Failed: 0xC004F074" alone; a MAS script
	// whose key install and activation fail with 0x80070005 (a failure, no
	// single cause); a py-kms log with "No data received", then "now it is
	// be ok" after a reboot (the later state).
	"en_office_product_activation_failed_0xC004F074_officelifetime8.txt": {"problem", "kms.contact.undetermined"},
	"en_mas_hwid_failed_0x80070005_kmspico_mas1045.txt":                  {"problem", ""},
	"en_pykms_log_nodata_then_reboot_ok_pykms97.txt":                     {"ok", ""},
	// Texts that state nothing about a machine although they name
	// activation, its tools or its codes (issue 10, reference and
	// documentation class; sources of partition 8-f, expectations written
	// and committed before the first run): pull requests and issues about
	// documentation (a table of contents, a README section, typos in slmgr
	// or ospp commands, links, a diff of how-to steps, a tldr page), a
	// table of activation error codes and their messages, a Chinese guide's
	// table of common codes, a list of the codes a support tool knows, and a
	// how-to guide's introduction naming 0xC004F074: input.unrecognized. Two
	// real tickets mixed in must still be read: a question whose user says
	// the system rejects the key "and showing an activation error" (the
	// codes after it are an answer's examples), and "Powershell Windows
	// Activation Error" with its "How do i fix this error": a failure with
	// no code.
	"en_prose_pr_toc_add_activation_error_article_notkms_wsdocs2631.txt":               {"problem", "input.unrecognized"},
	"en_prose_pr_readme_fixing_activation_issues_notkms_nopsmdrm23.txt":                {"problem", "input.unrecognized"},
	"en_prose_pr_slmrg_typo_vamt_notkms_itprodocs3590.txt":                             {"problem", "input.unrecognized"},
	"en_prose_typo_live_site_slmrg_dlv_notkms_itprodocs60_partial.txt":                 {"problem", "input.unrecognized"},
	"en_prose_pr_update_vamt_md_corrected_list_error_notkms_itprodocs8335_partial.txt": {"problem", "input.unrecognized"},
	"en_prose_pr_rackspace_kms_howto_diff_notkms_rackspace2782_partial.txt":            {"problem", "input.unrecognized"},
	"en_prose_docs_commands_activating_incorrect_notkms_wsdocs799_partial.txt":         {"problem", "input.unrecognized"},
	"en_prose_docs_wrong_script_name_opss_notkms_deployoffice905_partial.txt":          {"problem", "input.unrecognized"},
	"en_prose_pr_update_kms_client_keys_md_notkms_wsdocs7410_partial.txt":              {"problem", "input.unrecognized"},
	"en_prose_pr_edit_readme_slmgr_line_notkms_dockerkms47_partial.txt":                {"problem", "input.unrecognized"},
	"en_prose_pr_tldr_slmgr_page_review_notkms_tldr8201_partial.txt":                   {"problem", "input.unrecognized"},
	"en_table_activation_error_codes_summary_notkms_wsdocsfile_partial.txt":            {"problem", "input.unrecognized"},
	// Message texts of codes in other languages, without the code, as
	// Microsoft's localised "Resolve Windows activation error codes" pages
	// quote them (de, fr, it; written before the first run): the finding the
	// code would give. The paragraphs of the same pages that explain a
	// message in general terms ("the error text is correct, but it is
	// ambiguous. This error indicates ...") state no machine's failure.
	"de_error_0xC004F06C_timestamp_invalid_message_wsdocsdede_partial.txt":         {"problem", "time.skew"},
	"de_error_0x80070005_access_denied_message_wsdocsdede_partial.txt":             {"problem", "license.access_denied"},
	"fr_error_0xC004F074_no_kms_contacted_message_wsdocsfrfr_partial.txt":          {"problem", "kms.contact.undetermined"},
	"fr_error_0xC004F035_invalid_vlk_message_wsdocsfrfr_partial.txt":               {"problem", "license.channel.not_kms"},
	"it_error_0xC004F038_count_insufficient_message_wsdocsitit_partial.txt":        {"problem", "kms.count.insufficient"},
	"it_error_0xC004F074_no_kms_contacted_message_wsdocsitit_partial.txt":          {"problem", "kms.contact.undetermined"},
	"de_prose_docs_0xC004F035_error_text_ambiguous_notkms_wsdocsdede_partial.txt":  {"problem", "input.unrecognized"},
	"fr_prose_docs_0xC004F035_error_text_ambiguous_notkms_wsdocsfrfr_partial.txt":  {"problem", "input.unrecognized"},
	"zh_table_common_error_codes_vlmcsd_guide_notkms_softinstallnotes_partial.txt": {"problem", "input.unrecognized"},
	"en_prose_guide_office2024_0xC004F074_24h2_notkms_win11fixer18_partial.txt":    {"problem", "input.unrecognized"},
	"en_list_sara_known_error_codes_notkms_blessedness_partial.txt":                {"problem", "input.unrecognized"},
	"en_prose_qa_activation_error_after_format_ai_steps_ggt5924913_partial.txt":    {"problem", "license.failure.no_code"},
	"en_prose_powershell_windows_activation_error_mas1470_partial.txt":             {"problem", "license.failure.no_code"},
	// Application Error (1000) events of other programs' crashes, the
	// second batch of this class (written before their first run): pasted
	// without the Event Viewer header beside a .NET Runtime event, with the
	// header, and with labels a translation tool rewrote ("Faulty module
	// name"). Their exception codes are the programs': nothing about
	// activation, "unknown".
	"en_event_application_error_1000_headless_dotnet_notkms_idlemaster15_partial.txt":     {"unknown", ""},
	"en_event_application_error_1000_header_notkms_eventlogexpert425_partial.txt":         {"unknown", ""},
	"en_event_application_error_translated_labels_notkms_windynamicdesktop72_partial.txt": {"unknown", ""},
	// A third batch of this class, gathered after the mechanisms above were
	// built and measured on them (expectations written before the run):
	// documentation issues and a pull request (a note quoted from a page, an
	// outdated link whose address holds a code, a wording fix, an empty
	// feedback form), other components' codes (an MSI custom action's WMI
	// "Invalid class" as a signed number, a WMI tool's 0x80041010, an
	// AutoHotkey script's, a .NET COM error in German, an installer's
	// "could not be run"): input.unrecognized; and an activation script's
	// "WMI is not responding" when run for online KMS, a failure with no
	// single cause.
	"en_prose_docs_comment_kms_updates_note_notkms_wsdocs4915_partial.txt":      {"problem", "input.unrecognized"},
	"en_prose_docs_kms_client_link_outdated_notkms_azuredocs48583_partial.txt":  {"problem", "input.unrecognized"},
	"en_prose_pr_our_kms_key_your_kms_key_notkms_deployoffice379.txt":           {"problem", "input.unrecognized"},
	"en_prose_msi_script_error_wmi_invalid_class_notkms_wazuh18145_partial.txt": {"problem", "input.unrecognized"},
	"zh_title_wmi_session_error_0x80041010_notkms_wmiexecpro12.txt":             {"problem", "input.unrecognized"},
	"de_prose_wmi_shutdown_0x80040154_classnotreg_notkms_wakeonlan9.txt":        {"problem", "input.unrecognized"},
	"en_title_wmi_invalid_class_0x80041010_ahk_notkms_deviceidpnp4.txt":         {"problem", "input.unrecognized"},
	"en_prose_online_kms_wmi_not_responding_mas218_partial.txt":                 {"problem", ""},
	"en_prose_msi_script_could_not_be_run_notkms_openvpnbuild397_partial.txt":   {"problem", "input.unrecognized"},
	"en_prose_docs_feedback_empty_kms_keys_page_notkms_wsdocs7866_partial.txt":  {"problem", "input.unrecognized"},
	// Logs and tool outputs mixed with words (activation scripts' logs,
	// KMS server logs as users paste them, ESU tools and pages; sources of
	// classes 8-f; written and committed before their first run). A KMS
	// server log that answers a request says nothing of the client's licence
	// (the user's words do); a script's error line followed by its success is
	// the later state; ESU not shown in Settings is no activation failure.
	"en_pykms_log_ws2022_activation_doesnt_work_systemragepykms138_partial.txt":          {"problem", ""},
	"en_pykms_log_answered_notifications_system_not_activated_dockerkms10_partial.txt":   {"problem", ""},
	"en_vlmcsd_0x8007000D_self_activation_daemon_answered_vlmcsd6_partial.txt":           {"problem", ""},
	"en_mas_says_permanently_activated_all_green_question_mas1256_partial.txt":           {"ok", ""},
	"en_consumeresu_ineligible_then_enrolled_windows_activated_consumeresu7_partial.txt": {"ok", ""},
	"en_tsforge_esu_licenses_present_settings_shows_nothing_mas1105_partial.txt":         {"ok", ""},
	"en_pykms_office2024_cant_activate_compose_log_dockerkms29_partial.txt":              {"problem", ""},
	"en_mas_office2019_not_activating_friend_pc_mas45_partial.txt":                       {"problem", ""},
	"en_kmsvlall_office_not_genuine_banner_still_activated_kkkgokmsvlall12_partial.txt":  {"problem", ""},
	"en_mas_hwid_red_line_key_not_installed_but_successful_mas622_partial.txt":           {"ok", ""},
	"en_mas_ohook_wmic_missing_then_fixed_mas453_partial.txt":                            {"ok", ""},
	"en_title_activation_not_successful_win81_mas17_partial.txt":                         {"problem", ""},
	// Documents about no machine in other languages than English (pages,
	// KB articles, blog tutorials, vendor FAQ and guides; sources of classes
	// 8-f; written and committed before their first run): a text that
	// describes activation, its conditions, states and steps in general
	// yields no licensing finding. A guide built around one code's scenario
	// (the held-out sets read those as the code shown) may be read either way.
	"ja_prose_docs_plan_volume_activation_notkms_skillsacademyplan_partial.txt":            {"problem", "input.unrecognized"},
	"zh_prose_article_common_activation_problems_causes_solutions_notkms_jjsx_partial.txt": {"problem", "input.unrecognized"},
	"de_prose_docs_activation_error_codes_bilingual_intro_notkms_msdocsde_partial.txt":     {"problem", "input.unrecognized"},
	"de_prose_article_activation_states_toc_notkms_pcffm_partial.txt":                      {"problem", "input.unrecognized"},
	"de_prose_guide_not_activated_question_to_reader_notkms_silverpcde_partial.txt":        {"problem", "input.unrecognized"},
	"de_prose_blog_win7_kms_0xC004F200_news_ich_notkms_borncity_partial.txt":               {"problem", "input.unrecognized"},
	"es_prose_wiki_0xC004F074_definition_notkms_winpeaker_partial.txt":                     {"problem", "input.unrecognized"},
	"es_prose_guide_windows_not_activated_all_solutions_notkms_silverpces_partial.txt":     {"problem", "input.unrecognized"},
	"fr_prose_docs_plan_volume_activation_notkms_learnfr_partial.txt":                      {"problem", "input.unrecognized"},
	"fr_prose_guide_ws2022_0xC004C003_scenario_quoted_error_ittripfr_partial.txt":          {"problem", ""},
	"ko_prose_guide_activation_error_causes_intro_notkms_pclifesaver_partial.txt":          {"problem", "input.unrecognized"},
	"ko_prose_blog_activation_error_author_anecdote_notkms_kfinanceguide_partial.txt":      {"problem", "input.unrecognized"},
	"pt_prose_docs_va2_operations_guide_toc_notkms_technetptbr_partial.txt":                {"problem", "input.unrecognized"},
	"de_prose_docs_kms_general_information_notkms_schroeteredv_partial.txt":                {"problem", "input.unrecognized"},
	"ja_prose_docs_why_cannot_activate_windows8_notkms_mswindowsja_partial.txt":            {"problem", "input.unrecognized"},
	"ja_prose_support_activation_troubleshoot_steps_notkms_msjp4339691_partial.txt":        {"problem", "input.unrecognized"},
	"zh_prose_article_activate_windows_prompt_causes_notkms_ourseo_partial.txt":            {"problem", "input.unrecognized"},
	"ja_prose_howto_redo_activation_steps_notkms_hitorijosys_partial.txt":                  {"problem", "input.unrecognized"},
	"ja_prose_article_m365_license_not_found_token_notkms_funshitsu_partial.txt":           {"problem", "input.unrecognized"},
	// A second batch of the same class, collected after AboutNoMachine was
	// built and measured on it before any change (Polish, Italian, Chinese,
	// English pages; sources of classes 8-f).
	"pl_prose_docs_kms_service_gvlk_scenarios_notkms_softtrader_partial.txt":      {"problem", "input.unrecognized"},
	"en_prose_docs_activate_clients_retry_notkms_learncsactivate_partial.txt":     {"problem", "input.unrecognized"},
	"it_prose_guide_how_to_activate_watermark_notkms_tuttotech_partial.txt":       {"problem", "input.unrecognized"},
	"it_prose_guide_license_expiring_error_notkms_nexsys_partial.txt":             {"problem", "input.unrecognized"},
	"it_prose_article_how_to_activate_requirements_notkms_mundobytes_partial.txt": {"problem", "input.unrecognized"},
	"zh_prose_blog_kms_mechanism_setup_steps_notkms_ecomnet_partial.txt":          {"problem", "input.unrecognized"},
	"zh_prose_article_win8_kms_principles_count_notkms_iamivan_partial.txt":       {"problem", "input.unrecognized"},
	"zh_prose_article_kms_tool_how_it_works_notkms_chinasem_partial.txt":          {"problem", "input.unrecognized"},
	"zh_prose_article_windows_to_go_activation_traps_notkms_datasea_partial.txt":  {"problem", "input.unrecognized"},
	// Texts of no particular machine of the classes the nineteenth and
	// twentieth held-out sets missed (code changes' descriptions about
	// licensing checks, issues about a cloud's KMS endpoints, documentation
	// passages in German, French, Japanese, Russian and Chinese; sources of
	// classes 8-f), collected after the first fixes and measured on them
	// before any further change.
	"en_prose_pr_registry_key_activation_status_notkms_computeimagewindows246_partial.txt":      {"problem", "input.unrecognized"},
	"en_prose_pr_verify_activation_status_unlicensed_notkms_computeimagewindows212_partial.txt": {"problem", "input.unrecognized"},
	"en_prose_pr_license_display_command_notkms_slmgrps1.txt":                                   {"problem", "input.unrecognized"},
	"en_prose_pr_check_activation_status_refactor_notkms_mas546_partial.txt":                    {"problem", "input.unrecognized"},
	"en_prose_issue_kms_ips_missing_nsg_rule_notkms_avdaccelerator637_partial.txt":              {"problem", "input.unrecognized"},
	"en_prose_docs_issue_update_page_azkms_endpoint_notkms_supportarticles625_partial.txt":      {"problem", "input.unrecognized"},
	"en_prose_docs_issue_new_servers_azkms_notkms_supportarticles629_partial.txt":               {"problem", "input.unrecognized"},
	"en_prose_docs_issue_incorrect_azkms_ip_notkms_supportarticles642_partial.txt":              {"problem", "input.unrecognized"},
	"en_prose_pr_update_azkms_ip_custom_routes_notkms_supportarticles644_partial.txt":           {"problem", "input.unrecognized"},
	"en_prose_docs_issue_windows_firewall_rule_1688_notkms_azuredocs33524_partial.txt":          {"problem", "input.unrecognized"},
	"de_prose_blog_kms_renewal_threshold_notkms_cubewerk_partial.txt":                           {"problem", "input.unrecognized"},
	"de_prose_faq_kms_activation_thresholds_notkms_snvcloud_partial.txt":                        {"problem", "input.unrecognized"},
	"ja_prose_docs_activate_windows10_clients_notkms_technetja921_partial.txt":                  {"problem", "input.unrecognized"},
	"ja_prose_article_kms_overview_watermark_notkms_deminionsja.txt":                            {"problem", "input.unrecognized"},
	"fr_prose_article_kms_overview_watermark_notkms_deminionsfr.txt":                            {"problem", "input.unrecognized"},
	"ru_prose_docs_hardware_change_reactivate_notkms_windoro_partial.txt":                       {"problem", "input.unrecognized"},
	"zh_prose_article_kms_mak_keys_vista_notkms_365seal_partial.txt":                            {"problem", "input.unrecognized"},
	// A second batch of the class, collected after those fixes (English,
	// Spanish and Korean documentation, an article, a feature request, a
	// pull request; classes 8-f), measured on them before any change.
	"en_prose_docs_reset_m365_activation_state_notkms_learnresetm365_partial.txt":      {"problem", "input.unrecognized"},
	"en_prose_docs_ospp_vbs_tools_configure_office_notkms_technet1825df76_partial.txt": {"problem", "input.unrecognized"},
	"en_title_feature_request_is_windows_activated_notkms_mattrax250.txt":              {"problem", "input.unrecognized"},
	"en_prose_article_office_license_types_notkms_eztoolset_partial.txt":               {"problem", "input.unrecognized"},
	"en_prose_pr_kms_troubleshooting_outbound_notkms_jpaztech634.txt":                  {"problem", "input.unrecognized"},
	"ko_prose_blog_kms_volume_activation_steps_notkms_iseop101_partial.txt":            {"problem", "input.unrecognized"},
	"ko_prose_docs_kms_host_activate_office_notkms_technetkodn385356_partial.txt":      {"problem", "input.unrecognized"},
	"es_prose_docs_plan_volume_activation_notkms_technetesmt269356_partial.txt":        {"problem", "input.unrecognized"},
	"es_prose_blog_office2010_volume_activation_notkms_office2010spblog_partial.txt":   {"problem", "input.unrecognized"},
	"es_prose_docs_plan_volume_activation_tip_notkms_learnesplanva_partial.txt":        {"problem", "input.unrecognized"},
	// Outputs of tools the readers did not know and mixed pastes (issue 10,
	// sources of classes 8-f; written and committed before their first
	// run). Windows Setup failing to validate a product key, a DISM edition
	// change failing, an MDM CSP's SyncML error, an inventory script's XML
	// and a list of PowerShell commands are no KMS activation failure:
	// input.unrecognized, or "unknown" for a setup log kmsdoctor reads
	// (SetupDiag with setupact.log lines). A Terraform remote-exec prefix
	// around slmgr /ato's success is a success; a test server whose status
	// is 5 (notification), slui's hr with the UI's 0xC004F074, an
	// activation failure after packing, Office with no installed key are
	// problems; an audit tool saying "not licensed" while Settings shows
	// the activation Active is the later, real state.
	"en_setup_failed_validate_product_key_creator_notkms_winutil4395_partial.txt":    {"problem", "input.unrecognized"},
	"en_setup_failed_validate_product_key_autounattend_notkms_unattendgen260.txt":    {"problem", "input.unrecognized"},
	"en_setup_failed_validate_product_key_inplace_notkms_flyoobe355.txt":             {"problem", "input.unrecognized"},
	"en_ventoy_product_key_not_work_setupact_notkms_ventoy2424_partial.txt":          {"problem", "input.unrecognized"},
	"en_setupdiag_setupact_disk_full_notkms_itprodocs2484_partial.txt":               {"unknown", ""},
	"zh_ps_dismsetedition_0x80070032_change_edition_notkms_mas1189.txt":              {"problem", "input.unrecognized"},
	"en_ps_dismsetedition_request_not_supported_notkms_mas991_partial.txt":           {"problem", "input.unrecognized"},
	"en_dism_change_edition_win7_0x800f0904_notkms_mas1428_partial.txt":              {"problem", "input.unrecognized"},
	"en_syncml_changeproductkey_405_notkms_itprodocs3041_partial.txt":                {"problem", "input.unrecognized"},
	"en_xml_msofficekey_inventory_notkms_officepack69_partial.txt":                   {"problem", "input.unrecognized"},
	"en_prose_slmgr_deprecation_ps_commands_notkms_ett90.txt":                        {"problem", "input.unrecognized"},
	"en_terraform_remote_exec_slmgr_ato_activated_detectionlab425_partial.txt":       {"ok", ""},
	"en_prose_server2019_test_unlicensed_status5_audittap292_partial.txt":            {"problem", ""},
	"en_slui_hr_0x80004005_ui_0xC004F074_forced_tunnel_azuresandbox145.txt":          {"problem", ""},
	"en_prose_catch_0xC004D302_0xC004FC07_after_packing_detectionlab472_partial.txt": {"problem", ""},
	"en_prose_ospp_no_installed_product_keys_pidkey_deployoffice1024_partial.txt":    {"problem", ""},
	"en_prose_audit_report_not_licensed_settings_active_audittap737_partial.txt":     {"ok", ""},
	// slmgr's /ato and /skms messages in languages without a row of the
	// tables, read from their structure (internal/slmgr/inferred.go), and
	// the error of the same Swedish page.
	"sv_slmgr_ato_success_datacenter_azuredocssvse_partial.txt":                   {"ok", ""},
	"sv_prose_skms_returns_name_set_kmscore_azuredocssvse_partial.txt":            {"ok", ""},
	"sv_error_0xC004F074_azurevm_azuredocssvse_partial.txt":                       {"problem", "kms.contact.undetermined"},
	"cs_slmgr_ato_success_datacenter_mscscz_partial.txt":                          {"ok", ""},
	"cs_prose_skms_returns_name_set_kmscore_mscscz_partial.txt":                   {"ok", ""},
	"ptpt_slmgr_ato_success_datacenter_msptpt_partial.txt":                        {"ok", ""},
	"ptpt_prose_skms_returns_name_set_kmscore_msptpt_partial.txt":                 {"ok", ""},
	"ru_prose_skms_returns_name_set_kmscore_azuredocsruru9_partial.txt":           {"ok", ""},
	"ko_slmgr_ato_success_datacenter_mskokr_partial.txt":                          {"ok", ""},
	"nl_prose_skms_returns_name_set_kmscore_prtestnlnl_partial.txt":               {"ok", ""},
	"pl_prose_skms_returns_name_set_kmscore_prtestplpl_partial.txt":               {"ok", ""},
	"tr_slmgr_ato_success_datacentercore_prtesttrtr_partial.txt":                  {"ok", ""},
	"tr_prose_skms_returns_name_set_kmscore_prtesttrtr_partial.txt":               {"ok", ""},
	"de_prose_skms_returns_name_set_kmscore_azuredocsdede8_partial.txt":           {"ok", ""},
	"zhtw_prose_skms_returns_name_set_kmscore_prtestzhtw_partial.txt":             {"ok", ""},
	"zh_slmgr_ato_success_garbled_mcdocszhcn8_partial.txt":                        {"ok", ""},
	"zhtw_slmgr_ato_success_datacenter_azuredocszhtw9_partial.txt":                {"ok", ""},
	"nl_slmgr_ato_success_datacenter_azuredocsnlnle_partial.txt":                  {"ok", ""},
	"nl_prose_skms_returns_name_set_kmscore_azuredocsnlnle_partial.txt":           {"ok", ""},
	"es_prose_skms_returns_english_and_spanish_kmscore_azuredocseses_partial.txt": {"ok", ""},
	"ja_prose_skms_returns_name_set_quoted_kmscore_azuredocsjajp_partial.txt":     {"ok", ""},
	"ptbr_prose_skms_returns_name_set_kmscore_azuredocsptbr8_partial.txt":         {"ok", ""},
	"ptbr_slmgr_ato_success_datacenter_azuredocsptbr8_partial.txt":                {"ok", ""},
	// Localised Microsoft documentation about no machine (partition classes
	// 8-f): the Azure activation article's cause, PsPing and FAQ sections
	// (cs, sv, nl), support and windows.microsoft.com pages (pl, nb, sk, cs,
	// sv, nl) on activation states, errors, reactivation and genuine Windows,
	// two of them on what 0xC004F061 means "if" it is shown: input.unrecognized.
	"cs_prose_docs_azure_activation_cause_notkms_azuredocscscz_partial.txt":              {"problem", "input.unrecognized"},
	"cs_prose_docs_azure_activation_faq_grace_expires_notkms_azuredocscscz_partial.txt":  {"problem", "input.unrecognized"},
	"cs_prose_docs_azure_psping_loss_no_connection_notkms_azuredocscscz_partial.txt":     {"problem", "input.unrecognized"},
	"cs_prose_docs_reactivate_after_hardware_change_notkms_supportcscz20530_partial.txt": {"problem", "input.unrecognized"},
	"nb_prose_docs_activation_and_genuine_relationship_notkms_windowsnbno7_partial.txt":  {"problem", "input.unrecognized"},
	"nb_prose_docs_activation_errors_help_steps_notkms_supportnbno_partial.txt":          {"problem", "input.unrecognized"},
	"nb_prose_docs_why_cant_activate_0xC004F061_if_shown_notkms_windowsnbno_partial.txt": {"problem", "input.unrecognized"},
	"nb_prose_docs_why_cant_activate_intro_notkms_windowsnbno_partial.txt":               {"problem", "input.unrecognized"},
	"nl_prose_docs_azure_activation_faq_grace_notkms_azuredocsnlnl_partial.txt":          {"problem", "input.unrecognized"},
	"nl_prose_docs_azure_psping_lost_not_connected_notkms_azuredocsnlnl_partial.txt":     {"problem", "input.unrecognized"},
	"nl_prose_docs_genuine_notifications_not_activated_notkms_kb905226nl_partial.txt":    {"problem", "input.unrecognized"},
	"pl_prose_docs_activation_faq_moim_komputerze_notkms_windowsplpl_partial.txt":        {"problem", "input.unrecognized"},
	"pl_prose_docs_activation_status_not_activated_notkms_supportplpl_partial.txt":       {"problem", "input.unrecognized"},
	"pl_prose_docs_reactivate_after_hardware_change_notkms_supportplpl20530_partial.txt": {"problem", "input.unrecognized"},
	"sk_prose_docs_activation_faq_vista_notkms_windowssksk_partial.txt":                  {"problem", "input.unrecognized"},
	"sk_prose_docs_activation_status_not_activated_notkms_supportsksk_partial.txt":       {"problem", "input.unrecognized"},
	"sk_prose_docs_why_cant_activate_0xC004F061_if_shown_notkms_windowssksk_partial.txt": {"problem", "input.unrecognized"},
	"sk_prose_docs_why_cant_activate_intro_notkms_windowssksk_partial.txt":               {"problem", "input.unrecognized"},
	"sk_prose_docs_windows10_activate_methods_notkms_supportsksk12440_partial.txt":       {"problem", "input.unrecognized"},
	"sv_prose_docs_activation_errors_help_steps_notkms_supportsvse_partial.txt":          {"problem", "input.unrecognized"},
	"sv_prose_docs_azure_activation_cause_notkms_azuredocssvse_partial.txt":              {"problem", "input.unrecognized"},
	"sv_prose_docs_azure_activation_faq_grace_notkms_azuredocssvse_partial.txt":          {"problem", "input.unrecognized"},
	"sv_prose_docs_azure_psping_lost_no_connection_notkms_azuredocssvse_partial.txt":     {"problem", "input.unrecognized"},
	// The same article's FAQ and PsPing paragraphs in European Portuguese and
	// Russian, languages whose failure and state sentences kmsdoctor reads: a
	// general condition ("Если льготный период истек, а ОС Windows еще не
	// активирована") is no machine's state.
	"pt_prose_docs_azure_activation_faq_grace_notkms_azuredocsptpt_partial.txt":        {"problem", "input.unrecognized"},
	"pt_prose_docs_azure_psping_lost_no_connectivity_notkms_azuredocsptpt_partial.txt": {"problem", "input.unrecognized"},
	"ru_prose_docs_azure_activation_faq_grace_notkms_azuredocsruru9b_partial.txt":      {"problem", "input.unrecognized"},
	"ru_prose_docs_azure_psping_lost_no_connection_notkms_azuredocsruru9b_partial.txt": {"problem", "input.unrecognized"},
	// Texts in general terms of the kinds the twenty-first held-out set
	// missed (an encyclopaedia, an article, a tool's definition, notes of
	// commands, documentation pull requests), and Office shown activated
	// with a period while it is activated (h-fdocs2; written before the
	// first run).
	"en_prose_encyclopedia_microsoft_product_activation_notkms_clateway_partial.txt": {"problem", "input.unrecognized"},
	"en_prose_article_what_is_windows_activation_notkms_oldgoatguide_partial.txt":    {"problem", "input.unrecognized"},
	"es_prose_encyclopedic_product_activation_notkms_slideshare_partial.txt":         {"problem", "input.unrecognized"},
	"en_prose_wiki_slmgr_definition_notkms_kmsautowiki_partial.txt":                  {"problem", "input.unrecognized"},
	"ja_prose_docs_slmgr_definition_notkms_learnjajpslmgr_partial.txt":               {"problem", "input.unrecognized"},
	"zh_commands_article_wtg_kms_chapter_notkms_datasea0105_partial.txt":             {"problem", "input.unrecognized"},
	"de_prose_article_product_activation_guide_notkms_winpage_partial.txt":           {"problem", "input.unrecognized"},
	"de_prose_article_htg_windows_activation_notkms_wukihow_partial.txt":             {"problem", "input.unrecognized"},
	"en_title_pr_fix_typo_office_kms_docs_notkms_deployoffice788.txt":                {"problem", "input.unrecognized"},
	"en_title_pr_adba_client_source_notkms_itprodocs3521.txt":                        {"problem", "input.unrecognized"},
	"es_prose_ohook_30_days_already_active_mas785.txt":                               {"ok", ""},
	"en_prose_office_30_days_instead_of_180_ohook_mas538.txt":                        {"ok", ""},
}

// TestRealArtifacts runs analyze on every real input of the goldens (the
// files not named synth_*) and counts the right verdicts. Every real input
// must have an expectation; a wrong verdict is logged and counted, and the
// test fails only when the figure drops below the one in the README.
func TestRealArtifacts(t *testing.T) {
	ins, _ := filepath.Glob("testdata/analyze/in/*")
	right, total := 0, 0
	for _, in := range ins {
		name := filepath.Base(in)
		if strings.HasPrefix(name, "synth_") {
			continue
		}
		want, ok := realExpect[name]
		if !ok {
			t.Errorf("%s: real artifact without an expectation", name)
			continue
		}
		total++
		status, primary := analyzeVerdict(t, append([]string{in}, cloudArgs(name)...)...)
		if status == want.status && (want.primary == "" || primary == want.primary) {
			right++
		} else {
			t.Logf("%s: got %s/%s, want %s/%s", name, status, primary, want.status, want.primary)
		}
	}
	t.Logf("right on %d of %d real artifacts", right, total)
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(readme, []byte(fmtFigure(right, total))) {
		t.Errorf("README does not say %q", fmtFigure(right, total))
	}
}

func fmtFigure(right, total int) string {
	return fmt.Sprintf("right on %d of %d real artifacts", right, total)
}

// analyzeVerdict runs `analyze --json` on args and returns the verdict's
// status and primary.
func analyzeVerdict(t *testing.T, args ...string) (status, primary string) {
	t.Helper()
	var out, errb bytes.Buffer
	run(context.Background(), append([]string{"analyze", "--json", "--lang", "en"}, args...), nil, &out, &errb)
	var rep struct {
		Verdict struct {
			Status  string `json:"status"`
			Primary string `json:"primary"`
		} `json:"verdict"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("%v: %v (%s)", args, err, errb.String())
	}
	return rep.Verdict.Status, rep.Verdict.Primary
}
