package knowledge

import (
	"strings"
	"testing"
)

// TestHarmlessEvents: events Microsoft documents as harmless, as its
// articles describe them (real: cmd/kmsdoctor/testdata/heldout18, the
// 1058 and 12321 artifacts) and as a ticket mentions them (constructed);
// an id without a word tying it to the event, or another provider's
// event, is none.
func TestHarmlessEvents(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		ids      []int
		kept     string // a text that must be left to read ("" for none)
	}{
		{"1058, KB 2916670 (real)", "Application Event Log Warning ID 1058 (Security-SPP) may be logged after an OEM system that utilizes OA (OEM Activation) has been rebooted.", []int{1058}, ""},
		{"12321, KB 2020644 (real)", "The Application Event log may log an event ID 12321 warning event from the source Microsoft-Windows-Security-Licensing-SLC.\nThe description field will state Token Based Activation failed.\nHR=0xC004F011", []int{12321}, ""},
		{"12321 and another failure (constructed)", "I see event 12321 (Security-Licensing-SLC) every boot.\nslmgr /ato says Error: 0xC004F074", []int{12321}, "0xC004F074"},
		{"Japanese mention (constructed)", "イベント ID 12321 (Microsoft-Windows-Security-Licensing-SLC) が記録されます", []int{12321}, ""},
		{"an id alone (constructed)", "Event ID 1058 appears in the log", nil, "1058"},
		{"another provider's 1058 (constructed)", "Event ID 1058 from Group Policy: processing failed", nil, "1058"},
		{"a number, no event (constructed)", "OEM activation took 1058 seconds", nil, "1058"},
	} {
		hs, out := HarmlessEvents(tc.in)
		var ids []int
		for _, h := range hs {
			ids = append(ids, h.ID)
		}
		if len(ids) != len(tc.ids) || len(ids) > 0 && ids[0] != tc.ids[0] {
			t.Errorf("%s: ids %v, want %v", tc.name, ids, tc.ids)
		}
		if len(out) != len(tc.in) || strings.Count(out, "\n") != strings.Count(tc.in, "\n") {
			t.Errorf("%s: offsets changed", tc.name)
		}
		if tc.kept == "" && strings.TrimSpace(out) != "" && len(hs) > 0 {
			t.Errorf("%s: left %q", tc.name, out)
		}
		if tc.kept != "" && !strings.Contains(out, tc.kept) {
			t.Errorf("%s: %q blanked: %q", tc.name, tc.kept, out)
		}
	}
	if _, ok := HarmlessEvent(12321, "Microsoft-Windows-Security-Licensing-SLC"); !ok {
		t.Error("12321 of SLC not harmless")
	}
	if _, ok := HarmlessEvent(12321, "Microsoft-Windows-Security-SPP"); ok {
		t.Error("12321 of another provider harmless")
	}
}

// FuzzHarmlessEvents: any text keeps its length and its lines.
func FuzzHarmlessEvents(f *testing.F) {
	f.Add("The Application Event log may log an event ID 12321 warning event from the source Microsoft-Windows-Security-Licensing-SLC.\nThe description field will state Token Based Activation failed.\nHR=0xC004F011")
	f.Add("Application Event Log Warning ID 1058 (Security-SPP) may be logged after an OEM system that utilizes OA (OEM Activation) has been rebooted.")
	f.Fuzz(func(t *testing.T, in string) {
		_, out := HarmlessEvents(in)
		if len(out) != len(in) || strings.Count(out, "\n") != strings.Count(in, "\n") {
			t.Fatalf("HarmlessEvents(%q) changed offsets: %q", in, out)
		}
	})
}
