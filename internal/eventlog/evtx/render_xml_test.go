package evtx

import (
	"encoding/xml"
	"strings"
	"testing"
)

func TestAppendXMLTextAlwaysParses(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a<b>&'\"", "a&lt;b&gt;&amp;&apos;&quot;"},
		{"line1\r\nline2", "line1&#13;&#10;line2"},
		{"tab\tkept", "tab\tkept"},
		{"ctl\x03\x00x", "ctl\uFFFD\uFFFDx"},
		{"日本語", "日本語"},
	}
	for _, tt := range tests {
		got := string(AppendXMLText(nil, tt.in))
		if got != tt.want {
			t.Errorf("AppendXMLText(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got2 := string(AppendXMLText(nil, []byte(tt.in))); got2 != got {
			t.Errorf("string and []byte differ: %q vs %q", got, got2)
		}
		var v struct {
			D string `xml:"d,attr"`
		}
		if err := xml.Unmarshal([]byte("<e d='"+got+"'/>"), &v); err != nil {
			t.Errorf("%q does not parse as XML: %v", got, err)
		}
	}
}

// TestAppendXMLNameAlwaysParses: element and attribute names from a
// hostile EVTX never break the XML of events --format xml.
func TestAppendXMLNameAlwaysParses(t *testing.T) {
	for _, in := range []string{"Data", "a<b", `q"uote`, "amp&x", "ctl\x01\x1b[2J", "", "1num", "sp ace", "日本語", "x='y'", "-dash", "\xff"} {
		name := string(AppendXMLName(nil, in))
		doc := "<" + name + " " + name + "='v'>t</" + name + ">"
		d := xml.NewDecoder(strings.NewReader(doc))
		for {
			if _, err := d.Token(); err != nil {
				if err.Error() != "EOF" {
					t.Errorf("%q -> %q: %s does not parse: %v", in, name, doc, err)
				}
				break
			}
		}
	}
	if got := string(AppendXMLName(nil, "EventData")); got != "EventData" {
		t.Errorf("a valid name changed: %q", got)
	}
}
