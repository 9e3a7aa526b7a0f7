package knowledge

import (
	"fmt"
	"iter"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The clause-level reading of a success stated in words. The fixed texts
// of messages.yaml's success section are what tools print and a few
// users' words for them; what users write is open-ended ("I tested, it
// works", "After updating the windows it activated", "no problem
// activating", "激活后就提示剩余180 天了", "ライセンス認証が完了したとの通知").
// The clauses section holds the predicates of such a success and the
// words that say how a clause holds it: denied, a question, a condition, a
// past state, or undone by a clause after it that denies or fails. The
// reading works on clauses: a text is cut into sentences, and sentences
// into clauses at commas and at contrast and joining words, so that a
// negation in one clause ("kms38 does not work and is still activated")
// does not deny the next, and a failure after a contrast ("显示激活成功，但是
// windows没有被激活") undoes the success before it.

// clausePattern is a compiled predicate of the clauses section.
type clausePattern struct {
	re   *regexp.Regexp
	lang string
	// pred is the predicate, lowered, when it has a gap ("…"): a negation
	// in the words the gap stands for, that the predicate itself does not
	// have, denies it ("activation not successful", "activation is not
	// working", "激活不了半年").
	pred string
	// count: the predicate is a time left ("remaining period #", "剩余#天"),
	// a state an attempt leaves whatever its result (Success.Remaining).
	count bool
}

// clauseTables are the compiled clauses section, the word lists of all
// languages merged (their letters do not collide).
type clauseTables struct {
	success                                                                                                     []clausePattern
	topics, past, conditions, modalConds, modals, contrasts, joins, negations, subjects, persist, narrated, why []string
	attempts, ellipsis, deniedStates, genuine                                                                   []string
	// verbs, qualifiers, intents: an activation verb and, later in its
	// sentence, words that say it went well (qualified).
	verbs, qualifiers, intents []string
	generic                    []string // a generic subject before the verb (qualified)
	temporal                   []string // a subordinator of time after a modal (modalFrame)
	anchors                    []string // a literal of every predicate, for a cheap first test
	// reply: the predicates read only in a reply alone (replyAlone), and
	// the words the sentence of one may have before it.
	reply               []clausePattern
	replyWords, replyNo []string
	// resolved, concessive, subordinate, asks: see messages.yaml.
	resolved, concessive, subordinate, asks, persisting, reporters, reportVerbs, retractions, scopes []string
	// presupposed: the phrases that take an activation for granted
	// (Presupposed), and the words that keep one from doing so.
	presupposed                     []clausePattern
	presupposedNot, presupposedVoid []string
	presupAnchors                   []string // a literal of every presupposed phrase
}

type clausesLang struct {
	Success    []string `yaml:"success"`
	Topics     []string `yaml:"topics"`
	Past       []string `yaml:"past"`
	Conditions []string `yaml:"conditions"`
	ModalConds []string `yaml:"modal_conditions"`
	Modals     []string `yaml:"modals"`
	Contrasts  []string `yaml:"contrasts"`
	Joins      []string `yaml:"joins"`
	Negations  []string `yaml:"negations"`
	Subjects   []string `yaml:"subjects"`
	Persist    []string `yaml:"persist"`
	Narrated   []string `yaml:"narrated"`
	Why        []string `yaml:"why"`

	Reply           []string `yaml:"reply"`
	ReplyWords      []string `yaml:"reply_words"`
	ReplyNot        []string `yaml:"reply_not"`
	Resolved        []string `yaml:"resolved"`
	Persisting      []string `yaml:"persisting"`
	Reporters       []string `yaml:"reporters"`
	Retractions     []string `yaml:"retractions"`
	Scopes          []string `yaml:"scopes"`
	ReportVerbs     []string `yaml:"report_verbs"`
	Concessive      []string `yaml:"concessive"`
	Subordinate     []string `yaml:"subordinate"`
	Asks            []string `yaml:"asks"`
	Presupposed     []string `yaml:"presupposed"`
	PresupposedNot  []string `yaml:"presupposed_not"`
	PresupposedVoid []string `yaml:"presupposed_void"`
	Attempts        []string `yaml:"attempts"`
	Ellipsis        []string `yaml:"ellipsis"`
	Denied          []string `yaml:"denied_states"`
	Genuine         []string `yaml:"genuine"`
	Verbs           []string `yaml:"verbs"`
	Qualifiers      []string `yaml:"qualifiers"`
	Intents         []string `yaml:"intents"`
	Generic         []string `yaml:"generic"`
	Temporal        []string `yaml:"temporal"`
}

// maxWordGap and maxRuneGap are what "…" stands for in a predicate: up to
// 4 words of ASCII text, 12 letters of other text.
const (
	maxWordGap = 4
	maxRuneGap = 12
)

// sep is what may stand between two words of a predicate: anything but a
// letter, a digit or the end of a sentence.
const sep = `[^\p{L}\p{N}.!?;。！？；\n]+`

func compileClauses(section map[string]clausesLang) (clauseTables, error) {
	var t clauseTables
	langs := make([]string, 0, len(section))
	for lang := range section {
		if !slices.Contains(successLangs, lang) {
			return t, fmt.Errorf("messages.yaml: clauses: unknown language %q", lang)
		}
		langs = append(langs, lang)
	}
	slices.Sort(langs)
	low := func(ws []string) []string {
		out := make([]string, 0, len(ws))
		for _, w := range ws {
			if w = asciiLower(strings.Join(strings.Fields(w), " ")); w != "" {
				out = append(out, w)
			}
		}
		return out
	}
	for _, lang := range langs {
		c := section[lang]
		for _, p := range c.Success {
			re, anchor, err := compilePredicate(p)
			if err != nil {
				return t, fmt.Errorf("messages.yaml: clauses: %s: %q: %w", lang, p, err)
			}
			cp := clausePattern{re: re, lang: lang, count: strings.Contains(p, "#")}
			if strings.Contains(p, "…") {
				cp.pred = asciiLower(p)
			}
			t.success = append(t.success, cp)
			t.anchors = append(t.anchors, anchor)
		}
		for _, list := range []struct {
			ps     []string
			dst    *[]clausePattern
			anchor bool
		}{{c.Reply, &t.reply, true}, {c.Presupposed, &t.presupposed, false}} {
			presup := list.dst == &t.presupposed
			for _, p := range list.ps {
				re, anchor, err := compilePredicate(p)
				if err == nil {
					// Letters beyond ASCII in either case ("После активации",
					// "Работает"); asciiLower lowers ASCII only.
					re, err = regexp.Compile("(?i)" + re.String())
				}
				if err != nil {
					return t, fmt.Errorf("messages.yaml: clauses: %s: %q: %w", lang, p, err)
				}
				*list.dst = append(*list.dst, clausePattern{re: re, lang: lang})
				if list.anchor {
					t.anchors = append(t.anchors, anchor)
				}
				if presup {
					t.presupAnchors = append(t.presupAnchors, anchor)
				}
			}
		}
		t.replyWords = append(t.replyWords, low(c.ReplyWords)...)
		t.replyNo = append(t.replyNo, low(c.ReplyNot)...)
		t.resolved = append(t.resolved, low(c.Resolved)...)
		t.persisting = append(t.persisting, low(c.Persisting)...)
		t.reporters = append(t.reporters, low(c.Reporters)...)
		t.retractions = append(t.retractions, low(c.Retractions)...)
		t.scopes = append(t.scopes, low(c.Scopes)...)
		t.reportVerbs = append(t.reportVerbs, low(c.ReportVerbs)...)
		t.concessive = append(t.concessive, low(c.Concessive)...)
		t.subordinate = append(t.subordinate, low(c.Subordinate)...)
		t.asks = append(t.asks, low(c.Asks)...)
		t.presupposedNot = append(t.presupposedNot, low(c.PresupposedNot)...)
		t.presupposedVoid = append(t.presupposedVoid, low(c.PresupposedVoid)...)
		t.topics = append(t.topics, low(c.Topics)...)
		t.past = append(t.past, low(c.Past)...)
		t.conditions = append(t.conditions, low(c.Conditions)...)
		t.modalConds = append(t.modalConds, low(c.ModalConds)...)
		t.modals = append(t.modals, low(c.Modals)...)
		t.contrasts = append(t.contrasts, low(c.Contrasts)...)
		t.joins = append(t.joins, low(c.Joins)...)
		t.negations = append(t.negations, low(c.Negations)...)
		t.subjects = append(t.subjects, low(c.Subjects)...)
		t.persist = append(t.persist, low(c.Persist)...)
		t.narrated = append(t.narrated, low(c.Narrated)...)
		t.why = append(t.why, low(c.Why)...)
		t.attempts = append(t.attempts, low(c.Attempts)...)
		t.ellipsis = append(t.ellipsis, low(c.Ellipsis)...)
		t.anchors = append(t.anchors, low(c.Ellipsis)...)
		t.deniedStates = append(t.deniedStates, low(c.Denied)...)
		t.genuine = append(t.genuine, low(c.Genuine)...)
		t.verbs = append(t.verbs, low(c.Verbs)...)
		t.qualifiers = append(t.qualifiers, low(c.Qualifiers)...)
		t.anchors = append(t.anchors, low(c.Verbs)...)
		t.intents = append(t.intents, low(c.Intents)...)
		t.generic = append(t.generic, low(c.Generic)...)
		t.temporal = append(t.temporal, low(c.Temporal)...)
	}
	return t, nil
}

// compilePredicate turns a predicate ("activation … working", "剩余#天")
// into a regular expression on text lowered by asciiLower, and returns
// its longest literal piece.
func compilePredicate(p string) (*regexp.Regexp, string, error) {
	p = asciiLower(strings.Join(strings.Fields(p), " "))
	if p == "" {
		return nil, "", fmt.Errorf("empty predicate")
	}
	var b strings.Builder
	anchor := ""
	parts := strings.Split(p, "…")
	for i, part := range parts {
		part = strings.TrimSpace(part)
		if part == "" {
			return nil, "", fmt.Errorf("empty part")
		}
		if i > 0 {
			if isASCIIWord(lastRune(parts[i-1])) && isASCIIWord(firstRune(part)) {
				fmt.Fprintf(&b, `%s(?:[\p{L}\p{N}'’]+%s){0,%d}`, sep, sep, maxWordGap)
			} else {
				fmt.Fprintf(&b, `[^.!?;。！？；\n]{0,%d}?`, maxRuneGap)
			}
		}
		if isASCIIWord(firstRune(part)) {
			b.WriteString(`\b`)
		}
		var lit strings.Builder
		flush := func() {
			if lit.Len() > len(anchor) {
				anchor = lit.String()
			}
			lit.Reset()
		}
		rs := []rune(part)
		for j, r := range rs {
			switch {
			case r == '#':
				flush()
				b.WriteString(`[^\p{L}\p{N}\n]{0,3}[1-9][0-9]*\s*`)
			case r == ' ':
				flush()
				if j > 0 && j+1 < len(rs) && (isASCIIWord(rs[j-1]) || rs[j-1] == '\'') && isASCIIWord(rs[j+1]) {
					b.WriteString(sep)
				} else {
					b.WriteString(`\s*`)
				}
			case r == '\'':
				flush()
				b.WriteString(`['’]`)
			default:
				lit.WriteRune(r)
				b.WriteString(regexp.QuoteMeta(string(r)))
			}
		}
		flush()
		if isASCIIWord(lastRune(part)) {
			b.WriteString(`\b`)
		}
	}
	re, err := regexp.Compile(b.String())
	return re, anchor, err
}

func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(strings.TrimSpace(s)); return r }
func lastRune(s string) rune  { r, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(s)); return r }

