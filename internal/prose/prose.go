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
//   - codes written without "0x" ("C004F074", "-1073418124",
//     knowledge.FindLooseCodes), when the knowledge base holds them or they
//     are licensing codes;
//   - when neither is there, words that say activation failed ("activation
//     failed", "errors when trying to activate windows", "激活失败",
//     "ライセンス認証に失敗", "not activated", "未激活";
//     knowledge.FailureStatement): a StatedFailure, for which the rules say
//     which outputs show the code;
//   - a licence state stated in words ("License status is Unlicensed",
//     "License Status `Notification`", knowledge.LicenceStates): a product
//     of the text in that state (Product.StatusFrom "text"), Office's when
//     the text names Office and not Windows;
//   - words of a success or a licensed state (knowledge.StatesSuccess:
//     "计算机已永久激活。", "成功地激活了产品", "activado correctamente",
//     "License valid for 90 days"): a product whose status is Licensed,
//     inferred from the words (Product.StatusFrom "text"). When the text
//     states a success after every failure it shows ("I got 0xC004C032 at
//     first ... now the license is valid for 90 days"), the later state
//     wins: the earlier failures are Set.Resolved, not Set.Codes. A failure
//     after the last success is still a failure; a success that a later
//     clause says did not hold ("显示激活成功，但是windows没有被激活",
//     knowledge.SuccessUndone) is a StatedFailure. A success that
//     concedes, is put on another account, or is an activation tool's
//     claim against a licence state the product shows, does not resolve
//     an earlier failure, nor does one without a change after a failure
//     said to persist ("still unlicensed"; knowledge.ConcessiveSuccess,
//     OtherScope, ReportedByTool, PersistingFailure);
//   - when the text states nothing else, a question or a remark that takes
//     an activation for granted ("after activating HWID, will ...", "激活
//     后的密钥", knowledge.Presupposed): a product Licensed by those words.
//
// A log is read as a sequence of attempts (knowledge.Attempt): a later
// success supersedes a failure only for the same product, and a time left
// printed after a failure is no success. The lines of a KMS server's log
// (package kmslog) are blanked before the words are read: the states they
// print are the clients' reports; what the server answered is an
// evidence.KMSServerLog.
//
// Words are read only in a text about Windows or Office activation: the
// words of a text about another product's licensing (an app's licence key,
// Remote Desktop licensing, Adobe; knowledge.OtherLicensing), of a failure
// or of a success, are not read; its codes still are.
//
// It reads only what the text states of a machine (knowledge.Stated): a
// reference of codes (a table, a list, a header's #define lines) or a guide
// states nothing; addresses, documents' file names, codes given as examples
// and codes an instruction to edit a document names are not read.
//
// ingest tries it only on a segment no other text kind recognised.
package prose

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/kmslog"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
	"github.com/kmsdoctor/kmsdoctor/internal/setuplog"
)

// maxContext bounds the context kept of a line.
const maxContext = 200

// failures are the failure codes (0x8xxxxxxx, 0xCxxxxxxx) of one line, as
// knowledge.FindCodes reads them, and those written without "0x"
// (knowledge.FindLooseCodes: "C004F074", "-1073418124").
func failures(line string) []string {
	var out []string
	for _, v := range append(knowledge.FindCodes(line), knowledge.FindLooseCodes(line)...) {
		if top := v >> 28; (top == 0x8 || top == 0xC) && !slices.Contains(out, knowledge.FormatCode(v)) {
			out = append(out, knowledge.FormatCode(v))
		}
	}
	return out
}

// A code belongs to the component whose output carries it. A licensing
// code (licensingCode) is the licensing stack's wherever it is pasted; a
// generic one (a Win32 error 0x8007xxxx, an NTSTATUS, any other facility)
// is stated by whatever printed it, WSL, an MSIX/AppX installer, Windows
// Update, w32tm..., and counts as a licensing failure only in an output
// that is about licensing (knowledge.LicensingContext).

// counts reports whether code c, seen in an output of owner o, is a
// licensing failure.
func counts(c string, o knowledge.Owners) bool {
	v, err := knowledge.ParseCode(c)
	return err == nil && o.Counts(v)
}

// Detect reports whether text names a failure code that is a licensing
// one (see counts), the message text of one, says that activation failed,
// states a success, or asks to activate Microsoft 365 Apps.
func Detect(text string) bool {
	// An event Microsoft documents as harmless, described or quoted, is
	// read: as the information it is.
	if hs, _ := knowledge.HarmlessEvents(text); len(hs) > 0 {
		return true
	}
	// What states nothing about a machine (a reference, a guide, addresses,
	// examples) is not read: knowledge.Stated.
	text = knowledge.Stated(text)
	return detect(text) && !noMachine(text)
}

