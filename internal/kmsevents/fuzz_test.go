package kmsevents

import (
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// FuzzInfo feeds arbitrary Info strings to every decoder and to the
// analyses: they must never panic, and a decoder error must name a field.
func FuzzInfo(f *testing.F) {
	for _, s := range []string{
		"<string>0x00000000, 0x00000000, 169.254.169.250:1688, 169721ce-2886-4832-a037-e9459281751a, 2023/05/24 01:12, 1, 5, 0, ef6cfc9f-8c5d-44ac-9aad-de6a2ea0ae03, 5</string>\n",
		"0x00000000, 0x00000000, 1, 0, 50, 120, 10080, 2023/05/24 01:12",
		"0xC004F06C,5,PC1,36f27b39-0000-0000-0000-000000000000,2010/9/29 21:46,0,2,41520,68531fb9-5511-4989-97be-d11a0f55633f",
		"Info:\n0xC004F074, , :, , , x",
		"hr=0x80072EE7",
	} {
		f.Add(s, uint8(0))
	}
	ids := []int{EvRequest, EvResponse, EvHostRequest, EvDNSFailed, EvDNSPublished, EvSPPFailure, EvSPPAcquire, EvSPPGenuine}
	f.Fuzz(func(t *testing.T, s string, k uint8) {
		fs := SplitInfo(s)
		for _, dec := range []func([]string) error{
			func(fs []string) error { _, err := DecodeRequest(fs); return err },
			func(fs []string) error { _, err := DecodeResponse(fs); return err },
			func(fs []string) error { _, err := DecodeHostRequest(fs); return err },
		} {
			if err := dec(fs); err != nil {
				if fe, ok := err.(*FieldError); !ok || fe.Field < 1 {
					t.Fatalf("error without field: %v", err)
				}
			}
		}
		base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		var evs []evidence.Event
		for i := 0; i < 4; i++ {
			evs = append(evs, evidence.Event{EventID: ids[(int(k)+i)%len(ids)], Time: base.Add(time.Duration(i) * time.Minute),
				Computer: "PC", Data: []string{s}})
		}
		AnalyzeClients(evs)
		AnalyzeHost(evs)
	})
}
