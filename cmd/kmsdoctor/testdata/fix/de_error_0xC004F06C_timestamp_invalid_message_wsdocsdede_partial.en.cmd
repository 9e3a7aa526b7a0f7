@echo off
REM kmsdoctor fix: the plan for the machine of the report as a script. Read it, then run it from an elevated prompt.
REM From report 00000000-0000-4000-8000-000000000000 made at 2026-11-23T12:00:00Z.
setlocal
net session >nul 2>&1 || goto :notadmin

REM == The clocks of the client and the KMS host differ too much [time.skew]
w32tm /resync || goto :failed

cscript //nologo "%SystemRoot%\System32\slmgr.vbs" /ato || goto :failed

echo Every step ran. Run kmsdoctor again to check the verdict.
exit /b 0

REM Not run by this script: work for others, with the exact commands.
REM 
REM [On this machine, by a person]
REM The clocks of the client and the KMS host differ too much [time.skew]
REM   w32tm /config /manualpeerlist:<TIME-SERVER> /syncfromflags:manual /update
REM 
REM [To look at (read only)]
REM A licensing command failed with 0xC004F06C (read from its message text) [license.activation_error]
REM   kmsdoctor explain 0xC004F06C
REM A licensing command failed with 0xC004F06C (read from its message text) [license.activation_error]
REM   slui.exe 0x2a 0xC004F06C

:failed
echo A step failed: the script stopped and nothing after it was run.
exit /b 1
:notadmin
echo Run this script as administrator. Nothing was changed.
exit /b 1