// Document reports whether text, which no kind reads, is a document about
// no particular machine (noMachine): ingest says so of the input.
func Document(text string) bool {
	if len(text) > maxDocument {
		return false // no page pasted whole: a long input is judged by what reads it
	}
	return noMachine(knowledge.Stated(text))
}

// maxDocument bounds the text Document judges.
const maxDocument = 64 << 10

// noMachine: stated text shows no failure code and speaks of no particular
// machine (knowledge.AboutNoMachine: a page, a guide, a vendor's FAQ, a
// table of contents, in any language). Its words of failure, success and
// state are a document's, not a machine's. A text that shows a code is
// read as before unless it defines the code in general terms
// (knowledge.DefinesCode): a page about one code's symptoms is read as the
// code shown, as the held-out sets expect (heldout14 inoinc).
func noMachine(text string) bool {
	if strings.TrimSpace(text) == "" {
		return false
	}
	for l := range strings.SplitSeq(text, "\n") {
		if strings.ContainsAny(l, "0123456789") && len(failures(l)) > 0 {
			return knowledge.DefinesCode(text) // a page or a wiki that defines the code
		}
	}
	// A failure code's message text, the code not shown: Windows' words
	// (a message that tells its reader to change the key, to contact the
	// administrator) are no document's; the text's own words say whether it
	// is a page that explains the message (knowledge.ExplainsMessage) or
	// speaks of no machine.
	for _, m := range knowledge.MatchMessages(text) {
		if failureCode(m.Code) {
			return knowledge.ExplainsMessage(text) || knowledge.AboutNoMachine(knowledge.BlankMessages(text))
		}
	}
	return knowledge.AboutNoMachine(text)
}

// detect is Detect of a stated text, before noMachine.
func detect(text string) bool {
	// The lines of a setup or servicing log: Setup's and DISM's codes
	// (a product key Setup rejects), no activation's.
	text = setuplog.Blank(text)
	failureStatement := knowledge.FailureStatement
	if lg := kmslog.Scan(text); lg.First >= 0 {
		if lg.Requests > 0 {
			return true // a KMS server's log: what it answered
		}
		text = kmslog.Blank(text, lg)
		if lg.Server != "vlmcs" {
			failureStatement = knowledge.FailureStatementAbout // as Read: the log is of KMS activation
		}
	}
	var owner knowledge.Owners
	known := false // knowledge.OwnersOf(text), once needed
	ownerOf := func() knowledge.Owners {
		if !known {
			owner, known = knowledge.OwnersOf(text), true
		}
		return owner
	}
	for _, l := range strings.Split(text, "\n") {
		for _, c := range failures(l) {
			if counts(c, ownerOf()) {
				return true
			}
		}
	}
	// The words as ownWords reads them, made only for a text whose raw
	// words state something (blanking never adds a statement).
	var words string
	ownOf := func() string {
		if words == "" {
			words = ownWords(text, ownerOf)
		}
		return words
	}
	if _, ok := failureStatement(text); ok {
		if _, ok := failureStatement(ownOf()); ok {
			return true // a failure stated in words
		}
	}
	if len(knowledge.LicenceStates(text)) > 0 {
		return true // a licence state stated in words
	}
	if strings.Contains(text, "365") {
		if _, _, ok := knowledge.NamesSubscription(text); ok {
			return true // asks to activate Microsoft 365 Apps
		}
	}
	if knowledge.MayNameClock(text) {
		if _, ok := knowledge.ClockCause(text); ok {
			return true // the clock named as a failure's cause
		}
	}
	if !knowledge.SaysFailureOrSuccess(text) {
		// The cheap test first: most segments say nothing. A text that
		// takes an activation for granted says that it is activated.
		_, presupposed := knowledge.Presupposed(text)
		return presupposed
	}
	if knowledge.SaysFailure(text) {
		for _, m := range knowledge.MatchMessages(text) {
			if failureCode(m.Code) && counts(m.Code, ownerOf()) {
				return true
			}
		}
	}
	if knowledge.OtherLicensing(text) {
		return false // another product's licensing: no success read either
	}
	// A success, or one a later clause undoes (which, once another
	// component's clause is left out, may be a success).
	if _, undone := knowledge.SuccessUndone(text); undone || len(knowledge.StatesSuccess(text)) > 0 {
		if len(knowledge.StatesSuccess(ownOf())) > 0 {
			return true
		}
		if _, undone := knowledge.SuccessUndone(ownOf()); undone {
			return true
		}
	}
	// A text that takes an activation for granted says that it is
	// activated (its own words: another component's clauses left out).
	_, presupposed := knowledge.Presupposed(ownOf())
	return presupposed
}

