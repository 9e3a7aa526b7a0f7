package knowledge

import (
	_ "embed"
	"fmt"
	"iter"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// A failure stated in words. MatchMessages reads the message text of an
// error code back to the code (a dialog's text pasted without its code, a
// ticket quoting the message); StatesFailure finds words that say that
// activation failed without saying why. Both compare folded text: case,
// width (full-width letters and digits), spaces, punctuation (typographic
// quotes too), format characters (a soft hyphen) and ё for е do not
// matter, so "No Key Management Service (KMS) could be contacted",
// "no key management service(KMS) could be contacted" and a copy wrapped
// over two lines are the same.

// MaxMessageScan bounds the text MatchMessages and StatesFailure read: the
// first 1 MiB (a pasted ticket is far smaller; a longer text is an output
// the other kinds read).
const MaxMessageScan = 1 << 20

// maxGap is how many folded runes "…" in a phrase stands for at most.
const maxGap = 24

//go:embed messages.yaml
var messagesYAML []byte

// MessageMatch is an error code read from its message text.
type MessageMatch struct {
	Code string // 0x + 8 upper-case hex digits
	// Lang is the language of the text that matched: one of langs (en,
	// ja, zh-CN, zh-TW and the languages of Microsoft's localised pages:
	// de, fr, it, es, pt-BR, pt-PT, ko, ru, cs, pl, sv, hu, tr, nl).
	Lang string
	// Start and End are the byte offsets of the matched words in the text.
	Start, End int
}

// pattern is a folded phrase: parts in order, each within maxGap runes of
// the one before.
type pattern struct {
	code  string
	lang  string
	parts []string
}

type messageTables struct {
	codes   []pattern // sentences and phrases that identify one code
	texts   []pattern // every sentence of messages.yaml's texts (BlankMessages)
	explain []pattern // a page's words about a message (ExplainsMessage)
	failure []pattern // words of a failure without a cause
	success []pattern // words of a success or a licensed state
	undone  []string  // words that, after a success, say it did not hold
	clauses clauseTables
}

var (
	messagesOnce sync.Once
	messages     messageTables
	messagesErr  error
)

type messagesFile struct {
	Codes []struct {
		Code    string              `yaml:"code"`
		Texts   map[string][]string `yaml:"texts"`
		Phrases []string            `yaml:"phrases"`
	} `yaml:"codes"`
	// Shared are sentences several codes' messages share (the service's
	// lead sentence, the closing advice): they never identify a code.
	Shared map[string][]string `yaml:"shared"`
	// Explains are a page's words about a message (ExplainsMessage).
	Explains map[string][]string `yaml:"explains"`
	Failure  map[string][]string `yaml:"failure"`
	Success  map[string][]string `yaml:"success"`
	Undone   map[string][]string `yaml:"undone"`
	// Clauses is the clause-level reading of a success (states.go).
	Clauses map[string]clausesLang `yaml:"clauses"`
}

// langs are the languages messages.yaml may use for codes and failures
// (the message texts of codes are sourced in every language of Microsoft's
// localised pages the project has; see messages.yaml); successLangs those
// of the success texts (Microsoft's tools print them in every language of
// Windows; a few more are sourced).
var (
	langs = []string{"en", "ja", "zh-CN", "zh-TW",
		"de", "fr", "it", "es", "pt-BR", "pt-PT", "ko", "ru", "cs", "pl", "sv", "hu", "tr", "nl"}
	successLangs = []string{"en", "ja", "zh-CN", "zh-TW", "es", "pt-BR", "de", "fr", "ru"}
)

// loadMessages builds the tables from messages.yaml and the message texts
// of the knowledge base.
func loadMessages(b []byte, entries []*Entry) (messageTables, error) {
	var f messagesFile
	if err := yaml.Unmarshal(b, &f); err != nil {
		return messageTables{}, fmt.Errorf("messages.yaml: %w", err)
	}
	var t messageTables
	// A sentence of a message text identifies its code only when no other
	// code's text has it, and it is not one of the shared sentences.
	shared := map[string]bool{}
	for lang, ss := range f.Shared {
		if !slices.Contains(langs, lang) {
			return messageTables{}, fmt.Errorf("messages.yaml: shared: unknown language %q", lang)
		}
		for _, s := range ss {
			fs := sentences(s, true)
			if len(fs) == 0 {
				return messageTables{}, fmt.Errorf("messages.yaml: shared: %q is no sentence long enough to match", s)
			}
			for _, f := range fs {
				shared[f] = true
			}
		}
	}
	owners := map[string][]string{}
	langOf := map[string]string{}
	addSentences := func(code, lang, text string) {
		for _, s := range sentences(text, true) {
			if !slices.Contains(owners[s], code) {
				owners[s] = append(owners[s], code)
			}
			if langOf[s] == "" {
				langOf[s] = lang
			}
		}
	}
	for i, c := range f.Codes {
		v, err := ParseCode(c.Code)
		if err != nil {
			return messageTables{}, fmt.Errorf("messages.yaml: code %d: %w", i+1, err)
		}
		code := FormatCode(v)
		for lang, texts := range c.Texts {
			if !slices.Contains(langs, lang) {
				return messageTables{}, fmt.Errorf("messages.yaml: %s: unknown language %q", code, lang)
			}
			for _, tx := range texts {
				addSentences(code, lang, tx)
			}
		}
		for _, p := range c.Phrases {
			pt := compile(code, "", p)
			if len(pt.parts) == 0 {
				return messageTables{}, fmt.Errorf("messages.yaml: %s: empty phrase %q", code, p)
			}
			t.codes = append(t.codes, pt)
		}
	}
	// The knowledge base's own texts add sentences messages.yaml does not
	// have (its texts win: 0x80092328's "DNS name does not exist." does not
	// make the sentence ambiguous for 0x8007232B).
	fromYAML := map[string]bool{}
	for s := range owners {
		fromYAML[s] = true
	}
	for _, e := range entries {
		for lang, tx := range map[string]string{"en": e.Message.EN, "ja": e.Message.JA} {
			for _, s := range sentences(tx, false) {
				if fromYAML[s] {
					continue
				}
				if !slices.Contains(owners[s], e.Code) {
					owners[s] = append(owners[s], e.Code)
				}
				if langOf[s] == "" {
					langOf[s] = lang
				}
			}
		}
	}
	keys := make([]string, 0, len(owners))
	for s := range owners {
		keys = append(keys, s)
	}
	sort.Strings(keys)
	for s := range fromYAML {
		t.texts = append(t.texts, pattern{lang: langOf[s], parts: []string{s}})
	}
	sort.Slice(t.texts, func(i, j int) bool { return t.texts[i].parts[0] < t.texts[j].parts[0] })
	for _, s := range keys {
		if len(owners[s]) == 1 && !shared[s] {
			t.codes = append(t.codes, pattern{code: owners[s][0], lang: langOf[s], parts: []string{s}})
		}
	}
	var err error
	if t.failure, err = compileSection("failure", f.Failure, langs); err != nil {
		return messageTables{}, err
	}
	if t.explain, err = compileSection("explains", f.Explains, langs); err != nil {
		return messageTables{}, err
	}
	if t.success, err = compileSection("success", f.Success, successLangs); err != nil {
		return messageTables{}, err
	}
	for lang, ws := range f.Undone {
		if !slices.Contains(successLangs, lang) {
			return messageTables{}, fmt.Errorf("messages.yaml: undone: unknown language %q", lang)
		}
		for _, w := range ws {
			if w = strings.ToLower(strings.Join(strings.Fields(w), " ")); w == "" {
				return messageTables{}, fmt.Errorf("messages.yaml: undone: empty word")
			}
			t.undone = append(t.undone, w)
		}
	}
	sort.Strings(t.undone)
	if t.clauses, err = compileClauses(f.Clauses); err != nil {
		return messageTables{}, err
	}
	return t, nil
}

func messageTable() messageTables {
	messagesOnce.Do(func() {
		messages, messagesErr = loadMessages(messagesYAML, Codes())
	})
	if messagesErr != nil {
		panic(messagesErr) // embedded data: TestMessages fails first
	}
	return messages
}

// compile folds a phrase; "…" separates its parts. The language of a
// code's phrase is guessed from its letters.
// compileSection compiles the phrases of one section of messages.yaml
// (failure or success), language by language, in the order of the
// languages' names.
func compileSection(name string, section map[string][]string, known []string) ([]pattern, error) {
	var out []pattern
	for lang, ps := range section {
		if !slices.Contains(known, lang) {
			return nil, fmt.Errorf("messages.yaml: %s: unknown language %q", name, lang)
		}
		for _, p := range ps {
			pt := compile("", lang, p)
			if len(pt.parts) == 0 {
				return nil, fmt.Errorf("messages.yaml: %s: empty phrase %q", name, p)
			}
			out = append(out, pt)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].lang < out[j].lang })
	return out, nil
}

