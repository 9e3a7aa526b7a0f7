# kmsdoctor fix: the plan for 6b3c2d4e-3333-4f33-8b44-123456789abc as a script. Read it, then run it from an elevated prompt.
# From report 00000000-0000-4000-8000-000000000000 made at 2026-11-23T12:00:00Z.
$ErrorActionPreference = 'Stop'
function Stop-Fix { Write-Host 'A step failed: the script stopped and nothing after it was run.'; exit 1 }
$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { Write-Host 'Run this script as administrator. Nothing was changed.'; exit 1 }

# == Windows(R), ServerStandard edition is in notification state [license.notification]
& cscript.exe //nologo "$env:SystemRoot\System32\slmgr.vbs" /ato; if ($LASTEXITCODE -ne 0) { Stop-Fix }

Write-Host 'Every step ran. Run kmsdoctor again to check the verdict.'

# Not run by this script: work for others, with the exact commands.
# 
# [For the cloud network team]
# No exported security rule allows TCP 1688 out to the KMS host 10.0.20.15 [oci.security.blocks_kms]
#   oci network security-list get --security-list-id ocid1.securitylist.oc1.ap-tokyo-1.aaaaaaaakmsdoctorexamplesecuritylist --query 'data."egress-security-rules"' > egress-security-rules.json
# No exported security rule allows TCP 1688 out to the KMS host 10.0.20.15 [oci.security.blocks_kms]
#   jq '. + [{"protocol":"6","destination":"10.0.20.15/32","destinationType":"CIDR_BLOCK","isStateless":false,"tcpOptions":{"destinationPortRange":{"min":1688,"max":1688}}}]' egress-security-rules.json > new-egress-security-rules.json
# No exported security rule allows TCP 1688 out to the KMS host 10.0.20.15 [oci.security.blocks_kms]
#   oci network security-list update --security-list-id ocid1.securitylist.oc1.ap-tokyo-1.aaaaaaaakmsdoctorexamplesecuritylist --egress-security-rules file://new-egress-security-rules.json
# 
# [To look at (read only)]
# Windows(R), ServerStandard edition is in notification state [license.notification]
#   slmgr.vbs /dlv
