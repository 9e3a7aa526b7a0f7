// Package ingest is the input side of `kmsdoctor analyze`: it walks the
// paths it is given (files, folders, .zip bundles, zips inside zips), decodes
// each file's text, cuts pasted ticket texts that hold several command
// outputs into segments, recognises the kind of each segment by its content
// through the registry in kinds.go, and lets that kind's reader fill one
// evidence.Set. Everything a reader records carries the file (with the path
// inside a zip after "!", e.g. "bundle.zip!logs/dlv.txt") and the line.
//
// The registry is also what `kmsdoctor events` reads event logs with: an
// event-log kind (Kind.Events) is streamed by ReadEvents, never loaded
// whole (events.go).
//
// # Adding a reader
//
// Add one line to Kinds in kinds.go. A text kind gives Detect(text) and
// Read(file, line, text, set) (and optionally Starts(line) to let the
// splitter cut a pasted ticket where its output begins); an event-log kind
// gives Detect(text), or DetectRaw(raw) for a binary format such as EVTX,
// and Events, its eventlog.ReadFunc. Binary kinds are tried first on the
// raw bytes; a file none of them claims is decoded and split, and every
// text kind whose Detect accepts a segment reads it.
//
// # Decoding
//
// Text is decoded with package textenc: UTF-8 with or without BOM,
// UTF-16LE/BE with BOM, BOM-less UTF-16LE (as PowerShell 5 `>` writes) and
// BE, and Shift_JIS/CP932 (what `cscript slmgr.vbs /dlv > out.txt` writes
// on a Japanese Windows). A file that decodes to binary-looking content
// (NUL, many control characters, many replaced characters) is treated as
// binary. A UTF-8 file with a few damaged bytes stays UTF-8; every
// character decoding had to replace is reported as an evidence.Skip with
// its line.
//
// Standard input is read with Reader (analyze's "-").
//
// Files that document a folder rather than belong to it (hidden files,
// README*, SOURCES.md, LICENSE*) are skipped while walking it.
//
// # Limits
//
// A file larger than MaxFileSize is refused with an evidence.Skip; a zip is
// read entry by entry with per-entry and total uncompressed bounds, at most
// MaxZipEntries entries and MaxZipDepth levels of nesting. Names inside a zip
// are never used as paths on disk (nothing is extracted), so a "../" entry
// (zip-slip) cannot escape: it is only a display name, cleaned.
package ingest

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// Limits.
const (
	MaxFileSize   = 64 << 20  // one file or zip entry, uncompressed
	MaxZipTotal   = 512 << 20 // all entries of one zip, uncompressed
	MaxZipEntries = 10000
	MaxZipDepth   = 3
)

// OpenError is an input that could not be opened or read at all; analyze
// exits 2 on it.
type OpenError struct {
	Path string
	Err  error
}

func (e *OpenError) Error() string { return fmt.Sprintf("%s: %v", e.Path, e.Err) }
func (e *OpenError) Unwrap() error { return e.Err }

// Paths reads every path (file, folder or .zip) into one evidence.Set. It
// returns an *OpenError for the first path that cannot be opened or read.
func Paths(paths []string) (*evidence.Set, error) {
	s := &evidence.Set{}
	for _, p := range paths {
		if err := readPath(p, s); err != nil {
			return s, err
		}
	}
	return s, nil
}

