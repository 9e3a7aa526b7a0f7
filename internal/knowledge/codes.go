package knowledge

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/kmsdoctor/kmsdoctor/internal/i18n"
)

// Activation types an entry can concern.
const (
	TypeMAK       = "MAK"
	TypeKMSClient = "KMS client"
	TypeKMSHost   = "KMS host"
)

// Step is one resolution step: a sentence and the exact commands of the step.
type Step struct {
	i18n.Text `yaml:",inline"`
	Commands  []string `yaml:"commands"`
}

// Entry is one error code of the knowledge base.
type Entry struct {
	Code        string      `yaml:"code"`
	Symbol      string      `yaml:"symbol"`
	Types       []string    `yaml:"types"`
	Title       i18n.Text   `yaml:"title"`
	Message     i18n.Text   `yaml:"message"`
	Causes      []i18n.Text `yaml:"causes"`
	Resolutions []Step      `yaml:"resolutions"`
	Related     []string    `yaml:"related"`
	Checks      []string    `yaml:"checks"`
	Sources     []string    `yaml:"sources"`
	// URL is the Microsoft page to read about the code, in its en-us form
	// (https://learn.microsoft.com/en-us/... or
	// https://support.microsoft.com/en-us/...): the page about the code
	// when Microsoft has one, or else the page about its fix.
	URL string `yaml:"url"`
}

// LocalURL is the entry's URL in language l: the ja-jp page for Japanese.
func (e *Entry) LocalURL(l i18n.Lang) string { return LocalizeURL(e.URL, l) }

// LocalizeURL replaces the /en-us/ locale segment of a Microsoft URL with
// the one of l (/ja-jp/ for Japanese).
func LocalizeURL(u string, l i18n.Lang) string {
	if l == i18n.JA {
		return strings.Replace(u, "/en-us/", "/ja-jp/", 1)
	}
	return u
}

// Microsoft pages for codes the knowledge base does not hold.
const (
	urlActivation = "https://learn.microsoft.com/en-us/troubleshoot/windows-server/licensing-and-activation/troubleshoot-activation-error-codes"
	urlWin32      = "https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes"
	urlErrRef     = "https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-erref/1bc92ddf-b79e-413c-bbaa-99a5281a6c90"
)

// DocURL is the Microsoft page (en-us) for a code the knowledge base does
// not hold: the activation error-code guide for a Software Licensing code,
// the Win32 system error codes for a Win32 error, else the Windows error
// code reference (MS-ERREF).
func DocURL(d Decoded) string {
	switch {
	case d.Value>>16 == 0xC004 || d.Value>>16 == 0x4004:
		return urlActivation
	case d.IsWin32:
		return urlWin32
	}
	return urlErrRef
}

// validURL reports whether u is an https Microsoft Learn or Support page
// in its en-us form.
func validURL(u string) bool {
	for _, p := range []string{"https://learn.microsoft.com/en-us/", "https://support.microsoft.com/en-us/"} {
		if strings.HasPrefix(u, p) && len(u) > len(p) && !strings.ContainsAny(u, " \t") {
			return true
		}
	}
	return false
}

// Commands is every command of every step, in order, without repeats.
func (e *Entry) Commands() []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range e.Resolutions {
		for _, c := range s.Commands {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out
}

//go:embed codes/*.yaml
var codesFS embed.FS

var (
	codesOnce sync.Once
	codesMap  map[uint32]*Entry
	codesList []*Entry
	codesErr  error
)

// LoadCodes reads and validates every codes/*.yaml file of fsys.
func LoadCodes(fsys fs.FS, dir string) ([]*Entry, error) {
	files, err := fs.Glob(fsys, path.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	var all []*Entry
	seen := map[uint32]string{}
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		var es []*Entry
		if err := yaml.Unmarshal(b, &es); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		for i, e := range es {
			v, err := ParseCode(e.Code)
			if err != nil {
				return nil, fmt.Errorf("%s: entry %d: %w", f, i+1, err)
			}
			if prev, dup := seen[v]; dup {
				return nil, fmt.Errorf("%s: %s is already defined in %s", f, e.Code, prev)
			}
			seen[v] = f
			e.Code = FormatCode(v)
			for j, r := range e.Related {
				rv, err := ParseCode(r)
				if err != nil {
					return nil, fmt.Errorf("%s: %s: related %q: %w", f, e.Code, r, err)
				}
				e.Related[j] = FormatCode(rv)
			}
			all = append(all, e)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Code < all[j].Code })
	return all, nil
}

func loadCodes() {
	codesList, codesErr = LoadCodes(codesFS, "codes")
	codesMap = map[uint32]*Entry{}
	for _, e := range codesList {
		v, _ := ParseCode(e.Code)
		codesMap[v] = e
	}
}

// Codes returns every entry, sorted by code.
func Codes() []*Entry {
	codesOnce.Do(loadCodes)
	if codesErr != nil {
		panic("knowledge: embedded codes: " + codesErr.Error())
	}
	return codesList
}

// Lookup returns the entry for code value v.
func Lookup(v uint32) (*Entry, bool) {
	Codes()
	e, ok := codesMap[v]
	return e, ok
}

// Validate checks the whole knowledge base: every field present in every
// language, related codes that exist, known activation types and checks.
func Validate(es []*Entry) []error {
	var errs []error
	known := map[string]bool{}
	for _, e := range es {
		known[e.Code] = true
	}
	bad := func(e *Entry, format string, a ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", e.Code, fmt.Sprintf(format, a...)))
	}
	text := func(e *Entry, field string, t i18n.Text) {
		if strings.TrimSpace(t.EN) == "" {
			bad(e, "%s: English missing", field)
		}
		if strings.TrimSpace(t.JA) == "" {
			bad(e, "%s: Japanese missing", field)
		}
	}
	for _, e := range es {
		text(e, "title", e.Title)
		text(e, "message", e.Message)
		if len(e.Types) == 0 {
			bad(e, "no activation type")
		}
		for _, t := range e.Types {
			if t != TypeMAK && t != TypeKMSClient && t != TypeKMSHost {
				bad(e, "unknown activation type %q", t)
			}
		}
		if len(e.Causes) == 0 {
			bad(e, "no cause")
		}
		for i, c := range e.Causes {
			text(e, fmt.Sprintf("causes[%d]", i), c)
		}
		if len(e.Resolutions) == 0 {
			bad(e, "no resolution")
		}
		for i, r := range e.Resolutions {
			text(e, fmt.Sprintf("resolutions[%d]", i), r.Text)
			for _, c := range r.Commands {
				if strings.TrimSpace(c) == "" {
					bad(e, "resolutions[%d]: empty command", i)
				}
			}
		}
		for _, r := range e.Related {
			if !known[r] {
				bad(e, "related code %s is not in the knowledge base", r)
			}
			if r == e.Code {
				bad(e, "related to itself")
			}
		}
		if len(e.Checks) == 0 {
			bad(e, "no kmsdoctor check named")
		}
		for _, c := range e.Checks {
			if c != "check" && c != "analyze" && c != "events" {
				bad(e, "unknown check %q", c)
			}
		}
		if len(e.Sources) == 0 {
			bad(e, "no source")
		}
		if !validURL(e.URL) {
			bad(e, "url %q is not a learn.microsoft.com or support.microsoft.com en-us page", e.URL)
		}
	}
	return errs
}
