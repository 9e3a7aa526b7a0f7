package runbook

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
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
	// The second block of /query /status /verbose (its first lines may be
	// left out of a paste): "State Machine: 0 (Unset)" and a non-zero
	// "Last Sync Error:" say the clock is not synchronised.
	{"State Machine:", "state"},
	{"Last Sync Error:", "syncerr"},
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
	// zh-CN as a real output prints it (a monitoring plugin's test data,
	// testdata/SOURCES.md): the leap indicator keeps "Leap" in English.
	{"Leap 指示符:", "leap"},
	// German, from a real output (testdata/SOURCES.md); "Stratum:" is the
	// English label. Also the full form of the last-sync label.
	{"Sprungindikator:", "leap"},
	{"Letzte erfolgr. Synchronisierungszeit:", "last"},
	{"Letzte erfolgreiche Synchronisierungszeit:", "last"},
	{"Quelle:", "source"},
	// French, from a real output (French puts a space before the colon;
	// lines are read through foldColon, so "Source :" is the English row).
	{"Indicateur de dérive:", "leap"},
	{"Couche:", "stratum"},
	{"Heure de la dernière synchronisation réussie:", "last"},
	// pt-BR: the leap indicator label, quoted from a real output.
	{"Indicador de Salto:", "leap"},
}

// w32tmOtherLabels are the other lines of the status, in English and
// Japanese; with the labels above they let a status pasted without its
// first lines (no "Leap Indicator:") be recognised.
var w32tmOtherLabels = []string{"Precision:", "Root Delay:", "Root Dispersion:", "ReferenceId:", "Poll Interval:",
	"Phase Offset:", "ClockRate:", "State Machine:", "Time Source Flags:", "Server Role:", "Time since Last Good Sync Time:",
	"精度:", "ルート遅延:", "ルート分散:", "参照 ID:", "ポーリング間隔:",
	// zh-CN, German and French, from the same real outputs as above.
	"根延迟:", "根分散:", "引用 ID:", "轮询间隔:",
	"Präzision:", "Stammverzögerung:", "Stammabweichung:", "Referenz-ID:", "Abrufintervall:", "Phasendifferenz:",
	"Taktfrequenz:", "Statuscomputer:", "Zeitquellenkennzeichen:", "Serverrolle:",
	"Précision:", "Délai de racine:", "Dispersion de racine:", "ID de référence:", "Intervalle d’interrogation:",
	"Décalage de phase:", "Fréquence d’horloge:", "Rôle de serveur:"}

