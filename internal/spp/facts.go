package spp

import (
	"regexp"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// The licensing facts of automation tools, which read the same class and
// print a few of its properties under their own names:
//   - Ansible's win_product_facts (ansible.windows, community.windows):
//     ansible_os_license_edition (the product's Name),
//     ansible_os_license_status (its LicenseStatus as a word: Licensed,
//     Notification, OOBGrace...), ansible_os_license_channel (its
//     ProductKeyChannel: "Volume:GVLK", "Retail") and ansible_os_product_key;
//     since version 3.0.0 each is a list, one item a product with a key
//     (Windows, then Office), as JSON or as YAML;
//   - Salt's license.info: name, description, partial_key, and licensed
//     (True when LicenseStatus is 1), each key's value on the next line.
//
// The facts become the rows of the class (Name, LicenseStatus,
// ProductKeyChannel, Description, PartialProductKey) and go through the
// same code as the CIM outputs (add).

var (
	// A key and what follows it: `"ansible_os_license_status": "Licensed",`,
	// `ansible_os_license_status: Licensed`, `licensed:`.
	factKeyRe = regexp.MustCompile(`^\s*(?:-\s+)?"?((?:ansible_)?os_(?:license_(?:edition|status|channel)|product_key)|name|description|partial_key|licensed)"?\s*:\s*(.*?)\s*,?\s*$`)
	quotedRe  = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'`)
)

// factStatuses are the words win_product_facts writes for LicenseStatus
// 0 to 6.
var factStatuses = map[string]int{"unlicensed": 0, "licensed": 1, "oobgrace": 2, "ootgrace": 3,
	"nongenuinegrace": 4, "notification": 5, "extendedgrace": 6}

// DetectFacts reports whether text holds Ansible's licensing facts, or
// Salt's license.info.
func DetectFacts(text string) bool {
	if strings.Contains(text, "os_license_status") || strings.Contains(text, "os_license_edition") {
		return true
	}
	// Salt's keys are lower case, as is its outputter's.
	return strings.Contains(text, "partial_key:") && strings.Contains(text, "licensed:") && strings.Contains(text, "Windows(R)")
}

type fact struct {
	values []string
	line   int // 0-based line of the key
}

// ReadFacts adds the products of the facts in text to s.
func ReadFacts(file string, line int, text string, s *evidence.Set) error {
	facts := parseFacts(text)
	get := func(keys ...string) fact {
		for _, k := range keys {
			if f, ok := facts[k]; ok {
				return f
			}
		}
		return fact{line: -1}
	}
	ed := get("ansible_os_license_edition", "os_license_edition")
	if ed.line < 0 {
		ed = get("name") // Salt's; Ansible's "name:" is a task's
	}
	st := get("ansible_os_license_status", "os_license_status")
	ch := get("ansible_os_license_channel", "os_license_channel")
	key := get("ansible_os_product_key", "os_product_key", "partial_key")
	desc := get("description")
	licensed := get("licensed")
	nth := func(f fact, i int) string {
		switch {
		case i < len(f.values):
			return f.values[i]
		case len(f.values) == 1:
			return f.values[0]
		}
		return ""
	}
	var rows []Row
	var lines []int
	for i := range ed.values {
		r := Row{"Name": ed.values[i]}
		if v, ok := factStatuses[strings.ToLower(nth(st, i))]; ok {
			r["LicenseStatus"] = float64(v)
		} else if strings.EqualFold(nth(licensed, i), "true") {
			r["LicenseStatus"] = float64(1)
		}
		if _, ok := r["LicenseStatus"]; !ok {
			continue // no state of it: nothing to say
		}
		if c := nth(ch, i); c != "" {
			r["ProductKeyChannel"] = c
		}
		if d := nth(desc, i); d != "" {
			r["Description"] = d
		}
		// The facts list only products with a key installed; the key
		// itself is redacted in most pastes.
		r["PartialProductKey"] = "facts"
		if k := nth(key, i); strings.TrimSpace(k) != "" {
			r["PartialProductKey"] = k
		}
		rows = append(rows, r)
		lines = append(lines, line+ed.line)
	}
	add(file, rows, lines, s)
	return nil
}

// parseFacts reads the keys of interest and their values: a quoted or bare
// value after the key, a JSON list (on one line or over several), a YAML
// list under the key, or Salt's value on the next, more indented, line.
func parseFacts(text string) map[string]fact {
	ls := strings.Split(text, "\n")
	out := map[string]fact{}
	for i := 0; i < len(ls); i++ {
		m := factKeyRe.FindStringSubmatch(ls[i])
		if m == nil {
			continue
		}
		k, rest := strings.ToLower(m[1]), m[2]
		if _, dup := out[k]; dup {
			continue
		}
		f := fact{line: i}
		switch {
		case strings.HasPrefix(rest, "["):
			// A JSON list, to its "]".
			list := rest
			j := i
			for !strings.Contains(list, "]") && j+1 < len(ls) && j-i < 50 {
				j++
				list += "\n" + ls[j]
			}
			for _, q := range quotedRe.FindAllStringSubmatch(list, -1) {
				f.values = append(f.values, unquoteFact(q))
			}
			i = j
		case rest == "":
			// A YAML list, or Salt's value on the next lines.
			indent := len(ls[i]) - len(strings.TrimLeft(ls[i], " \t"))
			for j := i + 1; j < len(ls) && j-i <= 50; j++ {
				t := strings.TrimSpace(ls[j])
				in := len(ls[j]) - len(strings.TrimLeft(ls[j], " \t"))
				switch {
				case strings.HasPrefix(t, "- ") && in >= indent:
					f.values = append(f.values, bare(strings.TrimSpace(t[2:])))
					continue
				case t != "" && in > indent && len(f.values) == 0 && !strings.Contains(t, ": "):
					f.values = append(f.values, bare(t))
				}
				break
			}
		default:
			f.values = []string{bare(rest)}
		}
		if len(f.values) > 0 {
			out[k] = f
		}
	}
	return out
}

func unquoteFact(q []string) string {
	if q[1] != "" || strings.HasPrefix(q[0], `"`) {
		return strings.ReplaceAll(q[1], `\"`, `"`)
	}
	return strings.ReplaceAll(q[2], "''", "'")
}

// bare is a value without its quotes and trailing comma.
func bare(v string) string {
	v = strings.TrimSuffix(strings.TrimSpace(v), ",")
	if q := quotedRe.FindStringSubmatch(v); q != nil && q[0] == v {
		return unquoteFact(q)
	}
	return v
}
