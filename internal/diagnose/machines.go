package diagnose

import (
	"reflect"
	"slices"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// Machines: the inputs of one run may describe several machines (a folder
// of tickets, a KMS host's log next to a client's slmgr output). Each input
// file belongs to the machine it names: the computer names of its events
// and the CMIDs of its slmgr output. Files that share a name or a CMID are
// one machine (a renamed machine keeps its CMID). Files that name no
// machine belong to the only named machine when there is one; when several
// are named, they form a machine of their own. Every file of a bundle
// written by collect belongs to the machine of its manifest. Rules then run per machine,
// so that the evidence of one machine never explains another's finding.

// fileOf is the input file of an evidence element ("" for live probes).
func fileOf(v reflect.Value) string {
	switch v.Type() {
	case reflect.TypeFor[report.Source]():
		return v.Interface().(report.Source).File
	}
	if v.Kind() == reflect.Struct {
		if f := v.FieldByName("Source"); f.IsValid() && f.Type() == reflect.TypeFor[report.Source]() {
			return f.Interface().(report.Source).File
		}
	}
	return ""
}

// eachElem calls fn for every element of every list of evidence in s (the
// lists of strings, such as Inputs, are not evidence), with the field's index.
func eachElem(s *evidence.Set, fn func(field int, el reflect.Value)) {
	sv := reflect.ValueOf(s).Elem()
	for i := range sv.NumField() {
		f := sv.Field(i)
		if f.Kind() != reflect.Slice || f.Type().Elem().Kind() == reflect.String {
			continue
		}
		for j := range f.Len() {
			fn(i, f.Index(j))
		}
	}
}

// identities lists the names each file gives its machine: "pc:" computer
// names and "cmid:" client machine ids, lower case.
func identities(s *evidence.Set) (files []string, ids map[string][]string) {
	ids = map[string][]string{}
	add := func(file, id string) {
		if _, ok := ids[file]; !ok {
			files = append(files, file)
			ids[file] = nil
		}
		if id != "" && !slices.Contains(ids[file], id) {
			ids[file] = append(ids[file], id)
		}
	}
	eachElem(s, func(_ int, el reflect.Value) {
		if file := fileOf(el); file != "" {
			add(file, "")
		}
	})
	for i := range s.Events {
		if c := s.Events[i].Computer; c != "" && s.Events[i].Source.File != "" {
			add(s.Events[i].Source.File, "pc:"+strings.ToLower(c))
		}
	}
	for i := range s.Products {
		if c := s.Products[i].CMID; c != "" && s.Products[i].Source.File != "" {
			add(s.Products[i].Source.File, "cmid:"+strings.ToLower(c))
		}
	}
	// Every file of a bundle written by collect is the one machine it was
	// collected on, whatever name or CMID each file shows.
	for _, n := range s.Notes {
		if n.Kind != evidence.NoteBundleComputer || n.Source.File == "" {
			continue
		}
		b := n.Source.File
		for _, f := range slices.Clone(files) {
			if f == b || strings.HasPrefix(f, b+"!") {
				add(f, "bundle:"+b)
				if n.Detail != "" {
					add(f, "pc:"+strings.ToLower(n.Detail))
				}
			}
		}
	}
	return files, ids
}

// partition splits s into one Set per machine, in the order the machines'
// files first appear. It returns s itself when there is only one machine.
func partition(s *evidence.Set) []*evidence.Set {
	files, ids := identities(s)
	// Union files that share an identity.
	parent := map[string]string{}
	var find func(string) string
	find = func(f string) string {
		if p := parent[f]; p != "" && p != f {
			r := find(p)
			parent[f] = r
			return r
		}
		return f
	}
	owner := map[string]string{}
	for _, f := range files {
		for _, id := range ids[f] {
			if o, ok := owner[id]; ok {
				if a, b := find(o), find(f); a != b {
					parent[b] = a
				}
			} else {
				owner[id] = f
			}
		}
	}
	group := map[string]int{}
	named := 0
	for _, f := range files {
		if len(ids[f]) == 0 {
			continue
		}
		root := find(f)
		if _, ok := group[root]; !ok {
			group[root] = named
			named++
		}
		group[f] = group[root]
	}
	if named <= 1 {
		return []*evidence.Set{s}
	}
	anon := named // the machine of the files that name none
	for _, f := range files {
		if _, ok := group[f]; !ok {
			group[f] = anon
		}
	}
	sets := make([]*evidence.Set, named+1)
	for i := range sets {
		sets[i] = &evidence.Set{Context: s.Context}
	}
	eachElem(s, func(i int, el reflect.Value) {
		g, ok := group[fileOf(el)]
		if !ok {
			g = anon // live evidence, which names no file
		}
		dst := reflect.ValueOf(sets[g]).Elem().Field(i)
		dst.Set(reflect.Append(dst, el))
	})
	for _, in := range s.Inputs {
		for g := range sets {
			if setHasInput(sets[g], in, files) {
				sets[g].Inputs = append(sets[g].Inputs, in)
			}
		}
	}
	out := sets[:0]
	for _, ms := range sets {
		if !emptySet(ms) {
			out = append(out, ms)
		}
	}
	return out
}

// setHasInput reports whether some file of the input named in (the path
// given on the command line) is in ms.
func setHasInput(ms *evidence.Set, in string, files []string) bool {
	for _, f := range files {
		if f == in || strings.HasPrefix(f, in+"!") || strings.HasPrefix(f, strings.TrimSuffix(in, "/")+"/") {
			if setHasFile(ms, f) {
				return true
			}
		}
	}
	return false
}

func setHasFile(ms *evidence.Set, file string) bool {
	found := false
	eachElem(ms, func(_ int, el reflect.Value) { found = found || fileOf(el) == file })
	return found
}

func emptySet(ms *evidence.Set) bool {
	sv := reflect.ValueOf(ms).Elem()
	for i := range sv.NumField() {
		if f := sv.Field(i); f.Kind() == reflect.Slice && f.Len() > 0 {
			return false
		}
	}
	return true
}
