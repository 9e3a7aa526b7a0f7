@echo off
REM kmsdoctor fix: the plan for the machine of the report as a script. Read it, then run it from an elevated prompt.
REM From report 00000000-0000-4000-8000-000000000000 made at 2026-11-23T12:00:00Z.
setlocal
net session >nul 2>&1 || goto :notadmin

echo Every step ran. Run kmsdoctor again to check the verdict.
exit /b 0

REM Not run by this script: work for others, with the exact commands.
REM 
REM [Only with --allow-destructive (cannot be undone)]
REM The licensing store looks damaged (0xC004E015) [tokens.corrupt]
REM   net stop sppsvc
REM The licensing store looks damaged (0xC004E015) [tokens.corrupt]
REM   ren %%windir%%\System32\spp\store\2.0\tokens.dat tokens.bar
REM The licensing store looks damaged (0xC004E015) [tokens.corrupt]
REM   net start sppsvc
REM The licensing store looks damaged (0xC004E015) [tokens.corrupt]
REM   slmgr.vbs /rilc
REM The licensing store looks damaged (0xC004E015) [tokens.corrupt]
REM   slmgr.vbs /ato

:failed
echo A step failed: the script stopped and nothing after it was run.
exit /b 1
:notadmin
echo Run this script as administrator. Nothing was changed.
exit /b 1
