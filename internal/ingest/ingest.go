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
// A file larger than MaxFileSize is refused with an evidence.Skip (standard
// input is cut there); a zip is read entry by entry with a per-entry bound
// and one decompression budget for the whole run (MaxUnzipped), at most
// MaxZipEntries entries and MaxZipDepth levels of nesting; entries that share
// compressed data (a zip bomb) and nested zips that inflate more than
// MaxNestedRatio are skipped, and a zip cut off before its central directory
// is read from its local headers. Of event logs, analyze keeps what the rules
// read (events.go: MaxEvents, MaxOtherEvents, MaxEventData). Everything left
// out is reported, and docs/spec.md ("Limits") lists every limit. Names
// inside a zip are never used as paths on disk (nothing is extracted), so a
// "../" entry (zip-slip) cannot escape: it is only a display name, cleaned.
package ingest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/eventlog"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/prose"
)

// Limits of the input side of analyze (see also the event limits in
// events.go and docs/spec.md, "Limits").
const (
	// MaxFileSize bounds one file, zip entry or standard input, as read.
	MaxFileSize = 64 << 20
	// MaxUnzipped bounds the bytes inflated from zips in one run (all zips,
	// nested ones included); the entries past it are skipped
	// (skip.ingest.zip_too_big).
	MaxUnzipped = 512 << 20
	// MaxZipEntries bounds the entries read of one zip.
	MaxZipEntries = 10000
	// MaxZipDepth bounds zips inside zips.
	MaxZipDepth = 3
	// MaxNestedRatio bounds how much a zip inside a zip may inflate
	// (compressed data barely compresses again).
	MaxNestedRatio = 20
)

// run is the state of one run of the input side: the set being filled and
// what is left of the run's decompression budget.
type run struct {
	ctx       context.Context
	s         *evidence.Set
	unzipLeft int64
}

func newRun(s *evidence.Set) *run { return newRunContext(context.Background(), s) }

func newRunContext(ctx context.Context, s *evidence.Set) *run {
	return &run{ctx: ctx, s: s, unzipLeft: MaxUnzipped}
}

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
	return PathsContext(context.Background(), paths)
}

// PathsContext is Paths that stops soon after ctx ends (between files,
// zip entries and segments, and inside the event-log readers), returning
// ctx's error.
func PathsContext(ctx context.Context, paths []string) (*evidence.Set, error) {
	s := &evidence.Set{}
	r := newRunContext(ctx, s)
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return s, err
		}
		if err := readPath(p, r); err != nil {
			return s, err
		}
	}
	return s, ctx.Err()
}

func readPath(p string, r *run) error {
	s := r.s
	st, err := os.Stat(p)
	if err != nil {
		return &OpenError{Path: p, Err: unwrapPathErr(err)}
	}
	if !st.IsDir() {
		return readFile(p, filepath.ToSlash(p), r)
	}
	files, err := walk(p, p, map[string]bool{}, s)
	if err != nil {
		return err
	}
	sort.Strings(files)
	for _, f := range files {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		if err := readFile(f, filepath.ToSlash(f), r); err != nil {
			var oe *OpenError
			if !errors.As(err, &oe) {
				return err
			}
			skipInput(s, filepath.ToSlash(f), "skip.ingest.cannot_read", map[string]any{"err": oe.Err})
		}
	}
	return nil
}

