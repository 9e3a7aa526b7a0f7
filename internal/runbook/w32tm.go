package runbook

import (
	"strconv"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// w32tm /query /status labels; one row per language. The Japanese rows are
// not confirmed from a real output; the language-neutral checks (the source
// names "Local CMOS Clock" and "Free-running System Clock", which Windows
// does not translate, and a leap indicator of 3) work without them.
var w32tmLabels = []struct{ Text, Field string }{
	{"Leap Indicator:", "leap"},
	{"Stratum:", "stratum"},
	{"Last Successful Sync Time:", "last"},
	{"Source:", "source"},
	{"閏インジケーター:", "leap"},
	{"うるう秒インジケーター:", "leap"},
	{"階層:", "stratum"},
	{"最終正常同期時刻:", "last"},
	{"ソース:", "source"},
}

var unsyncedSources = []string{"Local CMOS Clock", "Free-running System Clock"}

// DetectW32tm reports whether text is `w32tm /query /status` output.
func DetectW32tm(text string) bool {
	return strings.Contains(text, "Leap Indicator:") || strings.Contains(text, "閏インジケーター") ||
		strings.Contains(text, "うるう秒インジケーター") ||
		strings.Contains(text, "ReferenceId:") && strings.Contains(text, "Stratum")
}

// StartsW32tm reports whether line begins a w32tm status output.
func StartsW32tm(line string) bool {
	t := strings.TrimSpace(line)
	return strings.HasPrefix(t, "Leap Indicator:") || strings.HasPrefix(t, "閏インジケーター:") || strings.HasPrefix(t, "うるう秒インジケーター:")
}

// ReadW32tm reads one w32tm status into s.
func ReadW32tm(file string, first int, text string, s *evidence.Set) error {
	ls, ns := lines(first, text)
	ts := evidence.TimeSync{Stratum: -1, Source: src(file, first)}
	found := false
	for i, l := range ls {
		t := strings.ReplaceAll(strings.TrimSpace(l), "：", ":")
		for _, lb := range w32tmLabels {
			if !strings.HasPrefix(t, lb.Text) {
				continue
			}
			v := strings.TrimSpace(strings.TrimPrefix(t, lb.Text))
			found = true
			switch lb.Field {
			case "leap":
				ts.Leap = v
				if strings.HasPrefix(v, "3") {
					ts.Unsynced = true
				}
			case "stratum":
				if f := strings.Fields(v); len(f) > 0 {
					ts.Stratum, _ = strconv.Atoi(f[0])
				}
			case "last":
				ts.LastSync = v
			case "source":
				ts.SourceName = v
				ts.Source = src(file, ns[i])
				for _, u := range unsyncedSources {
					if strings.EqualFold(strings.TrimSpace(v), u) {
						ts.Unsynced = true
					}
				}
			}
			break
		}
	}
	if found {
		s.TimeSync = append(s.TimeSync, ts)
	}
	return nil
}
