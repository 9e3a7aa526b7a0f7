@echo off
REM kmsdoctor fix: the plan for 2ffcfc30-6a6a-49ec-92b8-f6150c7df211 as a script. Read it, then run it from an elevated prompt.
REM From report 00000000-0000-4000-8000-000000000000 made at 2026-11-23T12:00:00Z.
setlocal
net session >nul 2>&1 || goto :notadmin

echo Every step ran. Run kmsdoctor again to check the verdict.
exit /b 0

REM Not run by this script: work for others, with the exact commands.
REM 
REM [A decision for a person]
REM Windows(R) 7, Enterprise edition on this Azure VM uses a KMS host of its own, not Azure's [license.kms_name.wrong]
REM   slmgr.vbs /skms azkms.core.windows.net:1688
REM Windows(R) 7, Enterprise edition on this Azure VM uses a KMS host of its own, not Azure's [license.kms_name.wrong]
REM   slmgr.vbs /ato

:failed
echo A step failed: the script stopped and nothing after it was run.
exit /b 1
:notadmin
echo Run this script as administrator. Nothing was changed.
exit /b 1
