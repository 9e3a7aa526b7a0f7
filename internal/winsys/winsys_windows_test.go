//go:build windows

package winsys_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/winsys"
)

// These run on Windows and under Wine (scripts/wine-test.sh): the registry
// and iphlpapi plumbing, not the licensing data.

func TestRegistryLive(t *testing.T) {
	sys, err := winsys.New()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	v, err := sys.Registry.Values(ctx, `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion`)
	if err != nil {
		t.Fatal(err)
	}
	if v["CurrentBuild"].Type != "REG_SZ" || v["CurrentBuild"].String == "" {
		t.Errorf("CurrentBuild = %+v", v["CurrentBuild"])
	}
	if _, err := sys.Registry.Subkeys(ctx, `HKLM\SOFTWARE\Microsoft`); err != nil {
		t.Errorf("Subkeys: %v", err)
	}
	if _, err := sys.Registry.Values(ctx, `HKLM\SOFTWARE\kmsdoctor-does-not-exist`); !errors.Is(err, winsys.ErrNotExist) {
		t.Errorf("absent key: %v, want ErrNotExist", err)
	}
}

func TestNetLive(t *testing.T) {
	sys, err := winsys.New()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := sys.Net.DNSConfig(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Adapters) == 0 {
		t.Error("no adapters")
	}
	t.Logf("%+v", cfg)
}

func TestRunnerLive(t *testing.T) {
	sys, err := winsys.New()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sys.Run.Run(context.Background(), `..\evil`); err == nil {
		t.Error("a path as argv[0] must be refused")
	}
}

// TestWMIMethodsLive: the COM plumbing of fix's method calls. A query
// reads properties and object paths; a call on an object that does not
// exist fails with an *Error carrying a code (WBEM_E_INVALID_CLASS or
// _NOT_FOUND on Windows; under Wine whatever its wbemprox returns). It
// changes nothing: the class does not exist.
func TestWMIMethodsLive(t *testing.T) {
	m, err := winsys.NewMethods()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	objs, err := m.Objects(ctx, "", "SELECT Caption FROM Win32_OperatingSystem", []string{"Caption"})
	var we *winsys.Error
	switch {
	case err == nil:
		if len(objs) == 0 || objs[0].Path == "" {
			t.Errorf("objects %+v", objs)
		}
		t.Logf("%+v", objs)
	case errors.As(err, &we) && we.Code != 0:
		t.Logf("Objects failed cleanly: %v", err)
	default:
		t.Errorf("Objects: %v (want rows or an *Error with a code)", err)
	}
	_, err = m.Call(ctx, "", `Kmsdoctor_NoSuchClass.Name="x"`, "Nothing")
	if !errors.As(err, &we) || we.Code == 0 {
		t.Fatalf("Call on a missing object: %v, want an *Error with a code", err)
	}
	t.Logf("Call failed as expected: %v", err)
}

// TestHostLive runs the calls added for collect's machine facts: under
// Wine they reach iphlpapi, winhttp, advapi32 and kernel32.
func TestHostLive(t *testing.T) {
	ctx := context.Background()
	sys, err := winsys.New()
	if err != nil {
		t.Fatal(err)
	}
	n := sys.Net
	if p, err := n.NetworkParams(ctx); err != nil {
		t.Errorf("NetworkParams: %v", err)
	} else {
		t.Logf("%+v", p)
	}
	if p, err := n.DefaultProxy(ctx); err != nil {
		t.Errorf("DefaultProxy: %v", err)
	} else {
		t.Logf("%+v", p)
	}
	h := sys.Host
	fi, err := h.Stat(ctx, `%SystemRoot%\System32`)
	if err != nil || !fi.Dir {
		t.Errorf("Stat: %+v %v", fi, err)
	}
	if _, err := h.Stat(ctx, `%SystemRoot%\no-such-file.dat`); !errors.Is(err, winsys.ErrNotExist) {
		t.Errorf("Stat of a missing file: %v", err)
	}
	sddl, err := h.SDDL(ctx, `%SystemRoot%\System32`)
	t.Logf("SDDL %q %v", sddl, err)
	l, err := h.Language(ctx)
	t.Logf("Language %+v %v", l, err)
}

// TestLookupSRVLive asks the system resolver (DnsQuery, dnsapi.dll) for the
// SRV records of a name under .invalid, which RFC 2606 reserves so that it
// never resolves: an answer with records is wrong, and the error must come
// back (as ErrNotExist when a resolver answered NXDOMAIN; under Wine
// without a network it may be another DnsQuery error), not hang.
func TestLookupSRVLive(t *testing.T) {
	sys, err := winsys.New()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var srv []winsys.SRV
	go func() {
		defer close(done)
		srv, err = sys.Net.LookupSRV(context.Background(), "_vlmcs._tcp.kmsdoctor-test.invalid")
	}()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("DnsQuery did not return within 60 s")
	}
	if err == nil {
		t.Fatalf("records for a .invalid name: %+v", srv)
	}
	t.Logf("LookupSRV failed as it must (not-found: %v): %v", errors.Is(err, winsys.ErrNotExist), err)
}
