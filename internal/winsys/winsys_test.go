package winsys_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/testutil/wintemp"
	"github.com/kmsdoctor/kmsdoctor/internal/winsys"
	"github.com/kmsdoctor/kmsdoctor/internal/winsys/fake"
)

func TestNewOffWindows(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("windows")
	}
	if _, err := winsys.New(); !errors.Is(err, winsys.ErrUnsupported) {
		t.Fatalf("New() error = %v, want ErrUnsupported", err)
	}
}

func TestErrorIs(t *testing.T) {
	tests := []struct {
		code uint32
		want error
	}{
		{winsys.WBEMInvalidQuery, winsys.ErrInvalidQuery},
		{winsys.WBEMInvalidProperty, winsys.ErrInvalidQuery},
		{winsys.WBEMInvalidClass, winsys.ErrNotExist},
	}
	for _, tt := range tests {
		if err := error(&winsys.Error{Op: "q", Code: tt.code}); !errors.Is(err, tt.want) {
			t.Errorf("0x%08X: errors.Is(%v) false", tt.code, tt.want)
		}
	}
	if errors.Is(&winsys.Error{Code: 0xC004F074}, winsys.ErrInvalidQuery) {
		t.Error("an SPP code is not an invalid query")
	}
}

func TestCallErrRoundTrip(t *testing.T) {
	for _, err := range []error{
		&winsys.Error{Op: "ExecQuery", Code: 0xC004F074, Msg: "no KMS"},
		winsys.ErrInvalidQuery, winsys.ErrNotExist, winsys.ErrUnsupported, errors.New("boom"),
	} {
		back := winsys.RecordErr(err).Err()
		if back.Error() == "" {
			t.Errorf("%v: empty", err)
		}
		for _, s := range []error{winsys.ErrInvalidQuery, winsys.ErrNotExist, winsys.ErrUnsupported} {
			if errors.Is(err, s) != errors.Is(back, s) {
				t.Errorf("%v -> %v: errors.Is(%v) differs", err, back, s)
			}
		}
		var we *winsys.Error
		if errors.As(err, &we) {
			var wb *winsys.Error
			if !errors.As(back, &wb) || wb.Code != we.Code {
				t.Errorf("%v -> %v: code lost", err, back)
			}
		}
	}
	if winsys.RecordErr(nil) != nil || (*winsys.CallErr)(nil).Err() != nil {
		t.Error("nil must stay nil")
	}
}

// stubWMI refuses queries that name an optional property.
type stubWMI struct{ calls [][]string }

func (s *stubWMI) Query(_ context.Context, _, _ string, props []string, _ string) ([]winsys.Row, error) {
	s.calls = append(s.calls, props)
	for _, p := range props {
		if p == "ProductKeyChannel" {
			return nil, &winsys.Error{Op: "ExecQuery", Code: winsys.WBEMInvalidQuery}
		}
	}
	return []winsys.Row{{"Name": "Windows"}}, nil
}

func TestQueryOptionalRetries(t *testing.T) {
	w := &stubWMI{}
	rows, err := winsys.QueryOptional(context.Background(), w, "", "SoftwareLicensingProduct", []string{"Name"}, []string{"ProductKeyChannel"}, "")
	if err != nil || len(rows) != 1 {
		t.Fatalf("rows %v, err %v", rows, err)
	}
	if !reflect.DeepEqual(w.calls, [][]string{{"Name", "ProductKeyChannel"}, {"Name"}}) {
		t.Errorf("calls = %v", w.calls)
	}
}

