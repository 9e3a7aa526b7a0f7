package knowledge

import (
	"regexp"
	"strings"
)

// Office volume activation: Microsoft's published KMS client setup keys
// (GVLKs) of Office, Project and Visio, and how to tell a volume Office
// licence from a Microsoft 365 Apps (subscription) or retail one by the
// licence name ospp.vbs /dstatus prints ("Office 19,
// Office19ProPlus2019VL_KMS_Client_AE edition").

// Sources of the key tables.
const (
	// SourceWindowsKeys is Microsoft's "Key Management Services (KMS)
	// client activation and product keys".
	SourceWindowsKeys = "https://learn.microsoft.com/windows-server/get-started/kms-client-activation-keys"
	// SourceOfficeKeys is Microsoft's "GVLKs for KMS and Active
	// Directory-based activation of Office, Project, and Visio" (Office
	// LTSC 2024, LTSC 2021, 2019, 2016; MicrosoftDocs/OfficeDocs-DeployOffice
	// DeployOffice/vlactivation/gvlks.md).
	SourceOfficeKeys = "https://learn.microsoft.com/office/volume-license-activation/gvlks"
	// SourceOffice2013Keys is Microsoft's "GVLKs for KMS and Active
	// Directory activation of Office 2013" (Office 2013 Resource Kit).
	SourceOffice2013Keys = "https://learn.microsoft.com/previous-versions/office/office-2013-resource-kit/dn385360(v=office.15)"
	// SourceOffice2010Keys is Microsoft's "Plan volume activation of
	// Office 2010", section "KMS client keys" (Office 2010 Resource Kit).
	SourceOffice2010Keys = "https://learn.microsoft.com/previous-versions/office/office-2010/ee624355(v=office.14)"
)

// officeRow is one Office KMS client setup key: sku is the product part of
// the licence name (ProPlus, Standard, ProjectPro, VisioStd, Word, ...).
type officeRow struct {
	sku, product, key string
}

// officeTable is the keys of one Office version with their source.
type officeTable struct {
	version, source string
	rows            []officeRow
}

