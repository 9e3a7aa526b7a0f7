package wintools

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/spp"
)

// expandTabs writes tabs as blanks to the next multiple of 8, as a console
// shows them, so that aligned colons stay aligned.
func expandTabs(l string) string {
	if !strings.Contains(l, "\t") {
		return l
	}
	var b strings.Builder
	col := 0
	for _, r := range l {
		if r == '\t' {
			n := 8 - col%8
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteRune(r)
		col++
	}
	return b.String()
}

// PowerShell's list view of objects of a class that is not about
// licensing (Get-WmiObject Win32_Product, Get-ComputerInfo, a script's
// custom object): records of "Property : value" lines whose colons are
// aligned on one column, a blank line between records. The licensing
// classes have their reader (package spp), and so do Test-NetConnection's
// and w32tm's results (package runbook): their properties are left to them.

var psPropRe = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)(\s*):(?:\s(.*)|$)`)

// otherReaders are properties of outputs other readers take.
var otherReaders = []string{"LicenseStatus", "ClientMachineID", "RemainingWindowsReArmCount", "PartialProductKey",
	"KeyManagementService", "TcpTestSucceeded", "RemotePort", "PingSucceeded", "RemoteAddress", "NameHost",
	"DiscoveredKeyManagementService", "OA3xOriginalProductKey", "LicenseState", "EntitlementStatus", "NameTarget"}

type psRecord struct {
	props []string
	line  int
}

// psRecords returns the records of aligned "Property : value" lines of
// at least three properties.
func psRecords(text string) []psRecord {
	var out []psRecord
	var cur psRecord
	col := -1
	end := func() {
		if len(cur.props) >= 3 {
			out = append(out, cur)
		}
		cur, col = psRecord{}, -1
	}
	ls := lines(text)
	double := spp.DoubleSpaced(ls)
	for i, l := range ls {
		l = expandTabs(l)
		m := psPropRe.FindStringSubmatchIndex(l)
		if m == nil {
			blank := strings.TrimSpace(l) == ""
			if blank && double && i+1 < len(ls) && strings.TrimSpace(ls[i+1]) != "" {
				continue // a double-spaced copy's blank line
			}
			if blank || l == strings.TrimLeft(l, " \t") {
				end()
			}
			continue // an indented line: a wrapped value
		}
		c := m[5] // the colon's column
		if col >= 0 && c != col {
			end()
		}
		if len(cur.props) == 0 {
			cur.line = i + 1
		}
		col = c
		cur.props = append(cur.props, l[m[2]:m[3]])
	}
	end()
	return out
}

// DetectPSList reports whether text is a list view of another class.
func DetectPSList(text string) bool {
	if strings.Count(text, "\n") < 2 || !strings.Contains(text, " : ") {
		return false // three aligned properties at least
	}
	for _, k := range otherReaders {
		if strings.Contains(text, k) {
			return false
		}
	}
	return len(psRecords(text)) > 0
}

// ReadPSList notes the list: its properties and how many records.
func ReadPSList(file string, line int, text string, s *evidence.Set) error {
	rs := psRecords(text)
	if len(rs) == 0 {
		return nil
	}
	props := rs[0].props
	if len(props) > 5 {
		props = props[:5]
	}
	note(s, file, line+rs[0].line-1, "PowerShell list: "+strings.Join(props, ", ")+" ("+strconv.Itoa(len(rs))+" records)")
	return nil
}
