package knowledge

import (
	"strconv"
	"strings"
)

// Release is a Windows release identified by its build number.
type Release struct {
	Build  int
	Client string // client name, e.g. "Windows 11 (21H2)"; empty if no client shipped on the build
	Server string // server name, e.g. "Windows Server 2022"; empty if none
	// ServerGroup and ClientGroup are the KMS activation groups of the
	// release (see hostRequirements): "ws2025", "ws2022", "ws2019",
	// "ws2016", "sac", "ws2012r2", "ws2012", "ws2008r2", "ws2008" for
	// servers and "win11", "win10", "win81", "win8", "win7", "vista" for
	// clients.
	ServerGroup string
	ClientGroup string
}

// releases maps release builds to names (Microsoft's release information).
var releases = []Release{
	{Build: 6002, Client: "Windows Vista", Server: "Windows Server 2008", ServerGroup: "ws2008", ClientGroup: "vista"},
	{Build: 7600, Client: "Windows 7", Server: "Windows Server 2008 R2", ServerGroup: "ws2008r2", ClientGroup: "win7"},
	{Build: 7601, Client: "Windows 7 SP1", Server: "Windows Server 2008 R2 SP1", ServerGroup: "ws2008r2", ClientGroup: "win7"},
	{Build: 9200, Client: "Windows 8", Server: "Windows Server 2012", ServerGroup: "ws2012", ClientGroup: "win8"},
	{Build: 9600, Client: "Windows 8.1", Server: "Windows Server 2012 R2", ServerGroup: "ws2012r2", ClientGroup: "win81"},
	{Build: 10240, Client: "Windows 10 (1507, LTSB 2015)", ClientGroup: "win10"},
	{Build: 10586, Client: "Windows 10 (1511)", ClientGroup: "win10"},
	{Build: 14393, Client: "Windows 10 (1607, LTSB 2016)", Server: "Windows Server 2016", ServerGroup: "ws2016", ClientGroup: "win10"},
	{Build: 15063, Client: "Windows 10 (1703)", ClientGroup: "win10"},
	{Build: 16299, Client: "Windows 10 (1709)", Server: "Windows Server 1709", ServerGroup: "sac", ClientGroup: "win10"},
	{Build: 17134, Client: "Windows 10 (1803)", Server: "Windows Server 1803", ServerGroup: "sac", ClientGroup: "win10"},
	{Build: 17763, Client: "Windows 10 (1809, LTSC 2019)", Server: "Windows Server 2019", ServerGroup: "ws2019", ClientGroup: "win10"},
	{Build: 18362, Client: "Windows 10 (1903)", Server: "Windows Server 1903", ServerGroup: "sac", ClientGroup: "win10"},
	{Build: 18363, Client: "Windows 10 (1909)", Server: "Windows Server 1909", ServerGroup: "sac", ClientGroup: "win10"},
	{Build: 19041, Client: "Windows 10 (2004)", Server: "Windows Server 2004", ServerGroup: "sac", ClientGroup: "win10"},
	{Build: 19042, Client: "Windows 10 (20H2)", Server: "Windows Server 20H2", ServerGroup: "sac", ClientGroup: "win10"},
	{Build: 19043, Client: "Windows 10 (21H1)", ClientGroup: "win10"},
	{Build: 19044, Client: "Windows 10 (21H2, LTSC 2021)", ClientGroup: "win10"},
	{Build: 19045, Client: "Windows 10 (22H2)", ClientGroup: "win10"},
	{Build: 20348, Server: "Windows Server 2022", ServerGroup: "ws2022"},
	{Build: 22000, Client: "Windows 11 (21H2)", ClientGroup: "win11"},
	{Build: 22621, Client: "Windows 11 (22H2)", ClientGroup: "win11"},
	{Build: 22631, Client: "Windows 11 (23H2)", ClientGroup: "win11"},
	{Build: 26100, Client: "Windows 11 (24H2, LTSC 2024)", Server: "Windows Server 2025", ServerGroup: "ws2025", ClientGroup: "win11"},
	{Build: 26200, Client: "Windows 11 (25H2)", ClientGroup: "win11"},
}

