# kmsdoctor fix: KMS01.contoso.com の計画をスクリプトにしたものです。内容を確認してから、管理者として実行したプロンプトで実行してください。
# レポート 00000000-0000-4000-8000-000000000000 (2026-11-23T12:00:00Z 作成) から作成しました。
$ErrorActionPreference = 'Stop'
function Stop-Fix { Write-Host '手順が失敗したため、スクリプトを停止しました。以降の手順は実行していません。'; exit 1 }
$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { Write-Host 'このスクリプトは管理者として実行してください。何も変更していません。'; exit 1 }

Write-Host 'すべての手順を実行しました。kmsdoctor をもう一度実行して判定を確認してください。'

# このスクリプトでは実行しないもの (担当者ごとの作業と、そのコマンド):
# 
# [KMS ホストの管理者向け]
# KMS ホストのカウントが 13 で、必要な 25 に届いていません [kms.count.insufficient]
#   slmgr.vbs /dlv
# KMS ホストが contoso.com に SRV レコードを登録できませんでした [kmshost.dns.publish_failed]
#   slui.exe 0x2a 0x8007267C
# KMS ホストが contoso.com に SRV レコードを登録できませんでした [kmshost.dns.publish_failed]
#   nslookup -type=srv _vlmcs._tcp.contoso.com
# 
# [人の判断が必要なもの]
# 1 個のクライアント マシン ID が複数のマシンで使われています [kmshost.cmid.duplicate]
#   slmgr.vbs /rearm
# 1 個のクライアント マシン ID が複数のマシンで使われています [kmshost.cmid.duplicate]
#   slmgr.vbs /ato
# 1 個のクライアント マシン ID が複数のマシンで使われています [kmshost.cmid.duplicate]
#   %WINDIR%\System32\Sysprep\sysprep.exe /generalize /oobe /shutdown
