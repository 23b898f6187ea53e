// Package lexer splits WIT source text into tokens.
//
// Positions are byte offsets in a global offset space: a Scanner is created
// with the offset of its file's first byte, so tokens from different files of
// one package never share a position.
package lexer

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a half-open byte range [Start, End) in the global offset space.
type Span struct {
	Start, End int
}

// Token is the kind of a lexical token.
type Token int

// The token kinds.
const (
	EOF Token = iota
	Whitespace
	Comment
	Equals
	Comma
	Colon
	Period
	Semicolon
	LeftParen
	RightParen
	LeftBrace
	RightBrace
	LessThan
	GreaterThan
	RArrow
	Star
	At
	Slash
	Plus
	Minus
	StringLiteral
	Integer
	Id
	ExplicitId
	// keywords
	Use
	Type
	Func
	U8
	U16
	U32
	U64
	S8
	S16
	S32
	S64
	F32
	F64
	Char
	Record
	Resource
	Own
	Borrow
	Flags
	Variant
	Enum
	Bool
	String
	Option
	Result
	Future
	Stream
	ErrorContext
	List
	Map
	Underscore
	As
	From
	Static
	Interface
	Tuple
	Import
	Export
	World
	Package
	Constructor
	Async
	Include
	With
)

var keywords = map[string]Token{
	"use": Use, "type": Type, "func": Func, "u8": U8, "u16": U16, "u32": U32, "u64": U64,
	"s8": S8, "s16": S16, "s32": S32, "s64": S64, "f32": F32, "f64": F64, "char": Char,
	"resource": Resource, "own": Own, "borrow": Borrow, "record": Record, "flags": Flags,
	"variant": Variant, "enum": Enum, "bool": Bool, "string": String, "option": Option,
	"result": Result, "future": Future, "stream": Stream, "error-context": ErrorContext,
	"list": List, "map": Map, "_": Underscore, "as": As, "from": From, "static": Static,
	"interface": Interface, "tuple": Tuple, "world": World, "import": Import, "export": Export,
	"package": Package, "constructor": Constructor, "include": Include, "with": With,
	"async": Async,
}

var descriptions = map[Token]string{
	EOF: "eof", Whitespace: "whitespace", Comment: "a comment", Equals: "'='", Comma: "','",
	Colon: "':'", Period: "'.'", Semicolon: "';'", LeftParen: "'('", RightParen: "')'",
	LeftBrace: "'{'", RightBrace: "'}'", LessThan: "'<'", GreaterThan: "'>'",
	RArrow: "`->`", Star: "`*`", At: "`@`", Slash: "`/`", Plus: "`+`", Minus: "`-`",
	StringLiteral: "a string literal", Integer: "an integer", Id: "an identifier",
	ExplicitId: "an '%' identifier",
}

// String describes the token the way error messages name it.
func (t Token) String() string {
	if d, ok := descriptions[t]; ok {
		return d
	}
	for k, v := range keywords {
		if v == t {
			return "keyword `" + k + "`"
		}
	}
	return fmt.Sprintf("token(%d)", int(t))
}

// Error is a lexical error at a byte position.
type Error struct {
	Pos int
	Msg string
}

// Error returns the message.
func (e *Error) Error() string { return e.Msg }

// Scanner produces tokens from one source text. It is a small value: copying
// it saves the position, which is how the parser looks ahead.
type Scanner struct {
	src   string
	off   int // relative offset of the next byte
	base  int // global offset of src[0]
	cache *lookahead
}

// lookahead remembers the last significant token lexed, shared by all
// copies of a scanner: the parser peeks and then consumes the same token,
// which would otherwise be lexed twice.
type lookahead struct {
	from, to int
	span     Span
	tok      Token
	valid    bool
}

