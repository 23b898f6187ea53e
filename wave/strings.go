package wave

import (
	"strings"
	"unicode/utf8"
)

// unescape decodes the escape sequence at the start of s (which begins with
// a backslash) and returns the character and the sequence's length, or
// ok=false when it is not a valid escape of a Unicode scalar value.
func unescape(s string) (r rune, n int, ok bool) {
	if len(s) < 2 || s[0] != '\\' {
		return 0, 0, false
	}
	switch s[1] {
	case '\\':
		return '\\', 2, true
	case '\'':
		return '\'', 2, true
	case '"':
		return '"', 2, true
	case 't':
		return '\t', 2, true
	case 'n':
		return '\n', 2, true
	case 'r':
		return '\r', 2, true
	case 'u':
	default:
		return 0, 0, false
	}
	if len(s) < 3 || s[2] != '{' {
		return 0, 0, false
	}
	var v rune
	digits := 0
	for i := 3; i < len(s); i++ {
		c := s[i]
		if c == '}' {
			if digits == 0 || !utf8.ValidRune(v) {
				return 0, 0, false
			}
			return v, i + 1, true
		}
		if !isHex(c) || digits == 6 {
			return 0, 0, false
		}
		v = v<<4 | hexValue(c)
		digits++
	}
	return 0, 0, false
}

func hexValue(c byte) rune {
	switch {
	case c <= '9':
		return rune(c - '0')
	case c >= 'a':
		return rune(c-'a') + 10
	}
	return rune(c-'A') + 10
}

// decodeChars appends the decoded text of s (string content without
// delimiters, at source offset pos) to b. An invalid escape is an error at
// its backslash.
func decodeChars(b *strings.Builder, s string, pos int) error {
	for {
		i := strings.IndexByte(s, '\\')
		if i < 0 {
			b.WriteString(s)
			return nil
		}
		b.WriteString(s[:i])
		r, n, ok := unescape(s[i:])
		if !ok {
			return newError(ErrInvalidEscape, pos+i, pos+i+1)
		}
		b.WriteRune(r)
		s = s[i+n:]
		pos += i + n
	}
}

// decodeString decodes the single-line string literal lit (with its
// quotes) found at source offset pos.
func decodeString(lit string, pos int) (string, error) {
	inner := lit[1 : len(lit)-1]
	if strings.IndexByte(inner, '\\') < 0 {
		return inner, nil
	}
	var b strings.Builder
	b.Grow(len(inner))
	if err := decodeChars(&b, inner, pos+1); err != nil {
		return "", err
	}
	return b.String(), nil
}

// decodeMultiline decodes the multi-line string literal lit (with its
// triple quotes) found at source offset pos. The literal must start with a
// line break after the opening quotes and end with a line of only spaces
// before the closing quotes; that line's spaces are the indent removed from
// every line. Line breaks between lines become "\n".
func decodeMultiline(lit string, pos int) (string, error) {
	src := lit[3 : len(lit)-3]
	pos += 3
	end := pos + len(src)
	next := pos + 1
	if strings.HasPrefix(src, "\r") {
		src = src[1:]
		next = pos + 2
	}
	last := strings.LastIndexByte(src, '\n')
	indent := src[last+1:]
	if strings.Trim(indent, " ") != "" {
		return "", newErrorDetail(ErrInvalidMultilineString, end-3, end,
			`closing """ must be on a line preceded only by spaces`)
	}
	if last < 0 || !strings.HasPrefix(src, "\n") {
		return "", newErrorDetail(ErrInvalidMultilineString, pos, pos+1,
			`opening """ must be followed immediately by newline`)
	}
	body := src[1 : last+1] // every line with its terminating '\n'
	var b strings.Builder
	b.Grow(len(body))
	first := true
	for body != "" {
		nl := strings.IndexByte(body, '\n')
		line := body[:nl]
		body = body[nl+1:]
		linePos := next
		next += len(line) + 1
		if !strings.HasPrefix(line, indent) {
			return "", newErrorDetail(ErrInvalidMultilineString, linePos, linePos+1,
				`lines must be indented at least as much as closing """`)
		}
		line = strings.TrimSuffix(line[len(indent):], "\r")
		if !first {
			b.WriteByte('\n')
		}
		first = false
		if err := decodeChars(&b, line, linePos+len(indent)); err != nil {
			return "", err
		}
	}
	return b.String(), nil
}
