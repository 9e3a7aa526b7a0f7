package server

import (
	"bytes"
	"net"
	"reflect"
	"testing"

	"encoding/json"
	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/store/storetest"
	"time"
)

func netListen() (net.Listener, error) { return net.Listen("tcp", "127.0.0.1:0") }

// FuzzDecodeBody: any body is decoded or refused with an EINVALID error;
// what is decoded has an id and the tool's name, and is never more than
// MaxBatch reports.
func FuzzDecodeBody(f *testing.F) {
	one, _ := json.Marshal(storetest.Report("pc01", "licensed", time.Unix(1e9, 0)))
	f.Add(one)
	f.Add([]byte(`{"reports": [` + string(one) + `, {}]}`))
	f.Add([]byte(`{"reports": null}`))
	f.Add([]byte(`{"reports":[ ` + string(one) + ` ,` + "\n\t" + string(one) + ` ] } `))
	f.Add([]byte(`{"reports": [` + string(one) + `, ` + string(one) + `]}`))
	f.Add([]byte(`{"REPORTS": [` + string(one) + `], "Tool": null}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"tool":"kmsdoctor","schema":2,"id":"a b"}`))
	// What encoding/json and the fast way (v2) could take differently:
	// names in other cases, duplicates, nulls, times with offsets,
	// messages with args, escapes, numbers at the edges.
	const head = `{"tool":"kmsdoctor","schema":2,"id":"x1","generated_at":"2026-01-01T00:00:00Z"`
	for _, tail := range []string{
		`,"ID":"x2","Generated_At":"2026-01-01T09:00:00.5+09:00","Verdict":{"Status":"ok"}}`,
		`,"id":"x3","tool":"kmsdoctor"}`,
		`,"findings":[{"id":"a","severity":"error","message":{"title":null,"detail":{"key":"k","args":{"n":1.50,"m":{"key":"x"},"l":{"items":[{"key":"a"}]}}}}}]}`,
		`,"findings":[{"id":"a","evidence":{"big":1e300,"s":"\ud800","u":"\u00e9\"\\","n":null,"deep":[[[{"a":[]}]]]}}]}`,
		`,"findings":[{"id":"a","evidence":{"big":1e400}}]}`,
		`,"products":[{"name":"Windows","grace_minutes":1,"license_status":null}],"subject":null,"inputs":null}`,
		`,"verdict":{"status":"problem","codes":["0xC004F074"],"stages":{"dns":"ok","tcp":null}},"machines":[{}]}`,
		`,"lang":"ja","probes":[{"probe":"dns","duration_ms":3}],"command":"check","subject":{"computer":"PC\u0000"}}`,
	} {
		f.Add([]byte(head + tail))
		f.Add([]byte(`{"reports":[` + head + tail + `]}`))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		rs, raws, err := decodeBody(body)
		if err != nil {
			if fleet.ErrorCode(err) != fleet.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		if len(rs) == 0 || len(rs) > fleet.MaxBatch || len(raws) != len(rs) {
			t.Fatalf("%d reports, %d bodies", len(rs), len(raws))
		}
		for _, r := range rs {
			if r.ID == "" || r.Tool != "kmsdoctor" {
				t.Fatalf("decoded %+v", r)
			}
		}
		// The one-pass ways decide as the step-by-step way does.
		srs, sraws, err := decodeSlow(bytes.TrimSpace(body))
		if err != nil {
			t.Fatalf("one pass accepted, step by step: %v", err)
		}
		if !reflect.DeepEqual(srs, rs) || len(sraws) != len(raws) {
			t.Fatalf("one pass and step by step decode differently")
		}
		for i := range raws {
			if !bytes.Equal(raws[i], sraws[i]) {
				t.Fatalf("report %d: kept bytes differ", i)
			}
		}
	})
}

// TestDecodeKeepsBody: decoding a batch, whichever way, leaves the body's
// bytes as they were (the slow way once wrote the first report over them).
func TestDecodeKeepsBody(t *testing.T) {
	one, _ := json.Marshal(storetest.Report("pc01", "licensed", time.Unix(1e9, 0)))
	for _, body := range []string{`{"reports":[` + string(one) + `]}`, ` {"reports": [` + string(one) + `, ` + string(one) + `]}`} {
		b := []byte(body)
		if _, _, err := decodeSlow(bytes.TrimSpace(b)); err != nil {
			t.Fatal(err)
		}
		if _, _, err := decodeBody(b); err != nil || string(b) != body {
			t.Fatalf("err %v; body changed: %v", err, string(b) != body)
		}
	}
}

// TestSplitReports: the bytes of each report of a `{"reports":[...]}` body
// as encoding/json would hand them over, and no split for any other shape.
func TestSplitReports(t *testing.T) {
	for _, c := range []struct {
		body string
		want []string // nil: not split
	}{
		{`{"reports":[{"a":1}]}`, []string{`{"a":1}`}},
		{`{"reports": [ {"a":1} , {"b":[2,{"c":"]"}]} ] } `, []string{`{"a":1}`, `{"b":[2,{"c":"]"}]}`}},
		{`{"reports":[{"s":"a\"],{"}, null]}`, []string{`{"s":"a\"],{"}`, `null`}},
		{"{\"reports\":[\n\t{\"x\":\"\\\\\"}\r\n]}", []string{`{"x":"\\"}`}},
		{`{"reports":[]}`, nil},
		{`{"reports":[{"a":1}],"tool":"x"}`, nil},
		{`{"reports":[{"a":1}]`, nil},
		{`{"reports":[{"a":1},]}`, nil},
		{`{"reports":[{"a":"unterminated]}`, nil},
		{`{"reports":{"a":1}}`, nil},
		{` {"reports":[{"a":1}]}`, nil}, // decodeBody trims first
		{`{"REPORTS":[{"a":1}]}`, nil},
	} {
		got, ok := splitReports([]byte(c.body))
		if ok != (c.want != nil) {
			t.Errorf("%q: split %v, want %v", c.body, ok, c.want != nil)
			continue
		}
		var gs []string
		for _, g := range got {
			gs = append(gs, string(g))
		}
		if ok && !reflect.DeepEqual(gs, c.want) {
			t.Errorf("%q: %q, want %q", c.body, gs, c.want)
		}
	}
}