// ReleaseOf returns the release of build (e.g. "14393" or "10.0.14393.0").
func ReleaseOf(build string) (Release, bool) {
	b := build
	if f := strings.Split(build, "."); len(f) >= 3 {
		b = f[2]
	}
	n, err := strconv.Atoi(strings.TrimSpace(b))
	if err != nil {
		return Release{}, false
	}
	for _, r := range releases {
		if r.Build == n {
			return r, true
		}
	}
	return Release{}, false
}

// GVLK is one published KMS client setup key.
type GVLK struct {
	Product string // Microsoft's product name
	Key     string
}

// gvlkRow: edition is the SKU name slmgr prints in "Name: Windows(R),
// <edition> edition" (case-insensitive); group is the release group.
type gvlkRow struct {
	group, edition, product, key string
}

// Microsoft's KMS client setup keys (learn.microsoft.com/windows-server/
// get-started/kms-client-activation-keys; research/activation-facts.md 2.4).
var gvlks = []gvlkRow{
	{"ws2025", "ServerStandard", "Windows Server 2025 Standard", "TVRH6-WHNXV-R9WG3-9XRFY-MY832"},
	{"ws2025", "ServerDatacenter", "Windows Server 2025 Datacenter", "D764K-2NDRG-47T6Q-P8T8W-YP6DF"},
	{"ws2025", "ServerTurbine", "Windows Server 2025 Datacenter: Azure Edition", "XGN3F-F394H-FD2MY-PP6FD-8MCRC"},
	{"ws2022", "ServerStandard", "Windows Server 2022 Standard", "VDYBN-27WPP-V4HQT-9VMD4-VMK7H"},
	{"ws2022", "ServerDatacenter", "Windows Server 2022 Datacenter", "WX4NM-KYWYW-QJJR4-XV3QB-6VM33"},
	{"ws2022", "ServerTurbine", "Windows Server 2022 Datacenter: Azure Edition", "NTBV8-9K7Q8-V27C6-M2BTV-KHMXV"},
	{"ws2019", "ServerStandard", "Windows Server 2019 Standard", "N69G4-B89J2-4G8F4-WWYCC-J464C"},
	{"ws2019", "ServerDatacenter", "Windows Server 2019 Datacenter", "WMDGN-G9PQG-XVVXX-R3X43-63DFG"},
	{"ws2019", "ServerSolution", "Windows Server 2019 Essentials", "WVDHN-86M7X-466P6-VHXV7-YY726"},
	{"ws2016", "ServerStandard", "Windows Server 2016 Standard", "WC2BQ-8NRM3-FDDYY-2BFGV-KHKQY"},
	{"ws2016", "ServerDatacenter", "Windows Server 2016 Datacenter", "CB7KF-BWN84-R7R2Y-793K2-8XDDG"},
	{"ws2016", "ServerSolution", "Windows Server 2016 Essentials", "JCKRF-N37P4-C2D82-9YXRT-4M63B"},
	{"sac", "ServerStandard", "Windows Server (Semi-Annual Channel) Standard", "N2KJX-J94YW-TQVFB-DG9YT-724CC"},
	{"sac", "ServerDatacenter", "Windows Server (Semi-Annual Channel) Datacenter", "6NMRW-2C8FM-D24W7-TQWMY-CWH2D"},
	{"ws2012r2", "ServerStandard", "Windows Server 2012 R2 Standard", "D2N9P-3P6X9-2R39C-7RTCD-MDVJX"},
	{"ws2012r2", "ServerDatacenter", "Windows Server 2012 R2 Datacenter", "W3GGN-FT8W3-Y4M27-J84CP-Q3VJ9"},
	{"ws2012r2", "ServerSolution", "Windows Server 2012 R2 Essentials", "KNC87-3J2TX-XB4WP-VCPJV-M4FWM"},
	{"ws2012", "ServerStandard", "Windows Server 2012 Standard", "XC9B7-NBPP2-83J2H-RHMBY-92BT4"},
	{"ws2012", "ServerDatacenter", "Windows Server 2012 Datacenter", "48HP8-DN98B-MYWDG-T2DCC-8W83P"},
	{"ws2012", "ServerSolution", "Windows Server 2012 Essentials", "HTDQM-NBMMG-KGYDT-2DTKT-J2MPV"},
	// Windows 10 and 11 share their keys.
	{"win10+", "Professional", "Windows 11/10 Pro", "W269N-WFGWX-YVC9B-4J6C9-T83GX"},
	{"win10+", "ProfessionalN", "Windows 11/10 Pro N", "MH37W-N47XK-V7XM9-C7227-GCQG9"},
	{"win10+", "ProfessionalWorkstation", "Windows 11/10 Pro for Workstations", "NRG8B-VKK3Q-CXVCJ-9G2XF-6Q84J"},
	{"win10+", "ProfessionalWorkstationN", "Windows 11/10 Pro for Workstations N", "9FNHH-K3HBT-3W4TD-6383H-6XYWF"},
	{"win10+", "ProfessionalEducation", "Windows 11/10 Pro Education", "6TP4R-GNPTD-KYYHQ-7B7DP-J447Y"},
	{"win10+", "ProfessionalEducationN", "Windows 11/10 Pro Education N", "YVWGF-BXNMC-HTQYQ-CPQ99-66QFC"},
	{"win10+", "Education", "Windows 11/10 Education", "NW6C2-QMPVW-D7KKK-3GKT6-VCFB2"},
	{"win10+", "EducationN", "Windows 11/10 Education N", "2WH4N-8QGBV-H22JP-CT43Q-MDWWJ"},
	{"win10+", "Enterprise", "Windows 11/10 Enterprise", "NPPR9-FWDCX-D2C8J-H872K-2YT43"},
	{"win10+", "EnterpriseN", "Windows 11/10 Enterprise N", "DPH2V-TTNVB-4X9Q3-TJR4H-KHJW4"},
	{"win10+", "EnterpriseG", "Windows 11/10 Enterprise G", "YYVX9-NTFWV-6MDM3-9PT4T-4M68B"},
	{"win10+", "EnterpriseGN", "Windows 11/10 Enterprise G N", "44RPN-FTY23-9VTTB-MP9BX-T84FV"},
	// LTSC/LTSB keys depend on the release build.
	{"b26100", "EnterpriseS", "Windows 11 Enterprise LTSC 2024", "M7XTQ-FN8P6-TTKYV-9D4CC-J462D"},
	{"b26100", "EnterpriseSN", "Windows 11 Enterprise N LTSC 2024", "92NFX-8DJQP-P6BBQ-THF9C-7CG2H"},
	{"b26100", "IoTEnterpriseS", "Windows IoT Enterprise LTSC 2024", "KBN8V-HFGQ4-MGXVD-347P6-PDQGT"},
	{"b19044", "EnterpriseS", "Windows 10 Enterprise LTSC 2021", "M7XTQ-FN8P6-TTKYV-9D4CC-J462D"},
	{"b19044", "EnterpriseSN", "Windows 10 Enterprise N LTSC 2021", "92NFX-8DJQP-P6BBQ-THF9C-7CG2H"},
	{"b19044", "IoTEnterpriseS", "Windows IoT Enterprise LTSC 2021", "KBN8V-HFGQ4-MGXVD-347P6-PDQGT"},
	{"b17763", "EnterpriseS", "Windows 10 Enterprise LTSC 2019", "M7XTQ-FN8P6-TTKYV-9D4CC-J462D"},
	{"b17763", "EnterpriseSN", "Windows 10 Enterprise N LTSC 2019", "92NFX-8DJQP-P6BBQ-THF9C-7CG2H"},
	{"b14393", "EnterpriseS", "Windows 10 Enterprise LTSB 2016", "DCPHK-NFMTC-H88MJ-PFHPY-QJ4BJ"},
	{"b14393", "EnterpriseSN", "Windows 10 Enterprise N LTSB 2016", "QFFDN-GRT3P-VKWWX-X7T3R-8B639"},
	{"b10240", "EnterpriseS", "Windows 10 Enterprise LTSB 2015", "WNMTR-4C88C-JK8YV-HQ7T2-76DF9"},
	{"b10240", "EnterpriseSN", "Windows 10 Enterprise N LTSB 2015", "2F77B-TNFGY-69QQF-B8YKP-D69TJ"},
	// Older clients (same Microsoft page, "Windows 8.1" and "Windows 7").
	{"win81", "Professional", "Windows 8.1 Pro", "GCRJD-8NW9H-F2CDX-CCM8D-9D6T9"},
	{"win81", "ProfessionalN", "Windows 8.1 Pro N", "HMCNV-VVBFX-7HMBH-CTY9B-B4FXY"},
	{"win81", "Enterprise", "Windows 8.1 Enterprise", "MHF9N-XY6XB-WVXMC-BTDCT-MKKG7"},
	{"win81", "EnterpriseN", "Windows 8.1 Enterprise N", "TT4HM-HN7YT-62K67-RGRQJ-JFFXW"},
	{"win7", "Professional", "Windows 7 Professional", "FJ82H-XT6CR-J8D7P-XQJJ2-GPDD4"},
	{"win7", "ProfessionalN", "Windows 7 Professional N", "MRPKT-YTG23-K7D7T-X2JMM-QY7MG"},
	{"win7", "Enterprise", "Windows 7 Enterprise", "33PXH-7Y6KF-2VJC9-XBBR8-HVTHH"},
	{"win7", "EnterpriseN", "Windows 7 Enterprise N", "YDRBP-3D83W-TY26F-D46B2-XCKRJ"},
}

