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
)

// The shapes of a text that speaks in general terms, beside the lists of
// messages.yaml "documents" (messages.yaml "generals"):
//
//   - a definition of a tool: a sentence, or a label's text ("定义与核心用
//     途:"), that begins with a licensing tool's name and a copula ("slmgr
//     是软件许可管理工具的英文缩写", "slmgr.vbs is a script that…", "VAMT
//     とは、…"): the text's own presentation (definesTool);
//   - a failure defined in general terms: an error noun followed by the
//     words of a definition ("Office activation errors 657Rx and 4Vt9F
//     indicate that…", messages.yaml "documents: defines"), a code shown
//     or not (failureDefined);
//   - an encyclopaedia's footnote marks after a sentence or a clause
//     ("…user experience.[4]", "[citation needed]"): its own presentation
//     (citationRe);
//   - a commit's or a pull request's title that GitHub wrapped into its
//     description ("…this FQDN ne…" / "…eds to add…"): a code change's
//     description (wrappedTitle);
//   - notes or a cheat-sheet of commands: three lines or more that pair an
//     explanation with a command set in backticks ("卸载旧密钥：`slmgr.vbs
//     /upk`", "`slmgr /dlv` - shows the details"): a kind of weaker signal
//     (cheatSheet);
//   - a first person inside short quotation marks is a name, a menu's or
//     an icon's ("右键"我的电脑"", "open "My Computer""), not the writer
//     (quotedAt).
//
// And a thread's title marked solved ("[SOLVED] …", "(solved)", "【已解
// 决】", "[解決済み]"): the problem it reports was resolved (MarkedSolved).

type generalTables struct {
	tools    []docPhrase // names of licensing tools
	copulas  []docPhrase // the words of a definition after a subject
	notCop   []string    // a copula's start that asks ("是不是", "是否")
	errors   []docPhrase // error nouns
	solved   []string    // words that mark a title solved, lowered
	solvedCJ []string    // those of a script without spaces
	what     []string    // how a definition's title begins ("what is "), lowered
	whatEnd  []string    // or ends ("とは", "란"), lowered
	whatNot  []string    // what, after those, makes it a question of a ticket ("wrong")
}

var (
	genOnce sync.Once
	genTab  generalTables
	genErr  error
)

func loadGenerals(b []byte) (generalTables, error) {
	var f struct {
		Generals struct {
			Tools      []string            `yaml:"tools"`
			Copulas    map[string][]string `yaml:"copulas"`
			CopulasNot []string            `yaml:"copulas_not"`
			Errors     map[string][]string `yaml:"errors"`
			Solved     map[string][]string `yaml:"solved"`
			What       map[string][]string `yaml:"what"`
			WhatEnd    map[string][]string `yaml:"what_end"`
			WhatNot    []string            `yaml:"what_not"`
		} `yaml:"generals"`
	}
	if err := yaml.Unmarshal(b, &f); err != nil {
		return generalTables{}, fmt.Errorf("messages.yaml: %w", err)
	}
	g := f.Generals
	var t generalTables
	add := func(dst *[]docPhrase, what string, ps []string) error {
		for _, p := range ps {
			ph, err := compileDocPhrase(p)
			if err != nil {
				return fmt.Errorf("messages.yaml: generals: %s: %w", what, err)
			}
			ph.cased = false
			ph.s = strings.ToLower(ph.s)
			*dst = append(*dst, ph)
		}
		return nil
	}
	if len(g.Tools) == 0 || len(g.Copulas) == 0 || len(g.Errors) == 0 || len(g.Solved) == 0 {
		return generalTables{}, fmt.Errorf("messages.yaml: generals: a list is missing")
	}
	if err := add(&t.tools, "tools", g.Tools); err != nil {
		return generalTables{}, err
	}
	for _, sec := range []struct {
		name string
		m    map[string][]string
		dst  *[]docPhrase
	}{{"copulas", g.Copulas, &t.copulas}, {"errors", g.Errors, &t.errors}} {
		for lang, ps := range sec.m {
			if !slices.Contains(statementLangs, lang) {
				return generalTables{}, fmt.Errorf("messages.yaml: generals: %s: unknown language %q", sec.name, lang)
			}
			if err := add(sec.dst, sec.name, ps); err != nil {
				return generalTables{}, err
			}
		}
	}
	for _, w := range g.CopulasNot {
		t.notCop = append(t.notCop, strings.ToLower(foldWidth(w)))
	}
	for lang, ws := range g.Solved {
		if !slices.Contains(statementLangs, lang) {
			return generalTables{}, fmt.Errorf("messages.yaml: generals: solved: unknown language %q", lang)
		}
		for _, w := range ws {
			w = strings.ToLower(foldWidth(strings.TrimSpace(w)))
			if w == "" {
				return generalTables{}, fmt.Errorf("messages.yaml: generals: solved: empty word")
			}
			if r, _ := utf8.DecodeRuneInString(w); spacedLetter(r) {
				t.solved = append(t.solved, w)
			} else {
				t.solvedCJ = append(t.solvedCJ, w)
			}
		}
	}
	for _, sec := range []struct {
		name string
		m    map[string][]string
		dst  *[]string
	}{{"what", g.What, &t.what}, {"what_end", g.WhatEnd, &t.whatEnd}} {
		for lang, ws := range sec.m {
			if !slices.Contains(statementLangs, lang) {
				return generalTables{}, fmt.Errorf("messages.yaml: generals: %s: unknown language %q", sec.name, lang)
			}
			for _, w := range ws {
				if w = strings.ToLower(foldWidth(w)); strings.TrimSpace(w) == "" {
					return generalTables{}, fmt.Errorf("messages.yaml: generals: %s: empty phrase", sec.name)
				}
				*sec.dst = append(*sec.dst, w)
			}
		}
	}
	for _, w := range g.WhatNot {
		t.whatNot = append(t.whatNot, strings.ToLower(foldWidth(w)))
	}
	if len(t.what) == 0 {
		return generalTables{}, fmt.Errorf("messages.yaml: generals: no what")
	}
	return t, nil
}

