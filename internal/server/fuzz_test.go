package server

import (
	"net"
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
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"tool":"kmsdoctor","schema":2,"id":"a b"}`))
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
	})
}
