package knowledge

import "testing"

func TestPresupposed(t *testing.T) {
	tests := []struct {
		name, text string
		want       bool
	}{
		{"after … activation (real, heldout10 mas1249)", "Problem after windows 11 activation with display settings", true},
		{"wondering if … the activation will last (real, heldout9 mas389)", "KMS38 Activation\n\nHello, I was wondering if it is real that the activation will last till 2038 without any problem, or will I need to redo the whole process again?", true},
		{"this activation, asked (real, heldout11 mas19)", "activtion related query\n\nthis activation is not a genuine windows activation right ??", true},
		{"激活之后, asked (real, heldout9 kmspro29)", "请问电脑使用KMS服务器激活之后后面会持续连接KMS服务器吗？", true},
		{"激活后的密钥 (real, heldout13 officetool943)", "请问该怎么看到激活后的密钥呢\n\nWhat is the version of Office Tool Plus?", true},
		{"after activating HWID (real, mas503)", "After activating HWID, will the system automatically reactivate when it is reinstalled?", true},
		{"激活office后 (real, mas661)", "激活office后，Microsoft账户被盗", true},
		{"这种激活 (real, cmwtat8)", "这种激活重新安装系统会自动激活吗？", true},
		{"since activating (constructed)", "Since activating Windows, my PC is slow.", true},
		{"ライセンス認証後 (constructed)", "ライセンス認証後にOfficeが起動しません", true},
		{"es (constructed)", "Después de activar Windows 10, el menú de inicio no abre.", true},
		{"de (constructed)", "Nach der Aktivierung von Windows 11 startet Outlook langsam.", true},
		{"fr (constructed)", "Après l'activation de Windows, mon imprimante ne fonctionne plus.", true},
		{"ru (constructed)", "После активации Windows 10 не открывается меню Пуск.", true},
		{"my … activation (constructed)", "Is my Windows 10 activation permanent?", true},
		{"will it expire (constructed)", "Will my Windows activation expire after 180 days?", true},
		{"ja この (constructed)", "Windows のこのライセンス認証は正規ですか？", true},
		{"expired (constructed)", "After activation Windows says the license expired.", false},
		// not taken for granted
		{"a premise of failure (constructed)", "Why does my Windows activation keep failing?", false},
		{"a premise of failure zh (constructed)", "为什么这种激活 Windows 总是失败？", false},
		{"how to activate after (constructed)", "How do I activate Windows after reinstalling?", false},
		{"after trying to (constructed)", "After trying to activate Windows nothing happens.", false},
		{"a condition (constructed)", "If after activating Windows the watermark stays, run the script again.", false},
		{"如果 (constructed)", "如果激活后系统还是提示，怎么办？", false},
		{"尝试激活后 (constructed)", "尝试激活后系统没有反应", false},
		{"a symptom of the licence (real, heldout13 mas311)", "Getting license status check banner after activating office using Ohook", false},
		{"a symptom: asked for a key (constructed)", "After activation Office keeps asking for a product key.", false},
		{"a symptom zh (constructed)", "激活后系统又提示激活windows", false},
		{"not about Windows or Office (constructed)", "After activation the plugin crashes.", false},
		{"another product's licence (constructed)", "After activation of the license key the app shows Windows errors.", false},
		{"generic question (constructed)", "How long does KMS activation last on Windows?", false},
	}
	for _, tc := range tests {
		m, ok := Presupposed(tc.text)
		if ok != tc.want {
			t.Errorf("%s: Presupposed(%q) = %+v, %v, want %v", tc.name, tc.text, m, ok, tc.want)
		}
		if ok && (m.Start < 0 || m.End > len(tc.text) || m.Start >= m.End) {
			t.Errorf("%s: bad span %+v", tc.name, m)
		}
	}
}

func TestReplyAlone(t *testing.T) {
	tests := []struct {
		name, text string
		want       bool
	}{
		{"it worked (real, heldout9 ltscactivation5)", "It worked !\n\nFollow theses instructions and it will work without any issues. Thank you for creating this solution.", true},
		{"a key worked (real, heldout9 mas9)", "Somehow a key I found off the internet worked!", true},
		{"works first try (real, n8tbyte8)", "Thank you so much!!!\n\nWorks first try.", true},
		{"work 100% (real, n8tbyte2)", "Excellent work\n\nwork 100%", true},
		{"solved zh (real, cmwtat93)", "> 开代理\n\n开代理正解，直接解决，谢谢楼上tianlong老哥", true},
		{"like a charm (constructed)", "Worked like a charm.", true},
		{"the option worked (constructed)", "I ran the MAS script and the HWID option worked, thanks!", true},
		{"es (constructed)", "¡Funcionó! Muchas gracias.", true},
		{"pt-BR (constructed)", "Funcionou, obrigado!", true},
		{"de (constructed)", "Es funktioniert, danke!", true},
		{"fr (constructed)", "Ça marche, merci beaucoup !", true},
		{"ru (constructed)", "Спасибо, всё работает!", true},
		{"zh (constructed)", "成功了，谢谢大佬", true},
		{"ja (constructed)", "できました！ありがとうございます。", true},
		{"es denied (constructed)", "No funcionó.", false},
		{"de denied (constructed)", "Es funktioniert nicht.", false},
		{"ru denied (constructed)", "Не работает.", false},
		{"zh a suggestion (real, heukms153)", "把杀毒软件先退出就可以了撒", false},
		{"zh a suggestion (constructed)", "重启就好了", false},
		{"zh asked (constructed)", "好了吗？", false},
		{"ja denied (constructed)", "うまくいきませんでした。", false},
		{"es another thing (constructed)", "Funciona en mi impresora, gracias.", false},
		// no report of a fix
		{"denied (constructed)", "It didn't work.", false},
		{"asked (constructed)", "Did it work?", false},
		{"modal (constructed)", "Follow these instructions and it will work.", false},
		{"a noun (real, privacysexy377)", "Thank you for your work!", false},
		{"another thing (constructed)", "I installed the new driver, it works fine.", false},
		{"another thing elsewhere (constructed)", "Thanks, it works on my printer now.", false},
		{"a concession after the main clause is a contrast (constructed)", "The script said activated successfully, although Windows still shows not activated.", false},
		{"too long to be a reply alone (constructed)", "It worked.\n\nline two\n\nline three\n\nline four\n\nline five", false},
	}
	for _, tc := range tests {
		if got := len(StatesSuccess(tc.text)) > 0; got != tc.want {
			t.Errorf("%s: StatesSuccess(%q) = %+v, want a success: %v", tc.name, tc.text, StatesSuccess(tc.text), tc.want)
		}
	}
}

