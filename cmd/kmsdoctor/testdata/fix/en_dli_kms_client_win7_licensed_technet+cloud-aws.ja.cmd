@echo off
REM kmsdoctor fix: 2ffcfc30-6a6a-49ec-92b8-f6150c7df211 の計画をスクリプトにしたものです。内容を確認してから、管理者として実行したプロンプトで実行してください。
REM レポート 00000000-0000-4000-8000-000000000000 (2026-11-23T12:00:00Z 作成) から作成しました。
setlocal
net session >nul 2>&1 || goto :notadmin

REM == Windows(R) 7, Enterprise edition に設定された KMS ホストが AWS の KMS ではありません [license.kms_name.wrong]
cscript //nologo "%SystemRoot%\System32\slmgr.vbs" /skms 169.254.169.250:1688 || goto :failed

cscript //nologo "%SystemRoot%\System32\slmgr.vbs" /ato || goto :failed

echo すべての手順を実行しました。kmsdoctor をもう一度実行して判定を確認してください。
exit /b 0

:failed
echo 手順が失敗したため、スクリプトを停止しました。以降の手順は実行していません。
exit /b 1
:notadmin
echo このスクリプトは管理者として実行してください。何も変更していません。
exit /b 1
