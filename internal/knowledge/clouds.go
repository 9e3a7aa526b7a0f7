package knowledge

import (
	"net"
	"slices"
	"strconv"
	"strings"
)

// Cloud is one cloud's KMS for the Windows VMs it runs with a licence
// included: the `--cloud` value, the provider, its KMS names and addresses
// and where each fact comes from.
type Cloud struct {
	// Name is the --cloud value: azure, azure-china, azure-usgov, aws, gcp, oci.
	Name string
	// Provider is what report.Subject.Cloud says: azure, aws, gcp, oci.
	Provider string
	// Label is the cloud's own name, as the findings print it.
	Label string
	// Azure is the AzureCloud name (public, china, usgov) of an Azure cloud.
	Azure string
	// Aliases are other spellings accepted for Name (the old --azure values).
	Aliases []string
	// Hosts are the KMS DNS names, primary first.
	Hosts []string
	// KMSHost is what `slmgr.vbs /skms` should be given: a name, or an
	// address where the cloud publishes no name.
	KMSHost string
	// Addrs are the current KMS addresses (IPv4); IPv6 those of IPv6-only
	// subnets; Legacy addresses that older guides still list.
	Addrs  []string
	IPv6   []string
	Legacy []string
	Port   int
	// LinkLocal: the addresses are link-local (169.254.0.0/16), served by
	// the host of the VM: the cloud's route tables and firewalls do not see
	// that traffic.
	LinkLocal bool
	// Sources are the documents the facts above come from.
	Sources []string
}

// The clouds. Facts from ../shared/research/windows-fix-clouds.md section 4
// (and activation-facts.md 2.6 for Azure), each with its source.
var clouds = []Cloud{
	{Name: "azure", Provider: "azure", Label: "Azure", Azure: "public", Aliases: []string{"public", "azure-public"},
		Sources: []string{"https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/custom-routes-enable-kms-activation",
			"https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/windows-activation-stopped-working"}},
	{Name: "azure-china", Provider: "azure", Label: "Azure China (21Vianet)", Azure: "china", Aliases: []string{"china"},
		Sources: []string{"https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/custom-routes-enable-kms-activation"}},
	{Name: "azure-usgov", Provider: "azure", Label: "Azure Government", Azure: "usgov", Aliases: []string{"usgov"},
		Sources: []string{"https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/custom-routes-enable-kms-activation"}},
	{Name: "aws", Provider: "aws", Label: "AWS", KMSHost: "169.254.169.250",
		Addrs: []string{"169.254.169.250", "169.254.169.251"}, IPv6: []string{"fd00:ec2::250"}, Port: KMSPort, LinkLocal: true,
		Sources: []string{"https://docs.aws.amazon.com/AWSEC2/latest/WindowsGuide/common-messages.html",
			"https://docs.aws.amazon.com/AWSEC2/latest/WindowsGuide/ec2launch-v2-settings.html",
			"https://docs.aws.amazon.com/systems-manager-automation-runbooks/latest/userguide/automation-awssupport-activatewindowswithamazonlicense.html",
			"https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html"}},
	{Name: "gcp", Provider: "gcp", Label: "Google Cloud", Hosts: []string{"kms.windows.googlecloud.com"}, KMSHost: "kms.windows.googlecloud.com",
		Addrs: []string{"35.190.247.13"}, Port: KMSPort,
		Sources: []string{"https://cloud.google.com/compute/docs/instances/windows/creating-managing-windows-instances#kms-server",
			"https://github.com/GoogleCloudPlatform/compute-image-windows/blob/master/sysprep/activate_instance.ps1",
			"https://github.com/GoogleCloudPlatform/gcpdiag/blob/main/gcpdiag/lint/gce/warn_2022_012_windows_kms.py"}},
	{Name: "oci", Provider: "oci", Label: "Oracle Cloud Infrastructure", KMSHost: "169.254.169.253",
		Addrs: []string{"169.254.169.253"}, Port: KMSPort, LinkLocal: true,
		Sources: []string{"https://docs.oracle.com/en-us/iaas/Content/Compute/Tasks/importingcustomimagewindows.htm"}},
}

func init() {
	// The Azure clouds take their names and addresses from azureClouds,
	// so that they are written once.
	for i := range clouds {
		if clouds[i].Azure == "" {
			continue
		}
		a, _ := Azure(clouds[i].Azure)
		clouds[i].Hosts, clouds[i].KMSHost, clouds[i].Addrs, clouds[i].Legacy, clouds[i].Port = a.Hosts, a.KMSHost, a.Addrs, a.Legacy, a.Port
	}
}

// ClosedCloudInfo is a cloud that no longer exists, for the message that
// says so when it is asked for.
type ClosedCloudInfo struct {
	Name    string // azure-germany
	Label   string
	Closed  string // the date it closed, YYYY-MM-DD
	Instead string // the --cloud value to use now
	Source  string
}

// Microsoft Cloud Deutschland (Azure Germany) closed on 29 October 2021;
// its customers moved to the Azure regions in Germany of the public cloud.
var closedClouds = []ClosedCloudInfo{
	{Name: "azure-germany", Label: "Azure Germany (Microsoft Cloud Deutschland)", Closed: "2021-10-29", Instead: "azure",
		Source: "https://learn.microsoft.com/previous-versions/azure/germany/germany-developer-guide"},
}

// ClosedCloud reports whether name (a --cloud or --azure value) is a cloud
// that has closed.
func ClosedCloud(name string) (ClosedCloudInfo, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, c := range closedClouds {
		if n == c.Name || n == strings.TrimPrefix(c.Name, "azure-") {
			return c, true
		}
	}
	return ClosedCloudInfo{}, false
}

// CloudNames lists the --cloud values.
func CloudNames() []string {
	out := make([]string, len(clouds))
	for i, c := range clouds {
		out[i] = c.Name
	}
	return out
}

// LookupCloud returns the cloud of a --cloud value or one of its aliases
// (case-insensitive).
func LookupCloud(name string) (Cloud, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, c := range clouds {
		if n == c.Name || slices.Contains(c.Aliases, n) {
			return c, true
		}
	}
	return Cloud{}, false
}

// AllAddrs is Addrs, IPv6 and Legacy.
func (c Cloud) AllAddrs() []string {
	return slices.Concat(c.Addrs, c.IPv6, c.Legacy)
}

// IsKMS reports whether h (a name or an address, optionally with :port or
// [v6]:port) is one of the cloud's KMS names or addresses.
func (c Cloud) IsKMS(h string) bool {
	h = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(h), "."))
	if hh, _, err := net.SplitHostPort(h); err == nil {
		h = hh
	}
	h = strings.TrimSuffix(strings.Trim(h, "[]"), ".")
	if h == "" {
		return false
	}
	if slices.Contains(c.Hosts, h) {
		return true
	}
	if ip := net.ParseIP(h); ip != nil {
		for _, a := range c.AllAddrs() {
			if ip.Equal(net.ParseIP(a)) {
				return true
			}
		}
	}
	return false
}

// Target is KMSHost:Port, as `slmgr.vbs /skms` takes it.
func (c Cloud) Target() string {
	return net.JoinHostPort(c.KMSHost, strconv.Itoa(c.Port))
}

// CloudOfKMS returns the cloud whose KMS h (a name or address, with or
// without a port) is.
func CloudOfKMS(h string) (Cloud, bool) {
	for _, c := range clouds {
		if c.IsKMS(h) {
			return c, true
		}
	}
	return Cloud{}, false
}
