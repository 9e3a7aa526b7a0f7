# kmsdoctor fix: レポートのコンピューター の計画をスクリプトにしたものです。内容を確認してから、管理者として実行したプロンプトで実行してください。
# レポート 00000000-0000-4000-8000-000000000000 (2026-11-23T12:00:00Z 作成) から作成しました。
$ErrorActionPreference = 'Stop'
function Stop-Fix { Write-Host '手順が失敗したため、スクリプトを停止しました。以降の手順は実行していません。'; exit 1 }
$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { Write-Host 'このスクリプトは管理者として実行してください。何も変更していません。'; exit 1 }

# == (コンピューター名なし) の直近のライセンス認証は失敗しています [events.failure.latest]
& cscript.exe //nologo "$env:SystemRoot\System32\slmgr.vbs" /ato; if ($LASTEXITCODE -ne 0) { Stop-Fix }

Write-Host 'すべての手順を実行しました。kmsdoctor をもう一度実行して判定を確認してください。'

# このスクリプトでは実行しないもの (担当者ごとの作業と、そのコマンド):
# 
# [KMS ホストの管理者向け]
# KMS ホストに接続できませんでした (原因はまだ特定できていません) [kms.contact.undetermined]
#   sc query sppsvc
# KMS ホストに接続できませんでした (原因はまだ特定できていません) [kms.contact.undetermined]
#   slmgr.vbs /dlv
# 
# [確認用 (表示するだけ)]
# KMS ホストに接続できませんでした (原因はまだ特定できていません) [kms.contact.undetermined]
#   wevtutil qe Application /q:"*[System[(EventID=12288 or EventID=12289 or EventID=8198)]]" /c:10 /rd:true /f:text
# KMS ホストに接続できませんでした (原因はまだ特定できていません) [kms.contact.undetermined]
#   slmgr.vbs /dlv
# KMS ホストに接続できませんでした (原因はまだ特定できていません) [kms.contact.undetermined]
#   nslookup -type=srv _vlmcs._tcp.<DOMAIN>
# KMS ホストに接続できませんでした (原因はまだ特定できていません) [kms.contact.undetermined]
#   Test-NetConnection '<KMS-HOST>' -Port 1688
# KMS ホストに接続できませんでした (原因はまだ特定できていません) [kms.contact.undetermined]
#   w32tm /query /status
# ライセンス操作がエラー 0xC004F074 で失敗しています [license.activation_error]
#   kmsdoctor check
# ライセンス操作がエラー 0xC004F074 で失敗しています [license.activation_error]
#   nslookup -type=srv _vlmcs._tcp
# (コンピューター名なし) の直近のライセンス認証は失敗しています [events.failure.latest]
#   kmsdoctor explain 0x80004005
