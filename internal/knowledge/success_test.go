package knowledge

import (
	"strings"
	"testing"
)

func TestStatesSuccess(t *testing.T) {
	tests := []struct {
		name, text string
		want       int // number of places
	}{
		{"xpr zh-CN (real, heldout5 batnotes)", "Windows(R), CoreCountrySpecific edition:\n    计算机已永久激活。", 1},
		{"ato zh-CN quoted in prose (real, heldout5 raspberrypi)", "Windows系统提示“成功地激活了产品”，激活成功。", 2},
		{"es (real, heldout5 mas682)", "Muchas gracias, complete el procedimiento y quedó activado correctamente, muchas gracias por la atención.", 1},
		{"watermark (real, heldout5 gusztavvargadr412)", "the license state info in the lower right on the Desktop shows that the license is now valid for 90 days.", 1},
		{"xpr en full width", "ＴＨＥ　ＭＡＣＨＩＮＥ　ＩＳ　ＰＥＲＭＡＮＥＮＴＬＹ　ＡＣＴＩＶＡＴＥＤ．", 1},
		{"wrapped", "The machine is\n permanently activated.", 1},
		// constructed: denied, conditional, asked
		{"denied zh", "还是没有激活成功", 0},
		{"denied en", "Windows was not activated successfully.", 0},
		{"conditional zh", "如果显示成功地激活了产品，就可以了", 0},
		{"conditional en", "if it says Product activated successfully, you are done", 0},
		{"asked zh", "这样激活成功了吗？", 0},
		{"asked en", "Is Windows activated successfully?", 0},
		{"denied es", "no quedó activado correctamente", 0},
		{"ja negated after", "Windows はライセンス認証されていません", 0},
		{"almost zh, then cannot (real, heldout7 cmwtat105)", "提示： windows 已经快要激活成功了。 不过似乎Windows无法连接到微软服务器", 0},
		{"almost en", "Windows was almost activated successfully.", 0},
		{"undone zh 不过", "激活成功了。不过重启后又变回去了", 0},
		{"undone en unable", "Product activated successfully. Later, unable to reach the server.", 0},
		{"Settings, organisation zh (real, heldout7 heukms182)", "但在系统设置中查看，系统显示“已通过所在组织的激活服务器激活Windows”", 1},
		{"Settings, organisation en", "Windows is activated using your organization's activation service", 1},
		{"Settings, organisation ja", "Windows は、組織のライセンス認証サービスを使用してライセンス認証されています", 1},
		{"KMS 180 days zh (real, heldout7 heukms74)", "通用许可激活过的的office21只能激活180天", 1},
		{"KMS 180 days en", "Office is activated for 180 days by the KMS host.", 1},
		{"KMS 180 days denied zh", "没有激活180天", 0},
		{"Settings state en (real, heldout7 audittap737)", "However, when I check under \"System > Activation\" it shows the activation state is set to \"Active\".", 1},
		{"Settings state table en", "Activation state    Active", 1},
		{"Settings state not active en", "Activation state    Not active", 0},
		{"Settings state ja", "ライセンス認証の状態: アクティブ", 1},
		{"none", "activation failed", 0},
		// A negation in the words a predicate's gap stands for denies it.
		{"gap negated (real, mas17)", "activation not successful on windows 8.1 pro", 0},
		{"gap negated en (constructed)", "The activation is not working since the update.", 0},
		{"gap negated contracted en (constructed)", "KMS activation isn't working anymore.", 0},
		{"gap with the predicate's own negation (constructed)", "KMS activation is working without problems.", 1},
		// A question after a success asks and undoes nothing; one that asks
		// why takes the failure as given; a clause before a question is no
		// question.
		{"a question after it (real, heldout12 consumeresu16)", "I'm glad to see this tool—it worked for me after running it. I can see the success in Settings > Update.\n\nHowever, when I ran the Microsoft test method using the【slmgr.vbs /dlv】 command, I didn't see any ESU-related information.\nWhy is that? Did it actually fail to register? I hope someone can clarify this", 1},
		{"a why question after it (constructed)", "Windows activated fine. Why does the activation fail again after a reboot?", 0},
		{"a clause before a question (real, mas1306)", "I have activated windows via a script and it does show that it's activated, however, before running the script i had a signed in version of office already installed (whose grace period had expired) now how do i used the activated version?", 0},
		// A clause that affirms a denied state by ellipsis: what denied it
		// was wrong.
		{"ellipsis in a why question (real, heldout12 legacyupdate290)", "Activation status check incorrectly detecting as not licensed on Vista/7\n\nWhy is it detecting some (all maybe?) installs as not licensed, when they are?", 1},
		{"ellipsis after a checker (constructed)", "The audit report says Windows is not activated, but it is.", 1},
		{"no ellipsis (constructed)", "The clients are not activated when they are restored from the image.", 0},
		{"ellipsis asked (constructed)", "Is Windows not activated, when it is?", 0},
		// What was not shown undoes nothing, unless it is the state.
		{"not shown (real, mas1105)", "Verified that the licenses are indeed present on the device.\n\nCommercial ESU does not show anything in Settings or Windows Update", 1},
		{"state not shown (constructed)", "The script ran successfully, however Windows still doesn't show as activated in Settings.", 0},
		// Consumer ESU enrolment as its script and Windows Update say it
		// (real, analyze/in consumeresu7), and not enrolled (constructed).
		{"esu enrolled (real, consumeresu7)", "Acquire Consumer ESU License regardless enrollment…\nOperation result: Success\n\nEvaluate ESU Eligibility state …\nEligibility Status: DeviceEnrolled\nEligibility Result: SUCCESS", 1},
		{"esu already enrolled (constructed)", "Your PC is already enrolled for Consumer ESU.\nNo need to proceed.", 1},
		{"esu not enrolled (constructed)", "Your PC is not enrolled for Consumer ESU yet.", 0},
		// Licences said to be present (real, analyze/in mas1105), and not.
		{"licences present (real, mas1105)", "Verified that the licenses are indeed present on the device by checking the file directory and executing the current active license commands.", 1},
		{"licence not present (constructed)", "The ESU license is not present after the update.", 0},
		// Later states of a ticket in users' words (py-kms 97, MAS 453).
		{"now ok (real, pykms97)", "I have run zhe kms server onCentOS7, but zhe windows can not be ato.\n\nI have reboot the server, now it is be ok.", 1},
		{"ok now (constructed)", "I changed the KMS host and activation is ok now.", 1},
		{"now not ok (constructed)", "I changed the KMS host, now it is still not ok.", 0},
		{"now an error (constructed)", "I changed the KMS host and now I get an error, ok", 0},
		{"fixed the issue (real, mas453)", "my office specifically word document is showing unlicensed\n\nand after that, run ohook script again, let me know if it fails.\n\nPerfect that fixed the issue!", 1},
		{"fixed the issue asked (constructed)", "Has the update fixed the activation issue?", 0},
		{"not fixed the issue (constructed)", "Rebuilding tokens.dat has not fixed the KMS issue.", 0},
		{"fixed this by (heldout17 deployoffice680)", "Registry Fix\n\nWe've fixed this by changing the reg entry from 1 to 0 multiple times.\nSimply click exit or 'Back' and Office should be activated.", 1},
		{"fixed this asked (constructed)", "Has anyone fixed this? Office activation keeps failing.", 0},
		{"not fixed this (constructed)", "We haven't fixed this yet: Windows activation fails.", 0},
		// The clause reading (states.go): predicates in users' words.
		{"it works, products named (real, heldout8 linuxkmsserver2)", "Office 2019 and Windows server 2019\n\nI tested, it works. feel free close the issue if needed", 1},
		{"it works, no topic (constructed)", "I installed the new driver, it works fine.", 0},
		{"it activated (real, heldout8 pykms105)", "After updating the windows it activated", 1},
		{"no problem activating (real, heldout8 mas531)", "No, I had no problem activating windows, even switching windows versions worked fine.", 2},
		{"remains activated, a condition after (real, mas1292)", "I've rebooted the system a few times, but Windows 11 remains activated. Please keep the ticket open, and I’ll provide an update if the issue reoccurs in the next 24 hours.", 1},
		{"a negation before and (real, winactivate7)", "Seems to be in KMS_ VL_ALL  In the case of  activation, kms38 does not work and is still activated for 180 days, not until 2038", 1},
		{"a contrast that fails nothing (real, vlmcsd63)", "I can activate Office2021 LTSC. But in log, it says \"KMS v6.0 request from DESKTOP-xxx for Office2013+\"", 1},
		{"activation working (real, wsdocs2474)", "Tested on my KMS server infrastructure with the latest KMS host key for Windows Server 2019 and the activation is working fine.", 1},
		{"modal and condition (real, pykms23)", "I ran py-kms under Linux and Windows can be successfully activated when the KMS server is pointed to the Linux machine.", 0},
		{"past (real, winactivate31)", "I activated windows with KMS around 2 months ago but after I put the PC in sleep for 8 hours, I got that activation message in bottom right.", 0},
		{"a question in a quotation (real, heldout5 mas847)", "when I activate it again in cmd it says \"it's activated, are you sure you want to do it again?\" and I have to do this every day.", 0},
		{"a negation in a question (real, heldout7 heukms182)", "系统显示“已通过所在组织的激活服务器激活Windows”\n\n这种情况是已经激活成功了还是没激活？", 1},
		{"undone by a negation after a contrast zh (real, heldout8 heukms149)", "提示显示激活成功，，，并且按要求立刻重启电脑。。。。可是重启之后还是不行。。。。希望大佬检查下谢谢", 0},
		{"undone zh (real, cmwtat69)", "等待后显示激活成功，但是windows没有被激活，设置页面的激活选项显示无法连接到服务器", 0},
		{"undone en (constructed)", "Windows is activated but Office isn't.", 0},
		{"half a year zh (real, heldout8 kmsserverdeploy4)", "激活码只有半年时间", 1},
		{"half a year, why asked zh (real, kmspro10)", "为什么KMS服务器激活时间只有半年？", 1},
		{"half a year asked zh (constructed)", "激活时间只有半年吗？", 0},
		{"a guide's condition ja (real, zbnr)", "認証が完了すると、画面に「Windowsはライセンス認証済みです」と表示されます。", 0},
		{"resolved zh (real, cmwtat93)", "提示： windows 已经快要激活成功了。 不过似乎Windows无法连接到微软服务器\n\n开代理正解，直接解决，谢谢楼上tianlong老哥", 1},
		{"remaining days zh (real, heukms25)", "激活提示剩余0分钟，之后更新版本使用 HEU_KMS_Activator_v24.6.2.exe 激活后就提示剩余180 天了", 1},
		{"remaining zero zh (constructed)", "激活提示剩余0分钟", 0},
		{"asked zh capability (real, heukms158)", "win10 ltsc版本可以数字激活吗", 0},
		{"ja completed (real, solomon-review)", "明け方近くにライセンス認証が完了したとの通知が表示されました。", 1},
		{"ja not completed (real, solomon-review)", "ライセンス認証が完了しない", 0},
		{"ja condition (constructed)", "ライセンス認証が完了すれば、以上で作業は完了です。", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := StatesSuccess(tt.text)
			if len(got) != tt.want {
				t.Fatalf("StatesSuccess(%q) = %+v, want %d", tt.text, got, tt.want)
			}
			for _, m := range got {
				if m.Start < 0 || m.End > len(tt.text) || m.Start >= m.End {
					t.Fatalf("bad span %+v", m)
				}
			}
		})
	}
}