func compile(code, lang, phrase string) pattern {
	p := pattern{code: code, lang: lang}
	for _, part := range strings.Split(phrase, "…") {
		if f := fold(part); f != "" {
			p.parts = append(p.parts, f)
		}
	}
	if p.lang == "" {
		p.lang = guessLang(phrase)
	}
	return p
}

// guessLang: kana is Japanese, other CJK letters Chinese, else English.
func guessLang(s string) string {
	han := false
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Hiragana, unicode.Katakana):
			return "ja"
		case unicode.Is(unicode.Han, r):
			han = true
		}
	}
	if han {
		return "zh"
	}
	return "en"
}

// sentences are the folded sentences of a message text long enough to
// identify a code: 8 runes with CJK letters, else 16. With labels set (the
// message texts of messages.yaml), what comes before a colon in a sentence
// is a label ("Error:", "Ошибка:", "Accesso negato:", "Servizio di
// protezione software:") that a copy of the message may have or not: it is
// left out, and the words after it match either way. (The knowledge base's
// texts are descriptions, "Event 8198 (Security-SPP): License Activation
// failed", whose words after a colon are no message of their own.)
func sentences(text string, labels bool) []string {
	var out []string
	for _, s := range strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune(".。!！?？;；", r) }) {
		if i := strings.LastIndexAny(s, ":："); labels && i >= 0 {
			_, n := utf8.DecodeRuneInString(s[i:])
			s = s[i+n:]
		}
		f := fold(s)
		n := utf8.RuneCountInString(f)
		if n >= 16 || (n >= 8 && strings.ContainsFunc(f, func(r rune) bool { return r > 0x2E80 })) {
			out = append(out, f)
		}
	}
	return out
}

