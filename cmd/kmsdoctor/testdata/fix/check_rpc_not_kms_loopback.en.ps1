# kmsdoctor fix: the plan for the machine of the report as a script. Read it, then run it from an elevated prompt.
# From report 00000000-0000-4000-8000-000000000000 made at 2026-12-01T12:14:09Z.
$ErrorActionPreference = 'Stop'
function Stop-Fix { Write-Host 'A step failed: the script stopped and nothing after it was run.'; exit 1 }
$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { Write-Host 'Run this script as administrator. Nothing was changed.'; exit 1 }

# == The port answers, but not as a KMS host [rpc.not_kms]
& cscript.exe //nologo "$env:SystemRoot\System32\slmgr.vbs" /skms '127.0.0.1:37101'; if ($LASTEXITCODE -ne 0) { Stop-Fix }

Write-Host 'Every step ran. Run kmsdoctor again to check the verdict.'
