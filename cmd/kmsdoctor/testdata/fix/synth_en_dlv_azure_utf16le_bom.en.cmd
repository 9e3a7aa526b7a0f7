@echo off
REM kmsdoctor fix: the plan for 0f7e1a2b-2222-4c33-8d44-abcdefabcdef as a script. Read it, then run it from an elevated prompt.
REM From report 00000000-0000-4000-8000-000000000000 made at 2026-11-23T12:00:00Z.
setlocal
net session >nul 2>&1 || goto :notadmin

REM == Volume activation of Office 16, Office16ProPlus2019VL_KMS_Client_AE edition expires in 14 day(s) [license.expiring]
REM ospp.vbs sets no exit code: read its output for ERROR CODE.
cscript //nologo "%ProgramFiles%\Microsoft Office\Office16\OSPP.VBS" /act || goto :failed

echo Every step ran. Run kmsdoctor again to check the verdict.
exit /b 0

REM Not run by this script: work for others, with the exact commands.
REM 
REM [A decision for a person]
REM Windows(R), ServerStandard edition has a VOLUME_MAK key where KMS activation is expected [license.channel.not_kms]
REM   slmgr.vbs /ipk N69G4-B89J2-4G8F4-WWYCC-J464C
REM Windows(R), ServerStandard edition has a VOLUME_MAK key where KMS activation is expected [license.channel.not_kms]
REM   slmgr.vbs /ato
REM 
REM [To look at (read only)]
REM Volume activation of Office 16, Office16ProPlus2019VL_KMS_Client_AE edition expires in 14 day(s) [license.expiring]
REM   cscript "%%ProgramFiles%%\Microsoft Office\Office16\OSPP.VBS" /dstatus

:failed
echo A step failed: the script stopped and nothing after it was run.
exit /b 1
:notadmin
echo Run this script as administrator. Nothing was changed.
exit /b 1
