package knowledge

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// What a ticket in words says or takes for granted about the licence
// state, beyond the success and failure it states (messages.yaml clauses:
// reply, reply_words, resolved, concessive, subordinate, asks, presupposed,
// presupposed_not):
//
//   - a reply alone: a short text that is nothing but a report that the
//     fix worked ("It worked !", "Somehow a key I found off the internet
//     worked!", "Works first try.", "开代理正解，直接解决") states a success
//     even without a word of activation: the thread it answers is the
//     topic. The other words of its sentence must all be words of such a
//     report (pronouns, the fix's nouns, thanks, "fine", "first try"), so
//     "I installed the new driver, it works fine." and "It works fine on
//     Linux" are none, nor is a reply that names another thing anywhere
//     (reply_not: a driver, a game, an app);
//   - a presupposition: a question or a remark that takes an activation
//     for granted ("after activating HWID, will ...", "the activation will
//     last till 2038", "this activation is not a genuine windows activation
//     right ??", "激活后的密钥", "使用KMS服务器激活之后") says that the product
//     is activated, when the text states nothing else (Presupposed);
//   - a persisting failure: a failure or a licence state said to be still
//     there ("this product is still unlicensed", "标题仍然提示产品未经授权")
//     is not resolved by a success that follows it unless a word of change
//     or a new paragraph comes between (PersistingFailure, Resolves): "使
//     用工具检查是成功激活的" after it is what a tool says, not a change;
//   - a concessive success ("It is still activated though.") after a
//     failure concedes, it does not resolve (ConcessiveSuccess).

// Reply bounds: a reply alone is at most maxReplyBytes of text on at most
// maxReplyLines non-blank lines.
const (
	maxReplyBytes = 400
	maxReplyLines = 4
)

// replyAlone: text is short enough to be a reply and nothing else.
func replyAlone(text string) bool {
	text = strings.TrimSpace(text)
	if text == "" || len(text) > maxReplyBytes {
		return false
	}
	n := 0
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) != "" {
			n++
		}
	}
	return n <= maxReplyLines
}

// replyWordsOnly: the words of lowered s are all words of a reply's
// report (t.replyWords); words of Chinese, Japanese or Korean letters are
// not checked.
func replyWordsOnly(s string, t clauseTables) bool {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'')
	}) {
		if w == "" || strings.IndexFunc(w, func(r rune) bool {
			return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
		}) >= 0 {
			continue // words of a script without spaces are not checked
		}
		w = strings.ToLower(w)
		if !containsWord(t.replyWords, strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "'")) {
			return false
		}
	}
	return true
}

// replyDeterminers: a reply verb right after one of these is a noun.
var replyDeterminers = []string{"your", "my", "our", "their", "his", "her", "the", "a", "an", "good", "great", "nice", "excellent", "awesome", "amazing", "hard"}

func containsWord(ws []string, w string) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}

// replyHeld: the predicate at [start, end) of lowered s, of language
// lang, is a reply's report: its sentence before it has only words of a
// report (ASCII), it is no question and its clause after it denies
// nothing (in the predicate's language: Portuguese "no" is "in the", "eu a
// usei no W11").
func replyHeld(s string, start, end int, t clauseTables, lang string) bool {
	if question(s, start) {
		return false
	}
	if s[start] < utf8.RuneSelf {
		// A noun, not the verb: "Thank you for your work!", "Excellent
		// work" (English determiners; Portuguese "eu a usei" is a pronoun).
		prev := strings.Fields(s[sentenceStart(s, start):start])
		if lang == "en" && len(prev) > 0 && containsWord(replyDeterminers, strings.Trim(prev[len(prev)-1], ",.!")) {
			return false
		}
		// An English report: every other word of its sentence is one of
		// a report's ("It works fine on Linux" names something else).
		ss, se := sentenceStart(s, start), sentenceStop(s, end)
		if !replyWordsOnly(s[ss:start], t) || !replyWordsOnly(s[end:se], t) {
			return false
		}
	}
	// A consequence is a suggestion, not a report: "把杀毒软件先退出就可以了",
	// "重启就好了".
	if r, _ := utf8.DecodeRuneInString(s[start:]); r >= utf8.RuneSelf {
		before := strings.TrimRightFunc(s[sentenceStart(s, start):start], unicode.IsSpace)
		for _, w := range replyConsequence {
			if strings.HasSuffix(before, w) {
				return false
			}
		}
	}
	rest := s[end:clauseStop(s, end, t)]
	negs := t.negations
	if lang == "pt-BR" {
		negs = slices.DeleteFunc(slices.Clone(negs), func(w string) bool { return w == "no" })
	}
	return !hasAny(rest, negs)
}

