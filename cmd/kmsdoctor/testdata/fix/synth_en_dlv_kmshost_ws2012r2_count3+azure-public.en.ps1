# kmsdoctor fix: the plan for the machine of the report as a script. Read it, then run it from an elevated prompt.
# From report 00000000-0000-4000-8000-000000000000 made at 2026-11-23T12:00:00Z.
$ErrorActionPreference = 'Stop'
function Stop-Fix { Write-Host 'A step failed: the script stopped and nothing after it was run.'; exit 1 }
$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { Write-Host 'Run this script as administrator. Nothing was changed.'; exit 1 }

Write-Host 'Every step ran. Run kmsdoctor again to check the verdict.'

# Not run by this script: work for others, with the exact commands.
# 
# [A decision for a person]
# A KMS host key is installed on Windows(R), ServerStandard edition, which should be a KMS client [license.kms_host_key_on_client]
#   slmgr.vbs /ipk D2N9P-3P6X9-2R39C-7RTCD-MDVJX
# A KMS host key is installed on Windows(R), ServerStandard edition, which should be a KMS client [license.kms_host_key_on_client]
#   slmgr.vbs /ato
