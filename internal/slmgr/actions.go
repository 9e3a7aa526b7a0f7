package slmgr

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// Action messages: what slmgr.vbs prints after a command that changes a
// setting rather than showing the licence (its L_Msg* strings: /ipk,
// /upk, /cpky, /skms, /ckms, /skms-domain, /ckms-domain, /rearm), and its
// messages about itself (the usage text of /? or of an unknown option, a
// remote machine of another version). Users paste them as they come in
// the command's window; they say what was set, never whether the product
// is licensed, so they become notes (evidence.Note*), and the KMS host
// set by /skms is the configured host (the kms_config stage).
//
// Rows are one per message and language; Text holds the part before the
// value (%KMS%, %PKEY%) and After the part after it. Confirmed rows were
// seen in real outputs or in Microsoft's pages (English: slmgr.vbs's own
// strings; zh-CN: users' notes quoting the dialogs; ja: Microsoft's ja-jp
// Azure activation article).
var actionLines = []struct {
	Kind, Text, After, Lang string
	Confirmed               bool
}{
	{evidence.NoteKMSNameSet, "Key Management Service machine name set to ", " successfully", "en", true},
	{evidence.NoteKMSNameSet, "密钥管理服务计算机名称成功地设置为 ", "", "zh-CN", true},
	{evidence.NoteKMSNameSet, "キー管理サービスのマシン名は ", " に正常に設定されました", "ja", true},
	// French and Korean: only Microsoft's translated Azure activation
	// articles (fr-fr 2017, ko-kr 2019; machine translations). Korean
	// puts its particle on the value ("...:1688로"; "으로" after a
	// consonant): the longer form first.
	{evidence.NoteKMSNameSet, "le nom de machine de KMS a été configuré sur ", " avec succès", "fr", false},
	{evidence.NoteKMSNameSet, "Key Management Service 머신 이름이 ", "으로 설정되었습니다", "ko", false},
	{evidence.NoteKMSNameSet, "Key Management Service 머신 이름이 ", "로 설정되었습니다", "ko", false},
	// Russian and Portuguese (Portugal): only Microsoft's translated Azure
	// activation articles (bergano65/azure-docs.ru-ru 2019,
	// Microsoft/azure-docs.pt-pt 2021): not confirmed. Other languages'
	// sentences are read from their structure (inferred.go).
	{evidence.NoteKMSNameSet, "Задано имя компьютера со службой управления ключами: ", "", "ru", false},
	{evidence.NoteKMSNameSet, "O nome da máquina de serviço de gestão da chave definido para ", " com sucesso", "pt-PT", false},
	// Portuguese (Brazil) and Spanish: Microsoft's pt-br and es-es Azure
	// activation articles (robertorcosta/azure-docs.pt-br, 2020;
	// pricardo03/azure-docs.es-es, which gives it in brackets after the
	// English message): not confirmed.
	{evidence.NoteKMSNameSet, "Nome da máquina do Serviço de Gerenciamento de Chaves definido como ", " com sucesso", "pt-BR", false},
	{evidence.NoteKMSNameSet, "El nombre de máquina del servicio de administración de claves se estableció correctamente en ", "", "es", false},
	{evidence.NoteKMSNameCleared, "Key Management Service machine name cleared successfully", "", "en", true},
	{evidence.NoteKMSDomainSet, "Key Management Service lookup domain set to ", " successfully", "en", true},
	{evidence.NoteKMSDomainCleared, "Key Management Service lookup domain cleared successfully", "", "en", true},
	{evidence.NoteKeyInstalled, "Installed product key ", " successfully", "en", true},
	{evidence.NoteKeyInstalled, "成功地安装了产品密钥 ", "", "zh-CN", true},
	{evidence.NoteKeyUninstalled, "Uninstalled product key successfully", "", "en", true},
	{evidence.NoteKeyUninstalled, "成功地卸载了产品密钥", "", "zh-CN", true},
	{evidence.NoteKeyCleared, "Product key from registry cleared successfully", "", "en", true},
	{evidence.NoteSlmgrUsage, "The remote machine does not support this version of SLMgr.vbs", "", "en", true},
	{evidence.NoteSlmgrUsage, "This command of SLMgr.vbs is not supported for remote execution", "", "en", true},
	{evidence.NoteSlmgrUsage, "Unrecognized option: ", "", "en", true},
	{evidence.NoteSlmgrUsage, "Invalid combination of command parameters", "", "en", true},
	{evidence.NoteSlmgrUsage, "Windows Software Licensing Management Tool", "", "en", true},
	{evidence.NoteSlmgrUsage, "Usage: slmgr.vbs [MachineName [User Password]] [<Option>]", "", "en", true},
	// ospp.vbs /dstatus with no Office licence that has a key.
	{evidence.NoteOfficeNoKey, "<No installed product keys detected>", "", "en", true},
	{evidence.NoteOfficeNoKey, "No installed product keys detected", "", "en", true},
	// cscript's (Windows Script Host's) own errors, before any slmgr or
	// ospp line ran: a mistyped script path.
	{evidence.NoteSlmgrUsage, "Input Error: ", "", "en", true},
}