// folded is a text folded as fold does, with the byte offset in the text
// of every byte of the folded form.
type folded struct {
	s    string
	offs []int
	text string
}

// foldOffsets folds text (its first MaxMessageScan bytes); the offsets
// are kept only when withOffs is set (a match needs them, a miss does not).
func foldOffsets(text string, withOffs bool) folded {
	if len(text) > MaxMessageScan {
		text = text[:MaxMessageScan]
	}
	var b strings.Builder
	b.Grow(len(text))
	var offs []int
	if withOffs {
		offs = make([]int, 0, len(text))
	}
	var buf [utf8.UTFMax]byte
	for i, r := range text {
		if r < utf8.RuneSelf { // ASCII: no allocation
			c := byte(r)
			switch {
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			default:
				continue // spaces, punctuation, symbols, controls
			}
			b.WriteByte(c)
			if withOffs {
				offs = append(offs, i)
			}
			continue
		}
		n := utf8.EncodeRune(buf[:], r)
		for _, n := range strings.ToLower(width.Narrow.String(norm.NFKC.String(string(buf[:n])))) {
			if unicode.IsSpace(n) || unicode.IsPunct(n) || unicode.IsSymbol(n) || unicode.Is(unicode.Cf, n) {
				continue // a soft hyphen or a zero-width space (Cf) too
			}
			if n == 'ё' {
				n = 'е' // Russian writes ё as е or not (ё and е fold alike)
			}
			k := b.Len()
			b.WriteRune(n)
			for range b.Len() - k {
				if withOffs {
					offs = append(offs, i)
				}
			}
		}
	}
	return folded{b.String(), offs, text}
}

