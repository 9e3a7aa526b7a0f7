package remedy

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/winsys"
)

// methods is a fake winsys.Methods: one service object, calls recorded.
type methods struct {
	queries [][]string
	calls   []string
	fail    error
}

func (m *methods) Objects(_ context.Context, ns, wql string, props []string) ([]winsys.Object, error) {
	m.queries = append(m.queries, props)
	return []winsys.Object{{Path: `SoftwareLicensingService.Version="10.0.22621.1"`,
		Props: winsys.Row{"Version": "10.0.22621.1", "KeyManagementServiceMachine": "old.contoso.com"}}}, nil
}

func (m *methods) Call(_ context.Context, ns, path, method string, args ...any) (uint32, error) {
	m.calls = append(m.calls, fmt.Sprintf("%s.%s%v", path, method, args))
	if m.fail != nil && method == "SetKeyManagementServicePort" {
		return 0, m.fail
	}
	return 0, nil
}

func TestSelectList(t *testing.T) {
	for _, tc := range []struct {
		wql  string
		want []string
	}{
		{"SELECT Version, KeyManagementServiceMachine FROM SoftwareLicensingService", []string{"Version", "KeyManagementServiceMachine"}},
		{"select ID,Name from SoftwareLicensingProduct WHERE ApplicationId = 'x'", []string{"ID", "Name"}},
		{"SELECT * FROM SoftwareLicensingService", nil},
		{"DELETE FROM x", nil},
		{"SELECT a b FROM x", nil},
	} {
		got, err := selectList(tc.wql)
		if !slices.Equal(got, tc.want) || (err == nil) != (tc.want != nil) {
			t.Errorf("%q: %v, %v", tc.wql, got, err)
		}
	}
}

// TestCallerSetKMS: the WMI ops through the winsys adapter, with a failure
// that carries the provider's code.
func TestCallerSetKMS(t *testing.T) {
	m := &methods{}
	w := &WMI{C: Caller{M: m}, WindowsVersion: "10.0.22621"}
	if err := w.SetKMS(context.Background(), AppWindows, "kms01.contoso.com", 1688); err != nil {
		t.Fatal(err)
	}
	want := []string{
		`SoftwareLicensingService.Version="10.0.22621.1".SetKeyManagementServiceMachine[kms01.contoso.com]`,
		`SoftwareLicensingService.Version="10.0.22621.1".SetKeyManagementServicePort[1688]`,
	}
	if !slices.Equal(m.calls, want) {
		t.Errorf("calls %q", m.calls)
	}
	if len(m.queries) != 1 || !slices.Contains(m.queries[0], "RemainingWindowsReArmCount") {
		t.Errorf("queries %v", m.queries)
	}

	m = &methods{fail: &winsys.Error{Op: "SetKeyManagementServicePort", Code: 0xC004F074}}
	w.C = Caller{M: m}
	err := w.SetKMS(context.Background(), AppWindows, "kms01.contoso.com", 1688)
	if c, ok := Code(err); !ok || c != 0xC004F074 {
		t.Errorf("code of %v: %#x %v", err, c, ok)
	}
	var ce *CallError
	if !errors.As(err, &ce) || ce.Method != "SetKeyManagementServicePort" {
		t.Errorf("err %v", err)
	}
	// The previous name is put back, as slmgr does.
	if got := m.calls[len(m.calls)-1]; got != `SoftwareLicensingService.Version="10.0.22621.1".SetKeyManagementServiceMachine[old.contoso.com]` {
		t.Errorf("last call %q", got)
	}
}

func TestMachineOffWindows(t *testing.T) {
	if _, err := winsys.NewMethods(); err == nil {
		t.Skip("on Windows")
	}
	if _, err := Machine(); !errors.Is(err, winsys.ErrUnsupported) {
		t.Errorf("Machine: %v", err)
	}
}
