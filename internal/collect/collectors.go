package collect

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/collected"
	"github.com/kmsdoctor/kmsdoctor/internal/spp"
	"github.com/kmsdoctor/kmsdoctor/internal/winsys"
)

// Registry is the list of collectors, run in this order. Item kinds are
// ingest kind names (read by analyze) or "data/..." (kept for people).
var Registry = []Collector{
	{Name: "os", Timeout: 10 * time.Second, Run: collectOS},
	{Name: "spp", Timeout: 60 * time.Second, Run: collectSPP},
	{Name: "service", Timeout: 10 * time.Second, Run: collectService},
	{Name: "events", Timeout: 60 * time.Second, Run: collectEvents},
	{Name: "registry", Timeout: 20 * time.Second, Run: collectRegistry},
	{Name: "dns", Timeout: 20 * time.Second, Run: collectDNS},
	{Name: "time", Timeout: 15 * time.Second, Run: collectTime},
	{Name: "proxy", Timeout: 10 * time.Second, Run: collectProxy},
	{Name: "spp_store", Timeout: 10 * time.Second, Run: collectStore},
	{Name: "language", Timeout: 10 * time.Second, Run: collectLanguage},
	{Name: "office", Timeout: 10 * time.Second, Run: collectOffice},
	// Off by collect --no-metadata (Options.NoMetadata).
	{Name: "cloud", Timeout: 5 * time.Second, Run: collectCloud},
	// The "check" collector (CheckCollector) is added by Options.Check.
}

func jsonBytes(v any) []byte {
	b, _ := json.MarshalIndent(v, "", "  ")
	return append(b, '\n')
}

// joinErrs keeps the errors of a collector's parts that failed; a
// collector that got some parts reports the others as its error.
func joinErrs(errs []error) error { return errors.Join(errs...) }

const currentVersion = `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion`

func collectOS(ctx context.Context, sys winsys.System, out *Out) error {
	v, err := sys.Registry.Values(ctx, currentVersion)
	if err != nil {
		return err
	}
	keep := map[string]winsys.Value{}
	for _, n := range []string{"ProductName", "EditionID", "InstallationType", "CurrentBuild", "CurrentBuildNumber", "UBR", "DisplayVersion", "ReleaseId", "CurrentVersion"} {
		if x, ok := v[n]; ok {
			keep[n] = x
		}
	}
	out.Secret("user", os.Getenv("USERNAME"))
	for _, n := range []string{"RegisteredOwner", "RegisteredOrganization"} {
		if x, ok := v[n]; ok {
			out.Secret("user", x.String)
		}
	}
	out.Add("os/os.json", "data/os", jsonBytes(map[string]any{"computer": sys.Computer, "current_version": keep}))
	return nil
}

func collectSPP(ctx context.Context, sys winsys.System, out *Out) error {
	var rows []spp.Row
	var errs []error
	query := func(class string, props, optional []string, where string, required bool) {
		rs, err := winsys.QueryOptional(ctx, sys.WMI, "", class, props, optional, where)
		if err != nil {
			if required || !errors.Is(err, winsys.ErrNotExist) {
				errs = append(errs, err)
			}
			return
		}
		for _, r := range rs {
			row := spp.Row{"__CLASS": class}
			for k, v := range r {
				row[k] = v
			}
			if id, ok := row["ClientMachineID"].(string); ok {
				out.Secret("cmid", id)
			}
			for _, k := range []string{"KeyManagementServiceMachine", "DiscoveredKeyManagementServiceMachineName"} {
				if h, ok := row[k].(string); ok {
					if _, dom, ok := strings.Cut(h, "."); ok {
						out.Secret("domain", dom)
					}
				}
			}
			rows = append(rows, row)
		}
	}
	query(spp.ClassService, spp.ServiceProps, spp.ServiceOptional, "", true)
	query(spp.ClassProduct, spp.ProductProps, spp.ProductOptional, spp.ProductWhere, true)
	// Office on Windows 7 era systems has its own service and classes.
	query(spp.ClassOfficeService, []string{"Version", "ClientMachineID", "KeyManagementServiceMachine", "KeyManagementServicePort"}, nil, "", false)
	query(spp.ClassOfficeProduct, []string{"ID", "Name", "Description", "ApplicationID", "PartialProductKey", "LicenseStatus", "LicenseStatusReason", "GracePeriodRemaining", "KeyManagementServiceMachine", "KeyManagementServicePort", "DiscoveredKeyManagementServiceMachineName", "DiscoveredKeyManagementServiceMachinePort"}, nil, spp.ProductWhere, false)
	// Never more of a key than its last five characters.
	for _, r := range rows {
		if k, ok := r["PartialProductKey"].(string); ok && len(k) > 5 {
			r["PartialProductKey"] = k[len(k)-5:]
		}
	}
	if len(rows) > 0 {
		out.Add("spp/licensing.json", "spp-cim-json", jsonBytes(rows))
	}
	return joinErrs(errs)
}