// New returns a scanner over src whose first byte has global offset base. It
// rejects control, bidirectional-override and deprecated code points up front
// and skips a leading byte-order mark.
func New(src string, base int) (Scanner, error) {
	for i, r := range src {
		switch {
		case r >= 0x20 && r < 0x7f || r == '\n' || r == '\r' || r == '\t':
		case r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069:
			return Scanner{}, &Error{base + i, fmt.Sprintf("Input contains bidirectional override codepoint %q", escapeUnicode(r))}
		case r == 0x149 || r == 0x673 || r == 0xf77 || r == 0xf79 || r == 0x17a3 || r == 0x17a4 || r == 0x17b4 || r == 0x17b5:
			return Scanner{}, &Error{base + i, fmt.Sprintf("Codepoint %q is discouraged by Unicode", escapeUnicode(r))}
		case r == utf8.RuneError && len(src) > i:
			if _, n := utf8.DecodeRuneInString(src[i:]); n == 1 {
				return Scanner{}, &Error{base + i, "input is not valid utf-8"}
			}
		case unicode.IsControl(r):
			return Scanner{}, &Error{base + i, fmt.Sprintf("Control code '%s'", escapeUnicode(r))}
		}
	}
	s := Scanner{src: src, base: base, cache: &lookahead{}}
	if strings.HasPrefix(src, "\ufeff") {
		s.off = len("\ufeff")
	}
	return s, nil
}

func escapeUnicode(r rune) string { return fmt.Sprintf("\\u{%x}", r) }

// Source returns the text of a span produced by this scanner.
func (s *Scanner) Source(sp Span) string { return s.src[sp.Start-s.base : sp.End-s.base] }

// Base returns the global offset of the input's first byte.
func (s *Scanner) Base() int { return s.base }

// EOFSpan is the empty span at the end of the input.
func (s *Scanner) EOFSpan() Span { return Span{s.base + len(s.src), s.base + len(s.src)} }

// Next returns the next token that is neither whitespace nor a comment.
func (s *Scanner) Next() (Span, Token, error) {
	if c := s.cache; c != nil && c.valid && c.from == s.off {
		s.off = c.to
		return c.span, c.tok, nil
	}
	from := s.off
	for {
		sp, t, err := s.NextRaw()
		if err != nil {
			return sp, t, err
		}
		if t != Whitespace && t != Comment {
			if s.cache != nil {
				*s.cache = lookahead{from: from, to: s.off, span: sp, tok: t, valid: true}
			}
			return sp, t, nil
		}
	}
}

// Peek returns the next significant token without consuming it.
func (s *Scanner) Peek() (Span, Token, error) {
	c := *s
	return c.Next()
}

// Eat consumes the next token if it is t.
func (s *Scanner) Eat(t Token) (bool, error) {
	c := *s
	_, got, err := c.Next()
	if err != nil {
		return false, err
	}
	if got == t && got != EOF {
		*s = c
		return true, nil
	}
	return false, nil
}

// Expect consumes the next token, which must be t.
func (s *Scanner) Expect(t Token) (Span, error) {
	sp, got, err := s.Next()
	if err != nil {
		return sp, err
	}
	if got != t {
		return sp, &Error{sp.Start, fmt.Sprintf("expected %s, found %s", t, got)}
	}
	return sp, nil
}

// char returns the rune at relative offset i with "\r\n" folded to '\n', and
// the number of bytes it spans; size 0 at the end.
func (s *Scanner) char(i int) (rune, int) {
	if i >= len(s.src) {
		return 0, 0
	}
	c := s.src[i]
	if c < utf8.RuneSelf {
		if c == '\r' && i+1 < len(s.src) && s.src[i+1] == '\n' {
			return '\n', 2
		}
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s.src[i:])
}

func (s *Scanner) eatc(r rune) bool {
	c, n := s.char(s.off)
	if n > 0 && c == r {
		s.off += n
		return true
	}
	return false
}

