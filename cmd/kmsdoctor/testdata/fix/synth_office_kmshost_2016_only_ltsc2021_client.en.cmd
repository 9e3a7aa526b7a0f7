@echo off
REM kmsdoctor fix: the plan for the machine of the report as a script. Read it, then run it from an elevated prompt.
REM From report 00000000-0000-4000-8000-000000000000 made at 2026-11-23T12:00:00Z.
setlocal
net session >nul 2>&1 || goto :notadmin

REM == Office 21, Office21ProPlus2021VL_KMS_Client_AE edition is not activated yet (initial grace period) [license.grace]
REM ospp.vbs sets no exit code: read its output for ERROR CODE.
cscript //nologo "%ProgramFiles%\Microsoft Office\Office16\OSPP.VBS" /act || goto :failed

echo Every step ran. Run kmsdoctor again to check the verdict.
exit /b 0

REM Not run by this script: work for others, with the exact commands.
REM 
REM [For the KMS host's administrator]
REM Office LTSC 2021 clients cannot be activated by this KMS host: the Office LTSC 2021 Volume License Pack is missing [office.kmshost.pack_missing]
REM   cscript %%windir%%\system32\slmgr.vbs /dlv 47f3b983-7c53-4d45-abc6-bcd91e2dd90a
REM The KMS host cannot activate this product (0xC004F042) [kmshost.too_old]
REM   slmgr.vbs /dlv
REM The Office 2019 host licence is installed on this KMS host, but no host key is [office.kmshost.no_host_key]
REM   cscript %%windir%%\system32\slmgr.vbs /dlv 70512334-47b4-44db-a233-be5ea33b914c
REM 
REM [To look at (read only)]
REM A licensing command failed with 0xC004F042 [license.activation_error]
REM   kmsdoctor explain 0xC004F042
REM A licensing command failed with 0xC004F042 [license.activation_error]
REM   slui.exe 0x2a 0xC004F042
REM Office 21, Office21ProPlus2021VL_KMS_Client_AE edition is not activated yet (initial grace period) [license.grace]
REM   sc query sppsvc

:failed
echo A step failed: the script stopped and nothing after it was run.
exit /b 1
:notadmin
echo Run this script as administrator. Nothing was changed.
exit /b 1