// find returns the first match of p in f at or after byte from, as byte
// offsets in f.s.
// spans yields each match of p in f, in order, as the span of the text f
// was folded from (folded.span).
func (p pattern) spans(f folded) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		for from := 0; ; {
			s, e, ok := p.find(f, from)
			if !ok {
				return
			}
			from = e
			if !yield(f.span(s, e)) {
				return
			}
		}
	}
}

func (p pattern) find(f folded, from int) (int, int, bool) {
	for from <= len(f.s) {
		i := strings.Index(f.s[from:], p.parts[0])
		if i < 0 {
			return 0, 0, false
		}
		start := from + i
		end := start + len(p.parts[0])
		ok := true
		for _, part := range p.parts[1:] {
			j := strings.Index(f.s[end:], part)
			if j < 0 {
				return 0, 0, false
			}
			if utf8.RuneCountInString(f.s[end:end+j]) > maxGap {
				ok = false
				break
			}
			end += j + len(part)
		}
		if ok {
			return start, end, true
		}
		_, n := utf8.DecodeRuneInString(f.s[start:])
		from = start + n
	}
	return 0, 0, false
}

// span turns folded offsets into offsets of the text.
func (f folded) span(start, end int) (int, int) {
	e := f.offs[end-1]
	_, n := utf8.DecodeRuneInString(f.text[e:])
	return f.offs[start], e + n
}

// MatchMessages finds the error codes whose message text (a sentence of it
// that no other code shares) or identifying phrase the text contains, each
// code once, in the order of the text.
func MatchMessages(text string) []MessageMatch {
	f := foldOffsets(text, false)
	if f.s == "" || !anyMatch(f, messageTable().codes) {
		return nil
	}
	f = foldOffsets(text, true)
	best := map[string]MessageMatch{}
	for _, p := range messageTable().codes {
		s, e, ok := p.find(f, 0)
		if !ok {
			continue
		}
		start, end := f.span(s, e)
		if m, seen := best[p.code]; !seen || start < m.Start {
			best[p.code] = MessageMatch{Code: p.code, Lang: p.lang, Start: start, End: min(end, len(text))}
		}
	}
	out := make([]MessageMatch, 0, len(best))
	for _, m := range best {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].Code < out[j].Code
	})
	return out
}

// BlankMessages is text with every sentence of a code's message text that
// it quotes (messages.yaml texts, whichever code or codes have it) blanked
// with spaces, offsets and line breaks kept: what is left are the text's
// own words, not Windows'.
func BlankMessages(text string) string {
	f := foldOffsets(text, false)
	if f.s == "" || !anyMatch(f, messageTable().texts) {
		return text
	}
	f = foldOffsets(text, true)
	b := []byte(f.text)
	for _, p := range messageTable().texts {
		for start, end := range p.spans(f) {
			for i := start; i < end && i < len(b); i++ {
				if b[i] != '\n' {
					b[i] = ' '
				}
			}
		}
	}
	// Blanking bytes inside a rune would break UTF-8: a span starts and
	// ends at a rune's bounds (span), so whole runes are blanked.
	return string(b) + text[len(f.text):]
}

// ExplainsMessage reports whether text speaks about a code's message as a
// documentation page does ("The full text of this error message resembles
// the following:", "The error text is correct, but it is ambiguous. This
// error indicates that …"; messages.yaml explains) and of no particular
// machine: no anchor of one in its own words (BlankMessages), a
// definition in general terms by the definition rules of AboutNoMachine.
func ExplainsMessage(text string) bool {
	f := foldOffsets(text, false)
	if f.s == "" || !anyMatch(f, messageTable().explain) {
		return false
	}
	return aboutNoMachine(BlankMessages(text), true)
}

