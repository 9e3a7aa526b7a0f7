package evidence

// OtherSRVLookup is an SRV lookup, in pasted nslookup output, of a name
// that is not _vlmcs._tcp (_kerberos._udp, _ldap._tcp...): it shows the
// resolver answers SRV queries but says nothing about a KMS host.
type OtherSRVLookup struct {
	Name     string // the name looked up, as pasted ("_kerberos._udp.NETWORK.LOCAL")
	Domain   string // the name without its leading _service._proto labels, "" when none
	Resolver string
	Outcome  string // DNS* constants; "" when the output shows no answer
	Source   Source
}

// DNSClientConfig is the DNS set-up of one network adapter as `ipconfig`
// or `ipconfig /all` shows it (the global "Primary DNS Suffix" and "DNS
// Suffix Search List" go with the first adapter's entry, Adapter ""): the
// suffix the SRV lookup of KMS discovery uses and the servers it asks.
type DNSClientConfig struct {
	Adapter    string
	Suffix     string   // Connection-specific DNS Suffix, or the Primary DNS Suffix
	SearchList []string // DNS Suffix Search List
	Servers    []string // DNS Servers (ipconfig /all)
	Source     Source
}
