package slmgr

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
)

// Structural readings of slmgr's command messages in a language the tables
// (atoLines, actionLines) do not hold. They rest on what slmgr prints in
// every language, not on its words:
//
//   - /ato prints "<verb> <product name> (<activation id>) ..." and then,
//     on the same line or the next one, either its success sentence or an
//     error line with a 0x code ("Error: 0xC004F074 ..."). A short single
//     sentence there with no digit, no label, no question and no negation
//     or failure word of a language we know is the success: the product is
//     read as Licensed with StatusFrom "ato_inferred", and license.ok says
//     that it was inferred and quotes the sentence.
//   - /skms prints one sentence with the host:port it set. Quoted after a
//     lead-in ("The command should return: ...") or on the line after the
//     /skms command, a sentence of some words before the host:port, a few
//     at most after it, and again no digit, question or negation is that
//     message: an evidence.NoteKMSNameSet marked Inferred.
//
// English is never inferred: its messages are known exactly (slmgr.vbs's
// strings), so an English sentence that is not one of them is a person's
// words ("It just sits there").

// maxInferredLine bounds the lines read from their structure (bytes): a
// progress line with its sentence, or a lead-in with /skms's message, is
// far shorter; a longer line is prose or a paste run together.
const maxInferredLine = 600

// atoProgressRe is /ato's progress line in any language and word order:
// a head of a few words (the verb: "Aktywowanie systemu", "正在啟用"), the
// product from "Windows" or "Office", its activation id in brackets (the
// pages' example id "12345678-1234-1234-1234-12345678" is no GUID, so any
// hex groups of two to six, or a masked id), a word or two ("in corso",
// "activeren", "etkinleştiriliyor") and the ellipsis; what follows on the
// line is group 5.
var atoProgressRe = regexp.MustCompile(`(?i)^([^:：/\\]{0,80}?)\b((?:windows|office)\b[^:：/\\]{0,80}?)\s*[(（]\s*((?:[0-9a-f]{8}|[x*]{1,8})(?:-(?:[0-9a-f]{4,12}|[x*]{1,12})){1,5})\s*[)）]([^()（）….。:：]{0,30}?)\s*(?:\.{2,}|…|(?:\s?[.。]){3})\s*(.*)$`)

// atoProgress splits l, an /ato progress line, into its product text and
// what follows the ellipsis. The head before the product is the verb: at
// most six words, none of them a sentence's end. The id may be masked
// ("(xxxxxxxx-xxxx-...)", "(*-*-*-*-*)"), the brackets full-width and the
// ellipsis three dots apart (".。。" of a zh-TW page).
func atoProgress(l string) (product, rest string, ok bool) {
	if len(l) > maxInferredLine || !strings.ContainsAny(l, "(（") || !strings.ContainsAny(l, ".…。") {
		return "", "", false
	}
	m := atoProgressRe.FindStringSubmatch(strings.Trim(strings.TrimSpace(l), "*_`"))
	if m == nil || len(strings.Fields(m[1])) > 6 || strings.ContainsAny(m[1], ".!?。") {
		return "", "", false
	}
	return strings.TrimRight(strings.TrimSpace(m[2]), ",，"), strings.TrimSpace(m[5]), true
}

// inferredSentence reports whether s, what follows /ato's progress line,
// is one short sentence that can only be its success message: no digit
// (a code, a count), no label or path, no question, at most twelve words and
// 80 characters, one sentence, no negation or failure word of a language
// we know, no failure statement of knowledge's texts, and not English.
func inferredSentence(s string) bool {
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "*_`\"'“”«»「」"))
	s = strings.TrimRight(s, " .。!！")
	if s == "" || utf8.RuneCountInString(s) > 80 || len(strings.Fields(s)) > 12 {
		return false
	}
	letters := 0
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			return false
		case strings.ContainsRune(`?？:：/\=|<>()[]{}#@$%&+;；`, r):
			return false
		case unicode.IsLetter(r):
			letters++
		}
	}
	if letters < 4 || strings.ContainsAny(s, ".。!！") {
		return false // no words, or more than one sentence
	}
	return !negated(s) && !english(s)
}

