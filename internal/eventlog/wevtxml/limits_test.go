package wevtxml

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/eventlog"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

func bigEvent(id, size int) string {
	return fmt.Sprintf("<Event><System><Provider Name='P'/><EventID>%d</EventID><EventRecordID>%d</EventRecordID></System><EventData><Data>%s</Data></EventData></Event>\n",
		id, id, strings.Repeat("d", size))
}

// TestBigEvents: an event over MaxEvent is skipped and the stream goes on;
// large events are batched by size, so what is in flight stays bounded.
func TestBigEvents(t *testing.T) {
	in := bigEvent(1, 100) + bigEvent(2, MaxEvent+1) + bigEvent(3, MaxEvent/2) + bigEvent(4, MaxEvent/2) + bigEvent(5, 100)
	var ids []int
	skips, err := Read(context.Background(), strings.NewReader(in), "big.xml", eventlog.Options{XML: true}, func(ev *evidence.Event, _ []byte) error {
		ids = append(ids, ev.EventID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(ids) != "[1 3 4 5]" || len(skips) != 1 || skips[0].Key != "skip.wevtxml.too_large" {
		t.Errorf("ids %v, skips %+v", ids, skips)
	}
}