// replyConsequence: a CJK reply predicate right after one of these is the
// consequence of a suggestion.
var replyConsequence = []string{"就", "会", "會", "应该", "應該", "才", "便"}

// Presupposed finds the first phrase of text that takes an activation for
// granted (messages.yaml clauses: presupposed): "after activation",
// "after … activation", "this activation", "the activation will last",
// "激活后", "激活之后", "这种激活", "ライセンス認証後". A question counts (it
// asks about an activation that is there); a condition does not ("if
// after activating ..."), an indirect question ("I was wondering if the
// activation will last") is a question; a phrase with a word of
// presupposed_not ("after trying to activate") or, in Chinese and
// Japanese, one right before it ("尝试激活后") takes nothing for granted,
// nor does one in a sentence whose premise is a failure of activation,
// asked or not ("Why does my activation keep failing?", failsAsked).
// Only a text about Windows or Office activation and no other product's
// licensing presupposes anything, and none that names a symptom of the
// licence itself (presupposed_void: a banner, a nag, the watermark, a
// notification, an expiry: "Getting license status check banner after
// activating office").
func Presupposed(text string) (Success, bool) {
	if len(text) > MaxMessageScan {
		text = text[:MaxMessageScan]
	}
	// The cheap test first, without allocating: most segments have no
	// literal of a presupposed phrase.
	candidate := false
	for _, a := range messageTable().clauses.presupAnchors {
		if containsLowered(text, a) {
			candidate = true
			break
		}
	}
	if !candidate || OtherLicensing(text) {
		return Success{}, false
	}
	if !AboutActivation(text) {
		// Microsoft 365 Apps named as what is activated ("o365 activated
		// in 10 days?") is Office's activation too.
		if _, _, ok := NamesSubscription(text); !ok {
			return Success{}, false
		}
	}
	t := messageTable().clauses
	s := asciiLower(text)
	if hasAny(s, t.presupposedVoid) {
		return Success{}, false // the licence itself is what the text is about
	}
	best := Success{Start: -1}
	for _, p := range t.presupposed {
		for _, m := range p.re.FindAllStringIndex(s, -1) {
			start, end := m[0], m[1]
			for start < end && s[start] == ' ' {
				start++
			}
			if best.Start >= 0 && start >= best.Start {
				continue
			}
			if hasAny(s[start:end], t.presupposedNot) {
				continue
			}
			if s[start] >= utf8.RuneSelf {
				// A word right before a CJK phrase: "尝试激活后", "无法激活后".
				lo := max(clauseStart(s, start, t), start-9)
				for lo > 0 && lo < start && !utf8.RuneStart(s[lo]) {
					lo++
				}
				if hasAny(s[lo:start], t.presupposedNot) {
					continue
				}
			}
			if presupposedConditional(s, start, t) {
				continue
			}
			// A premise of failure: "Why does my activation keep failing?".
			if failsAsked(text[sentenceStart(s, start):sentenceStop(s, end)]) {
				continue
			}
			best = Success{Lang: p.lang, Start: start, End: end}
		}
	}
	return best, best.Start >= 0
}

// presupposedConditional: the phrase at start of lowered s is in a
// condition: its sentence starts with one, or its clause or its sentence
// before it has one that no asking word ("wondering if", "not sure
// whether") makes an indirect question.
func presupposedConditional(s string, start int, t clauseTables) bool {
	ss := sentenceStart(s, start)
	before := s[ss:start]
	for _, w := range t.conditions {
		for i := range wordMatches(before, w) {
			prev := strings.Fields(before[:i])
			if len(prev) > 0 && containsWord(t.asks, strings.Trim(prev[len(prev)-1], ",.")) {
				continue // "wondering if": an indirect question
			}
			return true
		}
	}
	return false
}

