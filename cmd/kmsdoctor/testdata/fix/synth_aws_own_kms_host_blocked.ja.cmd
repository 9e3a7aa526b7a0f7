@echo off
REM kmsdoctor fix: 6b3c2d4e-2222-4f33-8b44-123456789abc の計画をスクリプトにしたものです。内容を確認してから、管理者として実行したプロンプトで実行してください。
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
REM ルート テーブル rtb-0123456789abcdef0 に KMS ホスト 10.20.5.10 への有効なルートがありません [aws.route.blocks_kms]
REM   aws ec2 replace-route --route-table-id rtb-0123456789abcdef0 --destination-cidr-block 10.20.0.0/16 --gateway-id <gateway-id>
REM ネットワーク ACL acl-0ea1f54ca7b8c9d0e が KMS ホスト 10.20.5.10 への TCP 1688 の送信を拒否しています [aws.nacl.blocks_kms]
REM   aws ec2 create-network-acl-entry --network-acl-id acl-0ea1f54ca7b8c9d0e --egress --rule-number 89 --protocol tcp --port-range From=1688,To=1688 --cidr-block 10.20.5.10/32 --rule-action allow
REM セキュリティ グループ sg-0123abcd4567ef890 が KMS ホスト 10.20.5.10 への TCP 1688 の送信を許可していません [aws.sg.blocks_kms]
REM   aws ec2 authorize-security-group-egress --group-id sg-0123abcd4567ef890 --ip-permissions 'IpProtocol=tcp,FromPort=1688,ToPort=1688,IpRanges=[{CidrIp=10.20.5.10/32}]'
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
