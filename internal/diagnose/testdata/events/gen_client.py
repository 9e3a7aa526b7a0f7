# Constructed client Application log (wevtutil qe /f:xml form): renewals succeed, then every
# attempt fails for three days: 12288 without 12289, 8198 hr=0xC004F074, plus benign 8200 0x80072EE7.
import datetime
NS="http://schemas.microsoft.com/win/2004/08/events/event"
rid=[5000]
def ev(eid, qual, level, t, datas):
    rid[0]+=1
    d="".join("<Data>%s</Data>"%x for x in datas)
    return ("<Event xmlns='%s'><System><Provider Name='Microsoft-Windows-Security-SPP' Guid='{E23B33B0-C8C9-472C-A5F9-F2BDFEA0F156}' EventSourceName='Software Protection Platform Service'/>"
      "<EventID Qualifiers='%d'>%d</EventID><Version>0</Version><Level>%d</Level><Task>0</Task><Opcode>0</Opcode>"
      "<Keywords>0x80000000000000</Keywords><TimeCreated SystemTime='%s'/><EventRecordID>%d</EventRecordID>"
      "<Correlation/><Execution ProcessID='0' ThreadID='0'/><Channel>Application</Channel><Computer>WS42.contoso.com</Computer><Security/></System>"
      "<EventData>%s</EventData></Event>") % (NS,qual,eid,level,t.strftime('%Y-%m-%dT%H:%M:%S.0000000Z'),rid[0],d)
cmid="8d3c2a10-4b5e-4f6a-9c7d-1e2f3a4b5c6d"; act="73111121-5638-40f6-bc11-f1d7b0d64300"
out=[]
t0=datetime.datetime(2026,9,1,9,0)
for week in range(3):
    t=t0+datetime.timedelta(days=7*week)
    out.append(ev(12288,16384,4,t,["0x00000000, 0x00000000, kms01.contoso.com:1688, %s, %s, 0, 1, %d, %s, 25"%(cmid,t.strftime('%Y/%m/%d %H:%M'),259200-week*10080,act)]))
    out.append(ev(12289,16384,4,t+datetime.timedelta(seconds=1),["0x00000000, 0x00000000, 1, 0, 31, 120, 10080, %s"%t.strftime('%Y/%m/%d %H:%M')]))
start=t0+datetime.timedelta(days=21)
for i in range(0,72,12):
    t=start+datetime.timedelta(hours=i)
    out.append(ev(12288,16384,4,t,["0x00000000, 0x00000000, kms01.contoso.com:1688, %s, %s, 0, 1, %d, %s, 25"%(cmid,t.strftime('%Y/%m/%d %H:%M'),226000-i*60,act)]))
    out.append(ev(8198,49152,2,t+datetime.timedelta(seconds=30),["hr=0xC004F074","RuleId=eeba1977-569e-4571-b639-7623d8bfecc0;Action=AutoActivate;AppId=55c92734-d682-4d71-983e-d6ec3f16059f;SkuId=%s;NotificationInterval=1440;Trigger=TimerEvent"%act]))
out.append(ev(8200,49152,2,start+datetime.timedelta(hours=1),["hr=0x80072EE7"]))
print("\n".join(out))
