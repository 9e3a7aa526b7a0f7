package slmgr

// field is what a labelled line of slmgr output sets.
type field int

const (
	fNone field = iota
	fServiceVersion
	fName
	fDescription
	fActivationID
	fApplicationID
	fExtendedPID
	fChannel
	fPartialKey
	fStatus
	fReason
	fExpiry
	fTimeRemaining
	fRearm
	fCMID
	fRegisteredKMS
	fDiscoveredKMS
	fKMSIP
	fKMSPID
	fActivationInterval
	fRenewalInterval
	fKMSEnabled
	fCurrentCount
	fListeningPort
	fDNSPublishing
	fTotalRequests
	fFailedRequests
	fIgnore // a known line that carries nothing the rules use
	fRemainingGrace
	fADInfo  // "AD Activation client information" (ADBA block of /dlv)
	fAOName  // "Activation Object name:"
	fAODN    // "AO DN:"
	fAOPID   // "AO extended PID:"
	fAOActID // "AO activation ID:"
	fAOList  // "Activation Objects" (the heading of /ao-list)
)

// label is one line prefix of slmgr output and the field it sets. One label
// per line of data: adding a language or a variant is adding a row.
//
// Confirmed means the text was seen in a real output or in Microsoft's
// slmgr.vbs string table; the Japanese rows that are not confirmed are our
// best reading of the ja-JP slmgr.vbs and are backed by the language-neutral
// fallbacks in parse.go (channel names, (CMID), GUIDs, host:port, minute and
// day counts, Extended PID shapes), so a wrong guess loses little.
type label struct {
	Text      string
	Field     field
	Lang      string
	Confirmed bool
}

