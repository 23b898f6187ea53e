package wave

import (
	"strconv"
	"strings"
	"testing"
)

// TestLexer pins token boundaries, including the spans of invalid tokens,
// to what wasm-wave's lexer produces for the same text.
func TestLexer(t *testing.T) {
	tests := []struct{ in, want string }{
		{"'a'", "Char 0..3"},
		{"'ab'", "Error 0..4"},
		{"'abcd'", "Error 0..6"},
		{"'aéaé'", "Error 0..2 Error 2..4 LabelOrKeyword 4..5 Error 5..7 Error 7..8"},
		{"'a", "Error 0..1 LabelOrKeyword 1..2"},
		{"'ab", "Error 0..2 LabelOrKeyword 2..3"},
		{"'é", "Error 0..3"},
		{"'🌊x", "Error 0..5 LabelOrKeyword 5..6"},
		{"'\\u{1F}'", "Char 0..8"},
		{"'\\u{1f')", "Error 0..5 LabelOrKeyword 5..6 Error 6..7 ParenClose 7..8"},
		{"'\\u{12345678}'", "Error 0..5 Number 5..12 BraceClose 12..13 Error 13..14"},
		{"'\\n\\n'", "Error 0..1 Error 1..2 LabelOrKeyword 2..3 Error 3..4 LabelOrKeyword 4..5 Error 5..6"},
		{"\"abc", "Error 0..4"},
		{"\"a\\q\"", "Error 0..2 Error 2..3 LabelOrKeyword 3..4 Error 4..5"},
		{"\"\\u{1234567}\"", "String 0..13"},
		{"\"a\\u{1234567}\"", "Error 0..10 Number 10..12 BraceClose 12..13 Error 13..14"},
		{"\"a\\u{12\"", "String 0..8"},
		{"\"\\u{12345678901234}\"", "Error 0..15 Number 15..18 BraceClose 18..19 Error 19..20"},
		{"\"\"\"\\nx\\n\"\"\"", "MultilineString 0..11"},
		{"\"\"\")", "Error 0..3 ParenClose 3..4"},
		{"\"\"\"\"", "Error 0..3 Error 3..4"},
		{"-inf", "Number 0..4"},
		{"-infinity", "Number 0..4 LabelOrKeyword 4..9"},
		{"-nan", "Error 0..1 LabelOrKeyword 1..4"},
		{"1.5e-3", "Number 0..6"},
		{"1.", "Number 0..1 Error 1..2"},
		{"1e+", "Number 0..1 LabelOrKeyword 1..2 Error 2..3"},
		{"01", "Number 0..1 Number 1..2"},
		{"%a-b", "LabelOrKeyword 0..4"},
		{"%1", "Error 0..1 Number 1..2"},
		{"a-", "LabelOrKeyword 0..1 Error 1..2"},
		{"a--b", "LabelOrKeyword 0..1 Error 1..2 Error 2..3 LabelOrKeyword 3..4"},
		{"aB", "LabelOrKeyword 0..1 LabelOrKeyword 1..2"},
		{"a-1B", "LabelOrKeyword 0..4"},
		{"// c\\n[1]", ""},
		{"/x", "Error 0..1 LabelOrKeyword 1..2"},
		{"é", "Error 0..2"},
	}
	for _, tt := range tests {
		l := lexer{src: tt.in}
		var got []string
		for tok := l.next(); tok.kind != tokEOF; tok = l.next() {
			got = append(got, tok.kind.String()+" "+strconv.Itoa(tok.start)+".."+strconv.Itoa(tok.end))
		}
		if s := strings.Join(got, " "); s != tt.want {
			t.Errorf("lex %q = %q; want %q", tt.in, s, tt.want)
		}
	}
}

func TestScanFuncName(t *testing.T) {
	tests := []struct {
		in  string
		end int
		ok  bool
	}{
		{"f(", 1, true},
		{"ab-c(", 4, true},
		{"f-(", 2, true},
		{"ab-c-", 4, true},
		{"ab-c-(", 5, true},
		{"a:(", 1, true},
		{"a:b(", 3, false},
		{"ab:cd-(", 5, false},
		{"ab:c/(", 4, false},
		{"ab:c/d-(", 6, true},
		{"ab:c/d.e@1.2.3(", 14, true},
		{"f.(", 1, true},
		{"f@(", 1, true},
		{"f@0.(", 1, true},
		{"f@1.(", 3, false},
		{"f@1.2.(", 5, false},
		{"f@0.1(", 5, false},
		{"1f(", -1, false},
		{"f--x(", 2, true},
		{"a-b-.c(", 6, true},
		{"a-b--(", 5, true},
		{"a-b--", 4, true},
		{"a-b--x--.c(", 8, true},
		{"a-b-:c/d(", 8, true},
	}
	for _, tt := range tests {
		end, ok := scanFuncName(tt.in)
		if end != tt.end || (end >= 0 && ok != tt.ok) {
			t.Errorf("scanFuncName(%q) = %d, %v; want %d, %v", tt.in, end, ok, tt.end, tt.ok)
		}
	}
}
