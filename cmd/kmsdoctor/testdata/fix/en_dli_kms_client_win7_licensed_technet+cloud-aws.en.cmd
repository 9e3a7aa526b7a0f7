@echo off
REM kmsdoctor fix: the plan for 2ffcfc30-6a6a-49ec-92b8-f6150c7df211 as a script. Read it, then run it from an elevated prompt.
REM From report 00000000-0000-4000-8000-000000000000 made at 2026-11-23T12:00:00Z.
setlocal
net session >nul 2>&1 || goto :notadmin

REM == The KMS host set for Windows(R) 7, Enterprise edition is not AWS's KMS [license.kms_name.wrong]
cscript //nologo "%SystemRoot%\System32\slmgr.vbs" /skms 169.254.169.250:1688 || goto :failed

cscript //nologo "%SystemRoot%\System32\slmgr.vbs" /ato || goto :failed

echo Every step ran. Run kmsdoctor again to check the verdict.
exit /b 0

:failed
echo A step failed: the script stopped and nothing after it was run.
exit /b 1
:notadmin
echo Run this script as administrator. Nothing was changed.
exit /b 1