// negated reports whether s holds a negation or a failure word of a
// language we know: words (case-folded) in the scripts that space words,
// substrings in those that do not (and a few word pairs), and the negating
// prefixes of the Slavic and Baltic languages ("nebyl", "neizdevās", "не
// удалось").
func negated(s string) bool {
	low := " " + strings.ToLower(s) + " "
	for _, w := range negationParts {
		if strings.Contains(low, w) {
			return true
		}
	}
	if _, ok := knowledge.FailureStatement(s); ok {
		return true
	}
	for _, w := range strings.FieldsFunc(low, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' }) {
		if negationWords[w] {
			return true
		}
		if strings.HasPrefix(w, "ne") && utf8.RuneCountInString(w) > 3 && !strings.HasPrefix(w, "new") ||
			strings.HasPrefix(w, "не") && utf8.RuneCountInString(w) > 3 {
			return true
		}
	}
	return false
}

// negationWords are whole words that deny or name a failure, per language
// (en, de, fr, es, pt, it, nl, sv, da, nb, fi, et, pl, cs, sk, sl, hr, sr,
// ru, uk, bg, hu, ro, lt, lv, el, tr, id, vi, he, ar).
var negationWords = func() map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(`
		not no never cannot can't couldn't didn't doesn't isn't wasn't won't failed fails failure unable error
		nicht kein keine keinen nie fehler fehlgeschlagen
		ne pas non jamais erreur impossible échec échoué
		nunca imposible fallo falló
		não nao nenhum erro falha falhou
		errore impossibile
		niet geen nooit fout mislukt
		inte ej aldrig fel misslyckades
		ikke aldrig fejl mislykkedes feil mislyktes
		ei virhe epäonnistui viga nurjus
		nie błąd nigdy
		chyba nelze nikdy chyba
		ni napaka
		nije greška nisu
		нет ошибка невозможно никогда
		помилка ні
		грешка
		nem hiba sikertelen nincs
		eroare eșuat eşuat
		nepavyko klaida nav kļūda neizdevās
		δεν μη σφάλμα απέτυχε
		hata değil başarısız
		tidak gagal kesalahan
		không lỗi
		לא שגיאה נכשל
		لا لم فشل خطأ تعذر`) {
		out[w] = true
	}
	return out
}()

// negationParts are negation and failure words matched inside the text:
// the scripts that write no blanks between words (zh, ja, ko, th), and the
// negating suffixes of Turkish verbs ("etkinleştirilemedi").
var negationParts = []string{
	"未", "不", "没", "沒", "失败", "失敗", "错误", "錯誤", "无法", "無法",
	"ません", "できな", "エラー",
	"않", "못", "실패", "오류", "없",
	"ไม่", "ล้มเหลว", "ข้อผิดพลาด",
	"nahi", "नहीं", "विफल", "त्रुटि",
	"emedi", "amadı", "ilemedi", "ılamadı",
	// Romanian "nu" before a verb (alone it is Danish and Swedish "now").
	" nu a ", " nu s-a ", " nu este ", " nu poate ", " nu au ",
}

// englishWords are words of English that no translation of slmgr's
// messages holds, as the words of a person's account ("it", "then",
// "stuck") or of the tool's English strings ("successfully", "product").
var englishWords = func() map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(`the it its this that then but still just stuck hangs hang hanging nothing forever
		again after when while my we our you your please help why how what which there and were has have
		successfully activated activating installed`) {
		out[w] = true
	}
	return out
}()

// english reports whether s is written in English: ASCII letters only and
// a word of englishWords.
func english(s string) bool {
	for _, r := range s {
		if r >= utf8.RuneSelf {
			return false
		}
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r < 'a' || r > 'z' }) {
		if englishWords[w] {
			return true
		}
	}
	return false
}

// inferredHostRe is a host:port inside a sentence: a name with a dot or an
// IPv4 address, then the port, then the end, a blank, a mark or a letter
// of another script (a particle glued to it: "kms.core.windows.net:1688로").
var inferredHostRe = regexp.MustCompile(`(?i)(?:^|[\s"“„«‹'‘‚(「])((?:[a-z0-9-]+\.)+[a-z0-9-]*[a-z][a-z0-9-]*|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:]+\]):([1-9]\d{0,4})(?:$|[^0-9a-z.:])`)