// TestRecordReplay records a fake System and replays the recording: every
// answer, error and exported file comes back the same.
func TestRecordReplay(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	src := winsys.Fixtures{
		Computer: "PC01", Now: now,
		WMI: []winsys.WMICall{
			{Class: "SoftwareLicensingService", Props: []string{"Version", "ClientMachineID", "KeyManagementServiceCurrentCount"},
				Rows: []winsys.Row{{"Version": "10.0.19041.1", "ClientMachineID": "c1", "KeyManagementServiceCurrentCount": int64(-1)}}},
			{Class: "OfficeSoftwareProtectionService", Props: []string{"Version"}, Err: &winsys.CallErr{Kind: "hresult", Code: winsys.WBEMInvalidClass}},
		},
		Registry: []winsys.RegCall{
			{Op: "values", Key: `HKLM\SOFTWARE\K`, Values: map[string]winsys.Value{"A": {Type: "REG_SZ", String: "x"}, "N": {Type: "REG_DWORD", Int: 7}, "M": {Type: "REG_MULTI_SZ", Strings: []string{"a", "b"}}}},
			{Op: "subkeys", Key: `HKLM\SOFTWARE\K`, Subkeys: []string{"S1"}},
			{Op: "values", Key: `HKLM\SOFTWARE\Gone`, Err: &winsys.CallErr{Kind: "not_exist", Msg: "gone"}},
		},
		DNSConfig: &winsys.DNSCall{Config: winsys.DNSConfig{HostName: "PC01", Adapters: []winsys.Adapter{{Name: "{1}", DNSSuffix: "corp.example", DNSServers: []string{"10.0.0.1"}}}}},
		SRV:       []winsys.SRVCall{{Name: "_vlmcs._tcp.corp.example", Records: []winsys.SRV{{Target: "kms.corp.example.", Port: 1688}}}},
		Run:       []winsys.RunCall{{Argv: []string{"w32tm", "/query", "/status"}, Output: "Stratum: 3\n"}},
		Events: []winsys.EventCall{
			{Op: "render", Channel: "Application", XPath: "*", Events: []string{"<Event/>", "<Event/>"}},
			{Op: "export", Channel: "Application", XPath: "*", File: "1.evtx"},
		},
	}
	srcDir := wintemp.TempDir(t)
	if err := os.MkdirAll(filepath.Join(srcDir, "evtx"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(srcDir, "evtx", "1.evtx"), []byte("ElfFile\x00raw"), 0o644); err != nil {
		t.Fatal(err)
	}
	live := fake.New(src, os.DirFS(srcDir))
	rec := winsys.NewRecorder(live)
	exercise(t, rec.System())
	dir := wintemp.TempDir(t)
	if err := rec.Save(dir); err != nil {
		t.Fatal(err)
	}
	replayed, err := fake.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if replayed.Computer != "PC01" || !replayed.Now().Equal(now) {
		t.Errorf("computer %q now %v", replayed.Computer, replayed.Now())
	}
	a, b := exercise(t, live), exercise(t, replayed)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("replay differs:\nlive   %#v\nreplay %#v", a, b)
	}
}

// exercise makes every call of the fixtures above and returns the answers.
func exercise(t *testing.T, s winsys.System) []any {
	t.Helper()
	ctx := context.Background()
	var out []any
	add := func(v any, err error) {
		out = append(out, v)
		if err != nil {
			out = append(out, winsys.RecordErr(err).Kind)
		}
	}
	add(s.WMI.Query(ctx, "", "SoftwareLicensingService", []string{"Version", "ClientMachineID", "KeyManagementServiceCurrentCount"}, ""))
	add(s.WMI.Query(ctx, "", "OfficeSoftwareProtectionService", []string{"Version"}, ""))
	add(s.Registry.Values(ctx, `HKLM\SOFTWARE\K`))
	add(s.Registry.Subkeys(ctx, `HKLM\SOFTWARE\K`))
	add(s.Registry.Values(ctx, `HKLM\SOFTWARE\Gone`))
	add(s.Net.DNSConfig(ctx))
	add(s.Net.LookupSRV(ctx, "_vlmcs._tcp.corp.example"))
	o, err := s.Run.Run(ctx, "w32tm", "/query", "/status")
	add(string(o), err)
	var evs []string
	err = s.Events.Render(ctx, "Application", "*", func(b []byte) error { evs = append(evs, string(b)); return nil })
	add(evs, err)
	dst := filepath.Join(wintemp.TempDir(t), "x.evtx")
	err = s.Events.Export(ctx, "Application", "*", dst)
	raw, _ := os.ReadFile(dst)
	add(string(raw), err)
	_, err = s.Registry.Values(ctx, `HKLM\NotRecorded`)
	add(nil, err)
	if !errors.Is(err, winsys.ErrNotExist) {
		t.Errorf("unrecorded call: %v", err)
	}
	return out
}