// Edition returns the SKU edition of an slmgr product name:
// "Windows(R), ServerStandard edition" -> "ServerStandard".
func Edition(name string) string {
	name = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(name), ":"))
	i := strings.LastIndex(name, ",")
	if i < 0 || !strings.HasSuffix(strings.ToLower(name), " edition") {
		return ""
	}
	return strings.TrimSpace(strings.TrimSuffix(name[i+1:], " edition"))
}

// IsServerEdition reports whether the edition is a Windows Server SKU.
func IsServerEdition(ed string) bool { return strings.HasPrefix(strings.ToLower(ed), "server") }

// isLTSC reports whether the edition is Enterprise LTSC/LTSB (EnterpriseS,
// EnterpriseSN), whose key and host depend on the release build.
func isLTSC(ed string) bool { return strings.HasPrefix(strings.ToLower(ed), "enterprises") }

// LookupGVLK returns the KMS client setup key for an slmgr product name and
// release build ("" when unknown). A "Windows(R) 7, ..." style name gives the
// release when the build is missing.
func LookupGVLK(name, build string) (GVLK, bool) {
	ed := Edition(name)
	if ed == "" {
		return GVLK{}, false
	}
	var groups []string
	r, ok := ReleaseOf(build)
	switch {
	case ok && IsServerEdition(ed):
		groups = []string{r.ServerGroup}
	case ok:
		groups = []string{"b" + strconv.Itoa(r.Build)}
		if r.Build >= 10240 {
			groups = append(groups, "win10+")
		} else {
			groups = append(groups, r.ClientGroup)
		}
	case strings.Contains(name, "Windows(R) 7"):
		groups = []string{"win7"}
	case strings.Contains(name, "Windows(R) 8.1"):
		groups = []string{"win81"}
	case !IsServerEdition(ed) && !isLTSC(ed):
		// Windows 10/11 editions share keys: the build is not needed.
		groups = []string{"win10+"}
	}
	for _, g := range groups {
		for _, k := range gvlks {
			if k.group == g && strings.EqualFold(k.edition, ed) {
				return GVLK{Product: k.product, Key: k.key}, true
			}
		}
	}
	return GVLK{}, false
}

