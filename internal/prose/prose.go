// Package prose is the last-resort text kind of analyze: a pasted ticket, a
// dialog's text or a chat message that is none of the outputs kmsdoctor
// parses but names error codes ("エラー コード: 0xC004F074", "OxC004F074",
// full-width digits). It hands those codes to the rules, which explain them
// (the code-inference rule of internal/diagnose), with the line as context.
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

// Detect reports whether text names at least one failure code.
func Detect(text string) bool {
	for _, l := range strings.Split(text, "\n") {
		if len(failures(l)) > 0 {
			return true
		}
	}
	return false
}

// Read adds every failure code of text to s.Codes, once per code, with the
// line it was on.
func Read(file string, line int, text string, s *evidence.Set) error {
	seen := map[string]bool{}
	for i, l := range strings.Split(text, "\n") {
		for _, c := range failures(l) {
			if seen[c] {
				continue
			}
			seen[c] = true
			ctx := strings.TrimSpace(l)
			if r := []rune(ctx); len(r) > maxContext {
				ctx = string(r[:maxContext]) + "…"
			}
			s.Codes = append(s.Codes, evidence.CodeSeen{Code: c, Context: ctx, Source: evidence.Source{File: file, Line: line + i}})
		}
	}
	return nil
}
