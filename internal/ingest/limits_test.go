package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"github.com/kmsdoctor/kmsdoctor/internal/eventlog/eventtest"
	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
	"github.com/kmsdoctor/kmsdoctor/internal/render"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/kmsdoctor/kmsdoctor/internal/eventlog/evtx"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/kmsevents"
)

// xmlEvent is one wevtutil-style event.
func xmlEvent(provider string, id int, t time.Time, pc, data string) string {
	return fmt.Sprintf("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='%s'/><EventID>%d</EventID>"+
		"<Level>4</Level><TimeCreated SystemTime='%s'/><EventRecordID>%d</EventRecordID><Channel>Application</Channel><Computer>%s</Computer></System>"+
		"<EventData><Data>%s</Data></EventData></Event>\n", provider, id, t.UTC().Format(time.RFC3339Nano), t.Unix()%1000000+1, pc, data)
}

// TestAnalyzeKeepsWhatRulesRead: analyze keeps the activation events with
// their data (cut to MaxEventData) and of a large log of other events only
// a bounded skeleton, the newest included.
func TestAnalyzeKeepsWhatRulesRead(t *testing.T) {
	t0 := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	var b strings.Builder
	b.WriteString(xmlEvent("Microsoft-Windows-Security-SPP", kmsevents.EvSPPFailure, t0, "PC1", "0xC004F074, "+strings.Repeat("x", 5000)))
	other := strings.Repeat("d", 100)
	n := 3 * MaxOtherEvents
	for i := range n {
		b.WriteString(xmlEvent("App", 1000, t0.Add(time.Duration(i)*time.Second), "PC1", other))
	}
	b.WriteString(xmlEvent("App", 1000, t0.Add(-time.Hour), "PC2", other))
	s := &evidence.Set{}
	Bytes("app.xml", []byte(b.String()), s)
	if len(s.Events) > MaxOtherEvents+3 {
		t.Errorf("%d events kept of %d", len(s.Events), n+2)
	}
	var sawPC2, sawNewest bool
	for _, e := range s.Events {
		switch {
		case kmsevents.Used(&e):
			if len(e.Data) != 1 || len(e.Data[0]) > MaxEventData || !strings.HasPrefix(e.Data[0], "0xC004F074") {
				t.Errorf("activation event data %d bytes", len(e.Data[0]))
			}
		case e.Data != nil || e.XML != "":
			t.Errorf("other event keeps its data")
		}
		sawPC2 = sawPC2 || e.Computer == "PC2"
		sawNewest = sawNewest || e.Time.Equal(t0.Add(time.Duration(n-1)*time.Second))
	}
	if !sawPC2 || !sawNewest {
		t.Errorf("lost the computer PC2 (%v) or the newest event (%v)", sawPC2, sawNewest)
	}
}

// TestAnalyzeEventsBudget: activation events past MaxEvents are reported.
func TestAnalyzeEventsBudget(t *testing.T) {
	s := &evidence.Set{Events: make([]evidence.Event, MaxEvents)}
	Bytes("kms.xml", []byte(xmlEvent("Microsoft-Windows-Security-SPP", kmsevents.EvSPPFailure, time.Now(), "PC1", "0xC004F074")), s)
	if len(s.Events) != MaxEvents || len(s.Skipped) != 1 || s.Skipped[0].Key != "skip.ingest.too_many_events" {
		t.Errorf("%d events, skips %+v", len(s.Events), s.Skipped)
	}
}

// TestAnalyzeEventsMemory: what analyze retains of a 40 MB XML log of
// other events (the evidence.Set, after the input is gone) is a small
// fraction of the input.
func TestAnalyzeEventsMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	t0 := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	var b strings.Builder
	other := strings.Repeat("d", 1500)
	for i := 0; b.Len() < 40<<20; i++ {
		b.WriteString(xmlEvent("App", 1000, t0.Add(time.Duration(i)*time.Second), "PC1", other))
	}
	raw := []byte(b.String())
	size := len(raw)
	b.Reset()
	before := liveHeap()
	s := &evidence.Set{}
	Bytes("app.xml", raw, s)
	raw = nil
	kept := liveHeap() - min(before, liveHeap())
	if kept > 8<<20 {
		t.Errorf("%d MiB retained for %d MiB of input (%d events)", kept>>20, size>>20, len(s.Events))
	}
	runtime.KeepAlive(s)
}

