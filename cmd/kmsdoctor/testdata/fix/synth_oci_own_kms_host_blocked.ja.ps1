# kmsdoctor fix: 6b3c2d4e-3333-4f33-8b44-123456789abc の計画をスクリプトにしたものです。内容を確認してから、管理者として実行したプロンプトで実行してください。
# レポート 00000000-0000-4000-8000-000000000000 (2026-11-23T12:00:00Z 作成) から作成しました。
$ErrorActionPreference = 'Stop'
function Stop-Fix { Write-Host '手順が失敗したため、スクリプトを停止しました。以降の手順は実行していません。'; exit 1 }
$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { Write-Host 'このスクリプトは管理者として実行してください。何も変更していません。'; exit 1 }

# == Windows(R), ServerStandard edition は通知モードです [license.notification]
& cscript.exe //nologo "$env:SystemRoot\System32\slmgr.vbs" /ato; if ($LASTEXITCODE -ne 0) { Stop-Fix }

Write-Host 'すべての手順を実行しました。kmsdoctor をもう一度実行して判定を確認してください。'

# このスクリプトでは実行しないもの (担当者ごとの作業と、そのコマンド):
# 
# [クラウドのネットワーク担当向け]
# エクスポートされたセキュリティ ルールに、KMS ホスト 10.0.20.15 への TCP 1688 の送信を許可するものがありません [oci.security.blocks_kms]
#   oci network security-list get --security-list-id ocid1.securitylist.oc1.ap-tokyo-1.aaaaaaaakmsdoctorexamplesecuritylist --query 'data."egress-security-rules"' > egress-security-rules.json
# エクスポートされたセキュリティ ルールに、KMS ホスト 10.0.20.15 への TCP 1688 の送信を許可するものがありません [oci.security.blocks_kms]
#   jq '. + [{"protocol":"6","destination":"10.0.20.15/32","destinationType":"CIDR_BLOCK","isStateless":false,"tcpOptions":{"destinationPortRange":{"min":1688,"max":1688}}}]' egress-security-rules.json > new-egress-security-rules.json
# エクスポートされたセキュリティ ルールに、KMS ホスト 10.0.20.15 への TCP 1688 の送信を許可するものがありません [oci.security.blocks_kms]
#   oci network security-list update --security-list-id ocid1.securitylist.oc1.ap-tokyo-1.aaaaaaaakmsdoctorexamplesecuritylist --egress-security-rules file://new-egress-security-rules.json
# 
# [確認用 (表示するだけ)]
# Windows(R), ServerStandard edition は通知モードです [license.notification]
#   slmgr.vbs /dlv
