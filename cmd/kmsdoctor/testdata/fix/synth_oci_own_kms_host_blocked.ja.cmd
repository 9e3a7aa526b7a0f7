@echo off
REM kmsdoctor fix: 6b3c2d4e-3333-4f33-8b44-123456789abc の計画をスクリプトにしたものです。内容を確認してから、管理者として実行したプロンプトで実行してください。
REM レポート 00000000-0000-4000-8000-000000000000 (2026-11-23T12:00:00Z 作成) から作成しました。
setlocal
net session >nul 2>&1 || goto :notadmin

REM == Windows(R), ServerStandard edition は通知モードです [license.notification]
cscript //nologo "%SystemRoot%\System32\slmgr.vbs" /ato || goto :failed

echo すべての手順を実行しました。kmsdoctor をもう一度実行して判定を確認してください。
exit /b 0

REM このスクリプトでは実行しないもの (担当者ごとの作業と、そのコマンド):
REM 
REM [クラウドのネットワーク担当向け]
REM エクスポートされたセキュリティ ルールに、KMS ホスト 10.0.20.15 への TCP 1688 の送信を許可するものがありません [oci.security.blocks_kms]
REM   oci network security-list get --security-list-id ocid1.securitylist.oc1.ap-tokyo-1.aaaaaaaakmsdoctorexamplesecuritylist --query 'data."egress-security-rules"' > egress-security-rules.json
REM エクスポートされたセキュリティ ルールに、KMS ホスト 10.0.20.15 への TCP 1688 の送信を許可するものがありません [oci.security.blocks_kms]
REM   jq '. + [{"protocol":"6","destination":"10.0.20.15/32","destinationType":"CIDR_BLOCK","isStateless":false,"tcpOptions":{"destinationPortRange":{"min":1688,"max":1688}}}]' egress-security-rules.json > new-egress-security-rules.json
REM エクスポートされたセキュリティ ルールに、KMS ホスト 10.0.20.15 への TCP 1688 の送信を許可するものがありません [oci.security.blocks_kms]
REM   oci network security-list update --security-list-id ocid1.securitylist.oc1.ap-tokyo-1.aaaaaaaakmsdoctorexamplesecuritylist --egress-security-rules file://new-egress-security-rules.json
REM 
REM [確認用 (表示するだけ)]
REM Windows(R), ServerStandard edition は通知モードです [license.notification]
REM   slmgr.vbs /dlv

:failed
echo 手順が失敗したため、スクリプトを停止しました。以降の手順は実行していません。
exit /b 1
:notadmin
echo このスクリプトは管理者として実行してください。何も変更していません。
exit /b 1