// errorNounRe is "error", "errors" (and 错误, エラー) as a noun: in a text
// whose codes are all another component's, "I get the error below" names
// that component's error.
var errorNounRe = regexp.MustCompile(`(?i)\berrors?\b|错误|エラー`)

// ownWords is text as its words of a failure or a success are read: a
// clause that names another component and not licensing is left out
// (knowledge.OtherClauses); in a
// text that shows failure codes and all of them another component's
// (Windows Update's "this error code may help: (0x800700b7)" under "I get
// the error below", "But Windows Update shows error 0x8024402c" after "My
// Windows is activated"), the word "error" is that component's error: it
// pairs with no word of activation and undoes no success (blanked, the
// offsets kept). An activation failure said otherwise ("activation
// failed", "not activated") still is one. owner gives the text's owners
// (knowledge.OwnersOf), asked only when the text shows a code.
func ownWords(text string, owner func() knowledge.Owners) string {
	// A clause that names another component and not licensing states
	// that component's failure (knowledge.OtherClauses).
	text = knowledge.OtherClauses(text)
	foreign := false
	for l := range strings.SplitSeq(text, "\n") {
		for _, c := range failures(l) {
			if counts(c, owner()) {
				return text // a licensing failure's code: read as before
			}
			foreign = true
		}
	}
	if !foreign {
		return text
	}
	return errorNounRe.ReplaceAllStringFunc(text, func(w string) string { return strings.Repeat(" ", len(w)) })
}

