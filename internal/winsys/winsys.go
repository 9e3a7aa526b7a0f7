// Package winsys is the seam between kmsdoctor and the Windows APIs that
// `kmsdoctor collect` reads: WMI, the event log, the registry, the DNS
// client set-up and a few fixed commands. Each is a small interface, so
// that the collectors run on any OS against a fake (package winsys/fake)
// that replays answers recorded on a real machine (record.go).
//
// The real implementations are in the *_windows.go files: the registry
// through golang.org/x/sys/windows/registry, the DNS set-up through
// GetAdaptersAddresses, the event log through wevtapi.dll (x/sys has no
// bindings for it, so the few calls are made by hand), and WMI through a
// small reader of our own on github.com/go-ole/go-ole that reads each
// property through SWbemObject.Properties_ (the reflection-based WMI
// libraries read members directly, which fails under Wine, and they drop
// the EXCEPINFO that carries the licensing error code). On other systems
// New returns ErrUnsupported.
package winsys

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Errors every implementation (real, recorded, fake) returns for the same
// conditions.
var (
	// ErrUnsupported: the Windows APIs are not available on this OS.
	ErrUnsupported = errors.New("winsys: the Windows APIs are not available on this system")
	// ErrInvalidQuery: WMI refused the query (WBEM_E_INVALID_QUERY,
	// WBEM_E_INVALID_PROPERTY, or a property this build does not have):
	// the caller retries without its optional properties.
	ErrInvalidQuery = errors.New("winsys: invalid WMI query")
	// ErrNotExist: the registry key, value, event channel or command does
	// not exist on this machine.
	ErrNotExist = errors.New("winsys: does not exist")
)

// WMI HRESULTs that mean "invalid query" (wbemcli.h).
const (
	WBEMInvalidQuery    = 0x80041017
	WBEMInvalidProperty = 0x80041008
	WBEMNotFound        = 0x80041002
	WBEMInvalidClass    = 0x80041010
)

// Error is a failed Windows call with its HRESULT. For a WMI call that
// failed with DISP_E_EXCEPTION, Code is the SCODE of the EXCEPINFO: the
// provider's own code (for the licensing classes an SPP code such as
// 0xC004F074).
type Error struct {
	Op   string // "wmi query", "EvtQuery", ...
	Code uint32
	Msg  string
}

func (e *Error) Error() string {
	if e.Msg != "" {
		return fmt.Sprintf("%s: 0x%08X: %s", e.Op, e.Code, e.Msg)
	}
	return fmt.Sprintf("%s: 0x%08X", e.Op, e.Code)
}

// HRESULT is Code: the error code remedy.Code and the knowledge base
// read.
func (e *Error) HRESULT() uint32 { return e.Code }

// Is makes the WMI invalid-query codes match ErrInvalidQuery.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrInvalidQuery:
		return e.Code == WBEMInvalidQuery || e.Code == WBEMInvalidProperty
	case ErrNotExist:
		return e.Code == WBEMNotFound || e.Code == WBEMInvalidClass
	}
	return false
}

// Row is one WMI instance: property name to value. Values are string,
// bool, int64, uint64, float64, []string or nil (a property that is NULL),
// so that a row survives a JSON round trip as the same Go values once read
// back with DecodeRow.
type Row map[string]any

// WMI reads instances of a class.
type WMI interface {
	// Query runs SELECT props FROM class [WHERE where] in namespace
	// (root\cimv2 when empty). It never selects "*": props is the explicit
	// list. It returns an error matching ErrInvalidQuery when a property or
	// the class is unknown on this build.
	Query(ctx context.Context, namespace, class string, props []string, where string) ([]Row, error)
}

// QueryOptional queries required+optional properties and, when the query
// is refused as invalid (an older build without the newer properties),
// once more with the required properties only.
func QueryOptional(ctx context.Context, w WMI, namespace, class string, required, optional []string, where string) ([]Row, error) {
	if len(optional) > 0 {
		rows, err := w.Query(ctx, namespace, class, append(append([]string{}, required...), optional...), where)
		if !errors.Is(err, ErrInvalidQuery) {
			return rows, err
		}
	}
	return w.Query(ctx, namespace, class, required, where)
}

