# kmsdoctor fix: the plan for the machine of the report as a script. Read it, then run it from an elevated prompt.
# From report 00000000-0000-4000-8000-000000000000 made at 2026-11-23T12:00:00Z.
$ErrorActionPreference = 'Stop'
function Stop-Fix { Write-Host 'A step failed: the script stopped and nothing after it was run.'; exit 1 }
$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { Write-Host 'Run this script as administrator. Nothing was changed.'; exit 1 }

# == No KMS SRV record in the domain [dns.srv.missing]
& cscript.exe //nologo "$env:SystemRoot\System32\slmgr.vbs" /skms 'kms01.contoso.local:1688'; if ($LASTEXITCODE -ne 0) { Stop-Fix }

# == The clock is not synchronised with any time source [time.skew]
& w32tm.exe /resync; if ($LASTEXITCODE -ne 0) { Stop-Fix }

& cscript.exe //nologo "$env:SystemRoot\System32\slmgr.vbs" /ato; if ($LASTEXITCODE -ne 0) { Stop-Fix }

Write-Host 'Every step ran. Run kmsdoctor again to check the verdict.'

# Not run by this script: work for others, with the exact commands.
# 
# [On this machine, by a person]
# The clock is not synchronised with any time source [time.skew]
#   w32tm /config /syncfromflags:domhier /update
# The clock is not synchronised with any time source [time.skew]
#   net stop w32time
# The clock is not synchronised with any time source [time.skew]
#   net start w32time
# 
# [For the KMS host's administrator]
# The KMS port did not connect [tcp.timeout]
#   New-NetFirewallRule -DisplayName 'KMS (TCP 1688)' -Direction Inbound -Protocol TCP -LocalPort 1688 -Action Allow
# The KMS port did not connect [tcp.timeout]
#   netsh advfirewall firewall add rule name="KMS (TCP 1688)" dir=in action=allow protocol=TCP localport=1688
# The KMS port did not connect [tcp.timeout]
#   sc query sppsvc
# The KMS port did not connect [tcp.timeout]
#   netstat -ano -p tcp
# 
# [For the DNS administrator]
# No KMS SRV record in the domain [dns.srv.missing]
#   Add-DnsServerResourceRecord -Srv -ZoneName contoso.local -Name _vlmcs._tcp -DomainName kms01.contoso.local -Priority 0 -Weight 0 -Port 1688
# 
# [To look at (read only)]
# The KMS port did not connect [tcp.timeout]
#   tracert -d kms01.contoso.local
