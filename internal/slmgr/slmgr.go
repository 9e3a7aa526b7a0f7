// Package slmgr reads the text of `slmgr.vbs /dlv`, `/dli` and `/xpr` (and
// the error lines of `/ato`, `/ipk`, `/rearm`) in English, Japanese and,
// for what does not depend on the language, any other language. Several
// product blocks in one output (Windows plus Office) give several
// evidence.Product values.
//
// The parser is table-driven (labels.go: one row per label and language).
// Where a label is unknown it falls back on values whose shape does not
// depend on the language: "VOLUME_KMSCLIENT channel", "(CMID)", GUIDs,
// "host:1688", "N minute(s) (D day(s))", Extended PIDs, and 0xC004xxxx
// error codes. Lines it does not understand are kept in Product.Other and
// are never fatal.
//
// Hand-written: no Go library reads slmgr's text output.
package slmgr

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence/redact"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
)

var (
	guidRe    = regexp.MustCompile(`(?i)\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b`)
	channelRe = regexp.MustCompile(`\b(VOLUME_KMSCLIENT|VOLUME_KMS(?:_[A-Z0-9_-]*[A-Z0-9])?|VOLUME_MAK|RETAIL|OEM_[A-Z0-9_]+|TIMEBASED_[A-Z0-9_]+|VOLUME_[A-Z0-9_]+)\b`)
	// Extended PID: 03612-03308-000-000000-00-2052-22000.0000-0362022
	pidRe      = regexp.MustCompile(`\b\d{5}-\d{5}-\d{3}-\d{6}-\d{2}-\d{4,5}-(\d{4,5})\.\d{4}-\d{7}\b`)
	hostPortRe = regexp.MustCompile(`(?:^|[\s:：])(\[[0-9a-fA-F:]+\]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z.][A-Za-z0-9._-]*):([1-9]\d{0,4})\s*$`)
	// "243720 minute(s) (169 day(s))", "243720 分 (169 日)"
	daysOnlyRe = regexp.MustCompile(`^\D*\(\s*(\d+)\s*\D{1,10}\)`)
	minDayRe   = regexp.MustCompile(`(\d+)\s*(\D{1,12}?)\(\s*(\d+)\s*(\D{1,10})\)`)
	verRe      = regexp.MustCompile(`\b(\d+)\.(\d+)\.(\d{4,5})\.(\d+)\b`)
	nameLikeRe = regexp.MustCompile(`((?:Windows|Office)[^,:：]{0,40}, [A-Za-z0-9_]+(?: [A-Za-z0-9_()]+){0,2} edition)`)
	intRe      = regexp.MustCompile(`-?\d+`)
	minutesRe  = regexp.MustCompile(`(\d+)\s*minute`)
	errLineRe  = regexp.MustCompile(`^[^:：]{1,24}[:：]\s*0[xX][8Cc][0-9A-Fa-f]{7}`)
	// descriptionLineRe is the Description line of a licence under any
	// label: its value is the licence's own text, which Windows does not
	// translate ("Nom : ...", "Beschreibung: Windows(R) Operating System,
	// VOLUME_KMSCLIENT channel").
	descriptionLineRe = regexp.MustCompile(`^[^:：]{1,40}[:：].*, (?:VOLUME_[A-Z0-9_]+|RETAIL|OEM_[A-Z0-9_]+|TIMEBASED_[A-Z0-9_]+) channel\s*$`)
	// reasonLineRe is errLineRe with room for a longer label: right after
	// the License Status line, "Raison de la notification : 0xC004F034"
	// (26 characters) is still the reason.
	reasonLineRe = regexp.MustCompile(`^[^:：]{1,48}[:：]\s*0[xX][8Cc][0-9A-Fa-f]{7}`)
)

// failureCodes are the error codes of text, canonical and without repeats:
// knowledge.FindCodes (full-width digits, the letter O for a zero after 0x,
// Japanese punctuation around a code) keeping the 0x8xxxxxxx and
// 0xCxxxxxxx failure codes, as slmgr and ospp print them.
func failureCodes(text string) []string {
	var out []string
	for _, v := range knowledge.FindCodes(text) {
		if top := v >> 28; top == 0x8 || top == 0xC {
			out = append(out, knowledge.FormatCode(v))
		}
	}
	return out
}

// sortedLabels is labels, longest first, normalised for matching.
var sortedLabels = func() []label {
	ls := append([]label(nil), labels...)
	for i := range ls {
		ls[i].Text = norm(ls[i].Text)
	}
	sort.SliceStable(ls, func(i, j int) bool { return len(ls[i].Text) > len(ls[j].Text) })
	return ls
}()

// osppNorm is osppOnly, normalised as sortedLabels.
var osppNorm = func() map[string]bool {
	out := map[string]bool{}
	for t := range osppOnly {
		out[norm(t)] = true
	}
	return out
}()

// narratingWords are the words that, right before a state sentence, make
// it a user's account of what a tool said ("Windows was permanently
// activated", "it always says permanently activated", then "but it
// doesn't"), not the tool's output ("The machine is permanently
// activated."): the prose kind reads such a line with what follows it.
var narratingWords = []string{"was", "were", "says", "said", "showed", "shows", "claims", "claimed"}

