# kmsdoctor fix: the plan for 0f7e1a2b-2222-4c33-8d44-abcdefabcdef as a script. Read it, then run it from an elevated prompt.
# From report 00000000-0000-4000-8000-000000000000 made at 2026-11-23T12:00:00Z.
$ErrorActionPreference = 'Stop'
function Stop-Fix { Write-Host 'A step failed: the script stopped and nothing after it was run.'; exit 1 }
$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { Write-Host 'Run this script as administrator. Nothing was changed.'; exit 1 }

# == Volume activation of Office 16, Office16ProPlus2019VL_KMS_Client_AE edition expires in 14 day(s) [license.expiring]
# ospp.vbs sets no exit code: read its output for ERROR CODE.
& cscript.exe //nologo "$env:ProgramFiles\Microsoft Office\Office16\OSPP.VBS" /act; if ($LASTEXITCODE -ne 0) { Stop-Fix }

Write-Host 'Every step ran. Run kmsdoctor again to check the verdict.'

# Not run by this script: work for others, with the exact commands.
# 
# [A decision for a person]
# Windows(R), ServerStandard edition has a VOLUME_MAK key where KMS activation is expected [license.channel.not_kms]
#   slmgr.vbs /ipk N69G4-B89J2-4G8F4-WWYCC-J464C
# Windows(R), ServerStandard edition has a VOLUME_MAK key where KMS activation is expected [license.channel.not_kms]
#   slmgr.vbs /ato
# 
# [To look at (read only)]
# Volume activation of Office 16, Office16ProPlus2019VL_KMS_Client_AE edition expires in 14 day(s) [license.expiring]
#   cscript "%ProgramFiles%\Microsoft Office\Office16\OSPP.VBS" /dstatus