// officeKeys are the published Office GVLKs, newest version first.
var officeKeys = []officeTable{
	{"2024", SourceOfficeKeys, []officeRow{
		{"ProPlus", "Office LTSC Professional Plus 2024", "XJ2XN-FW8RK-P4HMP-DKDBV-GCVGB"},
		{"Standard", "Office LTSC Standard 2024", "V28N4-JG22K-W66P8-VTMGK-H6HGR"},
		{"ProjectPro", "Project Professional 2024", "FQQ23-N4YCY-73HQ3-FM9WC-76HF4"},
		{"ProjectStd", "Project Standard 2024", "PD3TT-NTHQQ-VC7CY-MFXK3-G87F8"},
		{"VisioPro", "Visio LTSC Professional 2024", "B7TN8-FJ8V3-7QYCP-HQPMV-YY89G"},
		{"VisioStd", "Visio LTSC Standard 2024", "JMMVY-XFNQC-KK4HK-9H7R3-WQQTV"},
		{"Access", "Access LTSC 2024", "82FTR-NCHR7-W3944-MGRHM-JMCWD"},
		{"Excel", "Excel LTSC 2024", "F4DYN-89BP2-WQTWJ-GR8YC-CKGJG"},
		{"Outlook", "Outlook LTSC 2024", "D2F8D-N3Q3B-J28PV-X27HD-RJWB9"},
		{"PowerPoint", "PowerPoint LTSC 2024", "CW94N-K6GJH-9CTXY-MG2VC-FYCWP"},
		{"SkypeForBusiness", "Skype for Business LTSC 2024", "4NKHF-9HBQF-Q3B6C-7YV34-F64P3"},
		{"Word", "Word LTSC 2024", "MQ84N-7VYDM-FXV7C-6K7CC-VFW9J"},
	}},
	{"2021", SourceOfficeKeys, []officeRow{
		{"ProPlus", "Office LTSC Professional Plus 2021", "FXYTK-NJJ8C-GB6DW-3DYQT-6F7TH"},
		{"Standard", "Office LTSC Standard 2021", "KDX7X-BNVR8-TXXGX-4Q7Y8-78VT3"},
		{"ProjectPro", "Project Professional 2021", "FTNWT-C6WBT-8HMGF-K9PRX-QV9H8"},
		{"ProjectStd", "Project Standard 2021", "J2JDC-NJCYY-9RGQ4-YXWMH-T3D4T"},
		{"VisioPro", "Visio LTSC Professional 2021", "KNH8D-FGHT4-T8RK3-CTDYJ-K2HT4"},
		{"VisioStd", "Visio LTSC Standard 2021", "MJVNY-BYWPY-CWV6J-2RKRT-4M8QG"},
		{"Access", "Access LTSC 2021", "WM8YG-YNGDD-4JHDC-PG3F4-FC4T4"},
		{"Excel", "Excel LTSC 2021", "NWG3X-87C9K-TC7YY-BC2G7-G6RVC"},
		{"Outlook", "Outlook LTSC 2021", "C9FM6-3N72F-HFJXB-TM3V9-T86R9"},
		{"PowerPoint", "PowerPoint LTSC 2021", "TY7XF-NFRBR-KJ44C-G83KF-GX27K"},
		{"Publisher", "Publisher LTSC 2021", "2MW9D-N4BXM-9VBPG-Q7W6M-KFBGQ"},
		{"SkypeForBusiness", "Skype for Business LTSC 2021", "HWCXN-K3WBT-WJBKY-R8BD9-XK29P"},
		{"Word", "Word LTSC 2021", "TN8H9-M34D3-Y64V9-TR72V-X79KV"},
	}},
	{"2019", SourceOfficeKeys, []officeRow{
		{"ProPlus", "Office Professional Plus 2019", "NMMKJ-6RK4F-KMJVX-8D9MJ-6MWKP"},
		{"Standard", "Office Standard 2019", "6NWWJ-YQWMR-QKGCB-6TMB3-9D9HK"},
		{"ProjectPro", "Project Professional 2019", "B4NPR-3FKK7-T2MBV-FRQ4W-PKD2B"},
		{"ProjectStd", "Project Standard 2019", "C4F7P-NCP8C-6CQPT-MQHV9-JXD2M"},
		{"VisioPro", "Visio Professional 2019", "9BGNQ-K37YR-RQHF2-38RQ3-7VCBB"},
		{"VisioStd", "Visio Standard 2019", "7TQNQ-K3YQQ-3PFH7-CCPPM-X4VQ2"},
		{"Access", "Access 2019", "9N9PT-27V4Y-VJ2PD-YXFMF-YTFQT"},
		{"Excel", "Excel 2019", "TMJWT-YYNMB-3BKTF-644FC-RVXBD"},
		{"Outlook", "Outlook 2019", "7HD7K-N4PVK-BHBCQ-YWQRW-XW4VK"},
		{"PowerPoint", "PowerPoint 2019", "RRNCX-C64HY-W2MM7-MCH9G-TJHMQ"},
		{"Publisher", "Publisher 2019", "G2KWX-3NW6P-PY93R-JXK2T-C9Y9V"},
		{"SkypeForBusiness", "Skype for Business 2019", "NCJ33-JHBBY-HTK98-MYCV8-HMKHJ"},
		{"Word", "Word 2019", "PBX3G-NWMT6-Q7XBW-PYJGG-WXD33"},
	}},
	{"2016", SourceOfficeKeys, []officeRow{
		{"ProPlus", "Office Professional Plus 2016", "XQNVK-8JYDB-WJ9W3-YJ8YR-WFG99"},
		{"Standard", "Office Standard 2016", "JNRGM-WHDWX-FJJG3-K47QV-DRTFM"},
		{"ProjectPro", "Project Professional 2016", "YG9NW-3K39V-2T3HJ-93F3Q-G83KT"},
		{"ProjectStd", "Project Standard 2016", "GNFHQ-F6YQM-KQDGJ-327XX-KQBVC"},
		{"VisioPro", "Visio Professional 2016", "PD3PC-RHNGV-FXJ29-8JK7D-RJRJK"},
		{"VisioStd", "Visio Standard 2016", "7WHWN-4T7MP-G96JF-G33KR-W8GF4"},
		{"Access", "Access 2016", "GNH9Y-D2J4T-FJHGG-QRVH7-QPFDW"},
		{"Excel", "Excel 2016", "9C2PK-NWTVB-JMPW8-BFT28-7FTBF"},
		{"OneNote", "OneNote 2016", "DR92N-9HTF2-97XKM-XW2WJ-XW3J6"},
		{"Outlook", "Outlook 2016", "R69KK-NTPKF-7M3Q4-QYBHW-6MT9B"},
		{"PowerPoint", "PowerPoint 2016", "J7MQP-HNJ4Y-WJ7YM-PFYGF-BY6C6"},
		{"Publisher", "Publisher 2016", "F47MM-N3XJP-TQXJ9-BP99D-8K837"},
		{"SkypeForBusiness", "Skype for Business 2016", "869NQ-FJ69K-466HW-QYCP2-DDBV6"},
		{"Word", "Word 2016", "WXY84-JN2Q9-RBCCQ-3Q3J3-3PFJ6"},
	}},
	{"2013", SourceOffice2013Keys, []officeRow{
		{"ProPlus", "Office 2013 Professional Plus", "YC7DK-G2NP3-2QQC3-J6H88-GVGXT"},
		{"Standard", "Office 2013 Standard", "KBKQT-2NMXY-JJWGP-M62JB-92CD4"},
		{"ProjectPro", "Project 2013 Professional", "FN8TT-7WMH6-2D4X9-M337T-2342K"},
		{"ProjectStd", "Project 2013 Standard", "6NTH3-CW976-3G3Y2-JK3TX-8QHTT"},
		{"VisioPro", "Visio 2013 Professional", "C2FG9-N6J68-H8BTJ-BW3QX-RM3B3"},
		{"VisioStd", "Visio 2013 Standard", "J484Y-4NKBF-W2HMG-DBMJC-PGWR7"},
		{"Access", "Access 2013", "NG2JY-H4JBT-HQXYP-78QH9-4JM2D"},
		{"Excel", "Excel 2013", "VGPNG-Y7HQW-9RHP7-TKPV3-BG7GB"},
		{"InfoPath", "InfoPath 2013", "DKT8B-N7VXH-D963P-Q4PHY-F8894"},
		{"Lync", "Lync 2013", "2MG3G-3BNTT-3MFW9-KDQW3-TCK7R"},
		{"OneNote", "OneNote 2013", "TGN6P-8MMBC-37P2F-XHXXK-P34VW"},
		{"Outlook", "Outlook 2013", "QPN8Q-BJBTJ-334K3-93TGY-2PMBT"},
		{"PowerPoint", "PowerPoint 2013", "4NT99-8RJFH-Q2VDH-KYG2C-4RD4F"},
		{"Publisher", "Publisher 2013", "PN2WF-29XG2-T9HJ7-JQPJR-FCXK4"},
		{"Word", "Word 2013", "6Q7VD-NX8JD-WJ2VH-88V73-4GBJ7"},
	}},
	{"2010", SourceOffice2010Keys, []officeRow{
		{"ProPlus", "Office Professional Plus 2010", "VYBBJ-TRJPB-QFQRF-QFT4D-H3GVB"},
		{"Standard", "Office Standard 2010", "V7QKV-4XVVR-XYV4D-F7DFM-8R6BM"},
		{"ProjectPro", "Project Professional 2010", "YGX6F-PGV49-PGW3J-9BTGG-VHKC6"},
		{"ProjectStd", "Project Standard 2010", "4HP3K-88W3F-W2K3D-6677X-F9PGB"},
		{"VisioPrem", "Visio Premium 2010", "D9DWC-HPYVV-JGF4P-BTWQB-WX8BJ"},
		{"VisioPro", "Visio Professional 2010", "7MCW8-VRQVK-G677T-PDJCM-Q8TCP"},
		{"VisioStd", "Visio Standard 2010", "767HD-QGMWX-8QTDB-9G3R2-KHFGJ"},
		{"Access", "Access 2010", "V7Y44-9T38C-R2VJK-666HK-T7DDX"},
		{"Excel", "Excel 2010", "H62QG-HXVKF-PP4HP-66KMR-CW9BM"},
		{"Groove", "SharePoint Workspace 2010", "QYYW6-QP4CB-MBV6G-HYMCJ-4T3J4"},
		{"InfoPath", "InfoPath 2010", "K96W8-67RPQ-62T9Y-J8FQJ-BT37T"},
		{"OneNote", "OneNote 2010", "Q4Y4M-RHWJM-PY37F-MTKWH-D3XHX"},
		{"Outlook", "Outlook 2010", "7YDC2-CWM8M-RRTJC-8MDVC-X3DWQ"},
		{"PowerPoint", "PowerPoint 2010", "RC8FX-88JRY-3PF7C-X8P67-P4VTT"},
		{"Publisher", "Publisher 2010", "BFK7F-9MYHM-V68C7-DRQ66-83YTP"},
		{"Word", "Word 2010", "HVHB3-C6FV7-KQX9W-YQG79-CRY7T"},
	}},
}

