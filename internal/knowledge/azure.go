package knowledge

import (
	"slices"
	"strings"
)

// AzureCloud is one Azure cloud's KMS endpoint set.
type AzureCloud struct {
	Name string // public, china, usgov
	// Hosts are the KMS DNS names, primary first; KMSHost is what
	// `slmgr.vbs /skms` should be given.
	Hosts   []string
	KMSHost string
	// Addrs are the current KMS addresses; Legacy are addresses Microsoft
	// has retired (still listed in older guides) that should no longer be
	// the only route to KMS.
	Addrs  []string
	Legacy []string
	Port   int
}

// KMSPort is the TCP port KMS clients connect to unless a host says otherwise.
const KMSPort = 1688

// Facts from Microsoft's Azure activation guides (seeds/azure-*.ja.md and
// research/activation-facts.md 2.6). Since 2023-03-01 the public cloud uses
// 20.118.99.224 and 40.83.235.53 only; kms.core.windows.net resolves to
// 20.118.99.224 and 23.102.135.246 is legacy.
var azureClouds = []AzureCloud{
	{Name: "public", Hosts: []string{"azkms.core.windows.net", "kms.core.windows.net"}, KMSHost: "azkms.core.windows.net",
		Addrs: []string{"20.118.99.224", "40.83.235.53"}, Legacy: []string{"23.102.135.246"}, Port: KMSPort},
	{Name: "china", Hosts: []string{"azkms.core.chinacloudapi.cn", "kms.core.chinacloudapi.cn"}, KMSHost: "azkms.core.chinacloudapi.cn",
		Addrs: []string{"159.27.28.100", "163.228.64.161"}, Legacy: []string{"42.159.7.249"}, Port: KMSPort},
	{Name: "usgov", Hosts: []string{"azkms.core.usgovcloudapi.net", "kms.core.usgovcloudapi.net"}, KMSHost: "azkms.core.usgovcloudapi.net",
		Addrs: []string{"23.97.0.13", "52.126.105.2"}, Port: KMSPort},
}

// AzureCloudNames lists the accepted --azure values.
func AzureCloudNames() []string {
	out := make([]string, len(azureClouds))
	for i, c := range azureClouds {
		out[i] = c.Name
	}
	return out
}

// Azure returns the endpoint set of the named cloud ("public", "china",
// "usgov"; case-insensitive). Azure Germany is closed (see ClosedCloud).
func Azure(name string) (AzureCloud, bool) {
	for _, c := range azureClouds {
		if strings.EqualFold(c.Name, strings.TrimSpace(name)) {
			return c, true
		}
	}
	return AzureCloud{}, false
}

// AllAddrs is Addrs followed by Legacy.
func (c AzureCloud) AllAddrs() []string { return append(append([]string{}, c.Addrs...), c.Legacy...) }

// IsKMSHostName reports whether name (optionally with :port) is one of the
// cloud's KMS names.
func (c AzureCloud) IsKMSHostName(name string) bool {
	name = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(name), "."))
	if i := strings.LastIndexByte(name, ':'); i >= 0 {
		name = name[:i]
	}
	return slices.Contains(c.Hosts, name)
}