// TestStatesSuccessClauses: the clause reading on sentences written for the
// test (constructed), in the forms the real tickets of TestStatesSuccess
// take and in others: word orders, tenses, a question, a condition, a past
// state, a failure after a contrast, another product denied, a text with
// no word of activation.
func TestStatesSuccessClauses(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Windows activated fine after I set the KMS host.", true},
		{"Got it activated using the KMS server, thanks", true},
		{"Activation worked after changing the port to 1688.", true},
		{"Problem solved, Windows is activated now.", true},
		{"Office 2021 is now activated.", true},
		{"The activation succeeded.", true},
		{"That worked, thanks! Windows is activated.", true},
		{"slmgr /ato worked, thank you", true},
		{"Activated, and the watermark is gone.", true},
		{"It's activated now and the watermark disappeared.", true},
		{"After a reboot Office shows as activated.", true},
		{"Windows 10 Pro activated without any issues.", true},
		{"KMS activation works now after I opened port 1688.", true},
		{"Both Windows and Office are activated.", true},
		{"I was able to activate Windows Server 2022 with the new GVLK.", true},
		// "now"/"finally" with a predicate of activation (real: held-out set 9,
		// pykms; the rest constructed)
		{"Tried the Office 2021 Build and it would not Activate Office 2021\nnot sure if this is correct but I can now Activate Office 2021 with these changes.", true},
		{"Office 2021 now activates against our KMS host.", true},
		{"After opening port 1688 Windows finally activated.", true},
		{"We could finally activate Windows Server 2022 with the GVLK.", true},
		{"I don't know whether it was the DNS fix, but Windows is activated now.", true}, // the condition is the earlier clause's
		{"Not sure if it helps, but if it works I will close the issue.", false},
		{"Can I now activate Office 2021 with these changes?", false},
		{"If I can now activate Office, I will close the issue.", false},
		{"I still can't now activate Office 2021.", false},
		{"Office 2021 now activates, but Windows says not activated.", false},
		{"激活了，谢谢", true},
		{"现在已经激活了", true},
		{"问题解决了，已经激活", true},
		{"office2019激活成功，感谢大佬", true},
		{"重启之后就激活了", true},
		{"用了你的kms服务器，win10专业版激活了", true},
		{"已經啟用了，謝謝", true},
		{"ライセンス認証されました。ありがとうございます。", true},
		{"再起動したらライセンス認証されていました。", true},
		// not ok
		{"Windows was activated but now it says not activated.", false},
		{"It activated, but after a reboot the watermark came back.", false},
		{"Is Windows activated?", false},
		{"How do I check if Office is activated?", false},
		{"If it works I will close the issue.", false},
		{"It used to be activated until the last update.", false},
		{"It worked before, now error 0xC004F074.", false},
		{"Windows activated, Office didn't.", false},
		{"Windows is activated but Office still shows unlicensed.", false},
		{"I thought it was activated, but it is not.", false},
		{"Activation should work once the DNS record is there.", false},
		{"激活了吗？", false},
		{"之前激活了，现在又未激活了", false},
		{"显示已激活，但是office还是不能用", false},
		{"怎么才能激活？", false},
		{"如果激活成功了就关闭", false},
		{"ライセンス認証されていません", false},
		{"以前はライセンス認証されていましたが、今はされていません", false},
		{"The driver works fine.", false},
		{"It works fine on Linux but the game crashes.", false},

		{"Thanks, it works now.", true}, // no topic, but a reply alone (replyAlone)
		{"Thanks, it works now. I installed the new graphics driver and rebooted twice to get there.", false}, // names something else
		{"Thanks, the KMS activation works now.", true},
		{"Windows Server 2019 activated successfully, but Office 2019 fails with 0xC004F074.", false},
		{"I have activated Office and it doesn't show any error.", true},
		{"Activated! No more watermark.", true},
		{"windows got activated after I changed the kms server", true},
		{"it's now activated, thank you so much", true},
		{"Finally it activated. Thanks.", true},
		{"Office activated successfully. However, Visio is not activated.", false},
		{"The activation succeeded, but then it got deactivated after 2 days.", false},
		{"It said activation successful but Windows still shows Activate Windows watermark.", false},
		{"Activation was successful. When I open Word it says unlicensed product.", false},
		{"激活成功，但是过了几天又掉了", false},
		{"激活成功了，但是office打开还是提示未激活", false},
		{"已激活，没有问题", true},
		{"Windows激活了，但是Office没有激活", false},
		{"我试了，可以激活", true},
		{"win10企业版激活了，但是不知道为什么还有水印", false},
		{"提示激活成功，重启后又变回未激活", false},
		{"ライセンス認証は成功しましたが、Officeはライセンス認証されていません", false},
		{"The KMS host is running and the count is 50.", false},
		{"The server is working fine, but clients get 0xC004F074.", false},
		// A failure claimed after a success and taken back (real, MAS 631).
		{"Your office is activated.\n\nNo my office cannot work\n\nThe function on the top \nI can't use them.\n\noh I'm so silly\n\nThank you very much", true},
		{"Your office is activated.\n\nI can't use them.", false},
		// A condition of an earlier clause; a past verb before the success
		// since the last comma tells what happened (real, windows-activator 3).
		{"Thanks for recommendations, but if someone have money better buy from microsoft partners retail keys, got my key [Windows 10 pro](https://example.invalid/) activated without any problem", true},
		{"The systems I installed on the VM were already activated, meaning there was no need to do it again.", true},
		{"但是实际上打开office检查是激活状态", true},
		{"6-7月前联外网激活了office", false},
	} {
		if got := len(StatesSuccess(tc.text)) > 0; got != tc.want {
			t.Errorf("StatesSuccess(%q) = %+v, want a success: %v", tc.text, StatesSuccess(tc.text), tc.want)
		}
	}
}