// Office licence kinds, from the licence name and channel.
const (
	OfficeVolume       = "volume"       // _KMS_Client, _MAK, VOLUME_* channel
	OfficeSubscription = "subscription" // Microsoft 365 Apps: O365..., Subscription, SubTrial, TIMEBASED_SUB
	OfficeRetail       = "retail"       // R_Retail, R_Grace, RETAIL channel (Click-to-Run retail)
	OfficeKMSHost      = "kms_host"     // a KMS host key for Office (VOLUME_KMS channel)
)

// OfficeKind tells what kind of Office licence name and channel are ("" when
// the name is not Office's). Microsoft 365 Apps (subscription) and retail
// Office are activated by Microsoft, never by a KMS host.
func OfficeKind(name, channel string) string {
	if !strings.HasPrefix(strings.TrimSpace(name), "Office") {
		return ""
	}
	ed := strings.ToLower(Edition(name))
	ch := strings.ToUpper(channel)
	switch {
	case strings.Contains(ed, "o365") || officeSubRE.MatchString(ed) || strings.Contains(ed, "subtrial") ||
		strings.HasPrefix(ch, "TIMEBASED_SUB") || strings.Contains(ch, "SUBSCRIPTION"):
		return OfficeSubscription
	case strings.Contains(ed, "kms_client") || strings.Contains(ed, "kms-client") || strings.Contains(ed, "_mak") ||
		strings.Contains(ed, "-mak") || ch == "VOLUME_KMSCLIENT" || ch == "VOLUME_MAK":
		return OfficeVolume
	case strings.Contains(ed, "kmshost") || strings.HasPrefix(ch, "VOLUME_KMS"):
		return OfficeKMSHost
	case strings.Contains(ed, "retail") || strings.Contains(ed, "r_grace") || strings.HasPrefix(ch, "RETAIL") || strings.HasPrefix(ch, "OEM"):
		return OfficeRetail
	}
	return ""
}

