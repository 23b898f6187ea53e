package wave

import (
	"strings"
	"unicode/utf8"
)

// tokenKind is the kind of a lexical token. The names (String) are the ones
// wasm-wave prints in "unexpected token" messages.
type tokenKind uint8

const (
	tokEOF tokenKind = iota
	tokError
	tokBraceOpen
	tokBraceClose
	tokParenOpen
	tokParenClose
	tokBracketOpen
	tokBracketClose
	tokColon
	tokComma
	tokNumber
	tokLabel // a label or keyword
	tokChar
	tokString
	tokMultilineString
)

var tokenNames = [...]string{
	tokEOF:             "EOF",
	tokError:           "Error",
	tokBraceOpen:       "BraceOpen",
	tokBraceClose:      "BraceClose",
	tokParenOpen:       "ParenOpen",
	tokParenClose:      "ParenClose",
	tokBracketOpen:     "BracketOpen",
	tokBracketClose:    "BracketClose",
	tokColon:           "Colon",
	tokComma:           "Comma",
	tokNumber:          "Number",
	tokLabel:           "LabelOrKeyword",
	tokChar:            "Char",
	tokString:          "String",
	tokMultilineString: "MultilineString",
}

func (k tokenKind) String() string { return tokenNames[k] }

// token is one lexed token; start..end is its byte span. An error token's
// span is the text the lexer gave up on.
type token struct {
	kind       tokenKind
	start, end int
}

// lexer splits WAVE text into tokens, skipping whitespace and // comments.
// It reproduces the token boundaries of wasm-wave's lexer, including the
// spans of invalid tokens, so error positions agree with wasm-tools.
type lexer struct {
	src string
	pos int

	// A token lexed by peek, valid while pos is still peekAt.
	peeked bool
	peekAt int
	peekTo token
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isHex(c byte) bool   { return isDigit(c) || (c|0x20) >= 'a' && (c|0x20) <= 'f' }

// at returns the byte at i, or 0 past the end.
func (l *lexer) at(i int) byte {
	if i < len(l.src) {
		return l.src[i]
	}
	return 0
}

// next lexes the next token and advances past it.
func (l *lexer) next() token {
	if l.peeked && l.peekAt == l.pos {
		l.peeked = false
		l.pos = l.peekTo.end
		return l.peekTo
	}
	l.skip()
	start := l.pos
	if start >= len(l.src) {
		return token{kind: tokEOF, start: start, end: start}
	}
	kind, end := l.scan(start)
	l.pos = end
	return token{kind: kind, start: start, end: end}
}

// peek returns the kind of the next token without consuming it.
func (l *lexer) peek() tokenKind {
	if !l.peeked || l.peekAt != l.pos {
		save := l.pos
		l.peeked = false
		t := l.next()
		l.pos = save
		l.peeked, l.peekAt, l.peekTo = true, save, t
	}
	return l.peekTo.kind
}

// skip moves past whitespace and comments.
func (l *lexer) skip() {
	for l.pos < len(l.src) {
		switch c := l.src[l.pos]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			l.pos++
		case c == '/' && l.at(l.pos+1) == '/':
			nl := strings.IndexByte(l.src[l.pos:], '\n')
			if nl < 0 {
				l.pos = len(l.src)
			} else {
				l.pos += nl
			}
		default:
			return
		}
	}
}

// scan recognizes the token starting at start (not at the end of input) and
// returns its kind and end.
func (l *lexer) scan(start int) (tokenKind, int) {
	switch c := l.src[start]; c {
	case '{':
		return tokBraceOpen, start + 1
	case '}':
		return tokBraceClose, start + 1
	case '(':
		return tokParenOpen, start + 1
	case ')':
		return tokParenClose, start + 1
	case '[':
		return tokBracketOpen, start + 1
	case ']':
		return tokBracketClose, start + 1
	case ':':
		return tokColon, start + 1
	case ',':
		return tokComma, start + 1
	case '-':
		if isDigit(l.at(start + 1)) {
			return tokNumber, l.scanNumber(start + 1)
		}
		if strings.HasPrefix(l.src[start:], "-inf") {
			return tokNumber, start + 4
		}
		return tokError, start + 1
	case '\'':
		return l.scanChar(start)
	case '"':
		if strings.HasPrefix(l.src[start:], `"""`) {
			i := strings.Index(l.src[start+3:], `"""`)
			if i < 0 {
				return tokError, start + 3
			}
			return tokMultilineString, start + 3 + i + 3
		}
		return l.scanString(start)
	case '%':
		if end := scanLabel(l.src, start+1); end > 0 {
			return tokLabel, end
		}
		return tokError, start + 1
	default:
		if isDigit(c) {
			return tokNumber, l.scanNumber(start)
		}
		if end := scanLabel(l.src, start); end > 0 {
			return tokLabel, end
		}
		_, size := utf8.DecodeRuneInString(l.src[start:])
		return tokError, start + size
	}
}

