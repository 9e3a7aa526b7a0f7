package server

import "testing"

// TestAnswerCache: the summary is reused for answerTTL; ?fresh=1 asks the
// store again.
func TestAnswerCache(t *testing.T) {
	f := newFixture(t, Config{})
	f.do(t, "POST", "/api/v1/reports", f.agent, reportJSON(t, "pc01", "licensed"))
	if _, m := f.do(t, "GET", "/api/v1/summary", f.reader, nil); m["machines"] != float64(1) {
		t.Fatalf("summary: %v", m)
	}
	f.do(t, "POST", "/api/v1/reports", f.agent, reportJSON(t, "pc02", "licensed"))
	if _, m := f.do(t, "GET", "/api/v1/summary", f.reader, nil); m["machines"] != float64(1) {
		t.Errorf("summary within the TTL: %v, want the cached answer", m)
	}
	if _, m := f.do(t, "GET", "/api/v1/summary?fresh=1", f.reader, nil); m["machines"] != float64(2) {
		t.Errorf("fresh summary: %v", m)
	}
	if code, m := f.do(t, "GET", "/api/v1/kms-hosts?fresh=1", f.reader, nil); code != 200 || len(m["kms_hosts"].([]any)) != 1 {
		t.Errorf("kms-hosts: %d %v", code, m)
	}
}
