package knowledge

import (
	"regexp"
	"strings"
)

// What a text states about a machine. A pasted text may name activation,
// its tools and its codes without saying anything of a machine: a
// reference (a table or a list of codes with their messages, a header's
// #define lines), a guide that presents itself as one ("This guide ...",
// "本文..."), a document's address or file name ("Update
// troubleshoot-activation-problems.md"), codes given as examples ("Note the
// error code shown (for example: 0xC004C003, 0xC004F034, etc.)"), or codes
// an instruction to edit a document names ("For 0xC004F074 error, add
// instruction from ..."). Stated blanks those parts, so that the readers of
// words (the prose kind) read only what the text states.

// codeRe is a code as references write it (0x and eight hex digits, a C
// header's "L" suffix too).
var codeRe = regexp.MustCompile(`(?i)(?:^|[^0-9a-z])(0x[0-9a-f]{8})l?(?:[^0-9a-z]|$)`)

// lineCodes are the distinct codes of a line, lower case.
func lineCodes(l string) []string {
	var out []string
	for _, m := range codeRe.FindAllStringSubmatch(l, -1) {
		c := strings.ToLower(m[1])
		if !containsStr(out, c) {
			out = append(out, c)
		}
	}
	return out
}

func containsStr(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// listItemRe is a line that begins, after a bullet, a number or a table's
// bar, with a code: the row of a list or a table of codes.
var listItemRe = regexp.MustCompile(`(?i)^\s*(?:[-*•+]\s*|\d{1,3}[.)]\s*|\|\s*)?[\[(` + "`" + `*"']*0x[0-9a-f]{8}`)

// defineRe is a C header's definition of a code ("#define
// SL_E_... ((HRESULT)0xC004F074L)", "NAME = 0x...,").
var defineRe = regexp.MustCompile(`(?i)^\s*(?:#\s*define\s+[a-z_][a-z0-9_]*\s|[a-z_][a-z0-9_]*_[a-z0-9_]+\s*[=:]\s*\(?)`)

// tableRowRe is a row of a Markdown table (two bars at least).
var tableRowRe = regexp.MustCompile(`^\s*\|.*\|`)

// minReference is how many distinct codes on lines of their own make a
// text a reference: a ticket shows one or two codes, a list many.
const minReference = 3

// firstPersonRe is a person speaking of their own machine ("I get", "my
// PC", "we", "我", "私"): a list of codes they show is theirs.
var firstPersonRe = regexp.MustCompile(`(?i)\b(?:i|i'm|i've|im|we|my|our|me)\b|我|私の|私は`)

// describedRe is a definition line's description: words after the code.
var describedRe = regexp.MustCompile(`(?i)0x[0-9a-f]{8}l?[^0-9a-z]*[^\x00-\x40\x5b-\x60\x7b-\x7f]{0,4}(?:\pL+[^\pL\n]+){2,}`)

// Reference reports whether text is a reference of codes, not a machine's
// output: at least minReference distinct codes on definition lines (a
// list's or a table's row that begins with the code, a #define), or two
// under the section headings of a troubleshooting page at the start of
// lines ("Возможная причина Possible cause", "Разрешение Resolution": a
// table of contents of Microsoft's article; sectionHeadings), no more
// than a third of the lines that show a code anything else, and either
// most rows describe their code or nobody speaks of their own machine (a
// bare list under "the errors I get:" is a ticket's).
func Reference(text string) bool {
	if !hasHexCode(text) {
		return false
	}
	var defined []string
	def, other, described := 0, 0, 0
	person := false
	for l := range strings.SplitSeq(text, "\n") {
		cs := lineCodes(l)
		if len(cs) == 0 {
			person = person || firstPersonRe.MatchString(l)
			continue
		}
		if listItemRe.MatchString(l) || defineRe.MatchString(l) || tableRowRe.MatchString(l) {
			def++
			if defineRe.MatchString(l) || describedRe.MatchString(l) {
				described++
			}
			for _, c := range cs {
				if !containsStr(defined, c) {
					defined = append(defined, c)
				}
			}
			continue
		}
		other++
	}
	if len(defined) < minReference && (len(defined) < 2 || sectionHeadings(text) < 2) {
		return false // two codes make a reference only under its sections' headings
	}
	return other*2 <= def && (described*2 > def || !person)
}

// guideRe is a text that presents itself as a guide or an article: the
// words at the start of a sentence ("This guide speaks to beginners",
// "This article is for anyone", "In this tutorial, we will"). Not a page's
// symptoms of one code ("本記事では、エラーの具体的な症状から..." above
// "「設定」→「ライセンス認証」にエラーコード「0xC004F074」が表示される"): the
// held-out sets read those as the code shown (heldout14 inoinc).
var guideRe = regexp.MustCompile(`(?im)(?:^|[.!?]\s+)(?:this|in this)\s+(?:guide|article|tutorial|how-to|walkthrough)\b,?\s+(?:is for|speaks|shows|explains|describes|covers|walks|helps|provides|teaches|will (?:show|walk|help|explain|teach)|we(?:'ll| will)|you(?:'ll| will))\b`)

// Guide reports whether text presents itself as a guide or an article
// (guideRe): what it says of activation is what it teaches, not a
// machine's state.
func Guide(text string) bool {
	if !strings.Contains(text, "his ") && !strings.Contains(text, "HIS ") {
		return false // the cheap test first: most segments are no guide
	}
	return guideRe.MatchString(text)
}

// hasHexCode: text may hold a code (0x or 0X).
func hasHexCode(text string) bool {
	return strings.Contains(text, "0x") || strings.Contains(text, "0X")
}

// docExts are the file name endings urlRe reads as a document's.
var docExts = []string{".md", ".markdown", ".rst", ".htm", ".aspx", ".php", ".adoc", ".txt"}

// mayHoldAddress: text may hold an address or a document's file name.
func mayHoldAddress(text string) bool {
	if strings.Contains(text, "://") || strings.Contains(text, "www.") || strings.Contains(text, "WWW.") {
		return true
	}
	for _, e := range docExts {
		if strings.Contains(text, e) {
			return true
		}
	}
	return false
}

// urlRe is an address or a document's file name: what it spells
// ("troubleshoot-activation-problems") is no statement.
var urlRe = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s<>()\[\]"'` + "`" + `]+|[a-z0-9_./\\-]*[a-z0-9_]-[a-z0-9_-]+\.(?:md|markdown|rst|html?|aspx|php|adoc|txt)\b`)

// exampleRe is a run of codes given as examples: "for example", "e.g.",
// "such as" or "for instance" and what follows up to the closing
// bracket or the end of the sentence.
var exampleRe = regexp.MustCompile(`(?i)(?:for example|for instance|e\.g\.|such as)[:,]?\s*[^.;!?\n)）]*`)

// editVerbs are the first words of an instruction to edit a document (or
// to look a code up), after "Please" or a "For <code> error," topic.
var editVerbs = []string{"add", "include", "document", "mention", "describe", "explain", "cover", "list", "link",
	"update", "correct", "insert", "clarify", "append", "see", "refer", "search", "look"}

// topicRe is what may come before an instruction's verb: "Please", "For
// 0xC004F074 error,", "pls", "Could you" (a request to edit is one too).
var topicRe = regexp.MustCompile(`(?i)^\s*(?:[-*•]\s*|\d{1,3}[.)]\s*)?(?:(?:please|pls|kindly|(?:could|can|would) you(?: please)?)\s+|for\s+[^,]{1,60},\s*)*`)

// reportRe is a line that reports a code as a machine showed it: a person
// ("I", "we", "my"), an output's label ("Error:", "错误", "hr="), a
// failure.
var reportRe = regexp.MustCompile(`(?i)\b(?:i|i'm|i've|im|we|my|our|me|got|get|getting|gets|shows|showing|returns|returned|failed|fails)\b|error\s*(?:code)?\s*[:：=]|hr\s*=|错误|錯誤|エラー|失败|失敗|我|私`)

// cjkRequests are requests to edit a document in Chinese and Japanese
// ("请添加", "建议补充", "追記してください"): a request form, not the verb
// alone ("我添加了KMS服务器后" is a report).
var cjkRequests = []string{"请添加", "请补充", "请在文档", "请在文章", "请更新文档", "建议添加", "建议补充", "希望添加", "希望补充",
	"請添加", "請補充", "請在文件", "建議添加", "追加してください", "追記してください", "記載してください", "追加をお願い", "追記をお願い"}

// instruction reports whether sentence s is an instruction to edit a
// document or look something up (editVerbs after topicRe, or one of
// cjkRequests).
func instruction(s string) bool {
	for _, r := range cjkRequests {
		if strings.Contains(s, r) {
			return true
		}
	}
	rest := s[len(topicRe.FindString(s)):]
	w := strings.ToLower(strings.TrimLeft(rest, " \t\"'`*"))
	end := strings.IndexFunc(w, func(r rune) bool { return !(r >= 'a' && r <= 'z') })
	if end < 0 {
		end = len(w)
	}
	return containsStr(editVerbs, w[:end])
}

