package fleet

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

func sample() *report.Report {
	r := report.New("check", time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC))
	r.Subject = report.Subject{Computer: "PC01", Domain: "Corp.Example", CMID: "ABC", OS: "Windows Server 2022 Standard", Role: report.RoleClient}
	r.Products = []report.Product{
		{Name: "Office", Application: "office", LicenseStatus: "unlicensed"},
		{Name: "Windows", Application: "windows", Channel: "VOLUME_KMSCLIENT", LicenseStatus: "oob_grace", GraceMinutes: 60 * 24,
			KMSDiscovered: "KMS01.corp.example:1688"},
	}
	r.Verdict = report.Verdict{Status: report.StatusProblem, Primary: "dns.srv.missing", Codes: []string{"0xC004F074"}}
	return r
}

func TestMachineFrom(t *testing.T) {
	r := sample()
	m := MachineFrom(r)
	if m.Key != "pc01.corp.example" || m.CMID != "abc" || !m.Server {
		t.Errorf("identity: %+v", m)
	}
	if m.LicenseStatus != "oob_grace" || m.Channel != "VOLUME_KMSCLIENT" {
		t.Errorf("license %q %q: want the Windows product's (Office is not counted when Windows is listed)", m.LicenseStatus, m.Channel)
	}
	if want := r.GeneratedAt.Add(24 * time.Hour); !m.ExpiresAt.Equal(want) {
		t.Errorf("expires %v, want %v", m.ExpiresAt, want)
	}
	if m.KMSHost != "kms01.corp.example" || m.Status != "problem" || m.Primary != "dns.srv.missing" || len(m.Codes) != 1 {
		t.Errorf("kms/verdict: %+v", m)
	}
	if m2 := MachineFrom(r); m2.ContentHash != m.ContentHash {
		t.Error("MachineFrom is not deterministic")
	}

	tests := []struct {
		name string
		edit func(r *report.Report)
		key  string
		lic  string
	}{
		{"cmid only", func(r *report.Report) { r.Subject.Computer = "" }, "cmid:abc", "oob_grace"},
		{"nothing", func(r *report.Report) { r.Subject = report.Subject{}; r.ID = "x1" }, "report:x1", "oob_grace"},
		{"no products", func(r *report.Report) { r.Products = nil }, "pc01.corp.example", LicenseUnknown},
		{"office only", func(r *report.Report) { r.Products = r.Products[:1] }, "pc01.corp.example", "unlicensed"},
		{"worst windows", func(r *report.Report) {
			r.Products = append(r.Products, report.Product{Application: "windows", LicenseStatus: "notification"})
		}, "pc01.corp.example", "notification"},
	}
	for _, tc := range tests {
		r := sample()
		tc.edit(r)
		m := MachineFrom(r)
		if m.Key != tc.key || m.LicenseStatus != tc.lic {
			t.Errorf("%s: key %q lic %q, want %q %q", tc.name, m.Key, m.LicenseStatus, tc.key, tc.lic)
		}
	}
}

func TestContentHash(t *testing.T) {
	a, b := sample(), sample()
	b.ID = report.NewID()
	b.GeneratedAt = b.GeneratedAt.Add(time.Hour)
	b.Probes = []report.ProbeRun{{Probe: "dns", DurationMS: 3}}
	if ContentHash(a) != ContentHash(b) {
		t.Error("id, time and probe durations change the hash")
	}
	b.Verdict.Status = report.StatusOK
	if ContentHash(a) == ContentHash(b) {
		t.Error("a new verdict does not change the hash")
	}
}

func TestHostOnly(t *testing.T) {
	for in, want := range map[string]string{"kms:1688": "kms", "KMS.": "kms", "[fe80::1]:1688": "fe80::1", "fe80::1": "fe80::1", "": ""} {
		if got := hostOnly(in); got != want {
			t.Errorf("hostOnly(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestErrors(t *testing.T) {
	err := fmt.Errorf("wrap: %w", ReportError(3, "subject.computer", "too long"))
	if ErrorCode(err) != EINVALID || ErrorMessage(err) != "too long" {
		t.Errorf("code %q message %q", ErrorCode(err), ErrorMessage(err))
	}
	if ErrorCode(errors.New("x")) != EINTERNAL || ErrorMessage(errors.New("secret")) != "internal error" || ErrorCode(nil) != "" {
		t.Error("a plain error is not internal")
	}
	if got := err.Error(); got != "wrap: invalid: report 3: field subject.computer: too long" {
		t.Errorf("Error() = %q", got)
	}
}

func TestToken(t *testing.T) {
	tok, h := NewToken()
	tok2, h2 := NewToken()
	if tok == tok2 || h == h2 || len(h) != 64 || HashToken(tok) != h || HashToken(tok+"\n") != h {
		t.Errorf("tokens %q %q hashes %q %q", tok, tok2, h, h2)
	}
}

// TestContentHashBytes: ContentHash hashes c.MarshalJSON() directly; that
// must be the bytes json.Marshal(c) gives (a hash stored by an earlier
// version still matches), on every report golden of analyze.
func TestContentHashBytes(t *testing.T) {
	files, _ := filepath.Glob("../../cmd/kmsdoctor/testdata/analyze/golden/*.json")
	if len(files) < 20 {
		t.Fatalf("%d report goldens", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var r report.Report
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		c := r
		c.ID, c.GeneratedAt, c.Probes, c.Lang = "", time.Time{}, nil, ""
		want, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: MarshalJSON and json.Marshal differ", filepath.Base(f))
		}
		sum := sha256.Sum256(want)
		if ContentHash(&r) != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: ContentHash is not the hash of json.Marshal", filepath.Base(f))
		}
	}
}

// BenchmarkContentHash is the hash the server takes of every report.
func BenchmarkContentHash(b *testing.B) {
	r := sample()
	for b.Loop() {
		ContentHash(r)
	}
}

// BenchmarkContentHashJSON is the hash the server takes of every report it
// receives, from the report's JSON as sent (~3 KiB).
func BenchmarkContentHashJSON(b *testing.B) {
	r := sample()
	r.Findings = append(r.Findings, report.Finding{ID: "license.ok", Severity: report.OK, Evidence: map[string]any{"note": strings.Repeat("x", 2200)}})
	body, err := r.MarshalJSON()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		ContentHashJSON(body)
	}
}