// narrated: the normalised text before a state sentence ends with a
// narrating word, or has one in its last words before a state sentence
// that is not the tool's own ("it said: **windows is already permanently
// activated**"; the tool's is "The machine is permanently activated.",
// which a user may quote after "The result was :").
func narrated(before string) bool {
	f := strings.Fields(strings.TrimRight(before, " \"'*_:“「"))
	if len(f) == 0 {
		return false
	}
	if slices.Contains(narratingWords, strings.Trim(f[len(f)-1], `"'*_`)) {
		return true
	}
	if n := len(f); n >= 2 && strings.Trim(f[n-1], `"'*_`) == "is" && strings.HasSuffix(strings.Trim(f[n-2], `"'*_`), "machine") {
		return false // the tool's sentence, quoted
	}
	for _, w := range f[max(0, len(f)-8):] {
		if slices.Contains(narratingWords, strings.Trim(w, `"'*_:`)) {
			return true
		}
	}
	return false
}

// xprNorm is xprLines' texts, normalised.
var xprNorm = func() []string {
	out := make([]string, len(xprLines))
	for i, x := range xprLines {
		out[i] = norm(x.Text)
	}
	return out
}()

// norm folds a line for label matching: full-width colon to ASCII, runs of
// blanks to one space, ASCII lower case.
func norm(s string) string {
	s = strings.ReplaceAll(s, "：", ":")
	s = strings.Join(strings.Fields(s), " ")
	s = strings.ReplaceAll(s, " :", ":")
	return strings.ToLower(s)
}

// markers are strings only slmgr output (or a license-status dump laid out
// like it) contains; Detect looks for them.
var markers = []string{
	"license status:", "ライセンスの状態", "software licensing service version",
	"partial product key:", "(cmid)", "volume_kmsclient", "product key channel:",
	"volume activation will expire", "permanently activated", "notification mode",
	"slui.exe 0x2a", "key management service client information", "license name:",
	"key management service is enabled", "通知モード", "部分プロダクト キー",
	"许可证状态", "许可证说明", "授權狀態",
	"lizenzstatus:", "estado de la licencia:", "estado de licencia:", "clave de producto parcial:", "라이선스 상태:",
	"частичный ключ продукта:", "состояние лицензии:",
	"ad activation client information", "ao extended pid:",
}

// Detect reports whether text looks like slmgr output.
func Detect(text string) bool {
	if DetectHistory(text) {
		return false // ospp.vbs /dhistorykms: its own kind (ReadHistory)
	}
	low := strings.ToLower(text)
	for _, m := range markers {
		if strings.Contains(low, m) {
			if m == "license status:" && !statusValueShown(low) {
				// "License Status: Activated" beside "License Code:" and
				// "Expiration Date:": another product's licence list,
				// not a value slmgr or ospp.vbs prints.
				continue
			}
			return true
		}
	}
	if hasActionLine(text) {
		return true
	}
	// Language-neutral: an "edition (GUID)" line of /ato, or a short label
	// followed by an activation error code ("Error: 0xC004F074"): a
	// licensing code, or a generic one (0x80070005) in an output about
	// licensing; WSL's "Error: 0x80070005" is not slmgr's.
	var owner knowledge.Owners
	known := false      // knowledge.OwnersOf(text), once needed
	var stated []string // the lines of knowledge.Stated(text), once needed
	i := -1             // the line's index
	for l := range strings.SplitSeq(text, "\n") {
		i++
		l = strings.TrimSpace(l)
		if nameLikeRe.MatchString(l) && (guidRe.MatchString(l) || channelRe.MatchString(l)) {
			return true
		}
		if _, _, ok := atoProgress(l); ok {
			return true // /ato's "<verb> <product> (<id>) ..." in any language
		}
		if errLine(l) && !hexValueLine(l) {
			if !known {
				owner, known = knowledge.OwnersOf(text), true
			}
			if stated == nil {
				// A line that names codes as a reference, an example or
				// an instruction to edit a document does ("Add error
				// codes: 0x8007007b, 0xC004C003"): what it names is no
				// output's error (knowledge.Stated blanks them, keeping
				// the lines).
				stated = strings.Split(knowledge.Stated(text), "\n")
			}
			if i < len(stated) && errLine(strings.TrimSpace(stated[i])) && lineCounts(l, owner) {
				return true
			}
		}
		if descriptionLineRe.MatchString(l) {
			return true
		}
		if atoSuccess(l) {
			return true
		}
	}
	return xprHeading(text) || fragment(low)
}

// statusValueShown: one "License Status:" line of low (lower case) holds a
// value of statusWords (slmgr's and ospp.vbs's states, dashes trimmed), or
// none at all (a value cut off or redacted is still slmgr's line).
func statusValueShown(low string) bool {
	for l := range strings.SplitSeq(low, "\n") {
		_, v, ok := strings.Cut(l, "license status:")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		if v == "" || !isWordValue(v) {
			return true
		}
		lv := strings.ReplaceAll(strings.Trim(v, "-"), "_ ", "_")
		for _, w := range statusWords {
			if strings.HasPrefix(lv, strings.ToLower(w.Text)) {
				return true
			}
		}
	}
	return false
}

// isWordValue: v begins with a letter (a word, not a redaction such as
// "****" or "<status>").
func isWordValue(v string) bool {
	c := v[0]
	return c >= 'a' && c <= 'z' || c >= 0x80
}

// xprHeading: /xpr's "Windows(R), <X> edition:" heading with, on the next
// line that is not blank, a state sentence alone that knowledge's success
// texts hold in any of their languages ("计算机已永久激活。").
func xprHeading(text string) bool {
	heading := false
	for l := range strings.SplitSeq(text, "\n") {
		l = strings.TrimSpace(l)
		switch {
		case l == "":
		case heading:
			if successLine(l) {
				return true
			}
			heading = false
		}
		if (strings.HasSuffix(l, ":") || strings.HasSuffix(l, "：")) && nameLikeRe.MatchString(l) {
			heading = true
		}
	}
	return false
}

