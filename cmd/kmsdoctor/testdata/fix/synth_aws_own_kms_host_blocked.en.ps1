# kmsdoctor fix: the plan for 6b3c2d4e-2222-4f33-8b44-123456789abc as a script. Read it, then run it from an elevated prompt.
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
# Route table rtb-0123456789abcdef0 has no working route to the KMS host 10.20.5.10 [aws.route.blocks_kms]
#   aws ec2 replace-route --route-table-id rtb-0123456789abcdef0 --destination-cidr-block 10.20.0.0/16 --gateway-id <gateway-id>
# Network ACL acl-0ea1f54ca7b8c9d0e denies TCP 1688 out to the KMS host 10.20.5.10 [aws.nacl.blocks_kms]
#   aws ec2 create-network-acl-entry --network-acl-id acl-0ea1f54ca7b8c9d0e --egress --rule-number 89 --protocol tcp --port-range From=1688,To=1688 --cidr-block 10.20.5.10/32 --rule-action allow
# Security group sg-0123abcd4567ef890 does not allow TCP 1688 out to the KMS host 10.20.5.10 [aws.sg.blocks_kms]
#   aws ec2 authorize-security-group-egress --group-id sg-0123abcd4567ef890 --ip-permissions 'IpProtocol=tcp,FromPort=1688,ToPort=1688,IpRanges=[{CidrIp=10.20.5.10/32}]'
# 
# [To look at (read only)]
# Windows(R), ServerStandard edition is in notification state [license.notification]
#   slmgr.vbs /dlv
