@echo off
REM kmsdoctor fix: the plan for 5c1f6e0a-2b7d-4f64-9a0e-3c5b1a2d7e41 as a script. Read it, then run it from an elevated prompt.
REM From report 00000000-0000-4000-8000-000000000000 made at 2026-11-23T12:00:00Z.
setlocal
net session >nul 2>&1 || goto :notadmin

REM == Office 15, OfficeProPlusVL_MAK edition is in notification state [license.notification]
REM ospp.vbs sets no exit code: read its output for ERROR CODE.
cscript //nologo "%ProgramFiles%\Microsoft Office\Office15\OSPP.VBS" /inpkey:YC7DK-G2NP3-2QQC3-J6H88-GVGXT || goto :failed

REM ospp.vbs sets no exit code: read its output for ERROR CODE.
cscript //nologo "%ProgramFiles%\Microsoft Office\Office15\OSPP.VBS" /act || goto :failed

echo Every step ran. Run kmsdoctor again to check the verdict.
exit /b 0

REM Not run by this script: work for others, with the exact commands.
REM 
REM [To look at (read only)]
REM Office 15, OfficeProPlusVL_MAK edition is in notification state [license.notification]
REM   sc query osppsvc
REM A licensing command failed with 0xC004F009 [license.activation_error]
REM   kmsdoctor explain 0xC004F009
REM A licensing command failed with 0xC004F009 [license.activation_error]
REM   slui.exe 0x2a 0xC004F009

:failed
echo A step failed: the script stopped and nothing after it was run.
exit /b 1
:notadmin
echo Run this script as administrator. Nothing was changed.
exit /b 1