// successLine: l is, on its own, a success or licensed-state sentence of
// knowledge's texts (knowledge.StatesSuccess), not words around one.
func successLine(l string) bool {
	ms := knowledge.StatesSuccess(l)
	if len(ms) != 1 {
		return false
	}
	rest := strings.TrimSpace(l[:ms[0].Start] + l[ms[0].End:])
	return utf8.RuneCountInString(strings.Trim(rest, ".。!！ \t")) <= 8
}

// fragment reports whether low (text in lower case) shows at least three
// distinct fragmentLabels at the start of its lines: a piece of ospp.vbs
// /dstatus or slmgr /dlv pasted without its first lines.
func fragment(low string) bool {
	// Cheap first: three of the labels anywhere (no allocation).
	n := 0
	for _, lb := range fragmentLabels {
		if strings.Contains(low, lb[:len(lb)-1]) {
			n++
		}
	}
	if n < 3 {
		return false
	}
	seen := map[string]bool{}
	for l := range strings.SplitSeq(low, "\n") {
		nl := norm(l)
		for _, lb := range fragmentLabels {
			if strings.HasPrefix(nl, lb) {
				seen[lb] = true
			}
		}
		if len(seen) >= 3 {
			return true
		}
	}
	return false
}

// atoSuccess reports whether l is the success message of slmgr /ato
// (atoLines): the sentence alone on its line, or after the "Activating
// <product> edition ..." text of the same command.
func atoSuccess(l string) bool {
	if !containsAny(l, atoKeys) {
		return false // every atoLines text has its longest word
	}
	t := strings.TrimRight(strings.Trim(strings.TrimSpace(l), "*"), " 。.")
	for _, a := range atoLines {
		if strings.EqualFold(t, a.Text) {
			return true
		}
		if len(t) > len(a.Text) && strings.HasSuffix(strings.ToLower(t), strings.ToLower(a.Text)) &&
			activatingLine(t[:len(t)-len(a.Text)]) {
			return true
		}
	}
	return false
}

// atoKeys are the longest word of each atoLines text, as written and in
// lower case: a line without one is no success message (a cheap test).
var atoKeys = func() []string {
	var out []string
	for _, a := range atoLines {
		k := ""
		for _, w := range strings.Fields(a.Text) {
			if len(w) > len(k) {
				k = w
			}
		}
		out = append(out, k, strings.ToLower(k))
	}
	return out
}()

func containsAny(s string, subs []string) bool {
	for _, k := range subs {
		if strings.Contains(s, k) {
			return true
		}
	}
	return false
}

// activatingIDRe is the "(<activation id>) ..." of /ato's "Activating
// <product> (<id>) ..." text, in every language's word order (ko-kr:
// "Windows(R), ServerDatacenter 버전 활성화(12345678-...) …").
var activatingIDRe = regexp.MustCompile(`\([0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4,12}){1,5}\)\s*(?:\.{3}|…)`)

// activatingLine reports whether head (what precedes a success sentence on
// its line) is /ato's "Activating <product> ..." text: its edition word
// (English "edition", French "édition", German "-Edition") or its
// parenthesised activation id before the ellipsis.
func activatingLine(head string) bool {
	h := strings.ToLower(head)
	return strings.Contains(h, "edition") || strings.Contains(h, "édition") || activatingIDRe.MatchString(head)
}

// errLine reports whether l is a short label followed by a failure code,
// whatever the language and the width of its characters: "Error:
// 0xC004F074", "Fehler: 0xC004F074", "Erreur : 0xC004F074", "Ошибка:
// 0xC004F074", "エラー：０ｘＣ００４Ｆ０７４", "Error: OxC004F074" (the letter O).
func errLine(l string) bool {
	if errLineRe.MatchString(l) {
		return true
	}
	if !strings.ContainsAny(l, "xXｘＸ") {
		return false
	}
	return errLineRe.MatchString(knowledge.NormalizeText(l))
}

// lineCounts reports whether l shows a code that is a licensing failure
// in an output of owners o (knowledge.Owners.Counts).
func lineCounts(l string, o knowledge.Owners) bool {
	for _, v := range knowledge.FindCodes(knowledge.NormalizeText(l)) {
		if o.Counts(v) {
			return true
		}
	}
	return false
}

// hexValueLine reports whether l is a line of another tool whose value is
// hexadecimal but no error code: w32tm's "ReferenceId: 0xC0A80001" is an
// IPv4 address (192.168.0.1), in any language.
func hexValueLine(l string) bool {
	label, _, ok := strings.Cut(strings.TrimSpace(l), ":")
	if !ok {
		label, _, ok = strings.Cut(strings.TrimSpace(l), "：")
	}
	if !ok {
		return false
	}
	switch strings.ToLower(strings.ReplaceAll(strings.TrimSpace(label), " ", "")) {
	case "referenceid", "参照id", "参考id", "參考id", "引用id", "referenz-id", "idderéférence":
		return true
	}
	// Under a label of another language, w32tm's reference id shows the
	// address it stands for: "0xC0A80001 (IP de origen: 192.168.0.1)".
	return refIDRe.MatchString(l)
}

// refIDRe is a reference id followed by the IPv4 address it encodes, in
// brackets, as w32tm prints it in every language.
var refIDRe = regexp.MustCompile(`0x[0-9A-Fa-f]{8}\s*\([^)]*\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\s*\)`)

// Starts reports whether line begins an slmgr output.
func Starts(line string) bool {
	if !strings.Contains(line, "ersion") && !strings.Contains(line, "バージョン") && !strings.Contains(line, "版本") {
		return false
	}
	return hasLabel(norm(line), versionLabels)
}