// anyMatch reports whether one of ps is in f.
func anyMatch(f folded, ps []pattern) bool {
	for _, p := range ps {
		if _, _, ok := p.find(f, 0); ok {
			return true
		}
	}
	return false
}

// SaysFailure reports whether text holds the message text of a code or
// words that say activation failed: MatchMessages or StatesFailure would
// find something. It folds the text once and keeps no offsets.
func SaysFailure(text string) bool {
	f := foldOffsets(text, false)
	t := messageTable()
	return f.s != "" && (anyMatch(f, t.codes) || anyMatch(f, t.failure))
}

// SaysFailureOrSuccess reports whether SaysFailure would, or StatesSuccess
// finds something, or a success that did not hold (SuccessUndone), folding
// text once.
func SaysFailureOrSuccess(text string) bool {
	f := foldOffsets(text, false)
	t := messageTable()
	if f.s == "" {
		return false
	}
	if anyMatch(f, t.codes) || anyMatch(f, t.failure) {
		return true
	}
	if !anyMatch(f, t.success) && !clauseCandidate(text) {
		return false
	}
	kept, at := statesSuccess(text) // phrases and the clause reading (states.go)
	return len(kept) > 0 || at >= 0 // a success, or one that did not hold
}

// StatesFailure reports whether text says that activation failed ("activation
// failed", "ライセンス認証できません", "激活失败"), with the byte offsets of
// the first such words.
func StatesFailure(text string) (start, end int, ok bool) {
	f := foldOffsets(text, false)
	if f.s == "" || !anyMatch(f, messageTable().failure) {
		return 0, 0, false
	}
	f = foldOffsets(text, true)
	first := -1
	var fs, fe int
	for _, p := range messageTable().failure {
		s, e, ok := p.find(f, 0)
		if ok && (first < 0 || s < first) {
			first, fs, fe = s, s, e
		}
	}
	start, end = f.span(fs, fe)
	return start, min(end, len(text)), true
}

// Success is a success or licensed state stated in words: the message of
// an activation that worked (slmgr /ato "Product activated successfully.",
// ospp.vbs "<Product activation successful>"), of a licensed state (slmgr
// /xpr "The machine is permanently activated.", "Volume activation will
// expire", Settings "Windows is activated"), or a user's words for it
// ("激活成功", "activado correctamente").
type Success struct {
	Lang string
	// Start and End are the byte offsets of the words in the text.
	Start, End int
	// Remaining: the words state the time left ("Remaining Period: 179
	// days", "剩余180天"), which an activation log prints after an attempt
	// whatever its result: no success of that attempt.
	Remaining bool
	// Printed: the words are one of the fixed texts of the success list
	// (what slmgr, ospp.vbs and activation scripts print, and a few users'
	// words for them), not a predicate of the clause reading.
	Printed bool
}

// StatesSuccess finds the success texts of messages.yaml in text, and the
// predicates of its clauses section that hold (clauseSuccesses), in the
// order of the text, one per place (the longest where several overlap).
// It leaves out one that the words before it in its clause deny or make a
// condition of ("not activated successfully", "没有激活成功",
// "如果显示成功地激活了产品", "if it says ..."), one in a question
// ("激活成功了吗？", "is it activated successfully?"), a hypothetical or
// past one (notHeld: "can be successfully activated when ...", "2 months
// ago"), and the last ones while a clause after them says they did not
// hold (undoneAt).
func StatesSuccess(text string) []Success {
	kept, _ := statesSuccess(text)
	return kept
}

