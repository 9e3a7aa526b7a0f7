//go:build windows

package probe

import (
	"context"
	"strconv"

	"github.com/kmsdoctor/kmsdoctor/internal/winsys"
)

const sppKey = `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform`

// systemClient reads the KMS client's set-up from SoftwareLicensingService
// (KeyManagementServiceLookupDomain is optional: newer builds only) and,
// when WMI cannot answer, the configured name and port from the registry.
func systemClient(ctx context.Context) (KMSClient, error) {
	sys, err := winsys.New()
	if err != nil {
		return KMSClient{}, err
	}
	rows, err := winsys.QueryOptional(ctx, sys.WMI, "", "SoftwareLicensingService",
		[]string{"KeyManagementServiceMachine", "KeyManagementServicePort", "DiscoveredKeyManagementServiceMachineName", "DiscoveredKeyManagementServiceMachinePort"},
		[]string{"KeyManagementServiceLookupDomain"}, "")
	if err == nil && len(rows) > 0 {
		r := rows[0]
		return KMSClient{Host: str(r["KeyManagementServiceMachine"]), Port: num(r["KeyManagementServicePort"]),
			Domain: str(r["KeyManagementServiceLookupDomain"]), Discovered: str(r["DiscoveredKeyManagementServiceMachineName"]),
			DiscoveredPort: num(r["DiscoveredKeyManagementServiceMachinePort"])}, nil
	}
	vals, rerr := sys.Registry.Values(ctx, sppKey)
	if rerr != nil {
		if err == nil {
			err = rerr
		}
		return KMSClient{}, err
	}
	c := KMSClient{Host: vals["KeyManagementServiceName"].String}
	c.Port, _ = strconv.Atoi(vals["KeyManagementServicePort"].String)
	return c, nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func num(v any) int {
	switch n := v.(type) {
	case int64:
		return int(n)
	case uint64:
		return int(n)
	case float64:
		return int(n)
	}
	return 0
}