func generalTable() generalTables {
	genOnce.Do(func() { genTab, genErr = loadGenerals(messagesYAML) })
	if genErr != nil {
		panic(genErr) // embedded data: TestGeneralsTable fails first
	}
	return genTab
}

// citationRe is an encyclopaedia's footnote mark right after a sentence's
// or a clause's end ("experience.[4]", "hardware,[12]") or its request for
// a source.
var citationRe = regexp.MustCompile(`[.,;:!?"”)」。、]\[(?:[1-9][0-9]{0,2}|citation needed|note [0-9]{1,3})\]`)

// definitionTitle: the first line of t is a short title that asks what
// an activation's thing is ("What Is Windows Activation?", "Was ist KMS?",
// "什么是KMS激活", "KMS とは"): a page's own presentation. What the rest of
// a ticket's question names ("What is wrong with…", "What is going on?")
// is none, nor is a title that states a failure.
func (t docText) definitionTitle(g generalTables) bool {
	first := strings.TrimSpace(t.low)
	i := strings.IndexByte(first, '\n')
	if i < 0 {
		return false // a title alone is a question
	}
	first = strings.Trim(strings.TrimSpace(first[:i]), "#* ")
	if first == "" || utf8.RuneCountInString(first) > 80 || strings.ContainsAny(first, ".。!！") {
		return false
	}
	rest := ""
	for _, w := range g.what {
		if strings.HasPrefix(first, w) {
			rest = first[len(w):]
			break
		}
	}
	if rest == "" {
		body := strings.TrimRight(first, "?？ ")
		for _, w := range g.whatEnd {
			if strings.HasSuffix(body, w) {
				rest = strings.TrimSuffix(body, w)
				break
			}
		}
	}
	rest = strings.TrimSpace(strings.TrimRight(rest, "?？ "))
	if rest == "" || len(strings.Fields(rest)) > maxWhatWords {
		return false
	}
	for _, w := range g.whatNot {
		if strings.HasPrefix(rest, w) {
			return false
		}
	}
	if _, ok := FailureStatement(first); ok {
		return false
	}
	return AboutActivation(rest)
}

// maxWhatWords bounds the words of the thing a definition's title asks
// about ("windows activation"): a longer rest is a ticket's question.
const maxWhatWords = 5

// maxLabel bounds the label a definition may follow on its line
// ("定义与核心用途:", "Definition:").
const maxLabel = 40

// definesTool: a sentence of t (or a label's text) begins with a
// licensing tool's name and a copula.
func (t docText) definesTool(g generalTables) bool {
	return t.findsAny(g.tools, func(p docPhrase, at int) bool {
		// What comes before it in its sentence: nothing, a Markdown
		// mark, or a short label with a colon.
		ss := at
		for ss > 0 {
			r, size := utf8.DecodeLastRuneInString(t.low[:ss])
			if strings.ContainsRune(".!?。！？\n", r) {
				break
			}
			ss -= size
		}
		before := strings.Trim(t.low[ss:at], " \t*#>_\"“「'")
		if before != "" {
			if !strings.HasSuffix(before, ":") || utf8.RuneCountInString(before) > maxLabel {
				return false
			}
		}
		// (finds keeps a Latin name a whole word: "slmgrx" is none.)
		rest := strings.TrimLeft(t.low[at+len(p.s):], " \t\"”」'")
		// An expansion in parentheses: "VAMT (Volume Activation
		// Management Tool) is…".
		if strings.HasPrefix(rest, "(") || strings.HasPrefix(rest, "（") {
			if i := strings.IndexAny(rest, ")）"); i > 0 && i < 120 {
				_, size := utf8.DecodeRuneInString(rest[i:])
				rest = strings.TrimLeft(rest[i+size:], " \t,")
			}
		}
		for _, n := range g.notCop {
			if strings.HasPrefix(rest, n) {
				return false
			}
		}
		// A sentence that states a failure ("slmgr is a pain, activation
		// fails") is a ticket's, not a definition.
		se := len(rest)
		if k := strings.IndexAny(rest, ".!?。！？\n"); k >= 0 {
			se = k
		}
		if _, ok := FailureStatement(t.low[ss:at+len(p.s)] + " " + rest[:se]); ok {
			return false
		}
		for _, c := range g.copulas {
			if strings.HasPrefix(rest, c.s) {
				if c.word {
					r, _ := utf8.DecodeRuneInString(rest[len(c.s):])
					if unicode.IsLetter(r) || unicode.IsDigit(r) {
						continue
					}
				}
				return true
			}
		}
		return false
	})
}

