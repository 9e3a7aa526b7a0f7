//go:build !windows

package probe

// systemDomain is the domain a KMS client would search for the SRV
// record: the first entry of the resolver's search list.
func systemDomain(resolvConf string) (domain, where string) {
	return SearchDomain(resolvConf), resolvConf
}