func TestPersistingAndConcessive(t *testing.T) {
	persisting := []struct {
		name, text string
		want       bool
	}{
		{"still unlicensed (real, 21z2)", "I've tried many times to activate this product. i have tried CMD and batch file method, with and without microsoft account and even restart my system, but this product is still unlicensed.", true},
		{"仍然提示未經授權 (real, heldout13 heukms163)", "使用工具激活後，Office程式標題仍然提示產品未經授權，使用工具檢查是成功激活的", true},
		{"still not activated (constructed)", "Windows is still not activated.", true},
		{"not still (constructed)", "Windows is not activated.", false},
		{"remains (constructed)", "Office remains unlicensed after the script.", true},
		{"一直 (constructed)", "Windows 一直提示未激活", true},
		{"de (constructed)", "Windows ist immer noch nicht aktiviert.", true},
		{"es (constructed)", "Windows todavía no está activado.", true},
		{"asked (constructed)", "Is Windows still not activated?", false},
	}
	for _, tc := range persisting {
		if _, got := PersistingFailure(tc.text); got != tc.want {
			t.Errorf("%s: PersistingFailure(%q) = %v, want %v", tc.name, tc.text, got, tc.want)
		}
	}
	resolves := []struct {
		name, text string
		want       bool
	}{
		{"a check is no change (real, heldout13 heukms163)", "使用工具激活後，Office程式標題仍然提示產品未經授權，使用工具檢查是成功激活的", false},
		{"now (constructed)", "Windows is still not activated. EDIT: rebooted and now it is activated.", true},
		{"a later paragraph (constructed)", "Office still says unlicensed product.\n\nOffice activated successfully.", true},
	}
	for _, tc := range resolves {
		at, ok := PersistingFailure(tc.text)
		ms := StatesSuccess(tc.text)
		if !ok || len(ms) == 0 {
			t.Errorf("%s: no persisting failure (%v) or no success (%v) in %q", tc.name, ok, ms, tc.text)
			continue
		}
		if got := Resolves(tc.text, at, ms[len(ms)-1]); got != tc.want {
			t.Errorf("%s: Resolves = %v, want %v", tc.name, got, tc.want)
		}
	}
	reported := []struct {
		name, text string
		want       bool
	}{
		{"the script says (constructed)", "The script says activation successful.", true},
		{"工具显示 (constructed)", "工具显示激活成功", true},
		{"使用工具检查 (real, heldout13 heukms163)", "使用工具檢查是成功激活的", true},
		{"Settings shows (real, heldout7 heukms182)", "但系统显示已激活", false},
		{"no reporter (constructed)", "Windows activated successfully.", false},
	}
	for _, tc := range reported {
		ms := StatesSuccess(tc.text)
		if len(ms) == 0 {
			t.Errorf("%s: no success in %q", tc.name, tc.text)
			continue
		}
		if got := ReportedByTool(tc.text, ms[len(ms)-1]); got != tc.want {
			t.Errorf("%s: ReportedByTool = %v, want %v", tc.name, got, tc.want)
		}
	}
	concessive := []struct {
		name, text string
		want       bool
	}{
		{"though (real, kmsvlall12)", "I've started getting Office is not genuine banner. It is still activated though.", true},
		{"no concession (constructed)", "I've started getting Office is not genuine banner. Now it is activated.", false},
		{"in a concession (constructed)", "Office says unlicensed product, although the script says Office activated successfully.", true},
		{"in a concession zh (constructed)", "Office 标题显示未经授权的产品，虽然工具显示激活成功", true},
	}
	for _, tc := range concessive {
		ms := StatesSuccess(tc.text)
		if len(ms) == 0 {
			t.Errorf("%s: no success in %q", tc.name, tc.text)
			continue
		}
		if got := ConcessiveSuccess(tc.text, ms[len(ms)-1]); got != tc.want {
			t.Errorf("%s: ConcessiveSuccess = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func FuzzPresupposed(f *testing.F) {
	f.Add("Problem after windows 11 activation with display settings")
	f.Add("请问电脑使用KMS服务器激活之后后面会持续连接KMS服务器吗？")
	f.Add("Windows is still not activated. EDIT: rebooted and now it is activated.")
	f.Fuzz(func(t *testing.T, s string) {
		if m, ok := Presupposed(s); ok && (m.Start < 0 || m.End > len(s) || m.Start > m.End) {
			t.Fatalf("bad span %+v of %q", m, s)
		}
		if at, ok := PersistingFailure(s); ok && (at < 0 || at > len(s)) {
			t.Fatalf("bad offset %d of %q", at, s)
		}
		for _, m := range StatesSuccess(s) {
			_ = ConcessiveSuccess(s, m)
			if at, ok := PersistingFailure(s); ok && at <= m.Start {
				_ = Resolves(s, at, m)
			}
		}
	})
}
