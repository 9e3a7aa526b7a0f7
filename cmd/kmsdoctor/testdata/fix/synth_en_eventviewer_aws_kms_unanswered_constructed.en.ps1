# kmsdoctor fix: the plan for EC2AMAZ-KD13TST as a script. Read it, then run it from an elevated prompt.
# From report 00000000-0000-4000-8000-000000000000 made at 2026-11-23T12:00:00Z.
$ErrorActionPreference = 'Stop'
function Stop-Fix { Write-Host 'A step failed: the script stopped and nothing after it was run.'; exit 1 }
$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { Write-Host 'Run this script as administrator. Nothing was changed.'; exit 1 }

# == Activation against AWS's KMS fails (0xC004F074) [cloud.kms.unreachable]
& cscript.exe //nologo "$env:SystemRoot\System32\slmgr.vbs" /skms '169.254.169.250:1688'; if ($LASTEXITCODE -ne 0) { Stop-Fix }

& cscript.exe //nologo "$env:SystemRoot\System32\slmgr.vbs" /ato; if ($LASTEXITCODE -ne 0) { Stop-Fix }

Write-Host 'Every step ran. Run kmsdoctor again to check the verdict.'

# Not run by this script: work for others, with the exact commands.
# 
# [For the cloud network team]
# Activation against AWS's KMS fails (0xC004F074) [cloud.kms.unreachable]
#   aws ssm start-automation-execution --document-name AWSSupport-ActivateWindowsWithAmazonLicense --parameters InstanceId=<instance-id>
# 
# [To look at (read only)]
# Activation against AWS's KMS fails (0xC004F074) [cloud.kms.unreachable]
#   route print -4
# Activation against AWS's KMS fails (0xC004F074) [cloud.kms.unreachable]
#   Test-NetConnection 169.254.169.250 -Port 1688
# Activation of EC2AMAZ-KD13TST has failed at every attempt since 2024-03-09 01:00 UTC [events.failure.persistent]
#   kmsdoctor check
