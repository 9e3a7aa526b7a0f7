//go:build windows

package probe

import (
	"strings"

	"golang.org/x/sys/windows/registry"
)

const tcpipParams = `SYSTEM\CurrentControlSet\Services\Tcpip\Parameters`

// systemDomain is the domain a Windows KMS client searches for the SRV
// record: the primary DNS suffix, else the DHCP-assigned domain (option
// 15), else the first entry of the suffix search list. resolvConf is not
// used on Windows.
func systemDomain(string) (domain, where string) {
	where = `HKLM\` + tcpipParams
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, tcpipParams, registry.QUERY_VALUE)
	if err != nil {
		return "", where
	}
	defer k.Close()
	for _, name := range []string{"Domain", "DhcpDomain", "SearchList"} {
		v, _, err := k.GetStringValue(name)
		if err != nil {
			continue
		}
		first, _, _ := strings.Cut(v, ",")
		first = strings.TrimSuffix(strings.TrimSpace(first), ".")
		if first != "" && validDomain(first) {
			return first, where
		}
	}
	return "", where
}
