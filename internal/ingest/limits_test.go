package ingest

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/kmsevents"
)

// xmlEvent is one wevtutil-style event.
func xmlEvent(provider string, id int, t time.Time, pc, data string) string {
	return fmt.Sprintf("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='%s'/><EventID>%d</EventID>"+
		"<Level>4</Level><TimeCreated SystemTime='%s'/><EventRecordID>%d</EventRecordID><Channel>Application</Channel><Computer>%s</Computer></System>"+
		"<EventData><Data>%s</Data></EventData></Event>\n", provider, id, t.UTC().Format(time.RFC3339Nano), t.Unix()%1000000+1, pc, data)
}

// TestAnalyzeKeepsWhatRulesRead: analyze keeps the activation events with
// their data (cut to MaxEventData) and of a large log of other events only
// a bounded skeleton, the newest included.
func TestAnalyzeKeepsWhatRulesRead(t *testing.T) {
	t0 := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	var b strings.Builder
	b.WriteString(xmlEvent("Microsoft-Windows-Security-SPP", kmsevents.EvSPPFailure, t0, "PC1", "0xC004F074, "+strings.Repeat("x", 5000)))
	other := strings.Repeat("d", 100)
	n := 3 * MaxOtherEvents
	for i := range n {
		b.WriteString(xmlEvent("App", 1000, t0.Add(time.Duration(i)*time.Second), "PC1", other))
	}
	b.WriteString(xmlEvent("App", 1000, t0.Add(-time.Hour), "PC2", other))
	s := &evidence.Set{}
	Bytes("app.xml", []byte(b.String()), s)
	if len(s.Events) > MaxOtherEvents+3 {
		t.Errorf("%d events kept of %d", len(s.Events), n+2)
	}
	var sawPC2, sawNewest bool
	for _, e := range s.Events {
		switch {
		case kmsevents.Used(&e):
			if len(e.Data) != 1 || len(e.Data[0]) > MaxEventData || !strings.HasPrefix(e.Data[0], "0xC004F074") {
				t.Errorf("activation event data %d bytes", len(e.Data[0]))
			}
		case e.Data != nil || e.XML != "":
			t.Errorf("other event keeps its data")
		}
		sawPC2 = sawPC2 || e.Computer == "PC2"
		sawNewest = sawNewest || e.Time.Equal(t0.Add(time.Duration(n-1)*time.Second))
	}
	if !sawPC2 || !sawNewest {
		t.Errorf("lost the computer PC2 (%v) or the newest event (%v)", sawPC2, sawNewest)
	}
}

// TestAnalyzeEventsBudget: activation events past MaxEvents are reported.
func TestAnalyzeEventsBudget(t *testing.T) {
	s := &evidence.Set{Events: make([]evidence.Event, MaxEvents)}
	Bytes("kms.xml", []byte(xmlEvent("Microsoft-Windows-Security-SPP", kmsevents.EvSPPFailure, time.Now(), "PC1", "0xC004F074")), s)
	if len(s.Events) != MaxEvents || len(s.Skipped) != 1 || s.Skipped[0].Key != "skip.ingest.too_many_events" {
		t.Errorf("%d events, skips %+v", len(s.Events), s.Skipped)
	}
}

// TestAnalyzeEventsMemory: what analyze retains of a 40 MB XML log of
// other events (the evidence.Set, after the input is gone) is a small
// fraction of the input.
func TestAnalyzeEventsMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	t0 := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	var b strings.Builder
	other := strings.Repeat("d", 1500)
	for i := 0; b.Len() < 40<<20; i++ {
		b.WriteString(xmlEvent("App", 1000, t0.Add(time.Duration(i)*time.Second), "PC1", other))
	}
	raw := []byte(b.String())
	size := len(raw)
	b.Reset()
	before := liveHeap()
	s := &evidence.Set{}
	Bytes("app.xml", raw, s)
	raw = nil
	kept := liveHeap() - min(before, liveHeap())
	if kept > 8<<20 {
		t.Errorf("%d MiB retained for %d MiB of input (%d events)", kept>>20, size>>20, len(s.Events))
	}
	runtime.KeepAlive(s)
}

func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
