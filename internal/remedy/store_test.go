package remedy_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/kmsdoctor/kmsdoctor/internal/diagnose"
	"github.com/kmsdoctor/kmsdoctor/internal/remedy"
	"github.com/kmsdoctor/kmsdoctor/internal/remedy/fake"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
	"github.com/kmsdoctor/kmsdoctor/internal/testutil/wintemp"
)

type fakeServices struct {
	calls   []string
	stopErr error
	// running says whether sppsvc runs; tokens.dat must not be touched while it does.
	running bool
	store   string
	seen    []bool // was tokens.dat present at each Start
}

func (f *fakeServices) Stop(_ context.Context, name string) error {
	f.calls = append(f.calls, "stop "+name)
	if f.stopErr != nil {
		return f.stopErr
	}
	f.running = false
	return nil
}

func (f *fakeServices) Start(_ context.Context, name string) error {
	f.calls = append(f.calls, "start "+name)
	f.running = true
	// sppsvc writes a fresh store when it starts without one.
	if _, err := os.Stat(filepath.Join(f.store, "tokens.dat")); err != nil {
		os.WriteFile(filepath.Join(f.store, "tokens.dat"), []byte("fresh"), 0o600)
	}
	return nil
}

func utf16le(s string) []byte {
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

// windowsTree is a %SystemRoot% with a licence store and licence files.
func windowsTree(t *testing.T) (root, store string) {
	root = wintemp.TempDir(t)
	store = filepath.Join(root, "System32", "spp", "store", "2.0")
	tokens := filepath.Join(root, "System32", "spp", "tokens", "skus", "Professional")
	for _, d := range []string{store, tokens, filepath.Join(root, "System32", "oem")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(store, "tokens.dat"), []byte("damaged store"), 0o600)
	os.WriteFile(filepath.Join(store, "tokens.bar"), []byte("older backup"), 0o600)
	os.WriteFile(filepath.Join(tokens, "Professional-ppdlic.xrm-ms"), []byte("<r:license>pro</r:license>"), 0o644)
	os.WriteFile(filepath.Join(tokens, "readme.txt"), []byte("not a licence"), 0o644)
	os.WriteFile(filepath.Join(root, "System32", "oem", "oem.XRM-MS"), utf16le("<r:license>oem</r:license>"), 0o644)
	return root, store
}

func TestFileStoreBackup(t *testing.T) {
	root, store := windowsTree(t)
	svc := &fakeServices{running: true, store: store}
	fs := &remedy.FileStore{Root: root, Services: svc, Now: func() time.Time { return time.Date(2026, 9, 23, 10, 0, 0, 0, time.UTC) }}
	backup, err := fs.Backup(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(store, "tokens.dat.kmsdoctor-20260923T100000Z.bak"); backup != want {
		t.Errorf("backup = %s, want %s", backup, want)
	}
	read := func(name string) string { b, _ := os.ReadFile(filepath.Join(store, name)); return string(b) }
	if read(filepath.Base(backup)) != "damaged store" || read("tokens.bar") != "damaged store" ||
		read("tokens.bar.kmsdoctor-20260923T100000Z.bak") != "older backup" || read("tokens.dat") != "fresh" {
		t.Errorf("store after backup: bak=%q bar=%q oldbar=%q dat=%q", read(filepath.Base(backup)), read("tokens.bar"),
			read("tokens.bar.kmsdoctor-20260923T100000Z.bak"), read("tokens.dat"))
	}
	if !slices.Equal(svc.calls, []string{"stop sppsvc", "start sppsvc"}) {
		t.Errorf("service calls = %v", svc.calls)
	}
	lics, err := fs.Licenses(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(lics) != 2 || lics[0] != "<r:license>pro</r:license>" || lics[1] != "<r:license>oem</r:license>" {
		t.Errorf("licences = %q", lics)
	}
}

func TestFileStoreStopFails(t *testing.T) {
	root, store := windowsTree(t)
	svc := &fakeServices{running: true, store: store, stopErr: errors.New("access denied")}
	fs := &remedy.FileStore{Root: root, Services: svc}
	if _, err := fs.Backup(context.Background()); err == nil || !strings.Contains(err.Error(), "stop sppsvc") {
		t.Fatalf("err = %v", err)
	}
	entries, _ := os.ReadDir(store)
	if len(entries) != 2 {
		t.Errorf("the store was changed though sppsvc did not stop: %v", entries)
	}
}

// rebuild_tokens end to end over the fake WMI: the backup, then
// InstallLicense of each licence file's text, then RefreshLicenseStatus.
func TestRebuildTokensCalls(t *testing.T) {
	root, store := windowsTree(t)
	c := fake.Machine()
	w := &remedy.WMI{C: c, WindowsVersion: "10.0.22621", Store: &remedy.FileStore{Root: root, Services: &fakeServices{store: store}}}
	backup, err := w.RebuildTokens(context.Background())
	if err != nil || !strings.HasPrefix(filepath.Base(backup), "tokens.dat.kmsdoctor-") {
		t.Fatalf("backup %q, err %v", backup, err)
	}
	want := []string{
		fake.ServicePath + `.InstallLicense("<r:license>pro</r:license>")`,
		fake.ServicePath + `.InstallLicense("<r:license>oem</r:license>")`,
		fake.ServicePath + `.RefreshLicenseStatus()`,
	}
	if got := c.Strings(); !slices.Equal(got, want) {
		t.Errorf("calls:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// set_kms with a product: planned as an applicable step and carried out
// on that product row only (slmgr /skms host:port ActID).
func TestSetKMSProduct(t *testing.T) {
	st := diagnose.SetKMSProduct("kms01.contoso.com", 1688, "2DE67392-B7A7-462A-B1CA-108DD189F588")
	if st.Run != "slmgr.vbs /skms kms01.contoso.com:1688 2de67392-b7a7-462a-b1ca-108dd189f588" || st.OpArgs["product"] != "2de67392-b7a7-462a-b1ca-108dd189f588" {
		t.Fatalf("step = %+v", st)
	}
	r := rep(report.Finding{ID: "license.kms_name.wrong", Steps: []report.Step{st}})
	p := remedy.Build(r, r.Subject, remedy.Options{})
	if len(p.Auto) != 1 || p.Auto[0].Args["product"] != "2de67392-b7a7-462a-b1ca-108dd189f588" {
		t.Fatalf("auto = %+v, others = %+v", p.Auto, p.Others)
	}
	c := fake.Machine()
	run := executor(c, &fake.Clock{}).Apply(context.Background(), p.Auto)
	if !run.OK() {
		t.Fatalf("run = %+v", run)
	}
	want := []string{fake.WindowsPath + `.SetKeyManagementServiceMachine("kms01.contoso.com")`, fake.WindowsPath + `.SetKeyManagementServicePort(uint32(1688))`}
	if got := c.Strings(); !slices.Equal(got, want) {
		t.Errorf("calls = %v", got)
	}
	// A hostile or missing activation id is a hole: never applied.
	bad := diagnose.SetKMSProduct("kms01.contoso.com", 1688, "x & calc")
	r = rep(report.Finding{ID: "license.kms_name.wrong", Steps: []report.Step{bad}})
	p = remedy.Build(r, r.Subject, remedy.Options{})
	if len(p.Auto) != 0 {
		t.Errorf("hostile activation id applied: %+v", p.Auto)
	}
}
