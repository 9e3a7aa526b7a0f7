package knowledge

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// Whether a text speaks of a particular machine at all. A pasted page, a KB
// article, a guide, a vendor's FAQ or a table of contents names activation,
// its failures, states and steps in every language without saying anything
// of a machine: "次の条件の 1 つ以上に該当する場合は…KMS ホスト コンピューター
// に接続できません", "目前免费升级通道已关闭，因此数字权利激活失效", "Für
// Administratoren … Inhalt", "Este documento fornece …". A ticket speaks of
// one: its writer ("I", 私, 我, ich, я), a moment or a picture of it
// (today, 昨日, a screenshot), a request for help, a tool's output (a
// prompt, a log's time stamps), or, more weakly, "we", a narrated past or a
// question. AboutNoMachine weighs the two (messages.yaml "documents").

// documentLangs are the languages of the "documents" lists: those of the
// statements, and every other language Microsoft localises its
// documentation into (Learn, Support, the Azure and Windows Server
// documentation forks), since a page pasted in any of them is still a page.
// A text in these languages is read for its codes and its English lines;
// these lists tell whether it speaks of a machine at all.
var documentLangs = append(slices.Clone(statementLangs),
	"cs", "pl", "sv", "da", "nb", "fi", "hu", "tr", "nl", "it", "pt-PT", "uk", "el", "ro", "sk", "sl", "hr", "bg",
	"id", "vi", "th", "ar", "he", "lv", "lt", "et")

// docFamilies are the lists of messages.yaml "documents", in the order
// docTables holds them.
var docFamilies = []string{"person", "occasion", "help", "we", "presents", "headings", "reader", "condition", "steps",
	"sections", "news", "topics", "defines", "titles", "changes", "refers", "homographs"}

const (
	famPerson = iota
	famOccasion
	famHelp
	famWe
	famPresents
	famHeadings
	famReader
	famCondition
	famSteps
	famSections
	famNews
	famTopics
	famDefines
	famTitles
	famChanges
	famRefers
	famHomographs
)

// docPhrase is one phrase of a family, normalised as docText normalises a
// text (case-folded unless cased).
type docPhrase struct {
	s      string
	lang   string // the language of the list it comes from
	cased  bool   // written with capitals: matched with its case
	prefix bool   // "*": a word's start
	word   bool   // letters of a script written with spaces at both ends: whole words
}

type docTables struct {
	fams [][]docPhrase
}

var (
	docOnce sync.Once
	docTab  docTables
	docErr  error
)

func loadDocuments(b []byte) (docTables, error) {
	var f struct {
		Documents map[string]map[string][]string `yaml:"documents"`
	}
	if err := yaml.Unmarshal(b, &f); err != nil {
		return docTables{}, fmt.Errorf("messages.yaml: %w", err)
	}
	t := docTables{fams: make([][]docPhrase, len(docFamilies))}
	for name := range f.Documents {
		if !slices.Contains(docFamilies, name) {
			return docTables{}, fmt.Errorf("messages.yaml: documents: unknown list %q", name)
		}
	}
	for i, name := range docFamilies {
		sec, ok := f.Documents[name]
		if !ok {
			return docTables{}, fmt.Errorf("messages.yaml: documents: no %s", name)
		}
		for lang, ps := range sec {
			if !slices.Contains(documentLangs, lang) {
				return docTables{}, fmt.Errorf("messages.yaml: documents: %s: unknown language %q", name, lang)
			}
			for _, p := range ps {
				ph, err := compileDocPhrase(p)
				if err != nil {
					return docTables{}, fmt.Errorf("messages.yaml: documents: %s: %w", name, err)
				}
				ph.lang = lang
				t.fams[i] = append(t.fams[i], ph)
			}
		}
	}
	return t, nil
}

func compileDocPhrase(p string) (docPhrase, error) {
	ph := docPhrase{}
	if strings.HasSuffix(p, "*") {
		p, ph.prefix = strings.TrimSuffix(p, "*"), true
	}
	p = foldWidth(p)
	if strings.TrimSpace(p) == "" {
		return ph, fmt.Errorf("empty phrase")
	}
	ph.cased = p != strings.ToLower(p)
	if !ph.cased {
		p = strings.ToLower(p)
	}
	first, _ := utf8.DecodeRuneInString(p)
	last, _ := utf8.DecodeLastRuneInString(p)
	ph.word = spacedLetter(first) || spacedLetter(last)
	ph.s = p
	return ph, nil
}

