package spp

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/testutil/golden"
)

func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.json")
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, ".golden.json") {
			continue
		}
		n++
		t.Run(filepath.Base(f), func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if !Detect(string(raw)) {
				t.Error("Detect is false")
			}
			var s evidence.Set
			if err := Read(filepath.Base(f), 1, string(raw), &s); err != nil {
				t.Fatal(err)
			}
			for _, p := range s.Products {
				if len(p.PartialKey) > 5 {
					t.Errorf("key kept longer than five characters: %q", p.PartialKey)
				}
			}
			got, _ := json.MarshalIndent(struct {
				Products []evidence.Product
				Skipped  []evidence.Skip
			}{s.Products, s.Skipped}, "", "  ")
			golden.Check(t, strings.TrimSuffix(f, ".json")+".golden.json", append(got, '\n'))
		})
	}
	if n == 0 {
		t.Fatal("no testdata")
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{`{"LicenseStatus": 1, "Name": "Windows(R), Professional edition", "PartialProductKey": "AAAAA"}`, true},
		{`{"ClientMachineID": "x", "RemainingWindowsReArmCount": 1}`, true},
		{`{"LicenseStatus": 1, "__CLASS": "Win32_Something"}`, false},
		{`{"properties": {"securityRules": []}}`, false},
		{`LicenseStatus: 1`, false},
		{`[1, 2, {"LicenseStatus": "x"}]`, false},
		{``, false},
	}
	for _, tt := range tests {
		if got := Detect(tt.text); got != tt.want {
			t.Errorf("Detect(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestFromRowsMatchesJSON: the winsys rows and their JSON give the same
// products (collect writes the JSON; --analyze reads it back).
func TestFromRowsMatchesJSON(t *testing.T) {
	rows := []Row{
		{"__CLASS": ClassService, "ClientMachineID": "8D3C2A10-4B5E-4F6A-9C7D-1E2F3A4B5C6D", "RemainingWindowsReArmCount": int64(1000), "Version": "10.0.22631.1"},
		{"__CLASS": ClassProduct, "Name": "Windows(R), Enterprise edition", "ApplicationID": WindowsAppID, "PartialProductKey": "2YT43",
			"Description": "Windows(R) Operating System, VOLUME_KMSCLIENT channel", "LicenseStatus": int64(2), "GracePeriodRemaining": int64(43200),
			"KeyManagementServiceCurrentCount": int64(4294967295), "KeyManagementServiceMachine": nil},
	}
	var a, b evidence.Set
	FromRows("x", rows, &a)
	raw, _ := json.Marshal(rows)
	if err := Read("x", 1, string(raw), &b); err != nil {
		t.Fatal(err)
	}
	a.Products[0].Source, b.Products[0].Source = evidence.Source{}, evidence.Source{}
	a.Products[0].Lines, b.Products[0].Lines = nil, nil
	ja, _ := json.Marshal(a.Products)
	jb, _ := json.Marshal(b.Products)
	if string(ja) != string(jb) {
		t.Errorf("rows %s\njson %s", ja, jb)
	}
	p := a.Products[0]
	if p.Status != evidence.StatusOOBGrace || p.GraceMinutes != 43200 || p.RemainingRearm != 1000 || p.CMID != "8d3c2a10-4b5e-4f6a-9c7d-1e2f3a4b5c6d" {
		t.Errorf("product = %+v", p)
	}
}

func TestBadJSON(t *testing.T) {
	var s evidence.Set
	if err := Read("f", 1, `[{"LicenseStatus": 1, "Name": "W", "PartialProductKey": "AAAAA"}, {"Lic`, &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Products) != 1 || len(s.Skipped) != 1 {
		t.Errorf("products %d skipped %v", len(s.Products), s.Skipped)
	}
	if err := Read("f", 1, `{"Lic`, &s); err == nil {
		t.Error("nothing readable must be an error")
	}
}

func FuzzRead(f *testing.F) {
	for _, seed := range []string{`[{"LicenseStatus": 1, "Name": "W", "PartialProductKey": "AAAAA", "GracePeriodRemaining": 5}]`, `{"ClientMachineID": 1}`, `[`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if Detect(text) {
			var s evidence.Set
			_ = Read("f", 1, text, &s)
		}
	})
}
