@echo off
REM kmsdoctor fix: the plan for EC2AMAZ-KD13TST as a script. Read it, then run it from an elevated prompt.
REM From report 00000000-0000-4000-8000-000000000000 made at 2026-11-23T12:00:00Z.
setlocal
net session >nul 2>&1 || goto :notadmin

REM == Activation against AWS's KMS fails (0xC004F074) [cloud.kms.unreachable]
cscript //nologo "%SystemRoot%\System32\slmgr.vbs" /skms 169.254.169.250:1688 || goto :failed

cscript //nologo "%SystemRoot%\System32\slmgr.vbs" /ato || goto :failed

echo Every step ran. Run kmsdoctor again to check the verdict.
exit /b 0

REM Not run by this script: work for others, with the exact commands.
REM 
REM [For the cloud network team]
REM Activation against AWS's KMS fails (0xC004F074) [cloud.kms.unreachable]
REM   aws ssm start-automation-execution --document-name AWSSupport-ActivateWindowsWithAmazonLicense --parameters InstanceId=<instance-id>
REM 
REM [To look at (read only)]
REM Activation against AWS's KMS fails (0xC004F074) [cloud.kms.unreachable]
REM   route print -4
REM Activation against AWS's KMS fails (0xC004F074) [cloud.kms.unreachable]
REM   Test-NetConnection 169.254.169.250 -Port 1688
REM Activation of EC2AMAZ-KD13TST has failed at every attempt since 2024-03-09 01:00 UTC [events.failure.persistent]
REM   kmsdoctor check

:failed
echo A step failed: the script stopped and nothing after it was run.
exit /b 1
:notadmin
echo Run this script as administrator. Nothing was changed.
exit /b 1