// skmsSentence reads m, a message quoted after a lead-in or standing on
// the line after an /skms command, as /skms's message in a language the
// table does not hold: one sentence with one host:port, at least two
// words before it (three characters without blanks in the scripts that
// have none) and at most four after it, nothing else with a digit, no
// question, no negation, no command, not English. It returns the
// host:port.
func skmsSentence(m string) (string, bool) {
	m = strings.TrimSpace(strings.Trim(strings.TrimSpace(m), "*_`\"'“”«»「」"))
	m = strings.TrimRight(m, " .。!！\"”»」")
	if utf8.RuneCountInString(m) > 160 || strings.ContainsAny(m, "?？/\\=|<>") {
		return "", false
	}
	locs := inferredHostRe.FindAllStringSubmatchIndex(m, 2)
	if len(locs) != 1 {
		return "", false
	}
	loc := locs[0]
	host := m[loc[2]:loc[3]]
	hp := host + ":" + m[loc[4]:loc[5]]
	before, after := m[:loc[2]], m[loc[5]:]
	lowAll := knowledge.ASCIILower(m)
	if strings.Contains(lowAll, "slmgr") || strings.Contains(lowAll, "cscript") || strings.Contains(lowAll, ".vbs") {
		return "", false
	}
	for _, r := range before + after {
		if unicode.IsDigit(r) {
			return "", false
		}
	}
	bw := strings.Fields(strings.TrimRight(before, " :：\"“„«‹'‘‚(「"))
	if len(bw) < 2 && (len(bw) == 0 || utf8.RuneCountInString(bw[0]) < 3 || bw[0][0] < utf8.RuneSelf) {
		return "", false
	}
	if len(strings.Fields(after)) > 4 || strings.ContainsAny(strings.TrimSpace(after), ".。!！") {
		return "", false
	}
	words := before + " " + after
	if negated(words) || english(words) || strings.ContainsAny(before, ".!。") {
		return "", false
	}
	return hp, true
}

// skmsCommandRe is an /skms command line as pasted before its message.
var skmsCommandRe = regexp.MustCompile(`(?i)slmgr(?:\.vbs)?"?\s+(?:[^\s/]+\s+)?[/-]skms(?:\s|$)`)

// skmsCommand reports whether l is an /skms command line (a cheap test
// first: most lines do not name the option).
func skmsCommand(l string) bool {
	return (strings.Contains(l, "skms") || strings.Contains(l, "SKMS")) && skmsCommandRe.MatchString(l)
}

// maybeHostPort is a cheap test that t may hold a host:port: a colon
// between a letter, digit or bracket and a digit from 1 to 9.
func maybeHostPort(t string) bool {
	for i := 1; i+1 < len(t); i++ {
		if t[i] != ':' || t[i+1] < '1' || t[i+1] > '9' {
			continue
		}
		if c := t[i-1]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ']' {
			return true
		}
	}
	return false
}

// inferredSkms reads line t (trimmed) as an inferred /skms message: the
// text after a lead-in's colon or sentence end, or, when afterSkms (the
// line before was an /skms command), the whole line.
func inferredSkms(t string, afterSkms bool) (evidence.Note, bool) {
	if len(t) > maxInferredLine || !maybeHostPort(t) || conditionRe.MatchString(t) {
		return evidence.Note{}, false
	}
	if afterSkms {
		if hp, ok := skmsSentence(t); ok {
			return evidence.Note{Kind: evidence.NoteKMSNameSet, Detail: hp, Inferred: true}, true
		}
	}
	if !strings.ContainsAny(t, ":：") {
		return evidence.Note{}, false
	}
	for _, m := range leadInRe.FindAllStringIndex(t, 12) {
		lead := t[:m[0]]
		if strings.TrimSpace(lead) == "" || len(strings.Fields(lead)) > 12 || inferredHostRe.MatchString(lead) {
			continue
		}
		if hp, ok := skmsSentence(t[m[1]:]); ok {
			return evidence.Note{Kind: evidence.NoteKMSNameSet, Detail: hp, Inferred: true}, true
		}
	}
	return evidence.Note{}, false
}