func newProduct(src evidence.Source) *evidence.Product {
	return &evidence.Product{GraceMinutes: -1, ExpiryMinutes: -1, RemainingRearm: -1,
		ActivationInterval: -1, RenewalInterval: -1, Lines: map[string]int{}, Source: src}
}

type parser struct {
	file     string
	s        *evidence.Set
	products []*evidence.Product
	cur      *evidence.Product
	version  string
	// remaining holds a language-neutral "N minutes (D days)" seen under an
	// unknown label, resolved once the status is known.
	remaining map[*evidence.Product]int
	// prev is the line number of the last non-blank line read.
	prev int
	// aoList is true after the "Activation Objects" heading of /ao-list:
	// the lines that follow describe activation objects, not a product.
	aoList bool
	aos    []evidence.ActivationObject
	// codeFrom is len(s.Codes) when Read began; owners[i] is the product
	// that was current when s.Codes[codeFrom+i] was read (nil for none).
	codeFrom int
	owners   []*evidence.Product
	// pendingAto is the product of an /ato progress line whose ellipsis
	// ended its line: the next line may be its success sentence.
	pendingAto *evidence.Product
	// afterSkms is true when the last non-blank line was an /skms command.
	afterSkms bool
	// progress holds the products started by an /ato progress line.
	progress map[*evidence.Product]bool
	// infer: the text is short enough for /ato's success to be inferred
	// from its place (inferred.go): a paste, not a document.
	infer bool
}

// maxInferredAtoLines bounds the texts (non-blank lines) in which /ato's
// success is inferred from its place: a paste of the command's output with
// a few words around it. In a longer text, an article that shows the
// output as an example, the sentence is left to the prose reading.
const maxInferredAtoLines = 6

func nonBlank(lines []string) int {
	n := 0
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			n++
		}
	}
	return n
}

// maxOther bounds Product.Other.
const maxOther = 50

// Read parses text (one segment; its first line is line of file) into s.
func Read(file string, line int, text string, s *evidence.Set) error {
	p := &parser{file: file, s: s, remaining: map[*evidence.Product]int{}, codeFrom: len(s.Codes)}
	lines := strings.Split(text, "\n")
	p.infer = nonBlank(lines) <= maxInferredAtoLines
	for i, l := range lines {
		for _, piece := range splitRunTogether(strings.TrimSpace(strings.TrimRight(l, "\r"))) {
			p.line(piece, line+i)
		}
	}
	p.finish()
	return nil
}

func (p *parser) src(n int) evidence.Source { return evidence.Source{File: p.file, Line: n} }

// product returns the current product, starting one if needed.
func (p *parser) product(n int) *evidence.Product {
	if p.cur == nil {
		p.start(n)
	}
	return p.cur
}

func (p *parser) start(n int) {
	p.cur = newProduct(p.src(n))
	p.products = append(p.products, p.cur)
}

func (p *parser) line(l string, n int) {
	if l == "" {
		return
	}
	defer func() { p.prev = n }()
	pending, afterSkms := p.pendingAto, p.afterSkms
	p.pendingAto, p.afterSkms = nil, skmsCommand(l)
	if pending != nil && pending.Status == "" && p.infer && !atoSuccess(l) && inferredSentence(l) {
		// The line after "<verb> <product> (<id>) ...": its success
		// sentence in a language without a row.
		p.atoInferred(pending, l, n)
		return
	}
	note, ok := actionLine(l)
	if !ok && afterSkms {
		note, ok = inferredSkms(strings.TrimSpace(l), true)
	}
	if ok {
		note.Source = p.src(n)
		p.s.Notes = append(p.s.Notes, note)
		return
	}
	if p.reasonAfterStatus(l, n) {
		return
	}
	if !isReasonLine(l) && !hexValueLine(l) {
		for _, code := range failureCodes(l) {
			p.s.Codes = append(p.s.Codes, evidence.CodeSeen{Code: code, Context: trimContext(l), Source: p.src(n)})
			p.owners = append(p.owners, p.cur)
		}
	}
	if strings.Trim(l, "-*_= ") == "" || strings.HasPrefix(l, "---") && strings.HasSuffix(l, "---") {
		return // banner and separator lines ("---Processing---", "*****")
	}
	nl := norm(l)
	for _, lb := range sortedLabels {
		if strings.HasPrefix(nl, lb.Text) {
			v := valueAfter(l, lb.Text)
			if redact.Placeholder(v) {
				// "Partial Product Key: xxxxx", "KMS machine IP address:
				// <IP>": noted as redacted. A redacted key still says a
				// key is installed, so the value is kept, except where it
				// would pass for a host or an id.
				p.redacted(l, n)
				switch lb.Field {
				case fRegisteredKMS, fDiscoveredKMS, fKMSIP, fKMSPID, fCMID:
					p.product(n)
					return
				}
			}
			p.set(lb.Field, v, n)
			if osppNorm[lb.Text] && p.cur != nil {
				p.cur.OSPP = true
			}
			return
		}
	}
	if v := valueAfterColon(l); v != l && redact.Placeholder(v) {
		p.redacted(l, n)
		return
	}
	// A value alone on its line, such as the activation ID of /ato masked
	// by its author ("(*-*-*-*-*)...").
	if v := strings.TrimRight(l, ".… "); v != "" && redact.Placeholder(v) && strings.Contains(v, "-") {
		p.redacted(l, n)
		return
	}
	p.fallback(l, nl, n)
}

// redacted records line l, whose value is a redaction placeholder.
func (p *parser) redacted(l string, n int) {
	p.s.Notes = append(p.s.Notes, evidence.Note{Kind: evidence.NoteRedacted, Detail: trimContext(l), Source: p.src(n)})
}

