@echo off
REM kmsdoctor fix: 5c1f6e0a-2b7d-4f64-9a0e-3c5b1a2d7e41 の計画をスクリプトにしたものです。内容を確認してから、管理者として実行したプロンプトで実行してください。
REM レポート 00000000-0000-4000-8000-000000000000 (2026-11-23T12:00:00Z 作成) から作成しました。
setlocal
net session >nul 2>&1 || goto :notadmin

REM == Office 15, OfficeProPlusVL_MAK edition は通知モードです [license.notification]
REM ospp.vbs は終了コードを返しません。出力に ERROR CODE がないか確認してください。
cscript //nologo "%ProgramFiles%\Microsoft Office\Office15\OSPP.VBS" /inpkey:YC7DK-G2NP3-2QQC3-J6H88-GVGXT || goto :failed

REM ospp.vbs は終了コードを返しません。出力に ERROR CODE がないか確認してください。
cscript //nologo "%ProgramFiles%\Microsoft Office\Office15\OSPP.VBS" /act || goto :failed

echo すべての手順を実行しました。kmsdoctor をもう一度実行して判定を確認してください。
exit /b 0

REM このスクリプトでは実行しないもの (担当者ごとの作業と、そのコマンド):
REM 
REM [確認用 (表示するだけ)]
REM Office 15, OfficeProPlusVL_MAK edition は通知モードです [license.notification]
REM   sc query osppsvc
REM ライセンス操作がエラー 0xC004F009 で失敗しています [license.activation_error]
REM   kmsdoctor explain 0xC004F009
REM ライセンス操作がエラー 0xC004F009 で失敗しています [license.activation_error]
REM   slui.exe 0x2a 0xC004F009

:failed
echo 手順が失敗したため、スクリプトを停止しました。以降の手順は実行していません。
exit /b 1
:notadmin
echo このスクリプトは管理者として実行してください。何も変更していません。
exit /b 1
