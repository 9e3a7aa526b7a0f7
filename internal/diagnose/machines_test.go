package diagnose

import (
	"slices"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

func evAt(file, pc string, id int, when string, data ...string) evidence.Event {
	t, _ := time.Parse("2006-01-02 15:04", when)
	return evidence.Event{Provider: "Microsoft-Windows-Security-SPP", EventID: id, Computer: pc, Time: t, Data: data,
		Source: evidence.Source{File: file, Line: 1}}
}

func TestMachinesKeptApart(t *testing.T) {
	dlv := func(file, cmid, kms string) evidence.Product {
		return evidence.Product{Name: "Windows(R), Enterprise edition", Channel: "VOLUME_KMSCLIENT", Status: evidence.StatusLicensed,
			CMID: cmid, KMSMachineName: kms, GraceMinutes: -1, ExpiryMinutes: 200000, RemainingRearm: -1,
			ActivationInterval: -1, RenewalInterval: -1, Source: evidence.Source{File: file, Line: 1}}
	}
	srvMissing := evidence.SRVLookup{Domain: "a.test", Resolver: "system", Outcome: evidence.DNSNXDomain, Source: evidence.Source{File: "ticket1/nslookup.txt", Line: 1}}
	tests := []struct {
		name     string
		set      evidence.Set
		machines []string // subjects of r.Machines; nil for one machine
		subject  string
	}{
		{"files naming no machine are one", evidence.Set{
			Inputs:   []string{"dlv.txt", "nslookup.txt"},
			Products: []evidence.Product{dlv("dlv.txt", "", "")},
			SRV:      []evidence.SRVLookup{{Domain: "a.test", Resolver: "system", Outcome: evidence.DNSNXDomain, Source: evidence.Source{File: "nslookup.txt"}}}},
			nil, ""},
		{"one named machine takes the anonymous files", evidence.Set{
			Products: []evidence.Product{dlv("dlv.txt", "11111111-1111-4111-8111-111111111111", "")},
			SRV:      []evidence.SRVLookup{srvMissing}},
			nil, "11111111-1111-4111-8111-111111111111"},
		{"two computers are two machines", evidence.Set{
			Inputs: []string{"pc1.xml", "pc2.xml"},
			Events: []evidence.Event{evAt("pc1.xml", "PC1", 12288, "2024-01-01 00:00", "0x0"), evAt("pc2.xml", "PC2", 12288, "2024-01-01 00:00", "0x0")}},
			[]string{"PC1", "PC2"}, ""},
		{"a renamed machine keeps its CMID", evidence.Set{
			Products: []evidence.Product{dlv("old/dlv.txt", "22222222-2222-4222-8222-222222222222", ""), dlv("new/dlv.txt", "22222222-2222-4222-8222-222222222222", "")},
			Events:   []evidence.Event{evAt("old/dlv.txt", "OLDNAME", 12288, "2024-01-01 00:00", "0x0"), evAt("new/dlv.txt", "NEWNAME", 12288, "2024-01-02 00:00", "0x0")}},
			nil, "NEWNAME"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := report.New("analyze", time.Unix(0, 0))
			s := tt.set
			Run(&s, r)
			var got []string
			for _, m := range r.Machines {
				got = append(got, m.Subject.Label())
			}
			if !slices.Equal(got, tt.machines) {
				t.Fatalf("machines %v, want %v", got, tt.machines)
			}
			if tt.machines == nil && tt.subject != "" && r.Subject.Label() != tt.subject && r.Subject.CMID != tt.subject {
				t.Errorf("subject %+v, want %s", r.Subject, tt.subject)
			}
		})
	}
}

// TestEvidenceOfOneMachineNeverExplainsAnother: two tickets, one with no
// SRV record and one whose SRV record names a dead host, stay two stories:
// each finding cites only its own machine's files.
func TestEvidenceOfOneMachineNeverExplainsAnother(t *testing.T) {
	s := evidence.Set{
		Products: []evidence.Product{
			{Name: "Windows(R), Enterprise edition", Channel: "VOLUME_KMSCLIENT", Status: evidence.StatusOOBGrace, CMID: "aaaaaaaa-0000-4000-8000-000000000001",
				GraceMinutes: 100, ExpiryMinutes: -1, RemainingRearm: -1, ActivationInterval: -1, RenewalInterval: -1, Source: evidence.Source{File: "t1/dlv.txt", Line: 1}},
			{Name: "Windows(R), Enterprise edition", Channel: "VOLUME_KMSCLIENT", Status: evidence.StatusOOBGrace, CMID: "bbbbbbbb-0000-4000-8000-000000000002",
				GraceMinutes: 100, ExpiryMinutes: -1, RemainingRearm: -1, ActivationInterval: -1, RenewalInterval: -1, Source: evidence.Source{File: "t2/dlv.txt", Line: 1}},
		},
		Events: []evidence.Event{evAt("t1/dlv.txt", "WS1", 12288, "2024-01-01 00:00", "0x0"), evAt("t2/dlv.txt", "WS2", 12288, "2024-01-01 00:00", "0x0")},
	}
	r := report.New("analyze", time.Unix(0, 0))
	Run(&s, r)
	if len(r.Machines) != 2 {
		t.Fatalf("machines %+v", r.Machines)
	}
	for _, f := range r.Findings {
		want := map[string]string{"WS1": "t1/", "WS2": "t2/"}[f.Subject]
		if want == "" {
			t.Errorf("finding %s has subject %q", f.ID, f.Subject)
		}
		for _, src := range f.Sources {
			if len(src.File) < 3 || src.File[:3] != want {
				t.Errorf("finding %s of %s cites %s", f.ID, f.Subject, src.File)
			}
		}
	}
	if r.Verdict.Status != report.StatusProblem || r.Machines[0].Verdict.Status != report.StatusProblem {
		t.Errorf("verdict %+v", r.Verdict)
	}
}
