package jsonspan

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

func TestEnd(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{
		{`"a"`, 3},
		{`"a\"b" x`, 6},
		{`"\\"`, 4},
		{`{"a":[1,{"b":"}"}]} ,`, 19},
		{`[1,2] `, 5},
		{`true,`, 4},
		{`-1.5e3}`, 6},
		{`null `, 4},
		{`"open`, -1},
		{`{"a":1`, -1},
		{`,`, -1},
		{``, -1},
	} {
		if got := End([]byte(c.in), 0); got != c.want {
			t.Errorf("End(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}

func TestElementsAndMembers(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string // nil: not ok
	}{
		{`[]`, []string{}},
		{`[ 1 , "a,]" ,{"b":[2]} ]`, []string{`1`, `"a,]"`, `{"b":[2]}`}},
		{"[\n\tnull\r\n]", []string{`null`}},
		{`[1,]`, nil},
		{`[1 2]`, nil},
		{`[1`, nil},
		{`{}`, nil},
	} {
		got, _, ok := Elements([]byte(c.in), 0)
		if ok != (c.want != nil) {
			t.Errorf("Elements(%q) ok %v", c.in, ok)
			continue
		}
		gs := []string{}
		for _, g := range got {
			gs = append(gs, string(g))
		}
		if ok && !reflect.DeepEqual(gs, c.want) {
			t.Errorf("Elements(%q) = %q, want %q", c.in, gs, c.want)
		}
	}
	for _, c := range []struct {
		in   string
		want []string // name, value, ...; nil: not ok
	}{
		{`{}`, []string{}},
		{`{ "a" : 1 , "b\"":{"c":"}"} }`, []string{`"a"`, `1`, `"b\""`, `{"c":"}"}`}},
		{`{"a":1,}`, nil},
		{`{"a" 1}`, nil},
		{`{a:1}`, nil},
		{`{"a":1`, nil},
	} {
		got := []string{}
		_, ok := Members([]byte(c.in), 0, func(n, v []byte) { got = append(got, string(n), string(v)) })
		if ok != (c.want != nil) {
			t.Errorf("Members(%q) ok %v", c.in, ok)
			continue
		}
		if ok && !reflect.DeepEqual(got, c.want) {
			t.Errorf("Members(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzSpan: on any valid JSON list or object, the elements and members
// found are those encoding/json finds, and End of the whole is its end.
func FuzzSpan(f *testing.F) {
	for _, s := range []string{`[1,"a",{"b":[null]}]`, `{"a":{"b":"\"}"},"c":[]}`, `[ ]`, `{"\u0061":true}`, `"x"`, `12`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		b = bytes.TrimSpace(b)
		if !json.Valid(b) {
			End(b, 0) // must not panic
			Elements(b, 0)
			Members(b, 0, func(_, _ []byte) {})
			return
		}
		if e := End(b, 0); e != len(b) {
			t.Fatalf("End = %d, want %d", e, len(b))
		}
		var list []json.RawMessage
		if json.Unmarshal(b, &list) == nil && b[0] == '[' {
			got, end, ok := Elements(b, 0)
			if !ok || end != len(b) || len(got) != len(list) {
				t.Fatalf("Elements: %d, %v, %d; want %d", len(got), ok, end, len(list))
			}
			for i := range got {
				if !bytes.Equal(got[i], bytes.TrimSpace(list[i])) {
					t.Fatalf("element %d: %q, want %q", i, got[i], list[i])
				}
			}
		}
		if b[0] == '{' {
			n := 0
			_, ok := Members(b, 0, func(name, value []byte) {
				var k string
				if json.Unmarshal(name, &k) != nil || !json.Valid(value) {
					t.Fatalf("member %q: %q", name, value)
				}
				n++
			})
			if !ok {
				t.Fatal("Members refused a valid object")
			}
			_ = n
		}
	})
}