// sentenceSpans calls f with the start and end of each sentence of text
// (up to ". ", "!", "?", ";" or a line end).
func sentenceSpans(text string, f func(start, end int)) {
	start := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		end := c == '\n' || c == '!' || c == '?' || c == ';' || c == '.' && (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\n' || text[i+1] == '\r')
		if end {
			if i > start {
				f(start, i)
			}
			start = i + 1
		}
	}
	if start < len(text) {
		f(start, len(text))
	}
}

// blank overwrites b[start:end] with spaces, line ends kept.
func blank(b []byte, start, end int) {
	for i := start; i < end && i < len(b); i++ {
		if b[i] != '\n' && b[i] != '\r' {
			b[i] = ' '
		}
	}
}

// Stated is text with what states nothing about a machine blanked (every
// byte a space, line ends kept, so that offsets and lines stay those of
// text): all of it for a reference or a guide (Reference, Guide); else
// addresses and documents' file names, runs of codes given as examples, and
// every occurrence of a code that an instruction to edit a document names,
// unless a line reports it (reportRe). It returns text itself when nothing
// is blanked.
func Stated(text string) string {
	if Reference(text) || Guide(text) {
		return strings.Map(func(r rune) rune {
			if r == '\n' || r == '\r' {
				return r
			}
			return ' '
		}, text) // rune by rune: not the same length for non-ASCII text
	}
	var b []byte
	buf := func() []byte {
		if b == nil {
			b = []byte(text)
		}
		return b
	}
	if mayHoldAddress(text) {
		for _, m := range urlRe.FindAllStringIndex(text, -1) {
			blank(buf(), m[0], m[1])
		}
	}
	if hasHexCode(text) {
		for _, m := range exampleRe.FindAllStringIndex(text, -1) {
			// Examples of codes: two at least, or "etc." after one.
			span := text[m[0]:m[1]]
			lineStart := strings.LastIndexByte(text[:m[0]], '\n') + 1
			if firstPersonRe.MatchString(text[lineStart:m[0]]) {
				continue // "I get errors such as 0x..., 0x...": the person's own
			}
			if n := len(lineCodes(span)); n >= 2 || n == 1 && strings.Contains(strings.ToLower(text[m[1]:min(len(text), m[1]+8)]+span), "etc") {
				blank(buf(), m[0], m[1])
			}
		}
		var named []string // codes an instruction names
		sentenceSpans(text, func(s, e int) {
			if cs := lineCodes(text[s:e]); len(cs) > 0 && instruction(text[s:e]) {
				named = append(named, cs...)
			}
		})
		if len(named) > 0 {
			// Reported: a clause (a sentence, or its part after a colon)
			// that shows the code and is no instruction reports it.
			reported := false
			sentenceSpans(text, func(s, e int) {
				for cl := range strings.SplitSeq(text[s:e], ":") {
					for _, c := range lineCodes(cl) {
						if containsStr(named, c) && reportRe.MatchString(cl) && !instruction(cl) {
							reported = true
						}
					}
				}
			})
			if !reported {
				for _, m := range codeRe.FindAllStringSubmatchIndex(text, -1) {
					if containsStr(named, strings.ToLower(text[m[2]:m[3]])) {
						blank(buf(), m[2], m[3])
					}
				}
			}
		}
	}
	if b == nil {
		return text
	}
	return string(b)
}

// BlankLines is text with the lines numbered in idx (0-based; repeats and
// numbers past the end ignored) written over with spaces, so that what
// reads it after keeps every line and byte offset: the lines of a KMS
// server's or a setup log, a harmless event's lines.
func BlankLines(text string, idx []int) string {
	if len(idx) == 0 {
		return text
	}
	ls := strings.Split(text, "\n")
	for _, i := range idx {
		if i >= 0 && i < len(ls) {
			ls[i] = strings.Repeat(" ", len(ls[i]))
		}
	}
	return strings.Join(ls, "\n")
}