func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// overlapZip is a zip whose n central-directory entries all point at the
// one entry of data: a 61 KB file that unpacks to n times size.
func overlapZip(t *testing.T, n, size int) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create("a.txt")
	if err != nil {
		t.Fatal(err)
	}
	w.Write(bytes.Repeat([]byte("a"), size))
	zw.Close()
	raw := b.Bytes()
	cd := bytes.Index(raw, []byte("PK\x01\x02"))
	eocd := bytes.LastIndex(raw, []byte("PK\x05\x06"))
	rec := raw[cd:eocd]
	out := append([]byte(nil), raw[:cd]...)
	for i := range n {
		r := append([]byte(nil), rec...)
		copy(r[46:], fmt.Sprintf("%05d", i)) // "a.txt" -> a distinct name
		out = append(out, r...)
	}
	end := append([]byte(nil), raw[eocd:]...)
	binary.LittleEndian.PutUint16(end[8:], uint16(n))
	binary.LittleEndian.PutUint16(end[10:], uint16(n))
	binary.LittleEndian.PutUint32(end[12:], uint32(n*len(rec)))
	binary.LittleEndian.PutUint32(end[16:], uint32(cd))
	return append(out, end...)
}

func hasSkip(s *evidence.Set, key string) bool {
	for _, sk := range s.Skipped {
		if sk.Key == key {
			return true
		}
	}
	return false
}

// TestZipOverlap: entries sharing one stream are read once.
func TestZipOverlap(t *testing.T) {
	z := overlapZip(t, 1000, 1<<20)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	s := &evidence.Set{}
	Bytes("bomb.zip", z, s)
	runtime.ReadMemStats(&after)
	if !hasSkip(s, "skip.ingest.zip_overlap") || len(s.Inputs) != 1000 {
		t.Errorf("%d inputs, skips %d", len(s.Inputs), len(s.Skipped))
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 64<<20 {
		t.Errorf("%d KB of zip allocated %d MiB", len(z)>>10, got>>20)
	}
}

// TestZipBudget: the run's decompression budget is shared by all zips and
// nested zips, and what is past it is reported.
func TestZipBudget(t *testing.T) {
	entry := []byte(strings.Repeat("x", 1<<20))
	files := map[string][]byte{}
	for i := range 8 {
		files[fmt.Sprintf("f%d.txt", i)] = entry
	}
	z := writeZip(t, files)
	s := &evidence.Set{}
	r := newRun(s)
	r.unzipLeft = 3 << 20
	readBytes("a.zip", z, r, 0)
	readBytes("b.zip", writeZip(t, map[string][]byte{"in.zip": z}), r, 0)
	if !hasSkip(s, "skip.ingest.zip_too_big") || r.unzipLeft > 0 {
		t.Errorf("budget left %d, skips %+v", r.unzipLeft, s.Skipped)
	}
	if n := len(s.Unrecognized); n != 3 {
		t.Errorf("%d entries read, want 3", n)
	}
}

// TestZipNestedRatio: a zip inside a zip that inflates far beyond what
// compressed data does is not read.
func TestZipNestedRatio(t *testing.T) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "zeros.txt", Method: zip.Store})
	w.Write(make([]byte, 4<<20))
	zw.Close()
	s := &evidence.Set{}
	Bytes("outer.zip", writeZip(t, map[string][]byte{"inner.zip": b.Bytes()}), s)
	if !hasSkip(s, "skip.ingest.zip_ratio") {
		t.Errorf("skips %+v", s.Skipped)
	}
}

// TestZipTruncated: a zip cut inside its second entry keeps the first and
// names the second.
func TestZipTruncated(t *testing.T) {
	z := writeZip(t, map[string][]byte{"a.txt": []byte(dli)})
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range []string{"a.txt", "b.txt"} {
		w, _ := zw.Create(n)
		w.Write([]byte(dli))
	}
	zw.Close()
	z = b.Bytes()
	second := bytes.LastIndex(z[:bytes.Index(z, []byte("PK\x01\x02"))], []byte("PK\x03\x04"))
	s := &evidence.Set{}
	Bytes("cut.zip", z[:second+60], s)
	if len(s.Products) != 1 || !hasSkip(s, "skip.ingest.zip_truncated") {
		t.Errorf("%d products, skips %+v", len(s.Products), s.Skipped)
	}
	lost := false
	for _, sk := range s.Skipped {
		lost = lost || sk.Source.File == "cut.zip!b.txt"
	}
	if !lost {
		t.Errorf("b.txt not named: %+v", s.Skipped)
	}
}

// TestZipContentTypes: a bundle holding a [Content_Types].xml is still read;
// an Office document is not.
func TestZipContentTypes(t *testing.T) {
	s := &evidence.Set{}
	Bytes("b.zip", writeZip(t, map[string][]byte{"[Content_Types].xml": []byte("<Types/>"), "dli.txt": []byte(dli)}), s)
	if len(s.Products) != 1 {
		t.Errorf("bundle with [Content_Types].xml: %d products", len(s.Products))
	}
	s = &evidence.Set{}
	Bytes("d.docx", writeZip(t, map[string][]byte{"[Content_Types].xml": []byte("<Types/>"), "_rels/.rels": nil, "word/document.xml": []byte(dli)}), s)
	if len(s.Products) != 0 || len(s.WrongFormat) != 1 {
		t.Errorf("docx: %d products, %v", len(s.Products), s.WrongFormat)
	}
}