func isASCIIWord(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// ASCIILower lowers ASCII letters only, so that byte offsets stay those of
// the text (strings.ToLower changes them: an invalid byte becomes U+FFFD).
func ASCIILower(s string) string { return asciiLower(s) }

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// hasWord: w is in s (both lowered), as a whole word when w is ASCII;
// "n't" is the end of a word ("didn't", "isn’t").
func hasWord(s, w string) bool {
	if w == "" {
		return false
	}
	if w[0] >= utf8.RuneSelf {
		return strings.Contains(s, w)
	}
	if w == "n't" {
		return strings.Contains(s, "n't") || strings.Contains(s, "n’t")
	}
	for from := 0; ; {
		i := strings.Index(s[from:], w)
		if i < 0 {
			return false
		}
		i += from
		j := i + len(w)
		if startsWord(s, i) && endsWord(s, j) {
			return true
		}
		from = i + 1
	}
}

func wordByte(c byte) bool {
	return ('a' <= c && c <= 'z') || ('0' <= c && c <= '9') || ('A' <= c && c <= 'Z')
}

// startsWord: a word may start at byte i of s (an apostrophe inside a
// word, "it's", does not end the one before it).
func startsWord(s string, i int) bool {
	if i == 0 {
		return true
	}
	if wordByte(s[i-1]) {
		return false
	}
	return !(s[i-1] == '\'' && i >= 2 && wordByte(s[i-2]))
}

// endsWord: a word may end before byte j of s.
func endsWord(s string, j int) bool {
	if j == len(s) {
		return true
	}
	if wordByte(s[j]) {
		return false
	}
	return !(s[j] == '\'' && j+1 < len(s) && wordByte(s[j+1]))
}

func hasAny(s string, ws []string) bool {
	for _, w := range ws {
		if hasWord(s, w) {
			return true
		}
	}
	return false
}

// lastWordEnd is the end of the last of ws in s (as hasWord finds them),
// or -1.
func lastWordEnd(s string, ws []string) int {
	best := -1
	for _, w := range ws {
		for i := range wordMatches(s, w) {
			best = max(best, i+len(w))
		}
	}
	return best
}

// wordMatches yields the offsets where w stands in s as a word (a word
// that starts with a non-ASCII byte, of a script written without spaces,
// stands anywhere).
func wordMatches(s, w string) iter.Seq[int] {
	return func(yield func(int) bool) {
		for from := 0; from < len(s); {
			i := strings.Index(s[from:], w)
			if i < 0 {
				return
			}
			i += from
			from = i + 1
			if (w[0] >= utf8.RuneSelf || startsWord(s, i) && endsWord(s, i+len(w))) && !yield(i) {
				return
			}
		}
	}
}

// sentenceEnd: the byte at i of s ends a sentence. A full stop ends one
// only before a space, a line end or the end ("slmgr.vbs", "v24.6.2" do
// not).
func sentenceEnd(s string, i int) bool {
	switch s[i] {
	case '!', '?':
		// "(all maybe?)": a parenthesis' own mark ends no sentence.
		return i+1 == len(s) || s[i+1] != ')'
	case ';', '\n':
		return true
	case '.':
		return i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\r' || s[i+1] == '\n' || s[i+1] == '\t' || s[i+1] == '"' || s[i+1] == ')'
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r == '。' || r == '！' || r == '？' || r == '；'
}

// clausePunct are the runes that end a clause within a sentence.
const clausePunct = ",，、:：()（）“”\"「」【】"

// sentenceStart is the start of the sentence of byte i.
func sentenceStart(s string, i int) int {
	for j := i - 1; j >= 0; j-- {
		if s[j] < utf8.RuneSelf || utf8.RuneStart(s[j]) {
			if sentenceEnd(s, j) {
				_, n := utf8.DecodeRuneInString(s[j:])
				return j + n
			}
		}
	}
	return 0
}

// sentenceStop is the end of the sentence of byte i (the byte after its
// last one, before its end mark).
func sentenceStop(s string, i int) int {
	for j := i; j < len(s); j++ {
		if (s[j] < utf8.RuneSelf || utf8.RuneStart(s[j])) && sentenceEnd(s, j) {
			return j
		}
	}
	return len(s)
}

// clauseStart is the start of the clause of byte i of lowered text s: after
// the sentence's start, the last clause mark, and the last contrast or
// joining word before i.
func clauseStart(s string, i int, t clauseTables) int {
	cs := sentenceStart(s, i)
	if j := strings.LastIndexAny(s[cs:i], clausePunct); j >= 0 {
		_, n := utf8.DecodeRuneInString(s[cs+j:])
		cs += j + n
	}
	if j := lastWordEnd(s[cs:i], append(slices.Clip(t.contrasts), t.joins...)); j >= 0 {
		cs += j
	}
	return cs
}

// clauseStop is the end of the clause of byte j of lowered text s.
func clauseStop(s string, j int, t clauseTables) int {
	ce := sentenceStop(s, j)
	if k := strings.IndexAny(s[j:ce], clausePunct); k >= 0 {
		ce = j + k
	}
	words := append(slices.Clip(t.contrasts), t.joins...)
	for _, w := range words {
		for from := j; from < ce; {
			k := strings.Index(s[from:ce], w)
			if k < 0 {
				break
			}
			k += from
			if w[0] >= utf8.RuneSelf || (startsWord(s, k) && endsWord(s, k+len(w))) {
				ce = k
				break
			}
			from = k + 1
		}
	}
	return ce
}

// notHeld: the success at [start, end) of lowered text s is hypothetical
// or a past state: its sentence starts with a condition ("If it says
// activated, ..."), its clause has a past marker ("2 months ago", "当初"),
// its clause or its sentence before it has a condition and no past verb
// tells what happened, or a modal before it has a condition after it in
// the sentence ("can be successfully activated when ...").
func notHeld(s string, start, end int, t clauseTables) bool {
	ss := sentenceStart(s, start)
	lead := strings.TrimLeftFunc(s[ss:start], func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) })
	for _, w := range t.conditions {
		if strings.HasPrefix(lead, w) && (w[0] >= utf8.RuneSelf || endsWord(lead, len(w))) {
			return true
		}
	}
	cs, ce := clauseStart(s, start, t), clauseStop(s, end, t)
	clause := s[cs:ce]
	if hasAny(clause, t.past) {
		return true
	}
	// A condition in the clause or earlier in the sentence makes the
	// success its consequence ("認証が完了すると、画面に「…ライセンス認証済みで
	// す」と表示されます", "once you activate, you will see ..."), unless the
	// sentence tells what happened (a past verb from the success on:
	// "再起動したらライセンス認証されていました"). A condition before a contrast
	// is the earlier clause's ("not sure if this is correct but I can now
	// activate Office 2021").
	before := s[ss:cs]
	if j := lastWordEnd(before, t.contrasts); j >= 0 {
		before = before[j:]
	}
	// A past verb before it since the last comma tells what happened too,
	// after a condition of an earlier clause ("if someone have money
	// better buy ..., got my key ... activated without any problem").
	own := s[ss:start]
	if k := strings.LastIndexAny(own, ",，;；"); k >= 0 {
		own = own[k:]
	}
	if (hasAny(clause, t.conditions) || hasAny(before, t.conditions)) && !hasAny(s[start:sentenceStop(s, end)], t.narrated) &&
		(hasAny(clause, t.conditions) || !hasAny(own, t.narrated)) {
		return true
	}
	if modalFrame(s[ss:start], t) {
		return true
	}
	if hasAny(s[cs:start], t.modals) || hasAny(s[start:end], t.modals) {
		if rest := s[end:sentenceStop(s, end)]; hasAny(rest, t.modalConds) || hasAny(rest, t.conditions) {
			return true
		}
	}
	return false
}

