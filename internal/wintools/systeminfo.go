package wintools

import (
	"regexp"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// systeminfo prints "Label:<blanks>value" lines, the labels in the display
// language ("Host Name:", "Nom de l'hôte:", "ホスト名:") and several values
// in none: the OS manufacturer "Microsoft Corporation", the system type
// "x64-based PC", the build type "Multiprocessor Free", hotfix lines
// "[01]: KB2868626", the version "6.1.7601 Service Pack 1 Build 7601" or
// "10.0.22631 N/A Build 22631" (the word "Build" translated), the OS name
// "Microsoft Windows ..." (its edition word translated). Detect asks for
// two such values, or two English labels with one of them: a selection
// (`systeminfo | findstr OS`, a script that prints three of the fields) is
// read as well as the whole output.

var (
	// "OS Name:                   Microsoft Windows 7 Professional",
	// "OS Name     : Microsoft Windows 11 Enterprise" (a script's copy).
	siLineRe    = regexp.MustCompile(`^\s*([^:：]{2,60}?)\s*[:：]\s*(\S.*?)\s*$`)
	siVersionRe = regexp.MustCompile(`^\d{1,2}\.\d\.\d{4,5}\s+\S.*\s\d{4,5}$`)
	siHotfixRe  = regexp.MustCompile(`^\s*\[\d{2,3}\]\s*:\s*KB\d{6,7}\s*$`)
	siTypeRe    = regexp.MustCompile(`(?i)^(x64|x86|arm64)-based PC$`)
)

// siLabels are English labels of systeminfo (a few suffice to tell it).
var siLabels = map[string]bool{
	"host name": true, "os name": true, "os version": true, "os manufacturer": true, "os configuration": true,
	"os build type": true, "registered owner": true, "product id": true, "original install date": true,
	"system boot time": true, "system manufacturer": true, "system model": true, "system type": true,
	"bios version": true, "windows directory": true, "system directory": true, "domain": true, "logon server": true,
	"hotfix(s)": true, "time zone": true, "total physical memory": true,
}

// siValue says which of the values systeminfo prints in every language v
// is ("" for none of them).
func siValue(v string) string {
	switch {
	case v == "Microsoft Corporation":
		return "manufacturer"
	case strings.HasPrefix(v, "Microsoft Windows "), strings.HasPrefix(v, "Microsoft® Windows"), strings.HasPrefix(v, "Microsoftr Windows"):
		return "os"
	case siTypeRe.MatchString(v):
		return "type"
	case siVersionRe.MatchString(v):
		return "version"
	case v == "Multiprocessor Free", v == "Uniprocessor Free":
		return "build"
	}
	return ""
}

// DetectSysteminfo reports whether text is systeminfo's output (whole or
// a selection of its lines): three different values of those above, two
// with the OS name, two English labels and one of them, or a list of
// hotfixes.
func DetectSysteminfo(text string) bool {
	if !strings.Contains(text, "Microsoft") && !strings.Contains(text, "based PC") && !strings.Contains(text, "]: KB") {
		return false // every output that Detect takes holds one of these
	}
	seen := map[string]bool{}
	labels, hotfixes := 0, 0
	for _, l := range lines(text) {
		if siHotfixRe.MatchString(l) {
			seen["hotfix"] = true
			hotfixes++
			continue
		}
		m := siLineRe.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		if v := siValue(m[2]); v != "" {
			seen[v] = true
		}
		if siLabels[strings.ToLower(strings.TrimSpace(m[1]))] {
			labels++
		}
	}
	return len(seen) >= 3 || len(seen) >= 2 && seen["os"] || labels >= 2 && len(seen) >= 1 || hotfixes >= 3
}

// ReadSysteminfo notes the OS name, or that systeminfo was read.
func ReadSysteminfo(file string, line int, text string, s *evidence.Set) error {
	for i, l := range lines(text) {
		m := siLineRe.FindStringSubmatch(l)
		if m != nil && (strings.HasPrefix(m[2], "Microsoft Windows ") || strings.HasPrefix(m[2], "Microsoft® Windows") || strings.HasPrefix(m[2], "Microsoftr Windows")) {
			note(s, file, line+i, "systeminfo: "+m[2])
			return nil
		}
	}
	note(s, file, line, "systeminfo")
	return nil
}
