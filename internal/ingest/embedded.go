package ingest

import (
	"encoding/json"
	"slices"
	"strings"
)

// Outputs that automation tools embed in their own output: Ansible prints
// a task's result as JSON (`"stdout": "Name: Windows(R)...\r\nLicense
// Status: Licensed\r\n"`, `"stdout_lines": ["...", "..."]`) or as YAML
// (`stdout_lines:` and a list of `- '...'` items), a debug task prints a
// variable's lines as a JSON array, PowerShell's ConvertTo-Json an array
// of a command's lines, and Salt, Packer or a CI log a string with escaped
// line breaks. The output inside is slmgr's, ospp's or nslookup's as
// Windows printed it, one escaped line after another; read as it stands,
// a reader sees one long line with `\r\n` in its values, or a JSON list.
//
// embedded finds such outputs in a segment: a double-quoted string (JSON,
// YAML) with an escaped line break, a single-quoted one with one (a Python
// dict as older tools print it), an array of two or more strings (on one
// line or one item a line), and a YAML list under a key that ends in
// "lines". It returns the text of each, decoded, and the segment with
// those strings left empty (so the keys around them, "rc": 1, "msg":
// "non-zero return code", are still read, and nothing is read twice). The
// same output given twice (stdout and stdout_lines) is returned once.
//
// The lines of an embedded output are cited from the line of the file
// where its string starts (a JSON string holds them all on one line).

// piece is one embedded output: its decoded text and the 1-based line of
// the segment where its string starts.
type piece struct {
	line int
	text string
	// oneLine: the whole output was on that one line of the file (a
	// string, an array on one line), so every line of it is cited there.
	oneLine bool
}

// maybeEmbedded is the cheap test a segment must pass before embedded
// looks at it: an escaped line break, or a list of strings.
func maybeEmbedded(text string) bool {
	return strings.Contains(text, `\n`) || strings.Contains(text, `", "`) ||
		strings.Contains(text, `",`) || strings.Contains(text, "lines:")
}

