# kmsdoctor fix: the plan for 2ffcfc30-6a6a-49ec-92b8-f6150c7df211 as a script. Read it, then run it from an elevated prompt.
# From report 00000000-0000-4000-8000-000000000000 made at 2026-11-23T12:00:00Z.
$ErrorActionPreference = 'Stop'
function Stop-Fix { Write-Host 'A step failed: the script stopped and nothing after it was run.'; exit 1 }
$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { Write-Host 'Run this script as administrator. Nothing was changed.'; exit 1 }

# == The KMS host set for Windows(R) 7, Enterprise edition is not AWS's KMS [license.kms_name.wrong]
& cscript.exe //nologo "$env:SystemRoot\System32\slmgr.vbs" /skms '169.254.169.250:1688'; if ($LASTEXITCODE -ne 0) { Stop-Fix }

& cscript.exe //nologo "$env:SystemRoot\System32\slmgr.vbs" /ato; if ($LASTEXITCODE -ne 0) { Stop-Fix }

Write-Host 'Every step ran. Run kmsdoctor again to check the verdict.'
