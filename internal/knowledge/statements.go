package knowledge

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"
)

// A failure stated in words, read by a grammar rather than a list of
// sentences (messages.yaml "statements" and "licence_states"): a subject
// of activation and a failure word in one sentence, in either order and
// any wording ("activation failed", "can not be activated", "errors when
// trying to activate windows", "KMS无法自动激活", "ライセンス認証に失敗");
// a negated activation state ("not activated", "未激活", "ライセンス認証
// されていません"); or a licence state ("License status is Unlicensed",
// "License Status `Notification`"). A sentence that asks or states a
// condition says nothing, nor does a failure word with a negation of its
// own ("no errors"). The text must be about Windows or Office activation:
// a text that names another product's licensing (an app's licence key,
// Remote Desktop licensing, Adobe) and none of the words only Windows or
// Office activation uses is not (AboutActivation, OtherLicensing).

// Statement is a failure or a licence state stated in words.
type Statement struct {
	// Start and End are the byte offsets of the words in the text.
	Start, End int
	// State is the licence state stated ("notification", "unlicensed",
	// "grace"), "" for a failure.
	State string
}

// stPhrase is one phrase of a statements list, normalised: its parts
// ("…" separates them), and whether its last ASCII part may take any
// ending ("activat*").
type stPhrase struct {
	parts  []string
	prefix bool
	ascii  bool
	cjk    bool
}

type statementTables struct {
	subjects, failures, states, negations, conditions, after   []stPhrase
	windows, other, strong, office, system, otherKMS, pronouns []stPhrase
	// components: Windows components whose own words of activation are not
	// licensing (Windows Defender "activates", BitLocker, WSL): another
	// product's licensing only in a sentence that also has a subject.
	components                                                                                  []stPhrase
	subscription, times, clock, concessions, timesAfter, actions, howto, perception, stateNames []stPhrase
	licence                                                                                     map[string][]stPhrase
	// anyMood: conditional says nothing is asked or a condition (for
	// failsAsked).
	anyMood bool
	// norm is the text view was made for (its clause marks, for
	// conditional).
	norm *normText
	// triggers: one word of each subject, state and licence state (its
	// longest): a text with none of them states nothing (the cheap test).
	triggers     []string
	triggerBytes [][]byte
}

var (
	statementsOnce sync.Once
	statements     statementTables
	statementsErr  error
)

// statementLangs are the languages of statements and licence_states:
// those of the success texts, and Korean.
var statementLangs = append(slices.Clone(successLangs), "ko")

// licenceStates are the states licence_states may name, in the order they
// are tried.
var licenceStates = []string{"notification", "unlicensed", "grace"}

func loadStatements(b []byte) (statementTables, error) {
	var f struct {
		Statements    map[string]map[string][]string `yaml:"statements"`
		LicenceStates map[string]map[string][]string `yaml:"licence_states"`
	}
	if err := yaml.Unmarshal(b, &f); err != nil {
		return statementTables{}, fmt.Errorf("messages.yaml: %w", err)
	}
	var t statementTables
	list := func(name string, section map[string][]string) ([]stPhrase, error) {
		var out []stPhrase
		for lang, ps := range section {
			if !slices.Contains(statementLangs, lang) {
				return nil, fmt.Errorf("messages.yaml: %s: unknown language %q", name, lang)
			}
			for _, p := range ps {
				ph := compileStatement(p)
				if len(ph.parts) == 0 {
					return nil, fmt.Errorf("messages.yaml: %s: empty phrase %q", name, p)
				}
				out = append(out, ph)
			}
		}
		sort.SliceStable(out, func(i, j int) bool { return strings.Join(out[i].parts, "…") < strings.Join(out[j].parts, "…") })
		return out, nil
	}
	for name, dst := range map[string]*[]stPhrase{"subjects": &t.subjects, "failures": &t.failures, "states": &t.states,
		"negations": &t.negations, "conditions": &t.conditions, "conditions_after": &t.after, "windows": &t.windows,
		"other": &t.other, "components": &t.components, "strong": &t.strong, "office": &t.office, "system": &t.system, "other_kms": &t.otherKMS, "pronouns": &t.pronouns,
		"subscription": &t.subscription, "times": &t.times, "clock": &t.clock,
		"concessions": &t.concessions, "times_after": &t.timesAfter, "actions": &t.actions, "howto": &t.howto,
		"perception": &t.perception, "state_names": &t.stateNames} {
		sec, ok := f.Statements[name]
		if !ok {
			return statementTables{}, fmt.Errorf("messages.yaml: statements: no %s", name)
		}
		l, err := list("statements: "+name, sec)
		if err != nil {
			return statementTables{}, err
		}
		*dst = l
	}
	t.licence = map[string][]stPhrase{}
	for state, sec := range f.LicenceStates {
		if !slices.Contains(licenceStates, state) {
			return statementTables{}, fmt.Errorf("messages.yaml: licence_states: unknown state %q", state)
		}
		l, err := list("licence_states: "+state, sec)
		if err != nil {
			return statementTables{}, err
		}
		t.licence[state] = l
	}
	trig := func(ps []stPhrase) {
		for _, p := range ps {
			w := ""
			for _, f := range strings.Fields(p.parts[0]) {
				if len(f) > len(w) {
					w = f
				}
			}
			if !slices.Contains(t.triggers, w) {
				t.triggers = append(t.triggers, w)
			}
		}
	}
	trig(t.subjects)
	trig(t.states)
	for _, state := range licenceStates {
		trig(t.licence[state])
	}
	for _, w := range t.triggers {
		t.triggerBytes = append(t.triggerBytes, []byte(w))
	}
	return t, nil
}

