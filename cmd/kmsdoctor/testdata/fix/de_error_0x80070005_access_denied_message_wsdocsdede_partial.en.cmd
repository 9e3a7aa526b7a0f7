@echo off
REM kmsdoctor fix: the plan for the machine of the report as a script. Read it, then run it from an elevated prompt.
REM From report 00000000-0000-4000-8000-000000000000 made at 2026-11-23T12:00:00Z.
setlocal
net session >nul 2>&1 || goto :notadmin

REM == The licensing command was not run as administrator [license.access_denied]
cscript //nologo "%SystemRoot%\System32\slmgr.vbs" /ato || goto :failed

echo Every step ran. Run kmsdoctor again to check the verdict.
exit /b 0

REM Not run by this script: work for others, with the exact commands.
REM 
REM [To look at (read only)]
REM A licensing command failed with 0x80070005 (read from its message text) [license.activation_error]
REM   kmsdoctor explain 0x80070005
REM A licensing command failed with 0x80070005 (read from its message text) [license.activation_error]
REM   slui.exe 0x2a 0x80070005

:failed
echo A step failed: the script stopped and nothing after it was run.
exit /b 1
:notadmin
echo Run this script as administrator. Nothing was changed.
exit /b 1