func collectService(ctx context.Context, sys winsys.System, out *Out) error {
	res := map[string]any{}
	var errs []error
	for _, svc := range []string{"sppsvc", "osppsvc", "W32Time", "Dnscache"} {
		v, err := sys.Registry.Values(ctx, `HKLM\SYSTEM\CurrentControlSet\Services\`+svc)
		if errors.Is(err, winsys.ErrNotExist) {
			res[svc] = nil
			continue
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		keep := map[string]winsys.Value{}
		for _, n := range []string{"Start", "Type", "ImagePath", "ObjectName", "DelayedAutostart"} {
			if x, ok := v[n]; ok {
				keep[n] = x
			}
		}
		res[svc] = keep
	}
	out.Add("service/services.json", "data/service", jsonBytes(res))
	return joinErrs(errs)
}

// channels are the event logs collected, with their XPath queries.
var channels = []struct{ file, channel, xpath string }{
	{"Application", "Application", "*[System[Provider[@Name='Microsoft-Windows-Security-SPP' or @Name='Office Software Protection Platform Service' or @Name='Microsoft Office 16' or @Name='Microsoft Office 15']]]"},
	{"KeyManagementService", "Key Management Service", "*"},
	{"ClientLicensingPlatform", "Microsoft-Client-Licensing-Platform/Admin", "*"},
}

func collectEvents(ctx context.Context, sys winsys.System, out *Out) error {
	var errs []error
	dir, err := os.MkdirTemp("", "kmsdoctor-events-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	for _, ch := range channels {
		var buf bytes.Buffer
		n := 0
		err := sys.Events.Render(ctx, ch.channel, ch.xpath, func(x []byte) error {
			buf.Write(bytes.TrimSpace(x))
			buf.WriteByte('\n')
			n++
			return nil
		})
		if err != nil && !errors.Is(err, winsys.ErrNotExist) {
			errs = append(errs, err)
		}
		if n > 0 {
			out.Add("events/"+ch.file+".xml", "wevtutil-xml", buf.Bytes())
		}
		if errors.Is(err, winsys.ErrNotExist) {
			continue // no such channel here (a client has no KMS log)
		}
		dst := filepath.Join(dir, ch.file+".evtx")
		if err := sys.Events.Export(ctx, ch.channel, ch.xpath, dst); err != nil {
			if !errors.Is(err, winsys.ErrNotExist) {
				errs = append(errs, err)
			}
			continue
		}
		if raw, err := os.ReadFile(dst); err == nil {
			out.AddBinary("events/"+ch.file+".evtx", "evtx", raw)
		}
	}
	return joinErrs(errs)
}

// registryKeys are dumped whole (recursively, bounded).
var registryKeys = []struct{ file, key string }{
	{"spp", `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform`},
	{"spp_networkservice", `HKU\S-1-5-20\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform`},
	{"spp_policy", `HKLM\SOFTWARE\Policies\Microsoft\Windows NT\CurrentVersion\Software Protection Platform`},
	{"ospp", `HKLM\SOFTWARE\Microsoft\OfficeSoftwareProtectionPlatform`},
	{"tcpip", `HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters`},
	{"dnsclient_policy", `HKLM\SOFTWARE\Policies\Microsoft\Windows NT\DNSClient`},
	{"w32time", `HKLM\SYSTEM\CurrentControlSet\Services\W32Time`},
}

const maxKeys = 500

func dumpKey(ctx context.Context, reg winsys.Registry, key string, into map[string]map[string]winsys.Value, depth int) error {
	if len(into) >= maxKeys || depth > 6 {
		return nil
	}
	v, err := reg.Values(ctx, key)
	if err != nil {
		return err
	}
	into[key] = v
	subs, err := reg.Subkeys(ctx, key)
	if err != nil {
		return nil
	}
	sort.Strings(subs)
	for _, s := range subs {
		if err := ctx.Err(); err != nil {
			return err
		}
		_ = dumpKey(ctx, reg, key+`\`+s, into, depth+1)
	}
	return nil
}

func collectRegistry(ctx context.Context, sys winsys.System, out *Out) error {
	var errs []error
	for _, k := range registryKeys {
		into := map[string]map[string]winsys.Value{}
		err := dumpKey(ctx, sys.Registry, k.key, into, 0)
		if errors.Is(err, winsys.ErrNotExist) {
			continue
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if k.file == "tcpip" {
			for _, n := range []string{"Domain", "NV Domain", "Hostname", "NV Hostname"} {
				if v, ok := into[k.key][n]; ok {
					if strings.Contains(n, "Domain") {
						out.Secret("domain", v.String)
					} else {
						out.Secret("computer", v.String)
					}
				}
			}
			if v, ok := into[k.key]["SearchList"]; ok {
				for _, d := range strings.Split(v.String, ",") {
					out.Secret("domain", strings.TrimSpace(d))
				}
			}
		}
		out.Add("registry/"+k.file+".json", "data/registry", jsonBytes(into))
	}
	return joinErrs(errs)
}

func collectDNS(ctx context.Context, sys winsys.System, out *Out) error {
	cfg, err := sys.Net.DNSConfig(ctx)
	if err != nil {
		return err
	}
	out.Secret("computer", cfg.HostName)
	var suffixes []string
	seen := map[string]bool{}
	addSuffix := func(s string) {
		s = strings.TrimSuffix(strings.TrimSpace(s), ".")
		if s != "" && !seen[strings.ToLower(s)] {
			seen[strings.ToLower(s)] = true
			suffixes = append(suffixes, s)
			out.Secret("domain", s)
		}
	}
	for _, a := range cfg.Adapters {
		addSuffix(a.DNSSuffix)
		for _, s := range a.SearchList {
			addSuffix(s)
		}
	}
	out.Add("net/dns.json", "data/dns-config", jsonBytes(cfg))
	// The machine-wide set-up: the primary DNS suffix is searched too.
	params, perr := sys.Net.NetworkParams(ctx)
	if perr == nil {
		out.Secret("computer", params.HostName)
		addSuffix(params.DomainName)
		out.Add("net/network_params.json", "data/network-params", jsonBytes(params))
	}
	type lookup struct {
		Name    string       `json:"name"`
		Records []winsys.SRV `json:"records"`
		Error   string       `json:"error,omitempty"`
	}
	var lookups []lookup
	for _, s := range suffixes {
		name := "_vlmcs._tcp." + s
		recs, err := sys.Net.LookupSRV(ctx, name)
		l := lookup{Name: name, Records: recs}
		if err != nil {
			l.Error = err.Error()
		}
		lookups = append(lookups, l)
	}
	if len(lookups) > 0 {
		out.Add("net/vlmcs_srv.json", "data/srv", jsonBytes(lookups))
	}
	if perr != nil {
		return fmt.Errorf("GetNetworkParams: %w", perr)
	}
	return nil
}

func collectTime(ctx context.Context, sys winsys.System, out *Out) error {
	var errs []error
	for _, c := range []struct {
		file, kind string
		argv       []string
	}{
		{"time/w32tm_status.txt", "w32tm", []string{"w32tm", "/query", "/status", "/verbose"}},
		{"time/w32tm_configuration.txt", "data/w32tm-configuration", []string{"w32tm", "/query", "/configuration"}},
	} {
		o, err := sys.Run.Run(ctx, c.argv...)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out.Add(c.file, c.kind, o)
	}
	return joinErrs(errs)
}

// collectProxy reads the WinHTTP proxy through the API (read by analyze)
// and keeps netsh's text beside it for people.
func collectProxy(ctx context.Context, sys winsys.System, out *Out) error {
	var errs []error
	p, err := sys.Net.DefaultProxy(ctx)
	if err != nil {
		errs = append(errs, err)
	} else {
		out.Add("net/winhttp_proxy.json", collected.KindProxy, jsonBytes(collected.Proxy{Head: collected.NewHead(collected.KindProxy),
			AccessType: p.AccessType, Direct: p.AccessType != winsys.ProxyNamed, Proxy: p.Proxy, Bypass: p.Bypass}))
	}
	o, err := sys.Run.Run(ctx, "netsh", "winhttp", "show", "proxy")
	if err != nil {
		errs = append(errs, err)
	} else {
		out.Add("net/winhttp_proxy.txt", "data/proxy", o)
	}
	return joinErrs(errs)
}
