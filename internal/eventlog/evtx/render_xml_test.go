package evtx

import (
	"encoding/xml"
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