// walk lists the regular files under the folder dir (top is the folder
// given, whose own errors are fatal). A symbolic link to a file is read; one
// to a folder is followed, each folder once (seen holds the real paths
// walked, so a link loop ends); a pipe, socket or device is skipped with a
// note rather than opened (reading a FIFO would block).
func walk(top, dir string, seen map[string]bool, s *evidence.Set) ([]string, error) {
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		if seen[real] {
			return nil, nil
		}
		seen[real] = true
	}
	var files []string
	root := dir
	if dir != top {
		// A linked folder: a trailing separator makes WalkDir enter it,
		// and the names stay under the link's.
		root = dir + string(filepath.Separator)
	}
	err := filepath.WalkDir(root, func(fp string, d fs.DirEntry, err error) error {
		if err != nil {
			if fp == top {
				return &OpenError{Path: fp, Err: unwrapPathErr(err)}
			}
			// A part of the folder that cannot be read is skipped, not fatal.
			skipInput(s, filepath.ToSlash(fp), "skip.ingest.cannot_read", map[string]any{"err": unwrapPathErr(err)})
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if fp != root && skipInFolder(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		mode := d.Type()
		if mode&fs.ModeSymlink != 0 {
			st, err := os.Stat(fp)
			if err != nil {
				skipInput(s, filepath.ToSlash(fp), "skip.ingest.cannot_read", map[string]any{"err": unwrapPathErr(err)})
				return nil
			}
			if st.IsDir() {
				sub, err := walk(top, fp, seen, s)
				files = append(files, sub...)
				return err
			}
			mode = st.Mode().Type()
		}
		switch {
		case fp == root || d.IsDir():
		case mode.IsRegular():
			files = append(files, fp)
		default:
			skipInput(s, filepath.ToSlash(fp), "skip.ingest.not_regular", nil)
		}
		return nil
	})
	return files, err
}

func skipInFolder(name string) bool {
	up := strings.ToUpper(name)
	return strings.HasPrefix(name, ".") || strings.HasPrefix(up, "README") || up == "SOURCES.MD" || strings.HasPrefix(up, "LICENSE")
}

// Reader reads one input from r (e.g. standard input) named name: at most
// MaxFileSize bytes of it, the rest is reported as cut.
func Reader(name string, r io.Reader, s *evidence.Set) error {
	raw, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return &OpenError{Path: name, Err: err}
	}
	if len(raw) > MaxFileSize {
		// A stream has no size to refuse it by: read its first MaxFileSize
		// bytes and say it was cut.
		raw = raw[:MaxFileSize]
		s.Skipped = append(s.Skipped, evidence.NewSkip(evidence.Source{File: name}, 0,
			"skip.ingest.input_cut", map[string]any{"mib": MaxFileSize >> 20}))
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

func readFile(p, name string, r *run) error {
	s := r.s
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
	readBytes(name, raw, r, 0)
	return nil
}

// Bytes reads one input already in memory (a file, a zip entry, stdin)
// named name into s. It never fails: what cannot be read is recorded as an
// evidence.Skip or an unrecognised input.
func Bytes(name string, raw []byte, s *evidence.Set) {
	readBytes(name, raw, newRun(s), 0)
}

func readBytes(name string, raw []byte, r *run, depth int) {
	s := r.s
	// Binary kinds before zips: a collect bundle is a zip read through its
	// manifest, not walked.
	for _, k := range Kinds {
		if k.Binary() && k.DetectRaw(raw) {
			s.Inputs = append(s.Inputs, name)
			if err := safe(k.Name, func() error { return k.readRaw(r.ctx, name, raw, s) }); err != nil {
				if r.ctx.Err() != nil {
					return
				}
				s.Skipped = append(s.Skipped, readerSkip(evidence.Source{File: name}, err))
			}
			return
		}
	}
	if f := wrongFormat(raw); f != "" {
		s.Inputs = append(s.Inputs, name)
		s.WrongFormat = append(s.WrongFormat, evidence.WrongFormat{Source: evidence.Source{File: name}, Format: f})
		return
	}
	if isZip(raw) {
		readZip(name, raw, r, depth)
		return
	}
	s.Inputs = append(s.Inputs, name)
	text, enc, nuls, ok := decodeNUL(raw)
	if !ok {
		s.Unrecognized = append(s.Unrecognized, evidence.Source{File: name})
		return
	}
	if nuls > 0 {
		s.Skipped = append(s.Skipped, evidence.NewSkip(evidence.Source{File: name}, nuls,
			"skip.ingest.nul_chars", map[string]any{"count": nuls}))
	}
	if n := replaced(text); n > 0 && !bytes.Contains(raw, []byte("\xEF\xBF\xBD")) {
		line := 1 + strings.Count(text[:strings.Index(text, "\uFFFD")], "\n")
		s.Skipped = append(s.Skipped, evidence.NewSkip(evidence.Source{File: name, Line: line}, n,
			"skip.ingest.bad_chars", map[string]any{"count": n, "enc": string(enc)}))
	}
	if !readText(r, name, text) {
		s.Unrecognized = append(s.Unrecognized, evidence.Source{File: name})
		if prose.Document(text) {
			s.Documents = append(s.Documents, evidence.Source{File: name})
		}
	}
}

// Text reads decoded text: it splits it into segments and lets every text
// kind that recognises a segment read it. It reports whether any kind
// recognised anything.
func Text(name, text string, s *evidence.Set) bool {
	return readText(newRun(s), name, text)
}

func readText(r *run, name, text string) bool {
	s := r.s
	text = unquote(text)
	found := false
	var each func(seg Segment)
	each = func(seg Segment) {
		if r.ctx.Err() != nil {
			return
		}
		// A quoted block (split.go, quoteBlocks): read as Windows printed
		// it, and split again, keeping the lines of the file.
		if u := dedent(unquote(seg.Text)); u != seg.Text {
			segments(u, func(sub Segment) {
				each(Segment{Line: seg.Line + sub.Line - 1, Text: sub.Text})
			})
			return
		}
		// Outputs embedded in the strings of an automation tool's JSON or
		// YAML (embedded.go): each read as Windows printed it, and the
		// rest without them; a kind that reads those strings itself
		// (Kind.KeepsStrings) keeps them.
		if rest, pieces := embedded(seg.Text); pieces != nil && !keepsStrings(seg.Text) {
			for _, p := range pieces {
				at := seg.Line + p.line - 1
				before := lens(s)
				segments(p.text, func(sub Segment) {
					each(Segment{Line: at + sub.Line - 1, Text: sub.Text})
				})
				if p.oneLine {
					pinLines(s, &before, name, at)
				}
			}
			each(Segment{Line: seg.Line, Text: rest})
			return
		}
		read := false
		before := lens(s)
		codeFree := true // every kind that read the segment is CodeFree
		var readers []Kind
		for _, last := range []bool{false, true} {
			// The last-resort kinds read a segment no other kind recognised,
			// or one the kinds that recognised it read nothing from (prose
			// that mentions "nslookup" or "slmgr /ipk" is no output); when
			// only kinds whose outputs carry no code read it, the last-resort
			// kinds read what they left (Alongside).
			if last && read && changed(s, &before) {
				for _, k := range Kinds {
					if k.LastResort && k.Beside != nil {
						if err := safe(k.Name, func() error { return k.Beside(name, seg.Line, seg.Text, s) }); err != nil && r.ctx.Err() == nil {
							s.Skipped = append(s.Skipped, readerSkip(evidence.Source{File: name, Line: seg.Line}, err))
						}
					}
				}
				if codeFree {
					left := unclaimed(seg.Text, readers)
					for _, k := range Kinds {
						if k.LastResort && k.Alongside != nil {
							if err := safe(k.Name, func() error { return k.Alongside(name, seg.Line, left, s) }); err != nil && r.ctx.Err() == nil {
								s.Skipped = append(s.Skipped, readerSkip(evidence.Source{File: name, Line: seg.Line}, err))
							}
						}
					}
				}
				break
			}
			for _, k := range Kinds {
				if k.LastResort != last || k.Binary() || k.Detect == nil || !k.Detect(seg.Text) {
					continue
				}
				read = true
				codeFree = codeFree && k.CodeFree
				readers = append(readers, k)
				if err := safe(k.Name, func() error { return k.readText(r.ctx, name, seg.Line, seg.Text, s) }); err != nil && r.ctx.Err() == nil {
					s.Skipped = append(s.Skipped, readerSkip(evidence.Source{File: name, Line: seg.Line}, err))
				}
			}
		}
		addExcerpts(s, &before, name, seg)
		found = found || read
	}
	segments(text, each)
	return found
}

// keepsStrings reports whether a kind that reads the strings of its JSON
// itself (Kind.KeepsStrings) recognises text.
func keepsStrings(text string) bool {
	for _, k := range Kinds {
		if k.KeepsStrings && k.Detect != nil && k.Detect(text) {
			return true
		}
	}
	return false
}

// unclaimed is text with the lines that one of the kinds ks claims
// (Kind.Claims) left empty, so that the line numbers stay.
func unclaimed(text string, ks []Kind) string {
	var claims []func(string) bool
	for _, k := range ks {
		if k.Claims != nil {
			claims = append(claims, k.Claims)
		}
	}
	if len(claims) == 0 {
		return text
	}
	ls := strings.Split(text, "\n")
	for i, l := range ls {
		for _, c := range claims {
			if c(l) {
				ls[i] = ""
				break
			}
		}
	}
	return strings.Join(ls, "\n")
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
		return evidence.NewSkip(src, 0, "skip.ingest.reader_panic", map[string]any{"kind": pe.kind, "err": eventlog.Cut(fmt.Sprint(pe.v))})
	}
	return evidence.NewSkip(src, 0, "skip.ingest.reader_error", map[string]any{"err": eventlog.Cut(err)})
}

func isZip(raw []byte) bool {
	return bytes.HasPrefix(raw, []byte("PK\x03\x04")) || bytes.HasPrefix(raw, []byte("PK\x05\x06"))
}

// zipEntry is one entry to read: from the central directory or, in a zip
// cut off before it, from its local header.
type zipEntry struct {
	name         string
	open         func() (io.Reader, error)
	csize, usize uint64 // as declared
	lost         bool   // its data is cut off
}

func readZip(name string, raw []byte, r *run, depth int) {
	s := r.s
	if depth >= MaxZipDepth {
		skipInput(s, name, "skip.ingest.zip_too_deep", map[string]any{"levels": MaxZipDepth})
		return
	}
	var entries []zipEntry
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	switch {
	case err == nil:
		if isOffice(zr.File) {
			// An Office document (docx, xlsx...), not a bundle.
			s.Inputs = append(s.Inputs, name)
			s.WrongFormat = append(s.WrongFormat, evidence.WrongFormat{Source: evidence.Source{File: name}, Format: officeKind(zr.File)})
			return
		}
		entries = centralEntries(name, zr.File, s)
	default:
		// No central directory (a zip cut off, or damaged at its end): read
		// the entries from their local headers, as far as they go.
		entries = localEntries(raw)
		if len(entries) == 0 {
			skipInput(s, name, "skip.ingest.zip_error", map[string]any{"err": err})
			return
		}
		s.Skipped = append(s.Skipped, evidence.NewSkip(evidence.Source{File: name}, 0,
			"skip.ingest.zip_truncated", map[string]any{"count": len(entries)}))
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].name < entries[j].name })
	for i, e := range entries {
		if r.ctx.Err() != nil {
			return
		}
		if i >= MaxZipEntries {
			s.Skipped = append(s.Skipped, evidence.NewSkip(evidence.Source{File: name}, len(entries)-i,
				"skip.ingest.zip_too_many", map[string]any{"max": MaxZipEntries}))
			break
		}
		entry := name + "!" + cleanEntryName(e.name)
		if e.lost {
			skipInput(s, entry, "skip.ingest.entry_cut", nil)
			continue
		}
		if e.usize > MaxFileSize {
			skipInput(s, entry, "skip.ingest.entry_too_large", map[string]any{"mib": MaxFileSize >> 20})
			continue
		}
		if r.unzipLeft <= 0 {
			s.Skipped = append(s.Skipped, evidence.NewSkip(evidence.Source{File: entry}, len(entries)-i,
				"skip.ingest.zip_too_big", map[string]any{"mib": MaxUnzipped >> 20}))
			break
		}
		rc, err := e.open()
		if err != nil {
			skipInput(s, entry, "skip.ingest.zip_error", map[string]any{"err": err})
			continue
		}
		// The declared size may lie: bound the bytes actually inflated by
		// the entry limit and by what is left of the run's budget.
		limit := min(int64(MaxFileSize), r.unzipLeft)
		data, err := io.ReadAll(io.LimitReader(rc, limit+1))
		if c, ok := rc.(io.Closer); ok {
			c.Close()
		}
		r.unzipLeft -= int64(len(data))
		switch {
		case err != nil:
			skipInput(s, entry, "skip.ingest.zip_error", map[string]any{"err": err})
		case int64(len(data)) > limit && limit < MaxFileSize:
			skipInput(s, entry, "skip.ingest.zip_too_big", map[string]any{"mib": MaxUnzipped >> 20})
		case len(data) > MaxFileSize:
			skipInput(s, entry, "skip.ingest.entry_too_large", map[string]any{"mib": MaxFileSize >> 20})
		case isZip(data) && e.csize > 0 && uint64(len(data)) > MaxNestedRatio*e.csize:
			// A zip compresses badly: one inside a zip that inflates this
			// much is a bomb.
			skipInput(s, entry, "skip.ingest.zip_ratio", map[string]any{"ratio": MaxNestedRatio})
		default:
			readBytes(entry, data, r, depth+1)
		}
	}
}