// ConcessiveSuccess: the success m of text concedes ("It is still
// activated though.", "倒是激活了"): its clause has a word of concessive
// after it (or, for a CJK word, before it), or a concession opens its
// clause ("..., even though the script said it activated successfully").
// After a failure it resolves nothing.
func ConcessiveSuccess(text string, m Success) bool {
	t := messageTable().clauses
	s := asciiLower(text)
	if m.End > len(s) {
		return false
	}
	// To the next clause mark or the sentence's end: "though" is also a
	// contrast word, which ends a clause of its own.
	rest := s[m.End:sentenceStop(s, m.End)]
	if k := strings.IndexAny(rest, clausePunct); k >= 0 {
		rest = rest[:k]
	}
	for _, w := range t.concessive {
		if w[0] < utf8.RuneSelf && hasWord(rest, w) {
			return true
		}
		if w[0] >= utf8.RuneSelf && strings.Contains(s[clauseStart(s, m.Start, t):m.End], w) {
			return true
		}
	}
	// A success inside a clause a concession opens: "Word says unlicensed
	// product, even though the script said it activated successfully",
	// "…，虽然工具显示激活成功".
	before := clauseBefore(s, m.Start)
	for _, w := range concessionWords() {
		if (w[0] >= utf8.RuneSelf && strings.Contains(before, w)) || (w[0] < utf8.RuneSelf && hasWord(before, w)) {
			return true
		}
	}
	return false
}

// clauseBefore is the part of s (lowered) before byte at in at's clause:
// from the sentence's start or its last clause mark.
func clauseBefore(s string, at int) string {
	lo := sentenceStart(s, at)
	if k := strings.LastIndexAny(s[lo:at], clausePunct); k >= 0 {
		lo += k + 1
	}
	return s[lo:at]
}

// ReportedByTool: the success m of text is what an activation tool says
// ("The script says activation successful", "工具显示激活成功", "使用工具
// 检查是成功激活的"): its clause before it names one of reporters and one
// of report_verbs. After a licence state the product shows ("Excel
// (Unlicensed Product)"), such a claim undoes nothing unless it comes as a
// change (Changed).
func ReportedByTool(text string, m Success) bool {
	t := messageTable().clauses
	s := asciiLower(text)
	if m.Start > len(s) {
		return false
	}
	before := clauseBefore(s, m.Start)
	return hasAny(before, t.reporters) && hasAny(before, t.reportVerbs)
}

// Changed: a word of resolved is between byte from of text and the end of
// the success m, or in it ("now", "after", "后来").
func Changed(text string, from int, m Success) bool {
	if from < 0 || from > m.Start || m.End > len(text) {
		return true
	}
	return hasAny(asciiLower(text[from:m.End]), messageTable().clauses.resolved)
}

// Resolves: the success m of text comes as a change after the persisting
// failure that ends at byte from: a new paragraph (a blank line) or a
// word of resolved ("now", "finally", "after", "solved", "后来", "终于",
// "その後") is between them, or in the success's own words.
func Resolves(text string, from int, m Success) bool {
	if from < 0 || from > m.Start || m.End > len(text) {
		return true
	}
	between := text[from:m.Start]
	if strings.Contains(between, "\n\n") || strings.Contains(between, "\n\r\n") {
		return true
	}
	return Changed(text, from, m)
}

// retracted: the writer takes back what they said before, in rest ("oh
// I'm so silly", "my bad", "never mind", "搞错了", "勘違い"; clauses:
// retractions): a failure claimed before it undoes no success.
func retracted(rest string) bool {
	if len(rest) > MaxMessageScan {
		rest = rest[:MaxMessageScan]
	}
	return hasAny(asciiLower(rest), messageTable().clauses.retractions)
}

// OtherScope: the sentence of the success m of text puts it on another
// account, user or machine than the one the text is about ("on the admin
// account it is activated", "换到其他帐户就显示已激活"; clauses: scopes):
// after a failure it resolves nothing.
func OtherScope(text string, m Success) bool {
	s := asciiLower(text)
	if m.Start > len(s) || m.End > len(s) {
		return false
	}
	sent := s[sentenceStart(s, m.Start):sentenceStop(s, m.End)]
	return hasAny(sent, messageTable().clauses.scopes)
}
