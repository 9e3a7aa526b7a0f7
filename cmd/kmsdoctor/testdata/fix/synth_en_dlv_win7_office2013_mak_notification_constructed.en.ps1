# kmsdoctor fix: the plan for 5c1f6e0a-2b7d-4f64-9a0e-3c5b1a2d7e41 as a script. Read it, then run it from an elevated prompt.
# From report 00000000-0000-4000-8000-000000000000 made at 2026-11-23T12:00:00Z.
$ErrorActionPreference = 'Stop'
function Stop-Fix { Write-Host 'A step failed: the script stopped and nothing after it was run.'; exit 1 }
$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { Write-Host 'Run this script as administrator. Nothing was changed.'; exit 1 }

# == Office 15, OfficeProPlusVL_MAK edition is in notification state [license.notification]
# ospp.vbs sets no exit code: read its output for ERROR CODE.
& cscript.exe //nologo "$env:ProgramFiles\Microsoft Office\Office15\OSPP.VBS" '/inpkey:YC7DK-G2NP3-2QQC3-J6H88-GVGXT'; if ($LASTEXITCODE -ne 0) { Stop-Fix }

# ospp.vbs sets no exit code: read its output for ERROR CODE.
& cscript.exe //nologo "$env:ProgramFiles\Microsoft Office\Office15\OSPP.VBS" /act; if ($LASTEXITCODE -ne 0) { Stop-Fix }

Write-Host 'Every step ran. Run kmsdoctor again to check the verdict.'

# Not run by this script: work for others, with the exact commands.
# 
# [To look at (read only)]
# Office 15, OfficeProPlusVL_MAK edition is in notification state [license.notification]
#   sc query osppsvc
# A licensing command failed with 0xC004F009 [license.activation_error]
#   kmsdoctor explain 0xC004F009
# A licensing command failed with 0xC004F009 [license.activation_error]
#   slui.exe 0x2a 0xC004F009