// modalFrame: the words of a success's sentence before it (lowered) put
// it in a general frame, a modal's: a subordinator of time after the modal
// ("You might need to restart the application after Office is
// activated", "you can run it once Windows is activated"), or a generic
// subject before the modal ("The user can see that Windows is activated",
// "a client can …"). What a page says one may or must do around an
// activation is no machine's state; "I can see that Windows is activated"
// is.
func modalFrame(before string, t clauseTables) bool {
	m := -1 // the end of the first modal
	for _, w := range t.modals {
		for k := range wordMatches(before, w) { // its first place only
			if m < 0 || k+len(w) < m {
				m = k + len(w)
			}
			break
		}
	}
	if m < 0 {
		return false
	}
	return hasAny(before[m:], t.temporal) || hasAny(before[:m], t.generic)
}

// topical: the text is about activation (a topic word or a success
// phrase is in it).
func topical(s string, t clauseTables) bool {
	for _, w := range t.topics {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// clauseSuccesses finds the predicates of the clauses section in text that
// hold: in a text about activation, not denied or asked (deniedOrAsked),
// not hypothetical and not past (notHeld).
func clauseSuccesses(text string) []Success {
	if len(text) > MaxMessageScan {
		text = text[:MaxMessageScan]
	}
	t := messageTable().clauses
	if !clauseCandidate(text) {
		return nil
	}
	s := asciiLower(text)
	// A text about activation reads every predicate; a reply alone (a
	// short text that only reports that the fix worked, replyAlone) reads
	// them, and the reply's own predicates, only where its sentence is
	// nothing but such a report (replyHeld).
	onTopic, reply := topical(s, t), replyAlone(text) && !hasAny(s, t.replyNo)
	if !onTopic && !reply {
		return nil
	}
	var out []Success
	add := func(ps []clausePattern, check bool) {
		for _, p := range ps {
			for _, m := range p.re.FindAllStringIndex(s, -1) {
				start, end := m[0], m[1]
				for start < end && s[start] == ' ' {
					start++
				}
				for end > start && (s[end-1] == ' ' || s[end-1] == '\t') {
					end--
				}
				if deniedOrAsked(text, start, end) || notHeld(s, start, end, t) || gapDenied(p.pred, s[start:end], t) {
					continue
				}
				if check && !replyHeld(s, start, end, t, p.lang) {
					continue
				}
				out = append(out, Success{Lang: p.lang, Start: start, End: end, Remaining: p.count})
			}
		}
	}
	add(t.success, !onTopic)
	if reply {
		add(t.reply, true)
	}
	if onTopic {
		out = append(out, ellipses(text, s, t)...)
		out = append(out, qualified(text, s, t)...)
	}
	return out
}

// purpose: the words before an activation verb in its clause end with an
// infinitive's mark of purpose ("To activate Windows successfully, run
// ...", "Para activar Windows correctamente", "pour activer", "um ... zu
// aktivieren"), not after "able" or "managed" ("was able to activate it
// successfully").
func purpose(before string) bool {
	f := strings.Fields(before)
	if len(f) == 0 {
		return false
	}
	switch f[len(f)-1] {
	case "to":
		return len(f) < 2 || !slices.Contains([]string{"able", "managed", "possible", "finally"}, f[len(f)-2])
	case "para", "pour", "zu", "чтобы":
		return true
	}
	return false
}

// qualified finds an activation verb (messages.yaml clauses: verbs,
// "activat", "激活") that words later in its sentence say went well
// (qualifiers: "successfully", "without problems", "completed", "no
// issue", "成功", "sin problemas"), however far: "I today tested activate
// ESU on Server 2008 R2 and SSU ... without problems", "activating process
// completed no issue", "and activate my volume successfully". The words
// between may not hold a negation, a failure word or a contrast ("activate
// it, but not successfully", "激活失败，…没问题"), the verb no intent before
// it in its clause ("tried to activate it successfully", "want to"), and
// the span is read as every predicate is (deniedOrAsked, notHeld); nor a
// generic subject before it ("after a client has renewed its activation
// successfully": a page's account of clients in general). s is text
// lowered.
func qualified(text, s string, t clauseTables) []Success {
	var out []Success
	undone := messageTable().undone
	for _, v := range t.verbs {
		for from := 0; from < len(s); {
			k := strings.Index(s[from:], v)
			if k < 0 {
				break
			}
			vs := from + k
			from = vs + len(v)
			if v[0] < utf8.RuneSelf && !startsWord(s, vs) {
				continue
			}
			ve := vs + len(v)
			for ve < len(s) && wordByte(s[ve]) {
				ve++ // the rest of the word ("activat" -> "activating")
			}
			stop := sentenceStop(s, ve)
			qs, qe := -1, -1
			for _, q := range t.qualifiers {
				for at := ve; at < stop; {
					i := strings.Index(s[at:stop], q)
					if i < 0 {
						break
					}
					i += at
					at = i + 1
					if q[0] < utf8.RuneSelf && (!startsWord(s, i) || !endsWord(s, i+len(q))) {
						continue
					}
					if qs < 0 || i < qs {
						qs, qe = i, i+len(q)
					}
					break
				}
			}
			span0, gap := vs, ""
			if qs < 0 {
				// A qualifier before the verb in its clause ("problemlos
				// aktiviert", "成功激活").
				cs := clauseStart(s, vs, t)
				for _, q := range t.qualifiers {
					if i := strings.LastIndex(s[cs:vs], q); i >= 0 && (q[0] >= utf8.RuneSelf || startsWord(s, cs+i) && endsWord(s, cs+i+len(q))) {
						if qs < 0 || cs+i < qs {
							qs, qe = cs+i, cs+i+len(q)
						}
					}
				}
				// A qualifier that an infinitive of purpose puts before
				// the verb ("restart any Office applications to complete
				// the activation", "pour finaliser l'activation") is what
				// an instruction is for, no activation that went well.
				if qs < 0 || purpose(s[cs:qs]) {
					continue
				}
				span0, gap, qe = qs, s[qe:vs], ve
			} else {
				gap = s[ve:qs]
			}
			if hasAny(gap, t.negations) || hasAny(gap, t.contrasts) || hasAny(gap, undone) || hasAny(gap, t.conditions) {
				continue
			}
			// Across a clause mark, the qualifier must open its clause
			// ("用工具激活 Office 2021，一切正常", "activated it yesterday, no
			// problems"), not end another's ("激活，点击激活也提示成功").
			if k := strings.LastIndexAny(gap, clausePunct); k >= 0 && span0 == vs && strings.TrimSpace(gap[k+utf8.RuneLen([]rune(gap[k:])[0]):]) != "" {
				continue
			}
			if before := s[clauseStart(s, vs, t):vs]; hasAny(before, t.intents) || purpose(before) || hasAny(before, t.generic) {
				continue
			}
			if deniedOrAsked(text, span0, qe) || notHeld(s, span0, qe, t) {
				continue
			}
			out = append(out, Success{Lang: "", Start: span0, End: qe})
			from = max(from, qe)
		}
	}
	return out
}

// ellipses finds a clause that affirms, by ellipsis, the state the words
// right before it deny ("detecting some installs as not licensed, when
// they are", "it says not activated, but it is"): the installs are
// licensed, what said otherwise was wrong. The clause must be the whole
// clause (a clause end right after it), and in a question only one that
// asks why (which takes it as given). s is text lowered.
func ellipses(text, s string, t clauseTables) []Success {
	var out []Success
	for _, e := range t.ellipsis {
		for from := 0; from < len(s); {
			k := strings.Index(s[from:], e)
			if k < 0 {
				break
			}
			i := from + k
			j := i + len(e)
			from = i + 1
			if !startsWord(s, i) || !endsWord(s, j) {
				continue
			}
			rest := strings.TrimLeft(s[j:], " \t")
			if rest != "" && !strings.ContainsAny(rest[:1], ".,;:!?)\n") && !strings.HasPrefix(rest, "？") && !strings.HasPrefix(rest, "。") {
				continue // "when they are activated ...": no ellipsis
			}
			before := strings.TrimRight(s[sentenceStart(s, i):i], " ,\t")
			denied := false
			for _, d := range t.deniedStates {
				if strings.HasSuffix(before, d) && startsWord(before, len(before)-len(d)) {
					denied = true
				}
			}
			if !denied || (question(s, i) && !whyQuestion(text, i)) {
				continue
			}
			out = append(out, Success{Lang: "en", Start: i, End: j})
		}
	}
	return out
}

// NamesGenuine: text (a line) is about the genuine check ("Office is not
// genuine banner", "不是正版"; messages.yaml clauses: genuine), which a
// product shows while it is activated: an activated state does not
// supersede it.
func NamesGenuine(text string) bool {
	s := asciiLower(text)
	return hasAny(s, messageTable().clauses.genuine)
}

// Attempt finds the activation attempt a log's line at byte offset off of
// text is part of: the last line at or before it that starts with the
// words of an attempt (messages.yaml clauses: attempts; KMS_VL_ALL's
// "Activating: Windows(R), EnterpriseS edition", slmgr's "正在激活
// Windows(R), ... edition ..."). It returns the offset of that line (-1:
// none) and what the line names after those words, lowered and trimmed
// ("windows(r), enterprises edition").
func Attempt(text string, off int) (int, string) {
	off = min(max(off, 0), len(text))
	ws := messageTable().clauses.attempts
	for end := off; ; {
		ls := strings.LastIndexByte(text[:end], '\n') + 1
		le := strings.IndexByte(text[ls:], '\n')
		if le < 0 {
			le = len(text)
		} else {
			le += ls
		}
		line := asciiLower(strings.TrimSpace(text[ls:le]))
		for _, w := range ws {
			if strings.HasPrefix(line, w) && (w[0] >= utf8.RuneSelf || endsWord(line, len(w))) {
				name := strings.TrimLeft(line[len(w):], " :：.…")
				return ls, strings.TrimSpace(strings.TrimRight(name, " .…"))
			}
		}
		if ls == 0 {
			return -1, ""
		}
		end = ls - 1
	}
}

// gapDenied: the words a predicate's gap stood for in match (lowered)
// hold a negation or a failure word the predicate pred itself does not
// ("activation not successful" for "activation … successful").
func gapDenied(pred, match string, t clauseTables) bool {
	if pred == "" {
		return false
	}
	for _, w := range t.negations {
		if hasWord(match, w) && !hasWord(pred, w) {
			return true
		}
	}
	// A failure word there too ("now I get an error, ok").
	for _, w := range messageTable().undone {
		if !strings.ContainsRune(w, ' ') && hasWord(match, w) && !hasWord(pred, w) {
			return true
		}
	}
	return false
}

// SuccessUndone reports whether text states a success that a later clause
// says did not hold ("提示显示激活成功，…可是重启之后还是不行", "显示激活成功，但是
// windows没有被激活") and states no success after it, with the byte offset
// of that clause: a failure stated in words.
func SuccessUndone(text string) (int, bool) {
	if len(text) > MaxMessageScan {
		text = text[:MaxMessageScan]
	}
	kept, at := statesSuccess(text)
	if len(kept) > 0 || at < 0 {
		return 0, false
	}
	return at, true
}

// clockWords are literals one of which every clock phrase of
// messages.yaml "statements: clock" has (MayNameClock).
var clockWords = []string{"time", "clock", "date", "时间", "時間", "時刻", "時計", "时区", "時區", "タイム"}

// MayNameClock: text may name the clock (ASCII case ignored), without
// allocating: the cheap test before ClockCause.
func MayNameClock(text string) bool {
	if len(text) > MaxMessageScan {
		text = text[:MaxMessageScan]
	}
	for _, w := range clockWords {
		if containsLowered(text, w) {
			return true
		}
	}
	return false
}

// clauseCandidate: text has the literal of a predicate (ASCII case
// ignored), without allocating: most segments a ticket splits into have
// none.
func clauseCandidate(text string) bool {
	if len(text) > MaxMessageScan {
		text = text[:MaxMessageScan]
	}
	for _, a := range messageTable().clauses.anchors {
		if containsLowered(text, a) {
			return true
		}
	}
	return false
}

// ContainsLowered: lowered (ASCII letters lower-case) is in s, ASCII case
// ignored, without allocating (kmslog's scan of every line uses it too).
func ContainsLowered(s, lowered string) bool { return containsLowered(s, lowered) }

// containsLowered: see ContainsLowered.
func containsLowered(s, lowered string) bool {
	n := len(lowered)
	if n == 0 {
		return true
	}
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for ; j < n; j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != lowered[j] {
				break
			}
		}
		if j == n {
			return true
		}
	}
	return false
}

