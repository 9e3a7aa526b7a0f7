@echo off
REM kmsdoctor fix: レポートのコンピューター の計画をスクリプトにしたものです。内容を確認してから、管理者として実行したプロンプトで実行してください。
REM レポート 00000000-0000-4000-8000-000000000000 (2026-11-23T12:00:00Z 作成) から作成しました。
setlocal
net session >nul 2>&1 || goto :notadmin

REM == ライセンス認証のコマンドが管理者として実行されていません [license.access_denied]
cscript //nologo "%SystemRoot%\System32\slmgr.vbs" /ato || goto :failed

echo すべての手順を実行しました。kmsdoctor をもう一度実行して判定を確認してください。
exit /b 0

REM このスクリプトでは実行しないもの (担当者ごとの作業と、そのコマンド):
REM 
REM [確認用 (表示するだけ)]
REM ライセンス操作がエラー 0x80070005 (メッセージの文面から判断) で失敗しています [license.activation_error]
REM   kmsdoctor explain 0x80070005
REM ライセンス操作がエラー 0x80070005 (メッセージの文面から判断) で失敗しています [license.activation_error]
REM   slui.exe 0x2a 0x80070005

:failed
echo 手順が失敗したため、スクリプトを停止しました。以降の手順は実行していません。
exit /b 1
:notadmin
echo このスクリプトは管理者として実行してください。何も変更していません。
exit /b 1