// reasonAfterStatus reads, in any language, the line that follows the
// License Status line of a product in notification or grace and carries an
// error code under a label we do not know ("通知理由: 0xC004F056。"): it is
// the status reason, as "Notification Reason:" is in English, not a failed
// command.
func (p *parser) reasonAfterStatus(l string, n int) bool {
	pr := p.cur
	if pr == nil || pr.StatusReason != "" || pr.Status == "" || pr.Status == evidence.StatusLicensed ||
		pr.Lines["status"] != p.prev || p.prev == 0 || !reasonLineRe.MatchString(knowledge.NormalizeText(l)) {
		return false
	}
	if hasLabel(norm(l), labelTexts) {
		return false // a known label: read as such
	}
	codes := failureCodes(l)
	if len(codes) == 0 {
		return false
	}
	pr.StatusReason = codes[0]
	pr.Lines["reason"] = n
	return true
}

// The labels of the service version and of the notification reason, in
// every language of labels.go, normalised.
var (
	versionLabels = labelsOf(fServiceVersion)
	reasonLabels  = labelsOf(fReason)
	labelTexts    = func() []string {
		out := make([]string, len(sortedLabels))
		for i, lb := range sortedLabels {
			out[i] = lb.Text
		}
		return out
	}()
)

func labelsOf(f field) []string {
	var out []string
	for _, lb := range sortedLabels {
		if lb.Field == f {
			out = append(out, lb.Text)
		}
	}
	return out
}

// hasLabel reports whether the normalised line nl begins with one of the
// normalised labels.
func hasLabel(nl string, labels []string) bool {
	for _, lb := range labels {
		if strings.HasPrefix(nl, lb) {
			return true
		}
	}
	return false
}

func isReasonLine(l string) bool { return hasLabel(norm(l), reasonLabels) }

func trimContext(l string) string {
	if len(l) <= 200 {
		return l
	}
	// Cut on a character boundary: a Japanese line must not end in half a
	// character.
	cut := 200
	for cut > 0 && !utf8.RuneStart(l[cut]) {
		cut--
	}
	return l[:cut]
}

// valueAfter returns what follows the label in l: the text after the first
// colon for labels that end in one, nothing for flag lines.
func valueAfter(l, normLabel string) string {
	if !strings.HasSuffix(normLabel, ":") {
		return ""
	}
	return valueAfterColon(l)
}

func firstInt(s string) int {
	m := intRe.FindString(s)
	if m == "" {
		return -1
	}
	v, err := strconv.Atoi(m)
	if err != nil {
		return -1
	}
	return v
}

// dayUnit and minuteUnit tell the unit words of a "N unit (M unit)" value
// apart (English, Japanese, Chinese).
func dayUnit(u string) bool {
	u = strings.ToLower(u)
	return strings.Contains(u, "day") || strings.Contains(u, "天") || strings.Contains(u, "日") || strings.Contains(u, "일")
}

func minuteUnit(u string) bool {
	u = strings.ToLower(u)
	return strings.Contains(u, "minut") || strings.Contains(u, "分") || strings.Contains(u, "분")
}

// timeUnits: a minDayRe match names minutes or days (in a language we
// know, or "minut-" of most others: "Minute(n) (6 Tag(e))", "minuto(s)").
func timeUnits(m []string) bool {
	return minuteUnit(m[2]) || dayUnit(m[2]) || minuteUnit(m[4]) || dayUnit(m[4])
}

// minDayMinutes is the minutes of a minDayRe match: the first number,
// unless the days come first, as Office Tool Plus and some translations
// write them ("179 天  (259147 分钟后到期)", "179 days (259147 minutes)").
func minDayMinutes(m []string) int {
	mins, _ := strconv.Atoi(m[1])
	if dayUnit(m[2]) && minuteUnit(m[4]) {
		mins, _ = strconv.Atoi(m[3])
	}
	return mins
}

// narrowNum turns full-width brackets and digits into ASCII, as a zh or
// ja translation (or an IME) may write a remaining time: "259147 分钟（179
// 天）", "２５９１４７ 分".
var narrowNum = strings.NewReplacer("（", "(", "）", ")", "０", "0", "１", "1", "２", "2", "３", "3", "４", "4",
	"５", "5", "６", "6", "７", "7", "８", "8", "９", "9")

// minutesOf reads "N minute(s) (D day(s))" (or "D day(s) (N minute(s))"),
// or else the first number.
func minutesOf(v string) int {
	v = narrowNum.Replace(v)
	if m := minDayRe.FindStringSubmatch(v); m != nil {
		return minDayMinutes(m)
	}
	// The minutes left out (a redacted paste: " minute(s) (180 day(s))"):
	// the number in brackets is days, not minutes.
	if m := daysOnlyRe.FindStringSubmatch(v); m != nil {
		days, _ := strconv.Atoi(m[1])
		return days * 24 * 60
	}
	return firstInt(v)
}

