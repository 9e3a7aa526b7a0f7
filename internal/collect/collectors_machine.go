package collect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/collected"
	"github.com/kmsdoctor/kmsdoctor/internal/spp"
	"github.com/kmsdoctor/kmsdoctor/internal/winsys"
)

// The licence store: tokens.dat (Windows 8 and later, and Windows 7's
// place under the Network Service profile) and the folders whose ACL
// sppsvc needs.
var (
	storeFiles = []string{
		`%SystemRoot%\System32\spp\store\2.0\tokens.dat`,
		`%SystemRoot%\System32\spp\store\tokens.dat`,
		`%SystemRoot%\ServiceProfiles\NetworkService\AppData\Roaming\Microsoft\SoftwareProtectionPlatform\tokens.dat`,
	}
	storeFolders = []string{
		`%SystemRoot%\System32\spp`,
		`%SystemRoot%\System32\spp\store`,
		`%SystemRoot%\System32\spp\store\2.0`,
	}
)

// collectStore records tokens.dat's size and time (never its content) and
// the SDDL of the spp folders. A file or folder that is absent is a fact,
// not an error.
func collectStore(ctx context.Context, sys winsys.System, out *Out) error {
	if sys.Host == nil {
		return winsys.ErrUnsupported
	}
	st := collected.Store{Head: collected.NewHead(collected.KindStore)}
	var errs []error
	for _, p := range storeFiles {
		fi, err := sys.Host.Stat(ctx, p)
		f := collected.File{Path: p}
		switch {
		case errors.Is(err, winsys.ErrNotExist):
			f.Missing = true
		case err != nil:
			f.Error = err.Error()
			errs = append(errs, err)
		default:
			f.Size, f.ModTime = fi.Size, fi.ModTime.UTC()
		}
		st.Files = append(st.Files, f)
	}
	for _, p := range storeFolders {
		sddl, err := sys.Host.SDDL(ctx, p)
		if errors.Is(err, winsys.ErrNotExist) {
			continue
		}
		a := collected.ACL{Path: p, SDDL: sddl}
		if err != nil {
			a.Error = err.Error()
			errs = append(errs, err)
		}
		st.ACLs = append(st.ACLs, a)
	}
	out.Add("spp/store.json", collected.KindStore, jsonBytes(st))
	return joinErrs(errs)
}

