package lexer

import (
	"strings"
	"testing"
)

func tokens(t *testing.T, src string) []Token {
	t.Helper()
	s, err := New(src, 0)
	if err != nil {
		t.Fatalf("New(%q): %v", src, err)
	}
	var out []Token
	for {
		_, tok, err := s.Next()
		if err != nil {
			t.Fatalf("lexing %q: %v", src, err)
		}
		if tok == EOF {
			return out
		}
		out = append(out, tok)
	}
}

func TestTokens(t *testing.T) {
	got := tokens(t, "package a:b@1.0.0-rc; // c\n/* /* nested */ */ record %record -> list<u8> error-context --")
	want := []Token{Package, Id, Colon, Id, At, Integer, Period, Integer, Period, Integer, Minus, Id, Semicolon,
		Record, ExplicitId, RArrow, List, LessThan, U8, GreaterThan, ErrorContext, Minus, Minus}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("token %d = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestSpansAreGlobal(t *testing.T) {
	s, _ := New("  foo", 100)
	sp, tok, _ := s.Next()
	if tok != Id || sp != (Span{102, 105}) || s.Source(sp) != "foo" {
		t.Errorf("got %v %v %q", tok, sp, s.Source(sp))
	}
	if s.EOFSpan() != (Span{105, 105}) {
		t.Errorf("EOFSpan = %v", s.EOFSpan())
	}
}

func TestCRLF(t *testing.T) {
	if got := tokens(t, "a\r\nb // x\r\nc"); len(got) != 3 {
		t.Errorf("got %v", got)
	}
}

func TestErrors(t *testing.T) {
	cases := map[string]string{
		"a \x01":       "Control code",
		"a \u202e":     "bidirectional override",
		"a \u0149":     "discouraged by Unicode",
		"/* open":      "unterminated block comment",
		"a $":          "unexpected character '$'",
		`"abc`:         "unexpected end of file",
		`"\q"`:         "invalid string escape",
		"a \r b":       "unexpected character '\\r'",
		`"\u{110000}"`: "invalid unicode value",
	}
	for src, want := range cases {
		s, err := New(src, 0)
		for err == nil {
			var tok Token
			_, tok, err = s.Next()
			if tok == EOF && err == nil {
				break
			}
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", src, err, want)
		}
	}
}

func TestStringValue(t *testing.T) {
	s, _ := New(`"a\n\u{41}\"\41"`, 0)
	sp, tok, err := s.Next()
	if err != nil || tok != StringLiteral {
		t.Fatal(tok, err)
	}
	v, err := s.StringValue(sp)
	if err != nil || v != "a\nA\"A" {
		t.Errorf("StringValue = %q, %v", v, err)
	}
}

func TestValidateID(t *testing.T) {
	for _, ok := range []string{"apple", "apple-pear", "a0", "APPLE-PEAR", "apple-PEAR-grape", "is-XML", "apple-0", "a0-000-3d4a-54FF"} {
		if err := ValidateID(0, ok); err != nil {
			t.Errorf("ValidateID(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"", "0", "0a", "a a", "_", "-", "a-", "-a", "Apple", "applE", "apple_pear", "a--b"} {
		if err := ValidateID(0, bad); err == nil {
			t.Errorf("ValidateID(%q) succeeded", bad)
		}
	}
}
