package slmgr

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/testutil/golden"
)

// TestHistoryGolden parses every testdata/dhistory/*.txt (ospp.vbs
// /dhistorykms) and compares the evidence with its .golden.json.
func TestHistoryGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/dhistory/*.txt")
	if len(files) == 0 {
		t.Fatal("no testdata")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			text := strings.ReplaceAll(string(raw), "\r\n", "\n")
			if !DetectHistory(text) {
				t.Error("DetectHistory is false")
			}
			if Detect(text) {
				t.Error("slmgr's Detect takes /dhistorykms output too (its ERROR/HOST codes would be read twice)")
			}
			var s evidence.Set
			if err := ReadHistory(filepath.Base(f), 1, text, &s); err != nil {
				t.Fatal(err)
			}
			got, _ := json.MarshalIndent(s.OfficeKMSHistory, "", "  ")
			golden.Check(t, strings.TrimSuffix(f, ".txt")+".golden.json", append(got, '\n'))
		})
	}
}

func TestHistoryFields(t *testing.T) {
	tests := []struct {
		name, text string
		want       []evidence.OfficeKMSRequest
		machine    string
	}{
		{"none", "Searching for KMS activation events on machine: PC1\nEvent ID: 12288\n\n---------------------------------------\nNo KMS activation events found on machine: PC1\n", nil, "PC1"},
		{"failure", "Coordinated Universal Time Written: 10/27/2026 8:02:11 AM\nERROR/HOST: 0xc004f074, 0x0, kms01\n", []evidence.OfficeKMSRequest{
			{Time: time.Date(2026, 10, 27, 8, 2, 11, 0, time.UTC), TimeText: "10/27/2026 8:02:11 AM", HR: 0xC004F074, HRText: "0xC004F074", Host: "kms01", Source: evidence.Source{File: "f", Line: 1}}}, ""},
		{"success ja date", "Coordinated Universal Time Written: 2026/11/02 21:14:03\nERROR/HOST: 0x0, 0x0, kms01.corp.example.com\n", []evidence.OfficeKMSRequest{
			{Time: time.Date(2026, 11, 2, 21, 14, 3, 0, time.UTC), TimeText: "2026/11/02 21:14:03", HRText: "0x0", Host: "kms01.corp.example.com", Source: evidence.Source{File: "f", Line: 1}}}, ""},
		// No host in the request: ospp's cut at the first colon falls in
		// the time field, which is no host.
		{"no host", "Coordinated Universal Time Written: 10/27/2026 8:02:11 AM\nERROR/HOST: 0xC004F074, 0x0, , 3e2f5a7c-1b4d-4c8e-9f60-7a8b9c0d1e2f, 2026/10/27 08\n", []evidence.OfficeKMSRequest{
			{Time: time.Date(2026, 10, 27, 8, 2, 11, 0, time.UTC), TimeText: "10/27/2026 8:02:11 AM", HR: 0xC004F074, HRText: "0xC004F074", Source: evidence.Source{File: "f", Line: 1}}}, ""},
		{"bad date", "Coordinated Universal Time Written: yesterday\nERROR/HOST: nonsense\n", []evidence.OfficeKMSRequest{
			{TimeText: "yesterday", HRText: "nonsense", Source: evidence.Source{File: "f", Line: 1}}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s evidence.Set
			if err := ReadHistory("f", 1, tt.text, &s); err != nil {
				t.Fatal(err)
			}
			if len(s.OfficeKMSHistory) != 1 {
				t.Fatalf("%d histories", len(s.OfficeKMSHistory))
			}
			h := s.OfficeKMSHistory[0]
			if h.Machine != tt.machine {
				t.Errorf("machine %q, want %q", h.Machine, tt.machine)
			}
			g, _ := json.Marshal(h.Requests)
			w, _ := json.Marshal(tt.want)
			if string(g) != string(w) {
				t.Errorf("requests\n got %s\nwant %s", g, w)
			}
		})
	}
}

func FuzzReadHistory(f *testing.F) {
	files, _ := filepath.Glob("testdata/dhistory/*.txt")
	for _, fn := range files {
		b, _ := os.ReadFile(fn)
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, text string) {
		DetectHistory(text)
		var s evidence.Set
		if err := ReadHistory("fuzz", 1, text, &s); err != nil {
			t.Fatal(err)
		}
		nlines := strings.Count(text, "\n") + 1
		for _, h := range s.OfficeKMSHistory {
			if len(h.Requests) > evidence.MaxOfficeKMSRequests {
				t.Fatalf("%d requests kept", len(h.Requests))
			}
			for _, r := range h.Requests {
				if r.Source.Line < 1 || r.Source.Line > nlines {
					t.Fatalf("line %d outside 1..%d", r.Source.Line, nlines)
				}
			}
		}
	})
}
