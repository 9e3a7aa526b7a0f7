@echo off
REM kmsdoctor fix: EC2AMAZ-KD13TST の計画をスクリプトにしたものです。内容を確認してから、管理者として実行したプロンプトで実行してください。
REM レポート 00000000-0000-4000-8000-000000000000 (2026-11-23T12:00:00Z 作成) から作成しました。
setlocal
net session >nul 2>&1 || goto :notadmin

REM == AWS の KMS に対するライセンス認証が失敗しています (0xC004F074) [cloud.kms.unreachable]
cscript //nologo "%SystemRoot%\System32\slmgr.vbs" /skms 169.254.169.250:1688 || goto :failed

cscript //nologo "%SystemRoot%\System32\slmgr.vbs" /ato || goto :failed

echo すべての手順を実行しました。kmsdoctor をもう一度実行して判定を確認してください。
exit /b 0

REM このスクリプトでは実行しないもの (担当者ごとの作業と、そのコマンド):
REM 
REM [クラウドのネットワーク担当向け]
REM AWS の KMS に対するライセンス認証が失敗しています (0xC004F074) [cloud.kms.unreachable]
REM   aws ssm start-automation-execution --document-name AWSSupport-ActivateWindowsWithAmazonLicense --parameters InstanceId=<instance-id>
REM 
REM [確認用 (表示するだけ)]
REM AWS の KMS に対するライセンス認証が失敗しています (0xC004F074) [cloud.kms.unreachable]
REM   route print -4
REM AWS の KMS に対するライセンス認証が失敗しています (0xC004F074) [cloud.kms.unreachable]
REM   Test-NetConnection 169.254.169.250 -Port 1688
REM EC2AMAZ-KD13TST のライセンス認証は 2024-03-09 01:00 UTC 以降すべて失敗しています [events.failure.persistent]
REM   kmsdoctor check

:failed
echo 手順が失敗したため、スクリプトを停止しました。以降の手順は実行していません。
exit /b 1
:notadmin
echo このスクリプトは管理者として実行してください。何も変更していません。
exit /b 1
