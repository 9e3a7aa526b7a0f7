package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/bundle"
	"github.com/kmsdoctor/kmsdoctor/internal/winsys"
	"github.com/kmsdoctor/kmsdoctor/internal/winsys/fake"
)

// withFakeSystem puts the constructed machine of internal/collect behind
// collect's seam.
func withFakeSystem(t *testing.T) {
	t.Helper()
	saved, savedNow := newSystem, analyzeNow
	t.Cleanup(func() { newSystem, analyzeNow = saved, savedNow })
	newSystem = func() (winsys.System, error) { return fake.LoadDir("../../internal/collect/testdata/recorded/ws42") }
	analyzeNow = func() time.Time { return time.Date(2026, 9, 23, 10, 0, 0, 0, time.UTC) }
}

// TestCollectAnalyzeSameAsAnalyze: collect --analyze on the (fake) machine
// and analyze of the bundle it wrote give the same report, in both
// languages and formats.
func TestCollectAnalyzeSameAsAnalyze(t *testing.T) {
	withFakeSystem(t)
	for _, tc := range []struct{ lang, format string }{{"en", "json"}, {"ja", "text"}, {"en", "text"}} {
		zip := filepath.Join(t.TempDir(), "ws42.zip")
		got, stderr, code := runCLI(t, "collect", "-o", zip, "--analyze", "--lang", tc.lang, "--format", tc.format)
		if code != 1 {
			t.Fatalf("collect --analyze exit %d, stderr %s", code, stderr)
		}
		if !strings.Contains(stderr, zip) {
			t.Errorf("stderr %q does not name the bundle", stderr)
		}
		want, _, code2 := runCLI(t, "analyze", zip, "--lang", tc.lang, "--format", tc.format)
		if code2 != code || got != want {
			t.Errorf("%s/%s: collect --analyze (exit %d) and analyze (exit %d) differ:\n--- collect\n%s\n--- analyze\n%s", tc.lang, tc.format, code, code2, got, want)
		}
		if tc.format == "json" {
			for _, s := range []string{`"computer": "WS42.contoso.com"`, `"cmid": "8d3c2a10-4b5e-4f6a-9c7d-1e2f3a4b5c6d"`, `"events.failure.persistent"`} {
				if !strings.Contains(got, s) {
					t.Errorf("report lacks %s", s)
				}
			}
			// One bundle is one machine, whatever names its files show.
			if strings.Contains(got, `"machines"`) {
				t.Errorf("one bundle was split into several machines:\n%s", got)
			}
		}
	}
}

func TestCollectRedactAndRecord(t *testing.T) {
	withFakeSystem(t)
	dir := t.TempDir()
	zip := filepath.Join(dir, "r.zip")
	rec := filepath.Join(dir, "rec")
	out, stderr, code := runCLI(t, "collect", "-o", zip, "--redact", "--record", rec, "--analyze", "--json")
	if code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.Contains(strings.ToLower(out), "ws42") || strings.Contains(out, "contoso") {
		t.Errorf("the redacted report names the machine:\n%s", out)
	}
	// The recording replays to the same bundle.
	newSystem = func() (winsys.System, error) { return fake.LoadDir(rec) }
	again, _, _ := runCLI(t, "collect", "-o", filepath.Join(dir, "again.zip"), "--redact", "--analyze", "--json")
	if again != strings.ReplaceAll(out, "r.zip", "again.zip") {
		t.Errorf("replaying the recording gives another report")
	}
}

func TestCollectOffWindows(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("windows")
	}
	for _, lang := range []string{"en", "ja"} {
		out, stderr, code := runCLI(t, "collect", "--lang", lang, "-o", filepath.Join(t.TempDir(), "x.zip"))
		if code != 2 || out != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "2012 R2") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", lang, code, out, stderr)
		}
	}
}