// failureCode: c is an error code (0x8..., 0xC...), not a success or an
// information code.
func failureCode(c string) bool {
	return strings.HasPrefix(c, "0x8") || strings.HasPrefix(c, "0xC")
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
// not shown; and, when there is neither, a stated failure. When the text
// states a success after all of them, the product is licensed and they
// go to s.Resolved instead.
func Read(file string, line int, text string, s *evidence.Set) error {
	// Read what text states (knowledge.Stated: same offsets and lines),
	// quote what it says.
	// A harmless event's mention, description and code are information,
	// not a failure: the lines that only describe it are left out.
	hs, text := knowledge.HarmlessEvents(text)
	for _, h := range hs {
		s.Harmless = append(s.Harmless, evidence.HarmlessEvent{ID: h.ID, Provider: h.Provider, KB: h.KB,
			Source: evidence.Source{File: file, Line: line + h.Line}})
	}
	orig := text
	text = knowledge.Stated(text)
	if noMachine(text) {
		return nil // a document about no machine (Detect says no to it)
	}
	text = setuplog.Blank(text)
	var t evidence.Set
	text = serverLog(file, line, text, &t)
	lines := strings.Split(text, "\n")
	origLines := lines
	if text != orig {
		origLines = strings.Split(orig, "\n")
	}
	failureStatement := knowledge.FailureStatement
	if len(t.KMSServerLogs) > 0 {
		failureStatement = knowledge.FailureStatementAbout // the log is of KMS activation
	}
	last := -1 // byte offset of the last failure
	seen := map[string]bool{}
	ctx := knowledge.OwnersOf(text)
	off := 0
	for i, l := range lines {
		for _, c := range failures(l) {
			if !counts(c, ctx) {
				continue
			}
			last = max(last, off+codeSentenceEnd(l, c)) // a success in the code's sentence is not later
			if seen[c] {
				continue
			}
			seen[c] = true
			t.Codes = append(t.Codes, evidence.CodeSeen{Code: c, Context: context(quoted(origLines, i, l)), Source: evidence.Source{File: file, Line: line + i}})
		}
		off += len(l) + 1
	}
	shown := len(seen) > 0
	words := ownWords(text, func() knowledge.Owners { return ctx })
	if at, ok := readMessages(file, line, text, orig, &t, seen, ctx); ok || shown {
		last = max(last, at)
	} else if st, ok := failureStatement(words); ok {
		// The last failure stated orders the events: a success must come
		// after it.
		last = max(last, st.Start, knowledge.LastFailureAt(words, len(t.KMSServerLogs) > 0))
		n, l := lineAt(orig, st.Start)
		t.StatedFailures = append(t.StatedFailures, evidence.StatedFailure{Context: context(l), Source: evidence.Source{File: file, Line: line + n}})
	}
	stateAt := -1
	if at, ok := statedStates(file, line, text, orig, &t); ok {
		last = max(last, at)
		stateAt = at
	}
	if knowledge.OtherLicensing(text) {
		// Another product's licensing: its words of success are not
		// Windows' or Office's.
	} else if last >= 0 && knowledge.MarkedSolved(orig) {
		// A thread's title marked solved ("[SOLVED] … error 0xC004F057"):
		// the problem it reports was resolved, whatever its steps still
		// name ("if the error 0xC004F057 still appears, …").
		s.Resolved = append(s.Resolved, t.Codes...)
		addLicensed(file, line, orig, 0, s)
		return nil
	} else if ok := statedSuccess(file, line, words, orig, last, stateAt, s); ok {
		s.Resolved = append(s.Resolved, t.Codes...)
		// The clock named as the cause of the failure is what was fixed:
		// it stays evidence (license.error_resolved names it), and with no
		// failure left it is the cause of none.
		if last >= 0 {
			clockCause(file, line, text, s)
		}
		return nil
	}
	if last < 0 {
		// A success that a later clause says did not hold ("提示显示激活成功，
		// …可是重启之后还是不行") is a failure stated in words.
		if at, ok := knowledge.SuccessUndone(words); ok {
			last = at
			n, l := lineAt(orig, at)
			t.StatedFailures = append(t.StatedFailures, evidence.StatedFailure{Context: context(l), Source: evidence.Source{File: file, Line: line + n}})
		}
	}
	if _, _, sub := knowledge.NamesSubscription(text); last < 0 && len(t.Products) == 0 && !sub && !c2rIDRe.MatchString(text) {
		// Nothing stated: a question or a remark that takes an activation
		// for granted ("after activating HWID, will ...", "激活后的密钥") says
		// that the product is activated (not Microsoft 365 Apps, which
		// officeProducts names below).
		if m, ok := knowledge.Presupposed(text); ok {
			addLicensed(file, line, orig, m.Start, &t)
			s.Merge(&t)
			return nil
		}
	}
	if last >= 0 || len(t.Products) == 0 {
		// A failing ticket's Microsoft 365 Apps product; without a failure
		// or a state, one the text asks to activate ("How to activate
		// Office365 with this tool?"): KMS never does.
		officeProducts(file, line, text, last >= 0, &t)
		if m, ok := knowledge.Presupposed(text); ok && last < 0 && strings.ContainsAny(text[m.Start:m.End], "0123456789") {
			// One the text takes as shown activated with a period left
			// ("o365 activated in 10 days?"); an activation merely taken
			// for granted ("after activating Office 365 with KMS, …")
			// leaves its state unknown.
			for i := range t.Products {
				if t.Products[i].OSPP && t.Products[i].Status == "" {
					t.Products[i].Status, t.Products[i].StatusFrom = evidence.StatusLicensed, evidence.StatusFromText
				}
			}
		}
	}
	// The failure's cause said in words: the clock ("because the time was
	// wrong", "after changing the time zone"), of a failure this text or
	// another part of the input shows (the rule needs one).
	clockCause(file, line, text, &t)
	s.Merge(&t)
	return nil
}

// clockCause adds the clock named in text as a failure's cause
// (knowledge.ClockCause) as a TimeSync stated in words.
func clockCause(file string, line int, text string, s *evidence.Set) {
	if !knowledge.MayNameClock(text) {
		return
	}
	if st, ok := knowledge.ClockCause(text); ok {
		n, l := lineAt(text, st.Start)
		s.TimeSync = append(s.TimeSync, evidence.TimeSync{Stratum: -1, Unsynced: true, Stated: context(l),
			Source: evidence.Source{File: file, Line: line + n}})
	}
}

// ReadBeside reads, in a segment other kinds read (an slmgr /ato error
// with "it was because the clock was wrong" below it, a py-kms log with
// ospp's error), what their outputs never carry: a KMS server's log
// (serverLog), the words that name the cause of a failure, the clock
// (knowledge.ClockCause), and a success the words state after the
// output's last error ("Error: 0xC004F074 ..." then "After fixing the time
// zone it activated."): read as Read reads the words of a sequence
// (statedSuccess: the same attempt's product, no concession, no failure
// said to persist), it is the later state, and the codes the kinds read
// from this segment up to that error go to s.Resolved.
func ReadBeside(file string, line int, text string, s *evidence.Set) error {
	text = serverLog(file, line, text, s)
	resolvedAfterOutput(file, line, text, s)
	failedAfterOutput(file, line, text, s)
	clockCause(file, line, text, s)
	return nil
}

// failedAfterOutput: a failure the user's words state after the last line
// of an output a kind read a licensed state from, in the same paste ("Product activated
// successfully." then "But after a reboot the watermark is back") is the
// later state: a StatedFailure, which the product the output showed
// licensed does not outweigh. Not when a code follows the success (the
// kinds read that failure).
func failedAfterOutput(file string, line int, text string, s *evidence.Set) {
	// The last line of this segment a kind read a product from, when one
	// of them is licensed: the output's end.
	nlines := strings.Count(text, "\n") + 1
	okLine, licensed := -1, false
	for _, p := range s.Products {
		if p.Source.File != file || p.Source.Line < line || p.Source.Line >= line+nlines {
			continue
		}
		licensed = licensed || p.Status == evidence.StatusLicensed && p.StatusFrom != evidence.StatusFromText
		for _, l := range p.Lines {
			if l >= line && l < line+nlines {
				okLine = max(okLine, l-line)
			}
		}
	}
	if okLine < 0 || !licensed {
		return
	}
	stated := knowledge.Stated(text)
	if knowledge.OtherLicensing(stated) {
		return
	}
	end := 0
	for i := 0; i <= okLine; i++ {
		nl := strings.IndexByte(stated[end:], '\n')
		if nl < 0 {
			return // the licensed line is the last
		}
		end += nl + 1
	}
	for _, l := range strings.Split(stated[end:], "\n") {
		if len(failures(l)) > 0 {
			return
		}
	}
	ctx := knowledge.OwnersOf(stated)
	words := ownWords(stated, func() knowledge.Owners { return ctx })
	at := knowledge.LastFailureAt(words, true)
	if at <= end {
		return
	}
	if ms := knowledge.StatesSuccess(words); len(ms) > 0 && ms[len(ms)-1].Start > at {
		return // a success again after it
	}
	n, l := lineAt(text, at)
	s.StatedFailures = append(s.StatedFailures, evidence.StatedFailure{Context: context(l), Source: evidence.Source{File: file, Line: line + n}})
}

// resolvedAfterOutput: see ReadBeside. The success must come after the
// last line that shows a licensing failure code, in the user's words (a
// predicate of the clause reading, not a tool's printed success line).
func resolvedAfterOutput(file string, line int, text string, s *evidence.Set) {
	stated := knowledge.Stated(text)
	ctx := knowledge.OwnersOf(stated)
	last, lastLine, off := -1, -1, 0
	lines := strings.Split(stated, "\n")
	for i, l := range lines {
		for _, c := range failures(l) {
			if counts(c, ctx) {
				last, lastLine = max(last, off+codeSentenceEnd(l, c)), i
			}
		}
		off += len(l) + 1
	}
	if last < 0 || strings.TrimSpace(stated[last:]) == "" || knowledge.OtherLicensing(stated) {
		return
	}
	words := ownWords(stated, func() knowledge.Owners { return ctx })
	// A tool's own success line ("<Product activation successful>" of
	// another product ospp.vbs /act tried next) is the output's, which the
	// kinds read: only the user's words are read here.
	if ms := knowledge.StatesSuccess(words); len(ms) == 0 || ms[len(ms)-1].Printed {
		return
	}
	var t evidence.Set
	if !statedSuccess(file, line, words, text, last, -1, &t) {
		return
	}
	end := line + lastLine
	var kept []evidence.CodeSeen
	moved := false
	for _, c := range s.Codes {
		if c.Source.File == file && c.Source.Line >= line && c.Source.Line <= end {
			s.Resolved = append(s.Resolved, c)
			moved = true
			continue
		}
		kept = append(kept, c)
	}
	if !moved {
		return // the kinds read no failure of this segment's lines
	}
	s.Codes = kept
	s.Merge(&t)
}

// serverLog: the lines of a KMS server's log in text (kmslog.Scan) are
// the server's view, and the states they print are what clients reported:
// it adds what the log shows (evidence.KMSServerLog) to s and returns text
// with those lines blank, for the words around them.
func serverLog(file string, line int, text string, s *evidence.Set) string {
	lg := kmslog.Scan(text)
	if lg.First < 0 {
		return text
	}
	if lg.Server != "vlmcs" {
		s.KMSServerLogs = append(s.KMSServerLogs, evidence.KMSServerLog{Server: lg.Server, Requests: lg.Requests,
			Answered: lg.Answered, Count: lg.Count, Source: evidence.Source{File: file, Line: line + lg.First}})
	}
	return kmslog.Blank(text, lg)
}

// textStatus is the Product.Status of a licence state stated in words
// (knowledge.LicenceStates).
var textStatus = map[string]string{"notification": evidence.StatusNotification, "unlicensed": evidence.StatusUnlicensed,
	"grace": evidence.StatusOOBGrace}

// statedStates adds, for each licence state text states in words ("License
// status is Unlicensed", "License Status `Notification`, Notification Reason
// 0xC004F009"), a product of the text in that state (StatusFromText); a
// licensing code on the line of a notification state is its reason, not a
// failed command, and leaves s.Codes. In a text about Office and not
// Windows (knowledge.AboutOffice) the product is Office's (ospp.vbs). It reports the offset of the last
// state and whether it added any.
func statedStates(file string, line int, text, orig string, s *evidence.Set) (int, bool) {
	last := -1
	for _, st := range knowledge.LicenceStates(text) {
		status, ok := textStatus[st.State]
		if !ok {
			continue
		}
		n, l := lineAt(orig, st.Start)
		src := evidence.Source{File: file, Line: line + n}
		p := evidence.Product{Status: status, StatusFrom: evidence.StatusFromText, StatusText: context(l),
			GraceMinutes: -1, ExpiryMinutes: -1, RemainingRearm: -1, ActivationInterval: -1, RenewalInterval: -1,
			Lines: map[string]int{"status": src.Line}, Source: src, OSPP: knowledge.AboutOffice(text)}
		if status == evidence.StatusNotification {
			for _, c := range failures(l) {
				if v, err := knowledge.ParseCode(c); err == nil && knowledge.LicensingCode(v) {
					p.StatusReason = c
					s.Codes = slices.DeleteFunc(s.Codes, func(x evidence.CodeSeen) bool { return x.Code == c && x.Source == src })
					break
				}
			}
		}
		s.Products = append(s.Products, p)
		last = max(last, st.Start)
	}
	return last, last >= 0
}

// c2rIDRe is a Click-to-Run product id of Microsoft 365 Apps as Office's
// deployment tool and users name it ("O365BusinessRetail",
// "O365ProPlusRetail", "O365HomePremRetail").
var c2rIDRe = regexp.MustCompile(`(?i)\bO365[A-Za-z]{2,30}Retail\b`)

// officeProducts: a failing ticket that names a Microsoft 365 Apps product
// by its Click-to-Run id ("下载的O365BusinessRetail版本激活提示...") is about
// that subscription product: it is added as a product named by the id
// (no status), so office.subscription says that KMS does not activate it.
//
// Without an id, a ticket that names the product in words, in a sentence
// about its activation (knowledge.NamesSubscription: "Office 365 is not
// activating", "Product Activation Failed (Microsoft 365)", and, failing
// or not, "How to activate Office365 with this tool?"), adds it named by
// those words ("Office, Office 365 edition"). failing: the text shows a
// failure; the id alone is read only then.
func officeProducts(file string, line int, text string, failing bool, s *evidence.Set) {
	add := func(name string, n int) {
		src := evidence.Source{File: file, Line: line + n}
		s.Products = append(s.Products, evidence.Product{Name: "Office, " + name + " edition", OSPP: true,
			GraceMinutes: -1, ExpiryMinutes: -1, RemainingRearm: -1, ActivationInterval: -1, RenewalInterval: -1,
			Lines: map[string]int{"channel": src.Line}, Source: src})
	}
	seen := map[string]bool{}
	if failing {
		for i, l := range strings.Split(text, "\n") {
			for _, id := range c2rIDRe.FindAllString(l, -1) {
				if seen[strings.ToLower(id)] {
					continue
				}
				seen[strings.ToLower(id)] = true
				add(id, i)
			}
		}
	}
	if len(seen) > 0 {
		return
	}
	if start, end, ok := knowledge.NamesSubscription(text); ok {
		n, _ := lineAt(text, start)
		add(strings.Join(strings.Fields(text[start:end]), " "), n)
	}
}

// statedSuccess adds a product licensed by the words of text when text
// states a success after byte offset last (-1: anywhere). After a failure,
// a success that concedes ("It is still activated though.",
// knowledge.ConcessiveSuccess) resolves nothing; after a failure said to
// be still there ("still unlicensed", "仍然提示未經授權",
// knowledge.PersistingFailure), only a success that comes as a change
// does (knowledge.Resolves: "now", "after", a later paragraph); after a
// licence state in words (stateAt, "Excel (Unlicensed Product)"), what an
// activation tool says ("The script says activation successful",
// knowledge.ReportedByTool) resolves it only as a change
// (knowledge.Changed).
//
// text is the words as read (another component's clauses blanked), orig
// the text as given (the line shown as evidence).
func statedSuccess(file string, line int, text, orig string, last, stateAt int, s *evidence.Set) bool {
	ms := knowledge.StatesSuccess(text)
	if len(ms) == 0 || ms[len(ms)-1].Start <= last {
		return false
	}
	m := ms[len(ms)-1]
	if last >= 0 && !supersedes(text, last, m) {
		return false // an earlier attempt's, or a time left after the failure
	}
	if last >= 0 && (knowledge.ConcessiveSuccess(text, m) || knowledge.OtherScope(text, m)) {
		return false // a concession, or another account's or machine's state
	}
	if stateAt >= 0 && knowledge.ReportedByTool(text, m) && !knowledge.Changed(text, stateAt, m) {
		return false // a tool's claim against the state the product shows
	}
	if at, ok := knowledge.PersistingFailure(text); ok && at <= m.Start && !knowledge.Resolves(text, at, m) {
		return false
	}
	addLicensed(file, line, orig, m.Start, s)
	return true
}

// addLicensed adds a product licensed by the words of text at byte at.
func addLicensed(file string, line int, text string, at int, s *evidence.Set) {
	n, l := lineAt(text, at)
	src := evidence.Source{File: file, Line: line + n}
	s.Products = append(s.Products, evidence.Product{Status: evidence.StatusLicensed, StatusFrom: evidence.StatusFromText,
		StatusText: context(l), GraceMinutes: -1, ExpiryMinutes: -1, RemainingRearm: -1, ActivationInterval: -1,
		RenewalInterval: -1, Lines: map[string]int{"status": src.Line}, Source: src})
}

// supersedes: the success m of text, stated after its last failure (at
// byte last), is a later state of what failed. A log is read as a
// sequence of attempts (knowledge.Attempt: "Activating: Windows(R), ...
// edition"): a success of a later attempt supersedes the failure only when
// both attempts name the same product, and a time left printed right
// after the failure ("Product Activation Failed: 0x80080005" then
// "Remaining Period: 29 days") is what the failed attempt left, not a
// success. A failure of the genuine check ("Office is not genuine
// banner") holds while the product is activated: only a genuine state
// supersedes it.
func supersedes(text string, last int, m knowledge.Success) bool {
	if _, fl := lineAt(text, min(max(last, 0), len(text))); knowledge.NamesGenuine(fl) && !knowledge.NamesGenuine(text[m.Start:m.End]) {
		return false // "not genuine" holds while activated
	}
	fa, fname := knowledge.Attempt(text, last)
	sa, sname := knowledge.Attempt(text, m.Start)
	if fa == sa {
		return !m.Remaining || strings.Count(text[min(last, m.Start):m.Start], "\n") > 1
	}
	return fname == "" || sname == "" || sameProduct(fname, sname)
}

// sameProduct: two attempts' names (lowered) name one product, their
// letters and digits alike ("windows(r), enterprises edition"), or one
// the start of the other.
func sameProduct(a, b string) bool {
	key := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return -1
		}, s)
	}
	ka, kb := key(a), key(b)
	return ka == kb || (ka != "" && kb != "" && (strings.HasPrefix(ka, kb) || strings.HasPrefix(kb, ka)))
}

