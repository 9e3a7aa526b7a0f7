package probe

import (
	"context"
	"strings"
	"time"
)

// KMSClient is how this machine's KMS client is set up, as
// SoftwareLicensingService (or, failing WMI, the SoftwareProtectionPlatform
// registry key) shows it.
type KMSClient struct {
	Host string // KeyManagementServiceMachine (slmgr /skms); "" for DNS discovery
	Port int    // KeyManagementServicePort; 0 for 1688
	// Domain is KeyManagementServiceLookupDomain (slmgr /skms-domain):
	// the domain searched for _vlmcs._tcp instead of the machine's own.
	Domain string
	// Discovered is the host the client found and used last
	// (DiscoveredKeyManagementServiceMachineName/Port), which it tries
	// again first.
	Discovered     string
	DiscoveredPort int
}

// clientTimeout bounds reading the client's set-up (one WMI query).
const clientTimeout = 5 * time.Second

// FromClient is cfg as this machine's KMS client would look when cfg names
// no target, no domain and no Azure cloud (check with no target, on
// Windows): the configured host and port alone, as the client uses nothing
// else then; else the host it discovered last, and its lookup domain or
// the system's search domain for the SRV record. With no Env.Client (off
// Windows), or a client set up for plain DNS discovery with nothing
// discovered yet, cfg is returned as it is and the domain probe finds the
// system's domain as before.
func FromClient(ctx context.Context, cfg Config, env Env) Config {
	if len(cfg.Hosts) > 0 || cfg.Domain != "" || cfg.Azure != "" || cfg.Cloud != "" {
		return cfg
	}
	env = env.withDefaults()
	if env.Client == nil {
		return cfg
	}
	ctx, cancel := context.WithTimeout(ctx, clientTimeout)
	defer cancel()
	c, err := env.Client(ctx)
	if err != nil {
		return cfg
	}
	port := func(p int) int {
		if p <= 0 || p > 65535 {
			return DefaultPort
		}
		return p
	}
	// The name alone: slmgr /skms NAME:PORT keeps the port apart.
	if t, err := ParseHost(strings.TrimSpace(c.Host)); c.Host != "" && err == nil {
		t.Port = port(c.Port)
		cfg.Hosts = []Target{t}
		return cfg
	}
	t, err := ParseHost(strings.TrimSpace(c.Discovered))
	if c.Discovered == "" || err != nil {
		if d := strings.TrimSuffix(strings.TrimSpace(c.Domain), "."); d != "" && validDomain(d) {
			cfg.Domain = d
		}
		return cfg
	}
	t.Port = port(c.DiscoveredPort)
	cfg.Hosts = []Target{t}
	// A target stops the domain probe: name the domain here.
	if d := strings.TrimSuffix(strings.TrimSpace(c.Domain), "."); d != "" && validDomain(d) {
		cfg.Domain = d
	} else if d, _ := env.SystemDomain(cfg.withDefaults().ResolvConf); d != "" {
		cfg.Domain = d
	}
	return cfg
}
