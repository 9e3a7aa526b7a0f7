# kmsdoctor fix: the plan for the machine of the report as a script. Read it, then run it from an elevated prompt.
# From report 00000000-0000-4000-8000-000000000000 made at 2026-11-23T12:00:00Z.
$ErrorActionPreference = 'Stop'
function Stop-Fix { Write-Host 'A step failed: the script stopped and nothing after it was run.'; exit 1 }
$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { Write-Host 'Run this script as administrator. Nothing was changed.'; exit 1 }

# == The last activation attempt of (no computer name) failed [events.failure.latest]
& cscript.exe //nologo "$env:SystemRoot\System32\slmgr.vbs" /ato; if ($LASTEXITCODE -ne 0) { Stop-Fix }

Write-Host 'Every step ran. Run kmsdoctor again to check the verdict.'

# Not run by this script: work for others, with the exact commands.
# 
# [For the KMS host's administrator]
# No KMS host could be contacted; the cause is not determined yet [kms.contact.undetermined]
#   sc query sppsvc
# No KMS host could be contacted; the cause is not determined yet [kms.contact.undetermined]
#   slmgr.vbs /dlv
# 
# [To look at (read only)]
# No KMS host could be contacted; the cause is not determined yet [kms.contact.undetermined]
#   wevtutil qe Application /q:"*[System[(EventID=12288 or EventID=12289 or EventID=8198)]]" /c:10 /rd:true /f:text
# No KMS host could be contacted; the cause is not determined yet [kms.contact.undetermined]
#   slmgr.vbs /dlv
# No KMS host could be contacted; the cause is not determined yet [kms.contact.undetermined]
#   nslookup -type=srv _vlmcs._tcp.<DOMAIN>
# No KMS host could be contacted; the cause is not determined yet [kms.contact.undetermined]
#   Test-NetConnection '<KMS-HOST>' -Port 1688
# No KMS host could be contacted; the cause is not determined yet [kms.contact.undetermined]
#   w32tm /query /status
# A licensing command failed with 0xC004F074 [license.activation_error]
#   kmsdoctor check
# A licensing command failed with 0xC004F074 [license.activation_error]
#   nslookup -type=srv _vlmcs._tcp
# The last activation attempt of (no computer name) failed [events.failure.latest]
#   kmsdoctor explain 0x80004005
