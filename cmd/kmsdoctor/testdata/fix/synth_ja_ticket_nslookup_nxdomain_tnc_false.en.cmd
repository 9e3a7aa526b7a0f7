@echo off
REM kmsdoctor fix: the plan for the machine of the report as a script. Read it, then run it from an elevated prompt.
REM From report 00000000-0000-4000-8000-000000000000 made at 2026-11-23T12:00:00Z.
setlocal
net session >nul 2>&1 || goto :notadmin

REM == No KMS SRV record in the domain [dns.srv.missing]
cscript //nologo "%SystemRoot%\System32\slmgr.vbs" /skms kms01.contoso.local:1688 || goto :failed

REM == The clock is not synchronised with any time source [time.skew]
w32tm /resync || goto :failed

cscript //nologo "%SystemRoot%\System32\slmgr.vbs" /ato || goto :failed

echo Every step ran. Run kmsdoctor again to check the verdict.
exit /b 0

REM Not run by this script: work for others, with the exact commands.
REM 
REM [On this machine, by a person]
REM The clock is not synchronised with any time source [time.skew]
REM   w32tm /config /syncfromflags:domhier /update
REM The clock is not synchronised with any time source [time.skew]
REM   net stop w32time
REM The clock is not synchronised with any time source [time.skew]
REM   net start w32time
REM 
REM [For the KMS host's administrator]
REM The KMS port did not connect [tcp.timeout]
REM   New-NetFirewallRule -DisplayName 'KMS (TCP 1688)' -Direction Inbound -Protocol TCP -LocalPort 1688 -Action Allow
REM The KMS port did not connect [tcp.timeout]
REM   netsh advfirewall firewall add rule name="KMS (TCP 1688)" dir=in action=allow protocol=TCP localport=1688
REM The KMS port did not connect [tcp.timeout]
REM   sc query sppsvc
REM The KMS port did not connect [tcp.timeout]
REM   netstat -ano -p tcp
REM 
REM [For the DNS administrator]
REM No KMS SRV record in the domain [dns.srv.missing]
REM   Add-DnsServerResourceRecord -Srv -ZoneName contoso.local -Name _vlmcs._tcp -DomainName kms01.contoso.local -Priority 0 -Weight 0 -Port 1688
REM 
REM [To look at (read only)]
REM The KMS port did not connect [tcp.timeout]
REM   tracert -d kms01.contoso.local

:failed
echo A step failed: the script stopped and nothing after it was run.
exit /b 1
:notadmin
echo Run this script as administrator. Nothing was changed.
exit /b 1