// failureDefined: an error noun of t is followed, in its sentence and
// within maxDefinitionGap bytes, by the words of a definition.
func (t docText) failureDefined(tab docTables, g generalTables) bool {
	return t.findsAny(g.errors, func(p docPhrase, at int) bool {
		from := at + len(p.s)
		w := t.low[from:min(len(t.low), from+maxDefinitionGap)]
		if i := strings.IndexAny(w, ".\n。!?"); i >= 0 {
			w = w[:i]
		}
		if (docText{orig: w, low: w}).has(tab, famDefines, nil) {
			return true
		}
		return false
	})
}

// wrappedTitle: the first line of text (as given: NFKC writes the
// ellipsis as three full stops, which a writer types) ends with the
// ellipsis character and the next line that is not blank begins with
// one: a commit's or a pull request's title GitHub cut into its
// description.
func wrappedTitle(text string) bool {
	var ls []string
	for l := range strings.SplitSeq(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			ls = append(ls, l)
			if len(ls) == 2 {
				break
			}
		}
	}
	return len(ls) == 2 && strings.HasSuffix(ls[0], "…") && strings.HasPrefix(ls[1], "…") && utf8.RuneCountInString(ls[0]) <= 100
}

// cheatRe is a line of notes that pairs an explanation with a command set
// in backticks: "卸载旧密钥：`slmgr.vbs /upk`", "`slmgr /dlv` - details".
var cheatRe = regexp.MustCompile("(?m)^[ \t>*•-]*(?:[0-9]{1,2}[.)、][ \t]*)?(?:[^`:：\n]{2,60}[:：][ \t]*`[^`\n]{2,}`[ \t]*$|`[^`\n]{2,}`[ \t]*(?:[-–—:：]|#|//)[ \t]*[^ \t\n])")

// minCheatLines is how many such lines make notes.
const minCheatLines = 3

func (t docText) cheatSheet() bool {
	return len(cheatRe.FindAllStringIndex(t.orig, minCheatLines)) >= minCheatLines
}

// quotedAt: byte at of t is inside short quotation marks on its line (a
// name: "我的电脑", "My Computer").
func (t docText) quotedAt(at int) bool {
	const span = 32
	lo := strings.LastIndexByte(t.low[:at], '\n') + 1
	hi := len(t.low)
	if i := strings.IndexByte(t.low[at:], '\n'); i >= 0 {
		hi = at + i
	}
	before, after := t.low[max(lo, at-span):at], t.low[at:min(hi, at+span)]
	for _, q := range [][2]string{{"“", "”"}, {"「", "」"}, {"『", "』"}, {"‘", "’"}} {
		if i := strings.LastIndex(before, q[0]); i >= 0 && !strings.Contains(before[i:], q[1]) && strings.Contains(after, q[1]) {
			return true
		}
	}
	// Straight quotes: an odd number before it on its line, one after.
	if strings.Count(t.low[lo:at], `"`)%2 == 1 && strings.Contains(after, `"`) && !strings.Contains(before[strings.LastIndexByte(before, '"')+1:], " ") {
		return true
	}
	return false
}

// MarkedSolved reports whether the first line of text, a thread's title,
// is marked solved: a word of messages.yaml "generals: solved" in
// brackets ("[SOLVED]", "(Resolved)", "【已解决】", "[解決済み]"), or
// opening the title before a colon or a dash ("Solved: …", "已解决 - …"),
// or closing it after a dash or a bar ("… - solved").
func MarkedSolved(text string) bool {
	first := strings.TrimSpace(text)
	if i := strings.IndexByte(first, '\n'); i >= 0 {
		first = strings.TrimSpace(first[:i])
	}
	if first == "" || utf8.RuneCountInString(first) > 200 {
		return false
	}
	low := strings.ToLower(foldWidth(strings.Trim(first, "#* ")))
	g := generalTable()
	mark := func(w string) bool {
		for _, q := range [][2]string{{"[", "]"}, {"(", ")"}, {"【", "】"}, {"〔", "〕"}, {"「", "」"}} {
			if strings.Contains(low, q[0]+w+q[1]) {
				return true
			}
		}
		for _, sepa := range []string{":", " -", " –", " —", " |"} {
			if strings.HasPrefix(low, w+sepa) {
				return true
			}
		}
		for _, sepa := range []string{"- ", "– ", "— ", "| "} {
			if strings.HasSuffix(low, sepa+w) {
				return true
			}
		}
		return false
	}
	for _, w := range append(slices.Clone(g.solved), g.solvedCJ...) {
		if mark(w) {
			return true
		}
	}
	return false
}
