package knowledge

import (
	"regexp"
	"slices"
	"strings"
)

// A code belongs to the component whose output carries it: a licensing
// code (LicensingCode) is the licensing stack's wherever it is pasted; a
// generic one (a Win32 error 0x8007xxxx, an NTSTATUS, another facility)
// is stated by whatever printed it (WSL, an MSIX/AppX installer, Windows
// Update, w32tm) and is a licensing failure in an output about licensing
// (LicensingContext), never in one that names another component, and, in
// an output that names none, only when the knowledge base holds it (a
// dialog's "Error: 0x8007232B DNS name does not exist." pasted alone). The
// readers of pasted text (prose, the language-neutral error lines of
// slmgr) ask OwnerOf and Owner.Counts.

// LicensingCode: v is a code of the Software Licensing stack: of its
// facility (0xC004xxxx), or one the knowledge base holds that is neither a
// Win32 error nor an NTSTATUS (0x8004FE21, 0x803F7001, 0x87E10BC6).
func LicensingCode(v uint32) bool {
	if v>>16 == 0xC004 {
		return true
	}
	if _, known := Lookup(v); !known {
		return false
	}
	d := Decode(v)
	return !d.IsWin32 && d.Kind != "NTSTATUS"
}

// contextWords are the words of an output about activation or licensing,
// in English, Japanese and Chinese (matched case-insensitively): the tools
// (slmgr, ospp, slui, sppsvc, vlmcsd), the service, KMS and its SRV record,
// activation, a product key.
var contextWords = []string{"slmgr", "ospp", "slui", "sppsvc", "vlmcs", "software protection", "software licensing",
	"softwarelicensing", "kms", "activat", "product key", "productkey", "license status", "licence",
	"ライセンス認証", "アクティベーション", "プロダクト キー", "プロダクトキー", "ソフトウェア保護", "ソフトウェア ライセンス",
	"激活", "产品密钥", "產品金鑰", "软件授权", "軟體授權", "軟體保護", "软件保护", "啟用 windows", "啟用windows", "啟用 office", "啟用office"}

// LicensingContext reports whether text (one output) is about licensing:
// it says one of contextWords or shows a licensing code.
func LicensingContext(text string) bool {
	low := strings.ToLower(text)
	for _, w := range contextWords {
		if strings.Contains(low, w) {
			return true
		}
	}
	for _, v := range FindCodes(text) {
		if LicensingCode(v) {
			return true
		}
	}
	return false
}

// foreignWords name another component that prints Win32 codes of its own
// (matched case-insensitively): WSL, MSIX/AppX packages and the Store,
// Windows Update, installers, DISM, the Windows Time service.
var foreignWords = []string{"wsl", "msix", "appx", "appinstaller", "microsoft store", "windows update", "wuauclt",
	"usoclient", "msiexec", "winget", "dism", "w32tm", "w32time",
	// Windows Update's own message ("There were some problems installing
	// the updates...") in its languages, an installer's "Installation
	// failed!", and a .NET exception of another program (COM interop, a
	// stack trace).
	// Docker, and installers by their name (a virtual machine's platform
	// is not: Windows on Hyper-V or VMware is the machine activating).
	"docker", "installer",
	"installing the updates", "installing updates", "install updates", "更新プログラムのインストール",
	"安装更新", "安裝更新", "installieren von updates", "installation failed", "インストールに失敗",
	"stack trace", "stacktrace", "interop."}

// hresultRe is the .NET exception's "(Exception from HRESULT: 0x...)" in
// any language ("Exceção de HRESULT:0x...", "HRESULT からの例外:0x...").
var hresultRe = regexp.MustCompile(`(?i)hresult[^0-9a-z\n]{0,3}[:：]\s*0x|(?:exception from|ausnahme von|exceção de|excepción de|exception de) hresult`)

// namesOther: low (lower case) names another component.
func namesOther(low string) bool {
	for _, w := range foreignWords {
		if strings.Contains(low, w) {
			return true
		}
	}
	return hresultRe.MatchString(low)
}

// Owner is the component the generic codes of one output belong to.
type Owner int

// The owners of an output's generic codes.
const (
	OwnerUnnamed   Owner = iota // the output names no component
	OwnerLicensing              // LicensingContext
	OwnerOther                  // it names another component (foreignWords)
)

// OwnerOf is the owner of the generic codes of text, one output.
func OwnerOf(text string) Owner {
	if LicensingContext(text) {
		return OwnerLicensing
	}
	if namesOther(strings.ToLower(text)) {
		return OwnerOther
	}
	return OwnerUnnamed
}

// Owners are the owners of the generic codes of one text that may hold
// several outputs: the text's owner (OwnerOf), except for a code that a
// paragraph of another component's output shows (one that names another
// component and says nothing of licensing: Windows Update's "There were
// some problems installing the updates... (0x800700b7)" in a ticket about
// activation), which is that component's wherever the text repeats it,
// unless a paragraph about licensing shows it too (slmgr's 0x80070005, and
// DISM failing with the same code in the next paragraph).
type Owners struct {
	Text    Owner
	foreign []uint32
}