// scanNumber matches (0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)? at i,
// which holds a digit, and returns the end of the longest match.
func (l *lexer) scanNumber(i int) int {
	if l.src[i] == '0' {
		i++
	} else {
		for isDigit(l.at(i)) {
			i++
		}
	}
	if l.at(i) == '.' && isDigit(l.at(i+1)) {
		i += 2
		for isDigit(l.at(i)) {
			i++
		}
	}
	if c := l.at(i); c == 'e' || c == 'E' {
		j := i + 1
		if c := l.at(j); c == '+' || c == '-' {
			j++
		}
		if isDigit(l.at(j)) {
			for isDigit(l.at(j)) {
				j++
			}
			i = j
		}
	}
	return i
}

// scanLabel matches a label (one or more hyphen-separated words, each all
// lowercase or all uppercase, the first starting with a letter) at i and
// returns its end, or -1 when no label starts at i.
func scanLabel(s string, i int) int {
	i = scanFirstWord(s, i)
	if i < 0 {
		return -1
	}
	for i < len(s) && s[i] == '-' {
		j := scanWord(s, i+1)
		if j == i+1 {
			break // a hyphen not followed by a word is not part of the label
		}
		i = j
	}
	return i
}

// scanFirstWord matches [a-z][a-z0-9]* or [A-Z][A-Z0-9]* at i and returns
// its end, or -1.
func scanFirstWord(s string, i int) int {
	if i >= len(s) || !(isLower(s[i]) || isUpper(s[i])) {
		return -1
	}
	return scanWord(s, i)
}

// scanWord matches [a-z0-9]* or [A-Z0-9]* (the longer) at i and returns its
// end.
func scanWord(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i < len(s) && isLower(s[i]) {
		for i < len(s) && (isLower(s[i]) || isDigit(s[i])) {
			i++
		}
	} else if i < len(s) && isUpper(s[i]) {
		for i < len(s) && (isUpper(s[i]) || isDigit(s[i])) {
			i++
		}
	}
	return i
}

// scanEscape matches \['"tnr\\] or \u{h..h} (one to maxDigits hex digits)
// at i, which holds a backslash. It returns the escape's end, or -1 and the
// number of hex digits read before the match failed.
func scanEscape(s string, i, maxDigits int) (end, digits int) {
	if i+1 >= len(s) {
		return -1, 0
	}
	switch s[i+1] {
	case '\'', '"', 't', 'n', 'r', '\\':
		return i + 2, 0
	case 'u':
		j := i + 2
		if j >= len(s) || s[j] != '{' {
			return -1, 0
		}
		j++
		for j < len(s) && isHex(s[j]) {
			j++
			digits++
		}
		if digits == 0 || digits > maxDigits || j >= len(s) || s[j] != '}' {
			return -1, digits
		}
		return j + 1, digits
	}
	return -1, 0
}

// isCharBody reports whether r may appear unescaped in a char literal.
func isCharBody(r rune) bool { return r != '\\' && r != '\'' && r != '\n' }

// scanChar lexes a char literal at start: one character or one escape
// between single quotes. A literal holding more than one unescaped
// character is recognized as a unit and reported as one invalid token, as
// wasm-wave's lexer does when the characters after the first take at most
// three bytes of UTF-8 (its generated lexer counts that repetition in bytes).
func (l *lexer) scanChar(start int) (tokenKind, int) {
	s := l.src[start:]
	if len(s) > 1 && s[1] == '\\' {
		if e, _ := scanEscape(s, 1, 6); e > 0 && e < len(s) && s[e] == '\'' {
			return tokChar, start + e + 1
		}
	} else if r, size := utf8.DecodeRuneInString(s[1:]); len(s) > 1 && isCharBody(r) {
		i, budget := 1+size, 3
		for i < len(s) && s[i] != '\'' {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !isCharBody(r) || size > budget {
				break
			}
			budget -= size
			i += size
		}
		if i < len(s) && s[i] == '\'' {
			if i == 1+size {
				return tokChar, start + i + 1
			}
			return tokError, start + i + 1
		}
	}
	return tokError, start + charErrorEnd(s)
}

// charErrorEnd returns how much of an unterminated or malformed char literal
// s the lexer reports as the invalid token. The amounts follow where
// wasm-wave's generated lexer commits input before it fails.
func charErrorEnd(s string) int {
	if len(s) > 1 {
		if r, size := utf8.DecodeRuneInString(s[1:]); isCharBody(r) {
			switch {
			case size > 1:
				return 1 + size
			case len(s) >= 3:
				return 2
			}
			return 1
		}
	}
	if len(s) >= 7 && strings.HasPrefix(s, `'\u{`) && isHex(s[4]) {
		return 5
	}
	return 1
}

