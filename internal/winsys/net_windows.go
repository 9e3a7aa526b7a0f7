//go:build windows

package winsys

import (
	"context"
	"errors"
	"fmt"
	"os"
	"unsafe"

	"golang.org/x/sys/windows"
)

// winNet reads the adapters' DNS set-up with GetAdaptersAddresses and asks
// the system resolver with DnsQuery.
type winNet struct{}

func (winNet) DNSConfig(ctx context.Context) (DNSConfig, error) {
	var cfg DNSConfig
	cfg.HostName, _ = os.Hostname()
	size := uint32(15000)
	for range 4 {
		buf := make([]byte, size)
		first := (*windows.IpAdapterAddresses)(unsafe.Pointer(&buf[0]))
		err := windows.GetAdaptersAddresses(windows.AF_UNSPEC, windows.GAA_FLAG_SKIP_ANYCAST|windows.GAA_FLAG_SKIP_MULTICAST, 0, first, &size)
		if errors.Is(err, windows.ERROR_BUFFER_OVERFLOW) {
			continue
		}
		if err != nil {
			return cfg, fmt.Errorf("GetAdaptersAddresses: %w", err)
		}
		for a := first; a != nil; a = a.Next {
			ad := Adapter{
				Name:         windows.BytePtrToString(a.AdapterName),
				FriendlyName: windows.UTF16PtrToString(a.FriendlyName),
				Description:  windows.UTF16PtrToString(a.Description),
				Up:           a.OperStatus == windows.IfOperStatusUp,
				DNSSuffix:    windows.UTF16PtrToString(a.DnsSuffix),
			}
			for s := a.FirstDnsSuffix; s != nil; s = s.Next {
				ad.SearchList = append(ad.SearchList, windows.UTF16ToString(s.String[:]))
			}
			for s := a.FirstDnsServerAddress; s != nil; s = s.Next {
				if ip := s.Address.IP(); ip != nil {
					ad.DNSServers = append(ad.DNSServers, ip.String())
				}
			}
			for u := a.FirstUnicastAddress; u != nil; u = u.Next {
				if ip := u.Address.IP(); ip != nil {
					ad.Addresses = append(ad.Addresses, ip.String())
				}
			}
			cfg.Adapters = append(cfg.Adapters, ad)
		}
		return cfg, nil
	}
	return cfg, errors.New("GetAdaptersAddresses: buffer keeps growing")
}

// DNS status codes of DnsQuery that mean "no such record".
const (
	dnsErrorRcodeNameError = 9003
	dnsInfoNoRecords       = 9501
)

func (winNet) LookupSRV(ctx context.Context, name string) ([]SRV, error) {
	var rec *windows.DNSRecord
	err := windows.DnsQuery(name, windows.DNS_TYPE_SRV, 0, nil, &rec, nil)
	if err != nil {
		var en windows.Errno
		if errors.As(err, &en) && (en == dnsErrorRcodeNameError || en == dnsInfoNoRecords) {
			return nil, fmt.Errorf("%s: %w", name, ErrNotExist)
		}
		return nil, fmt.Errorf("DnsQuery %s: %w", name, err)
	}
	defer windows.DnsRecordListFree(rec, 1)
	var out []SRV
	for r := rec; r != nil; r = r.Next {
		if r.Type != windows.DNS_TYPE_SRV {
			continue
		}
		d := (*windows.DNSSRVData)(unsafe.Pointer(&r.Data[0]))
		out = append(out, SRV{Target: windows.UTF16PtrToString(d.Target), Port: d.Port, Priority: d.Priority, Weight: d.Weight})
	}
	return out, nil
}
