package knowledge

import "testing"

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

func FuzzStatesSuccess(f *testing.F) {
	f.Add("计算机已永久激活。")
	f.Add("no quedó activado correctamente")
	f.Add("The machine is permanently activated.")
	f.Fuzz(func(t *testing.T, s string) {
		for _, m := range StatesSuccess(s) {
			if m.Start < 0 || m.End > len(s) || m.Start > m.End {
				t.Fatalf("bad span %+v of %q", m, s)
			}
		}
	})
}
