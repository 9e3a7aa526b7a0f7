# Constructed KMS host log (wevtutil qe /f:xml form) from the documented 12290/12293 layouts.
import datetime, uuid
NS="http://schemas.microsoft.com/win/2004/08/events/event"
rid=[1000]
def ev(prov, guid, eid, qual, level, t, chan, comp, datas):
    rid[0]+=1
    d="".join("<Data>%s</Data>"%x for x in datas)
    pa = ("Name='%s' Guid='%s' EventSourceName='Software Protection Platform Service'" % (prov, guid)) if guid else "Name='%s'" % prov
    return ("<Event xmlns='%s'><System><Provider %s/>"
      "<EventID Qualifiers='%d'>%d</EventID><Version>0</Version><Level>%d</Level><Task>0</Task><Opcode>0</Opcode>"
      "<Keywords>0x80000000000000</Keywords><TimeCreated SystemTime='%s'/><EventRecordID>%d</EventRecordID>"
      "<Correlation/><Execution ProcessID='0' ThreadID='0'/><Channel>%s</Channel><Computer>%s</Computer><Security/></System>"
      "<EventData>%s</EventData></Event>") % (NS,pa,qual,eid,level,t.strftime('%Y-%m-%dT%H:%M:%S.0000000Z'),rid[0],chan,comp,d)
SLC=("Microsoft-Windows-Security-Licensing-SLC","")
SPP=("Microsoft-Windows-Security-SPP","{E23B33B0-C8C9-472C-A5F9-F2BDFEA0F156}")
host="KMS01.contoso.com"
start=datetime.datetime(2026,10,1,8,0)
clients=[]
for i in range(1,7): clients.append(("SRV%02d.contoso.com"%i,5,"00000000-0000-4000-8000-%012d"%(100+i)))
for i in range(1,9): clients.append(("WS%02d.contoso.com"%i,25,"00000000-0000-4000-8000-%012d"%(200+i)))
# WS07 and WS08 were cloned from one image that was not generalised: same CMID.
clients[-1]=(clients[-1][0],25,clients[-2][2])
out=[]
server_act="ef6cfc9f-8c5d-44ac-9aad-de6a2ea0ae03"; ws_act="73111121-5638-40f6-bc11-f1d7b0d64300"
for day in range(0,40,4):
    for n,(name,req,cmid) in enumerate(clients):
        t=start+datetime.timedelta(days=day,minutes=7*n)
        hr="0x0" if req==5 else "0xC004F038"
        act=server_act if req==5 else ws_act
        state=1 if req==5 else 2
        left=259200 if req==5 else 43200-day*1440
        info="%s,%d,%s,%s,%s,0,%d,%d,%s"%(hr,req,name,cmid,t.strftime('%Y/%m/%d %H:%M'),state,left,act)
        out.append(ev(SLC[0],SLC[1],12290,16384,4,t,"Key Management Service",host,[info]))
for day in (0,20,39):
    t=start+datetime.timedelta(days=day,minutes=1)
    out.append(ev(SPP[0],SPP[1],12293,49152,3,t,"Application",host,["0x8007267C","contoso.com"]))
print("\n".join(out))