// heldPhrase: a success phrase at [start, end) of text is not hypothetical
// and not a past state.
func heldPhrase(text string, start, end int) bool {
	return !notHeld(asciiLower(text), start, end, messageTable().clauses)
}

// undoneAt: the text after a success (rest) says that it did not hold:
// a clause of it that is no condition has a word of the undone list, or
// a negation with a word of activation in it ("but Office isn't
// activated"), or a negation right after a contrast ("可是重启之后还是不行").
// "But in log, it says ..." and "an update if the issue reoccurs" do not.
// It returns the offset in rest of the clause that undoes the success.
func undoneAt(rest string) (int, bool) {
	if len(rest) > MaxMessageScan {
		rest = rest[:MaxMessageScan]
	}
	t := messageTable().clauses
	s := asciiLower(rest)
	undoneWords := messageTable().undone
	afterContrast := false
	own := true                   // still in the success's own clause
	sameSentence := true          // still in the success's sentence (rest starts inside it)
	listedAt, listed := -1, false // the sentence last tested by listsStates
	for cs := 0; cs < len(s); {
		if k := wordAt(s, cs, t.contrasts); k > 0 {
			// A contrast with the success: in its sentence, or opening a
			// later one ("But it doesn't work."); one inside a later
			// sentence contrasts that sentence's clauses ("Ignorance isnt
			// going to help, but it appears you dont care ...").
			if sameSentence || strings.TrimSpace(s[sentenceStart(s, cs):cs]) == "" {
				afterContrast = true
			}
			own = false
			cs += k
			continue
		}
		if k := wordAt(s, cs, t.joins); k > 0 {
			cs += k
			own = false
			continue
		}
		r, n := utf8.DecodeRuneInString(s[cs:])
		if r != ' ' && r != '\t' && (unicode.IsSpace(r) || strings.ContainsRune(clausePunct, r) || sentenceEnd(s, cs)) {
			own = false
		}
		if unicode.IsSpace(r) || strings.ContainsRune(clausePunct, r) || sentenceEnd(s, cs) {
			if sentenceEnd(s, cs) && r != '\n' {
				afterContrast = false
			}
			if sentenceEnd(s, cs) {
				sameSentence = false
			}
			cs += n
			continue
		}
		ce := clauseStop(s, cs+n, t)
		clause := s[cs:ce]
		if !sameSentence && conceded(s, cs, ce) {
			// "Even though the server connection failed, the script
			// activated Win11": what failed on the way undoes nothing.
			afterContrast = false
			cs = ce
			continue
		}
		if ss := sentenceStart(s, cs); ss != listedAt {
			listedAt, listed = ss, listsStates(s[ss:sentenceStop(s, cs)])
		}
		if listed {
			afterContrast = false
			cs = ce
			continue // a list of the states undoes nothing
		}
		if otherActionClause(clause) {
			// Another action's or component's failure ("but Windows Update
			// fails", "but now I can't synchronize the time").
			afterContrast = afterContrast && subordinate(clause, t)
			own = false
			cs = ce
			continue
		}
		if !hasAny(clause, t.conditions) {
			// A clause that asks undoes nothing ("After successfully
			// activating HWID, can you activate an unactivated computer
			// ...?", "Did it actually fail to register?"); one that states,
			// in a sentence that ends with a question, still does ("my word
			// document is showing unlicensed, ... how can I fix this?"), and
			// a question why takes it as given.
			asked := (askedClause(s, cs, clause) || clauseAsked(s, ce)) && !hasAny(s[sentenceStart(s, cs):ce], t.why)
			if undoneWord(clause, undoneWords, t) && !asked {
				return cs, true
			}
			if afterContrast && hasAny(clause, t.persist) {
				return cs, true
			}
			if unseenClause(clause) {
				afterContrast = false
				cs = ce
				continue // what was not seen or shown undoes nothing
			}
			// A negation in a question asks ("是已经激活成功了还是没激活？",
			// "does Windows say it is activated but in reality it isn't?").
			if hasAny(clause, t.negations) && (afterContrast || hasAny(clause, activationWords)) && !question(s, cs) {
				return cs, true
			}
			// A product denied in a clause of its own ("Windows activated,
			// Office didn't"); not the rest of the success's own clause,
			// whose product is what was activated ("After I activated
			// Windows my mouse doesn't work").
			if !own && hasAny(clause, verbNegations(t)) && hasAny(clause, t.subjects) && !question(s, cs) {
				return cs, true
			}
		}
		// A subordinate clause right after a contrast ("However, after
		// clicking Update, I did not receive ...", "但我点击更新之后，却没有
		// 收到") leaves the contrast to the clause it leads to.
		afterContrast = afterContrast && subordinate(clause, t)
		own = false
		cs = ce
	}
	return 0, false
}