// codeSentenceEnd is the byte offset in line l where the sentence that
// shows code c ends, when more words follow it on the line ("激活失败，错误
// 代码0xC004F074。后来把时间改对了，就激活成功了。": the success is later);
// otherwise, or when c is not found as written, the line's end (an output
// line: a success on it is not later).
func codeSentenceEnd(l, c string) int {
	hex := strings.ToLower(strings.TrimPrefix(c, "0x"))
	i := strings.Index(knowledge.ASCIILower(l), hex) // offsets of l
	if i < 0 {
		return len(l)
	}
	rest := l[i+len(hex):]
	for _, end := range []string{". ", "。", "！", "! ", "? ", "？", "；", "; "} {
		if j := strings.Index(rest, end); j >= 0 {
			k := i + len(hex) + j + len(end)
			if strings.TrimSpace(l[k:]) != "" {
				return k
			}
		}
	}
	return len(l)
}

// errorWords are the words of a line that reports an error code ("Error:
// 0xC004F074", "错误：0xC004F074", "エラー コード", "hr=0x...", "failed").
var errorWords = []string{"error", "错误", "錯誤", "エラー", "失败", "失敗", "fail", "hr=", "code", "代码", "コード"}

// activationCode: c is a code the knowledge base holds, or one of the
// Software Licensing facility (0xC004xxxx): an error whatever the line
// says ("Checking SoftwareLicensingService [Not Working] [0xC0000022]").
func activationCode(c string) bool {
	v, err := knowledge.ParseCode(c)
	if err != nil {
		return false
	}
	_, known := knowledge.Lookup(v)
	return known || v>>16 == 0xC004
}