// BenchmarkZipOverlap: `go test ./internal/ingest -run '^$' -bench Zip -benchmem`.
func BenchmarkZipOverlap(b *testing.B) {
	t := &testing.T{}
	z := overlapZip(t, 1000, 60<<20)
	b.SetBytes(int64(len(z)))
	for b.Loop() {
		Bytes("bomb.zip", z, &evidence.Set{})
	}
}

// pasteInputs are texts of many segments: prompt lines (each its own
// segment) and short lines.
func pasteInputs(size int) map[string][]byte {
	return map[string][]byte{
		"prompts":     bytes.Repeat([]byte("PS C:\\> x\n"), size/10),
		"short-lines": bytes.Repeat([]byte("ab\n"), size/3),
		"xml-prompts": bytes.Repeat([]byte("> x\n<Event>\n"), size/12),
	}
}

// BenchmarkPaste: `go test ./internal/ingest -run '^$' -bench Paste -benchmem`.
func BenchmarkPaste(b *testing.B) {
	for name, raw := range pasteInputs(8 << 20) {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(raw)))
			for b.Loop() {
				Bytes("paste.txt", raw, &evidence.Set{})
			}
		})
	}
}

// TestPasteAllocs: texts of millions of segments or lines allocate a
// bounded multiple of their size (a CSV reader per segment made 60 MiB of
// prompt lines allocate gigabytes). The least of three runs counts: what a
// run allocates varies by a few MiB with when the collector runs (a buffer
// a pool dropped is allocated again), which made a loaded machine see
// 81-86 MiB against the 80 of the bound.
func TestPasteAllocs(t *testing.T) {
	for name, raw := range pasteInputs(2 << 20) {
		got := uint64(math.MaxUint64)
		for range 3 {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			Bytes("paste.txt", raw, &evidence.Set{})
			runtime.ReadMemStats(&after)
			got = min(got, after.TotalAlloc-before.TotalAlloc)
		}
		if got > 40*uint64(len(raw)) {
			t.Errorf("%s: %d KiB allocated %d MiB", name, len(raw)>>10, got>>20)
		}
	}
}

// TestDamageMessagesCut: a damage message quotes at most a short part of a
// huge value (a 50 MB event id made a 52 MB line on stderr).
func TestDamageMessagesCut(t *testing.T) {
	huge := strings.Repeat("9", 1<<20) + "x"
	t0 := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	inputs := map[string]string{
		"xml":  strings.Replace(xmlEvent("Microsoft-Windows-Security-SPP", 8198, t0, "PC1", "0x0"), ">8198<", ">"+huge+"<", 1),
		"csv":  "Level,Date and Time,Source,Event ID,Task Category\nError,3/5/2024 9:00:00 AM,Microsoft-Windows-Security-SPP," + huge + ",None\n",
		"date": "Level,Date and Time,Source,Event ID,Task Category\nError," + huge + ",Microsoft-Windows-Security-SPP,12288,None\n",
		"text": "Log Name:      Application\nSource:        Microsoft-Windows-Security-SPP\nDate:          2024-03-01T10:00:00\nEvent ID:      " + huge + "\nLevel:         Error\nDescription:\nx\n",
	}
	for name, in := range inputs {
		s := &evidence.Set{}
		Bytes(name, []byte(in), s)
		if len(s.Skipped) == 0 {
			t.Errorf("%s: nothing skipped", name)
		}
		for _, sk := range s.Skipped {
			for _, lang := range []i18n.Lang{i18n.EN, i18n.JA} {
				if m := render.Message(lang, sk.Message()); len(m) > 2000 {
					t.Errorf("%s: %d-byte message %.200s", name, len(m), m)
				}
			}
		}
	}
}