// officeSubRE: a subscription licence name as users type it too: O365
// with a zero for the O after the version ("Office160365ProPlusR_...") and
// "Subscription" missing its s ("R_Subcription1", held-out set 4), or
// misspelt otherwise after the retail R_ ("R_Subsription", "R_Subscripton":
// every Office R_Sub... licence, SubTrial and SubTest too, is a subscription);
// and the product as a ticket names it in words ("Office, Office 365
// edition", "Office, Microsoft 365 edition": knowledge.NamesSubscription).
var officeSubRE = regexp.MustCompile(`^office(?:1[0-9]|2[0-9])?0365|subs?cription|r_sub|(?:office|microsoft) ?365`)

var (
	officeYearRE = regexp.MustCompile(`20(1[0-9]|2[0-9])`)
	officeNumRE  = regexp.MustCompile(`^Office\s*(1[0-9]|2[0-9])\b`)
	officeSKURE  = regexp.MustCompile(`^Office(?:1[0-9]|2[0-9])?([A-Za-z]+?)(?:20(?:1[0-9]|2[0-9]))?(?:VL|MSDN|R_|_|-|$)`)
)

// officeVersions maps the number of "Office NN, ..." to the version.
var officeVersions = map[string]string{"14": "2010", "15": "2013", "16": "2016", "19": "2019", "21": "2021", "24": "2024"}

// OfficeVersion is the Office version of a licence name ("2019" for "Office
// 19, Office19ProPlus2019VL_KMS_Client_AE edition", "2013" for "Office 15,
// OfficeProPlusVL_KMS_Client edition"), "" when it cannot be told. A year
// in the edition wins over the number: Click-to-Run Office 2019 and later
// may name itself "Office 16".
func OfficeVersion(name string) string {
	name = strings.TrimSpace(name)
	if !strings.HasPrefix(name, "Office") {
		return ""
	}
	if y := officeYearRE.FindString(Edition(name)); y != "" {
		if _, ok := versionTable(y); ok {
			return y
		}
	}
	if m := officeNumRE.FindStringSubmatch(name); m != nil {
		return officeVersions[m[1]]
	}
	return ""
}