var labels = []label{
	// English: slmgr.vbs string constants (research/activation-facts.md 2.7).
	{"Software licensing service version:", fServiceVersion, "en", true},
	{"Name:", fName, "en", true},
	{"Description:", fDescription, "en", true},
	{"Activation ID:", fActivationID, "en", true},
	{"Application ID:", fApplicationID, "en", true},
	{"Extended PID:", fExtendedPID, "en", true},
	{"Product Key Channel:", fChannel, "en", true},
	{"Partial Product Key:", fPartialKey, "en", true},
	{"License Status:", fStatus, "en", true},
	{"Notification Reason:", fReason, "en", true},
	{"Volume activation expiration:", fExpiry, "en", true},
	{"Time remaining:", fTimeRemaining, "en", true},
	{"Remaining Windows rearm count:", fRearm, "en", true},
	{"Remaining SKU rearm count:", fRearm, "en", true},
	{"Remaining App rearm count:", fRearm, "en", true},
	{"Client Machine ID (CMID):", fCMID, "en", true},
	{"Registered KMS machine name:", fRegisteredKMS, "en", true},
	{"KMS machine name from DNS:", fDiscoveredKMS, "en", true},
	{"KMS machine IP address:", fKMSIP, "en", true},
	{"KMS machine extended PID:", fKMSPID, "en", true},
	{"Activation interval:", fActivationInterval, "en", true},
	{"Renewal interval:", fRenewalInterval, "en", true},
	{"Key Management Service is enabled on this machine", fKMSEnabled, "en", true},
	// Active Directory-based activation: L_MsgADInfo* and L_MsgActObj* of
	// Microsoft's slmgr.vbs (the /dlv block and /ao-list).
	{"AD Activation client information", fADInfo, "en", true},
	{"Activation Object name:", fAOName, "en", true},
	{"AO DN:", fAODN, "en", true},
	{"AO extended PID:", fAOPID, "en", true},
	{"AO activation ID:", fAOActID, "en", true},
	{"Activation Objects", fAOList, "en", true},
	{"No objects found", fIgnore, "en", true},
	{"Current count:", fCurrentCount, "en", true},
	{"Listening on Port:", fListeningPort, "en", true},
	{"DNS publishing enabled", fDNSPublishing, "en", true},
	{"Total requests received:", fTotalRequests, "en", true},
	{"Failed requests received:", fFailedRequests, "en", true},
	// Office: `cscript ospp.vbs /dstatus` prints the same facts in capitals.
	{"LICENSE NAME:", fName, "en", true},
	{"LICENSE DESCRIPTION:", fDescription, "en", true},
	{"REMAINING GRACE:", fRemainingGrace, "en", true},
	{"Last 5 characters of installed product key:", fPartialKey, "en", true},
	{"ERROR DESCRIPTION:", fIgnore, "en", true},
	{"ERROR CODE:", fIgnore, "en", true},
	{"KMS machine registry override defined:", fRegisteredKMS, "en", true},
	{"Activation Type Configuration:", fIgnore, "en", true},
	{"SKU ID:", fIgnore, "en", true},
	// Known lines kept out of the language-neutral fallbacks (a time such
	// as "10:00:00" must not pass for host:port).
	{"Trusted time:", fIgnore, "en", true},
	{"Installation ID:", fIgnore, "en", true},
	{"Processor Certificate URL:", fIgnore, "en", true},
	{"Machine Certificate URL:", fIgnore, "en", true},
	{"Use License URL:", fIgnore, "en", true},
	{"Product Key Certificate URL:", fIgnore, "en", true},
	{"Validation URL:", fIgnore, "en", true},
	{"KMS priority:", fIgnore, "en", true},
	{"Configured Activation Type:", fIgnore, "en", true},
	{"Requests with License Status", fIgnore, "en", true},
	{"Registered KMS SRV record lookup domain:", fIgnore, "en", true},
	{"DNS auto-discovery:", fIgnore, "en", true},
	{"Most recent activation information:", fIgnore, "en", true},
	{"Key Management Service cumulative requests received from clients", fIgnore, "en", true},
	{"Key Management Service client information", fIgnore, "en", true},
	{"KMS host caching", fIgnore, "en", true},
	{"信頼された時刻:", fIgnore, "ja", false},
	{"キー管理サービス クライアント情報", fIgnore, "ja", false},

	// Japanese. Confirmed: ライセンスの状態 (a public inventory script
	// matches it), 説明 (named in a ja-JP article showing /dli output).
	{"ライセンスの状態:", fStatus, "ja", true},
	{"説明:", fDescription, "ja", true},
	{"名前:", fName, "ja", false},
	{"ソフトウェア ライセンス サービスのバージョン:", fServiceVersion, "ja", false},
	{"アクティベーション ID:", fActivationID, "ja", false},
	{"アプリケーション ID:", fApplicationID, "ja", false},
	{"拡張 PID:", fExtendedPID, "ja", false},
	{"プロダクト キー チャネル:", fChannel, "ja", false},
	{"部分プロダクト キー:", fPartialKey, "ja", false},
	{"通知の理由:", fReason, "ja", false},
	{"ボリューム ライセンス認証の有効期限:", fExpiry, "ja", false},
	{"ボリューム アクティベーションの有効期限:", fExpiry, "ja", false},
	{"残り時間:", fTimeRemaining, "ja", false},
	{"Windows の残りの再準備回数:", fRearm, "ja", false},
	{"残りの Windows 再準備カウント:", fRearm, "ja", false},
	{"クライアント コンピューター ID (CMID):", fCMID, "ja", false},
	{"登録されている KMS コンピューター名:", fRegisteredKMS, "ja", false},
	{"DNS からの KMS コンピューター名:", fDiscoveredKMS, "ja", false},
	{"KMS コンピューターの IP アドレス:", fKMSIP, "ja", false},
	{"KMS コンピューターの拡張 PID:", fKMSPID, "ja", false},
	{"ライセンス認証の間隔:", fActivationInterval, "ja", false},
	{"更新の間隔:", fRenewalInterval, "ja", false},
	{"キー管理サービスはこのコンピューターで有効です", fKMSEnabled, "ja", false},
	{"現在のカウント:", fCurrentCount, "ja", false},
	{"リッスン ポート:", fListeningPort, "ja", false},
	// A variant of the reason label met in a Japanese /dlv as a user typed
	// it; the language-neutral reading of the line after the status
	// (reasonAfterStatus) covers other wordings.
	{"通知理由:", fReason, "ja", false},

	// Chinese. Confirmed (zh-CN): the Office licence list of Office Tool
	// Plus, which prints ospp.vbs /dstatus's fields with ospp's zh-CN
	// labels (YerongAI/Office-Tool issue 331; testdata/SOURCES.md).
	{"许可证说明:", fDescription, "zh-CN", true},
	{"许可证状态:", fStatus, "zh-CN", true},
	{"错误代码:", fIgnore, "zh-CN", true},
	{"错误信息:", fIgnore, "zh-CN", true},
	// The same list with its Office key's last five characters (Office
	// Tool Plus, YerongAI/Office-Tool issue 601: held-out artifact
	// cmd/kmsdoctor/testdata/heldout5/zh_officetool_excel2021_*).
	{"产品密钥的最后五个字符:", fPartialKey, "zh-CN", true},
	// Not confirmed: our reading of the zh-CN and zh-TW slmgr.vbs; the
	// language-neutral fallbacks back them as for Japanese.
	{"许可证名称:", fName, "zh-CN", false},
	{"软件授权服务版本:", fServiceVersion, "zh-CN", false},
	{"名称:", fName, "zh-CN", false},
	{"描述:", fDescription, "zh-CN", false},
	{"部分产品密钥:", fPartialKey, "zh-CN", false},
	{"通知原因:", fReason, "zh-CN", false},
	{"客户端计算机 ID (CMID):", fCMID, "zh-CN", false},
	{"已注册的 KMS 计算机名称:", fRegisteredKMS, "zh-CN", false},
	{"来自 DNS 的 KMS 计算机名称:", fDiscoveredKMS, "zh-CN", false},
	{"名稱:", fName, "zh-TW", false},
	{"授權狀態:", fStatus, "zh-TW", false},

	// Other languages: only labels seen in a real output or matched by a
	// public script that reads the localized slmgr output (LABELS.md, "Other
	// languages", with the source of each). The lines of a label not listed
	// fall back on the language-neutral reading; what stays unread is said
	// by license.status_unread.
	//
	// German (two inventory scripts match "Lizenzstatus: Lizenziert").
	{"Lizenzstatus:", fStatus, "de", true},
	// Spanish: a public script that maps a Spanish /dlv's labels (its
	// dictionary, the labels as slmgr prints them); another matches
	// "Estado de la licencia: Con licencia".
	{"Versión del Servicio de licencias de software:", fServiceVersion, "es", true},
	{"Nombre:", fName, "es", true},
	{"Descripción:", fDescription, "es", true},
	{"Id. de activación:", fActivationID, "es", true},
	{"Id. de aplicación:", fApplicationID, "es", true},
	{"PID extendido:", fExtendedPID, "es", true},
	{"Id. de instalación:", fIgnore, "es", true},
	{"Canal de clave de producto:", fChannel, "es", true},
	{"URL de validación:", fIgnore, "es", true},
	{"URL de la licencia de uso:", fIgnore, "es", true},
	{"Clave de producto parcial:", fPartialKey, "es", true},
	{"Estado de la licencia:", fStatus, "es", true},
	{"Estado de licencia:", fStatus, "es", true},
	{"Razón de la notificación:", fReason, "es", true},
	{"Recuento de rearmado de Windows restante:", fRearm, "es", true},
	{"Recuento de rearmados de SKU restantes:", fRearm, "es", true},
	{"Hora de confianza:", fIgnore, "es", true},
	// Korean: two ESU activation scripts that read a Korean /dlv
	// ("라이선스 상태: 사용 허가됨", "정품 인증 ID", "부분 제품 키").
	{"라이선스 상태:", fStatus, "ko", true},
	{"정품 인증 ID:", fActivationID, "ko", true},
	{"부분 제품 키:", fPartialKey, "ko", true},
	// Russian: a how-to quoting its /dli ("Частичный ключ продукта: 3V66T").
	{"Частичный ключ продукта:", fPartialKey, "ru", true},
	// Russian: an activation checker that looks for "состояние лицензии:
	// лицензировано" in slmgr's output (one script only).
	{"Состояние лицензии:", fStatus, "ru", true},
}

