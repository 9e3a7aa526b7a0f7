# kmsdoctor fix: the plan for KMS01.contoso.com as a script. Read it, then run it from an elevated prompt.
# From report 00000000-0000-4000-8000-000000000000 made at 2026-11-23T12:00:00Z.
$ErrorActionPreference = 'Stop'
function Stop-Fix { Write-Host 'A step failed: the script stopped and nothing after it was run.'; exit 1 }
$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { Write-Host 'Run this script as administrator. Nothing was changed.'; exit 1 }

Write-Host 'Every step ran. Run kmsdoctor again to check the verdict.'

# Not run by this script: work for others, with the exact commands.
# 
# [For the KMS host's administrator]
# The KMS host count is 13, below the 25 it needs [kms.count.insufficient]
#   slmgr.vbs /dlv
# The KMS host could not publish its SRV record in contoso.com [kmshost.dns.publish_failed]
#   slui.exe 0x2a 0x8007267C
# The KMS host could not publish its SRV record in contoso.com [kmshost.dns.publish_failed]
#   nslookup -type=srv _vlmcs._tcp.contoso.com
# 
# [A decision for a person]
# 1 Client Machine ID(s) are used by more than one machine [kmshost.cmid.duplicate]
#   slmgr.vbs /rearm
# 1 Client Machine ID(s) are used by more than one machine [kmshost.cmid.duplicate]
#   slmgr.vbs /ato
# 1 Client Machine ID(s) are used by more than one machine [kmshost.cmid.duplicate]
#   %WINDIR%\System32\Sysprep\sysprep.exe /generalize /oobe /shutdown
