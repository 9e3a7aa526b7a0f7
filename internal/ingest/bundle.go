package ingest

import (
	"context"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/bundle"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// The adapter of the "bundle" kind (a zip written by `kmsdoctor collect`):
// it reads the manifest and hands each item to the reader its kind names,
// without sniffing. An item whose kind is a name of Kinds is read by that
// kind; a data kind ("data/registry", "data/dns-config"...) is kept for
// people and later rules and read by none; a raw .evtx is read only when
// its rendered XML beside it is missing. The bundle's computer becomes
// the Computer of its events that name none and a Note of kind
// NoteBundleComputer, and a collector that failed becomes a Note of kind
// NoteCollectorFailed, so that `analyze` of a bundle and `collect
// --analyze` see the same evidence.

// Note kinds of a bundle (defined in evidence, where the engine reads them).
const (
	NoteBundleComputer  = evidence.NoteBundleComputer
	NoteCollectorFailed = evidence.NoteCollectorFailed
)

func readBundle(file string, raw []byte, s *evidence.Set) error {
	r, err := bundle.Open(raw)
	if err != nil {
		return err
	}
	m := r.Manifest
	s.Notes = append(s.Notes, evidence.Note{Kind: NoteBundleComputer, Detail: m.Computer, Source: evidence.Source{File: file}})
	rendered := map[string]bool{}
	for _, it := range m.Items {
		if it.Kind == "wevtutil-xml" && it.Path != "" {
			rendered[strings.TrimSuffix(it.Path, ".xml")] = true
		}
	}
	for _, it := range m.Items {
		if it.Error != "" {
			s.Notes = append(s.Notes, evidence.Note{Kind: NoteCollectorFailed, Detail: it.Collector + ": " + it.Error, Source: evidence.Source{File: file}})
		}
		if it.Path == "" || strings.HasPrefix(it.Kind, "data/") {
			continue
		}
		if it.Kind == "evtx" && rendered[strings.TrimSuffix(it.Path, ".evtx")] {
			continue
		}
		name := file + "!" + it.Path
		k, ok := kindNamed(it.Kind)
		if !ok {
			s.Unrecognized = append(s.Unrecognized, evidence.Source{File: name})
			continue
		}
		data, err := r.Read(it.Path)
		if err != nil {
			s.Skipped = append(s.Skipped, readerSkip(evidence.Source{File: name}, err))
			continue
		}
		events := len(s.Events)
		if err := readItem(k, name, data, s); err != nil {
			s.Skipped = append(s.Skipped, readerSkip(evidence.Source{File: name}, err))
		}
		for i := events; i < len(s.Events); i++ {
			if s.Events[i].Computer == "" {
				s.Events[i].Computer = m.Computer
			}
		}
	}
	return nil
}

// kinds is Kinds, set in init: Kinds holds readBundle, so readBundle may
// not name Kinds in its initialisation.
var kinds func() []Kind

func init() { kinds = func() []Kind { return Kinds } }

func kindNamed(name string) (Kind, bool) {
	for _, k := range kinds() {
		if k.Name == name && k.Name != "bundle" {
			return k, true
		}
	}
	return Kind{}, false
}

// readItem reads one item with the kind its manifest names: raw bytes for
// a binary kind, else the decoded text as one segment.
func readItem(k Kind, name string, data []byte, s *evidence.Set) error {
	if k.Binary() {
		return safe(k.Name, func() error { return k.readRaw(context.Background(), name, data, s) })
	}
	text, _, ok := decode(data)
	if !ok {
		s.Unrecognized = append(s.Unrecognized, evidence.Source{File: name})
		return nil
	}
	return safe(k.Name, func() error { return k.readText(context.Background(), name, 1, text, s) })
}
