@echo off
REM kmsdoctor fix: the plan for the machine of the report as a script. Read it, then run it from an elevated prompt.
REM From report 00000000-0000-4000-8000-000000000000 made at 2026-11-23T12:00:00Z.
setlocal
net session >nul 2>&1 || goto :notadmin

REM == The last activation attempt of (no computer name) failed [events.failure.latest]
cscript //nologo "%SystemRoot%\System32\slmgr.vbs" /ato || goto :failed

echo Every step ran. Run kmsdoctor again to check the verdict.
exit /b 0

REM Not run by this script: work for others, with the exact commands.
REM 
REM [For the KMS host's administrator]
REM No KMS host could be contacted; the cause is not determined yet [kms.contact.undetermined]
REM   sc query sppsvc
REM No KMS host could be contacted; the cause is not determined yet [kms.contact.undetermined]
REM   slmgr.vbs /dlv
REM 
REM [To look at (read only)]
REM No KMS host could be contacted; the cause is not determined yet [kms.contact.undetermined]
REM   wevtutil qe Application /q:"*[System[(EventID=12288 or EventID=12289 or EventID=8198)]]" /c:10 /rd:true /f:text
REM No KMS host could be contacted; the cause is not determined yet [kms.contact.undetermined]
REM   slmgr.vbs /dlv
REM No KMS host could be contacted; the cause is not determined yet [kms.contact.undetermined]
REM   nslookup -type=srv _vlmcs._tcp.<DOMAIN>
REM No KMS host could be contacted; the cause is not determined yet [kms.contact.undetermined]
REM   Test-NetConnection '<KMS-HOST>' -Port 1688
REM No KMS host could be contacted; the cause is not determined yet [kms.contact.undetermined]
REM   w32tm /query /status
REM A licensing command failed with 0xC004F074 [license.activation_error]
REM   kmsdoctor check
REM A licensing command failed with 0xC004F074 [license.activation_error]
REM   nslookup -type=srv _vlmcs._tcp
REM The last activation attempt of (no computer name) failed [events.failure.latest]
REM   kmsdoctor explain 0x80004005

:failed
echo A step failed: the script stopped and nothing after it was run.
exit /b 1
:notadmin
echo Run this script as administrator. Nothing was changed.
exit /b 1