// mayState: text holds one of the triggers (case and width folded), so
// that a statement may be in it. It allocates at most a copy of text.
func (t statementTables) mayState(text string) bool {
	if len(text) > MaxMessageScan {
		text = text[:MaxMessageScan]
	}
	if !isPlainASCII(text) {
		if !norm.NFKC.IsNormalString(text) {
			text = norm.NFKC.String(text)
		}
		text = strings.ToLower(text)
		for _, w := range t.triggers {
			if strings.Contains(text, w) {
				return true
			}
		}
		return false
	}
	// ASCII: lower-cased into a pooled buffer, nothing allocated.
	bp := lowerBufs.Get().(*[]byte)
	defer lowerBufs.Put(bp)
	b := (*bp)[:0]
	for i := 0; i < len(text); i++ {
		c := text[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	*bp = b
	for _, w := range t.triggerBytes {
		if bytes.Contains(b, w) {
			return true
		}
	}
	return false
}

var lowerBufs = sync.Pool{New: func() any { b := make([]byte, 0, 256); return &b }}

func statementTable() statementTables {
	statementsOnce.Do(func() {
		statements, statementsErr = loadStatements(messagesYAML)
		if statementsErr != nil {
			return
		}
		// The "failure" list's phrases in other letters than ASCII
		// ("產品啟動失敗") are triggers too; its English ones all hold a
		// subject ("activat", "slmgr", "ospp").
		for _, p := range messageTable().failure {
			if w := p.parts[0]; w[0] >= utf8.RuneSelf && !slices.Contains(statements.triggers, w) {
				statements.triggers = append(statements.triggers, w)
				statements.triggerBytes = append(statements.triggerBytes, []byte(w))
			}
		}
	})
	if statementsErr != nil {
		panic(statementsErr) // embedded data: TestStatements fails first
	}
	return statements
}

// compileStatement normalises a phrase as normalize does its text.
func compileStatement(p string) stPhrase {
	ph := stPhrase{ascii: true}
	for _, part := range strings.Split(p, "…") {
		if strings.HasSuffix(part, "*") {
			part = strings.TrimSuffix(part, "*")
			ph.prefix = true
		}
		n := normalize(part).s
		n = strings.Join(strings.FieldsFunc(n, func(r rune) bool { return r == ' ' || r == '\n' || r == '?' }), " ")
		if n == "" {
			continue
		}
		for _, r := range n {
			if r >= utf8.RuneSelf {
				ph.ascii = false
			}
			if r > 0x2E80 {
				ph.cjk = true
			}
		}
		ph.parts = append(ph.parts, n)
	}
	return ph
}

// normText is a text normalised for statements: NFKC (half-width letters
// and digits, full-width kana), lower case; a sentence end ("." before a
// space or the end, "!", ";", a line end, "。", "！", "；") is "\n", a
// question mark "?"; an apostrophe is "'"; any other run of what is not a
// letter or a digit is one space. offs gives, for each byte of s, the byte
// offset in the text of the rune it came from.
type normText struct {
	s    string
	offs []int
	src  string // the text normalised (for its clause marks)
}

func normalize(text string) normText {
	if len(text) > MaxMessageScan {
		text = text[:MaxMessageScan]
	}
	var b strings.Builder
	b.Grow(len(text))
	offs := make([]int, 0, len(text))
	put := func(s string, at int) {
		b.WriteString(s)
		for range len(s) {
			offs = append(offs, at)
		}
	}
	space := func(at int) {
		if s := b.String(); s == "" || s[len(s)-1] != ' ' {
			put(" ", at)
		}
	}
	normal := isPlainASCII(text) || norm.NFKC.IsNormalString(text)
	var one [1]rune
	for i, r := range text {
		var rs []rune
		if normal {
			one[0] = unicode.ToLower(r)
			rs = one[:]
		} else {
			rs = []rune(strings.ToLower(norm.NFKC.String(string(r))))
		}
		for _, n := range rs {
			switch {
			case n == '.':
				if j := i + 1; j >= len(text) || text[j] == ' ' || text[j] == '\n' || text[j] == '\r' || text[j] == '\t' {
					put("\n", i)
				} else {
					space(i)
				}
			case n == '?':
				put("?", i)
			case strings.ContainsRune("!;\n。；！", n):
				put("\n", i)
			case n == '\'' || n == '’' || n == '‘':
				// An apostrophe inside a word ("can't"); a quote otherwise.
				_, w := utf8.DecodeRuneInString(text[i:])
				next, _ := utf8.DecodeRuneInString(text[i+w:])
				out := b.String()
				// A French elision (l', d', qu'...) is a word of its own.
				lw := len(out) - len(strings.TrimRightFunc(out, unicode.IsLetter))
				if out != "" && unicode.IsLetter(rune(out[len(out)-1])) && unicode.IsLetter(next) && !(lw == 1 || out[len(out)-lw:] == "qu") {
					put("'", i)
				} else {
					space(i)
				}
			case unicode.IsLetter(n) || unicode.IsDigit(n) || unicode.Is(unicode.Mn, n):
				put(string(n), i)
			default:
				space(i)
			}
		}
	}
	return normText{b.String(), offs, text}
}

// span turns offsets of n.s into offsets of the text.
func (n normText) span(text string, start, end int) (int, int) {
	s := n.offs[start]
	e := n.offs[end-1]
	_, w := utf8.DecodeRuneInString(text[e:])
	return s, min(e+w, len(text))
}

// sentence is one sentence of a normText: s[start:end], and whether it
// ends with a question mark.
type sentence struct {
	start, end int
	question   bool
}

func (n normText) sentences() []sentence {
	var out []sentence
	start := 0
	for i := 0; i <= len(n.s); i++ {
		if i < len(n.s) && n.s[i] != '\n' && n.s[i] != '?' {
			continue
		}
		q := i < len(n.s) && n.s[i] == '?'
		if i > start {
			out = append(out, sentence{start, i, q})
		}
		start = i + 1
	}
	return out
}

// stmtWordByte: c may be part of a word of a statement (an apostrophe and
// any non-ASCII byte too; states.go has its own, ASCII letters and digits).
func stmtWordByte(c byte) bool {
	return c == '\'' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= utf8.RuneSelf
}

// findPart finds part in s[from:to], whole words for ASCII parts (a
// prefix one may take any ending).
func findPart(s string, from, to int, part string, ascii, prefix bool) (int, int, bool) {
	for from < to {
		i := strings.Index(s[from:to], part)
		if i < 0 {
			return 0, 0, false
		}
		start, end := from+i, from+i+len(part)
		if !ascii {
			return start, end, true
		}
		okL := start == 0 || !stmtWordByte(s[start-1]) || s[start-1] >= utf8.RuneSelf
		if okL && prefix {
			for end < to && stmtWordByte(s[end]) && s[end] < utf8.RuneSelf {
				end++
			}
			return start, end, true
		}
		if okL && (end >= len(s) || !stmtWordByte(s[end]) || s[end] >= utf8.RuneSelf) {
			return start, end, true
		}
		from = start + 1
	}
	return 0, 0, false
}

// find returns every match of p in s[from:to], its parts in order, each
// within maxGap runes of the one before.
func (p stPhrase) find(s string, from, to int) [][2]int {
	var out [][2]int
	for from < to {
		start, end, ok := findPart(s, from, to, p.parts[0], p.ascii, p.prefix && len(p.parts) == 1)
		if !ok {
			return out
		}
		good := true
		e := end
		for k, part := range p.parts[1:] {
			last := k == len(p.parts)-2
			ps, pe, ok := findPart(s, e, to, part, p.ascii, p.prefix && last)
			if !ok || utf8.RuneCountInString(s[e:ps]) > maxGap {
				good = false
				break
			}
			e = pe
		}
		if good {
			out = append(out, [2]int{start, e})
		}
		from = start + 1
	}
	return out
}

// anyIn reports whether one of ps is in s[from:to].
func anyIn(ps []stPhrase, s string, from, to int) bool {
	for _, p := range ps {
		if len(p.find(s, from, to)) > 0 {
			return true
		}
	}
	return false
}

// toolSubjects are the subjects that name an activation tool, not an
// activation: "we can't check O365 subscription license status with
// ospp.vbs /dstatus" says nothing of activating Microsoft 365 Apps.
var toolSubjects = []string{"slmgr", "ospp"}

// activation is t's subjects without the tools' names (toolSubjects).
func (t statementTables) activation() []stPhrase {
	var out []stPhrase
	for _, p := range t.subjects {
		if len(p.parts) != 1 || !slices.Contains(toolSubjects, p.parts[0]) {
			out = append(out, p)
		}
	}
	return out
}

// view is t for the normalised text n: where n names another KMS (a
// cloud's key management, Linux's kernel mode setting), the phrases that
// are only "kms" are left out of its subjects, windows and strong words.
func (t statementTables) view(n normText) statementTables {
	t.norm = &n
	if !anyIn(t.otherKMS, n.s, 0, len(n.s)) {
		return t
	}
	drop := func(ps []stPhrase) []stPhrase {
		return slices.DeleteFunc(slices.Clone(ps), func(p stPhrase) bool { return len(p.parts) == 1 && p.parts[0] == "kms" })
	}
	t.subjects, t.windows, t.strong = drop(t.subjects), drop(t.windows), drop(t.strong)
	return t
}

// about: the words of the normalised text name Windows or Office
// activation, and another product's licensing only beside a word only
// Windows or Office activation uses.
func (t statementTables) about(n normText) bool {
	if !anyIn(t.windows, n.s, 0, len(n.s)) {
		return false
	}
	return !t.otherLicensing(n)
}

func (t statementTables) otherLicensing(n normText) bool {
	if anyIn(t.strong, n.s, 0, len(n.s)) {
		return false
	}
	if anyIn(t.other, n.s, 0, len(n.s)) {
		return true
	}
	// A component ("once Defender activates it deletes the files") is what
	// the activation words of its own clause are about, and only there
	// ("Windows Defender flagged the script as a trojan, but Windows got
	// activated anyway" is Windows' activation).
	if !anyIn(t.components, n.s, 0, len(n.s)) {
		return false
	}
	for _, sn := range n.sentences() {
		for _, c := range t.components {
			for _, cm := range c.find(n.s, sn.start, sn.end) {
				for _, p := range t.subjects {
					for _, sm := range p.find(n.s, sn.start, sn.end) {
						lo, hi := min(cm[1], sm[1]), max(cm[0], sm[0])
						if lo > hi {
							lo, hi = hi, lo
						}
						if between := n.s[lo:hi]; len(between) <= maxPairBytes && !strings.ContainsAny(between, ",;") && !strings.Contains(between, " but ") {
							return true // "once Defender activates", "BitLocker activation"
						}
					}
				}
			}
		}
	}
	return false
}

// AboutActivation reports whether text is about Windows or Office
// activation: it names the products, their tools or activation methods,
// and names another product's licensing only beside a word that only
// Windows or Office activation uses.
func AboutActivation(text string) bool {
	n := normalize(text)
	return statementTable().view(n).about(n)
}

// AboutOffice reports whether text names Office (its apps, ospp.vbs) and
// not Windows: a licence state it states is Office's.
func AboutOffice(text string) bool {
	t := statementTable()
	n := normalize(text)
	return anyIn(t.office, n.s, 0, len(n.s)) && !anyIn(t.system, n.s, 0, len(n.s))
}

// NamesSubscription reports whether text names Microsoft 365 Apps ("Office
// 365", "Microsoft 365", "O365") as the product whose activation it is about,
// and where (a byte offset of text): the name in a sentence, a question too,
// with a word of activation in it or in the sentence just before or after
// ("activate Office 365", "Product Activation Failed (Microsoft 365)", "you
// don't have an Office 365 plan … Therefore, you can't use shared computer
// activation") and no word of Windows in either (Windows' own
// subscription activation "through Microsoft 365 E3" is not Office's).
// text[start:end] is the name as written.
func NamesSubscription(text string) (start, end int, ok bool) {
	t := statementTable()
	n := normalize(text)
	if t.otherLicensing(n) {
		return 0, 0, false
	}
	sns := n.sentences()
	act := t.activation()
	// about: sentence i speaks of activation and not of Windows; a
	// neighbour (other) also names no release of its own ("Office 2019
	// activation failed"): its activation is another product's.
	about := func(i int, other bool) bool {
		return i >= 0 && i < len(sns) && anyIn(act, n.s, sns[i].start, sns[i].end) && !anyIn(t.system, n.s, sns[i].start, sns[i].end) &&
			(!other || !releaseRe.MatchString(n.s[sns[i].start:sns[i].end]))
	}
	for i, sn := range sns {
		if anyIn(t.system, n.s, sn.start, sn.end) || !about(i, false) && !about(i-1, true) && !about(i+1, true) {
			continue
		}
		for _, p := range t.subscription {
			if m := p.find(n.s, sn.start, sn.end); len(m) > 0 {
				last := n.offs[m[0][1]-1]
				_, size := utf8.DecodeRuneInString(text[last:])
				return n.offs[m[0][0]], last + size, true
			}
		}
	}
	return 0, 0, false
}

// releaseRe is a product's release named by its year ("office 2019", "ltsc
// 2021") in a normalised sentence.
var releaseRe = regexp.MustCompile(`\b(?:19|20)\d\d\b`)

// OtherLicensing reports whether text is about the licensing of another
// product (an app's licence key, Remote Desktop licensing, Adobe) and not
// about Windows or Office activation: words stated in it, of a failure or a
// success, are not Windows' or Office's.
func OtherLicensing(text string) bool {
	n := normalize(text)
	return statementTable().view(n).otherLicensing(n)
}

// statedInQuestion: the words s[start:end] of a question sentence sn are
// in a clause of their own that states and does not ask: a clause mark
// follows them in the sentence and their clause has no word that asks
// ("最近几日office显示为非激活状态，如何解决此问题呢？", "Windows is not
// activated, what can I do?"); the last clause, with the question mark,
// asks.
func (t statementTables) statedInQuestion(s string, sn sentence, start, end int) bool {
	n := t.norm
	if n == nil || n.s != s {
		return false
	}
	lo, hi := sn.start, -1
	for k := start - 1; k >= sn.start; k-- {
		if s[k] == ' ' && n.clauseMark(k) {
			lo = k + 1
			break
		}
	}
	for k := end; k < sn.end; k++ {
		if s[k] == ' ' && n.clauseMark(k) {
			hi = k
			break
		}
	}
	if hi < 0 {
		return false
	}
	clause := strings.TrimSpace(s[lo:hi])
	first := clause
	if k := strings.IndexByte(clause, ' '); k >= 0 {
		first = clause[:k]
	}
	for _, w := range stmtAskers {
		if w[0] >= utf8.RuneSelf {
			if strings.Contains(clause, w) {
				return false
			}
		} else if first == w {
			return false // an auxiliary or a question word first: it asks
		}
	}
	return true
}

// stmtAskers are the words of a clause that asks: English ones first in
// the clause, the others anywhere in it.
var stmtAskers = []string{"can", "could", "will", "would", "is", "are", "does", "do", "did", "should", "was", "were", "has", "have",
	"how", "what", "why", "when", "where", "which", "who", "whether", "if", "吗", "嗎", "呢", "吧", "怎么", "怎麼", "如何", "什么", "什麼",
	"为什么", "為什麼", "是否", "能否", "可否", "哪", "か"}

// conditional: the words s[start:end] of sentence sn are asked (a
// question mark, 吗) or made a condition ("if", "如果", "もし" before them;
// "場合", "的话" within 6 letters after them).
func (t statementTables) conditional(s string, sn sentence, start, end int) bool {
	if t.anyMood {
		return false
	}
	if (sn.question || strings.Contains(s[sn.start:sn.end], "吗") || strings.Contains(s[sn.start:sn.end], "嗎")) && !t.statedInQuestion(s, sn, start, end) {
		return true
	}
	if anyIn(t.conditions, s, sn.start, start) {
		return true
	}
	// After: within 6 runes ("失敗する場合", "できなかったら").
	e := end
	for k := 0; k < 6 && e < sn.end; k++ {
		_, w := utf8.DecodeRuneInString(s[e:])
		e += w
	}
	return anyIn(t.after, s, end, e)
}

// negated: a negation stands right before s[start:] ("no", "without any",
// "没有") or right after s[:end] ("なし", "なく").
func (t statementTables) negated(s string, sn sentence, start, end int) bool {
	before := strings.TrimRight(s[sn.start:start], " ")
	words := strings.Fields(before)
	for k := len(words) - 1; k >= 0 && k >= len(words)-2; k-- {
		w := words[k]
		for _, p := range t.negations {
			if p.ascii && w == p.parts[0] {
				return true
			}
			if !p.ascii && strings.HasSuffix(w, p.parts[0]) && k == len(words)-1 {
				return true
			}
		}
	}
	after := strings.TrimLeft(s[end:sn.end], " ")
	for _, p := range t.negations {
		if !p.ascii && !p.cjk && strings.HasPrefix(after, p.parts[0]) {
			return true
		}
		if p.cjk && !p.ascii && strings.HasPrefix(after, p.parts[0]) && isKana(p.parts[0]) {
			return true
		}
	}
	return false
}

// conceded: the failure word at s[at:] of sentence sn is in the first
// clause of its sentence and a concession opens that clause ("even though
// the server connection failed, the script activated Win11"); a
// concession after the main clause is a contrast ("it says activated,
// although Windows still shows not activated"). The normalised text keeps
// no commas, so the clause marks are found in the text n came from.
func (t statementTables) conceded(n normText, sn sentence, at int) bool {
	if len(t.concessions) == 0 || at >= len(n.offs) {
		return false
	}
	// The first clause of the sentence: no clause mark before the failure
	// word.
	for k := at - 1; k >= sn.start; k-- {
		if n.s[k] == ' ' && n.clauseMark(k) {
			return false
		}
	}
	head := strings.TrimLeft(n.s[sn.start:at], " ")
	for _, p := range t.concessions {
		if w := p.parts[0]; strings.HasPrefix(head, w) && (!p.ascii || len(head) == len(w) || !stmtWordByte(head[len(w)])) {
			return true
		}
	}
	return false
}

// enumerates: the sentence names three or more licence states
// (messages.yaml statements: state_names), as a text that lists what the
// states are does ("all good (licensed), or ... (unlicensed - fully
// expired, grace period - in trial, notification - ...)"): it states no
// state of a machine.
func (t statementTables) enumerates(s string, sn sentence) bool {
	n := 0
	for _, p := range t.stateNames {
		if len(p.find(s, sn.start, sn.end)) > 0 {
			n++
		}
	}
	return n >= 3
}

// listItemLineRe is a line of a list or a table: a bullet, a number or a
// table's bar at its start ("- Licensed", "2. Notification", "| 0 |
// Unlicensed |").
var listItemLineRe = regexp.MustCompile(`^[ \t]*(?:[-*•+][ \t]|\d{1,3}[.)][ \t]|\|)`)

// productLineRe is a line that names a product ("- Office: Unlicensed"):
// a list of such lines is a machine's products, each in its state.
var productLineRe = regexp.MustCompile(`(?i)\b(?:windows|office|visio|project|word|excel|outlook|powerpoint|access|publisher|server|esu)\b|微软|視窗|ウィンドウズ`)

// listBlocks are the spans of n.s (start, end) of the runs of consecutive
// list or table lines of text (listItemLineRe) that together name three
// or more licence states and name a product on one line at most: a table
// of a WMI property's values ("| 1 | Licensed |", "| 2 | OOBGrace |", ...)
// or a list of what the states mean lists them, one a line, and states
// none; a list of products, each in its state ("- Office: Unlicensed",
// "- Visio: Notification"), is read.
func (t statementTables) listBlocks(text string, n normText) [][2]int {
	var out [][2]int
	at := func(off int) int { return sort.SearchInts(n.offs, off) } // first byte of n.s from off on
	start, end, products := -1, -1, 0
	flush := func() {
		if start >= 0 && products < 2 {
			if s, e := at(start), at(end); s < e {
				sn := sentence{s, e, false}
				if t.enumerates(n.s, sn) {
					out = append(out, [2]int{s, e})
				}
			}
		}
		start, products = -1, 0
	}
	off := 0
	for l := range strings.SplitSeq(text, "\n") {
		if listItemLineRe.MatchString(l) {
			if start < 0 {
				start = off
			}
			end = off + len(l)
			if productLineRe.MatchString(l) {
				products++
			}
		} else {
			flush()
		}
		off += len(l) + 1
	}
	flush()
	return out
}

// listsStates: the sentence s (any case) names three or more licence
// states (enumerates), for the clause reading of states.go.
func listsStates(s string) bool {
	t := statementTable()
	n := normalize(s)
	return n.s != "" && t.enumerates(n.s, sentence{0, len(n.s), false})
}

// unseen: the failure word that ends at byte end of s is a negation of
// seeing or showing ("I didn't see any ESU-related information", "it
// doesn't show the ESU"): the absence of something shown, no failure of
// activation (messages.yaml statements: perception, the verb right after),
// unless what was not shown is the activation state ("doesn't show as
// activated": namesState).
func (t statementTables) unseen(s string, end, stop int) bool {
	rest := strings.TrimLeft(s[end:stop], " ")
	for _, p := range t.perception {
		if p.ascii && strings.HasPrefix(rest, p.parts[0]) && (len(rest) == len(p.parts[0]) || !stmtWordByte(rest[len(p.parts[0])])) &&
			!namesState(rest[len(p.parts[0]):]) && !serviceUnavailable(p.parts[0], s[max(0, end-50):end]) {
			return true
		}
	}
	return false
}

// serviceWords name what activation needs to reach: "the KMS server isn't
// available" is a failure to contact it, not something not offered.
var serviceWords = []string{"server", "host", "kms", "service", "network", "internet", "connection", "sppsvc", "dns"}

// serviceUnavailable: the perception word w is "available" and the words
// before the negation (before) name a service activation needs.
func serviceUnavailable(w, before string) bool {
	return w == "available" && hasAny(asciiLower(before), serviceWords)
}

// timeOf: the subject at a, before the failure word at f in sentence
// sn, is the time of another failure, not what failed: a time word
// (times: "after", "since") right before it (at most 3 words) or one of
// times_after right after it ("激活后", "ライセンス認証後"), and a clause mark
// or more than two words between it and the failure word ("After
// activating Windows, Office doesn't open", "激活后无法更新系统"); "after
// activation failed" is still a failure of activation.
func (t statementTables) timeOf(n normText, sn sentence, a, f [2]int) bool {
	s := n.s
	marked := false
	if p := timesAfterAt(t.timesAfter, s, a[1], f[0]); p > 0 {
		marked = true
		if p >= f[0] || s[a[1]] >= utf8.RuneSelf {
			return true // the CJK time word ends the subject: "激活后无法…"
		}
	}
	if !marked {
		lo := a[0]
		for k, words := a[0]-1, 0; k >= sn.start; k-- {
			if s[k] == ' ' {
				if words++; words > 3 {
					break
				}
			}
			lo = k
		}
		marked = anyIn(t.times, s, lo, a[0])
	}
	if !marked {
		return false
	}
	for k := a[1]; k < f[0]; k++ {
		if s[k] == ' ' && n.clauseMark(k) {
			return true
		}
	}
	return len(strings.Fields(s[a[1]:f[0]])) > 2
}

// timesAfterAt: one of ws starts right at byte i of s (before to): the
// end of it, or 0.
func timesAfterAt(ws []stPhrase, s string, i, to int) int {
	for _, w := range ws {
		p := w.parts[0]
		if i+len(p) <= to && strings.HasPrefix(s[i:], p) {
			return i + len(p)
		}
	}
	return 0
}

// clauseMark: the space at byte k of n.s stands for a clause mark of the
// text (a comma, a colon, a full-width comma or 、), which normalize
// turns into a space.
func (n normText) clauseMark(k int) bool {
	if n.src == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(n.src[n.offs[k]:])
	return strings.ContainsRune(",，、:：", r)
}

func isKana(s string) bool {
	for _, r := range s {
		if !unicode.In(r, unicode.Hiragana, unicode.Katakana) {
			return false
		}
	}
	return s != ""
}

// Gap limits between a subject and a failure word: bytes of English, runes
// when either is CJK.
const (
	maxPairBytes = 40
	maxPairRunes = 12
)

// failureSpans finds the failure statements of the normalised text, in
// order of their start (offsets of n.s).
func (t statementTables) failureSpans(n normText) [][2]int {
	var out [][2]int
	s := n.s
	prevSubject := false
	for _, sn := range n.sentences() {
		hadSubject := prevSubject
		prevSubject = anyIn(t.subjects, s, sn.start, sn.end)
		if t.speaksToReader(s, sn) {
			continue // a how-to's sentence or a page's title
		}
		if t.enumerates(s, sn) {
			continue // a list of the states, no failure of a machine
		}
		if !prevSubject && hadSubject && !sn.question {
			// "It fails every time.": a pronoun right before a failure
			// word, after a sentence naming the subject.
			for _, p := range t.failures {
				for _, m := range p.find(s, sn.start, sn.end) {
					if t.negated(s, sn, m[0], m[1]) || t.conditional(s, sn, m[0], m[1]) {
						continue
					}
					lo := max(sn.start, m[0]-12)
					for _, q := range t.pronouns {
						if ps := q.find(s, lo, m[0]); len(ps) > 0 {
							out = append(out, [2]int{ps[0][0], m[1]})
						}
					}
				}
			}
		}
		for _, p := range t.states {
			for _, m := range p.find(s, sn.start, sn.end) {
				if !t.conditional(s, sn, m[0], m[1]) && !t.negated(s, sn, m[0], m[1]) && !t.conceded(n, sn, m[0]) {
					out = append(out, m)
				}
			}
		}
		var subj, fail [][2]int
		var subjCJK, failCJK []bool
		for _, p := range t.subjects {
			for _, m := range p.find(s, sn.start, sn.end) {
				subj = append(subj, m)
				subjCJK = append(subjCJK, p.cjk)
			}
		}
		if len(subj) == 0 {
			continue
		}
		for _, p := range t.failures {
			for _, m := range p.find(s, sn.start, sn.end) {
				if t.negated(s, sn, m[0], m[1]) || t.unseen(s, m[1], sn.end) {
					continue
				}
				fail = append(fail, m)
				failCJK = append(failCJK, p.cjk)
			}
		}
		for i, a := range subj {
			for j, f := range fail {
				lo, hi := min(a[0], f[0]), max(a[1], f[1])
				var gap string
				if a[1] <= f[0] {
					gap = s[a[1]:f[0]]
					if t.timeOf(n, sn, a, f) {
						continue // "after I activated Windows my mouse doesn't work": the subject is when
					}
				} else if f[1] <= a[0] {
					gap = s[f[1]:a[0]]
					if anyIn(t.times, s, f[1], a[0]) {
						continue // "problem after activation": the subject is when
					}
				} else {
					continue // overlapping: "unable" in "unactivat..." never, but be safe
				}
				if subjCJK[i] || failCJK[j] {
					if utf8.RuneCountInString(strings.ReplaceAll(gap, " ", "")) > maxPairRunes {
						continue
					}
				} else if len(gap) > maxPairBytes {
					continue
				}
				if t.conditional(s, sn, lo, hi) || t.conceded(n, sn, f[0]) {
					continue
				}
				if t.actionAfter(s, sn, f[1]) && (a[1] <= f[0] || wordsIn(s[f[1]:a[0]]) > 3) {
					// "I can't update the insider version ... due to the
					// activation key", "hwid installation ... now I can't
					// update": the failure is another action's.
					continue
				}
				out = append(out, [2]int{lo, hi})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// actionAfter: the words of sentence sn right after byte end (a failure
// word's end) begin another action than activation (messages.yaml
// "statements: actions": "can't update", "failed to boot", "unable to log
// in"), past "to", "be", "even" or "get".
func (t statementTables) actionAfter(s string, sn sentence, end int) bool {
	rest := s[end:sn.end]
	for {
		r := strings.TrimLeft(rest, " ")
		cut := false
		for _, w := range []string{"to ", "be ", "even ", "get "} {
			if strings.HasPrefix(r, w) {
				rest, cut = r[len(w):], true
			}
		}
		if !cut {
			rest = r
			break
		}
	}
	for _, p := range t.actions {
		if m := p.find(rest, 0, len(rest)); len(m) > 0 && m[0][0] == 0 {
			return true
		}
	}
	return false
}

// otherActionClause: a clause (lowered) after a success says what failed
// of another action or component, not of activation, and names no word of
// activation itself: a failure or negation word followed by an action
// (statements: actions, "can't synchronize the time", "无法更新"), a
// component named (Windows Update, an installer: namesOther), or, in
// Chinese and Japanese, an action named anywhere in it ("但是Windows更新一直
// 失败"). "Windows is activated, but Windows Update fails with 0x80070643"
// undoes nothing.
func otherActionClause(clause string) bool {
	if hasAny(clause, activationWords) {
		return false
	}
	if namesOther(clause) {
		return true
	}
	t := statementTable()
	for _, p := range t.actions {
		if p.ascii {
			continue
		}
		if len(p.find(clause, 0, len(clause))) > 0 {
			return true
		}
	}
	words := slices.Concat(messageTable().undone, messageTable().clauses.negations)
	for _, w := range words {
		for from := 0; from < len(clause); {
			i := strings.Index(clause[from:], w)
			if i < 0 {
				break
			}
			i += from
			from = i + len(w)
			if w[0] < utf8.RuneSelf && (!startsWord(clause, i) || !endsWord(clause, i+len(w))) {
				continue
			}
			if t.actionAfter(clause, sentence{0, len(clause), false}, i+len(w)) {
				return true
			}
		}
	}
	return false
}

// speaksToReader: sentence sn begins (past a list's number or bullet) with
// a phrase of messages.yaml "statements: howto" ("You can ...", "To
// troubleshoot ...", "Troubleshoot ...").
func (t statementTables) speaksToReader(s string, sn sentence) bool {
	from := sn.start
	for from < sn.end && (s[from] == ' ' || s[from] >= '0' && s[from] <= '9') {
		from++
	}
	for _, p := range t.howto {
		if m := p.find(s, from, sn.end); len(m) > 0 && m[0][0] == from {
			return true
		}
	}
	return false
}

// wordsIn counts the words of s.
func wordsIn(s string) int { return len(strings.Fields(s)) }

// FailureStatement finds the first failure of Windows or Office
// activation that text states in words (see the comment at the top of
// this file and messages.yaml "statements"), and the phrases of the
// "failure" list of messages.yaml (StatesFailure) when not asked or made a
// condition. It finds nothing in a text not about Windows or Office
// activation (AboutActivation).
func FailureStatement(text string) (Statement, bool) { return failureStatement(text, false) }

// FailureStatementAbout is FailureStatement for a text known to be about
// Windows or Office activation whatever its words name: the words pasted
// around a KMS server's log ("get this log and system not activeted").
func FailureStatementAbout(text string) (Statement, bool) { return failureStatement(text, true) }

func failureStatement(text string, about bool) (Statement, bool) {
	t := statementTable()
	if !t.mayState(text) {
		return Statement{}, false
	}
	n := normalize(text)
	if n.s == "" {
		return Statement{}, false
	}
	t = t.view(n)
	sp := t.failureSpans(n)
	if !about && !t.about(n) {
		// A text that says nothing but that activation failed ("Activation
		// failed", "一直激活失败": a ticket's title alone) is about
		// kmsdoctor's activation unless it names another product's
		// licensing.
		if len(sp) == 0 || t.otherLicensing(n) || !bare(n.s, sp[0]) && !bareTitle(text, n, sp[0]) {
			return Statement{}, false
		}
	}
	best := Statement{Start: -1}
	if len(sp) > 0 {
		best.Start, best.End = n.span(text, sp[0][0], sp[0][1])
	}
	if start, end, ok := StatesFailure(text); ok && (best.Start < 0 || start < best.Start) {
		// The list's phrase, unless its sentence asks or makes it a
		// condition.
		if i := sort.SearchInts(n.offs, start); i < len(n.offs) {
			asked := false
			for _, sn := range n.sentences() {
				if sn.start <= i && i < sn.end {
					asked = t.conditional(n.s, sn, i, i+1) || t.speaksToReader(n.s, sn)
				}
			}
			if !asked {
				best.Start, best.End = start, end
			}
		}
	}
	return best, best.Start >= 0
}

// LastFailureAt is the byte offset in text of the last failure statement
// FailureStatement would find (FailureStatementAbout when about), -1 when
// none: the order of a ticket's events is read from it ("a permanent
// watermark appears ... the script said windows is already permanently
// activated ... So after 3h 10m, the watermark comes": the failure after
// the claim is the later state).
func LastFailureAt(text string, about bool) int {
	first, ok := failureStatement(text, about)
	if !ok {
		return -1
	}
	last := first.Start
	n := normalize(text)
	t := statementTable().view(n)
	if sp := t.failureSpans(n); len(sp) > 0 {
		if start, _ := n.span(text, sp[len(sp)-1][0], sp[len(sp)-1][1]); start > last {
			last = start
		}
	}
	return last
}

// ClockCause finds the first sentence of text that names the clock as
// the cause of a failure (messages.yaml "statements: clock": the time or
// the clock wrong, off or not synchronised, the time zone changed), not
// asked, made a condition or negated, in a text about Windows or Office
// activation (AboutActivation with a word of activation, or one that shows
// a licensing code and names no other product's licensing).
func ClockCause(text string) (Statement, bool) {
	t := statementTable()
	if len(text) > MaxMessageScan {
		text = text[:MaxMessageScan]
	}
	n := normalize(text)
	if n.s == "" {
		return Statement{}, false
	}
	t = t.view(n)
	// Windows named without a word of activation is another component's
	// clock ("my parallels Windows VM … when I tried to check for updates …
	// my clock had reset"): an update's or a sign-in's failure.
	saysActivation := anyIn(t.activation(), n.s, 0, len(n.s)) || anyIn(t.strong, n.s, 0, len(n.s))
	if !(t.about(n) && saysActivation) && (!LicensingContext(text) || t.otherLicensing(n)) {
		return Statement{}, false // activation or a licensing code, not another product's licence
	}
	for _, sn := range n.sentences() {
		for _, p := range t.clock {
			for _, m := range p.find(n.s, sn.start, sn.end) {
				if t.conditional(n.s, sn, m[0], m[1]) || t.negated(n.s, sn, m[0], m[1]) {
					continue
				}
				st := Statement{}
				st.Start, st.End = n.span(text, m[0], m[1])
				return st, true
			}
		}
	}
	return Statement{}, false
}

// bare: s holds little but the statement at sp: at most 12 ASCII letters
// or digits, or 4 other letters, outside it.
func bare(s string, sp [2]int) bool {
	ascii, other := 0, 0
	for _, r := range s[:sp[0]] + s[sp[1]:] {
		switch {
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			ascii++
		case r >= utf8.RuneSelf:
			other++
		}
	}
	return ascii <= 12 && other <= 4
}

// bareTitle: the statement at sp is the first line of s, a title, and
// holds little else (bare): "Activation failed" above a description that
// names no product ("Already tried everything from licesing servers
// issue").
func bareTitle(text string, n normText, sp [2]int) bool {
	end := strings.IndexByte(n.s, '\n')
	if end < 0 || sp[1] > end || text[n.offs[end]] != '\n' {
		return false // no line of its own: "。" and ". " end sentences, not titles
	}
	return bare(n.s[:end], sp)
}

// LicenceStates finds the licence states text states in words (messages.yaml
// "licence_states"): the first of each state, in order of the text. It
// finds nothing in a text not about Windows or Office activation.
func LicenceStates(text string) []Statement {
	t := statementTable()
	if !t.mayState(text) {
		return nil
	}
	n := normalize(text)
	t = t.view(n)
	if n.s == "" || !t.about(n) {
		return nil
	}
	var out []Statement
	sentences := n.sentences()
	listed := make([]bool, len(sentences))
	var blocks [][2]int // lists and tables of the states (listBlocks), once needed
	if strings.ContainsAny(text, "-*•+|0123456789") {
		blocks = t.listBlocks(text, n)
	}
	for i, sn := range sentences {
		listed[i] = t.enumerates(n.s, sn)
		for _, b := range blocks {
			listed[i] = listed[i] || sn.start >= b[0] && sn.end <= b[1]
		}
	}
	for _, state := range licenceStates {
		first := [2]int{-1, -1}
		for i, sn := range sentences {
			if listed[i] {
				continue // a list of the states, no state of a machine
			}
			for _, p := range t.licence[state] {
				for _, m := range p.find(n.s, sn.start, sn.end) {
					if t.conditional(n.s, sn, m[0], m[1]) || t.negated(n.s, sn, m[0], m[1]) {
						continue
					}
					if first[0] < 0 || m[0] < first[0] {
						first = m
					}
				}
			}
			if first[0] >= 0 {
				break
			}
		}
		if first[0] >= 0 {
			s, e := n.span(text, first[0], first[1])
			out = append(out, Statement{Start: s, End: e, State: state})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// FindLooseCodes finds the codes of line written without "0x": eight hex
// digits ("C004F074", "c004f074"), a signed decimal as scripts and events
// print an HRESULT ("-1073418124") or the unsigned one ("3221549172"). Such
// a number is a code only when it is a licensing code (LicensingCode) or
// one the knowledge base holds: a hash, a GUID's part or another number is
// not. FindCodes reads the "0x" forms.
func FindLooseCodes(line string) []uint32 {
	if !strings.ContainsAny(line, "0123456789") {
		return nil
	}
	var out []uint32
	add := func(v uint32) {
		if _, known := Lookup(v); (known || LicensingCode(v)) && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	t := NormalizeText(line)
	for i := 0; i < len(t); {
		if !isWordByte(t[i]) && t[i] != '-' {
			i++
			continue
		}
		j := i
		if t[j] == '-' {
			j++
		}
		k := j
		for k < len(t) && isWordByte(t[k]) {
			k++
		}
		tok := t[j:k]
		neg := j > i
		before := byte(' ')
		if i > 0 {
			before = t[i-1]
		}
		after := byte(' ')
		if k < len(t) {
			after = t[k]
		}
		// Not inside a GUID, a path, a version or a longer token.
		free := before != '-' && before != '.' && before != '{' && after != '-' && !(after == '.' && k+1 < len(t) && isWordByte(t[k+1])) &&
			!isWordByte(before)
		switch {
		case !free || tok == "":
		case neg && len(tok) == 10 && allDigits(tok):
			if n, err := strconv.ParseInt("-"+tok, 10, 64); err == nil && n >= -(1<<31) {
				add(uint32(int32(n)))
			}
		case !neg && len(tok) == 10 && allDigits(tok):
			if n, err := strconv.ParseUint(tok, 10, 64); err == nil && n >= 1<<31 && n < 1<<32 {
				add(uint32(n))
			}
		case !neg && len(tok) == 8 && allHex(tok) && (tok[0] == '8' || tok[0] == 'c' || tok[0] == 'C'):
			if n, err := strconv.ParseUint(tok, 16, 32); err == nil {
				add(uint32(n))
			}
		}
		if k == i {
			k++
		}
		i = k
	}
	return out
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func allHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return s != ""
}

// PersistingFailure finds the last failure or licence state that text
// states as still there: a word of the clauses section's persisting
// ("still", "remains", "仍然", "一直", "まだ", "immer noch") in its clause
// before it ("this product is still
// unlicensed", "Office程式標題仍然提示產品未經授權"). It returns the byte
// offset of the end of that statement in text. A success after it
// resolves it only as a change (Resolves).
func PersistingFailure(text string) (int, bool) {
	t := statementTable()
	if !t.mayState(text) {
		return 0, false
	}
	n := normalize(text)
	if n.s == "" {
		return 0, false
	}
	t = t.view(n)
	if !t.about(n) {
		return 0, false
	}
	persist := messageTable().clauses.persisting
	var spans [][2]int
	for _, sp := range t.failureSpans(n) {
		spans = append(spans, sp)
	}
	for _, sn := range n.sentences() {
		for _, state := range licenceStates {
			for _, p := range t.licence[state] {
				for _, m := range p.find(n.s, sn.start, sn.end) {
					if !t.conditional(n.s, sn, m[0], m[1]) && !t.negated(n.s, sn, m[0], m[1]) {
						spans = append(spans, m)
					}
				}
			}
		}
	}
	last := -1
	for _, sp := range spans {
		sn := sentence{start: 0, end: len(n.s)}
		for _, x := range n.sentences() {
			if x.start <= sp[0] && sp[0] < x.end {
				sn = x
			}
		}
		lo := sn.start
		for k := sp[0] - 1; k >= sn.start; k-- {
			if n.s[k] == ' ' && n.clauseMark(k) {
				lo = k + 1
				break
			}
		}
		clause := n.s[lo:sp[0]]
		held := false
		for _, w := range persist {
			if (w[0] >= utf8.RuneSelf && strings.Contains(clause, w)) || (w[0] < utf8.RuneSelf && hasWord(clause, w)) {
				held = true
			}
		}
		if held {
			_, e := n.span(text, sp[0], sp[1])
			last = max(last, e)
		}
	}
	return last, last >= 0
}

// concessionWords are the phrases of statements: concessions, lowered
// ("even though", "虽然").
func concessionWords() []string {
	var out []string
	for _, p := range statementTable().concessions {
		out = append(out, strings.Join(p.parts, " "))
	}
	return out
}

// failsAsked reports whether text states, asks about or supposes a
// failure of activation: the reading of FailureStatement with questions
// and conditions included ("Why does my activation keep failing?"), so
// that a question whose premise is a failure presupposes no activation.
func failsAsked(text string) bool {
	t := statementTable()
	if !t.mayState(text) {
		return false
	}
	n := normalize(text)
	if n.s == "" {
		return false
	}
	t = t.view(n)
	t.anyMood = true
	return len(t.failureSpans(n)) > 0
}
