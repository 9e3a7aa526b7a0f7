package remedy

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/winsys"
)

// Caller is the MethodCaller of the machine fix runs on: an adapter over
// the go-ole WMI of internal/winsys (winsys.NewMethods), in root\cimv2.
// Its errors are *winsys.Error, whose HRESULT() is the provider's code
// (the SCODE of the EXCEPINFO), which Code and Explain read.
type Caller struct{ M winsys.Methods }

var _ MethodCaller = Caller{}

var selectRE = regexp.MustCompile(`(?is)^\s*SELECT\s+(.+?)\s+FROM\s+\w+`)

// selectList is the property list of "SELECT a, b FROM Class ...": the
// WMI reader reads exactly those (never "*").
func selectList(wql string) ([]string, error) {
	m := selectRE.FindStringSubmatch(wql)
	if m == nil {
		return nil, fmt.Errorf("wmi: not a SELECT ... FROM query: %q", wql)
	}
	var props []string
	for _, p := range strings.Split(m[1], ",") {
		p = strings.TrimSpace(p)
		if p == "" || p == "*" || strings.ContainsAny(p, " \t()") {
			return nil, fmt.Errorf("wmi: %q: an explicit property list is required", wql)
		}
		props = append(props, p)
	}
	return props, nil
}

// Query runs wql and returns each object's path and the selected
// properties.
func (c Caller) Query(ctx context.Context, wql string) ([]Row, error) {
	props, err := selectList(wql)
	if err != nil {
		return nil, err
	}
	objs, err := c.M.Objects(ctx, "", wql, props)
	rows := make([]Row, 0, len(objs))
	for _, o := range objs {
		rows = append(rows, Row{Path: o.Path, Props: o.Props})
	}
	return rows, err
}

// Call calls method on the object at objectPath.
func (c Caller) Call(ctx context.Context, objectPath, method string, args ...any) (uint32, error) {
	return c.M.Call(ctx, "", objectPath, method, args...)
}

// Machine is the Licensing of this machine (WMI through winsys, with the
// Windows version that picks the Office classes), or an error matching
// winsys.ErrUnsupported off Windows. Its Store is the FileStore of
// %SystemRoot% with the service manager (rebuild_tokens).
func Machine() (*WMI, error) {
	m, err := winsys.NewMethods()
	if err != nil {
		return nil, err
	}
	v, err := winsys.OSVersion()
	if err != nil {
		return nil, err
	}
	return &WMI{C: Caller{M: m}, WindowsVersion: v, Store: machineStore()}, nil
}
