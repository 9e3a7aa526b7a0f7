@echo off
REM kmsdoctor fix: レポートのコンピューター の計画をスクリプトにしたものです。内容を確認してから、管理者として実行したプロンプトで実行してください。
REM レポート 00000000-0000-4000-8000-000000000000 (2026-11-23T12:00:00Z 作成) から作成しました。
setlocal
net session >nul 2>&1 || goto :notadmin

REM == Office 21, Office21ProPlus2021VL_KMS_Client_AE edition はまだ認証されていません (初期猶予期間) [license.grace]
REM ospp.vbs は終了コードを返しません。出力に ERROR CODE がないか確認してください。
cscript //nologo "%ProgramFiles%\Microsoft Office\Office16\OSPP.VBS" /act || goto :failed

echo すべての手順を実行しました。kmsdoctor をもう一度実行して判定を確認してください。
exit /b 0

REM このスクリプトでは実行しないもの (担当者ごとの作業と、そのコマンド):
REM 
REM [KMS ホストの管理者向け]
REM この KMS ホストは Office LTSC 2021 のクライアントを認証できません: Office LTSC 2021 Volume License Pack がありません [office.kmshost.pack_missing]
REM   cscript %%windir%%\system32\slmgr.vbs /dlv 47f3b983-7c53-4d45-abc6-bcd91e2dd90a
REM KMS ホストはこの製品をライセンス認証できません (0xC004F042) [kmshost.too_old]
REM   slmgr.vbs /dlv
REM この KMS ホストには Office 2019 のホスト ライセンスがありますが、ホスト キーが入っていません [office.kmshost.no_host_key]
REM   cscript %%windir%%\system32\slmgr.vbs /dlv 70512334-47b4-44db-a233-be5ea33b914c
REM 
REM [確認用 (表示するだけ)]
REM ライセンス操作がエラー 0xC004F042 で失敗しています [license.activation_error]
REM   kmsdoctor explain 0xC004F042
REM ライセンス操作がエラー 0xC004F042 で失敗しています [license.activation_error]
REM   slui.exe 0x2a 0xC004F042
REM Office 21, Office21ProPlus2021VL_KMS_Client_AE edition はまだ認証されていません (初期猶予期間) [license.grace]
REM   sc query sppsvc

:failed
echo 手順が失敗したため、スクリプトを停止しました。以降の手順は実行していません。
exit /b 1
:notadmin
echo このスクリプトは管理者として実行してください。何も変更していません。
exit /b 1