// embedded returns the outputs embedded in text and text without them, or
// no pieces.
func embedded(text string) (rest string, pieces []piece) {
	if !maybeEmbedded(text) {
		return text, nil
	}
	ls := strings.Split(text, "\n")
	seen := map[string]bool{}
	add := func(line int, oneLine bool, t string) {
		t = strings.ReplaceAll(t, "\r\n", "\n")
		t = strings.ReplaceAll(t, "\r", "\n")
		key := normalised(t)
		if key == "" || seen[key] {
			return
		}
		seen[key] = true
		pieces = append(pieces, piece{line: line, text: t, oneLine: oneLine})
	}
	// blanks[j] are the spans of line j to leave empty in rest; an array's
	// items are left empty only when the array closes with two or more.
	blanks := map[int][][2]int{}
	type span struct{ line, start, end int }
	var items []string
	var pending []span
	first, inArray := 0, false
	for j := 0; j < len(ls); j++ {
		l := ls[j]
		// A YAML list under a key ending in "lines" ("stdout_lines:").
		if !inArray {
			if k, v, ok := strings.Cut(strings.TrimSpace(l), ":"); ok && strings.TrimSpace(v) == "" &&
				strings.HasSuffix(strings.ToLower(strings.Trim(k, `"' `)), "lines") {
				var list []string
				n := j + 1
				for ; n < len(ls); n++ {
					t := strings.TrimSpace(ls[n])
					if t != "-" && !strings.HasPrefix(t, "- ") {
						break
					}
					list = append(list, yamlScalar(strings.TrimSpace(strings.TrimPrefix(t, "-"))))
					blanks[n] = append(blanks[n], [2]int{0, len(ls[n])})
				}
				if len(list) > 0 {
					add(j+2, false, strings.Join(list, "\n"))
					j = n - 1
					continue
				}
			}
		}
		for p := 0; p < len(l); {
			c := l[p]
			switch {
			case c == '[':
				inArray, items, pending = true, nil, nil
				p++
				continue
			case c == ']':
				if inArray && len(items) >= 2 {
					add(first, first == j+1, strings.Join(items, "\n"))
					for _, sp := range pending {
						blanks[sp.line] = append(blanks[sp.line], [2]int{sp.start, sp.end})
					}
				}
				inArray, items, pending = false, nil, nil
				p++
				continue
			case c != '"' && c != '\'':
				p++
				continue
			case c == '\'' && p > 0 && wordByte(l[p-1]):
				p++ // an apostrophe ("don't")
				continue
			}
			end := closing(l, p)
			if end < 0 {
				break
			}
			raw := l[p : end+1]
			next := p
			p = end + 1
			if strings.HasPrefix(strings.TrimLeft(l[end+1:], " \t"), ":") {
				continue // a key ("stdout": ...)
			}
			s, ok := decodeLiteral(raw)
			if !ok {
				continue
			}
			if !strings.ContainsAny(s, "\r\n") && strings.Count(s, `\n`) >= 2 {
				s = unescape(s) // escaped twice: JSON in a JSON string
			}
			switch {
			case inArray && c == '"':
				if len(items) == 0 {
					first = j + 1
				}
				items = append(items, s)
				pending = append(pending, span{j, next + 1, end})
			case strings.ContainsAny(s, "\r\n") && strings.TrimSpace(s) != "" && (c == '"' || strings.Contains(raw, `\n`)):
				add(j+1, true, s)
				blanks[j] = append(blanks[j], [2]int{next + 1, end})
			}
		}
	}
	if len(pieces) == 0 {
		return text, nil
	}
	for j, sps := range blanks {
		slices.SortFunc(sps, func(a, b [2]int) int { return a[0] - b[0] })
		var b strings.Builder
		last := 0
		for _, sp := range sps {
			if sp[0] < last {
				continue
			}
			b.WriteString(ls[j][last:sp[0]])
			last = sp[1]
		}
		b.WriteString(ls[j][last:])
		ls[j] = b.String()
	}
	return strings.Join(ls, "\n"), pieces
}

// wordByte reports whether c is a letter or digit of ASCII.
func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// normalised is t without its blank lines and the spaces at its lines'
// ends: the key that finds the same output given twice.
func normalised(t string) string {
	var b strings.Builder
	for l := range strings.SplitSeq(t, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}

// closing returns the index of the quote that closes the string opened at
// l[p], or -1.
func closing(l string, p int) int {
	q := l[p]
	for i := p + 1; i < len(l); i++ {
		switch l[i] {
		case '\\':
			i++
		case q:
			return i
		}
	}
	return -1
}

// decodeLiteral decodes a quoted string: a double-quoted one as JSON (and
// YAML's double-quoted style, which has the same escapes), a single-quoted
// one with the escapes a Python repr writes.
func decodeLiteral(raw string) (string, bool) {
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal([]byte(raw), &s); err == nil {
			return s, true
		}
		// An escape JSON does not know (\x41, \'): keep the common ones.
	}
	return unescape(raw[1 : len(raw)-1]), true
}

// unescape decodes the escapes of a string's body that Python's repr and
// a string escaped twice (JSON in a JSON string: "a\\nb") write.
func unescape(body string) string {
	if !strings.Contains(body, `\`) {
		return body
	}
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' || i+1 == len(body) {
			b.WriteByte(c)
			continue
		}
		i++
		switch body[i] {
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		default:
			b.WriteByte(body[i])
		}
	}
	return b.String()
}

// yamlScalar is the value of a YAML list item: a single-quoted one has ”
// for a quote, a double-quoted one JSON's escapes.
func yamlScalar(t string) string {
	switch {
	case len(t) >= 2 && t[0] == '\'' && t[len(t)-1] == '\'':
		return strings.ReplaceAll(t[1:len(t)-1], "''", "'")
	case len(t) >= 2 && t[0] == '"' && t[len(t)-1] == '"':
		if s, ok := decodeLiteral(t); ok {
			return s
		}
	}
	return t
}