// foldWidth is NFKC and width folding, as NormalizeText does (full-width
// letters and punctuation become ASCII; katakana stays).
func foldWidth(s string) string {
	if isPlainASCII(s) {
		return s
	}
	return width.Fold.String(norm.NFKC.String(s))
}

// spacedLetter: r is a letter of a script written with spaces between
// words (Latin, Cyrillic, Greek), where a phrase is matched as whole words.
func spacedLetter(r rune) bool {
	return unicode.In(r, unicode.Latin, unicode.Cyrillic, unicode.Greek)
}

func documentTable() docTables {
	docOnce.Do(func() { docTab, docErr = loadDocuments(messagesYAML) })
	if docErr != nil {
		panic(docErr) // embedded data: TestDocuments fails first
	}
	return docTab
}

// maxDocumentScan bounds the text AboutNoMachine reads (a page pasted whole
// shows its kind in its start).
const maxDocumentScan = 64 << 10

// docText is a text as the families are matched: width-folded (orig, for
// the cased phrases) and lower-cased (low).
type docText struct{ orig, low string }

// finds reports the offsets in t (of low or orig) where p matches.
func (t docText) finds(p docPhrase, f func(at int) bool) {
	s := t.low
	if p.cased {
		s = t.orig
	}
	for off := 0; ; {
		i := strings.Index(s[off:], p.s)
		if i < 0 {
			return
		}
		at, end := off+i, off+i+len(p.s)
		off = at + 1
		if p.word {
			if r, _ := utf8.DecodeLastRuneInString(s[:at]); at > 0 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				continue
			}
			if dottedName(s, at, end) {
				continue // a part of a host's or a file's name ("zh.us.to")
			}
			if !p.prefix && end < len(s) {
				r, _ := utf8.DecodeRuneInString(s[end:])
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					continue
				}
				// A single letter before a full stop is an abbreviation
				// ("i.e."), not the pronoun.
				if utf8.RuneCountInString(p.s) == 1 && r == '.' {
					continue
				}
			}
		}
		if f(at) {
			return
		}
	}
}

// dottedName: the word at [at, end) of s is joined by a full stop to a
// letter or a digit on either side ("kms.us.to", "my.domain"), a part of
// a name.
func dottedName(s string, at, end int) bool {
	alnum := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	if at >= 2 && s[at-1] == '.' {
		if r, _ := utf8.DecodeLastRuneInString(s[:at-1]); alnum(r) {
			return true
		}
	}
	if end+1 < len(s) && s[end] == '.' {
		if r, _ := utf8.DecodeRuneInString(s[end+1:]); alnum(r) {
			return true
		}
	}
	return false
}

// has reports whether any phrase of family fam matches t; skip, when not
// nil, leaves out the matches it reports.
func (t docText) has(tab docTables, fam int, skip func(at int) bool) bool {
	return t.findsAny(tab.fams[fam], func(_ docPhrase, at int) bool { return skip == nil || !skip(at) })
}

// findsAny reports whether f accepts a match of one of ps in t (f sees
// each match in turn until it accepts one).
func (t docText) findsAny(ps []docPhrase, f func(p docPhrase, at int) bool) bool {
	for _, p := range ps {
		found := false
		t.finds(p, func(at int) bool {
			found = f(p, at)
			return found
		})
		if found {
			return true
		}
	}
	return false
}

// hasAnchor is has for an anchor's family: a phrase that foreign reports is
// left out.
func (t docText) hasAnchor(tab docTables, fam int, foreign func(docPhrase) bool, skip func(at int) bool) bool {
	return t.findsAny(tab.fams[fam], func(p docPhrase, at int) bool { return !foreign(p) && (skip == nil || !skip(at)) })
}

// voteFamilies are the lists whose phrases tell the language a document is
// written in (its presentation, the reader, conditions, steps, sections,
// references, definitions).
var voteFamilies = []int{famPresents, famReader, famCondition, famSteps, famSections, famRefers, famDefines}

// questionTitleEnd is the end of s's first line when that line is a
// question of at most 100 characters (a help page's title), or -1.
func questionTitleEnd(s string) int {
	start := len(s) - len(strings.TrimLeft(s, " \t\r\n"))
	end := strings.IndexByte(s[start:], '\n')
	if end < 0 {
		end = len(s) - start
	}
	l := strings.TrimSpace(s[start : start+end])
	if l == "" || utf8.RuneCountInString(l) > 100 || !(strings.HasSuffix(l, "?") || strings.HasSuffix(l, "？")) {
		return -1
	}
	return start + end
}