// Object is one WMI instance with its relative path
// (SoftwareLicensingService.Version="10.0.22621.1", what Methods.Call
// takes).
type Object struct {
	Path  string
	Props Row
}

// Methods calls the WMI methods `kmsdoctor fix` uses (the methods
// slmgr.vbs and ospp.vbs call on SoftwareLicensingService and
// SoftwareLicensingProduct). There is no fake or recording of it here:
// internal/remedy/fake records the calls one level up.
type Methods interface {
	// Objects runs the WQL query wql in namespace (root\cimv2 when empty)
	// and returns each object's path and the properties props (the list
	// the query selects).
	Objects(ctx context.Context, namespace, wql string, props []string) ([]Object, error)
	// Call calls method with args on the object at path and returns the
	// method's ReturnValue. A failing call returns an *Error whose Code is
	// the provider's HRESULT (e.g. 0xC004F074).
	Call(ctx context.Context, namespace, path, method string, args ...any) (uint32, error)
}

// EventLog reads a channel of the event log.
type EventLog interface {
	// Render calls fn with the XML of each event of channel that matches
	// the XPath query xpath, oldest first (EvtQuery, EvtNext, EvtRender).
	Render(ctx context.Context, channel, xpath string, fn func(eventXML []byte) error) error
	// Export writes the matching events of channel to the .evtx file dst
	// (EvtExportLog); dst must not exist.
	Export(ctx context.Context, channel, xpath, dst string) error
}

// Value is one registry value. Type is the REG_* name ("REG_SZ",
// "REG_EXPAND_SZ", "REG_MULTI_SZ", "REG_DWORD", "REG_QWORD",
// "REG_BINARY", "REG_NONE"...); the field of its kind is set.
type Value struct {
	Type    string   `json:"type"`
	String  string   `json:"string,omitempty"`
	Strings []string `json:"strings,omitempty"`
	Int     uint64   `json:"int,omitempty"`
	Binary  []byte   `json:"binary,omitempty"`
}

// Registry reads keys. A key is written with its hive first, as reg.exe
// does: HKLM\SOFTWARE\..., HKU\S-1-5-20\..., HKCU\...
type Registry interface {
	// Values returns the values of key (the default value under "").
	// It returns an error matching ErrNotExist when the key is absent.
	Values(ctx context.Context, key string) (map[string]Value, error)
	// Subkeys returns the names of the subkeys of key, sorted.
	Subkeys(ctx context.Context, key string) ([]string, error)
}

// Adapter is one network adapter's DNS set-up (GetAdaptersAddresses).
type Adapter struct {
	Name         string   `json:"name"`          // AdapterName (a GUID)
	FriendlyName string   `json:"friendly_name"` // "Ethernet"
	Description  string   `json:"description"`
	Up           bool     `json:"up"`
	DNSSuffix    string   `json:"dns_suffix"`  // the connection-specific suffix
	SearchList   []string `json:"search_list"` // the per-adapter suffix search list (FirstDnsSuffix)
	DNSServers   []string `json:"dns_servers"`
	Addresses    []string `json:"addresses"`
}

// DNSConfig is the machine's DNS client set-up.
type DNSConfig struct {
	HostName string    `json:"host_name"`
	Adapters []Adapter `json:"adapters"`
}

// SRV is one answer of an SRV lookup.
type SRV struct {
	Target   string `json:"target"`
	Port     uint16 `json:"port"`
	Priority uint16 `json:"priority"`
	Weight   uint16 `json:"weight"`
}