func (p *parser) set(f field, v string, n int) {
	switch f {
	case fServiceVersion:
		p.version = v
		if p.cur != nil {
			p.cur.ServiceVersion = v
		}
		return
	case fName:
		p.aoList = false
		p.start(n)
		p.cur.Name = strings.TrimSuffix(v, ":")
		return
	case fAOList:
		p.aoList = true
		return
	}
	if p.aoList && p.setAO(f, v, n) {
		return
	}
	pr := p.product(n)
	switch f {
	case fDescription:
		pr.Description = v
		if m := channelRe.FindString(v); m != "" {
			pr.Channel = m
			pr.Lines["channel"] = n
		}
	case fActivationID:
		pr.ActivationID = guidRe.FindString(v)
	case fApplicationID:
		pr.ApplicationID = guidRe.FindString(v)
	case fExtendedPID:
		pr.ExtendedPID = v
		if m := pidRe.FindStringSubmatch(v); m != nil && pr.Build == "" {
			pr.Build = m[1]
		}
	case fChannel:
		// "Product Key Channel: Retail" is less precise than the channel
		// in Description; use it only when that is missing.
		if pr.Channel == "" {
			pr.Channel = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(v), ":", "_"))
			pr.Lines["channel"] = n
		}
	case fPartialKey:
		pr.PartialKey = v
	case fStatus:
		pr.Status = statusOf(v)
		pr.Lines["status"] = n
		if cs := failureCodes(v); len(cs) > 0 {
			pr.StatusReason = cs[0]
		}
	case fReason:
		if cs := failureCodes(v); len(cs) > 0 {
			pr.StatusReason = cs[0]
		} else {
			pr.StatusReason = v
		}
		pr.Lines["reason"] = n
	case fExpiry:
		pr.ExpiryMinutes = minutesOf(v)
		pr.Lines["expiry"] = n
	case fTimeRemaining:
		pr.GraceMinutes = minutesOf(v)
		pr.Lines["grace"] = n
	case fRemainingGrace:
		// "179 days  (258466 minute(s) before expiring)": minutes left,
		// expiry or grace depending on the status (resolved in finish).
		if m := minutesRe.FindStringSubmatch(v); m != nil {
			p.remaining[pr], _ = strconv.Atoi(m[1])
			pr.Lines["remaining"] = n
		}
	case fRearm:
		if r := firstInt(v); r >= 0 && (pr.RemainingRearm < 0 || r < pr.RemainingRearm) {
			pr.RemainingRearm = r
			pr.Lines["rearm"] = n
		}
	case fCMID:
		pr.CMID = strings.ToLower(guidRe.FindString(v))
	case fRegisteredKMS:
		if isHostValue(v) {
			pr.KMSMachineName = v
			pr.Lines["kms_name"] = n
		}
	case fDiscoveredKMS:
		if isHostValue(v) {
			pr.KMSDiscoveredName = v
			pr.Lines["kms_dns"] = n
		}
	case fKMSIP:
		pr.KMSMachineIP = v
	case fKMSPID:
		pr.KMSHostPID = v
	case fActivationInterval:
		pr.ActivationInterval = firstInt(v)
	case fRenewalInterval:
		pr.RenewalInterval = firstInt(v)
	case fKMSEnabled:
		p.host(pr, n)
	case fCurrentCount:
		p.host(pr, n).CurrentCount = firstInt(v)
		pr.Lines["count"] = n
	case fListeningPort:
		p.host(pr, n).ListeningPort = firstInt(v)
	case fDNSPublishing:
		p.host(pr, n).DNSPublishing = true
	case fTotalRequests:
		p.host(pr, n).RequestsReceived = firstInt(v)
	case fFailedRequests:
		p.host(pr, n).FailedRequests = firstInt(v)
	case fADInfo, fAOName, fAODN, fAOPID, fAOActID:
		if pr.AD == nil {
			pr.AD = &evidence.ADActivation{Source: p.src(n)}
			pr.Lines["adba"] = n
		}
		switch f {
		case fAOName:
			pr.AD.ObjectName = v
		case fAODN:
			pr.AD.DN = v
		case fAOPID:
			pr.AD.ExtendedPID = v
		case fAOActID:
			pr.AD.ActivationID = v
		}
	}
}

// setAO reads a line of /ao-list: "Activation Object name:" starts an
// object, and the indented lines under it (Activation ID, Partial Product
// Key, AO extended PID, AO DN) describe it. It reports whether the line
// was one of them.
func (p *parser) setAO(f field, v string, n int) bool {
	if f == fAOName {
		p.aos = append(p.aos, evidence.ActivationObject{Name: v, Source: p.src(n)})
		return true
	}
	if len(p.aos) == 0 {
		return false
	}
	ao := &p.aos[len(p.aos)-1]
	switch f {
	case fActivationID:
		ao.ActivationID = v
	case fPartialKey:
		ao.PartialKey = v
	case fAOPID:
		ao.ExtendedPID = v
	case fAODN:
		ao.DN = v
	default:
		return false
	}
	return true
}

// isHostValue: a KMS name value is one token (host, host:port, [v6]:port);
// a sentence ("KMS name not available") is not a name.
func isHostValue(v string) bool {
	return v != "" && !strings.ContainsAny(v, " \t")
}

func (p *parser) host(pr *evidence.Product, n int) *evidence.KMSHostInfo {
	if pr.KMSHost == nil {
		pr.KMSHost = &evidence.KMSHostInfo{CurrentCount: -1, Source: p.src(n)}
	}
	return pr.KMSHost
}

func statusOf(v string) string {
	// "---OOB_ GRACE---" as a pasted ospp.vbs output sometimes reads.
	lv := strings.ReplaceAll(strings.ToLower(strings.Trim(strings.TrimSpace(v), "-")), "_ ", "_")
	best, bestLen := "", 0
	for _, w := range statusWords {
		t := strings.ToLower(w.Text)
		if strings.HasPrefix(lv, t) && len(t) > bestLen {
			best, bestLen = w.Status, len(t)
		}
	}
	if best == "" {
		return strings.TrimSpace(v)
	}
	return best
}