func errorLine(l string) bool {
	low := strings.ToLower(l)
	for _, w := range errorWords {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

// ReadAlongside reads what the kinds that recognised a segment left
// unread when those kinds' outputs carry no code (ingest's CodeFree kinds:
// an nslookup and a slmgr /ato error pasted in one ticket, the /ato line
// in a form no slmgr layout matches): the failure codes of lines that
// report an error or that the knowledge base holds (0xC004xxxx too), and
// the codes whose message text the segment holds, each once and only when
// s has no such code yet. When no code is seen at all, a failure stated
// in the words left (knowledge.FailureStatement) is a stated failure. The
// words are read as a sequence, as Read reads them: a success stated after
// all of those failures is the later state (they go to s.Resolved).
func ReadAlongside(file string, line int, text string, s *evidence.Set) error {
	orig := text
	text = setuplog.Blank(knowledge.Stated(text))
	// A KMS server's log: ReadBeside adds it; its states are no one's here.
	text = kmslog.Blank(text, kmslog.Scan(text))
	var origLines []string
	if text != orig {
		origLines = strings.Split(orig, "\n")
	}
	seen := map[string]bool{}
	for _, c := range s.Codes {
		seen[c.Code] = true
	}
	var t evidence.Set // what the words add
	last := -1         // byte offset of their last failure
	ctx := knowledge.OwnersOf(text)
	off := 0
	for i, l := range strings.Split(text, "\n") {
		for _, c := range failures(l) {
			if !errorLine(l) && !activationCode(c) {
				continue // w32tm's "ReferenceId: 0xC0A80001" is no error
			}
			if !counts(c, ctx) {
				continue // another component's code
			}
			last = max(last, off+codeSentenceEnd(l, c))
			if !seen[c] {
				seen[c] = true
				t.Codes = append(t.Codes, evidence.CodeSeen{Code: c, Context: context(quoted(origLines, i, l)), Source: evidence.Source{File: file, Line: line + i}})
			}
		}
		off += len(l) + 1
	}
	if at, ok := readMessages(file, line, text, orig, &t, seen, ctx); ok {
		last = max(last, at)
	}
	if len(t.Codes) == 0 && len(seen) == 0 {
		// No code anywhere: a failure stated in the words pasted with the
		// output ("but Windows still says it is not activated" under an
		// nslookup) is one.
		if st, ok := knowledge.FailureStatement(text); ok {
			last = max(last, st.Start)
			k, l := lineAt(orig, st.Start)
			t.StatedFailures = append(t.StatedFailures, evidence.StatedFailure{Context: context(l), Source: evidence.Source{File: file, Line: line + k}})
		}
	}
	// A licence state in those words, unless an output showed a status.
	if !slices.ContainsFunc(s.Products, func(p evidence.Product) bool { return p.Status != "" }) {
		if at, ok := statedStates(file, line, text, orig, &t); ok {
			last = max(last, at)
		}
	}
	// The words read as a sequence, as Read does: a success they state
	// after their failures ("activation failed at first, but after I added
	// the record Windows activated successfully") is the later state.
	if !knowledge.OtherLicensing(text) && statedSuccess(file, line, text, orig, last, -1, s) {
		s.Resolved = append(s.Resolved, t.Codes...)
		return nil
	}
	s.Merge(&t)
	return nil
}

// quoted is line i of the original text (lines), or l when the lines do
// not match (a Stated text that changed the line count never should).
func quoted(lines []string, i int, l string) string {
	if i < len(lines) {
		return lines[i]
	}
	return l
}

// readMessages adds the failure codes whose message text is in text and
// not in seen; it reports the offset of the last it added and whether it
// added any. A success or information code (0x4004F040, "activated but
// the owner should verify the Product Use Rights") is no failure; nor is
// the text of a generic code outside a licensing output (ctx, see counts).
func readMessages(file string, line int, text, orig string, s *evidence.Set, seen map[string]bool, ctx knowledge.Owners) (int, bool) {
	added, last := false, -1
	for _, m := range knowledge.MatchMessages(text) {
		if seen[m.Code] || !failureCode(m.Code) || !counts(m.Code, ctx) {
			continue
		}
		seen[m.Code] = true
		added = true
		last = max(last, m.Start)
		n, l := lineAt(orig, m.Start)
		s.Codes = append(s.Codes, evidence.CodeSeen{Code: m.Code, Context: context(l), Source: evidence.Source{File: file, Line: line + n},
			FromText: true, Lang: m.Lang})
	}
	return last, added
}
