@echo off
REM kmsdoctor fix: レポートのコンピューター の計画をスクリプトにしたものです。内容を確認してから、管理者として実行したプロンプトで実行してください。
REM レポート 00000000-0000-4000-8000-000000000000 (2026-11-23T12:00:00Z 作成) から作成しました。
setlocal
net session >nul 2>&1 || goto :notadmin

REM == ドメインに KMS の SRV レコードがありません [dns.srv.missing]
cscript //nologo "%SystemRoot%\System32\slmgr.vbs" /skms kms01.contoso.local:1688 || goto :failed

REM == 時刻がどの時刻源とも同期していません [time.skew]
w32tm /resync || goto :failed

cscript //nologo "%SystemRoot%\System32\slmgr.vbs" /ato || goto :failed

echo すべての手順を実行しました。kmsdoctor をもう一度実行して判定を確認してください。
exit /b 0

REM このスクリプトでは実行しないもの (担当者ごとの作業と、そのコマンド):
REM 
REM [このコンピューターで、人が実行するもの]
REM 時刻がどの時刻源とも同期していません [time.skew]
REM   w32tm /config /syncfromflags:domhier /update
REM 時刻がどの時刻源とも同期していません [time.skew]
REM   net stop w32time
REM 時刻がどの時刻源とも同期していません [time.skew]
REM   net start w32time
REM 
REM [KMS ホストの管理者向け]
REM KMS ポートに接続できませんでした [tcp.timeout]
REM   New-NetFirewallRule -DisplayName 'KMS (TCP 1688)' -Direction Inbound -Protocol TCP -LocalPort 1688 -Action Allow
REM KMS ポートに接続できませんでした [tcp.timeout]
REM   netsh advfirewall firewall add rule name="KMS (TCP 1688)" dir=in action=allow protocol=TCP localport=1688
REM KMS ポートに接続できませんでした [tcp.timeout]
REM   sc query sppsvc
REM KMS ポートに接続できませんでした [tcp.timeout]
REM   netstat -ano -p tcp
REM 
REM [DNS の管理者向け]
REM ドメインに KMS の SRV レコードがありません [dns.srv.missing]
REM   Add-DnsServerResourceRecord -Srv -ZoneName contoso.local -Name _vlmcs._tcp -DomainName kms01.contoso.local -Priority 0 -Weight 0 -Port 1688
REM 
REM [確認用 (表示するだけ)]
REM KMS ポートに接続できませんでした [tcp.timeout]
REM   tracert -d kms01.contoso.local

:failed
echo 手順が失敗したため、スクリプトを停止しました。以降の手順は実行していません。
exit /b 1
:notadmin
echo このスクリプトは管理者として実行してください。何も変更していません。
exit /b 1
