# kmsdoctor fix: レポートのコンピューター の計画をスクリプトにしたものです。内容を確認してから、管理者として実行したプロンプトで実行してください。
# レポート 00000000-0000-4000-8000-000000000000 (2026-11-23T12:00:00Z 作成) から作成しました。
$ErrorActionPreference = 'Stop'
function Stop-Fix { Write-Host '手順が失敗したため、スクリプトを停止しました。以降の手順は実行していません。'; exit 1 }
$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { Write-Host 'このスクリプトは管理者として実行してください。何も変更していません。'; exit 1 }

# == ドメインに KMS の SRV レコードがありません [dns.srv.missing]
& cscript.exe //nologo "$env:SystemRoot\System32\slmgr.vbs" /skms 'kms01.contoso.local:1688'; if ($LASTEXITCODE -ne 0) { Stop-Fix }

# == 時刻がどの時刻源とも同期していません [time.skew]
& w32tm.exe /resync; if ($LASTEXITCODE -ne 0) { Stop-Fix }

& cscript.exe //nologo "$env:SystemRoot\System32\slmgr.vbs" /ato; if ($LASTEXITCODE -ne 0) { Stop-Fix }

Write-Host 'すべての手順を実行しました。kmsdoctor をもう一度実行して判定を確認してください。'

# このスクリプトでは実行しないもの (担当者ごとの作業と、そのコマンド):
# 
# [このコンピューターで、人が実行するもの]
# 時刻がどの時刻源とも同期していません [time.skew]
#   w32tm /config /syncfromflags:domhier /update
# 時刻がどの時刻源とも同期していません [time.skew]
#   net stop w32time
# 時刻がどの時刻源とも同期していません [time.skew]
#   net start w32time
# 
# [KMS ホストの管理者向け]
# KMS ポートに接続できませんでした [tcp.timeout]
#   New-NetFirewallRule -DisplayName 'KMS (TCP 1688)' -Direction Inbound -Protocol TCP -LocalPort 1688 -Action Allow
# KMS ポートに接続できませんでした [tcp.timeout]
#   netsh advfirewall firewall add rule name="KMS (TCP 1688)" dir=in action=allow protocol=TCP localport=1688
# KMS ポートに接続できませんでした [tcp.timeout]
#   sc query sppsvc
# KMS ポートに接続できませんでした [tcp.timeout]
#   netstat -ano -p tcp
# 
# [DNS の管理者向け]
# ドメインに KMS の SRV レコードがありません [dns.srv.missing]
#   Add-DnsServerResourceRecord -Srv -ZoneName contoso.local -Name _vlmcs._tcp -DomainName kms01.contoso.local -Priority 0 -Weight 0 -Port 1688
# 
# [確認用 (表示するだけ)]
# KMS ポートに接続できませんでした [tcp.timeout]
#   tracert -d kms01.contoso.local
