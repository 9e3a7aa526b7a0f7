package diagnose

import (
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Licensing events Microsoft documents as harmless (knowledge.HarmlessEvents:
// 1058 of Security-SPP after an OEM-activated machine reboots, 12321 of
// Security-Licensing-SLC "Token Based Activation failed" 0xC004F011), in
// an event log or described in a text: information about the input, no
// failure and no stage observed, so the verdict stays what the rest of the
// evidence makes it.

// IDEventsHarmless is defined with its rule (see Def in ids.go).
var IDEventsHarmless = def(Def{ID: "events.harmless", Severity: report.Info, Rank: 1006, InputOnly: true})

var _ = register("events.harmless", []string{IDEventsHarmless}, func(s *evidence.Set, out *Out) {
	type seen struct {
		h       evidence.HarmlessEvent
		sources []report.Source
	}
	var order []int
	by := map[int]*seen{}
	add := func(h evidence.HarmlessEvent) {
		x, ok := by[h.ID]
		if !ok {
			x = &seen{h: h}
			by[h.ID] = x
			order = append(order, h.ID)
		}
		if len(x.sources) < maxSources {
			x.sources = append(x.sources, h.Source)
		}
	}
	for _, h := range s.Harmless {
		add(h)
	}
	for i := range s.Events {
		e := &s.Events[i]
		if h, ok := knowledge.HarmlessEvent(e.EventID, e.Provider); ok {
			add(evidence.HarmlessEvent{ID: h.ID, Provider: h.Provider, KB: h.KB, Source: e.Source})
		}
	}
	for _, id := range order {
		x := by[id]
		out.Add(F{ID: IDEventsHarmless, Args: report.Args{"id": x.h.ID, "provider": x.h.Provider, "kb": x.h.KB},
			Evidence: map[string]any{"event_id": x.h.ID, "provider": x.h.Provider, "kb": x.h.KB}, Sources: x.sources})
	}
})
