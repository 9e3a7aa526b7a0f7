package evidence

import "time"

// Facts `kmsdoctor collect` read on the machine itself (the bundle's own
// items, read back by internal/collected): the licence store's files and
// folder ACLs, the WinHTTP proxy, Office's installation and the cloud the
// machine runs in (which goes to Context.Cloud).

// StoreFile is a file of the licence store (tokens.dat): its size and
// time, never its content.
type StoreFile struct {
	Path    string
	Missing bool
	Size    int64
	ModTime time.Time
	Error   string // why it could not be read (access denied...)
	Source  Source
}

// StoreACL is the security descriptor of a folder of the licence store,
// in SDDL.
type StoreACL struct {
	Path   string
	SDDL   string
	Error  string
	Source Source
}

// ProxySetting is the machine's WinHTTP proxy. KMS (RPC over TCP 1688)
// does not use it; MAK and online activation over HTTPS do.
type ProxySetting struct {
	// Direct is true when no proxy is set (WINHTTP_ACCESS_TYPE_NO_PROXY).
	Direct bool
	Proxy  string
	Bypass string
	Source Source
}

// OfficeInstall is how Office is installed: Click-to-Run (with its
// release ids) or MSI (with its version folders).
type OfficeInstall struct {
	ClickToRun bool
	MSI        []string // MSI versions found ("16.0", "15.0")
	Version    string   // Click-to-Run VersionToReport
	Platform   string   // x86, x64
	Channel    string   // Click-to-Run update channel (CDNBaseUrl's name, when known)
	// SharedComputer is Click-to-Run's shared computer activation.
	SharedComputer bool
	Releases       []OfficeRelease
	Source         Source
}

// OfficeRelease is one Click-to-Run product (ProductReleaseIds).
type OfficeRelease struct {
	ID string // O365ProPlusRetail, ProPlus2021Volume...
	// License is subscription, volume, retail or unknown.
	License string
}

// Office licence kinds of a release id.
const (
	OfficeSubscription = "subscription"
	OfficeVolume       = "volume"
	OfficeRetail       = "retail"
	OfficeUnknown      = "unknown"
)
