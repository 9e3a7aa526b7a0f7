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
	// Chinese, not confirmed from a real output (zh-CN, zh-TW).
	{"闰秒指示符:", "leap"},
	{"层次:", "stratum"},
	{"上次成功同步时间:", "last"},
	{"源:", "source"},
	{"閏秒指示器:", "leap"},
	{"階層:", "stratum"},
	{"上次成功同步處理時間:", "last"},
	{"來源:", "source"},
}

// w32tmOtherLabels are the other lines of the status, in English and
// Japanese; with the labels above they let a status pasted without its
// first lines (no "Leap Indicator:") be recognised.
var w32tmOtherLabels = []string{"Precision:", "Root Delay:", "Root Dispersion:", "ReferenceId:", "Poll Interval:",
	"Phase Offset:", "ClockRate:", "State Machine:", "Time Source Flags:", "Server Role:",
	"精度:", "ルート遅延:", "ルート分散:", "参照 ID:", "ポーリング間隔:"}

// headlessW32tm reports whether at least three lines of text begin with a
// w32tm status label other than the leap indicator (one of them the
// Stratum, the Source or the last sync time).
func headlessW32tm(text string) bool {
	n, core := 0, false
	for _, l := range strings.Split(text, "\n") {
		t := strings.ReplaceAll(strings.TrimSpace(l), "：", ":")
		for _, lb := range w32tmLabels {
			if lb.Field != "leap" && strings.HasPrefix(t, lb.Text) {
				n++
				core = true
				break
			}
		}
		if hasPrefixAny(t, w32tmOtherLabels) {
			n++
		}
	}
	return core && n >= 3
}

var unsyncedSources = []string{"Local CMOS Clock", "Free-running System Clock"}

// DetectW32tm reports whether text is `w32tm /query /status` output.
func DetectW32tm(text string) bool {
	return strings.Contains(text, "Leap Indicator:") || strings.Contains(text, "閏インジケーター") ||
		strings.Contains(text, "うるう秒インジケーター") || strings.Contains(text, "闰秒指示符") ||
		strings.Contains(text, "ReferenceId:") && strings.Contains(text, "Stratum") || headlessW32tm(text)
}

// StartsW32tm reports whether line begins a w32tm status output.
func StartsW32tm(line string) bool {
	t := strings.TrimSpace(line)
	return strings.HasPrefix(t, "Leap Indicator:") || strings.HasPrefix(t, "閏インジケーター:") || strings.HasPrefix(t, "うるう秒インジケーター:") ||
		strings.HasPrefix(t, "闰秒指示符:")
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