// NextRaw returns the next token including whitespace and comments; EOF at
// the end of input.
func (s *Scanner) NextRaw() (Span, Token, error) {
	start := s.off
	ch, n := s.char(s.off)
	if n == 0 {
		return Span{s.base + start, s.base + start}, EOF, nil
	}
	s.off += n
	var tok Token
	switch {
	case ch == '\n' || ch == '\t' || ch == ' ':
		for s.eatc(' ') || s.eatc('\t') || s.eatc('\n') {
		}
		tok = Whitespace
	case ch == '/':
		switch {
		case s.eatc('/'):
			for {
				c, n := s.char(s.off)
				if n == 0 {
					break
				}
				s.off += n
				if c == '\n' {
					break
				}
			}
			tok = Comment
		case s.eatc('*'):
			depth := 1
			for depth > 0 {
				c, n := s.char(s.off)
				if n == 0 {
					return Span{}, EOF, &Error{s.base + start, "unterminated block comment"}
				}
				s.off += n
				switch {
				case c == '/' && s.eatc('*'):
					depth++
				case c == '*' && s.eatc('/'):
					depth--
				}
			}
			tok = Comment
		default:
			tok = Slash
		}
	case ch == '=':
		tok = Equals
	case ch == ',':
		tok = Comma
	case ch == ':':
		tok = Colon
	case ch == '.':
		tok = Period
	case ch == ';':
		tok = Semicolon
	case ch == '(':
		tok = LeftParen
	case ch == ')':
		tok = RightParen
	case ch == '{':
		tok = LeftBrace
	case ch == '}':
		tok = RightBrace
	case ch == '<':
		tok = LessThan
	case ch == '>':
		tok = GreaterThan
	case ch == '*':
		tok = Star
	case ch == '@':
		tok = At
	case ch == '-':
		tok = Minus
		if s.eatc('>') {
			tok = RArrow
		}
	case ch == '+':
		tok = Plus
	case ch == '%':
		if c, n := s.char(s.off); n > 0 && isKeylikeStart(c) {
			s.off += n
			s.eatKeylike()
		}
		tok = ExplicitId
	case ch == '"':
		if _, err := s.stringBody(); err != nil {
			return Span{}, EOF, err
		}
		tok = StringLiteral
	case isKeylikeStart(ch):
		s.eatKeylike()
		if k, ok := keywords[s.src[start:s.off]]; ok {
			tok = k
		} else {
			tok = Id
		}
	case ch >= '0' && ch <= '9':
		for s.off < len(s.src) && s.src[s.off] >= '0' && s.src[s.off] <= '9' {
			s.off++
		}
		tok = Integer
	default:
		return Span{}, EOF, &Error{s.base + start, fmt.Sprintf("unexpected character %s", quoteChar(ch))}
	}
	return Span{s.base + start, s.base + s.off}, tok, nil
}

func (s *Scanner) eatKeylike() {
	for {
		c, n := s.char(s.off)
		if n == 0 || !isKeylikeContinue(c) {
			return
		}
		s.off += n
	}
}

// quoteChar formats a rune like Rust's `{:?}` for char: single quotes.
func quoteChar(r rune) string {
	switch r {
	case '\'':
		return `'\''`
	case '\n':
		return `'\n'`
	case '\r':
		return `'\r'`
	case '\t':
		return `'\t'`
	case '\\':
		return `'\\'`
	}
	if unicode.IsPrint(r) {
		return "'" + string(r) + "'"
	}
	return "'" + escapeUnicode(r) + "'"
}

func isKeylikeStart(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_' || r == '-'
	}
	return r == '_' || r == '-' || unicode.IsLetter(r) || unicode.Is(unicode.Nl, r) || unicode.Is(unicode.Other_ID_Start, r)
}

func isKeylikeContinue(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-'
	}
	return isKeylikeStart(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) ||
		unicode.Is(unicode.Pc, r) || unicode.Is(unicode.Nd, r) || unicode.Is(unicode.Other_ID_Continue, r)
}

