# kmsdoctor fix: the plan for PC-FIN-044.corp.example.com as a script. Read it, then run it from an elevated prompt.
# From report 00000000-0000-4000-8000-000000000000 made at 2026-11-23T12:00:00Z.
$ErrorActionPreference = 'Stop'
function Stop-Fix { Write-Host 'A step failed: the script stopped and nothing after it was run.'; exit 1 }
$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { Write-Host 'Run this script as administrator. Nothing was changed.'; exit 1 }

# == Office on PC-FIN-044.corp.example.com has failed to activate 3 time(s) since 2026-11-18 09:02 (the machine's local time; its offset from UTC is not known) (0xC004F074) [office.events.failing]
# ospp.vbs sets no exit code: read its output for ERROR CODE.
& cscript.exe //nologo "$env:ProgramFiles\Microsoft Office\Office16\OSPP.VBS" /act; if ($LASTEXITCODE -ne 0) { Stop-Fix }

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
#   Test-NetConnection kms01.corp.example.com -Port 1688
# No KMS host could be contacted; the cause is not determined yet [kms.contact.undetermined]
#   w32tm /query /status
# A licensing command failed with 0xC004F074 [license.activation_error]
#   kmsdoctor check
# A licensing command failed with 0xC004F074 [license.activation_error]
#   nslookup -type=srv _vlmcs._tcp
# Office on PC-FIN-044.corp.example.com has failed to activate 3 time(s) since 2026-11-18 09:02 (the machine's local time; its offset from UTC is not known) (0xC004F074) [office.events.failing]
#   kmsdoctor explain 0xC004F074