// statusWords maps License Status values to evidence status constants. The
// match is a prefix of the value, case-insensitive.
var statusWords = []struct {
	Text, Status, Lang string
	Confirmed          bool
}{
	{"Licensed", "licensed", "en", true},
	{"Unlicensed", "unlicensed", "en", true},
	{"Initial grace period", "oob_grace", "en", true},
	{"Additional grace period", "oot_grace", "en", true},
	{"Non-genuine grace period", "nongenuine_grace", "en", true},
	{"Notification", "notification", "en", true},
	{"Extended grace period", "extended_grace", "en", true},
	// ospp.vbs /dstatus: "---LICENSED---" (dashes trimmed before matching).
	{"OOB_GRACE", "oob_grace", "en", true},
	{"OOT_GRACE", "oot_grace", "en", true},
	{"NON_GENUINE_GRACE", "nongenuine_grace", "en", true},
	{"NOTIFICATIONS", "notification", "en", true},
	{"EXTENDED_GRACE", "extended_grace", "en", true},
	{"ライセンスされています", "licensed", "ja", true},
	{"ライセンスされていません", "unlicensed", "ja", false},
	{"初期猶予期間", "oob_grace", "ja", false},
	{"追加の猶予期間", "oot_grace", "ja", false},
	{"非正規の猶予期間", "nongenuine_grace", "ja", false},
	{"通知", "notification", "ja", false},
	{"延長猶予期間", "extended_grace", "ja", false},
	// ospp's zh-CN "---未许可---" (Office Tool Plus list, issue 331).
	{"未许可", "unlicensed", "zh-CN", true},
	{"已许可", "licensed", "zh-CN", false},
	{"已授权", "licensed", "zh-CN", false},
	{"未授权", "unlicensed", "zh-CN", false},
	{"已授權", "licensed", "zh-TW", false},
	{"未授權", "unlicensed", "zh-TW", false},
	{"初始宽限期", "oob_grace", "zh-CN", false},
	// ospp's zh-CN "OOB_宽限期" (Office Tool Plus list, issue 601).
	{"OOB_宽限期", "oob_grace", "zh-CN", true},
	// Other languages (LABELS.md, "Other languages").
	{"Lizenziert", "licensed", "de", true},
	{"Con licencia", "licensed", "es", true},
	{"사용 허가됨", "licensed", "ko", true},
	{"Лицензировано", "licensed", "ru", true},
}

