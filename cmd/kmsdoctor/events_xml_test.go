package main

import (
	"encoding/xml"
	"testing"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// TestEventXMLHostile: the XML written for an event read from CSV or copied
// text stays well-formed whatever its values and Data names hold (issue 11:
// never broken XML).
func TestEventXMLHostile(t *testing.T) {
	hostile := "a'b\"c<d>&e\x00f\x1b[2Jg\r\nh]]>i"
	ev := &evidence.Event{Provider: hostile, EventID: 12288, Channel: hostile, Computer: hostile,
		Data: []string{hostile, "ok"}, Names: []string{hostile, "x"}}
	out := appendEventXML(nil, ev)
	var v struct {
		XMLName xml.Name
		Data    []struct {
			Name string `xml:"Name,attr"`
			Text string `xml:",chardata"`
		} `xml:"EventData>Data"`
	}
	if err := xml.Unmarshal(out, &v); err != nil {
		t.Fatalf("broken XML: %v\n%s", err, out)
	}
	if len(v.Data) != 2 || v.Data[1].Text != "ok" {
		t.Errorf("data %+v", v.Data)
	}
}