// TestStatesSuccessQualified: an activation verb that words later in its
// sentence say went well, however far, in the common languages; not when
// the words between deny, fail or contrast, an intent or a generic subject
// precedes it, or the sentence asks or makes it a condition.
func TestStatesSuccessQualified(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"I today tested activate ESU on Server 2008 R2 and SSU from April 2025 and Monthly from October 2025 (inside update IE) without problems. But Net 4x ESU any showed in WU. Why?", true}, // real, heldout15 mas1135
		{"Trend would block powershell invoke CMD, but activating process completed no issue", true},                                                                                             // real, mas497
		// A generic subject: a page's account of clients in general.
		{"Nachdem ein Client seine Aktivierung erfolgreich erneuert hat, beginnt der Gültigkeitszeitraum von 180 Tagen von vorn.", false}, // real, schroeteredv
		{"After the update I renewed the activation successfully.", true},                                                                 // constructed
		{"Yet I was still able to run the .cmd directly from the archive and activate my volume successfully.", true},                     // real, kmsvlallaio6
		// constructed
		{"We activated all the lab machines against the new host without any issues.", true},
		{"The activation of the Office 2021 clients completed this morning.", true},
		{"Activé Windows 11 con el script sin problemas.", true},
		{"Ativei o Windows com o script com sucesso.", true},
		{"Ich habe Windows gestern mit dem Skript problemlos aktiviert.", true},
		{"J'ai activé Windows 10 avec le script avec succès.", true},
		{"Windows активирован скриптом успешно.", true},
		{"用工具激活 Office 2021，一切正常。", true},
		{"I tried to activate Windows several times successfully entering the key.", false},
		{"I want to activate Office without problems.", false},
		{"The activation failed twice, then the script completed.", false},
		{"I activated it, but not successfully.", false},
		{"Can I activate Windows 11 without problems?", false},
		{"If you activate it with the script, it completes successfully.", false},
		{"The activator completed the scan without problems.", false},
		{"The activation process completed with errors.", false},
		{"To activate Windows successfully, run slmgr /ato as administrator.", false},
		{"Para activar Windows correctamente, ejecute slmgr /ato.", false},
		// A qualifier an infinitive of purpose puts before the verb: what
		// an instruction is for (real, heldout20 deployofficefork; the
		// second constructed).
		{"In these cases, you must restart any Office applications to complete the activation.", false},
		{"Restart the client to complete the activation of Office.", false},
		{"After the restart I completed the activation of Office.", true},
		// A modal's frame: a subordinator of time after the modal, or a
		// generic subject before it (constructed after heldout20
		// deployofficefork's passage); the writer's own observation stays.
		{"You might need to restart the application after Office is activated.", false},
		{"You must run the script once Windows is activated.", false},
		{"The user can see that Windows is activated in Settings.", false},
		{"I can see that Windows is activated in Settings now.", true},
		{"I restarted it after the update and Windows is activated.", true},
		{"I was able to activate Windows successfully after the update.", true},
		{"激活失败，其他都没问题。", false},
	} {
		if got := len(StatesSuccess(tc.text)) > 0; got != tc.want {
			t.Errorf("StatesSuccess(%q) = %+v, want a success: %v", tc.text, StatesSuccess(tc.text), tc.want)
		}
	}
}

