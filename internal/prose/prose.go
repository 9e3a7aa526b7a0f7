// Package prose is the last-resort text kind of analyze: a pasted ticket, a
// dialog's text or a chat message that is none of the outputs kmsdoctor
// parses but says what failed. It reads, in this order:
//
//   - error codes ("エラー コード: 0xC004F074", "OxC004F074", full-width
//     digits), handed to the rules with the line as context;
//   - when a code is not shown, the message text of a code ("No Key
//     Management Service (KMS) could be contacted", "キー管理サービス (KMS)
//     に接続できませんでした", "无法联系任何密钥管理服务(KMS)"), read back to its
//     code by knowledge.MatchMessages and marked FromText;
//   - when neither is there, words that say activation failed ("activation
//     failed", "激活失败", "ライセンス認証に失敗"): a StatedFailure, for which
//     the rules say which outputs show the code.
//
// ingest tries it only on a segment no other text kind recognised.
package prose

import (
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
)

// maxContext bounds the context kept of a line.
const maxContext = 200

// failures are the failure codes (0x8xxxxxxx, 0xCxxxxxxx) of one line, as
// knowledge.FindCodes reads them.
func failures(line string) []string {
	var out []string
	for _, v := range knowledge.FindCodes(line) {
		if top := v >> 28; top == 0x8 || top == 0xC {
			out = append(out, knowledge.FormatCode(v))
		}
	}
	return out
}

// Detect reports whether text names a failure code, the message text of
// one, or says that activation failed.
func Detect(text string) bool {
	for _, l := range strings.Split(text, "\n") {
		if len(failures(l)) > 0 {
			return true
		}
	}
	return knowledge.SaysFailure(text)
}

// context is the trimmed line, cut to maxContext runes.
func context(l string) string {
	ctx := strings.TrimSpace(l)
	if r := []rune(ctx); len(r) > maxContext {
		ctx = string(r[:maxContext]) + "…"
	}
	return ctx
}

// lineAt is the 0-based line of byte offset off and that line's text.
func lineAt(text string, off int) (int, string) {
	n := strings.Count(text[:off], "\n")
	start := strings.LastIndexByte(text[:off], '\n') + 1
	end := strings.IndexByte(text[off:], '\n')
	if end < 0 {
		return n, text[start:]
	}
	return n, text[start : off+end]
}

// Read adds every failure code of text to s.Codes, once per code, with the
// line it was on; then the codes read from their message text that were
// not shown; and, when there is neither, a stated failure.
func Read(file string, line int, text string, s *evidence.Set) error {
	seen := map[string]bool{}
	for i, l := range strings.Split(text, "\n") {
		for _, c := range failures(l) {
			if seen[c] {
				continue
			}
			seen[c] = true
			s.Codes = append(s.Codes, evidence.CodeSeen{Code: c, Context: context(l), Source: evidence.Source{File: file, Line: line + i}})
		}
	}
	fromText := false
	for _, m := range knowledge.MatchMessages(text) {
		if seen[m.Code] {
			continue
		}
		seen[m.Code] = true
		fromText = true
		n, l := lineAt(text, m.Start)
		s.Codes = append(s.Codes, evidence.CodeSeen{Code: m.Code, Context: context(l), Source: evidence.Source{File: file, Line: line + n},
			FromText: true, Lang: m.Lang})
	}
	if len(seen) > 0 || fromText {
		return nil
	}
	if start, _, ok := knowledge.StatesFailure(text); ok {
		n, l := lineAt(text, start)
		s.StatedFailures = append(s.StatedFailures, evidence.StatedFailure{Context: context(l), Source: evidence.Source{File: file, Line: line + n}})
	}
	return nil
}
