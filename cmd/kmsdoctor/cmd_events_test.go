package main

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

const (
	awsEVTX    = "../../internal/eventlog/evtx/testdata/anotherc0ne_EventLog_Application.evtx"
	badMagic   = "../../internal/eventlog/evtx/testdata/omerbenamram_sample_with_a_bad_chunk_magic.evtx"
	kmsHostXML = "../../internal/eventlog/wevtxml/testdata/kmshost_12290_12293_constructed.xml"
)

func TestEventsJSONL(t *testing.T) {
	out, errs, code := runCLI(t, "events", "--id", "12288,12289", awsEVTX)
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("got %d lines, want the 2 real 12288/12289 pairs", len(lines))
	}
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("not JSON: %v: %s", err, l)
		}
		for _, k := range []string{"record_id", "time", "provider", "event_id", "level", "channel", "computer", "data"} {
			if _, ok := m[k]; !ok {
				t.Errorf("key %q missing: %s", k, l)
			}
		}
	}
	checkGolden(t, "events_aws_12288_12289.jsonl", out)
}

func TestEventsXML(t *testing.T) {
	out, errs, code := runCLI(t, "events", "--format", "xml", "--id", "12289", awsEVTX, kmsHostXML)
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want 2", len(lines))
	}
	for _, l := range lines {
		var v struct {
			XMLName xml.Name
			EventID int `xml:"System>EventID"`
		}
		if err := xml.Unmarshal([]byte(l), &v); err != nil || v.XMLName.Local != "Event" || v.EventID != 12289 {
			t.Errorf("bad XML line (%v, %+v): %s", err, v, l)
		}
	}
	checkGolden(t, "events_aws_12289.xml", out)
}

func TestEventsAllFormats(t *testing.T) {
	out, errs, code := runCLI(t, "events", "--id", "12290", kmsHostXML)
	if code != 0 || errs != "" || !strings.Contains(out, `"channel":"Key Management Service"`) {
		t.Errorf("exit %d, stderr %q, out %.200s", code, errs, out)
	}
}

func TestEventsErrors(t *testing.T) {
	dir := t.TempDir()
	notLog := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notLog, []byte("hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(awsEVTX)
	if err != nil {
		t.Fatal(err)
	}
	trunc := filepath.Join(dir, "trunc.evtx")
	if err := os.WriteFile(trunc, good[:4096+65536+1000], 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		code     int
		stderr   []string // substrings, one per stderr line, in order
		stdoutOK bool
	}{
		{"no paths", []string{"events"}, 2, []string{"give at least one event log file"}, false},
		{"bad format", []string{"events", "--format", "csv", awsEVTX}, 2, []string{"unknown format csv"}, false},
		{"bad id", []string{"events", "--id", "12288,abc", awsEVTX}, 2, []string{"abc is not an event ID"}, false},
		{"missing file", []string{"events", filepath.Join(dir, "nope.evtx")}, 2, []string{"nope.evtx"}, false},
		{"not an event log, then a good file", []string{"events", "--id", "12288", notLog, awsEVTX}, 2,
			[]string{notLog + ": offset 0: not an event log"}, true},
		{"truncated EVTX", []string{"events", trunc}, 0, []string{trunc + ": offset 70632: damage found: chunk 1: truncated"}, true},
		{"skips in Japanese", []string{"events", "--lang", "ja", trunc}, 0, []string{trunc + ": オフセット 70632: 破損を検出しました: チャンク 1: 65536 バイトのうち 1000 バイトで切れています"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := runCLI(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errs)
			}
			lines := strings.Split(strings.TrimSuffix(errs, "\n"), "\n")
			for i, want := range tt.stderr {
				if i >= len(lines) || !strings.Contains(lines[i], want) || !strings.HasPrefix(lines[i], "kmsdoctor: ") {
					t.Errorf("stderr line %d = %q, want it to contain %q", i+1, strings.Join(lines, " | "), want)
				}
			}
			if tt.stdoutOK != (out != "") {
				t.Errorf("stdout = %.100q", out)
			}
		})
	}
}

func TestEventsSkipsOnStderr(t *testing.T) {
	out, errs, code := runCLI(t, "events", badMagic)
	if code != 0 || strings.Count(out, "\n") != 298 {
		t.Fatalf("exit %d, %d events", code, strings.Count(out, "\n"))
	}
	checkGolden(t, "events_bad_chunk_magic.stderr", strings.ReplaceAll(errs, badMagic, "FILE"))
}

func TestAppendJSONString(t *testing.T) {
	for _, s := range []string{"", "plain", "quote\" back\\slash", "ctl \x00\x01\x1f\t\r\n", "日本語のテキスト", "bad \xff utf8", "sep \u2028\u2029", "<&>"} {
		b := appendJSONString(nil, s)
		var got string
		if err := json.Unmarshal(b, &got); err != nil {
			t.Errorf("%q -> %s: %v", s, b, err)
			continue
		}
		if want := strings.ToValidUTF8(s, "\ufffd"); got != want {
			t.Errorf("%q -> %s -> %q", s, b, got)
		}
	}
}