// foreignWords returns whether an anchor of tab is, in t, a word of the
// language t is written in rather than the anchor's own: t shows at least
// two distinct phrases of some language's document lists, fewer than half
// as many of the anchor's language (an English anchor name, <a
// name="cause">, in a localised page is one phrase), and that language
// lists the anchor among its homographs (messages.yaml "documents:
// homographs"). A Czech page's "je" (is) is not French "je", a Swedish
// page's "i" (in) not English "I".
func (t docText) foreignWords(tab docTables) func(docPhrase) bool {
	votes := map[string]int{}
	for _, fam := range voteFamilies {
		for _, p := range tab.fams[fam] {
			t.finds(p, func(int) bool { votes[p.lang]++; return true })
		}
	}
	return func(p docPhrase) bool {
		for _, h := range tab.fams[famHomographs] {
			if h.s == p.s && votes[h.lang] >= 2 && 2*votes[p.lang] < votes[h.lang] {
				return true
			}
		}
		return false
	}
}

// headingLine: a line of t that is only a heading phrase (a page's
// "Contents", 目次, "ADVERTISEMENT").
func (t docText) headingLine(tab docTables) bool {
	for l := range strings.SplitSeq(t.low, "\n") {
		l = strings.Trim(l, " \t\r#*:：-–—•")
		if l == "" || len(l) > 40 {
			continue
		}
		for _, p := range tab.fams[famHeadings] {
			if l == p.s {
				return true
			}
		}
	}
	return false
}

// lineWords is line l after a bullet, a number or a Markdown mark ("- ",
// "1. ", "## ", "**").
func lineWords(l string) string {
	l = strings.TrimLeft(l, " \t-*•#>|")
	if i := strings.IndexFunc(l, func(r rune) bool { return r < '0' || r > '9' }); i > 0 && i <= 2 {
		if rest := l[i:]; strings.HasPrefix(rest, ".") || strings.HasPrefix(rest, ")") || strings.HasPrefix(rest, "、") {
			_, size := utf8.DecodeRuneInString(rest)
			l = strings.TrimLeft(rest[size:], " \t")
		}
	}
	return strings.TrimLeft(l, "*_")
}

// sectionHeadings counts the distinct section headings ("Possible cause",
// "Resolution", "可能原因", "解决方法") that begin a line of t.
func (t docText) sectionHeadings(tab docTables) int {
	var seen []int
	for l := range strings.SplitSeq(t.low, "\n") {
		l = lineWords(l)
		if l == "" {
			continue
		}
		for i, p := range tab.fams[famSections] {
			if !strings.HasPrefix(l, p.s) || slices.Contains(seen, i) {
				continue
			}
			if r, _ := utf8.DecodeRuneInString(l[len(p.s):]); !p.word || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
				seen = append(seen, i)
			}
		}
	}
	return len(seen)
}

// sectionHeadings counts the distinct section headings of a
// troubleshooting page that begin a line of text (docText.sectionHeadings).
func sectionHeadings(text string) int {
	if len(text) > maxDocumentScan {
		text = text[:maxDocumentScan]
	}
	low := strings.ToLower(foldWidth(text))
	return docText{orig: low, low: low}.sectionHeadings(documentTable())
}

// failureTitle: the first line of t is a short title that states a failure
// (FailureStatement) and names no topic of a page (messages.yaml
// "documents: topics"): an issue's or a dialog's title ("Product
// Activation Failed (Microsoft 365)"), not a page's ("Windows
// をライセンス認証できない理由").
func (t docText) failureTitle(tab docTables) bool {
	first := strings.TrimSpace(t.orig)
	if i := strings.IndexByte(first, '\n'); i >= 0 {
		first = strings.TrimSpace(first[:i])
	}
	if first == "" || utf8.RuneCountInString(first) > 100 || strings.HasSuffix(first, ".") || strings.HasSuffix(first, "。") {
		return false
	}
	if _, ok := FailureStatement(first); !ok {
		return false
	}
	title := docText{orig: first, low: strings.ToLower(first)}
	return !title.has(tab, famTopics, nil)
}