// fallback handles a line no label matched, from what does not depend on
// the language.
func (p *parser) fallback(l, nl string, n int) {
	// /ato: "Product activated successfully." (or its translation), alone
	// or after "Activating <product> (<id>) ...": the product is licensed,
	// as the command says.
	if atoSuccess(l) {
		name := ""
		if m := findIf(l, "edition", nameLikeRe); m != nil {
			name = m[1]
		} else if prod, _, ok := atoProgress(l); ok {
			name = prod // "Aktivace systému Windows (R), edice ServerDatacenter (...)"
		}
		if name != "" && (p.cur == nil || p.cur.Name != "" && p.cur.Name != name) {
			p.start(n)
			p.cur.Name = name
		} else if name != "" && p.cur != nil && p.cur.Name == "" {
			p.cur.Name = name
		}
		pr := p.product(n)
		pr.Status = evidence.StatusLicensed
		pr.StatusFrom = evidence.StatusFromAto
		pr.Lines["status"] = n
		return
	}
	// /ato's progress line in any language: "<verb> <product> (<id>) ...",
	// then its success sentence (same line or the next) or an error line.
	if prod, rest, ok := atoProgress(l); ok && !strings.Contains(l, "channel") {
		name := prod
		if m := nameLikeRe.FindStringSubmatch(l); m != nil {
			name = m[1]
		}
		if p.cur == nil || p.cur.Name != "" || p.cur.Status != "" {
			p.start(n)
		}
		if p.progress == nil {
			p.progress = map[*evidence.Product]bool{}
		}
		p.progress[p.cur] = true
		p.cur.Name = name
		if g := guidRe.FindString(l); g != "" {
			p.cur.ActivationID = strings.ToLower(g)
		}
		if rest == "" {
			p.pendingAto = p.cur
		} else if p.infer && inferredSentence(rest) {
			p.atoInferred(p.cur, rest, n)
		}
		return
	}
	// /xpr: "Windows(R), Professional edition:" then a state sentence.
	for i, x := range xprLines {
		if at := strings.Index(nl, xprNorm[i]); at >= 0 && !narrated(nl[:at]) {
			pr := p.product(n)
			pr.Status = x.Status
			pr.Lines["status"] = n
			return
		}
	}
	// A licensed-state sentence of another language (knowledge's success
	// texts: zh-CN /xpr "计算机已永久激活。") under a product heading.
	if p.cur != nil && p.cur.Status == "" && p.cur.Name != "" && successLine(l) {
		p.cur.Status = evidence.StatusLicensed
		p.cur.Lines["status"] = n
		return
	}
	if m := findIf(l, "edition", nameLikeRe); m != nil {
		// A product line in a language we do not know (e.g. "正在激活
		// Windows(R), EnterpriseS edition (GUID) ..."), or /xpr's
		// "Name edition:" heading. Only if it is not the Description.
		if ch := channelRe.FindString(l); ch != "" && p.cur != nil && p.cur.Channel == "" && strings.Contains(l, "channel") {
			descriptionLine(p.cur, l, ch, n)
			return
		}
		if p.cur == nil || p.cur.Name != "" {
			p.start(n)
		}
		p.cur.Name = m[1]
		if g := guidRe.FindString(l); g != "" {
			p.cur.ActivationID = strings.ToLower(g)
		}
		return
	}
	// "<unknown label>: <known status word>".
	if v := valueAfterColon(l); v != l && v != "" {
		for _, w := range statusWords {
			if strings.EqualFold(v, w.Text) || strings.EqualFold(strings.TrimSuffix(v, "."), w.Text) {
				pr := p.product(n)
				if pr.Status == "" {
					pr.Status = w.Status
					pr.Lines["status"] = n
				}
				return
			}
		}
	}
	if strings.Contains(l, "(CMID)") {
		if g := guidRe.FindString(l); g != "" {
			p.product(n).CMID = strings.ToLower(g)
		}
		return
	}
	if ch := channelRe.FindString(l); ch != "" && strings.Contains(strings.ToLower(l), "channel") {
		if pr := p.product(n); pr.Channel == "" {
			descriptionLine(pr, l, ch, n)
		}
		return
	}
	if m := findIf(l, "-", pidRe); m != nil {
		pr := p.product(n)
		if strings.Contains(l, "KMS") {
			pr.KMSHostPID = m[0]
		} else if pr.ExtendedPID == "" {
			pr.ExtendedPID = m[0]
			if pr.Build == "" {
				pr.Build = m[1]
			}
		}
		return
	}
	if p.cur != nil {
		if m := hostPortRe.FindStringSubmatch(l); m != nil && strings.ContainsAny(l, ":：") {
			hp := m[1] + ":" + m[2]
			if strings.Contains(strings.ToUpper(l), "DNS") {
				if p.cur.KMSDiscoveredName == "" {
					p.cur.KMSDiscoveredName = hp
					p.cur.Lines["kms_dns"] = n
				}
			} else if p.cur.KMSMachineName == "" {
				p.cur.KMSMachineName = hp
				p.cur.Lines["kms_name"] = n
			}
			return
		}
		// Under a label we do not know, only a value with its units is a
		// remaining time ("179 天 (259147 分钟后到期)"): w32tm's "Poll
		// Interval: 10 (1024s)" pasted below is not.
		if m := findIf(narrowNum.Replace(l), "(", minDayRe); m != nil && timeUnits(m) {
			if _, seen := p.remaining[p.cur]; !seen {
				p.remaining[p.cur] = minDayMinutes(m)
				p.cur.Lines["remaining"] = n
			}
			return
		}
	}
	if p.cur != nil && len(p.cur.Other) < maxOther {
		p.cur.Other = append(p.cur.Other, strconv.Itoa(n)+": "+trimContext(l))
	}
	// A version line under a label we do not know.
	if m := verRe.FindString(l); m != "" && p.version == "" && p.cur == nil && strings.ContainsAny(l, ":：") {
		p.version = m
	}
}