// clauseAsked: the clause of s that ends at byte ce ends its sentence with
// a question mark (or 吗): the clause is the question, not a clause before
// it ("... (whose grace period had expired) now how do I ...?" asks
// nothing of the expiry).
func clauseAsked(s string, ce int) bool {
	rest := strings.TrimLeft(s[ce:], " \t")
	return strings.HasPrefix(rest, "?") || strings.HasPrefix(rest, "？") || strings.HasPrefix(rest, "吗") || strings.HasPrefix(rest, "嗎")
}

// unseenClause: the clause (lowered) negates a verb of seeing or showing
// ("Commercial ESU does not show anything in Settings", "I didn't see any
// ESU information"; messages.yaml statements: perception): it says what
// was not shown, not that a success did not hold.
func unseenClause(clause string) bool {
	for _, neg := range []string{"not", "n't", "n’t", "never"} {
		for from := 0; ; {
			i := strings.Index(clause[from:], neg)
			if i < 0 {
				break
			}
			j := from + i + len(neg)
			from = j
			rest := strings.TrimLeft(clause[j:], " ")
			for _, p := range statementTable().perception {
				w := p.parts[0]
				if strings.HasPrefix(rest, w) && (len(rest) == len(w) || !wordByte(rest[len(w)])) && !namesState(rest[len(w):]) &&
					!serviceUnavailable(w, clause[:j]) {
					return true
				}
			}
		}
	}
	return false
}