// howToTitle: the first line of t is a how-to page's title ("How to check
// whether a KMS client is activated", "ライセンス認証の確認方法"): short, no
// sentence's end or question mark, beginning (Latin and Cyrillic scripts)
// or ending (the others) with a phrase of messages.yaml "documents:
// titles".
func (t docText) howToTitle(tab docTables) bool {
	first := strings.TrimSpace(t.low)
	if i := strings.IndexByte(first, '\n'); i >= 0 {
		first = strings.TrimSpace(first[:i])
	}
	first = strings.Trim(first, "#* ")
	if first == "" || utf8.RuneCountInString(first) > 100 || strings.ContainsAny(first, ".。?？!！") {
		return false
	}
	for _, p := range tab.fams[famTitles] {
		if strings.HasPrefix(first, p.s) || strings.HasSuffix(first, p.s) {
			return true
		}
	}
	return false
}

// chapterRe is a chapter's heading at a line's start ("第一章", "Chapter 2",
// "Глава 1", "제1장").
var chapterRe = regexp.MustCompile(`(?m)^\s*(?:第[一二三四五六七八九十0-9]{1,3}[章节節]|(?:chapter|kapitel|chapitre|capítulo|capitolo|глава)\s+\d{1,3}\b|제\s?\d{1,3}\s?장)`)

// numberedRe is a numbered line or step of a procedure ("1. ", "2) ",
// "三、", "STEP").
var numberedRe = regexp.MustCompile(`(?m)^\s*(?:\d{1,2}[.)、]\s|[一二三四五六七八九十]{1,2}[、.]|step\s*\d*\s*$)`)

// outputRe is a line of a tool's output or a console: a prompt (C:\...>,
// PS C:\), a log's time stamp at a line's start.
var outputRe = regexp.MustCompile(`(?m)^\s*(?:[A-Za-z]:\\[^>\n]{0,200}>|PS [A-Za-z]:\\|\[?\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[ T,]+\d{1,2}:\d\d)`)

// AboutNoMachine reports whether text speaks of no particular machine: it
// shows a document's signals (it presents itself as an article, a guide,
// a page, or shows a heading of contents; or two kinds of weaker signals:
// the reader or users in general, general conditions, instructions or
// numbered steps, a troubleshooting page's section headings, a vendor's
// decision), and no anchor of a machine (a person speaking of their own,
// a moment or a picture of it, a request for help, a tool's output). A
// weak anchor ("we", a narrated past, a question mark) is outweighed by
// the text's own presentation or by three kinds of its signals.
func AboutNoMachine(text string) bool {
	return aboutNoMachine(text, false)
}

// DefinesCode reports whether text, which shows a failure code, defines it
// in general terms and speaks of no particular machine: a code is the
// subject of a definition (messages.yaml "documents: defines": "error
// 0xC004F074 is one of the most common…", "El código de error 0xC004F074
// en Windows indica…"), which counts as the text's own presentation, and
// no anchor of a machine is there (AboutNoMachine). A page about one
// code's symptoms ("When you try to activate, you receive error …") defines
// nothing and is read as the code shown.
func DefinesCode(text string) bool {
	if len(text) > maxDocumentScan {
		text = text[:maxDocumentScan]
	}
	tab := documentTable()
	low := strings.ToLower(foldWidth(text))
	defined := false
	for _, loc := range codeSubjectRe.FindAllStringIndex(low, -1) {
		gap := maxDefinitionGap
		if conditionBefore(tab, low, loc[0]) {
			gap = maxConditionalGap
		}
		w := low[loc[1]:min(len(low), loc[1]+gap)]
		w = w[:definitionEnd(w)]
		if (docText{orig: w, low: w}).has(tab, famDefines, nil) {
			defined = true
			break
		}
	}
	return defined && aboutNoMachine(text, true)
}

// codeSubjectRe is a failure code as a text names it (0xC004F074).
var codeSubjectRe = regexp.MustCompile(`\b0x[0-9a-f]{8}\b`)

// definitionEnd is the index in w where its sentence ends (sentenceEnd: not
// at the full stop of a version, "Windows 8.1"), or len(w).
func definitionEnd(w string) int {
	for i := 0; i < len(w); i++ {
		if (w[i] < utf8.RuneSelf || utf8.RuneStart(w[i])) && sentenceEnd(w, i) {
			return i
		}
	}
	return len(w)
}

// maxConditionalGap bounds the bytes between a code named in a general
// condition and the words of its sentence's main clause that define it
// ("Hvis feilkoden 0xC004F061 vises når du forsøker å aktivere Windows 8.1
// eller Windows 8, betyr det …").
const maxConditionalGap = 160