// keyRe is a product key as /ipk echoes it.
var keyRe = regexp.MustCompile(`^[0-9A-Za-z]{5}(?:-[0-9A-Za-z]{5}){4}$`)

// actionLine returns the note an action message line makes, ok false when l
// is no action message. The value (a host, a key) must be one word; a key
// keeps only its last five characters.
func actionLine(l string) (evidence.Note, bool) {
	t := strings.TrimRight(strings.TrimSpace(l), " 。.")
	if n, ok := actionText(t); ok {
		return n, true
	}
	// The message quoted after a lead-in on the same line, as pages give
	// what a command returns ("The command should return: ...", "La
	// commande doit renvoyer le message suivant : ...", "명령은 다음과 같은
	// 내용을 반환합니다. ..."): the text after the lead-in's colon or
	// sentence end, when it is a whole message to the end of the line.
	q := quotable(t)
	if !q && !maybeHostPort(t) {
		return evidence.Note{}, false
	}
	if conditionRe.MatchString(t) {
		return evidence.Note{}, false // "If it says: ...": no statement
	}
	if q {
		for _, m := range leadInRe.FindAllStringIndex(t, 12) {
			if n, ok := actionText(t[m[1]:]); ok && n.Kind != evidence.NoteSlmgrUsage {
				return n, true
			}
		}
	}
	// /skms's message in a language without a row, quoted after a lead-in:
	// read from its structure (inferred.go).
	if n, ok := inferredSkms(t, false); ok {
		return n, true
	}
	return quotedMessage(t)
}

// quotedMessage reads a message quoted inside a line, in quotation marks
// or brackets, with few words after it: 'コマンドにより "キー管理サービスの
// マシン名は ... に正常に設定されました。" というメッセージが返されるはず
// です。', an English message followed by its translation in brackets. The
// words after the quote must not deny it ("... but mine fails").
func quotedMessage(t string) (evidence.Note, bool) {
	if len(t) > maxInferredLine {
		return evidence.Note{}, false
	}
	for _, sp := range quotedSpans(t) {
		after := t[sp[1]:]
		if len(strings.Fields(after)) > 6 || negated(after) {
			continue
		}
		in := t[sp[0]:sp[1]]
		if n, ok := actionText(strings.TrimSpace(strings.TrimRight(strings.TrimSpace(in), " 。."))); ok && n.Kind != evidence.NoteSlmgrUsage {
			return n, true
		}
		if hp, ok := skmsSentence(in); ok {
			return evidence.Note{Kind: evidence.NoteKMSNameSet, Detail: hp, Inferred: true}, true
		}
	}
	return evidence.Note{}, false
}

// quoteClose are the closing marks of each opening one (German opens „
// and closes “; a bracket holds a translation).
var quoteClose = map[rune]string{'"': `"`, '“': "”“", '„': "“”", '«': "»", '「': "」", '(': ")"}