// namesState: what follows a verb of seeing or showing names the
// activation state ("doesn't show as activated", "don't see Windows
// activated"): not seeing it is a failure (activationWords).
func namesState(object string) bool {
	if i := strings.IndexAny(object, ".,;:!?\n"); i >= 0 {
		object = object[:i]
	}
	for _, w := range activationWords {
		if strings.Contains(object, w) {
			return true
		}
	}
	return false
}

// whyQuestion: the sentence of byte i of text asks why ("为什么KMS服务器激活
// 时间只有半年？", "why is it activated for 180 days only?"): it takes the
// state it asks about as given.
func whyQuestion(text string, i int) bool {
	s := asciiLower(text)
	t := messageTable().clauses
	before := s[sentenceStart(s, i):i]
	return hasAny(before, t.why)
}

// question: the sentence of byte i of s is a question (it ends with a
// question mark or has 吗).
func question(s string, i int) bool {
	ss, se := sentenceStart(s, i), sentenceStop(s, i)
	sent := s[ss:min(len(s), se+1)]
	if se < len(s) {
		_, n := utf8.DecodeRuneInString(s[se:])
		sent = s[ss : se+n]
	}
	return strings.ContainsAny(sent, "?？") || strings.Contains(sent, "吗") || strings.Contains(sent, "嗎")
}

