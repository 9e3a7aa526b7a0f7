// Package bundle is the zip that `kmsdoctor collect` writes and `analyze`
// reads on any OS. Its first entry is manifest.json, which lists every
// item: its path in the zip, its kind (the name of the ingest kind that
// reads it, or a data kind no reader needs), the collector that made it,
// how long that took and the collector's error. A collector that failed
// has an item with an error and no path. Readers never sniff the content
// of a bundle's own files: the kind says which reader gets each one.
package bundle

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"time"
)

// Schema is the manifest schema this package writes and reads.
const Schema = 1

// ManifestName is the first entry of every bundle.
const ManifestName = "manifest.json"

// MaxItemSize bounds one item read back (uncompressed).
const MaxItemSize = 64 << 20

// Manifest describes a bundle.
type Manifest struct {
	Schema      int       `json:"schema"`
	Tool        string    `json:"tool"`
	Version     string    `json:"version"`
	Computer    string    `json:"computer"`
	CollectedAt time.Time `json:"collected_at"`
	Items       []Item    `json:"items"`
}

// Item is one entry of the manifest.
type Item struct {
	Path       string `json:"path,omitempty"`
	Kind       string `json:"kind,omitempty"`
	Collector  string `json:"collector"`
	DurationMS int64  `json:"duration_ms"`
	Error      string `json:"error,omitempty"`
}

// Writer builds a bundle in memory and writes it on Close, manifest first.
type Writer struct {
	w       io.Writer
	m       Manifest
	entries []entry
	closed  bool
}

type entry struct {
	path string
	data []byte
}

// NewWriter starts a bundle described by m (its Items are appended to).
func NewWriter(w io.Writer, m Manifest) *Writer {
	m.Schema = Schema
	return &Writer{w: w, m: m}
}

// Manifest is the manifest as it stands (Close writes it).
func (b *Writer) Manifest() *Manifest { return &b.m }

func cleanPath(p string) (string, error) {
	p = strings.ReplaceAll(p, `\`, "/")
	c := path.Clean(p)
	if c == "." || strings.HasPrefix(c, "/") || strings.HasPrefix(c, "../") || c == ".." || c == ManifestName {
		return "", fmt.Errorf("bundle: bad item path %q", p)
	}
	return c, nil
}

// AddBytes adds data at it.Path.
func (b *Writer) AddBytes(it Item, data []byte) error {
	if b.closed {
		return errors.New("bundle: writer closed")
	}
	p, err := cleanPath(it.Path)
	if err != nil {
		return err
	}
	for _, e := range b.entries {
		if e.path == p {
			return fmt.Errorf("bundle: %s added twice", p)
		}
	}
	it.Path = p
	b.entries = append(b.entries, entry{p, data})
	b.m.Items = append(b.m.Items, it)
	return nil
}

// AddJSON adds v, indented JSON, at it.Path.
func (b *Writer) AddJSON(it Item, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("bundle: %s: %w", it.Path, err)
	}
	return b.AddBytes(it, append(data, '\n'))
}

// AddFile adds what r holds at it.Path.
func (b *Writer) AddFile(it Item, r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("bundle: %s: %w", it.Path, err)
	}
	return b.AddBytes(it, data)
}

// AddItem records an item with no file (a collector that failed or found
// nothing).
func (b *Writer) AddItem(it Item) {
	it.Path = ""
	b.m.Items = append(b.m.Items, it)
}

// Close writes the zip: manifest.json first, then the items in the order
// they were added.
func (b *Writer) Close() error {
	if b.closed {
		return nil
	}
	b.closed = true
	zw := zip.NewWriter(b.w)
	mf, err := json.MarshalIndent(b.m, "", "  ")
	if err != nil {
		return err
	}
	mod := b.m.CollectedAt
	if mod.IsZero() {
		mod = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	write := func(name string, data []byte) error {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: mod})
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		return err
	}
	if err := write(ManifestName, append(mf, '\n')); err != nil {
		return err
	}
	for _, e := range b.entries {
		if err := write(e.path, e.data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// Detect reports whether raw is a bundle: a zip whose first local entry is
// manifest.json. It looks at the first bytes only.
func Detect(raw []byte) bool {
	if len(raw) < 30 || !bytes.HasPrefix(raw, []byte("PK\x03\x04")) {
		return false
	}
	n := int(binary.LittleEndian.Uint16(raw[26:28]))
	return n == len(ManifestName) && len(raw) >= 30+n && string(raw[30:30+n]) == ManifestName
}

// Reader reads a bundle.
type Reader struct {
	Manifest Manifest
	files    map[string]*zip.File
}

// Open reads the manifest of the bundle raw.
func Open(raw []byte) (*Reader, error) {
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	if len(zr.File) == 0 || zr.File[0].Name != ManifestName {
		return nil, errors.New("bundle: the first entry is not manifest.json")
	}
	r := &Reader{files: map[string]*zip.File{}}
	for _, f := range zr.File {
		r.files[f.Name] = f
	}
	data, err := r.read(zr.File[0])
	if err != nil {
		return nil, fmt.Errorf("bundle: manifest.json: %w", err)
	}
	if err := json.Unmarshal(data, &r.Manifest); err != nil {
		return nil, fmt.Errorf("bundle: manifest.json: %w", err)
	}
	if r.Manifest.Schema != Schema {
		return nil, fmt.Errorf("bundle: manifest.json: schema %d, this kmsdoctor reads schema %d", r.Manifest.Schema, Schema)
	}
	return r, nil
}

// Read returns the content of the item at path p.
func (r *Reader) Read(p string) ([]byte, error) {
	f, ok := r.files[p]
	if !ok {
		return nil, fmt.Errorf("bundle: %s: not in the bundle", p)
	}
	return r.read(f)
}

func (r *Reader) read(f *zip.File) ([]byte, error) {
	if f.UncompressedSize64 > MaxItemSize {
		return nil, fmt.Errorf("%s: larger than %d MiB", f.Name, MaxItemSize>>20)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, MaxItemSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxItemSize {
		return nil, fmt.Errorf("%s: larger than %d MiB", f.Name, MaxItemSize>>20)
	}
	return data, nil
}