func readPath(p string, s *evidence.Set) error {
	st, err := os.Stat(p)
	if err != nil {
		return &OpenError{Path: p, Err: unwrapPathErr(err)}
	}
	if !st.IsDir() {
		return readFile(p, filepath.ToSlash(p), s)
	}
	var files []string
	err = filepath.WalkDir(p, func(fp string, d fs.DirEntry, err error) error {
		if err != nil {
			if fp == p {
				return &OpenError{Path: fp, Err: unwrapPathErr(err)}
			}
			// A part of the folder that cannot be read is skipped, not fatal.
			skipInput(s, filepath.ToSlash(fp), "skip.ingest.cannot_read", map[string]any{"err": unwrapPathErr(err)})
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if fp != p && skipInFolder(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			files = append(files, fp)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(files)
	for _, f := range files {
		if err := readFile(f, filepath.ToSlash(f), s); err != nil {
			var oe *OpenError
			if !errors.As(err, &oe) {
				return err
			}
			skipInput(s, filepath.ToSlash(f), "skip.ingest.cannot_read", map[string]any{"err": oe.Err})
		}
	}
	return nil
}

func skipInFolder(name string) bool {
	up := strings.ToUpper(name)
	return strings.HasPrefix(name, ".") || strings.HasPrefix(up, "README") || up == "SOURCES.MD" || strings.HasPrefix(up, "LICENSE")
}

// Reader reads one input from r (e.g. standard input) named name.
func Reader(name string, r io.Reader, s *evidence.Set) error {
	raw, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return &OpenError{Path: name, Err: err}
	}
	if len(raw) > MaxFileSize {
		skipInput(s, name, "skip.ingest.input_too_large", map[string]any{"mib": MaxFileSize >> 20})
		return nil
	}
	Bytes(name, raw, s)
	return nil
}

// skipInput records name as an input that could not be read at all, with
// the reason as a skip.ingest.* message.
func skipInput(s *evidence.Set, name, key string, args map[string]any) {
	s.Inputs = append(s.Inputs, name)
	s.Skipped = append(s.Skipped, evidence.NewSkip(evidence.Source{File: name}, 0, key, args))
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func readFile(p, name string, s *evidence.Set) error {
	f, err := os.Open(p)
	if err != nil {
		return &OpenError{Path: p, Err: unwrapPathErr(err)}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return &OpenError{Path: p, Err: unwrapPathErr(err)}
	}
	if st.Size() > MaxFileSize {
		skipInput(s, name, "skip.ingest.file_too_large", map[string]any{"mib": MaxFileSize >> 20})
		return nil
	}
	raw, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return &OpenError{Path: p, Err: unwrapPathErr(err)}
	}
	Bytes(name, raw, s)
	return nil
}

// Bytes reads one input already in memory (a file, a zip entry, stdin)
// named name into s. It never fails: what cannot be read is recorded as an
// evidence.Skip or an unrecognised input.
func Bytes(name string, raw []byte, s *evidence.Set) {
	readBytes(name, raw, s, 0)
}

func readBytes(name string, raw []byte, s *evidence.Set, depth int) {
	// Binary kinds before zips: a collect bundle is a zip read through its
	// manifest, not walked.
	for _, k := range Kinds {
		if k.Binary() && k.DetectRaw(raw) {
			s.Inputs = append(s.Inputs, name)
			if err := safe(k.Name, func() error { return k.readRaw(name, raw, s) }); err != nil {
				s.Skipped = append(s.Skipped, readerSkip(evidence.Source{File: name}, err))
			}
			return
		}
	}
	if isZip(raw) {
		readZip(name, raw, s, depth)
		return
	}
	s.Inputs = append(s.Inputs, name)
	text, enc, ok := decode(raw)
	if !ok {
		s.Unrecognized = append(s.Unrecognized, evidence.Source{File: name})
		return
	}
	if n := replaced(text); n > 0 && !bytes.Contains(raw, []byte("\xEF\xBF\xBD")) {
		line := 1 + strings.Count(text[:strings.Index(text, "\uFFFD")], "\n")
		s.Skipped = append(s.Skipped, evidence.NewSkip(evidence.Source{File: name, Line: line}, n,
			"skip.ingest.bad_chars", map[string]any{"count": n, "enc": string(enc)}))
	}
	if !Text(name, text, s) {
		s.Unrecognized = append(s.Unrecognized, evidence.Source{File: name})
	}
}

// Text reads decoded text: it splits it into segments and lets every text
// kind that recognises a segment read it. It reports whether any kind
// recognised anything.
func Text(name, text string, s *evidence.Set) bool {
	found := false
	for _, seg := range Split(text) {
		for _, k := range Kinds {
			if k.Binary() || k.Detect == nil || !k.Detect(seg.Text) {
				continue
			}
			found = true
			if err := safe(k.Name, func() error { return k.readText(name, seg.Line, seg.Text, s) }); err != nil {
				s.Skipped = append(s.Skipped, readerSkip(evidence.Source{File: name, Line: seg.Line}, err))
			}
		}
	}
	return found
}

// safe runs a reader and turns a panic into an error, so one faulty reader
// costs one input, never the run.
func safe(kind string, read func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &panicError{kind: kind, v: r}
		}
	}()
	return read()
}

// panicError is a reader that panicked.
type panicError struct {
	kind string
	v    any
}

func (e *panicError) Error() string { return fmt.Sprintf("%s reader failed: %v", e.kind, e.v) }

// readerSkip records the error of a reader that could read nothing of its
// input (the error text, from the reader, stays as it is).
func readerSkip(src evidence.Source, err error) evidence.Skip {
	var pe *panicError
	if errors.As(err, &pe) {
		return evidence.NewSkip(src, 0, "skip.ingest.reader_panic", map[string]any{"kind": pe.kind, "err": fmt.Sprint(pe.v)})
	}
	return evidence.NewSkip(src, 0, "skip.ingest.reader_error", map[string]any{"err": err})
}

func isZip(raw []byte) bool {
	return bytes.HasPrefix(raw, []byte("PK\x03\x04")) || bytes.HasPrefix(raw, []byte("PK\x05\x06"))
}

func readZip(name string, raw []byte, s *evidence.Set, depth int) {
	if depth >= MaxZipDepth {
		skipInput(s, name, "skip.ingest.zip_too_deep", map[string]any{"levels": MaxZipDepth})
		return
	}
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		skipInput(s, name, "skip.ingest.zip_error", map[string]any{"err": err})
		return
	}
	for _, f := range zr.File {
		if f.Name == "[Content_Types].xml" {
			// An Office document (docx, xlsx...), not a bundle.
			s.Inputs = append(s.Inputs, name)
			s.Unrecognized = append(s.Unrecognized, evidence.Source{File: name})
			return
		}
	}
	var total int64
	files := append([]*zip.File(nil), zr.File...)
	sort.SliceStable(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	for i, f := range files {
		if i >= MaxZipEntries {
			s.Skipped = append(s.Skipped, evidence.NewSkip(evidence.Source{File: name}, len(files)-i,
				"skip.ingest.zip_too_many", map[string]any{"max": MaxZipEntries}))
			break
		}
		if f.FileInfo().IsDir() {
			continue
		}
		entry := name + "!" + cleanEntryName(f.Name)
		if f.UncompressedSize64 > MaxFileSize {
			skipInput(s, entry, "skip.ingest.entry_too_large", map[string]any{"mib": MaxFileSize >> 20})
			continue
		}
		rc, err := f.Open()
		if err != nil {
			skipInput(s, entry, "skip.ingest.zip_error", map[string]any{"err": err})
			continue
		}
		// The declared size may lie: bound the actual bytes read too.
		data, err := io.ReadAll(io.LimitReader(rc, MaxFileSize+1))
		rc.Close()
		total += int64(len(data))
		switch {
		case err != nil:
			skipInput(s, entry, "skip.ingest.zip_error", map[string]any{"err": err})
		case len(data) > MaxFileSize:
			skipInput(s, entry, "skip.ingest.entry_too_large", map[string]any{"mib": MaxFileSize >> 20})
		case total > MaxZipTotal:
			skipInput(s, entry, "skip.ingest.zip_too_big", map[string]any{"mib": MaxZipTotal >> 20})
		default:
			readBytes(entry, data, s, depth+1)
		}
		if total > MaxZipTotal {
			break
		}
	}
}

// cleanEntryName makes a zip entry name safe to print: forward slashes, no
// leading "/" or "../" (zip-slip), no control characters. It is only ever a
// display name.
func cleanEntryName(n string) string {
	n = strings.ReplaceAll(n, "\\", "/")
	n = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '?'
		}
		return r
	}, n)
	n = path.Clean("/" + n)
	return strings.TrimPrefix(n, "/")
}