// OwnersOf are the owners of the generic codes of text.
func OwnersOf(text string) Owners {
	if servicingLog(text) {
		return Owners{Text: OwnerOther} // Windows Setup's, CBS's or DISM's log: their codes
	}
	o := Owners{Text: OwnerOf(text)}
	if !slices.ContainsFunc(FindCodes(text), func(v uint32) bool { return !LicensingCode(v) }) {
		return o // no generic code: nothing to own
	}
	var licensing []uint32 // codes a paragraph about licensing shows: never another component's
	paragraphs(text, func(p string) {
		codes := FindCodes(p)
		switch {
		case len(codes) == 0:
		case LicensingContext(p):
			// A paragraph about licensing may still name another
			// component's error in a clause of its own ("Windows Update
			// fails with 0x80070005. Windows is activated with KMS."):
			// each code is the owner's of its clause, or of the last
			// clause before it that names one.
			own, other := clauseOwners(p)
			licensing = append(licensing, own...)
			o.foreign = append(o.foreign, other...)
		case namesOther(strings.ToLower(p)):
			o.foreign = append(o.foreign, codes...)
		}
	})
	o.foreign = slices.DeleteFunc(o.foreign, func(v uint32) bool { return slices.Contains(licensing, v) })
	return o
}

// servicingLineRe is a line of the logs of Windows Setup, CBS and DISM
// (setupact.log, setuperr.log, CBS.log, dism.log): a time stamp, a comma
// and the entry's level ("2020-07-09 14:25:20, Error MOUPG ...").
var servicingLineRe = regexp.MustCompile(`^\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}, (?:Info|Error|Warning|Perf)\b`)

// servicingLog: most lines of text are lines of Windows Setup's, CBS's or
// DISM's logs. The generic codes they show are those components' (a
// product key Setup's PidGenX refuses during an upgrade, "hr =
// 0x8a010101", is no activation's failure), whatever words of licensing
// the lines hold.
func servicingLog(text string) bool {
	if !strings.Contains(text, ", ") {
		return false
	}
	n, logged := 0, 0
	for l := range strings.SplitSeq(text, "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n++
		if servicingLineRe.MatchString(l) {
			logged++
		}
	}
	return logged > 0 && logged*2 > n
}

// clauseRe ends a clause: a sentence's end, a line end, a semicolon, or a
// contrast ("but", "，但", "但是").
var clauseRe = regexp.MustCompile(`(?i)[.!?](?:\s|$)|[!?;\n。！？；]|,?\s+but\s+|，但|但是`)

// clauseOwners splits the codes of paragraph p (one about licensing) by the
// owner of the clause that shows each: the licensing stack's when the clause
// (or, for a clause that names nothing, the last clause before it that
// names something) is about licensing or names nothing at all, another
// component's when it names one and not licensing ("But Windows Update
// shows error 0x8024402c", "the Office installer says \"Installation failed!
// Error 0x80070643\"").
func clauseOwners(p string) (licensing, other []uint32) {
	last := OwnerUnnamed
	start := 0
	cut := func(c string) {
		own := OwnerUnnamed
		switch {
		case LicensingContext(c):
			own = OwnerLicensing
		case namesOther(strings.ToLower(c)):
			own = OwnerOther
		}
		if own != OwnerUnnamed {
			last = own
		}
		for _, v := range FindCodes(c) {
			if last == OwnerOther && !LicensingCode(v) {
				other = append(other, v)
			} else {
				licensing = append(licensing, v)
			}
		}
	}
	for _, m := range clauseRe.FindAllStringIndex(p, -1) {
		cut(p[start:m[0]])
		start = m[1]
	}
	cut(p[start:])
	return licensing, other
}

// OtherClauses is text with every clause that names another component and
// says nothing of licensing blanked (spaces, line ends and offsets kept):
// its failure words are that component's ("Windows is activated, but
// Windows Update fails every night", "the Office installer says
// \"Installation failed!\""). A clause that names both ("KMS activation
// fails since the Windows Update") is kept.
func OtherClauses(text string) string {
	if !namesOther(strings.ToLower(text)) {
		return text // the cheap test first: no component named at all
	}
	var b []byte
	start := 0
	cut := func(s, e int) {
		c := text[s:e]
		if !namesOther(strings.ToLower(c)) || LicensingContext(c) {
			return
		}
		if b == nil {
			b = []byte(text)
		}
		for i := s; i < e; i++ {
			if b[i] != '\n' && b[i] != '\r' {
				b[i] = ' '
			}
		}
	}
	for _, m := range clauseRe.FindAllStringIndex(text, -1) {
		cut(start, m[0])
		start = m[1]
	}
	cut(start, len(text))
	if b == nil {
		return text
	}
	return string(b)
}

// paragraphs calls f with each part of text between blank lines (a slice
// of text, not a copy).
func paragraphs(text string, f func(string)) {
	start, blank := 0, true // blank: no text since start
	for i := 0; i <= len(text); {
		j := strings.IndexByte(text[i:], '\n')
		end := len(text)
		if j >= 0 {
			end = i + j
		}
		if strings.TrimSpace(text[i:end]) == "" {
			if !blank {
				f(text[start:i])
			}
			start, blank = end+1, true
		} else {
			blank = false
		}
		if j < 0 {
			break
		}
		i = end + 1
	}
	if !blank && start < len(text) {
		f(text[start:])
	}
}

// Counts reports whether code v, seen in the text, is a licensing
// failure.
func (o Owners) Counts(v uint32) bool {
	if LicensingCode(v) {
		return true
	}
	if slices.Contains(o.foreign, v) {
		return false
	}
	return o.Text.Counts(v)
}

// Counts reports whether code v, seen in an output of owner o, is a
// licensing failure (see the comment at the top of this file).
func (o Owner) Counts(v uint32) bool {
	if LicensingCode(v) {
		return true
	}
	switch o {
	case OwnerLicensing:
		return true
	case OwnerUnnamed:
		_, known := Lookup(v)
		return known
	}
	return false
}