// TestOddText: one NUL, trailing NUL padding or an odd-length BOM-less
// UTF-16 file is a damaged text, not an unrecognised file.
func TestOddText(t *testing.T) {
	u := utf16.Encode([]rune(dli))
	var le []byte
	for _, c := range u {
		le = binary.LittleEndian.AppendUint16(le, c)
	}
	for name, raw := range map[string][]byte{
		"one NUL":       append([]byte(dli[:40]+"\x00"), dli[40:]...),
		"NUL padding":   append([]byte(dli), make([]byte, 3000)...),
		"odd UTF-16":    append(le, 'x'),
		"cut UTF-16":    le[:len(le)-1],
		"UTF-16 padded": append(le, 0, 0, 0),
	} {
		s := &evidence.Set{}
		Bytes(name, raw, s)
		if len(s.Products) != 1 || len(s.Unrecognized) != 0 || len(s.Skipped) == 0 {
			t.Errorf("%s: %d products, unrecognised %v, skips %+v", name, len(s.Products), s.Unrecognized, s.Skipped)
		}
	}
	s := &evidence.Set{}
	Bytes("zeros", make([]byte, 100), s)
	if len(s.Unrecognized) != 1 {
		t.Errorf("a file of NULs: %+v", s)
	}
}

// The fuzz targets fail when an input allocates (or `events` prints) more
// than fuzzLimit of it: fuzzAllocRatio times its size, plus fixed buffers
// (fuzzAllocBase), plus for EVTX three times evtx.MaxChunkSize per chunk (a
// crafted chunk may render to MaxChunkSize, whatever its size). The bugs of
// issue 11 were ratios of 500 to 60 000.
const (
	fuzzAllocRatio = 256
	fuzzAllocBase  = 2 << 20
)

func fuzzLimit(b []byte, inflated int64) uint64 {
	n := uint64(fuzzAllocRatio)*(uint64(len(b))+uint64(inflated)) + fuzzAllocBase
	if evtx.Detect(b) || isZip(b) {
		// A zip entry may be an EVTX file too.
		n += uint64(len(b)+int(inflated))/(64<<10)*3*evtx.MaxChunkSize + 3*evtx.MaxChunkSize
	}
	return n
}

// allocated returns the bytes f allocated (the whole process's, so run it
// alone).
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestPathsCancelled: reading stops as soon as the context ends (Ctrl-C
// makes analyze exit 130 at once), inside a large file too.
func TestPathsCancelled(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	t0 := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; b.Len() < 4<<20; i++ {
		b.WriteString(xmlEvent("Microsoft-Windows-Security-SPP", kmsevents.EvSPPFailure, t0.Add(time.Duration(i)*time.Second), "PC1", "0xC004F074"))
	}
	for i := range 3 {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("%d.xml", i)), []byte(b.String()), 0o644)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s, err := PathsContext(ctx, []string{dir})
	if !errors.Is(err, context.Canceled) || len(s.Events) != 0 {
		t.Errorf("cancelled before: %v, %d events", err, len(s.Events))
	}
	// Inside one file: no segment is read, and an event-log reader given
	// the context stops.
	r := newRunContext(ctx, &evidence.Set{})
	readBytes("big.xml", []byte(b.String()), r, 0)
	if len(r.s.Events) != 0 {
		t.Errorf("%d events read after the context ended", len(r.s.Events))
	}
	xk, _ := kindNamed("wevtutil-xml")
	if err := readEventsText(ctx, xk.Events, "big.xml", 1, b.String(), &evidence.Set{}); !errors.Is(err, context.Canceled) {
		t.Errorf("%s reader: %v", xk.Name, err)
	}
}

// TestStreamCut: a stream over MaxFileSize is read up to it and says it was
// cut.
func TestStreamCut(t *testing.T) {
	in := io.MultiReader(strings.NewReader("PK\x03\x04"), bytes.NewReader(make([]byte, MaxFileSize+10)))
	s := &evidence.Set{}
	if err := Reader("stdin", in, s); err != nil {
		t.Fatal(err)
	}
	if !hasSkip(s, "skip.ingest.input_cut") {
		t.Errorf("skips %+v", s.Skipped)
	}
}

// BenchmarkAnalyzeEVTXBomb: analyze of an 8 MB EVTX whose chunks each
// expand to tens of MB (issue 11: 6 GiB before). It reports the peak live
// heap. `go test ./internal/ingest -run '^$' -bench AnalyzeEVTXBomb -benchmem -benchtime 1x`.
func BenchmarkAnalyzeEVTXBomb(b *testing.B) {
	for _, shape := range []struct{ name, refs int }{{20000, 2}, {200, 40}, {2000, 400}} {
		raw := eventtest.BombEVTX(128, shape.name, shape.refs)
		b.Run(fmt.Sprintf("name=%d/refs=%d", shape.name, shape.refs), func(b *testing.B) {
			b.SetBytes(int64(len(raw)))
			var peak uint64
			for b.Loop() {
				peak = max(peak, heapPeak(func() { Bytes("bomb.evtx", raw, &evidence.Set{}) }))
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
}

// heapPeak runs f and samples the heap in use while it runs.
func heapPeak(f func()) uint64 {
	runtime.GC()
	var peak uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	f()
	close(done)
	<-stopped
	return peak
}