// quoteRest is the rest of the quotation that [start, end) of text is in
// ("…", “…”, 「…」 within its line), and whether it is in one.
func quoteRest(text string, start, end int) (string, bool) {
	ls := strings.LastIndexByte(text[:start], '\n') + 1
	le := strings.IndexByte(text[end:], '\n')
	if le < 0 {
		le = len(text)
	} else {
		le += end
	}
	before, after := text[ls:start], text[end:le]
	for _, q := range [][2]string{{"\"", "\""}, {"“", "”"}, {"「", "」"}} {
		open := false
		if q[0] == q[1] {
			open = strings.Count(before, q[0])%2 == 1
		} else {
			open = strings.LastIndex(before, q[0]) > strings.LastIndex(before, q[1])
		}
		if open {
			if i := strings.Index(after, q[1]); i >= 0 {
				return after[:i], true
			}
		}
	}
	return "", false
}

// verbNegations are the negations of t but those of a noun ("no",
// "nothing", "without", "un", "无", "非").
func verbNegations(t clauseTables) []string {
	var out []string
	for _, w := range t.negations {
		switch w {
		case "no", "nothing", "without", "un", "无", "非", "無":
			continue
		}
		out = append(out, w)
	}
	return out
}

// activationWords are the words of activation itself, for undoneAfter: a
// negation with one of them in its clause denies an activation ("Office is
// not activated", "没有被激活"); product names are not enough ("No Installed
// Office 2010 Product Detected").
var activationWords = []string{"activat", "licens", "licenc", "genuine", "激活", "啟用", "認証", "授权", "授權"}