// isOffice reports whether the entries are those of an Office Open XML
// document (docx, xlsx, pptx): a [Content_Types].xml and nothing but the
// parts such a document holds. A bundle that merely contains a
// [Content_Types].xml is still a bundle.
func isOffice(files []*zip.File) bool {
	ct := false
	for _, f := range files {
		n := f.Name
		switch {
		case n == "[Content_Types].xml":
			ct = true
		case strings.HasPrefix(n, "_rels/"), strings.HasPrefix(n, "docProps/"), strings.HasPrefix(n, "customXml/"),
			strings.HasPrefix(n, "word/"), strings.HasPrefix(n, "xl/"), strings.HasPrefix(n, "ppt/"):
		default:
			return false
		}
	}
	return ct
}

// centralEntries lists the files of a zip's central directory, leaving out
// folders and, with a skip, entries whose data overlaps another's (a zip
// bomb points many entries at one stream).
func centralEntries(name string, files []*zip.File, s *evidence.Set) []zipEntry {
	type span struct {
		f          *zip.File
		start, end int64
	}
	var spans []span
	for _, f := range files {
		if f.FileInfo().IsDir() {
			continue
		}
		off, err := f.DataOffset()
		if err != nil {
			off = -1 // reported when opened
		}
		spans = append(spans, span{f, off, off + int64(f.CompressedSize64)})
	}
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	var out []zipEntry
	end := int64(-1)
	for _, sp := range spans {
		if sp.start >= 0 && sp.start < end {
			skipInput(s, name+"!"+cleanEntryName(entryName(sp.f.Name, sp.f.Flags)), "skip.ingest.zip_overlap", nil)
			continue
		}
		end = max(end, sp.end)
		f := sp.f
		out = append(out, zipEntry{name: entryName(f.Name, f.Flags), csize: f.CompressedSize64, usize: f.UncompressedSize64,
			open: func() (io.Reader, error) { return f.Open() }})
	}
	return out
}

