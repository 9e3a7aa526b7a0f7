// Package archtest enforces the import rules of the project's one-way data
// flow (inputs -> evidence -> findings + verdict -> report -> renderers,
// store, fix) with `go list`, so that a shortcut fails a test rather than
// waiting for a review.
package archtest

import (
	"encoding/json"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/kmsdoctor/kmsdoctor"

type pkg struct {
	ImportPath string
	Imports    []string
	Deps       []string
	Standard   bool
}

// packages lists the project's packages with their direct imports and
// their (non-test) dependencies.
func packages(t *testing.T) map[string]pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-json", module+"/...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	ps := map[string]pkg{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		ps[strings.TrimPrefix(p.ImportPath, module+"/")] = p
	}
	if len(ps) < 20 {
		t.Fatalf("only %d packages listed", len(ps))
	}
	return ps
}

func project(deps []string) []string {
	var out []string
	for _, d := range deps {
		if strings.HasPrefix(d, module+"/") {
			out = append(out, strings.TrimPrefix(d, module+"/"))
		}
	}
	return out
}

func under(p string, roots ...string) bool {
	for _, r := range roots {
		if p == r || strings.HasPrefix(p, r+"/") {
			return true
		}
	}
	return false
}

func TestImportRules(t *testing.T) {
	ps := packages(t)
	parsers := []string{"internal/slmgr", "internal/runbook", "internal/vnextdiag", "internal/azure", "internal/eventlog", "internal/kmsevents",
		"internal/textenc", "internal/ingest", "internal/dcerpc", "internal/probe"}
	rules := []struct {
		name string
		// applies says whether the rule is about package p.
		applies func(p string) bool
		// bad says whether p may not depend on dependency d.
		bad    func(p, d string) bool
		direct bool // check direct imports only
	}{
		{"the report model imports no project package", func(p string) bool { return p == "internal/report" },
			func(_, _ string) bool { return true }, false},
		{"evidence imports only the report model", func(p string) bool { return p == "internal/evidence" },
			func(_, d string) bool { return d != "internal/report" }, false},
		{"parsers and probes never import the rule engine or the renderers", func(p string) bool { return under(p, parsers...) },
			func(_, d string) bool { return under(d, "internal/diagnose", "internal/render") }, false},
		{"the rule engine never words a finding", func(p string) bool { return p == "internal/diagnose" },
			func(_, d string) bool { return under(d, "internal/i18n", "internal/render", "internal/textout") }, true},
		{"nothing below cmd imports the renderers but the server", func(p string) bool {
			return strings.HasPrefix(p, "internal/") && !under(p, "internal/render", "internal/server")
		}, func(_, d string) bool { return d == "internal/render" }, false},
		{"no package imports cmd", func(p string) bool { return !strings.HasPrefix(p, "cmd/") },
			func(_, d string) bool { return strings.HasPrefix(d, "cmd/") }, false},
	}
	checked := map[string]int{}
	for name, p := range ps {
		for _, r := range rules {
			if !r.applies(name) {
				continue
			}
			checked[r.name]++
			deps := p.Deps
			if r.direct {
				deps = p.Imports
			}
			for _, d := range project(deps) {
				if d != name && r.bad(name, d) {
					t.Errorf("%s: %s imports %s", r.name, name, d)
				}
			}
		}
	}
	for _, r := range rules {
		if checked[r.name] == 0 {
			t.Errorf("rule %q applies to no package (renamed?)", r.name)
		}
	}
	if !slices.ContainsFunc(project(ps["cmd/kmsdoctor"].Deps), func(d string) bool { return d == "internal/render" }) {
		t.Error("cmd/kmsdoctor does not import internal/render: is the test reading the right module?")
	}
}
