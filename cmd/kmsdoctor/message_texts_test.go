package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestMessageTextsGiveTheCodesFinding: for every code whose code alone
// gives a finding of its own, every message text of messages.yaml (every
// language Microsoft localises it into that the project has), pasted
// without the code, gives the same primary finding, inferred from the
// message text, with the language that matched.
func TestMessageTextsGiveTheCodesFinding(t *testing.T) {
	b, err := os.ReadFile("../../internal/knowledge/messages.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Codes []struct {
			Code  string              `yaml:"code"`
			Texts map[string][]string `yaml:"texts"`
		} `yaml:"codes"`
	}
	if err := yaml.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	checked := 0
	for _, c := range f.Codes {
		switch c.Code {
		case "0xC004F074", "0xC004F038", "0xC004F06C", "0xC004F035", "0x80070005":
		default:
			continue
		}
		_, byCode := analyzeReport(t, write(c.Code+".txt", "Error: "+c.Code))
		if len(byCode.Findings) == 0 {
			t.Fatalf("%s alone: no finding", c.Code)
		}
		want := byCode.Findings[0].ID
		for lang, texts := range c.Texts {
			for i, tx := range texts {
				_, r := analyzeReport(t, write(c.Code+"_"+lang+".txt", tx))
				checked++
				if len(r.Findings) == 0 || r.Findings[0].ID != want {
					var got []string
					for _, g := range r.Findings {
						got = append(got, g.ID)
					}
					t.Errorf("%s %s #%d: %v, want %s first", c.Code, lang, i+1, got, want)
					continue
				}
				p := r.Findings[0]
				if p.InferredFrom != c.Code+" (message text)" {
					t.Errorf("%s %s #%d: inferred_from %q", c.Code, lang, i+1, p.InferredFrom)
				}
				if ml, _ := p.Evidence["message_lang"].(string); ml == "" || !strings.HasPrefix(lang, ml) {
					t.Errorf("%s %s #%d: message_lang %v", c.Code, lang, i+1, p.Evidence["message_lang"])
				}
			}
		}
	}
	t.Logf("%d message texts give their code's finding", checked)
	if checked < 60 {
		t.Errorf("only %d message texts checked", checked)
	}
}
