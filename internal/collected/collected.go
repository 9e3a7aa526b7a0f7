// Package collected reads back the JSON items `kmsdoctor collect` writes
// for the facts no other reader knows: the licence store (tokens.dat's size
// and time, the spp folders' SDDL), the WinHTTP proxy, Office's
// installation, the cloud from its metadata service, and the evidence of
// the in-process live checks. Each item is an object with an "item" member
// naming it ("kmsdoctor/spp-store"...), so that Detect never guesses; the
// types here are what collect writes and what Read reads, so the two
// cannot drift apart.
package collected

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
)

// Item names (the "item" member) and the ingest kinds that read them.
const (
	KindStore   = "spp-store"
	KindProxy   = "winhttp-proxy"
	KindOffice  = "office-install"
	KindCloud   = "cloud-metadata"
	KindCheck   = "check-evidence"
	itemPrefix  = "kmsdoctor/"
	maxItemSize = 8 << 20
)

// Head is the member every item starts with.
type Head struct {
	Item string `json:"item"`
}

// File is one file of Store.
type File struct {
	Path    string    `json:"path"`
	Missing bool      `json:"missing,omitempty"`
	Size    int64     `json:"size,omitempty"`
	ModTime time.Time `json:"mod_time,omitzero"`
	Error   string    `json:"error,omitempty"`
}

// ACL is one folder of Store.
type ACL struct {
	Path  string `json:"path"`
	SDDL  string `json:"sddl,omitempty"`
	Error string `json:"error,omitempty"`
}

// Store is the spp-store item.
type Store struct {
	Head
	Files []File `json:"files"`
	ACLs  []ACL  `json:"acls"`
}

// Proxy is the winhttp-proxy item (WinHttpGetDefaultProxyConfiguration).
type Proxy struct {
	Head
	AccessType uint32 `json:"access_type"`
	Direct     bool   `json:"direct"`
	Proxy      string `json:"proxy,omitempty"`
	Bypass     string `json:"bypass,omitempty"`
}

// Release is one Click-to-Run product.
type Release struct {
	ID      string `json:"id"`
	License string `json:"license"`
}

// Office is the office-install item.
type Office struct {
	Head
	ClickToRun     bool      `json:"click_to_run"`
	MSI            []string  `json:"msi,omitempty"`
	Version        string    `json:"version,omitempty"`
	Platform       string    `json:"platform,omitempty"`
	Channel        string    `json:"channel,omitempty"`
	SharedComputer bool      `json:"shared_computer_licensing,omitempty"`
	Releases       []Release `json:"releases,omitempty"`
}

// Answer is one metadata request of Cloud.
type Answer struct {
	Provider string `json:"provider"`
	URL      string `json:"url"`
	Status   int    `json:"status,omitempty"`
	Error    string `json:"error,omitempty"`
}

// Cloud is the cloud-metadata item: the cloud whose metadata service
// answered, and only what says where the machine runs (never an account,
// subscription, instance id or address).
type Cloud struct {
	Head
	// Provider is azure, aws, gcp, oci, or "" when none answered.
	Provider string `json:"provider"`
	// Name is the knowledge.Cloud name: azure, azure-china, azure-usgov,
	// aws, gcp, oci.
	Name        string            `json:"name,omitempty"`
	Environment string            `json:"environment,omitempty"` // Azure's azEnvironment
	Region      string            `json:"region,omitempty"`
	Details     map[string]string `json:"details,omitempty"`
	Answers     []Answer          `json:"answers"`
}

// Check is the check-evidence item: the evidence of the live checks
// collect ran in-process (the probes of `kmsdoctor check`).
type Check struct {
	Head
	Targets   []string               `json:"targets"`
	Domain    string                 `json:"domain,omitempty"`
	Resolvers []evidence.Resolver    `json:"resolvers,omitempty"`
	SRV       []evidence.SRVLookup   `json:"srv,omitempty"`
	Names     []evidence.NameLookup  `json:"names,omitempty"`
	TCP       []evidence.TCPProbe    `json:"tcp,omitempty"`
	RPC       []evidence.RPCBind     `json:"rpc,omitempty"`
	Clock     []evidence.ClockSample `json:"clock,omitempty"`
	Probes    []evidence.ProbeRun    `json:"probes,omitempty"`
}

// NewCheck is the Check item of a probe run's evidence.
func NewCheck(targets []string, domain string, s *evidence.Set) Check {
	return Check{Head: Head{itemPrefix + KindCheck}, Targets: targets, Domain: domain, Resolvers: s.Resolvers, SRV: s.SRV,
		Names: s.Names, TCP: s.TCP, RPC: s.RPC, Clock: s.Clock, Probes: s.Probes}
}

