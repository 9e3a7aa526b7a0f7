package diagnose_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/diagnose"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/ingest"
	"github.com/kmsdoctor/kmsdoctor/internal/render"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
	"github.com/kmsdoctor/kmsdoctor/internal/testutil/golden"
)

func ev(id int, pc, t string, data ...string) evidence.Event {
	tm, err := time.Parse("2006-01-02 15:04", t)
	if err != nil {
		panic(err)
	}
	return evidence.Event{Provider: "Microsoft-Windows-Security-SPP", EventID: id, Computer: pc, Time: tm, Data: data,
		Source: evidence.Source{File: "t.xml", Line: tm.Day()}}
}

func req(hr, host string) string {
	return hr + ", 0x00000000, " + host + ", 36f27b39-0000-0000-0000-000000000001, 2024/01/01 00:00, 0, 1, 200000, 73111121-5638-40f6-bc11-f1d7b0d64300, 25"
}

const ok89 = "0x00000000, 0x00000000, 1, 0, 40, 120, 10080, 2024/01/01 00:00"

func run(evs []evidence.Event, lang i18n.Lang) *report.Report {
	s := &evidence.Set{Events: evs}
	r := report.New("analyze", time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	diagnose.Run(s, r)
	render.Localize(r, lang)
	return r
}

func ids(r *report.Report) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.ID+"/"+string(f.Severity))
	}
	return out
}

func TestEventRules(t *testing.T) {
	kms := "kms.contoso.com:1688"
	tests := []struct {
		name    string
		evs     []evidence.Event
		want    []string // id/severity, in report order
		primary string
		codes   []string // codes of the first finding
	}{
		{"healthy renewal", []evidence.Event{ev(12288, "PC1", "2024-01-01 00:00", req("0x00000000", kms)), ev(12289, "PC1", "2024-01-01 00:00", ok89)},
			[]string{"events.activation.expiry/info"}, "", nil},
		{"unanswered for days is persistent", []evidence.Event{
			ev(12288, "PC1", "2024-01-01 00:00", req("0x00000000", kms)), ev(12289, "PC1", "2024-01-01 00:00", ok89),
			ev(12288, "PC1", "2024-01-09 00:00", req("0x00000000", kms)),
			ev(12288, "PC1", "2024-01-09 02:00", req("0x00000000", kms)),
			ev(12288, "PC1", "2024-01-10 04:00", req("0x00000000", kms))},
			[]string{"events.request.unanswered/warning", "events.failure.persistent/error", "events.activation.expiry/info"},
			"events.request.unanswered", []string{"0xC004F074"}},
		{"one failure with a code", []evidence.Event{ev(12288, "PC1", "2024-01-01 00:00", req("0xC004F06C", "azkms.core.windows.net:1688"))},
			[]string{"time.skew/error", "events.failure.latest/warning", "cloud.kms.detected/info"}, "time.skew", []string{"0xC004F06C"}},
		{"transient and benign", []evidence.Event{
			ev(12288, "PC1", "2024-01-01 00:00", req("0x00000000", kms)), ev(12289, "PC1", "2024-01-01 00:00", ok89),
			ev(8198, "PC1", "2024-01-03 00:00", "hr=0x8007139F"),
			ev(8200, "PC1", "2024-01-03 00:00", "hr=0x80072EE7"),
			ev(12288, "PC1", "2024-01-08 00:00", req("0x00000000", kms)), ev(12289, "PC1", "2024-01-08 00:00", ok89)},
			[]string{"events.failure.transient/info", "events.activation.expiry/info", "events.spp.benign/info"}, "", []string{"0x8007139F"}},
		{"count not reached", []evidence.Event{
			ev(12288, "PC1", "2024-01-01 00:00", req("0x00000000", kms)),
			ev(12289, "PC1", "2024-01-01 00:00", "0x00000000, 0x04000000, 0, 0, 12, 120, 10080, 2024/01/01 00:00")},
			[]string{"kms.count.insufficient/error", "events.failure.latest/warning"}, "kms.count.insufficient", []string{"0xC004F038"}},
		{"expired", []evidence.Event{ev(12288, "PC1", "2024-01-01 00:00", req("0x00000000", kms)), ev(12289, "PC1", "2024-01-01 00:00", ok89),
			ev(16384, "PC1", "2024-09-01 00:00", "x")},
			[]string{"events.activation.expiry/warning"}, "events.activation.expiry", nil},
		{"expiring soon", []evidence.Event{ev(12288, "PC1", "2024-01-01 00:00", req("0x00000000", kms)), ev(12289, "PC1", "2024-01-01 00:00", ok89),
			ev(16384, "PC1", "2024-06-10 00:00", "x")},
			[]string{"events.activation.expiry/warning"}, "events.activation.expiry", nil},
		{"other events only", []evidence.Event{ev(16384, "PC1", "2024-01-01 00:00", "x")}, []string{"events.none/info"}, "", nil},
		{"undecodable info", []evidence.Event{ev(12288, "PC1", "2024-01-01 00:00", "garbage, 0x0")},
			[]string{"input.damaged/warning"}, "input.damaged", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := run(tc.evs, i18n.EN)
			got := ids(r)
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("findings %v\nwant %v", got, tc.want)
			}
			if r.Verdict.Primary != tc.primary {
				t.Errorf("primary %q, want %q", r.Verdict.Primary, tc.primary)
			}
			if len(r.Findings) > 0 && strings.Join(r.Findings[0].Codes, " ") != strings.Join(tc.codes, " ") {
				t.Errorf("codes %v, want %v", r.Findings[0].Codes, tc.codes)
			}
			for _, f := range r.Findings {
				if strings.Contains(f.Title+f.Detail, "{") {
					t.Errorf("%s: unfilled placeholder: %s / %s", f.ID, f.Title, f.Detail)
				}
			}
		})
	}
}

// TestEventReportsGolden runs analyze's pipeline (ingest, then every rule)
// over the KMS-related event logs and compares the reports, in both
// languages, with golden files reviewed by hand. Update with:
// go test ./internal/diagnose -run EventReportsGolden -update
func TestEventReportsGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "events", "*.*"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range files {
		f := filepath.Base(p)
		if f == "SOURCES.md" || filepath.Ext(f) == ".py" {
			continue
		}
		n++
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, lang := range i18n.Langs {
			name := f + "." + string(lang) + ".json"
			t.Run(name, func(t *testing.T) {
				s := &evidence.Set{}
				ingest.Bytes(f, raw, s)
				if len(s.Events) == 0 {
					t.Fatalf("no events read (unrecognized %v, skipped %v)", s.Unrecognized, s.Skipped)
				}
				r := report.New("analyze", time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
				diagnose.Run(s, r)
				render.Localize(r, lang)
				r.ID = "00000000-0000-4000-8000-000000000000"
				var buf bytes.Buffer
				if err := render.JSON(&buf, r); err != nil {
					t.Fatal(err)
				}
				golden.Check(t, filepath.Join("testdata", "events", "golden", name), buf.Bytes())
			})
		}
	}
	if n < 10 {
		t.Errorf("only %d inputs in testdata/events", n)
	}
}
