# kmsdoctor fix: the plan for the machine of the report as a script. Read it, then run it from an elevated prompt.
# From report 00000000-0000-4000-8000-000000000000 made at 2026-11-23T12:00:00Z.
$ErrorActionPreference = 'Stop'
function Stop-Fix { Write-Host 'A step failed: the script stopped and nothing after it was run.'; exit 1 }
$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { Write-Host 'Run this script as administrator. Nothing was changed.'; exit 1 }

# == Office 21, Office21ProPlus2021VL_KMS_Client_AE edition is not activated yet (initial grace period) [license.grace]
# ospp.vbs sets no exit code: read its output for ERROR CODE.
& cscript.exe //nologo "$env:ProgramFiles\Microsoft Office\Office16\OSPP.VBS" /act; if ($LASTEXITCODE -ne 0) { Stop-Fix }

Write-Host 'Every step ran. Run kmsdoctor again to check the verdict.'

# Not run by this script: work for others, with the exact commands.
# 
# [For the KMS host's administrator]
# Office LTSC 2021 clients cannot be activated by this KMS host: the Office LTSC 2021 Volume License Pack is missing [office.kmshost.pack_missing]
#   cscript %windir%\system32\slmgr.vbs /dlv 47f3b983-7c53-4d45-abc6-bcd91e2dd90a
# The KMS host cannot activate this product (0xC004F042) [kmshost.too_old]
#   slmgr.vbs /dlv
# The Office 2019 host licence is installed on this KMS host, but no host key is [office.kmshost.no_host_key]
#   cscript %windir%\system32\slmgr.vbs /dlv 70512334-47b4-44db-a233-be5ea33b914c
# 
# [To look at (read only)]
# A licensing command failed with 0xC004F042 [license.activation_error]
#   kmsdoctor explain 0xC004F042
# A licensing command failed with 0xC004F042 [license.activation_error]
#   slui.exe 0x2a 0xC004F042
# Office 21, Office21ProPlus2021VL_KMS_Client_AE edition is not activated yet (initial grace period) [license.grace]
#   sc query sppsvc
