//go:build windows

package winsys_test

import (
	"context"
	"errors"
	"testing"

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
