# kmsdoctor fix: EC2AMAZ-KD13TST の計画をスクリプトにしたものです。内容を確認してから、管理者として実行したプロンプトで実行してください。
# レポート 00000000-0000-4000-8000-000000000000 (2026-11-23T12:00:00Z 作成) から作成しました。
$ErrorActionPreference = 'Stop'
function Stop-Fix { Write-Host '手順が失敗したため、スクリプトを停止しました。以降の手順は実行していません。'; exit 1 }
$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { Write-Host 'このスクリプトは管理者として実行してください。何も変更していません。'; exit 1 }

# == AWS の KMS に対するライセンス認証が失敗しています (0xC004F074) [cloud.kms.unreachable]
& cscript.exe //nologo "$env:SystemRoot\System32\slmgr.vbs" /skms '169.254.169.250:1688'; if ($LASTEXITCODE -ne 0) { Stop-Fix }

& cscript.exe //nologo "$env:SystemRoot\System32\slmgr.vbs" /ato; if ($LASTEXITCODE -ne 0) { Stop-Fix }

Write-Host 'すべての手順を実行しました。kmsdoctor をもう一度実行して判定を確認してください。'

# このスクリプトでは実行しないもの (担当者ごとの作業と、そのコマンド):
# 
# [クラウドのネットワーク担当向け]
# AWS の KMS に対するライセンス認証が失敗しています (0xC004F074) [cloud.kms.unreachable]
#   aws ssm start-automation-execution --document-name AWSSupport-ActivateWindowsWithAmazonLicense --parameters InstanceId=<instance-id>
# 
# [確認用 (表示するだけ)]
# AWS の KMS に対するライセンス認証が失敗しています (0xC004F074) [cloud.kms.unreachable]
#   route print -4
# AWS の KMS に対するライセンス認証が失敗しています (0xC004F074) [cloud.kms.unreachable]
#   Test-NetConnection 169.254.169.250 -Port 1688
# EC2AMAZ-KD13TST のライセンス認証は 2024-03-09 01:00 UTC 以降すべて失敗しています [events.failure.persistent]
#   kmsdoctor check