// statesSuccess is StatesSuccess with the offset of the clause that undid
// the last success it dropped (-1: none).
func statesSuccess(text string) ([]Success, int) {
	var out []Success
	if f := foldOffsets(text, false); f.s != "" && anyMatch(f, messageTable().success) {
		f = foldOffsets(text, true)
		for _, p := range messageTable().success {
			for start, end := range p.spans(f) {
				end = min(end, len(text))
				if deniedOrAsked(text, start, end) || !heldPhrase(text, start, end) {
					continue
				}
				out = append(out, Success{Lang: p.lang, Start: start, End: end, Printed: true})
			}
		}
	}
	out = append(out, clauseSuccesses(text)...)
	if len(out) == 0 {
		return nil, -1
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].End > out[j].End
	})
	// One per place: drop a match inside the one before it.
	// Then keep only those the rest of the text does not undo.
	var kept []Success
	for _, m := range out {
		if n := len(kept); n > 0 && m.Start < kept[n-1].End {
			continue
		}
		kept = append(kept, m)
	}
	at := -1
	for len(kept) > 0 {
		end := kept[len(kept)-1].End
		u, ok := undoneAt(text[end:])
		if !ok || retracted(text[end+u:]) {
			break // not undone, or the writer took the undoing words back
		}
		if at < 0 {
			at = end + u
		}
		kept = kept[:len(kept)-1]
	}
	return kept, at
}

// clauseEnds are the runes that end a clause: what comes before one does
// not deny what comes after it.
const clauseEnds = ".。!！?？;；,，、:：\n“”\"「」（）()"

// denials are words that, before a success phrase in its clause, deny it,
// say it was almost reached ("almost", "快要", "もう少しで")
// or make it a condition; their ASCII ones are matched as whole words.
var denials = []string{"not", "n't", "never", "no", "without", "if", "whether", "until", "unless", "should", "almost", "nearly",
	"没有", "没", "未", "不", "无法", "如果", "若", "是否", "直到", "快要", "差点", "差一点", "几乎", "即将",
	"沒有", "沒", "無法", "是否", "差點", "幾乎", "即將",
	"ない", "ず", "もし", "か", "もう少しで", "あと少しで",
	"nicht", "kein", "pas", "não", "nao", "не", "sin", "si"}

// deniedOrAsked: the clause of text[start:end] denies it, makes it a
// condition, or asks it.
func deniedOrAsked(text string, start, end int) bool {
	cs := max(strings.LastIndexAny(text[:start], clauseEnds)+1, clauseStart(asciiLower(text[:start]), start, messageTable().clauses))
	before := strings.ToLower(text[cs:start])
	for _, w := range denials {
		if w[0] < utf8.RuneSelf && w != "n't" {
			for _, tok := range strings.FieldsFunc(before, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
				if tok == w {
					return true
				}
			}
			continue
		}
		if w == "か" || w == "ず" || w == "ない" {
			continue // Japanese negation follows the verb: see after
		}
		if strings.Contains(before, w) {
			return true
		}
	}
	// After the phrase, to the end of its clause: a question, or a
	// Japanese negation ("認証されていません").
	rest := text[end:]
	if i := strings.IndexAny(rest, ".。!！;；,，、\n"); i >= 0 {
		rest = rest[:i+1]
	}
	if (strings.ContainsAny(rest, "?？") || strings.Contains(rest, "吗") || strings.Contains(rest, "嗎")) && !whyQuestion(text, start) {
		return true
	}
	// A quotation of the phrase is a question (cmd "says "it's activated,
	// are you sure you want to do it again?"").
	if q, ok := quoteRest(text, start, end); ok && (strings.ContainsAny(q, "?？") || strings.Contains(q, "吗") || strings.Contains(q, "嗎")) {
		return true
	}
	trim := strings.TrimLeftFunc(rest, unicode.IsSpace)
	for _, w := range []string{"ません", "ない", "ず", "か", "了吗", "不了", "失败", "失敗"} {
		if strings.HasPrefix(trim, w) {
			return true
		}
	}
	// A Japanese verb ends after the phrase: "完了しない", "完了していません",
	// "完了せず" (within the next 6 letters of the clause).
	if r := []rune(trim); len(r) > 0 {
		head := string(r[:min(len(r), 6)])
		if i := strings.IndexAny(head, "、。，,"); i >= 0 {
			head = head[:i]
		}
		for _, w := range []string{"ない", "ません", "なかっ", "せず"} {
			if strings.Contains(head, w) {
				return true
			}
		}
	}
	return false
}