// NewHead is the head of the item of kind.
func NewHead(kind string) Head { return Head{itemPrefix + kind} }

// ReleaseLicense says how a Click-to-Run release id is licensed:
// Microsoft 365 (O365*, Microsoft365*) and the subscription Project and
// Visio plans are subscriptions; *Volume ids are volume licensed (KMS or
// MAK); other *Retail ids are retail.
func ReleaseLicense(id string) string {
	l := strings.ToLower(id)
	switch {
	case strings.HasPrefix(l, "o365") || strings.HasPrefix(l, "microsoft365") || strings.HasPrefix(l, "m365") ||
		l == "projectproxretail" || l == "visioproxretail":
		return evidence.OfficeSubscription
	case strings.HasSuffix(l, "volume"):
		return evidence.OfficeVolume
	case strings.HasSuffix(l, "retail"):
		return evidence.OfficeRetail
	}
	return evidence.OfficeUnknown
}

// kindOf is the item kind text names ("" when it is none of ours).
func kindOf(text string) string {
	t := strings.TrimSpace(text)
	if !strings.HasPrefix(t, "{") || len(t) > maxItemSize {
		return ""
	}
	var h Head
	if json.Unmarshal([]byte(t), &h) != nil || !strings.HasPrefix(h.Item, itemPrefix) {
		return ""
	}
	return strings.TrimPrefix(h.Item, itemPrefix)
}

// Detect returns the Detect of kind.
func Detect(kind string) func(string) bool {
	return func(text string) bool { return kindOf(text) == kind }
}

// Read returns the Read of kind.
func Read(kind string) func(file string, line int, text string, s *evidence.Set) error {
	return func(file string, line int, text string, s *evidence.Set) error {
		if k := kindOf(text); k != kind {
			return fmt.Errorf("%s: not a kmsdoctor %s item", file, kind)
		}
		src := evidence.Source{File: file, Line: line}
		dec := func(v any) error {
			if err := json.Unmarshal([]byte(strings.TrimSpace(text)), v); err != nil {
				return fmt.Errorf("%s item: %v", kind, err)
			}
			return nil
		}
		switch kind {
		case KindStore:
			var st Store
			if err := dec(&st); err != nil {
				return err
			}
			for _, f := range st.Files {
				s.StoreFiles = append(s.StoreFiles, evidence.StoreFile{Path: f.Path, Missing: f.Missing, Size: f.Size, ModTime: f.ModTime, Error: f.Error, Source: src})
			}
			for _, a := range st.ACLs {
				s.StoreACLs = append(s.StoreACLs, evidence.StoreACL{Path: a.Path, SDDL: a.SDDL, Error: a.Error, Source: src})
			}
		case KindProxy:
			var p Proxy
			if err := dec(&p); err != nil {
				return err
			}
			s.Proxies = append(s.Proxies, evidence.ProxySetting{Direct: p.Direct, Proxy: p.Proxy, Bypass: p.Bypass, Source: src})
		case KindOffice:
			var o Office
			if err := dec(&o); err != nil {
				return err
			}
			in := evidence.OfficeInstall{ClickToRun: o.ClickToRun, MSI: o.MSI, Version: o.Version, Platform: o.Platform,
				Channel: o.Channel, SharedComputer: o.SharedComputer, Source: src}
			for _, r := range o.Releases {
				in.Releases = append(in.Releases, evidence.OfficeRelease{ID: r.ID, License: ReleaseLicense(r.ID)})
			}
			s.Office = append(s.Office, in)
		case KindCloud:
			var c Cloud
			if err := dec(&c); err != nil {
				return err
			}
			// The cloud the metadata service named, unless the user said
			// which (analyze --cloud is applied after reading).
			if kc, ok := knowledge.LookupCloud(c.Name); ok && s.Context.Cloud == "" && s.Context.AzureCloud == "" {
				s.Context.Cloud, s.Context.AzureCloud = kc.Name, kc.Azure
			}
		case KindCheck:
			var c Check
			if err := dec(&c); err != nil {
				return err
			}
			s.Resolvers = append(s.Resolvers, c.Resolvers...)
			s.SRV = append(s.SRV, c.SRV...)
			s.Names = append(s.Names, c.Names...)
			s.TCP = append(s.TCP, c.TCP...)
			s.RPC = append(s.RPC, c.RPC...)
			s.Clock = append(s.Clock, c.Clock...)
			s.Probes = append(s.Probes, c.Probes...)
		}
		return nil
	}
}