// atoInferred reads sentence (line n) as the success message of /ato for
// pr: Licensed, StatusFrom "ato_inferred", the sentence kept.
func (p *parser) atoInferred(pr *evidence.Product, sentence string, n int) {
	pr.Status = evidence.StatusLicensed
	pr.StatusFrom = evidence.StatusFromAtoInferred
	pr.StatusText = trimContext(strings.TrimSpace(strings.Trim(strings.TrimSpace(sentence), "*_`")))
	pr.Lines["status"] = n
}

// descriptionLine takes a Description line under a label we do not know
// ("..., VOLUME_KMSCLIENT channel"): its value and channel ch.
func descriptionLine(pr *evidence.Product, l, ch string, n int) {
	pr.Description = valueAfterColon(l)
	pr.Channel = ch
	pr.Lines["channel"] = n
}

// findIf runs re on l only when l contains must (a cheap pre-check).
func findIf(l, must string, re *regexp.Regexp) []string {
	if !strings.Contains(l, must) {
		return nil
	}
	return re.FindStringSubmatch(l)
}

// Grace before activation lasts at most 30 days (Windows' initial grace,
// Office's OOB grace); a KMS activation is valid for 180 days.
const (
	maxGraceMinutes    = 30 * 24 * 60
	kmsValidityMinutes = 180 * 24 * 60
)

// kmsValidity reports whether minutes left, on a product whose status line
// is missing, can only be the validity of a KMS activation: more than any
// grace period before activation, at most 180 days, and a KMS host named
// (registered or found in DNS) with its intervals.
func kmsValidity(pr *evidence.Product, minutes int) bool {
	if minutes <= maxGraceMinutes || minutes > kmsValidityMinutes {
		return false
	}
	kms := pr.KMSMachineName != "" || pr.KMSDiscoveredName != ""
	return kms && (pr.ActivationInterval >= 0 || pr.RenewalInterval >= 0)
}

func knownGrace(st string) bool {
	switch st {
	case evidence.StatusOOBGrace, evidence.StatusOOTGrace, evidence.StatusNonGenuineGrace, evidence.StatusExtendedGrace:
		return true
	}
	return false
}

func valueAfterColon(l string) string {
	if i := strings.IndexAny(l, ":："); i >= 0 {
		return strings.TrimSpace(strings.TrimLeft(l[i:], ":："))
	}
	return strings.TrimSpace(l)
}

func (p *parser) finish() {
	p.s.ActivationObjects = append(p.s.ActivationObjects, p.aos...)
	p.dropUnusedLicenceCodes()
	for _, pr := range p.products {
		if pr.ServiceVersion == "" {
			pr.ServiceVersion = p.version
		}
		if pr.ServiceVersion != "" && pr.Build == "" {
			if m := verRe.FindStringSubmatch(pr.ServiceVersion); m != nil {
				pr.Build = m[3]
			}
		}
		if v, ok := p.remaining[pr]; ok {
			line := pr.Lines["remaining"]
			delete(pr.Lines, "remaining")
			if pr.Status == "" && kmsValidity(pr, v) {
				// A fragment without its License Status line (ospp.vbs
				// /dstatus pasted from REMAINING GRACE on) that shows more
				// grace than any grace period before activation has, with
				// a KMS host: the 180-day validity of a KMS activation.
				pr.Status = evidence.StatusLicensed
				pr.StatusFrom = evidence.StatusFromKMSValidity
				pr.Lines["status"] = line
			}
			switch {
			case pr.Status == evidence.StatusLicensed && pr.ExpiryMinutes < 0:
				pr.ExpiryMinutes = v
				pr.Lines["expiry"] = line
			case knownGrace(pr.Status) && pr.GraceMinutes < 0:
				pr.GraceMinutes = v
				pr.Lines["grace"] = line
			}
		}
		if pr.Name == "" && pr.Description == "" && pr.Channel == "" && pr.Status == "" && pr.KMSHost == nil && pr.CMID == "" {
			continue
		}
		if p.progress[pr] && pr.Status == "" && len(p.s.Codes) == p.codeFrom && pr.Channel == "" && pr.PartialKey == "" && pr.CMID == "" {
			// /ato's progress line whose outcome the text does not show
			// as slmgr prints it (no success sentence, no error code:
			// "... Produkt nie został aktywowany.", a person's words): no
			// product state is read from it, and the words are left to
			// the prose reading.
			continue
		}
		p.s.Products = append(p.s.Products, *pr)
	}
	// A service version with no product (e.g. /rearm output) still tells
	// the release; keep it as a product-less note.
	if len(p.products) == 0 && p.version != "" {
		p.s.Notes = append(p.s.Notes, evidence.Note{Kind: "slmgr.service_version", Detail: p.version, Source: evidence.Source{File: p.file}})
	}
}

// dropUnusedLicenceCodes: a listing of every licence (ospp.vbs /dstatusall,
// slmgr /dlv all) shows licences no key is installed for, Unlicensed, often
// with the reason 0xC004F014 (no product key). They are not installed
// products, and their codes are no failure of a command. When another
// licence of the same output has a key (so this is such a listing, not a
// lone unlicensed product), the codes read under those licences are
// dropped.
func (p *parser) dropUnusedLicenceCodes() {
	keyed := false
	for _, pr := range p.products {
		keyed = keyed || pr.PartialKey != ""
	}
	if !keyed {
		return
	}
	kept := p.s.Codes[:p.codeFrom]
	for i, c := range p.s.Codes[p.codeFrom:] {
		if o := p.owners[i]; o != nil && o.PartialKey == "" && o.Status == evidence.StatusUnlicensed {
			continue
		}
		kept = append(kept, c)
	}
	p.s.Codes = kept
}