// undoneWord: clause has a word of the undone list (whole words for
// ASCII); one that is no negation itself ("error") does not count after a
// negation in the clause ("it doesn't show any error", "no error").
func undoneWord(clause string, ws []string, t clauseTables) bool {
	words := " " + strings.Join(strings.FieldsFunc(clause, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	}), " ") + " "
	for _, w := range ws {
		at := -1
		if strings.ContainsRune(w, ' ') {
			if i := strings.Index(words, " "+w+" "); i >= 0 {
				at = i
			}
		} else if w[0] >= utf8.RuneSelf {
			at = strings.Index(words, w)
		} else if hasWord(words, w) {
			for from := 0; at < 0; {
				i := strings.Index(words[from:], w)
				if i < 0 {
					break
				}
				if startsWord(words, from+i) && endsWord(words, from+i+len(w)) {
					at = from + i
				}
				from += i + 1
			}
		}
		if at < 0 {
			continue
		}
		if !hasAny(w, t.negations) && !strings.HasPrefix(w, "un") && hasAny(words[:at], t.negations) {
			continue
		}
		return true
	}
	return false
}

// wordAt is the length of the word of ws that starts at byte i of s (a
// whole word when ASCII), or 0.
func wordAt(s string, i int, ws []string) int {
	if s[i] < utf8.RuneSelf && !startsWord(s, i) {
		return 0
	}
	for _, w := range ws {
		if strings.HasPrefix(s[i:], w) && (w[0] >= utf8.RuneSelf || endsWord(s, i+len(w))) {
			return len(w)
		}
	}
	return 0
}

// subordinate: clause (lowered) is led by a word of subordinate ("after
// clicking update", "when I rebooted") or, in Chinese and Japanese, ends
// with one ("点击更新之后", "再起動した後").
func subordinate(clause string, t clauseTables) bool {
	c := strings.TrimSpace(clause)
	for _, w := range t.subordinate {
		if w[0] < utf8.RuneSelf {
			if strings.HasPrefix(c, w) && endsWord(c, len(w)) {
				return true
			}
		} else if strings.HasSuffix(c, w) {
			return true
		}
	}
	return false
}

// conceded: the clause s[cs:ce] of lowered s is the first of its
// sentence and a concession opens it (statements: concessions, "even
// though", "although", "虽然"): "Even though the server connection failed,
// the script activated Win11". One after the main clause is a contrast
// ("it said activated, although Windows still shows not activated").
func conceded(s string, cs, ce int) bool {
	lead := func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }
	before := strings.TrimFunc(s[sentenceStart(s, cs):cs], lead)
	clause := strings.TrimLeftFunc(s[cs:ce], lead)
	for _, w := range concessionWords() {
		if before == w || (before == "" && strings.HasPrefix(clause, w) && (w[0] >= utf8.RuneSelf || endsWord(clause, len(w)))) {
			return true
		}
	}
	return false
}

// askers are the words that open a clause that asks (an auxiliary put
// first, a question word), and the particles of a Chinese question.
var (
	askers      = []string{"can", "could", "will", "would", "is", "are", "does", "do", "did", "should", "was", "were", "has", "have", "how", "what", "why", "when", "where", "which", "who"}
	askerSuffix = []string{"吗", "嗎", "呢"}
)

// askedClause: the clause of lowered s at cs is in a question and asks
// itself: it starts with one of askers, or has a particle of a question.
func askedClause(s string, cs int, clause string) bool {
	if !question(s, cs) {
		return false
	}
	c := strings.TrimSpace(clause)
	for _, w := range askers {
		if strings.HasPrefix(c, w) && endsWord(c, len(w)) {
			return true
		}
	}
	for _, w := range askerSuffix {
		if strings.Contains(c, w) {
			return true
		}
	}
	return false
}