// TestSuccessContrastLaterSentence: a contrast inside a later sentence
// contrasts that sentence's own clauses, not the success (real, mas1256);
// one that opens a later sentence, or is in the success's, still does
// (constructed).
func TestSuccessContrastLaterSentence(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"It says windows is already permanently activated, all lines are green there is no blue line to follow.\nIgnorance isnt going to help, but it appears you dont care to anser my simple question.", true},
		{"Windows is already permanently activated. But it doesn't stay that way.", false},
		{"Windows is already permanently activated, but it doesn't stay that way.", false},
	} {
		if got := len(StatesSuccess(tc.text)) > 0; got != tc.want {
			t.Errorf("StatesSuccess(%q) = %+v, want a success: %v", tc.text, StatesSuccess(tc.text), tc.want)
		}
	}
}

// TestSuccessBesideOtherFailure: a clause after a success that says what
// failed of another action or component undoes nothing; one that fails
// activation still does (constructed).
func TestSuccessBesideOtherFailure(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Windows is activated, but now I can't synchronize the time.", true},
		{"系统已经激活了，但是Windows更新一直失败。", true},
		{"ライセンス認証は完了しましたが、Windows Update が失敗します。", true},
		{"Windows and Office are activated, but Word can't open my documents.", true},
		{"Windows is activated but the product key is not shown in Settings.", true},
		{"I activated Windows using tsforge, but ESU isn't available", true}, // real, mas1113
		{"Windows is activated, but Office can't be activated.", false},
		{"系统已经激活了，但是Office激活失败。", false},
	} {
		if got := len(StatesSuccess(tc.text)) > 0; got != tc.want {
			t.Errorf("StatesSuccess(%q) = %+v, want a success: %v", tc.text, StatesSuccess(tc.text), tc.want)
		}
	}
}