// serverOrder ranks server groups by age.
var serverOrder = map[string]int{"ws2008": 1, "ws2008r2": 2, "ws2012": 3, "ws2012r2": 4, "ws2016": 5, "sac": 5, "ws2019": 6, "ws2022": 7, "ws2025": 8}

// HostRequirement says which KMS host a client release needs.
type HostRequirement struct {
	MinHost string // server group, e.g. "ws2016"
	// Updates lists host group -> the update that host needs to activate
	// this client (when it is old enough to be allowed at all).
	Updates map[string]string
}

// hostRequirements gives, per client release group, the oldest KMS host
// release group that can activate it and the update that host needs
// (Microsoft, "Plan for volume activation", activation versions; research
// 2.5).
var hostRequirements = map[string]HostRequirement{
	"ws2025": {MinHost: "ws2019", Updates: map[string]string{"ws2019": "KB5034768", "ws2022": "KB5034765"}},
	"ws2022": {MinHost: "ws2016", Updates: map[string]string{"ws2016": "KB5003638", "ws2019": "KB5003646"}},
	"win11":  {MinHost: "ws2016", Updates: map[string]string{"ws2016": "KB5003638", "ws2019": "KB5003646"}},
	"ws2019": {MinHost: "ws2012r2", Updates: map[string]string{"ws2012r2": "KB4467695", "ws2016": "KB4478877"}},
	"ws2016": {MinHost: "ws2012", Updates: map[string]string{"ws2012": "KB3172615", "ws2012r2": "KB3172614"}},
	"win10":  {MinHost: "ws2012", Updates: map[string]string{"ws2012": "KB3172615", "ws2012r2": "KB3172614", "ws2008r2": "KB3079821"}},
}

