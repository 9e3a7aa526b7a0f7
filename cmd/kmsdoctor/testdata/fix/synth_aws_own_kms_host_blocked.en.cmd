@echo off
REM kmsdoctor fix: the plan for 6b3c2d4e-2222-4f33-8b44-123456789abc as a script. Read it, then run it from an elevated prompt.
REM From report 00000000-0000-4000-8000-000000000000 made at 2026-11-23T12:00:00Z.
setlocal
net session >nul 2>&1 || goto :notadmin

REM == Windows(R), ServerStandard edition is in notification state [license.notification]
cscript //nologo "%SystemRoot%\System32\slmgr.vbs" /ato || goto :failed

echo Every step ran. Run kmsdoctor again to check the verdict.
exit /b 0

REM Not run by this script: work for others, with the exact commands.
REM 
REM [For the cloud network team]
REM Route table rtb-0123456789abcdef0 has no working route to the KMS host 10.20.5.10 [aws.route.blocks_kms]
REM   aws ec2 replace-route --route-table-id rtb-0123456789abcdef0 --destination-cidr-block 10.20.0.0/16 --gateway-id <gateway-id>
REM Network ACL acl-0ea1f54ca7b8c9d0e denies TCP 1688 out to the KMS host 10.20.5.10 [aws.nacl.blocks_kms]
REM   aws ec2 create-network-acl-entry --network-acl-id acl-0ea1f54ca7b8c9d0e --egress --rule-number 89 --protocol tcp --port-range From=1688,To=1688 --cidr-block 10.20.5.10/32 --rule-action allow
REM Security group sg-0123abcd4567ef890 does not allow TCP 1688 out to the KMS host 10.20.5.10 [aws.sg.blocks_kms]
REM   aws ec2 authorize-security-group-egress --group-id sg-0123abcd4567ef890 --ip-permissions 'IpProtocol=tcp,FromPort=1688,ToPort=1688,IpRanges=[{CidrIp=10.20.5.10/32}]'
REM 
REM [To look at (read only)]
REM Windows(R), ServerStandard edition is in notification state [license.notification]
REM   slmgr.vbs /dlv

:failed
echo A step failed: the script stopped and nothing after it was run.
exit /b 1
:notadmin
echo Run this script as administrator. Nothing was changed.
exit /b 1