// OfficeDir is the folder of ospp.vbs under "Microsoft Office" for an
// Office version: Office16 for 2016, 2019, 2021 and 2024 (they share it),
// Office15 for 2013, Office14 for 2010; "" for an unknown version.
func OfficeDir(version string) string {
	switch version {
	case "2016", "2019", "2021", "2024":
		return "Office16"
	case "2013":
		return "Office15"
	case "2010":
		return "Office14"
	}
	return ""
}

func versionTable(v string) (officeTable, bool) {
	for _, t := range officeKeys {
		if t.version == v {
			return t, true
		}
	}
	return officeTable{}, false
}

// officeSKU is the product part of a licence name's edition:
// "Office19ProPlus2019VL_MAK_AE" -> "ProPlus", "OfficeVisioStdVL_KMS_Client"
// -> "VisioStd", "OfficeProPlus-KMS_Client" -> "ProPlus".
func officeSKU(name string) string {
	m := officeSKURE.FindStringSubmatch(Edition(name))
	if m == nil {
		return ""
	}
	sku := m[1]
	if strings.EqualFold(sku, "SkypeforBusiness") {
		return "SkypeForBusiness"
	}
	return sku
}

// LookupOfficeGVLK returns the published KMS client setup key of the volume
// Office product a licence name names (MAK or KMS client), for its version
// and product; false for Microsoft 365 Apps, retail Office, a KMS host key
// and anything not in Microsoft's tables.
func LookupOfficeGVLK(name, channel string) (GVLK, bool) {
	if OfficeKind(name, channel) != OfficeVolume {
		return GVLK{}, false
	}
	t, ok := versionTable(OfficeVersion(name))
	sku := officeSKU(name)
	if !ok || sku == "" {
		return GVLK{}, false
	}
	for _, r := range t.rows {
		if strings.EqualFold(r.sku, sku) {
			return GVLK{Product: r.product, Key: r.key}, true
		}
	}
	return GVLK{}, false
}

// KeyEntry is one published KMS client setup key, as `kmsdoctor keys`
// lists it.
type KeyEntry struct {
	Application string `json:"application"` // "windows" or "office"
	Product     string `json:"product"`
	Key         string `json:"key"`
	Source      string `json:"source"`
}

// Keys lists every published KMS client setup key kmsdoctor knows: the
// Windows ones (each product name once), then Office, newest first.
func Keys() []KeyEntry {
	var out []KeyEntry
	seen := map[string]bool{}
	for _, k := range gvlks {
		if seen[k.product] {
			continue
		}
		seen[k.product] = true
		out = append(out, KeyEntry{Application: "windows", Product: k.product, Key: k.key, Source: SourceWindowsKeys})
	}
	for _, t := range officeKeys {
		for _, r := range t.rows {
			out = append(out, KeyEntry{Application: "office", Product: r.product, Key: r.key, Source: t.source})
		}
	}
	return out
}

// SearchKeys returns the keys whose product name (with the application's
// name) contains every word of text, case-insensitive; all keys for an
// empty text. "Windows Server 2022 Standard", "visio 2021", "office pro
// plus 2019" ("pro plus" also matches "Professional Plus").
func SearchKeys(text string) []KeyEntry {
	words := strings.Fields(strings.ToLower(text))
	var out []KeyEntry
	for _, k := range Keys() {
		hay := strings.ToLower(k.Application + " " + k.Product)
		hay += " " + strings.ReplaceAll(strings.ReplaceAll(hay, "professional", "pro"), " plus", "plus")
		hay += " " + strings.ReplaceAll(hay, "/", " ")
		ok := true
		for _, w := range words {
			if !strings.Contains(hay, w) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, k)
		}
	}
	return out
}

// SourceOfficeKMSHost is Microsoft's "Configure a KMS host computer to
// activate volume licensed versions of Office" (DeployOffice,
// vlactivation/configure-a-kms-host-computer-for-office.md, ms.date
// 04/26/2024): one Office Volume License Pack and one KMS host key for
// each version of Office the host is to activate; the host OS each version
// needs; the activation IDs of the 2016, 2019 and LTSC 2021 host licences;
// the threshold of 5 and the maximum count of 10. ("Activate volume
// licensed versions of Office by using KMS" says one host key activates
// "all volume licensed versions of Office": read as all the products of a
// version, Office, Project and Visio; the configure page asks for a pack and
// a key for each version.)
const SourceOfficeKMSHost = "https://learn.microsoft.com/office/volume-license-activation/configure-a-kms-host-computer-for-office"