// headlessW32tm reports whether at least three lines of text begin with a
// w32tm status label other than the leap indicator (one of them the
// Stratum, the Source or the last sync time).
func headlessW32tm(text string) bool {
	n, core := 0, false
	for _, l := range strings.Split(text, "\n") {
		t := foldColon(strings.TrimSpace(l))
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

// The shapes of the values of the first six lines of a status, in every
// language: the leap indicator ("0(keine Warnung)"), the stratum ("4
// (...)"), the precision ("-23 (...)"), the root delay and dispersion
// ("0.0168694s") and the reference id ("0x0D5F41FB (...)"). Six labelled
// lines in a row with these values are a status whatever their labels say;
// the next two lines are then the last sync time and the source.
var w32tmShapes = []*regexp.Regexp{
	regexp.MustCompile(`^[0-3]\s*\(`),
	regexp.MustCompile(`^\d{1,2}\s*\(`),
	regexp.MustCompile(`^-\d{1,3}\s*\(`),
	regexp.MustCompile(`^-?\d+[.,]\d+s$`),
	regexp.MustCompile(`^-?\d+[.,]\d+s$`),
	regexp.MustCompile(`^0x[0-9A-Fa-f]{8}\b`),
}

// labelValue is the value of a "label: value" line (the first colon, any
// width, a blank before it or not), and whether the line has one.
func labelValue(l string) (string, bool) {
	t := foldColon(strings.TrimSpace(l))
	i := strings.Index(t, ":")
	if i <= 0 {
		return "", false
	}
	return strings.TrimSpace(t[i+1:]), true
}

// shapedW32tm finds, in the lines ls, six labelled lines in a row (blank
// lines between them allowed) whose values have w32tmShapes; it returns the
// index of each line of the status from the leap indicator on (up to the
// source), or nil.
func shapedW32tm(ls []string) []int {
	var idx []int
	for i := 0; i < len(ls); i++ {
		if strings.TrimSpace(ls[i]) == "" {
			continue
		}
		v, ok := labelValue(ls[i])
		if !ok || !w32tmShapes[len(idx)].MatchString(v) {
			idx = idx[:0]
			if !ok || !w32tmShapes[0].MatchString(v) {
				continue
			}
		}
		idx = append(idx, i)
		if len(idx) == len(w32tmShapes) {
			// The last sync time and the source follow.
			for j := i + 1; j < len(ls) && len(idx) < len(w32tmShapes)+2; j++ {
				if strings.TrimSpace(ls[j]) == "" {
					continue
				}
				if _, ok := labelValue(ls[j]); !ok {
					break
				}
				idx = append(idx, j)
			}
			return idx
		}
	}
	return nil
}

var leadingIntRe = regexp.MustCompile(`^\d+`)

// localClockRefs are the reference ids of a clock that follows no source:
// none (the "Local CMOS Clock" source) and "LOCL" (the free-running system
// clock); they do not depend on the language.
var localClockRefs = []string{"0x00000000", "0x4C4F434C"}

// w32tmErrRe is the line w32tm prints instead of its output when the
// query fails: "The following error occurred: The service has not been
// started. (0x80070426)" (English, a real output: testdata/SOURCES.md).
var w32tmErrRe = regexp.MustCompile(`^The following error occurred:\s*(.*?)\s*\((0x[0-9A-Fa-f]{8})\)\s*$`)

// w32tmError is the code of w32tm's error line in text, with its line
// index, when text names w32tm (its command line pasted with it).
func w32tmError(text string) (string, int, bool) {
	if !strings.Contains(strings.ToLower(text), "w32tm") {
		return "", 0, false
	}
	for i, l := range strings.Split(text, "\n") {
		if m := w32tmErrRe.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
			return knowledge.NormalizeCode(m[2]), i, true
		}
	}
	return "", 0, false
}

// w32tm /resync prints "Sending resync command to local computer" (to
// COMPUTER, with /computer) and then its result: "The command completed
// successfully." or why it did not resync (English; w32tm's own strings).
var (
	resyncSendRe = regexp.MustCompile(`(?i)^Sending resync command to \S.*$`)
	resyncFailRe = regexp.MustCompile(`(?i)^The computer did not resync because .+`)
)

// resyncResult finds the result of a w32tm /resync in text: whether it
// failed, and its line index.
func resyncResult(text string) (failed bool, at int, ok bool) {
	sent := false
	for i, l := range strings.Split(text, "\n") {
		t := strings.TrimSpace(strings.TrimRight(l, "\r"))
		switch {
		case resyncSendRe.MatchString(t):
			sent = true
		case resyncFailRe.MatchString(t):
			return true, i, true
		case sent && strings.EqualFold(strings.TrimRight(t, "."), "The command completed successfully"):
			return false, i, true
		}
	}
	return false, 0, false
}

// querySourceRe is the command line of w32tm /query /source, which prints
// the name of the time source alone on the next line.
var querySourceRe = regexp.MustCompile(`(?i)\bw32tm(?:\.exe)?\s+[/-]query\s+[/-]source\b`)

// querySource finds, in text, w32tm /query /source (its command line
// pasted) answering a source that is no source, the local clock
// (unsyncedSources, which Windows does not translate), and the index of
// the answer's line. A peer's name is not read: it says where the clock
// would sync from, not that it did.
func querySource(text string) (string, int, bool) {
	if !querySourceRe.MatchString(text) {
		return "", 0, false // the cheap test first
	}
	ls := strings.Split(text, "\n")
	for i, l := range ls {
		if !querySourceRe.MatchString(l) {
			continue
		}
		for j := i + 1; j < len(ls); j++ {
			v := strings.TrimSpace(strings.TrimRight(ls[j], "\r"))
			if v == "" {
				continue
			}
			for _, u := range unsyncedSources {
				if strings.EqualFold(v, u) {
					return v, j, true
				}
			}
			break
		}
	}
	return "", 0, false
}

// ClaimsW32tm reports whether line is w32tm's error line: its code is the
// time service's, never a licensing failure.
func ClaimsW32tm(line string) bool { return w32tmErrRe.MatchString(strings.TrimSpace(line)) }

// DetectW32tm reports whether text is `w32tm /query /status` output, or
// the error w32tm printed instead (its command line pasted with it).
func DetectW32tm(text string) bool {
	if _, _, ok := w32tmError(text); ok {
		return true
	}
	if _, _, ok := resyncResult(text); ok {
		return true
	}
	if _, _, ok := querySource(text); ok {
		return true
	}
	for _, l := range leapLabels {
		if strings.Contains(text, strings.TrimSuffix(l, ":")) {
			return true
		}
	}
	return strings.Contains(text, "ReferenceId:") && strings.Contains(text, "Stratum") || headlessW32tm(text) ||
		strings.Contains(text, "0x") && shapedW32tm(strings.Split(text, "\n")) != nil
}

// leapLabels are the leap indicator labels of w32tmLabels: the first line
// of a status, in every language of the table.
var leapLabels = func() []string {
	var out []string
	for _, lb := range w32tmLabels {
		if lb.Field == "leap" {
			out = append(out, lb.Text)
		}
	}
	return out
}()

// StartsW32tm reports whether line begins a w32tm status output.
func StartsW32tm(line string) bool {
	return hasPrefixAny(foldColon(strings.TrimSpace(line)), leapLabels)
}

// ReadW32tm reads one w32tm status into s.
func ReadW32tm(file string, first int, text string, s *evidence.Set) error {
	ls, ns := lines(first, text)
	ts := evidence.TimeSync{Stratum: -1, Source: src(file, first)}
	found := false
	for i, l := range ls {
		t := foldColon(strings.TrimSpace(l))
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
			case "state":
				if strings.HasPrefix(v, "0") {
					ts.Unsynced = true
				}
			case "syncerr":
				if f := strings.Fields(v); len(f) > 0 && f[0] != "0" {
					ts.Unsynced = true
				}
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
	if !found {
		if failed, i, ok := resyncResult(text); ok {
			// No status: the result of w32tm /resync.
			s.TimeSync = append(s.TimeSync, evidence.TimeSync{Stratum: -1, Resync: true, Unsynced: failed, Source: src(file, first+i)})
			if failed {
				s.TimeSync[len(s.TimeSync)-1].ResyncError = strings.TrimSpace(ls[i])
			}
			return nil
		}
		if v, i, ok := querySource(text); ok {
			// No status: w32tm /query /source naming the local clock.
			s.TimeSync = append(s.TimeSync, evidence.TimeSync{Stratum: -1, SourceName: v, Unsynced: true, Source: src(file, first+i)})
			return nil
		}
		if code, i, ok := w32tmError(text); ok {
			// No status: the error w32tm printed instead.
			s.TimeSync = append(s.TimeSync, evidence.TimeSync{Stratum: -1, Err: code, Source: src(file, first+i)})
			return nil
		}
		// Labels of a language the table does not know: read the status
		// by the position and the shape of its values.
		idx := shapedW32tm(ls)
		if idx == nil {
			return nil
		}
		found = true
		val := func(k int) string { v, _ := labelValue(ls[idx[k]]); return v }
		ts.Leap = val(0)
		ts.Unsynced = strings.HasPrefix(ts.Leap, "3")
		if m := leadingIntRe.FindString(val(1)); m != "" {
			ts.Stratum, _ = strconv.Atoi(m)
		}
		ts.Source = src(file, ns[idx[0]])
		for _, r := range localClockRefs {
			if strings.HasPrefix(val(5), r) {
				ts.Unsynced = true
			}
		}
		if len(idx) > 6 {
			ts.LastSync = val(6)
		}
		if len(idx) > 7 {
			ts.SourceName = val(7)
			ts.Source = src(file, ns[idx[7]])
			for _, u := range unsyncedSources {
				if strings.EqualFold(ts.SourceName, u) {
					ts.Unsynced = true
				}
			}
		}
	}
	if found {
		s.TimeSync = append(s.TimeSync, ts)
	}
	return nil
}