// xprLines are the state sentences of `slmgr /xpr`, matched anywhere in a
// line, and the success lines of an activation (`slmgr /ato`, `ospp.vbs
// /act`): the product they follow is licensed once they are printed.
var xprLines = []struct {
	Text, Status, Lang string
	Confirmed          bool
}{
	{"Volume activation will expire", "licensed", "en", true},
	{"permanently activated", "licensed", "en", true},
	{"Activated for the lifespan of your device", "licensed", "en", true},
	{"is in Notification mode", "notification", "en", true},
	{"Initial grace period ends", "oob_grace", "en", true},
	{"通知モード", "notification", "ja", true},
	{"永続的にライセンス認証", "licensed", "ja", false},
	{"ボリューム ライセンス認証の有効期限は", "licensed", "ja", false},
	// Activation success: slmgr.vbs's L_MsgActivated (matched by
	// Microsoft's Windows_Activation_Validation.ps1), and ospp.vbs's line,
	// English in every locale (a Chinese /act output, testdata/zh_ospp_act_*).
	{"Product activated successfully", "licensed", "en", true},
	{"<Product activation successful>", "licensed", "en", true},
}

// atoLines are the success sentences of `slmgr /ato` (L_MsgActivated of
// slmgr.vbs), one row per language. A line that is such a sentence alone
// (or follows the "Activating <product> (<id>) ..." text on the same line,
// as Microsoft's pages quote it) says the product just activated: its
// status is Licensed, read from the command's message (StatusFrom "ato"),
// not from a License Status line. The sentence inside prose ("if it shows
// 成功地激活了产品, ...") is not one.
var atoLines = []struct {
	Text, Lang string
	Confirmed  bool
}{
	{"Product activated successfully", "en", true},
	{"製品は正常にライセンス認証されました", "ja", true},
	{"成功地激活了产品", "zh-CN", true},
	{"已成功啟用產品", "zh-TW", true},
	// pt-BR: matched by a public activation script in /ato's output
	// (`$logVBS | sls "Produto ativado com êxito."`), and in Microsoft's
	// pt-br Azure activation article.
	{"Produto ativado com êxito", "pt-BR", true},
	// German: only in Microsoft's de-de Azure activation article, a machine
	// translation: not confirmed by a real output.
	{"Das Produkt wurde erfolgreich aktiviert", "de", false},
	// Russian: a public activation script compares /ato's result line with
	// "Активация выполнена успешно." (also in Microsoft's ru-ru article).
	{"Активация выполнена успешно", "ru", true},
	// Spanish: only Microsoft's machine-translated es-es article.
	{"El producto se activó correctamente", "es", false},
	// French, Hungarian, Korean: only Microsoft's translated Azure
	// activation articles (fr-fr 2017, hu-hu 2018, ko-kr 2019), machine
	// translations: not confirmed by a real output.
	{"Le produit a été activé", "fr", false},
	{"A termék aktiválása sikeres", "hu", false},
	{"제품을 성공적으로 활성화했습니다", "ko", false},
	// Czech, Portuguese (Portugal), Turkish: only Microsoft's translated
	// Azure activation articles (Microsoft/azure-docs.cs-cz 2020,
	// Microsoft/azure-docs.pt-pt 2021, the tr-TR test fork of
	// azure-docs-pr-test 2017), machine translations: not confirmed.
	// Languages without a row are read from the place of the sentence
	// after the progress line (inferred.go).
	{"Produkt byl úspěšně aktivován", "cs", false},
	{"Produto ativado com sucesso", "pt-PT", false},
	{"Ürün başarıyla etkinleştirildi", "tr", false},
}

// fragmentLabels are labels only licensing-status output prints (ospp.vbs
// /dstatus, slmgr /dlv), normalised as norm gives them. A fragment that
// lacks the Name and License Status lines (a paste that begins at
// REMAINING GRACE) is still such output when it shows three of them
// (Detect): no other tool prints "KMS machine name from DNS:" with
// "Renewal interval:".
var fragmentLabels = []string{
	"remaining grace:", "last 5 characters of installed product key:",
	"kms machine name from dns:", "kms machine registry override defined:",
	"registered kms machine name:", "kms machine ip address:", "kms machine extended pid:",
	"activation interval:", "renewal interval:", "kms host caching:", "activation type configuration:",
}

// osppOnly are the labels (as in labels) only ospp.vbs prints: a product
// block that has one is Office's (Product.OSPP), even in a fragment
// without its LICENSE NAME line.
var osppOnly = map[string]bool{
	"LICENSE NAME:": true, "LICENSE DESCRIPTION:": true, "REMAINING GRACE:": true,
	"Last 5 characters of installed product key:": true, "KMS machine registry override defined:": true,
	"产品密钥的最后五个字符:": true,
}
