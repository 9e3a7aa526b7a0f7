@echo off
REM kmsdoctor fix: the plan for the machine of the report as a script. Read it, then run it from an elevated prompt.
REM From report 00000000-0000-4000-8000-000000000000 made at 2026-11-23T12:00:00Z.
setlocal
net session >nul 2>&1 || goto :notadmin

REM == The Azure KMS name resolves to an unexpected address [azure.kms_address.unexpected]
cscript //nologo "%SystemRoot%\System32\slmgr.vbs" /skms azkms.core.windows.net:1688 || goto :failed

echo Every step ran. Run kmsdoctor again to check the verdict.
exit /b 0

REM Not run by this script: work for others, with the exact commands.
REM 
REM [To look at (read only)]
REM The Azure KMS name resolves to an unexpected address [azure.kms_address.unexpected]
REM   Resolve-DnsName azkms.core.windows.net
REM The Azure KMS name resolves to an unexpected address [azure.kms_address.unexpected]
REM   Get-Content $env:windir\System32\drivers\etc\hosts

:failed
echo A step failed: the script stopped and nothing after it was run.
exit /b 1
:notadmin
echo Run this script as administrator. Nothing was changed.
exit /b 1
