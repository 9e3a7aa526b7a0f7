# kmsdoctor fix: the plan for 2ffcfc30-6a6a-49ec-92b8-f6150c7df211 as a script. Read it, then run it from an elevated prompt.
# From report 00000000-0000-4000-8000-000000000000 made at 2026-11-23T12:00:00Z.
$ErrorActionPreference = 'Stop'
function Stop-Fix { Write-Host 'A step failed: the script stopped and nothing after it was run.'; exit 1 }
$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { Write-Host 'Run this script as administrator. Nothing was changed.'; exit 1 }

Write-Host 'Every step ran. Run kmsdoctor again to check the verdict.'

# Not run by this script: work for others, with the exact commands.
# 
# [A decision for a person]
# Windows(R) 7, Enterprise edition on this Azure VM uses a KMS host of its own, not Azure's [license.kms_name.wrong]
#   slmgr.vbs /skms azkms.core.windows.net:1688
# Windows(R) 7, Enterprise edition on this Azure VM uses a KMS host of its own, not Azure's [license.kms_name.wrong]
#   slmgr.vbs /ato