func TestParseIDs(t *testing.T) {
	m, err := parseIDs(" 12288, 12289 ,")
	if err != nil || len(m) != 2 || !m[12288] || !m[12289] {
		t.Errorf("%v %v", m, err)
	}
	for _, bad := range []string{"x", "-1", "70000", "1.5"} {
		if _, err := parseIDs(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if m, err := parseIDs(""); m != nil || err != nil {
		t.Errorf("empty: %v %v", m, err)
	}
}

// BenchmarkEventsJSONL runs the whole command on the AWS log (807 events)
// with output discarded.
func BenchmarkEventsJSONL(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if code := run(context.Background(), []string{"events", awsEVTX}, strings.NewReader(""), io.Discard, io.Discard); code != 0 {
			b.Fatal(code)
		}
	}
	b.ReportMetric(float64(807*b.N)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkAppendEventJSON(b *testing.B) {
	ev := &evidence.Event{RecordID: 8057, Provider: "Microsoft-Windows-Security-SPP", EventID: 12289, Level: 4,
		Channel: "Application", Computer: "EC2AMAZ-U1F32CD",
		Data: []string{"0x00000000, 0x00000000, 1, 0, 50, 120, 10080, 2023/05/24 01:12"}}
	var buf []byte
	for i := 0; i < b.N; i++ {
		buf = appendEventJSON(ev, buf[:0])
	}
}

// TestEventsXMLOneLine checks that every line of --format xml is one whole
// <Event> element, for every reader (EVTX data with line breaks included).
func TestEventsXMLOneLine(t *testing.T) {
	files := []string{
		"../../internal/eventlog/evtx/testdata/anotherc0ne_EventLog_Application.evtx",
		"../../internal/eventlog/evtx/testdata/disagree_29b85db2_MSExchange_Management_wec.evtx",
		kmsHostXML,
		"../../internal/eventlog/evcsv/testdata/ja_eventviewer_utf16_constructed.csv",
		"../../internal/eventlog/evtext/testdata/ja_12288_12289_constructed.txt",
	}
	for _, f := range files {
		out, errs, code := runCLI(t, "events", "--format", "xml", f)
		if code != 0 || out == "" {
			t.Errorf("%s: exit %d, stderr %q", f, code, errs)
			continue
		}
		for i, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			var v struct {
				XMLName  xml.Name
				Provider struct {
					Name string `xml:"Name,attr"`
				} `xml:"System>Provider"`
			}
			if err := xml.Unmarshal([]byte(l), &v); err != nil || v.XMLName.Local != "Event" || v.Provider.Name == "" {
				t.Errorf("%s line %d: %v: %.200s", f, i+1, err, l)
				break
			}
		}
	}
}

func TestEventsStdin(t *testing.T) {
	b, err := os.ReadFile(awsEVTX)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		t.Setenv(k, "")
	}
	var out, errb strings.Builder
	code := run(context.Background(), []string{"events", "--id", "12289", "-"}, strings.NewReader(string(b)), &out, &errb)
	if code != 0 || strings.Count(out.String(), "\n") != 2 || errb.Len() != 0 {
		t.Errorf("exit %d, out %q, err %q", code, out.String(), errb.String())
	}
}

func TestEventsTable(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		out, errs, code := runCLI(t, "events", "--format", "table", "--lang", lang, "--id", "12288,12289", awsEVTX)
		if code != 0 || errs != "" {
			t.Fatalf("%s: exit %d, stderr %q", lang, code, errs)
		}
		// the KMS host's 12290s of the last hour of the log, by the host's short name
		host, errs, code := runCLI(t, "events", "--format", "table", "--lang", lang, "--since", "2026-11-06T08:40:00Z", "--computer", "kms01", kmsHostXML)
		if code != 0 || errs != "" {
			t.Fatalf("%s: exit %d, stderr %q", lang, code, errs)
		}
		checkGolden(t, "events_table."+lang+".txt", out+host)
	}
}

func TestEventsFilters(t *testing.T) {
	all, _, _ := runCLI(t, "events", "--format", "table", awsEVTX, kmsHostXML)
	n := strings.Count(all, "\n")
	tests := []struct {
		name string
		args []string
		want func(int) bool
	}{
		{"computer none", []string{"--computer", "nosuchpc"}, func(k int) bool { return k == 1 }},
		{"since far future", []string{"--since", "2999-01-01"}, func(k int) bool { return k == 1 }},
		{"since long ago", []string{"--since", "2000-01-01"}, func(k int) bool { return k == n }},
	}
	for _, tt := range tests {
		args := append([]string{"events", "--format", "table"}, tt.args...)
		out, errs, code := runCLI(t, append(args, awsEVTX, kmsHostXML)...)
		if k := strings.Count(out, "\n"); code != 0 || errs != "" || !tt.want(k) {
			t.Errorf("%s: exit %d, stderr %q, %d lines (all: %d)", tt.name, code, errs, k, n)
		}
	}
	// --computer takes the first label of a full name
	first := strings.Fields(strings.Split(all, "\n")[1])[3]
	short, _, _ := strings.Cut(first, ".")
	out, _, _ := runCLI(t, "events", "--format", "table", "--computer", strings.ToLower(short), awsEVTX, kmsHostXML)
	if strings.Count(out, "\n") < 2 {
		t.Errorf("--computer %s matched nothing:\n%s", short, all)
	}
	if _, errs, code := runCLI(t, "events", "--since", "yesterday", awsEVTX); code != 2 || !strings.Contains(errs, "--since") {
		t.Errorf("bad --since: exit %d, stderr %q", code, errs)
	}
}

func TestParseSince(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"24h", now.Add(-24 * time.Hour), true},
		{"7d", now.Add(-7 * 24 * time.Hour), true},
		{"2026-11-30", time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), true},
		{"2026-11-30T10:00:00+09:00", time.Date(2026, 11, 30, 1, 0, 0, 0, time.UTC), true},
		{"yesterday", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := parseSince(tt.in, now)
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("parseSince(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
