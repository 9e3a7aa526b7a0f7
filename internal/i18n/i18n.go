// Package i18n holds kmsdoctor's single message catalogue: every sentence a
// user reads, in English and Japanese. Messages live in the embedded YAML files
// under catalog/ (one file per area, one catalogue), keyed by a dotted name such
// as "finding.tcp.timeout.title". Placeholders are written {name} and filled
// from Args; an unknown placeholder is left visible so a missing argument shows
// up in tests instead of silently disappearing.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// Lang is an output language.
type Lang string

// The supported languages.
const (
	EN Lang = "en"
	JA Lang = "ja"
)

// Langs lists every supported language; the catalogue test requires each
// message in all of them.
var Langs = []Lang{EN, JA}

// ParseLang accepts "en" or "ja" (case-insensitive).
func ParseLang(s string) (Lang, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "en", "english":
		return EN, nil
	case "ja", "jp", "japanese":
		return JA, nil
	}
	return "", fmt.Errorf("unknown language %q (use ja or en)", s)
}

// FromEnv picks the language the way the spec says: the first non-empty of
// LC_ALL, LC_MESSAGES and LANG; a value starting with "ja" selects Japanese.
func FromEnv(getenv func(string) string) Lang {
	if getenv == nil {
		getenv = os.Getenv
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "ja") {
				return JA
			}
			return EN
		}
	}
	return EN
}

// Text is one message in every language.
type Text struct {
	EN string `yaml:"en" json:"en"`
	JA string `yaml:"ja" json:"ja"`
}

// In returns the text in lang, falling back to English.
func (t Text) In(l Lang) string {
	if l == JA && t.JA != "" {
		return t.JA
	}
	return t.EN
}

// Args fills the {name} placeholders of a message.
type Args map[string]any

//go:embed catalog/*.yaml
var catalogFS embed.FS

var (
	loadOnce sync.Once
	catalog  map[string]Text
	loadErr  error
)

func load() {
	catalog, loadErr = Load(catalogFS, "catalog")
}

// Load reads every *.yaml file of dir in fsys into one catalogue. A key defined
// twice is an error: each message lives in exactly one place.
func Load(fsys fs.FS, dir string) (map[string]Text, error) {
	out := map[string]Text{}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		p := path.Join(dir, e.Name())
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		var m map[string]Text
		if err := yaml.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		for k, v := range m {
			if _, dup := out[k]; dup {
				return nil, fmt.Errorf("%s: message %q is defined twice", p, k)
			}
			out[k] = v
		}
	}
	return out, nil
}

// Catalogue returns the embedded catalogue; it panics only if the embedded
// files are broken, which the package tests rule out.
func Catalogue() map[string]Text {
	loadOnce.Do(load)
	if loadErr != nil {
		panic("i18n: embedded catalogue: " + loadErr.Error())
	}
	return catalog
}

// Has reports whether key is in the catalogue.
func Has(key string) bool {
	_, ok := Catalogue()[key]
	return ok
}

// Keys returns all keys, sorted.
func Keys() []string {
	c := Catalogue()
	ks := make([]string, 0, len(c))
	for k := range c {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// T returns message key in lang with args filled in. A missing key returns
// the key itself in brackets, so it is visible rather than blank.
func T(l Lang, key string, args Args) string {
	t, ok := Catalogue()[key]
	if !ok {
		return "[" + key + "]"
	}
	return Fill(t.In(l), args)
}

// Fill replaces {name} placeholders in s with args.
func Fill(s string, args Args) string {
	if len(args) == 0 || !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			break
		}
		name := s[i+1 : i+j]
		b.WriteString(s[:i])
		if v, ok := args[name]; ok {
			fmt.Fprint(&b, v)
		} else {
			b.WriteString(s[i : i+j+1])
		}
		s = s[i+j+1:]
	}
	return b.String()
}

// Printer binds a language, for code that prints many messages.
type Printer struct{ Lang Lang }

// T is i18n.T in the printer's language.
func (p Printer) T(key string, args Args) string { return T(p.Lang, key, args) }