// collectLanguage records the display language (the API, and the
// registry's installed and default languages).
func collectLanguage(ctx context.Context, sys winsys.System, out *Out) error {
	res := map[string]any{}
	var errs []error
	if sys.Host != nil {
		l, err := sys.Host.Language(ctx)
		if err != nil {
			errs = append(errs, err)
		} else {
			res["display"] = l
		}
	}
	for _, k := range []struct{ name, key string }{
		{"nls_language", `HKLM\SYSTEM\CurrentControlSet\Control\Nls\Language`},
		{"desktop", `HKCU\Control Panel\Desktop`},
	} {
		v, err := sys.Registry.Values(ctx, k.key)
		if errors.Is(err, winsys.ErrNotExist) {
			continue
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		keep := map[string]winsys.Value{}
		for _, n := range []string{"InstallLanguage", "Default", "PreferredUILanguages", "PreferredUILanguagesPending"} {
			if x, ok := v[n]; ok {
				keep[n] = x
			}
		}
		res[k.name] = keep
	}
	if subs, err := sys.Registry.Subkeys(ctx, `HKLM\SYSTEM\CurrentControlSet\Control\MUI\UILanguages`); err == nil {
		res["installed"] = subs
	} else if !errors.Is(err, winsys.ErrNotExist) {
		errs = append(errs, err)
	}
	if len(res) > 0 {
		out.Add("os/language.json", "data/language", jsonBytes(res))
	}
	return joinErrs(errs)
}

const (
	c2rConfig = `HKLM\SOFTWARE\Microsoft\Office\ClickToRun\Configuration`
	officeKey = `HKLM\SOFTWARE\Microsoft\Office`
)

// officeVersions are the MSI versions whose Common\InstallRoot collect
// looks for (2016/2019/2021/2024 share 16.0; 2013 is 15.0, 2010 14.0),
// native and 32-bit on 64-bit.
var officeVersions = []string{"16.0", "15.0", "14.0"}

// collectOffice tells Click-to-Run from MSI and reads the Click-to-Run
// release ids, from which analyze tells subscription from volume.
func collectOffice(ctx context.Context, sys winsys.System, out *Out) error {
	o := collected.Office{Head: collected.NewHead(collected.KindOffice)}
	var errs []error
	found := false
	v, err := sys.Registry.Values(ctx, c2rConfig)
	switch {
	case err == nil:
		found, o.ClickToRun = true, true
		o.Version = v["VersionToReport"].String
		o.Platform = v["Platform"].String
		o.Channel = c2rChannel(v["CDNBaseUrl"].String)
		o.SharedComputer = v["SharedComputerLicensing"].String == "1"
		for _, id := range strings.Split(v["ProductReleaseIds"].String, ",") {
			if id = strings.TrimSpace(id); id != "" {
				o.Releases = append(o.Releases, collected.Release{ID: id, License: collected.ReleaseLicense(id)})
			}
		}
	case !errors.Is(err, winsys.ErrNotExist):
		errs = append(errs, err)
	}
	for _, ver := range officeVersions {
		for _, root := range []string{officeKey, `HKLM\SOFTWARE\WOW6432Node\Microsoft\Office`} {
			iv, err := sys.Registry.Values(ctx, root+`\`+ver+`\Common\InstallRoot`)
			if errors.Is(err, winsys.ErrNotExist) {
				continue
			}
			if err != nil {
				errs = append(errs, err)
				continue
			}
			// Click-to-Run writes InstallRoot too, under its own virtual
			// registry; an InstallRoot path outside "root\Office16" with no
			// Click-to-Run configuration is MSI.
			if p := iv["Path"].String; p != "" && !o.ClickToRun {
				found = true
				if len(o.MSI) == 0 || o.MSI[len(o.MSI)-1] != ver {
					o.MSI = append(o.MSI, ver)
				}
			}
		}
	}
	if found {
		out.Add("office/office.json", collected.KindOffice, jsonBytes(o))
	}
	return joinErrs(errs)
}

// c2rChannel names the update channel of a Click-to-Run CDNBaseUrl (the
// channel GUIDs Microsoft documents for the Office CDN).
func c2rChannel(url string) string {
	channels := map[string]string{
		"492350f6-3a01-4f97-b9c0-c7c6ddf67d60": "Current",
		"55336b82-a18d-4dd6-b5f6-9e5095c314a6": "MonthlyEnterprise",
		"7ffbc6bf-bc32-4f92-8982-f9dd17fd3114": "SemiAnnual",
		"b8f9b850-328d-4355-9145-c59439a0c4cf": "SemiAnnualPreview",
		"64256afe-f5d9-4f86-8936-8840a6a4f5be": "CurrentPreview",
		"5440fd1f-7ecb-4221-8110-145efaa6372f": "BetaChannel",
		"f2e724c1-748f-4b47-8fb8-8e0d210e9208": "PerpetualVL2019",
		"5030841d-c919-4594-8d2d-84ae4f96e58e": "PerpetualVL2021",
		"7983bac0-e531-40cf-be00-fd24fe66619c": "PerpetualVL2024",
	}
	l := strings.ToLower(url)
	for g, n := range channels {
		if strings.HasSuffix(l, g) {
			return n
		}
	}
	return ""
}

// metadataTimeout bounds each metadata request: a link-local address
// with nothing behind it does not answer at all off that cloud.
const metadataTimeout = 1500 * time.Millisecond

// metadataProbe asks one cloud's metadata service.
type metadataProbe struct {
	provider string
	url      string
	ask      func(ctx context.Context, h winsys.HTTP, c *collected.Cloud) (int, error)
}

func getJSON(ctx context.Context, h winsys.HTTP, url string, hdr map[string]string, v any) (int, error) {
	st, body, err := h.Do(ctx, "GET", url, hdr)
	if err != nil {
		return st, err
	}
	if st != 200 {
		return st, fmt.Errorf("HTTP %d", st)
	}
	if v == nil {
		return st, nil
	}
	return st, json.Unmarshal(body, v)
}

const (
	azureURL     = "http://169.254.169.254/metadata/instance/compute?api-version=2021-02-01"
	awsTokenURL  = "http://169.254.169.254/latest/api/token"
	awsDocURL    = "http://169.254.169.254/latest/dynamic/instance-identity/document"
	gcpZoneURL   = "http://metadata.google.internal/computeMetadata/v1/instance/zone"
	gcpLicURL    = "http://metadata.google.internal/computeMetadata/v1/instance/licenses/?recursive=true"
	ociURL       = "http://169.254.169.254/opc/v2/instance/"
	azureEnvPub  = "AzurePublicCloud"
	azureEnvGov  = "AzureUSGovernmentCloud"
	azureEnvChin = "AzureChinaCloud"
)

var metadataProbes = []metadataProbe{
	{"azure", azureURL, func(ctx context.Context, h winsys.HTTP, c *collected.Cloud) (int, error) {
		var m struct {
			AzEnvironment, Location, VMSize, OSType, LicenseType, Offer, Publisher, Sku string
		}
		st, err := getJSON(ctx, h, azureURL, map[string]string{"Metadata": "true"}, &m)
		if err != nil {
			return st, err
		}
		c.Environment, c.Region = m.AzEnvironment, m.Location
		switch {
		case strings.EqualFold(m.AzEnvironment, azureEnvGov):
			c.Name = "azure-usgov"
		case strings.EqualFold(m.AzEnvironment, azureEnvChin):
			c.Name = "azure-china"
		default:
			c.Name = "azure"
		}
		c.Details = map[string]string{"vm_size": m.VMSize, "os_type": m.OSType, "license_type": m.LicenseType, "offer": m.Offer, "publisher": m.Publisher, "sku": m.Sku}
		return st, nil
	}},
	{"aws", awsDocURL, func(ctx context.Context, h winsys.HTTP, c *collected.Cloud) (int, error) {
		st, tok, err := h.Do(ctx, "PUT", awsTokenURL, map[string]string{"X-aws-ec2-metadata-token-ttl-seconds": "60"})
		if err != nil {
			return st, err
		}
		if st != 200 {
			return st, fmt.Errorf("HTTP %d", st)
		}
		var m struct {
			Region, AvailabilityZone, InstanceType, Architecture string
		}
		st, err = getJSON(ctx, h, awsDocURL, map[string]string{"X-aws-ec2-metadata-token": strings.TrimSpace(string(tok))}, &m)
		if err != nil {
			return st, err
		}
		c.Name, c.Region = "aws", m.Region
		c.Details = map[string]string{"availability_zone": m.AvailabilityZone, "instance_type": m.InstanceType, "architecture": m.Architecture}
		return st, nil
	}},
	{"gcp", gcpZoneURL, func(ctx context.Context, h winsys.HTTP, c *collected.Cloud) (int, error) {
		hdr := map[string]string{"Metadata-Flavor": "Google"}
		st, body, err := h.Do(ctx, "GET", gcpZoneURL, hdr)
		if err != nil {
			return st, err
		}
		if st != 200 {
			return st, fmt.Errorf("HTTP %d", st)
		}
		// projects/<number>/zones/<zone>: the project number identifies.
		zone := strings.TrimSpace(string(body))
		zone = zone[strings.LastIndex(zone, "/")+1:]
		c.Name, c.Region = "gcp", zone
		var lic []struct{ ID string }
		if _, err := getJSON(ctx, h, gcpLicURL, hdr, &lic); err == nil {
			var ids []string
			for _, l := range lic {
				ids = append(ids, l.ID)
			}
			c.Details = map[string]string{"licenses": strings.Join(ids, ",")}
		}
		return st, nil
	}},
	{"oci", ociURL, func(ctx context.Context, h winsys.HTTP, c *collected.Cloud) (int, error) {
		var m struct {
			Region, CanonicalRegionName, Shape string
		}
		st, err := getJSON(ctx, h, ociURL, map[string]string{"Authorization": "Bearer Oracle"}, &m)
		if err != nil {
			return st, err
		}
		c.Name, c.Region = "oci", m.CanonicalRegionName
		c.Details = map[string]string{"shape": m.Shape, "region_key": m.Region}
		return st, nil
	}},
}

// collectCloud asks the metadata services of Azure, AWS, Google Cloud and
// OCI at once, each with a short timeout, and keeps the one that answered
// (only where the machine runs, never an id). These are link-local reads
// of this machine's own cloud; `collect --no-metadata` leaves them out. No
// answer at all is the normal case off a cloud and not an error.
func collectCloud(ctx context.Context, sys winsys.System, out *Out) error {
	if sys.HTTP == nil {
		return winsys.ErrUnsupported
	}
	c := collected.Cloud{Head: collected.NewHead(collected.KindCloud)}
	type res struct {
		cloud collected.Cloud
		ans   collected.Answer
	}
	results := make([]res, len(metadataProbes))
	var wg sync.WaitGroup
	for i, p := range metadataProbes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pctx, cancel := context.WithTimeout(ctx, metadataTimeout)
			defer cancel()
			var one collected.Cloud
			st, err := p.ask(pctx, sys.HTTP, &one)
			a := collected.Answer{Provider: p.provider, URL: p.url, Status: st}
			if err != nil {
				a.Error = err.Error()
			}
			results[i] = res{one, a}
		}()
	}
	wg.Wait()
	for _, r := range results {
		c.Answers = append(c.Answers, r.ans)
		if r.ans.Error == "" && c.Provider == "" {
			c.Provider, c.Name, c.Environment, c.Region, c.Details = r.ans.Provider, r.cloud.Name, r.cloud.Environment, r.cloud.Region, r.cloud.Details
		}
	}
	out.Add("cloud/metadata.json", collected.KindCloud, jsonBytes(c))
	return nil
}

// CheckTargets is what the live checks test: the KMS hosts this
// machine's client is set up with and the one it discovered (host:port),
// and the domain it searches for _vlmcs._tcp.
type CheckTargets struct {
	Hosts  []string
	Domain string
}

// CheckFunc runs the live checks of `kmsdoctor check` in-process (package
// probe, wired by cmd: collect does no network I/O of its own but through
// winsys) and returns the check report (JSON, for people) and the
// check-evidence item analyze reads.
type CheckFunc func(ctx context.Context, t CheckTargets) (reportJSON []byte, ev collected.Check, err error)

// checkTargets reads the client's set-up as the spp collector does (the
// same query, so a recording answers both).
func checkTargets(ctx context.Context, sys winsys.System) (CheckTargets, error) {
	rows, err := winsys.QueryOptional(ctx, sys.WMI, "", spp.ClassService, spp.ServiceProps, spp.ServiceOptional, "")
	if err != nil {
		return CheckTargets{}, err
	}
	var t CheckTargets
	seen := map[string]bool{}
	add := func(host string, port any) {
		host = strings.TrimSpace(host)
		if host == "" {
			return
		}
		p := int64(1688)
		switch n := port.(type) {
		case int64:
			if n > 0 && n < 65536 {
				p = n
			}
		case uint64:
			if n > 0 && n < 65536 {
				p = int64(n)
			}
		}
		hp := fmt.Sprintf("%s:%d", host, p)
		if strings.Contains(host, ":") && !strings.HasPrefix(host, "[") {
			hp = fmt.Sprintf("[%s]:%d", host, p)
		}
		if !seen[strings.ToLower(hp)] {
			seen[strings.ToLower(hp)] = true
			t.Hosts = append(t.Hosts, hp)
		}
	}
	for _, r := range rows {
		s, _ := r["KeyManagementServiceMachine"].(string)
		add(s, r["KeyManagementServicePort"])
		d, _ := r["DiscoveredKeyManagementServiceMachineName"].(string)
		add(d, r["DiscoveredKeyManagementServiceMachinePort"])
		if dom, _ := r["KeyManagementServiceLookupDomain"].(string); dom != "" && t.Domain == "" {
			t.Domain = strings.TrimSuffix(strings.TrimSpace(dom), ".")
		}
	}
	if t.Domain == "" && sys.Net != nil {
		if p, err := sys.Net.NetworkParams(ctx); err == nil {
			t.Domain = strings.TrimSuffix(strings.TrimSpace(p.DomainName), ".")
		}
	}
	return t, nil
}

// CheckCollector is the "check" collector with run as its live checks.
func CheckCollector(run CheckFunc) Collector {
	return Collector{Name: "check", Timeout: 45 * time.Second, Run: func(ctx context.Context, sys winsys.System, out *Out) error {
		t, err := checkTargets(ctx, sys)
		if err != nil && len(t.Hosts) == 0 && t.Domain == "" {
			// Without the client's set-up the checks still test DNS
			// discovery in the system's domain.
			err = fmt.Errorf("KMS client set-up not read (checking DNS discovery only): %w", err)
		}
		rep, ev, cerr := run(ctx, t)
		if len(rep) > 0 {
			out.Add("check/report.json", "data/check-report", rep)
		}
		ev.Head = collected.NewHead(collected.KindCheck)
		out.Add("check/evidence.json", collected.KindCheck, jsonBytes(ev))
		return errors.Join(err, cerr)
	}}
}
