package spp

import (
	"regexp"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// The licensing classes as a console prints them, which is how tickets
// paste them:
//   - PowerShell's list view ("Name : value", one record per instance, a
//     blank line between records): what Get-CimInstance and Get-WmiObject
//     print for these classes (they have many properties), and
//     Format-List;
//   - PowerShell's table view (a header row, a row of dashes under it, a
//     row per instance): Select-Object of a few properties, Format-Table;
//   - wmic's /format:list ("Name=value").
//
// The values are the same language-free ones as in the JSON (numbers,
// enumerations, GUIDs), so the rows go through the same code (add). A long
// value that PowerShell wrapped continues on the next, indented, line.

var (
	// "Name                    : Windows(R), Professional edition"
	psListRe = regexp.MustCompile(`^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:(?:\s(.*)|$)`)
	// "LicenseStatus=1"
	wmicListRe = regexp.MustCompile(`^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$`)
	// A table's row of dashes: groups of dashes separated by blanks.
	dashesRe = regexp.MustCompile(`^\s*-+(?:\s+-+)*\s*$`)
)

// listKeys are properties only the licensing classes have; a record needs
// one of them (besides what classOf asks) to be taken for one of theirs.
var listKeys = []string{"LicenseStatus", "ClientMachineID", "RemainingWindowsReArmCount", "PartialProductKey",
	"KeyManagementServiceMachine", "DiscoveredKeyManagementServiceMachineName", "LicenseStatusReason"}

type listRecord struct {
	row  Row
	line int // 1-based, of the record's first line in the segment
}

// DoubleSpaced reports whether ls is a copy from a web page or a chat
// that put a blank line after every line: most lines are followed by
// exactly one blank line. A record of such a copy ends at two blank lines.
func DoubleSpaced(ls []string) bool {
	lines, single := 0, 0
	for i := 0; i < len(ls); i++ {
		if strings.TrimSpace(ls[i]) == "" {
			continue
		}
		lines++
		if i+2 < len(ls) && strings.TrimSpace(ls[i+1]) == "" && strings.TrimSpace(ls[i+2]) != "" {
			single++
		}
	}
	return lines >= 4 && single*10 >= lines*7
}

// parseList reads the records of the list and table views in text.
func parseList(text string) []listRecord {
	ls := strings.Split(text, "\n")
	double := DoubleSpaced(ls)
	var out []listRecord
	var cur *listRecord
	last := ""
	end := func() {
		if cur != nil && len(cur.row) > 0 {
			out = append(out, *cur)
		}
		cur, last = nil, ""
	}
	for i := 0; i < len(ls); i++ {
		l := strings.TrimRight(ls[i], "\r")
		t := strings.TrimSpace(l)
		if t == "" {
			// In a double-spaced copy one blank line is the copy's, two
			// end the record.
			if !double || i+1 >= len(ls) || strings.TrimSpace(ls[i+1]) == "" {
				end()
			}
			continue
		}
		// A table: a header of property names over a row of dashes.
		if i+1 < len(ls) && dashesRe.MatchString(strings.TrimRight(ls[i+1], "\r")) && !strings.Contains(t, ":") && !strings.Contains(t, "=") {
			end()
			rows, n := parseTable(ls[i:], i+1)
			out = append(out, rows...)
			i += n - 1
			continue
		}
		m := psListRe.FindStringSubmatch(l)
		if m == nil {
			m = wmicListRe.FindStringSubmatch(l)
		}
		if m != nil {
			if cur == nil {
				cur = &listRecord{row: Row{}, line: i + 1}
			}
			if _, dup := cur.row[m[1]]; dup {
				// The same property again: the next record started without
				// a blank line between.
				end()
				cur = &listRecord{row: Row{}, line: i + 1}
			}
			cur.row[m[1]] = strings.TrimSpace(m[2])
			last = m[1]
			continue
		}
		if cur != nil && last != "" && l != strings.TrimLeft(l, " \t") {
			// A wrapped value goes on, indented.
			cur.row[last] = strings.TrimSpace(cur.row[last].(string) + " " + t)
			continue
		}
		end()
	}
	end()
	return out
}

// parseTable reads a table view starting at ls[0] (its header; ls[1] is
// the row of dashes) whose first line is line first; it returns the rows
// and how many lines it used.
func parseTable(ls []string, first int) ([]listRecord, int) {
	head, dashes := strings.TrimRight(ls[0], "\r"), strings.TrimRight(ls[1], "\r")
	type col struct {
		name       string
		start, end int
	}
	var cols []col
	for i := 0; i < len(dashes); {
		if dashes[i] != '-' {
			i++
			continue
		}
		j := i
		for j < len(dashes) && dashes[j] == '-' {
			j++
		}
		cols = append(cols, col{start: i, end: j})
		i = j
	}
	for k := range cols {
		end := len(head)
		if k+1 < len(cols) {
			end = min(cols[k+1].start, len(head))
		}
		if cols[k].start < len(head) {
			cols[k].name = strings.TrimSpace(head[cols[k].start:end])
		}
	}
	var out []listRecord
	n := 2
	for ; n < len(ls); n++ {
		l := strings.TrimRight(ls[n], "\r")
		if strings.TrimSpace(l) == "" {
			break
		}
		r := Row{}
		for k, c := range cols {
			if c.name == "" || c.start >= len(l) {
				continue
			}
			end := len(l)
			if k+1 < len(cols) {
				end = min(cols[k+1].start, len(l))
			}
			if v := strings.TrimSpace(l[c.start:end]); v != "" {
				r[c.name] = v
			}
		}
		if len(r) > 0 {
			out = append(out, listRecord{row: r, line: first + n})
		}
	}
	return out, n
}

// isLicensingRecord reports whether a record is a row of the licensing
// classes.
func isLicensingRecord(r Row) bool {
	if classOf(r) == "" {
		return false
	}
	for _, k := range listKeys {
		if _, ok := r[k]; ok {
			return true
		}
	}
	return false
}

// DetectList reports whether text holds the licensing classes in a list
// or table view (PowerShell, wmic).
func DetectList(text string) bool {
	if !strings.Contains(text, "LicenseStatus") && !strings.Contains(text, "ClientMachineID") && !strings.Contains(text, "RemainingWindowsReArmCount") {
		return false
	}
	if strings.HasPrefix(strings.TrimSpace(text), "{") || strings.HasPrefix(strings.TrimSpace(text), "[") {
		return false // JSON: Detect's
	}
	for _, r := range parseList(text) {
		if isLicensingRecord(r.row) {
			return true
		}
	}
	return false
}

// ReadList adds the products of the list or table view (one segment
// starting at line of file) to s. A selection without PartialProductKey
// (`Select Name, LicenseStatus`) cannot tell the installed products from
// the class's other rows: its rows that are not Unlicensed are taken for
// the installed ones. A service row alone (Get-WmiObject
// SoftwareLicensingService) that names a KMS host is the configured host
// (evidence.NoteKMSConfigured).
func ReadList(file string, line int, text string, s *evidence.Set) error {
	var rows []Row
	var lines []int
	keyShown := false
	for _, r := range parseList(text) {
		if isLicensingRecord(r.row) {
			rows = append(rows, r.row)
			lines = append(lines, line+r.line-1)
			_, k := r.row["PartialProductKey"]
			keyShown = keyShown || k
		}
	}
	if !keyShown {
		for _, r := range rows {
			if classOf(r) == ClassProduct && num(r, "LicenseStatus", 0) != 0 {
				r["PartialProductKey"] = "?????"
			}
		}
	}
	before := len(s.Products)
	add(file, rows, lines, s)
	if len(s.Products) > before {
		for i := before; i < len(s.Products); i++ {
			if s.Products[i].PartialKey == "?????" {
				s.Products[i].PartialKey = ""
			}
		}
		return nil
	}
	for i, r := range rows {
		if classOf(r) != ClassService && classOf(r) != ClassOfficeService {
			continue
		}
		for _, k := range []string{"KeyManagementServiceMachine", "DiscoveredKeyManagementServiceMachineName"} {
			if h := str(r, k); h != "" {
				port := num(r, strings.Replace(k, "Name", "", 1)+"Port", 0)
				if k == "KeyManagementServiceMachine" {
					port = num(r, "KeyManagementServicePort", 0)
				}
				s.Notes = append(s.Notes, evidence.Note{Kind: evidence.NoteKMSConfigured, Detail: hostPort(h, port),
					Source: evidence.Source{File: file, Line: lines[i]}})
				break
			}
		}
	}
	return nil
}
