package slmgr

import (
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// Action messages as slmgr prints them (English: slmgr.vbs's strings;
// zh-CN and ja: the texts quoted in the sources of actionLines), and lines
// that only look like them.
func TestActionLines(t *testing.T) {
	for _, tc := range []struct {
		in, kind, detail string
	}{
		{"Key Management Service machine name set to kms.example.test:1688 successfully.", evidence.NoteKMSNameSet, "kms.example.test:1688"},
		{"Key Management Service machine name set to 10.0.0.10 successfully.", evidence.NoteKMSNameSet, "10.0.0.10"},
		{"密钥管理服务计算机名称成功地设置为 kms.cangshui.net。", evidence.NoteKMSNameSet, "kms.cangshui.net"},
		{"密钥管理服务计算机名称成功地设置为kms.cangshui.net", evidence.NoteKMSNameSet, "kms.cangshui.net"},
		{"キー管理サービスのマシン名は kms.core.windows.net:1688 に正常に設定されました。", evidence.NoteKMSNameSet, "kms.core.windows.net:1688"},
		{"Key Management Service machine name cleared successfully.", evidence.NoteKMSNameCleared, ""},
		{"Key Management Service lookup domain set to corp.example successfully.", evidence.NoteKMSDomainSet, "corp.example"},
		{"Installed product key W269N-WFGWX-YVC9B-4J6C9-T83GX successfully.", evidence.NoteKeyInstalled, "T83GX"},
		{"成功地安装了产品密钥 VK7JG-NPHTM-C97JM-9MPGT-3V66T。", evidence.NoteKeyInstalled, "3V66T"},
		{"Uninstalled product key successfully.", evidence.NoteKeyUninstalled, ""},
		{"<No installed product keys detected>", evidence.NoteOfficeNoKey, ""},
		{"No installed product keys detected", evidence.NoteOfficeNoKey, ""},
		{"成功地卸载了产品密钥。", evidence.NoteKeyUninstalled, ""},
		{"Product key from registry cleared successfully.", evidence.NoteKeyCleared, ""},
		{"The remote machine does not support this version of SLMgr.vbs", evidence.NoteSlmgrUsage, "The remote machine does not support this version of SLMgr.vbs"},
		{"Unrecognized option: /xyz", evidence.NoteSlmgrUsage, "Unrecognized option:"},
		{"Input Error: There is no file extension in \"c:\\Program Files (x86)\\Microsoft Office\\Office16\\OSPP.VBS \\dstatus\".", evidence.NoteSlmgrUsage, "Input Error:"},
		// French and Korean (Microsoft's translated Azure articles, not
		// confirmed), and the message quoted after a lead-in on its line
		// (real: heldout18 fr_/ko_prose_skms_returns_name_set_*; the
		// English and Japanese forms constructed).
		{"le nom de machine de KMS a été configuré sur kms.core.windows.net:1688 avec succès.", evidence.NoteKMSNameSet, "kms.core.windows.net:1688"},
		{"La commande doit renvoyer le message suivant : le nom de machine de KMS a été configuré sur kms.core.windows.net:1688 avec succès.", evidence.NoteKMSNameSet, "kms.core.windows.net:1688"},
		{"명령은 다음과 같은 내용을 반환합니다. Key Management Service 머신 이름이 kms.core.windows.net:1688로 설정되었습니다.", evidence.NoteKMSNameSet, "kms.core.windows.net:1688"},
		{"Key Management Service 머신 이름이 kms.contoso.com으로 설정되었습니다.", evidence.NoteKMSNameSet, "kms.contoso.com"},
		// Quoted inside a line (real: ShuheiUda/azure-docs.ja-jp;
		// pricardo03/azure-docs.es-es, its translation in brackets after
		// the English message), and quoted messages the words after deny
		// (constructed).
		{`コマンドにより "キー管理サービスのマシン名は kms.core.windows.net:1688 に正常に設定されました。" というメッセージが返されるはずです。`, evidence.NoteKMSNameSet, "kms.core.windows.net:1688"},
		{"El comando debe devolver: Key Management Service machine name set to kms.core.windows.net:1688 successfully (El nombre de máquina del servicio de administración de claves se estableció correctamente en kms.core.windows.net:1688).", evidence.NoteKMSNameSet, "kms.core.windows.net:1688"},
		{`The page says "Key Management Service machine name set to kms.core.windows.net:1688 successfully" but mine failed.`, "", ""},
		{`Si el comando devuelve "El nombre de máquina del servicio de administración de claves se estableció correctamente en kms.core.windows.net:1688", siga.`, "", ""},
		{"The command should return: \"Key Management Service machine name set to kms.core.windows.net:1688 successfully.\"", evidence.NoteKMSNameSet, "kms.core.windows.net:1688"},
		{"Run it. It prints. Installed product key W269N-WFGWX-YVC9B-4J6C9-T83GX successfully.", evidence.NoteKeyInstalled, "T83GX"},
		{"コマンドは次を返します：キー管理サービスのマシン名は kms.core.windows.net:1688 に正常に設定されました。", evidence.NoteKMSNameSet, "kms.core.windows.net:1688"},
		// Not action messages.
		{"If it says: Key Management Service machine name set to kms.example.test:1688 successfully.", "", ""},
		{"It should say: Key Management Service machine name set to kms.example.test:1688 successfully, then run /ato.", "", ""},
		{"The output: Unrecognized option: /xyz", "", ""},
		{"Installed product key successfully.", "", ""},
		{"Key Management Service machine name set to my kms host successfully.", "", ""},
		{"I think the Key Management Service machine name set to the wrong host", "", ""},
		{"Installed product key XXXXX successfully.", "", ""},
	} {
		n, ok := actionLine(tc.in)
		if ok != (tc.kind != "") || n.Kind != tc.kind || n.Detail != tc.detail {
			t.Errorf("actionLine(%q) = %+v, %v", tc.in, n, ok)
		}
	}
	text := "Microsoft (R) Windows Script Host Version 5.812\nCopyright (C) Microsoft Corporation. All rights reserved.\n\nKey Management Service machine name set to kms.example.test:1688 successfully.\n"
	if !Detect(text) {
		t.Fatal("not detected")
	}
	var s evidence.Set
	if err := Read("f", 1, text, &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Notes) != 1 || s.Notes[0].Kind != evidence.NoteKMSNameSet || s.Notes[0].Source.Line != 4 || len(s.Products) != 0 {
		t.Errorf("notes %+v products %d", s.Notes, len(s.Products))
	}
}
