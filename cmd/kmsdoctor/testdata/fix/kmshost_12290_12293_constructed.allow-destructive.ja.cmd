@echo off
REM kmsdoctor fix: KMS01.contoso.com の計画をスクリプトにしたものです。内容を確認してから、管理者として実行したプロンプトで実行してください。
REM レポート 00000000-0000-4000-8000-000000000000 (2026-11-23T12:00:00Z 作成) から作成しました。
setlocal
net session >nul 2>&1 || goto :notadmin

echo すべての手順を実行しました。kmsdoctor をもう一度実行して判定を確認してください。
exit /b 0

REM このスクリプトでは実行しないもの (担当者ごとの作業と、そのコマンド):
REM 
REM [KMS ホストの管理者向け]
REM KMS ホストのカウントが 13 で、必要な 25 に届いていません [kms.count.insufficient]
REM   slmgr.vbs /dlv
REM KMS ホストが contoso.com に SRV レコードを登録できませんでした [kmshost.dns.publish_failed]
REM   slui.exe 0x2a 0x8007267C
REM KMS ホストが contoso.com に SRV レコードを登録できませんでした [kmshost.dns.publish_failed]
REM   nslookup -type=srv _vlmcs._tcp.contoso.com
REM 
REM [人の判断が必要なもの]
REM 1 個のクライアント マシン ID が複数のマシンで使われています [kmshost.cmid.duplicate]
REM   slmgr.vbs /rearm
REM 1 個のクライアント マシン ID が複数のマシンで使われています [kmshost.cmid.duplicate]
REM   slmgr.vbs /ato
REM 1 個のクライアント マシン ID が複数のマシンで使われています [kmshost.cmid.duplicate]
REM   %%WINDIR%%\System32\Sysprep\sysprep.exe /generalize /oobe /shutdown

:failed
echo 手順が失敗したため、スクリプトを停止しました。以降の手順は実行していません。
exit /b 1
:notadmin
echo このスクリプトは管理者として実行してください。何も変更していません。
exit /b 1