// scanString lexes a single-line string literal at start. An unterminated
// or malformed one is an invalid token running up to the last complete
// character or escape, or into a malformed \u{...} escape.
//
// wasm-wave's generated lexer accepts up to 12 hex digits in a \u{...}
// escape that opens the string and up to 6 elsewhere, and commits part of a
// failed \u{ escape; the digit limits and error ends below reproduce that,
// so that spans agree with wasm-tools. It also ends a string at a '"' that
// directly follows "\u{" and one to five hex digits, unless the escape opens
// the string. Such malformed escapes are rejected when the string is decoded.
func (l *lexer) scanString(start int) (tokenKind, int) {
	s := l.src
	i := start + 1
	for i < len(s) {
		switch s[i] {
		case '"':
			return tokString, i + 1
		case '\n':
			return tokError, i
		case '\\':
			maxDigits, maxCommit := 6, 5
			if i == start+1 {
				maxDigits, maxCommit = 12, 11
			}
			e, digits := scanEscape(s, i, maxDigits)
			if e < 0 {
				if digits > 0 && digits <= 5 && i > start+1 && i+3+digits < len(s) && s[i+3+digits] == '"' {
					return tokString, i + 3 + digits + 1
				}
				if digits > 0 {
					return tokError, i + 3 + min(digits, maxCommit)
				}
				return tokError, i
			}
			i = e
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
	}
	return tokError, i
}

// scanFuncName matches a function name at the start of s:
// [namespace:package/]name[.name][@major.minor.patch], where every part is a
// label. It returns the end of the name; ok is false when the text is an
// invalid token ending there.
//
// Where a name is malformed the result follows wasm-wave's generated lexer
// rather than the longest valid prefix: it may keep hyphens that are not
// followed by a word (`f-(` gives the name "f-", see scanFirstLabel), and
// fails outright once the package part has begun (`a:b(`) or a version
// number other than 0 has been read (`f@1.(`), reporting the text read so
// far.
func scanFuncName(s string) (end int, ok bool) {
	at := func(i int) byte {
		if i < len(s) {
			return s[i]
		}
		return 0
	}
	name, end := scanFirstLabel(s)
	if name < 0 {
		return -1, false
	}
	if at(name) == ':' && (isLower(at(name+1)) || isUpper(at(name+1))) {
		// The package part has begun: from here on a mismatch is an error.
		pkg := scanLabel(s, name+1)
		if at(pkg) == '-' {
			return pkg, false // a hyphen not followed by a word
		}
		if at(pkg) != '/' {
			return pkg, false
		}
		iface := scanLabel(s, pkg+1)
		if iface < 0 {
			return pkg, false
		}
		end, name = iface, iface
	}
	if at(name) == '.' {
		if n := scanLabel(s, name+1); n > 0 {
			end, name = n, n
		}
	}
	if at(name) == '@' {
		v, commit := scanSemver(s, name+1)
		switch {
		case v > 0:
			end = v
		case commit > 0:
			return commit, false
		}
	}
	return end, true
}

// scanFirstLabel matches the label that starts a function name, the way
// wasm-wave's lexer does. It returns where the name may continue (with
// ":", "." or "@") and where the name's text ends; they differ where the
// lexer keeps a hyphen that is not followed by a word but reads no
// further. Such a hyphen is kept, and reading stops, when it directly
// follows the first word or another such hyphen; elsewhere it is kept when
// another byte follows, and the name may continue after it.
func scanFirstLabel(s string) (next, end int) {
	i := scanFirstWord(s, 0)
	if i < 0 {
		return -1, -1
	}
	first, absorbed := true, false
	for i < len(s) && s[i] == '-' {
		if j := scanWord(s, i+1); j > i+1 {
			i, first, absorbed = j, false, false
			continue
		}
		switch {
		case first || absorbed && i+1 < len(s):
			return i, i + 1 // keep the hyphen and stop
		case i+1 == len(s):
			return i, i // drop a hyphen that ends the text
		}
		i, absorbed = i+1, true
	}
	return i, i
}

// scanSemver matches major.minor.patch (decimal numbers without leading
// zeros) at i and returns its end, or -1 and how far wasm-wave's lexer has
// committed input: through the last number read that is not 0.
func scanSemver(s string, i int) (end, commit int) {
	for part := 0; part < 3; part++ {
		if part > 0 {
			if i >= len(s) || s[i] != '.' {
				return -1, commit
			}
			i++
		}
		if i >= len(s) || !isDigit(s[i]) {
			return -1, commit
		}
		if s[i] == '0' {
			i++
			continue
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		commit = i
	}
	return i, commit
}