// localEntries walks the local file headers of a zip without a central
// directory. An entry whose data runs past the end is marked lost; one
// whose compressed size is not in its header (written with a data
// descriptor) is inflated until its stream ends.
func localEntries(raw []byte) []zipEntry {
	le := binary.LittleEndian
	var out []zipEntry
	for pos := 0; pos+30 <= len(raw) && len(out) <= MaxZipEntries; {
		if string(raw[pos:pos+4]) != "PK\x03\x04" {
			break
		}
		flags, method := le.Uint16(raw[pos+6:]), le.Uint16(raw[pos+8:])
		csize, usize := uint64(le.Uint32(raw[pos+18:])), uint64(le.Uint32(raw[pos+22:]))
		nlen, xlen := int(le.Uint16(raw[pos+26:])), int(le.Uint16(raw[pos+28:]))
		data := pos + 30 + nlen + xlen
		if data > len(raw) {
			break
		}
		e := zipEntry{name: entryName(string(raw[pos+30:pos+30+nlen]), flags), csize: csize, usize: usize}
		descriptor := flags&8 != 0
		var body []byte
		switch {
		case descriptor && method == zip.Deflate:
			body = raw[data:]
		case uint64(len(raw)-data) < csize:
			e.lost = true
		default:
			body = raw[data : data+int(csize)]
		}
		switch method {
		case zip.Store:
			b := body
			e.open = func() (io.Reader, error) { return bytes.NewReader(b), nil }
		case zip.Deflate:
			b := body
			e.open = func() (io.Reader, error) { return flate.NewReader(bytes.NewReader(b)), nil }
		default:
			e.open = func() (io.Reader, error) { return nil, zip.ErrAlgorithm }
		}
		if !strings.HasSuffix(e.name, "/") {
			out = append(out, e)
		}
		if e.lost || descriptor {
			// Where the next entry starts is not known: look for its header.
			next := bytes.Index(raw[data:], []byte("PK\x03\x04"))
			if next < 0 {
				break
			}
			pos = data + next
			continue
		}
		pos = data + int(csize)
	}
	return out
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