// TestWineBundle checks a bundle that the real kmsdoctor.exe collect
// wrote under Wine (scripts/wine-test.sh sets KMSDOCTOR_WINE_BUNDLE): the
// registry, DNS set-up and OS collectors gave their files, the WMI and
// event-log collectors (Wine has no licensing service and a stub wevtapi)
// failed into the manifest, and analyze reads the bundle here.
func TestWineBundle(t *testing.T) {
	path := os.Getenv("KMSDOCTOR_WINE_BUNDLE")
	if path == "" {
		t.Skip("KMSDOCTOR_WINE_BUNDLE not set (scripts/wine-test.sh sets it)")
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := bundle.Open(raw)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bundle.Item{}
	for _, it := range b.Manifest.Items {
		if it.Path != "" {
			if _, err := b.Read(it.Path); err != nil {
				t.Errorf("%s: %v", it.Path, err)
			}
		}
		if _, seen := got[it.Collector]; !seen || it.Error != "" {
			got[it.Collector] = it
		}
	}
	for _, c := range []string{"os", "registry", "dns"} {
		if it := got[c]; it.Path == "" || it.Error != "" {
			t.Errorf("collector %s: %+v, want its file and no error", c, it)
		}
	}
	for _, c := range []string{"spp", "events"} {
		if it := got[c]; it.Error == "" {
			t.Errorf("collector %s: %+v, want its error in the manifest (Wine has no licensing WMI, no event log)", c, it)
		}
	}
	out, stderr, code := runCLI(t, "analyze", path, "--json", "--lang", "en")
	if code != 0 && code != 1 {
		t.Fatalf("analyze: exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, `"inputs"`) {
		t.Errorf("analyze output:\n%s", out)
	}
	t.Logf("manifest: %+v", b.Manifest.Items)
}

// TestReportFile: --output (analyze) and --report (collect) write the
// report the screen would show, UTF-8 with a BOM; JSON without one.
func TestReportFile(t *testing.T) {
	withFakeSystem(t)
	dir := t.TempDir()
	zip := filepath.Join(dir, "ws42.zip")
	rep := filepath.Join(dir, "report.txt")
	if _, errs, code := runCLI(t, "collect", "-o", zip, "--report", rep, "--lang", "ja"); code != 1 {
		t.Fatalf("collect: exit %d %s", code, errs)
	}
	screen, _, _ := runCLI(t, "analyze", zip, "--lang", "ja")
	for _, tc := range []struct {
		file string
		args []string
		bom  bool
	}{
		{rep, nil, true},
		{filepath.Join(dir, "a.txt"), []string{"analyze", zip, "--lang", "ja", "-o", filepath.Join(dir, "a.txt")}, true},
		{filepath.Join(dir, "a.json"), []string{"analyze", zip, "--json", "--output", filepath.Join(dir, "a.json")}, false},
	} {
		if tc.args != nil {
			if out, errs, code := runCLI(t, tc.args...); code != 1 || out != "" {
				t.Fatalf("%v: exit %d, stdout %q, stderr %s", tc.args, code, out, errs)
			}
		}
		got, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		hasBOM := strings.HasPrefix(string(got), "\uFEFF")
		if hasBOM != tc.bom {
			t.Errorf("%s: BOM %v, want %v", tc.file, hasBOM, tc.bom)
		}
		if tc.bom && strings.TrimPrefix(string(got), "\uFEFF") != screen {
			t.Errorf("%s differs from the screen:\n%s\n---\n%s", tc.file, got, screen)
		}
		if !tc.bom && !strings.HasPrefix(string(got), "{") {
			t.Errorf("%s: %.40q", tc.file, got)
		}
	}
	if _, errs, code := runCLI(t, "analyze", zip, "-o", filepath.Join(dir, "no", "such", "dir.txt")); code != 2 || !strings.Contains(errs, "cannot write the report") {
		t.Errorf("unwritable: exit %d %q", code, errs)
	}
}

// Tests never touch the network: collect's live checks are off.
func init() { liveCheck = nil }
