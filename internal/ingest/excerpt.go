package ingest

import (
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// MaxExcerpt bounds the text of the line a piece of evidence came from,
// kept so that a report can quote it (a ticket-ready Markdown report shows
// the evidence line under each citation).
const MaxExcerpt = 200

// setLens is the length of every list of an evidence.Set (a fixed array,
// so that taking it per segment allocates nothing).
type setLens [64]int

// lens records the length of every list of s, to find what a reader added.
func lens(s *evidence.Set) setLens {
	var out setLens
	v := reflect.ValueOf(s).Elem()
	for i := range min(v.NumField(), len(out)) {
		if f := v.Field(i); f.Kind() == reflect.Slice {
			out[i] = f.Len()
		}
	}
	return out
}

// changed reports whether a list of s grew since before.
func changed(s *evidence.Set, before *setLens) bool {
	v := reflect.ValueOf(s).Elem()
	for i := range min(v.NumField(), len(before)) {
		if f := v.Field(i); f.Kind() == reflect.Slice && f.Len() != before[i] {
			return true
		}
	}
	return false
}

var sourceType = reflect.TypeFor[report.Source]()

// addExcerpts fills Source.Excerpt of the evidence added to s since before
// (see lens) that cites a line of seg in file name.
func addExcerpts(s *evidence.Set, before *setLens, name string, seg Segment) {
	sources(s, before, func(sc *report.Source, _ reflect.Value) {
		if sc.File != name || sc.Line < seg.Line || sc.Excerpt != "" {
			return
		}
		if l, ok := lineOf(seg.Text, sc.Line-seg.Line); ok {
			sc.Excerpt = excerpt(l)
		}
	})
}

// pinLines makes the evidence added to s since before that cites a line of
// file name from line on cite line itself: the lines of an output that was
// one line of the file (embedded.go). The lines of single facts a piece of
// evidence keeps (Product.Lines) move with it.
func pinLines(s *evidence.Set, before *setLens, name string, line int) {
	sources(s, before, func(sc *report.Source, el reflect.Value) {
		if sc.File != name || sc.Line <= line {
			return
		}
		sc.Line = line
		if m := el.FieldByName("Lines"); m.IsValid() && m.Type() == linesType {
			for _, k := range m.MapKeys() {
				if m.MapIndex(k).Int() > int64(line) {
					m.SetMapIndex(k, reflect.ValueOf(line))
				}
			}
		}
	})
}

var linesType = reflect.TypeFor[map[string]int]()

// sources calls f with the Source of every piece of evidence added to s
// since before.
func sources(s *evidence.Set, before *setLens, f func(*report.Source, reflect.Value)) {
	if !changed(s, before) {
		return
	}
	v := reflect.ValueOf(s).Elem()
	for i := range min(v.NumField(), len(before)) {
		n := before[i]
		fv := v.Field(i)
		if fv.Kind() != reflect.Slice || fv.Type().Elem().Kind() == reflect.String {
			continue
		}
		for j := n; j < fv.Len(); j++ {
			el := fv.Index(j)
			var src reflect.Value
			switch {
			case el.Type() == sourceType:
				src = el
			case el.Kind() == reflect.Struct:
				src = el.FieldByName("Source")
				if !src.IsValid() || src.Type() != sourceType {
					continue
				}
			default:
				continue
			}
			f(src.Addr().Interface().(*report.Source), el)
		}
	}
}

// lineOf returns line k (0-based) of text.
func lineOf(text string, k int) (string, bool) {
	for ; k > 0; k-- {
		i := strings.IndexByte(text, '\n')
		if i < 0 {
			return "", false
		}
		text = text[i+1:]
	}
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		text = text[:i]
	}
	return text, true
}

// excerpt is line trimmed and cut at MaxExcerpt bytes on a character
// boundary.
func excerpt(line string) string {
	line = strings.TrimSpace(line)
	if len(line) <= MaxExcerpt {
		return line
	}
	cut := MaxExcerpt
	for cut > 0 && !utf8.RuneStart(line[cut]) {
		cut--
	}
	return line[:cut] + "..."
}