// stringBody consumes a string literal's body after its opening quote and
// returns the decoded value.
func (s *Scanner) stringBody() (string, error) {
	var b strings.Builder
	for {
		pos := s.off
		c, n := s.char(s.off)
		if n == 0 {
			return "", &Error{s.base + len(s.src), "unexpected end of file"}
		}
		s.off += n
		switch {
		case c == '"':
			if !utf8.ValidString(b.String()) {
				return "", &Error{s.base + pos, "invalid UTF-8 in string literal"}
			}
			return b.String(), nil
		case c == '\\':
			epos := s.off
			e, n := s.char(s.off)
			if n == 0 {
				return "", &Error{s.base + len(s.src), "unexpected end of file"}
			}
			s.off += n
			switch {
			case e == '"' || e == '\'' || e == '\\':
				b.WriteRune(e)
			case e == 't':
				b.WriteByte('\t')
			case e == 'n':
				b.WriteByte('\n')
			case e == 'r':
				b.WriteByte('\r')
			case e == 'u':
				if !s.eatc('{') {
					return "", &Error{s.base + s.off, "expected character '{'"}
				}
				v, err := s.hexnum()
				if err != nil {
					return "", err
				}
				if v > unicode.MaxRune || v >= 0xd800 && v <= 0xdfff {
					return "", &Error{s.base + epos, fmt.Sprintf("invalid unicode value %#x", v)}
				}
				b.WriteRune(rune(v))
				if !s.eatc('}') {
					return "", &Error{s.base + s.off, "expected character '}'"}
				}
			case isHex(e):
				c2, n2 := s.char(s.off)
				if n2 == 0 || !isHex(c2) {
					return "", &Error{s.base + s.off, "invalid hex digit"}
				}
				s.off += n2
				b.WriteByte(byte(hexVal(e)*16 + hexVal(c2)))
			default:
				return "", &Error{s.base + epos, fmt.Sprintf("invalid string escape %s", quoteChar(e))}
			}
		case c < 0x20 || c == 0x7f:
			return "", &Error{s.base + pos, fmt.Sprintf("invalid string character %s", quoteChar(c))}
		default:
			b.WriteRune(c)
		}
	}
}

func (s *Scanner) hexnum() (uint64, error) {
	c, n := s.char(s.off)
	if n == 0 || !isHex(c) {
		return 0, &Error{s.base + s.off, "invalid hex digit"}
	}
	s.off += n
	v := uint64(hexVal(c))
	lastUnderscore := false
	for {
		if s.eatc('_') {
			lastUnderscore = true
			continue
		}
		c, n := s.char(s.off)
		if n == 0 || !isHex(c) {
			break
		}
		lastUnderscore = false
		s.off += n
		v = v*16 + uint64(hexVal(c))
		if v > 0xffffffff {
			return 0, &Error{s.base + s.off - n, "number is too big to fit in a u32"}
		}
	}
	if lastUnderscore {
		return 0, &Error{s.base + s.off, "trailing underscore in number"}
	}
	return v, nil
}

func isHex(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F'
}

func hexVal(r rune) byte {
	switch {
	case r >= 'a':
		return byte(r-'a') + 10
	case r >= 'A':
		return byte(r-'A') + 10
	}
	return byte(r - '0')
}

// StringValue decodes the string literal token at sp.
func (s *Scanner) StringValue(sp Span) (string, error) {
	c := Scanner{src: s.src, base: s.base, off: sp.Start - s.base + 1}
	return c.stringBody()
}

// ValidateID checks that id is a kebab-case identifier: '-'-separated parts,
// each all-lowercase or all-uppercase ASCII letters and digits, the first part
// starting with a letter. pos is where errors point.
func ValidateID(pos int, id string) error {
	if id == "" {
		return &Error{pos, "identifiers must have characters between '-'s"}
	}
	for idx, part := range strings.Split(id, "-") {
		if part == "" {
			return &Error{pos, "identifiers must have characters between '-'s"}
		}
		first, _ := utf8.DecodeRuneInString(part)
		if idx == 0 && !(first >= 'a' && first <= 'z' || first >= 'A' && first <= 'Z') {
			return &Error{pos, fmt.Sprintf("invalid character in identifier %s", quoteChar(first))}
		}
		upper := 0 // 0 unknown, 1 upper, 2 lower
		for _, c := range part {
			switch {
			case c >= '0' && c <= '9':
			case c >= 'A' && c <= 'Z':
				if upper == 2 {
					return &Error{pos, fmt.Sprintf("invalid character in identifier %s", quoteChar(c))}
				}
				upper = 1
			case c >= 'a' && c <= 'z':
				if upper == 1 {
					return &Error{pos, fmt.Sprintf("invalid character in identifier %s", quoteChar(c))}
				}
				upper = 2
			default:
				return &Error{pos, fmt.Sprintf("invalid character in identifier %s", quoteChar(c))}
			}
		}
	}
	return nil
}