// ClientGroupOf returns the activation group of a client product: its server
// group for server editions, its client group otherwise. A Windows 11 LTSC
// 2024 client (build 26100, EnterpriseS) needs the same host as Windows
// Server 2025.
func ClientGroupOf(edition, build string) string {
	r, ok := ReleaseOf(build)
	if !ok {
		return ""
	}
	if IsServerEdition(edition) {
		return r.ServerGroup
	}
	if r.Build >= 26100 && isLTSC(edition) {
		return "ws2025"
	}
	if r.ClientGroup == "win10" && r.Build >= 17763 && isLTSC(edition) {
		return "ws2019"
	}
	return r.ClientGroup
}

// HostCanServe reports whether a KMS host of server group host can activate
// a client of group client, and the update it needs when it can only with
// one. ok is false for a host too old; known is false when either group is
// not in the matrix.
func HostCanServe(host, client string) (ok bool, update string, known bool) {
	req, found := hostRequirements[client]
	ho, hfound := serverOrder[host]
	if !found || !hfound {
		return true, "", false
	}
	if ho < serverOrder[req.MinHost] {
		return false, "", true
	}
	return true, req.Updates[host], true
}

// ClientGroupName names a client activation group (of ClientGroupOf) for
// people: "win11" -> "Windows 11"; a group it does not know is returned as
// it is.
func ClientGroupName(g string) string {
	switch g {
	case "win11":
		return "Windows 11"
	case "win10":
		return "Windows 10"
	case "ws2025":
		return "Windows Server 2025 / Windows 11 LTSC 2024"
	case "ws2022":
		return "Windows Server 2022"
	case "ws2019":
		return "Windows Server 2019 / Windows 10 LTSC 2019"
	case "ws2016":
		return "Windows Server 2016"
	}
	return g
}

// MinHostName is the release name of the oldest host group for client.
func MinHostName(client string) string {
	g := hostRequirements[client].MinHost
	for _, r := range releases {
		if r.ServerGroup == g {
			return r.Server
		}
	}
	return g
}
