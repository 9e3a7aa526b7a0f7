// Package jsonspan finds the bytes of JSON values without decoding them:
// where a value ends, the elements of a list, the members of an object.
// It follows strings and nesting only and checks nothing else, so it is
// meant for JSON that a decoder has validated already (the server decodes
// every body first) or whose damage does no harm (a hash of it).
//
// Written by hand because the libraries validate every byte again:
// jsontext (encoding/json/v2's tokenizer) read a 3 KiB report at 215 MB/s,
// a tenth of this scan, and encoding/json gives no way to keep a list
// element's bytes without scanning it twice.
package jsonspan

// IsSpace reports whether c is JSON whitespace.
func IsSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// SkipSpace is the index of the first byte at or after i that is not
// whitespace (len(b) if there is none).
func SkipSpace(b []byte, i int) int {
	for i < len(b) && IsSpace(b[i]) {
		i++
	}
	return i
}

// End is the index just after the value that starts at b[i]: a string,
// an object or a list with everything nested in it, or a scalar (up to
// the next ',', '}', ']' or whitespace). It is -1 when b ends inside the
// value, or when b[i] cannot start one.
func End(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				if i = stringEnd(b, i); i < 0 {
					return -1
				}
				i--
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
		return -1
	case ',', ':', '}', ']':
		return -1
	}
	j := i
	for j < len(b) && !IsSpace(b[j]) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ':' {
		j++
	}
	if j == i {
		return -1
	}
	return j
}

// stringEnd is the index just after the string that starts at b[i] ('"').
func stringEnd(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

// Elements returns the bytes of each element of the list that starts at
// b[i] ('['), and the index just after the list; ok is false when b[i] is
// no list or b ends inside it. An empty list has no elements.
func Elements(b []byte, i int) (elems [][]byte, end int, ok bool) {
	if i >= len(b) || b[i] != '[' {
		return nil, -1, false
	}
	i = SkipSpace(b, i+1)
	if i < len(b) && b[i] == ']' {
		return nil, i + 1, true
	}
	for {
		e := End(b, i)
		if e < 0 {
			return nil, -1, false
		}
		elems = append(elems, b[i:e])
		i = SkipSpace(b, e)
		if i >= len(b) {
			return nil, -1, false
		}
		switch b[i] {
		case ']':
			return elems, i + 1, true
		case ',':
			i = SkipSpace(b, i+1)
		default:
			return nil, -1, false
		}
	}
}

// Members calls fn with the name (quoted, as it stands) and the value of
// each member of the object that starts at b[i] ('{'), in order, and
// returns the index just after the object; ok is false when b[i] is no
// object or b ends inside it.
func Members(b []byte, i int, fn func(name, value []byte)) (end int, ok bool) {
	if i >= len(b) || b[i] != '{' {
		return -1, false
	}
	i = SkipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return i + 1, true
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return -1, false
		}
		ne := stringEnd(b, i)
		if ne < 0 {
			return -1, false
		}
		name := b[i:ne]
		i = SkipSpace(b, ne)
		if i >= len(b) || b[i] != ':' {
			return -1, false
		}
		i = SkipSpace(b, i+1)
		ve := End(b, i)
		if ve < 0 {
			return -1, false
		}
		fn(name, b[i:ve])
		i = SkipSpace(b, ve)
		if i >= len(b) {
			return -1, false
		}
		switch b[i] {
		case '}':
			return i + 1, true
		case ',':
			i = SkipSpace(b, i+1)
		default:
			return -1, false
		}
	}
}
