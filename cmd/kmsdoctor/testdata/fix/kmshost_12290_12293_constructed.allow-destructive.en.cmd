@echo off
REM kmsdoctor fix: the plan for KMS01.contoso.com as a script. Read it, then run it from an elevated prompt.
REM From report 00000000-0000-4000-8000-000000000000 made at 2026-11-23T12:00:00Z.
setlocal
net session >nul 2>&1 || goto :notadmin

echo Every step ran. Run kmsdoctor again to check the verdict.
exit /b 0

REM Not run by this script: work for others, with the exact commands.
REM 
REM [For the KMS host's administrator]
REM The KMS host count is 13, below the 25 it needs [kms.count.insufficient]
REM   slmgr.vbs /dlv
REM The KMS host could not publish its SRV record in contoso.com [kmshost.dns.publish_failed]
REM   slui.exe 0x2a 0x8007267C
REM The KMS host could not publish its SRV record in contoso.com [kmshost.dns.publish_failed]
REM   nslookup -type=srv _vlmcs._tcp.contoso.com
REM 
REM [A decision for a person]
REM 1 Client Machine ID(s) are used by more than one machine [kmshost.cmid.duplicate]
REM   slmgr.vbs /rearm
REM 1 Client Machine ID(s) are used by more than one machine [kmshost.cmid.duplicate]
REM   slmgr.vbs /ato
REM 1 Client Machine ID(s) are used by more than one machine [kmshost.cmid.duplicate]
REM   %%WINDIR%%\System32\Sysprep\sysprep.exe /generalize /oobe /shutdown

:failed
echo A step failed: the script stopped and nothing after it was run.
exit /b 1
:notadmin
echo Run this script as administrator. Nothing was changed.
exit /b 1
