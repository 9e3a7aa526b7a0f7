// Package fake is a recording stand-in for WMI and the clock, for tests of
// internal/remedy and cmd/kmsdoctor without Windows.
package fake

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/remedy"
)

// Call is one method call the fake heard.
type Call struct {
	Path, Method string
	Args         []any
}

// String is Path.Method(args) as tests compare it.
func (c Call) String() string {
	var as []string
	for _, a := range c.Args {
		switch v := a.(type) {
		case string:
			as = append(as, fmt.Sprintf("%q", v))
		default:
			as = append(as, fmt.Sprintf("%T(%v)", v, v))
		}
	}
	return c.Path + "." + c.Method + "(" + strings.Join(as, ", ") + ")"
}

// Fault makes calls of Method (any object, or only Path when set) fail with
// Err (or return ReturnValue) for the next Times calls (0: every call).
type Fault struct {
	Path, Method string
	Times        int
	Err          error
	ReturnValue  uint32
}

// HRESULT is an error carrying a code, as the Windows adapter's errors do.
type HRESULT uint32

func (h HRESULT) Error() string   { return fmt.Sprintf("0x%08X", uint32(h)) }
func (h HRESULT) HRESULT() uint32 { return uint32(h) }

// Caller is a fake remedy.MethodCaller: Rows by class, answered to
// "SELECT ... FROM Class [WHERE ApplicationId = '...']", and every call
// recorded in order.
type Caller struct {
	mu      sync.Mutex
	Rows    map[string][]remedy.Row
	Faults  []*Fault
	Calls   []Call
	Queries []string
}

var _ remedy.MethodCaller = (*Caller)(nil)

var fromRE = regexp.MustCompile(`FROM (\w+)`)
var appRE = regexp.MustCompile(`ApplicationId = '([0-9a-f-]+)'`)

// Query answers from Rows.
func (c *Caller) Query(_ context.Context, wql string) ([]remedy.Row, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Queries = append(c.Queries, wql)
	m := fromRE.FindStringSubmatch(wql)
	if m == nil {
		return nil, fmt.Errorf("fake: bad query %q", wql)
	}
	var out []remedy.Row
	app := appRE.FindStringSubmatch(wql)
	for _, r := range c.Rows[m[1]] {
		if app != nil && r.Props["ApplicationId"] != app[1] {
			continue
		}
		out = append(out, r)
	}
	return out, nil
}

// Call records the call and applies the first matching fault.
func (c *Caller) Call(_ context.Context, path, method string, args ...any) (uint32, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Calls = append(c.Calls, Call{Path: path, Method: method, Args: args})
	for _, f := range c.Faults {
		if f.Method != method || (f.Path != "" && f.Path != path) || f.Times < 0 {
			continue
		}
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				f.Times = -1 // used up
			}
		}
		return f.ReturnValue, f.Err
	}
	return 0, nil
}

// Strings are the calls as strings.
func (c *Caller) Strings() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]string, len(c.Calls))
	for i, x := range c.Calls {
		out[i] = x.String()
	}
	return out
}

// Object paths of the machine Windows returns.
const (
	ServicePath = `SoftwareLicensingService.Version="10.0.22621.1"`
	WindowsPath = `SoftwareLicensingProduct.ID="2de67392-b7a7-462a-b1ca-108dd189f588"`
	OfficePath  = `SoftwareLicensingProduct.ID="fbdb3e18-a8ef-4fb3-9183-dffd60bd0984"`
	OSPPService = `OfficeSoftwareProtectionService.Version="14.0.370.0"`
	OSPPProduct = `OfficeSoftwareProtectionProduct.ID="6f327760-8c5c-417c-9b61-836a98287e0c"`
)

// Machine is a Windows 11 Pro machine with a RETAIL key, Office 2016 on a
// KMS client key, 1 rearm left, and the Office service of Windows 7 too
// (used when WMI.WindowsVersion is 6.1).
func Machine() *Caller {
	return &Caller{Rows: map[string][]remedy.Row{
		"SoftwareLicensingService": {{Path: ServicePath, Props: map[string]any{"Version": "10.0.22621.1", "RemainingWindowsReArmCount": uint32(1)}}},
		"SoftwareLicensingProduct": {
			{Path: WindowsPath, Props: map[string]any{"ID": "2de67392-b7a7-462a-b1ca-108dd189f588", "ApplicationId": remedy.WindowsAppID,
				"Name": "Windows(R), Professional edition", "Description": "Windows(R) Operating System, RETAIL channel", "VLActivationTypeEnabled": uint32(0)}},
			{Path: OfficePath, Props: map[string]any{"ID": "fbdb3e18-a8ef-4fb3-9183-dffd60bd0984", "ApplicationId": remedy.OfficeAppID,
				"Name": "Office 16, Office16ProPlusVL_KMS_Client edition", "Description": "Office 16, VOLUME_KMSCLIENT channel"}},
		},
		"OfficeSoftwareProtectionService": {{Path: OSPPService, Props: map[string]any{"Version": "14.0.370.0"}}},
		"OfficeSoftwareProtectionProduct": {{Path: OSPPProduct, Props: map[string]any{"ID": "6f327760-8c5c-417c-9b61-836a98287e0c", "ApplicationId": remedy.OfficeAppID,
			"Name": "Office 14, OfficeProPlus-KMS_Client edition", "Description": "Office 14, VOLUME_KMSCLIENT channel"}}},
	}}
}

// Clock is a fake remedy.Clock: Sleep advances Now at once and records
// the wait.
type Clock struct {
	T     time.Time
	Slept []time.Duration
}

// Now is the fake time.
func (c *Clock) Now() time.Time { return c.T }

// Sleep advances the fake time by d.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.Slept = append(c.Slept, d)
	c.T = c.T.Add(d)
	return nil
}

// Runner records the programs it is asked to run (for remedy.CommandTime
// and CommandDNS) into the Caller's calls, as Path = program.
func (c *Caller) Runner(ctx context.Context, name string, args ...string) (int, error) {
	as := make([]any, len(args))
	for i, a := range args {
		as[i] = a
	}
	rv, err := c.Call(ctx, name, "run", as...)
	return int(int32(rv)), err
}
