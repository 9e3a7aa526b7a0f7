package i18n

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

type term struct {
	Preferred string   `yaml:"preferred"`
	EN        string   `yaml:"en"`
	Forbidden []string `yaml:"forbidden"`
}

// TestGlossary checks every Japanese text of the catalogue and of the
// knowledge base against glossary.yaml: no forbidden form of a term.
func TestGlossary(t *testing.T) {
	b, err := os.ReadFile("glossary.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var terms []term
	if err := yaml.Unmarshal(b, &terms); err != nil {
		t.Fatal(err)
	}
	type rule struct {
		re   *regexp.Regexp
		term term
	}
	var rules []rule
	for _, tm := range terms {
		if tm.Preferred == "" || len(tm.Forbidden) == 0 {
			t.Errorf("glossary entry %+v needs preferred and forbidden", tm)
		}
		for _, f := range tm.Forbidden {
			rules = append(rules, rule{regexp.MustCompile(f), tm})
		}
	}
	texts := map[string]string{} // where -> ja text
	for k, v := range Catalogue() {
		texts["catalogue "+k] = v.JA
	}
	files, _ := filepath.Glob("../knowledge/codes/*.yaml")
	if len(files) == 0 {
		t.Fatal("no knowledge files found")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := yaml.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		collectJA(doc, f, texts)
	}
	for where, s := range texts {
		for _, r := range rules {
			if m := r.re.FindString(s); m != "" {
				t.Errorf("%s: %q: use %q (%s)", where, strings.TrimSpace(m), r.term.Preferred, r.term.EN)
			}
		}
	}
}

// collectJA gathers every value under a "ja" key of a YAML document.
func collectJA(v any, where string, out map[string]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && k == "ja" {
				out[where+": "+s] = s
				continue
			}
			collectJA(e, where, out)
		}
	case []any:
		for _, e := range x {
			collectJA(e, where, out)
		}
	}
}