// conditionBefore: the sentence of low that runs up to at opens with a
// condition of messages.yaml "documents: condition" ("Hvis du", "Pokud
// máte", "Wenn Sie"), within its first 40 bytes.
func conditionBefore(tab docTables, low string, at int) bool {
	start := strings.LastIndexAny(low[:at], ".\n。!?") + 1
	head := strings.TrimLeft(low[start:at], " \t*-•")
	head = head[:min(len(head), 40)]
	d := docText{orig: head, low: head}
	return d.has(tab, famCondition, nil)
}

// maxDefinitionGap bounds the bytes between a code and the words that
// define it ("0xC004F074 en Windows indica").
const maxDefinitionGap = 48

func aboutNoMachine(text string, defined bool) bool {
	if len(text) > maxDocumentScan {
		text = text[:maxDocumentScan]
	}
	tab := documentTable()
	orig := foldWidth(text)
	t := docText{orig: orig, low: strings.ToLower(orig)}
	g := generalTable()
	own := t.has(tab, famPresents, nil) || t.has(tab, famChanges, nil) || t.headingLine(tab) || chapterRe.MatchString(t.low) ||
		t.howToTitle(tab) || citationRe.MatchString(t.orig) || wrappedTitle(text) || t.definesTool(g) || t.definitionTitle(g)
	// A failure defined in general terms is a definition, as a code
	// defined is (DefinesCode).
	defined = defined || t.failureDefined(tab, g)
	strong := defined || own
	kinds := 0
	for _, fam := range []int{famReader, famCondition, famSteps, famNews, famRefers} {
		if t.has(tab, fam, nil) || fam == famSteps && len(numberedRe.FindAllStringIndex(t.low, 2)) >= 2 {
			kinds++
		}
	}
	if t.cheatSheet() {
		kinds++
	}
	if t.sectionHeadings(tab) >= 2 {
		kinds++
	}
	if !strong && kinds < 2 {
		return false
	}
	// The speaker's "we" (我们) is no singular person (我); the "we" of a
	// vendor's news ("we rolled out a new KMS DNS") is the vendor's, no
	// anchor at all.
	foreign := t.foreignWords(tab)
	var weAt, newsAt [][2]int
	for _, p := range tab.fams[famWe] {
		if foreign(p) {
			continue
		}
		t.finds(p, func(at int) bool { weAt = append(weAt, [2]int{at, at + len(p.s)}); return false })
	}
	for _, p := range tab.fams[famNews] {
		t.finds(p, func(at int) bool { newsAt = append(newsAt, [2]int{at, at + len(p.s)}); return false })
	}
	inWe := func(at int) bool {
		// A first person in short quotation marks is a name ("我的电脑").
		return slices.ContainsFunc(weAt, func(w [2]int) bool { return w[0] == at }) || t.quotedAt(at)
	}
	weak := slices.ContainsFunc(weAt, func(w [2]int) bool {
		return !slices.ContainsFunc(newsAt, func(n [2]int) bool { return n[0] <= w[0] && w[1] <= n[1] })
	}) || strings.ContainsAny(t.orig, "?？")
	// A help page's title asks in the reader's voice ("Why can't I activate
	// Windows?", "Hvorfor kan jeg ikke aktivere Windows?"): its first person
	// is no writer's when the text presents itself or shows three kinds of
	// a page's signals.
	titleEnd := -1
	if own || kinds >= 3 {
		titleEnd = questionTitleEnd(t.low)
	}
	inPerson := func(at int) bool { return inWe(at) || at < titleEnd }
	if t.hasAnchor(tab, famPerson, foreign, inPerson) || t.hasAnchor(tab, famOccasion, foreign, nil) ||
		t.hasAnchor(tab, famHelp, foreign, nil) || outputRe.MatchString(t.orig) {
		return false
	}
	// A title that states a failure is an issue's or a dialog's, an anchor
	// unless the text's own presentation or three kinds of its signals
	// make it a page's section ("Клиентский компьютер KMS не активируется"
	// above "Проверьте… выполните… Если… Дополнительные сведения… см.").
	if !defined && t.failureTitle(tab) && !own && kinds < 3 {
		return false
	}
	// A definition alone does not outweigh a weak anchor ("Error 0x…
	// indicates that … Our server can't activate, what should we do?").
	return !weak || own || kinds >= 3
}
