@echo off
REM kmsdoctor fix: 0f7e1a2b-2222-4c33-8d44-abcdefabcdef の計画をスクリプトにしたものです。内容を確認してから、管理者として実行したプロンプトで実行してください。
REM レポート 00000000-0000-4000-8000-000000000000 (2026-11-23T12:00:00Z 作成) から作成しました。
setlocal
net session >nul 2>&1 || goto :notadmin

REM == Office 16, Office16ProPlus2019VL_KMS_Client_AE edition のボリューム ライセンス認証はあと 14 日で期限が切れます [license.expiring]
REM ospp.vbs は終了コードを返しません。出力に ERROR CODE がないか確認してください。
cscript //nologo "%ProgramFiles%\Microsoft Office\Office16\OSPP.VBS" /act || goto :failed

echo すべての手順を実行しました。kmsdoctor をもう一度実行して判定を確認してください。
exit /b 0

REM このスクリプトでは実行しないもの (担当者ごとの作業と、そのコマンド):
REM 
REM [人の判断が必要なもの]
REM KMS 認証を使うはずの Windows(R), ServerStandard edition に VOLUME_MAK のキーが入っています [license.channel.not_kms]
REM   slmgr.vbs /ipk N69G4-B89J2-4G8F4-WWYCC-J464C
REM KMS 認証を使うはずの Windows(R), ServerStandard edition に VOLUME_MAK のキーが入っています [license.channel.not_kms]
REM   slmgr.vbs /ato
REM 
REM [確認用 (表示するだけ)]
REM Office 16, Office16ProPlus2019VL_KMS_Client_AE edition のボリューム ライセンス認証はあと 14 日で期限が切れます [license.expiring]
REM   cscript "%%ProgramFiles%%\Microsoft Office\Office16\OSPP.VBS" /dstatus

:failed
echo 手順が失敗したため、スクリプトを停止しました。以降の手順は実行していません。
exit /b 1
:notadmin
echo このスクリプトは管理者として実行してください。何も変更していません。
exit /b 1
