@echo off
REM kmsdoctor fix: the plan for the machine of the report as a script. Read it, then run it from an elevated prompt.
REM From report 00000000-0000-4000-8000-000000000000 made at 2026-11-23T12:00:00Z.
setlocal
net session >nul 2>&1 || goto :notadmin

REM == The licensing store looks damaged (0xC004E015) [tokens.corrupt]
REM Destructive: this step cannot be undone.
net stop sppsvc || goto :failed
ren "%SystemRoot%\System32\spp\store\2.0\tokens.dat" tokens.bar || goto :failed
net start sppsvc || goto :failed
cscript //nologo "%SystemRoot%\System32\slmgr.vbs" /rilc || goto :failed

cscript //nologo "%SystemRoot%\System32\slmgr.vbs" /ato || goto :failed

echo Every step ran. Run kmsdoctor again to check the verdict.
exit /b 0

:failed
echo A step failed: the script stopped and nothing after it was run.
exit /b 1
:notadmin
echo Run this script as administrator. Nothing was changed.
exit /b 1