// NetworkParams is the machine-wide DNS client set-up of GetNetworkParams
// (FIXED_INFO): the host name and primary DNS suffix, the DNS servers and
// the NetBIOS node type.
type NetworkParams struct {
	HostName   string   `json:"host_name"`
	DomainName string   `json:"domain_name"` // the primary DNS suffix
	DNSServers []string `json:"dns_servers"`
	NodeType   uint32   `json:"node_type"`
	ScopeID    string   `json:"scope_id,omitempty"`
	Routing    bool     `json:"enable_routing"`
	Proxy      bool     `json:"enable_proxy"`
	DNS        bool     `json:"enable_dns"`
}

// Proxy is the machine's WinHTTP proxy (WinHttpGetDefaultProxyConfiguration,
// what `netsh winhttp set proxy` writes).
type Proxy struct {
	// AccessType is WINHTTP_ACCESS_TYPE_*: 1 no proxy, 3 named proxy.
	AccessType uint32 `json:"access_type"`
	Proxy      string `json:"proxy,omitempty"`
	Bypass     string `json:"bypass,omitempty"`
}

// WinHTTP access types.
const (
	ProxyNone  = 1 // WINHTTP_ACCESS_TYPE_NO_PROXY
	ProxyNamed = 3 // WINHTTP_ACCESS_TYPE_NAMED_PROXY
)

// Net reads the DNS client set-up and asks the system resolver.
type Net interface {
	DNSConfig(ctx context.Context) (DNSConfig, error)
	// NetworkParams is GetNetworkParams.
	NetworkParams(ctx context.Context) (NetworkParams, error)
	// DefaultProxy is WinHttpGetDefaultProxyConfiguration.
	DefaultProxy(ctx context.Context) (Proxy, error)
	// LookupSRV asks the system resolver (DnsQuery) for the SRV records of
	// name, as the licensing client does for _vlmcs._tcp.<suffix>.
	LookupSRV(ctx context.Context, name string) ([]SRV, error)
}

// Runner runs one of a few fixed commands (w32tm, netsh) and returns its
// standard output. Callers pass constant argv only, never user input;
// argv[0] is a program of %SystemRoot%\System32.
type Runner interface {
	Run(ctx context.Context, argv ...string) ([]byte, error)
}

// FileInfo is what collect keeps of a file: never its content.
type FileInfo struct {
	Size    int64     `json:"size"`
	ModTime time.Time `json:"mod_time"`
	Dir     bool      `json:"dir,omitempty"`
}

// Language is the Windows display language: the user's and the system's
// (GetUserDefaultUILanguage, GetSystemDefaultUILanguage), as LANGIDs and
// locale names (LCIDToLocaleName: "ja-JP").
type Language struct {
	UserID     uint16 `json:"user_id"`
	User       string `json:"user"`
	SystemID   uint16 `json:"system_id"`
	System     string `json:"system"`
	UserLocale string `json:"user_locale,omitempty"` // GetUserDefaultLocaleName (formats)
}

// Host reads facts of the machine that are neither WMI nor the registry.
// Paths may name environment variables as %SystemRoot%.
type Host interface {
	// Stat is the size and modification time of a file (never its
	// content). It returns an error matching ErrNotExist when it is absent.
	Stat(ctx context.Context, path string) (FileInfo, error)
	// SDDL is the security descriptor of a file or folder (owner, group
	// and DACL) in SDDL form (GetNamedSecurityInfo).
	SDDL(ctx context.Context, path string) (string, error)
	// Language is the display language.
	Language(ctx context.Context) (Language, error)
}

// HTTP asks a cloud's instance metadata service: a plain request with no
// proxy, to a link-local address (or metadata.google.internal), with the
// caller's short timeout. It returns the status and at most 64 KiB of the
// body.
type HTTP interface {
	Do(ctx context.Context, method, url string, header map[string]string) (status int, body []byte, err error)
}

// System is everything collect reads from the machine.
type System struct {
	Computer string // the NetBIOS/DNS host name
	WMI      WMI
	Events   EventLog
	Registry Registry
	Net      Net
	Run      Runner
	Host     Host
	HTTP     HTTP
	Now      func() time.Time
}
