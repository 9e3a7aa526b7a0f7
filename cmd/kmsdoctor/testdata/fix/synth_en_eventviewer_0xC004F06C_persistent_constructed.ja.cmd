@echo off
REM kmsdoctor fix: PC7.contoso.local の計画をスクリプトにしたものです。内容を確認してから、管理者として実行したプロンプトで実行してください。
REM レポート 00000000-0000-4000-8000-000000000000 (2026-11-23T12:00:00Z 作成) から作成しました。
setlocal
net session >nul 2>&1 || goto :notadmin

REM == クライアントと KMS ホストの時刻差が大きすぎます [time.skew]
w32tm /resync || goto :failed

cscript //nologo "%SystemRoot%\System32\slmgr.vbs" /ato || goto :failed

echo すべての手順を実行しました。kmsdoctor をもう一度実行して判定を確認してください。
exit /b 0

REM このスクリプトでは実行しないもの (担当者ごとの作業と、そのコマンド):
REM 
REM [このコンピューターで、人が実行するもの]
REM クライアントと KMS ホストの時刻差が大きすぎます [time.skew]
REM   w32tm /config /syncfromflags:domhier /update
REM クライアントと KMS ホストの時刻差が大きすぎます [time.skew]
REM   net stop w32time
REM クライアントと KMS ホストの時刻差が大きすぎます [time.skew]
REM   net start w32time
REM 
REM [確認用 (表示するだけ)]
REM PC7.contoso.local のライセンス認証は 2024-03-01 01:00 UTC 以降すべて失敗しています [events.failure.persistent]
REM   w32tm /query /status
REM PC7.contoso.local のライセンス認証は 2024-03-01 01:00 UTC 以降すべて失敗しています [events.failure.persistent]
REM   kmsdoctor explain 0xC004F06C

:failed
echo 手順が失敗したため、スクリプトを停止しました。以降の手順は実行していません。
exit /b 1
:notadmin
echo このスクリプトは管理者として実行してください。何も変更していません。
exit /b 1
