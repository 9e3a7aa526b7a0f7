@echo off
REM kmsdoctor fix: レポートのコンピューター の計画をスクリプトにしたものです。内容を確認してから、管理者として実行したプロンプトで実行してください。
REM レポート 00000000-0000-4000-8000-000000000000 (2026-11-23T12:00:00Z 作成) から作成しました。
setlocal
net session >nul 2>&1 || goto :notadmin

REM == (コンピューター名なし) の直近のライセンス認証は失敗しています [events.failure.latest]
cscript //nologo "%SystemRoot%\System32\slmgr.vbs" /ato || goto :failed

echo すべての手順を実行しました。kmsdoctor をもう一度実行して判定を確認してください。
exit /b 0

REM このスクリプトでは実行しないもの (担当者ごとの作業と、そのコマンド):
REM 
REM [KMS ホストの管理者向け]
REM KMS ホストに接続できませんでした (原因はまだ特定できていません) [kms.contact.undetermined]
REM   sc query sppsvc
REM KMS ホストに接続できませんでした (原因はまだ特定できていません) [kms.contact.undetermined]
REM   slmgr.vbs /dlv
REM 
REM [確認用 (表示するだけ)]
REM KMS ホストに接続できませんでした (原因はまだ特定できていません) [kms.contact.undetermined]
REM   wevtutil qe Application /q:"*[System[(EventID=12288 or EventID=12289 or EventID=8198)]]" /c:10 /rd:true /f:text
REM KMS ホストに接続できませんでした (原因はまだ特定できていません) [kms.contact.undetermined]
REM   slmgr.vbs /dlv
REM KMS ホストに接続できませんでした (原因はまだ特定できていません) [kms.contact.undetermined]
REM   nslookup -type=srv _vlmcs._tcp.<DOMAIN>
REM KMS ホストに接続できませんでした (原因はまだ特定できていません) [kms.contact.undetermined]
REM   Test-NetConnection '<KMS-HOST>' -Port 1688
REM KMS ホストに接続できませんでした (原因はまだ特定できていません) [kms.contact.undetermined]
REM   w32tm /query /status
REM ライセンス操作がエラー 0xC004F074 で失敗しています [license.activation_error]
REM   kmsdoctor check
REM ライセンス操作がエラー 0xC004F074 で失敗しています [license.activation_error]
REM   nslookup -type=srv _vlmcs._tcp
REM (コンピューター名なし) の直近のライセンス認証は失敗しています [events.failure.latest]
REM   kmsdoctor explain 0x80004005

:failed
echo 手順が失敗したため、スクリプトを停止しました。以降の手順は実行していません。
exit /b 1
:notadmin
echo このスクリプトは管理者として実行してください。何も変更していません。
exit /b 1
