package vnextdiag

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/testutil/golden"
)

func read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txt")
	if len(files) == 0 {
		t.Fatal("no testdata")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			text := read(t, filepath.Base(f))
			if !Detect(text) {
				t.Error("Detect is false")
			}
			var s evidence.Set
			if err := Read(filepath.Base(f), 1, text, &s); err != nil {
				t.Fatal(err)
			}
			got, _ := json.MarshalIndent(struct {
				Products []evidence.Product
				Notes    []evidence.Note
				Skipped  []evidence.Skip
			}{s.Products, s.Notes, s.Skipped}, "", "  ")
			golden.Check(t, strings.TrimSuffix(f, ".txt")+".golden.json", append(got, '\n'))
		})
	}
}

// TestLicences: what each licence becomes, on the real output and on
// variants of it: the state mapped to the Status* values, the product a
// Microsoft 365 Apps subscription to knowledge.OfficeKind, the line of each
// fact, placeholders noted and no e-mail or tenant kept.
func TestLicences(t *testing.T) {
	real := read(t, "en_o365_licensed_deployoffice946_partial.txt")
	obj := func(typ, product, state string) string {
		return fmt.Sprintf("{\n    \"Version\":  \"5\",\n    \"Type\":  %q,\n    \"Product\":  %q,\n    \"LicenseState\":  %q,\n    \"EntitlementStatus\":  \"Provisioned\",\n    \"ReasonCode\":  null\n}\n", typ, product, state)
	}
	tests := []struct {
		name, in string
		want     string // per product: name|channel|status|line of status
		notes    int
	}{
		{"real: Microsoft 365 Apps licensed", real, "Office 16, O365ProPlusRetail edition|User|Subscription|licensed|10", 2},
		{"constructed: RFM user, Grace device", read(t, "synth_en_vnext_grace_rfm_device_constructed.txt"),
			"Office 16, O365ProPlusRetail edition|User|Subscription|notification|22 Office 16, VisioProRetail edition|Device|Subscription|extended_grace|40", 2},
		{"later banner", "========== vNext licenses found ==========\n" + obj("User|Subscription", "O365BusinessRetail", "Licensed"),
			"Office 16, O365BusinessRetail edition|User|Subscription|licensed|6", 0},
		{"Check-Activation-Status banners", "========== vNext licenses ===========\n" + obj("User|Subscription", "O365HomePremRetail", "Grace") + "\n========== Device licenses ==========\nNo licenses found.\n",
			"Office 16, O365HomePremRetail edition|User|Subscription|extended_grace|6", 0},
		{"object pasted alone", obj("User|Subscription", "O365ProPlusRetail", "Licensed"), "Office 16, O365ProPlusRetail edition|User|Subscription|licensed|5", 0},
		{"object cut: no braces", strings.Trim(obj("User|Subscription", "VisioProRetail", "Licensed"), "{}\n"), "Office 16, VisioProRetail edition|User|Subscription|licensed|4", 0},
		{"CRLF", strings.ReplaceAll(real, "\n", "\r\n"), "Office 16, O365ProPlusRetail edition|User|Subscription|licensed|10", 2},
		{"two objects without braces between", strings.Trim(obj("User|Subscription", "O365ProPlusRetail", "Licensed"), "}\n") + "\n" + strings.Trim(obj("User|Subscription", "VisioProRetail", "RFM"), "{\n"),
			"Office 16, O365ProPlusRetail edition|User|Subscription|licensed|5 Office 16, VisioProRetail edition|User|Subscription|notification|11", 0},
		{"unknown state kept aside", obj("User|Subscription", "O365ProPlusRetail", "Pending"), "Office 16, O365ProPlusRetail edition|User|Subscription||5", 0},
		{"no licences", "========== NUL licenses found ==========\nNo licenses found.\n\n========== Device licenses found ==========\nNo licenses found.\n", "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !Detect(tc.in) {
				t.Error("Detect is false")
			}
			var s evidence.Set
			if err := Read("in.txt", 1, tc.in, &s); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range s.Products {
				got = append(got, fmt.Sprintf("%s|%s|%s|%d", p.Name, p.Channel, p.Status, p.Line("status").Line))
				if knowledge.OfficeKind(p.Name, p.Channel) != knowledge.OfficeSubscription {
					t.Errorf("%s is not a subscription to OfficeKind", p.Name)
				}
				b, _ := json.Marshal(p)
				if strings.Contains(string(b), "XXXX") || strings.Contains(string(b), "tenant") || strings.Contains(string(b), "8f3c1d2e") {
					t.Errorf("e-mail or tenant kept: %s", b)
				}
			}
			if strings.Join(got, " ") != tc.want || len(s.Notes) != tc.notes {
				t.Errorf("products %q, %d notes; want %q, %d notes", got, len(s.Notes), tc.want, tc.notes)
			}
		})
	}
}

func TestDetectNegative(t *testing.T) {
	for _, text := range []string{
		"",
		"License Status: Licensed\nName: Windows(R), Enterprise edition",
		`{"LicenseStatus": 1, "Name": "Windows(R), Professional edition"}`,
		"============ Vulnerabilities Found ============\nnone\n",
		"========== Shared Computer Licensing ==========\nNo registry keys found.\n",
		`{"LicenseState": "Licensed"}`,
	} {
		if Detect(text) {
			t.Errorf("Detect(%q) = true", text)
		}
	}
}

// TestManyLicences: past MaxLicenses the licences are counted in one skip,
// not read.
func TestManyLicences(t *testing.T) {
	one := "{\n\"Type\":  \"User|Subscription\",\n\"Product\":  \"O365ProPlusRetail\",\n\"LicenseState\":  \"Licensed\"\n}\n"
	var s evidence.Set
	if err := Read("big.txt", 1, "========== vNext licenses found ==========\n"+strings.Repeat(one, MaxLicenses+10), &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Products) != MaxLicenses || len(s.Skipped) != 1 || s.Skipped[0].Count != 10 || s.Skipped[0].Key != "skip.vnextdiag.too_many" {
		t.Errorf("%d products, skips %+v", len(s.Products), s.Skipped)
	}
}

func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, fn := range files {
		b, _ := os.ReadFile(fn)
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, text string) {
		Detect(text)
		Starts(text)
		var s evidence.Set
		if err := Read("fuzz", 1, text, &s); err != nil {
			t.Fatal(err)
		}
		if len(s.Products) > MaxLicenses {
			t.Fatalf("%d products", len(s.Products))
		}
		for _, p := range s.Products {
			if p.Source.Line < 1 {
				t.Fatalf("product without a line: %+v", p)
			}
		}
	})
}