// TestServiceUnavailable: what is not available is not shown, unless it
// is a service activation needs (constructed).
func TestServiceUnavailable(t *testing.T) {
	if _, ok := FailureStatement("The KMS server isn't available, so Windows activation stops."); !ok {
		t.Error("the KMS server not available: no failure read")
	}
	if _, ok := FailureStatement("I activated Windows using tsforge, but ESU isn't available."); ok {
		t.Error("ESU not available read as a failure of activation")
	}
}

// TestLastFailureAt: the last failure a text states, for the order of its
// events (real, mas1254: the watermark, the script's claim, the watermark
// again).
func TestLastFailureAt(t *testing.T) {
	text := "On my Windows 10, after 3 hours, a permanent unremovable watermark appears in the bottom right corner of my screen.\nWhen i re-ran the activation script it said it is activated.\nSo after 3h 10m, the watermark comes and the only way to remove it is a reboot."
	at := LastFailureAt(text, false)
	if want := strings.Index(text, "watermark comes"); at != want {
		t.Errorf("LastFailureAt = %d, want %d", at, want)
	}
	if at := LastFailureAt("Windows is activated.", false); at != -1 {
		t.Errorf("LastFailureAt of a success = %d, want -1", at)
	}
}

func FuzzStatesSuccess(f *testing.F) {
	f.Add("计算机已永久激活。")
	f.Add("no quedó activado correctamente")
	f.Add("The machine is permanently activated.")
	f.Add("Activating: Windows(R), EnterpriseS edition\nProduct Activation Failed: 0x80080005\nRemaining Period: 179 days")
	f.Fuzz(func(t *testing.T, s string) {
		for _, m := range StatesSuccess(s) {
			if m.Start < 0 || m.End > len(s) || m.Start > m.End {
				t.Fatalf("bad span %+v of %q", m, s)
			}
		}
		for _, off := range []int{-1, 0, len(s) / 2, len(s), len(s) + 1} {
			if at, _ := Attempt(s, off); at < -1 || at > len(s) {
				t.Fatalf("Attempt(%q, %d) = %d", s, off, at)
			}
		}
	})
}