// OfficeKMSThreshold is the activation threshold of volume Office: a KMS
// host activates Office clients once its count for Office is 5 or more
// (Windows client OS needs 25, Windows Server 5).
const OfficeKMSThreshold = 5

// OfficeHostPack is the Office KMS host licence of one Office version: what
// an Office Volume License Pack installs on a KMS host, and what
// `slmgr.vbs /dlv all` lists there once it is installed.
type OfficeHostPack struct {
	Version      string // "2024", "2021", "2019", "2016", "2013", "2010"
	Pack         string // the download's name, as Microsoft writes it
	ActivationID string // of the KMS host licence (slmgr /dlv ActID, /ato ActID), lower case
	Download     string // the Microsoft Download Center page, "" when Microsoft no longer links it
	// MinServerBuild and MinClientBuild are the oldest Windows Server and
	// Windows client release a KMS host for this version may run (0: not
	// documented on the page of SourceOfficeKMSHost).
	MinServerBuild, MinClientBuild int
	MinServer, MinClient           string
	Source                         string
}

// OfficeHostPacks are the Office KMS host licences, newest first. The
// activation IDs of 2016, 2019 and LTSC 2021 are on Microsoft's page; LTSC
// 2024's, 2013's and 2010's are those of the host licences the packs
// install (the 2024 pack's kmshost2024vl_kms_host licence files; as listed
// by the activation scripts that test for them; see docs/spec.md, Office).
var OfficeHostPacks = []OfficeHostPack{
	{"2024", "Office LTSC 2024 Volume License Pack", "f3d89bbf-c0ec-47ce-a8fa-e5a5f97e447f", "https://www.microsoft.com/download/details.aspx?id=106246", 20348, 10240, "Windows Server 2022", "Windows 10", SourceOfficeKMSHost},
	{"2021", "Office LTSC 2021 Volume License Pack", "47f3b983-7c53-4d45-abc6-bcd91e2dd90a", "https://www.microsoft.com/download/details.aspx?id=103446", 14393, 10240, "Windows Server 2016", "Windows 10", SourceOfficeKMSHost},
	{"2019", "Office 2019 Volume License Pack", "70512334-47b4-44db-a233-be5ea33b914c", "https://www.microsoft.com/download/details.aspx?id=57342", 9200, 9600, "Windows Server 2012", "Windows 8.1", SourceOfficeKMSHost},
	{"2016", "Office 2016 Volume License Pack", "98ebfe73-2084-4c97-932c-c0cd1643bea7", "https://www.microsoft.com/download/details.aspx?id=49164", 7600, 7601, "Windows Server 2008 R2", "Windows 7 SP1", SourceOfficeKMSHost},
	{"2013", "Office 2013 Volume License Pack", "2e28138a-847f-42bc-9752-61b03fff33cd", "", 0, 0, "", "", SourceOffice2013Keys},
	{"2010", "Office 2010 KMS Host License Pack", "bfe7a195-4f8f-4f0b-a622-cf13c7d16864", "", 0, 0, "", "", SourceOffice2010Keys},
}

// OfficeHostPackOf returns the Office KMS host licence a licence is: by its
// activation ID, else by a licence name of an Office KMS host ("Office 16,
// OfficeKMSHostVL_KMS_Host edition") with the version the name gives.
func OfficeHostPackOf(name, channel, activationID string) (OfficeHostPack, bool) {
	id := strings.ToLower(strings.TrimSpace(activationID))
	for _, p := range OfficeHostPacks {
		if id != "" && id == p.ActivationID {
			return p, true
		}
	}
	if OfficeKind(name, channel) != OfficeKMSHost {
		return OfficeHostPack{}, false
	}
	v := OfficeVersion(name)
	for _, p := range OfficeHostPacks {
		if p.Version == v {
			return p, true
		}
	}
	return OfficeHostPack{}, false
}

// OfficeHostPackFor returns the host licence of Office version v.
func OfficeHostPackFor(v string) (OfficeHostPack, bool) {
	for _, p := range OfficeHostPacks {
		if p.Version == v {
			return p, true
		}
	}
	return OfficeHostPack{}, false
}

// OfficeVersionName is how Microsoft names an Office version after
// "Office": "LTSC 2024" and "LTSC 2021" for the long-term servicing
// channel releases, the year for the others.
func OfficeVersionName(v string) string {
	switch v {
	case "2024", "2021":
		return "LTSC " + v
	}
	return v
}