// quotedSpans are the byte ranges of the texts between an opening mark and
// its closing one in t (at most eight, not nested).
func quotedSpans(t string) [][2]int {
	var out [][2]int
	for i := 0; i < len(t) && len(out) < 8; {
		r, w := utf8.DecodeRuneInString(t[i:])
		cl, ok := quoteClose[r]
		if !ok {
			i += w
			continue
		}
		j := strings.IndexAny(t[i+w:], cl)
		if j < 0 {
			break
		}
		out = append(out, [2]int{i + w, i + w + j})
		_, cw := utf8.DecodeRuneInString(t[i+w+j:])
		i = i + w + j + cw
	}
	return out
}

// leadInRe ends a lead-in before a quoted message: a colon (half or full
// width, French typography's blank before it) or a sentence's end, then
// blanks and perhaps an opening quote; or an opening quote alone after a
// blank ('should return „...“').
var leadInRe = regexp.MustCompile(`(?:\s?[:：]|[.!。])\s*["“„«「]?\s*|\s["“„«「]\s*`)

// quotable reports whether t may end with a quoted message: it holds the
// end of one (each row's After, or its text when it has no value), as
// slmgr prints it, so that most lines cost no regexp.
func quotable(t string) bool {
	for _, m := range quoteEnds {
		if strings.Contains(t, m) {
			return true
		}
	}
	return false
}

// quoteEnds are the ends quotable looks for, as printed and in lower case.
var quoteEnds = func() []string {
	var out []string
	for _, a := range actionLines {
		if a.Kind == evidence.NoteSlmgrUsage {
			continue
		}
		m := a.After
		if m == "" {
			m = strings.TrimSpace(a.Text)
		}
		out = append(out, m, strings.ToLower(m))
	}
	return out
}()

// conditionRe is a lead-in that is a condition, not an account of what
// the command returned.
var conditionRe = regexp.MustCompile(`(?i)^(?:if|when|unless|si|wenn|falls|se|cuando)\s`)

// actionText is actionLine of a trimmed line.
func actionText(t string) (evidence.Note, bool) {
	t = strings.TrimRight(t, " 。.\"”»」")
	for _, a := range actionLines {
		// The blank before the value may be missing ("设置为kms.example").
		prefix := strings.TrimRight(a.Text, " ")
		if len(t) < len(prefix) || !strings.EqualFold(t[:len(prefix)], prefix) {
			continue
		}
		rest := t[len(prefix):]
		if a.Kind == evidence.NoteSlmgrUsage {
			return evidence.Note{Kind: a.Kind, Detail: prefix}, true
		}
		if !strings.HasSuffix(a.Text, " ") {
			if rest == "" {
				return evidence.Note{Kind: a.Kind}, true
			}
			continue
		}
		if a.After != "" {
			if len(rest) < len(a.After) || !strings.EqualFold(rest[len(rest)-len(a.After):], a.After) {
				continue
			}
			rest = rest[:len(rest)-len(a.After)]
		}
		v := strings.TrimSpace(rest)
		if v == "" || strings.ContainsAny(v, " \t") {
			continue
		}
		switch a.Kind {
		case evidence.NoteKeyInstalled:
			if !keyRe.MatchString(v) {
				continue
			}
			v = strings.ToUpper(v[len(v)-5:])
		case evidence.NoteKMSNameSet, evidence.NoteKMSDomainSet:
			if len(v) > 260 {
				continue
			}
		}
		return evidence.Note{Kind: a.Kind, Detail: v}, true
	}
	return evidence.Note{}, false
}

// hasActionLine reports whether text holds an action message on a line of
// its own. A message read only from its structure (an inferred /skms
// sentence) makes the text slmgr output only in a short text (at most
// maxInferredLines non-blank lines): inside a longer document or ticket
// the words are left to the readers of prose.
func hasActionLine(text string) bool {
	afterSkms, inferred, lines := false, false, 0
	for l := range strings.SplitSeq(text, "\n") {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		lines++
		if n, ok := actionLine(l); ok {
			if !n.Inferred {
				return true
			}
			inferred = true
		}
		if afterSkms && !inferred {
			if _, ok := inferredSkms(t, true); ok {
				inferred = true
			}
		}
		afterSkms = skmsCommand(t)
	}
	return inferred && lines <= maxInferredLines
}

// maxInferredLines bounds the texts an inferred message alone makes slmgr
// output (hasActionLine).
const maxInferredLines = 4
