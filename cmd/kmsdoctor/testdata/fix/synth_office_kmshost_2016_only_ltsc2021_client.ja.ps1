# kmsdoctor fix: レポートのコンピューター の計画をスクリプトにしたものです。内容を確認してから、管理者として実行したプロンプトで実行してください。
# レポート 00000000-0000-4000-8000-000000000000 (2026-11-23T12:00:00Z 作成) から作成しました。
$ErrorActionPreference = 'Stop'
function Stop-Fix { Write-Host '手順が失敗したため、スクリプトを停止しました。以降の手順は実行していません。'; exit 1 }
$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { Write-Host 'このスクリプトは管理者として実行してください。何も変更していません。'; exit 1 }

# == Office 21, Office21ProPlus2021VL_KMS_Client_AE edition はまだ認証されていません (初期猶予期間) [license.grace]
# ospp.vbs は終了コードを返しません。出力に ERROR CODE がないか確認してください。
& cscript.exe //nologo "$env:ProgramFiles\Microsoft Office\Office16\OSPP.VBS" /act; if ($LASTEXITCODE -ne 0) { Stop-Fix }

Write-Host 'すべての手順を実行しました。kmsdoctor をもう一度実行して判定を確認してください。'

# このスクリプトでは実行しないもの (担当者ごとの作業と、そのコマンド):
# 
# [KMS ホストの管理者向け]
# この KMS ホストは Office LTSC 2021 のクライアントを認証できません: Office LTSC 2021 Volume License Pack がありません [office.kmshost.pack_missing]
#   cscript %windir%\system32\slmgr.vbs /dlv 47f3b983-7c53-4d45-abc6-bcd91e2dd90a
# KMS ホストはこの製品をライセンス認証できません (0xC004F042) [kmshost.too_old]
#   slmgr.vbs /dlv
# この KMS ホストには Office 2019 のホスト ライセンスがありますが、ホスト キーが入っていません [office.kmshost.no_host_key]
#   cscript %windir%\system32\slmgr.vbs /dlv 70512334-47b4-44db-a233-be5ea33b914c
# 
# [確認用 (表示するだけ)]
# ライセンス操作がエラー 0xC004F042 で失敗しています [license.activation_error]
#   kmsdoctor explain 0xC004F042
# ライセンス操作がエラー 0xC004F042 で失敗しています [license.activation_error]
#   slui.exe 0x2a 0xC004F042
# Office 21, Office21ProPlus2021VL_KMS_Client_AE edition はまだ認証されていません (初期猶予期間) [license.grace]
#   sc query sppsvc
