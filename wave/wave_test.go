package wave

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/weftwasm/weft/value"
)

var (
	optU8    = &value.OptionType{Elem: value.U8Type}
	shape    = &value.VariantType{Name: "shape", Cases: []value.Case{{Name: "circle", Type: value.F64Type}, {Name: "empty"}, {Name: "some", Type: value.U8Type}, {Name: "none"}}}
	color    = &value.EnumType{Name: "color", Cases: []string{"red", "green", "ok"}}
	perms    = &value.FlagsType{Name: "perms", Names: []string{"read", "write", "exec"}}
	resource = &value.ResourceType{Name: "file"}
)

// TestRoundTrip parses text against a type and checks the canonical output.
func TestRoundTrip(t *testing.T) {
	tests := []struct {
		typ       value.Type
		in, canon string
	}{
		{value.BoolType, "true", "true"},
		{value.BoolType, " false ", "false"},
		{value.S8Type, "-128", "-128"},
		{value.U8Type, "255", "255"},
		{value.S16Type, "-32768", "-32768"},
		{value.U16Type, "65535", "65535"},
		{value.S32Type, "-2147483648", "-2147483648"},
		{value.U32Type, "4294967295", "4294967295"},
		{value.S64Type, "-9223372036854775808", "-9223372036854775808"},
		{value.U64Type, "18446744073709551615", "18446744073709551615"},
		{value.F32Type, "1.5e3", "1500"},
		{value.F32Type, "0.1", "0.1"},
		{value.F32Type, "-0", "-0"},
		{value.F64Type, "0.1", "0.1"},
		{value.F64Type, "1e-7", "0.0000001"},
		{value.F64Type, "1.7976931348623157e308", "17976931348623157" + strings.Repeat("0", 292)},
		{value.F64Type, "1e400", "inf"},
		{value.F64Type, "-inf", "-inf"},
		{value.F64Type, "nan", "nan"},
		{value.CharType, `'\u{1F30A}'`, `'🌊'`},
		{value.CharType, `'\u{7f}'`, `'\u{7f}'`},
		{value.CharType, `'\u{301}'`, `'\u{301}'`},
		{value.CharType, `'\u{a0}'`, `'\u{a0}'`},
		{value.StringType, `"a\tb\u{0}c"`, `"a\tb\u{0}c"`},
		{value.StringType, "\"\"\"\r\n  x\r\n  \"\"\"", `"x"`},
		{&value.ListType{Elem: value.U8Type}, "[]", "[]"},
		{&value.ListType{Elem: value.U8Type}, "[1, 2, 3,]", "[1, 2, 3]"},
		{&value.ListType{Elem: value.U8Type, Len: 2}, "[1,2]", "[1, 2]"},
		{&value.TupleType{Types: []value.Type{value.U8Type, value.StringType}}, `(1, "x",)`, `(1, "x")`},
		{&value.RecordType{Fields: []value.Field{{Name: "a-b", Type: value.U8Type}, {Name: "c", Type: optU8}}}, "{%a-b: 1, c: 2}", "{a-b: 1, c: some(2)}"},
		{shape, "circle(2.5)", "circle(2.5)"},
		{shape, "%empty", "empty"},
		{shape, "%some(1)", "%some(1)"},
		{shape, "%none", "%none"},
		{color, "%ok", "%ok"},
		{color, "green", "green"},
		{optU8, "7", "some(7)"},
		{optU8, "none", "none"},
		{&value.OptionType{Elem: optU8}, "some(none)", "some(none)"},
		{&value.OptionType{Elem: optU8}, "some(some(1))", "some(some(1))"},
		{&value.ResultType{Ok: value.StringType, Err: value.U8Type}, `"yes"`, `ok("yes")`},
		{&value.ResultType{Ok: value.StringType, Err: value.U8Type}, `err(4)`, `err(4)`},
		{&value.ResultType{}, `ok`, `ok`},
		{&value.ResultType{}, `err`, `err`},
		{perms, "{exec, %read}", "{read, exec}"},
		{perms, "{}", "{}"},
		{&value.ListType{Elem: &value.ListType{Elem: value.U8Type}}, "[[1], [], [2, 3]] // done", "[[1], [], [2, 3]]"},
	}
	for _, tt := range tests {
		v, err := ParseValue(tt.in, tt.typ)
		if err != nil {
			t.Errorf("ParseValue(%q, %s): %v", tt.in, tt.typ, err)
			continue
		}
		if err := value.Check(tt.typ, v); err != nil {
			t.Errorf("ParseValue(%q, %s) gave an ill-typed value: %v", tt.in, tt.typ, err)
		}
		got, err := Format(v, tt.typ)
		if err != nil || got != tt.canon {
			t.Errorf("Format(ParseValue(%q)) = %q, %v; want %q", tt.in, got, err, tt.canon)
		}
		// The canonical form reads back to itself.
		v2, err := ParseValue(got, tt.typ)
		if err != nil {
			t.Errorf("ParseValue(%q) of canonical output: %v", got, err)
			continue
		}
		if again, _ := Format(v2, tt.typ); again != got {
			t.Errorf("canonical %q reformatted as %q", got, again)
		}
	}
}

func TestParseValueValues(t *testing.T) {
	v, err := ParseValue("-0.0", value.F32Type)
	if err != nil || math.Float32bits(v.F32()) != 0x80000000 {
		t.Errorf("-0.0 as f32 = %v, %v; want negative zero", v, err)
	}
	v, err = ParseValue(`"plain"`, value.StringType)
	if err != nil || v.Str() != "plain" {
		t.Errorf("string = %v, %v", v, err)
	}
	v, err = ParseValue("{write, read}", perms)
	if err != nil || strings.Join(v.FlagNames(), ",") != "read,write" {
		t.Errorf("flags = %v, %v; want read,write in type order", v, err)
	}
	v, err = ParseValue("{c: 1}", &value.RecordType{Fields: []value.Field{{Name: "a", Type: optU8}, {Name: "c", Type: value.U8Type}}})
	if err != nil || v.Elems()[0].IsSome() || v.Elems()[1].U8() != 1 {
		t.Errorf("record with omitted option = %v, %v", v, err)
	}
}

// TestParseErrors checks messages and spans of rejected input.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		typ  value.Type
		in   string
		want string
		kind ErrorKind
	}{
		{value.U8Type, "256", "invalid value at 0..3", ErrInvalidValue},
		{value.U8Type, "-1", "invalid value at 0..2", ErrInvalidValue},
		{value.S8Type, "-129", "invalid value at 0..4", ErrInvalidValue},
		{value.U32Type, "1.0", "invalid value at 0..3", ErrInvalidValue},
		{value.U32Type, "nan", "invalid value at 0..3", ErrInvalidValue},
		{value.U32Type, `"1"`, "invalid value type at 0..3", ErrInvalidType},
		{value.BoolType, "1", "invalid value type at 0..1", ErrInvalidType},
		{value.U8Type, "1 2", "trailing characters after value at 2..3", ErrTrailingCharacters},
		{value.U8Type, "", "unexpected end of input at 0..0", ErrUnexpectedEnd},
		{value.U8Type, "  // nothing", "unexpected end of input at 12..12", ErrUnexpectedEnd},
		{&value.TupleType{Types: []value.Type{value.U8Type}}, "()", "empty tuple at 0..2", ErrEmptyTuple},
		{&value.TupleType{Types: []value.Type{value.U8Type}}, "(1, 2)", "error converting Wasm value: expected 1 tuple elements; got 2 at 0..6", ErrConvert},
		{&value.ListType{Elem: value.U8Type, Len: 3}, "[1, 2]", "error converting Wasm value: expected 3 list elements; got 2 at 0..6", ErrConvert},
		{&value.RecordType{Fields: []value.Field{{Name: "a", Type: value.U8Type}}}, "{a: 1, b: 2}", `error converting Wasm value: unknown field "b" at 0..12`, ErrConvert},
		{shape, "circle", `error converting Wasm value: missing payload for "circle" case at 0..6`, ErrConvert},
		{shape, "empty(1)", `error converting Wasm value: unexpected payload for "empty" case at 0..8`, ErrConvert},
		{shape, "square", `error converting Wasm value: unknown case "square" at 0..6`, ErrConvert},
		{shape, "some(1)", "invalid value type at 0..7", ErrInvalidType},
		{perms, "{zz, read, fly}", `error converting Wasm value: unknown case "fly" at 0..15`, ErrConvert},
		{color, "blue", `error converting Wasm value: unknown case "blue" at 0..4`, ErrConvert},
		{color, "ok", "invalid value type at 0..2", ErrInvalidType},
		{&value.OptionType{Elem: optU8}, "1", "invalid value type at 0..1", ErrInvalidType},
		{value.CharType, `'\u{d800}'`, "invalid character escape at 0..10", ErrInvalidEscape},
		{value.StringType, "\"\"\"\n  a\n b\n  \"\"\"", `invalid multiline string: lines must be indented at least as much as closing """ at 8..9`, ErrInvalidMultilineString},
		{&value.OwnType{Resource: resource}, "1", "error converting Wasm value: unsupported type own<file> at 0..1", ErrConvert},
		{&value.MapType{Key: value.U8Type, Value: value.U8Type}, "[]", "error converting Wasm value: unsupported type map<u8, u8> at 0..2", ErrConvert},
		{value.U8Type, "\xff", "invalid UTF-8 at 0..1", ErrInvalidUTF8},
		{value.U8Type, strings.Repeat("[", 101), "value nesting too deep at 99..100", ErrNestingTooDeep},
	}
	for _, tt := range tests {
		_, err := ParseValue(tt.in, tt.typ)
		var werr *Error
		if !errors.As(err, &werr) {
			t.Errorf("ParseValue(%q, %s) error = %v; want a *wave.Error", tt.in, tt.typ, err)
			continue
		}
		if err.Error() != tt.want || werr.Kind != tt.kind {
			t.Errorf("ParseValue(%q, %s) error = %q (kind %v); want %q (kind %v)", tt.in, tt.typ, err, werr.Kind, tt.want, tt.kind)
		}
	}
	// Incomplete types are errors, not panics.
	for _, typ := range []value.Type{nil, &value.OptionType{}, &value.ListType{}, &value.ResultType{Err: nil},
		&value.RecordType{Fields: []value.Field{{Name: "a"}}}, &value.TupleType{Types: []value.Type{nil}}} {
		for _, in := range []string{"1", "[1]", "some(1)", "{a: 1}", "(1)", "ok(1)", "none"} {
			ParseValue(in, typ)
		}
	}
	_, err := ParseValue("1", &value.BorrowType{Resource: resource})
	if !errors.Is(err, ErrUnrepresentable) {
		t.Errorf("borrow handle error %v does not wrap ErrUnrepresentable", err)
	}
}

func TestFormatErrors(t *testing.T) {
	h := &value.Handle{Type: resource, Rep: 1}
	if _, err := Format(value.Own(h), &value.OwnType{Resource: resource}); !errors.Is(err, ErrUnrepresentable) {
		t.Errorf("Format(own) error = %v; want ErrUnrepresentable", err)
	}
	rec := &value.RecordType{Fields: []value.Field{{Name: "xs", Type: &value.ListType{Elem: value.U8Type}}}}
	_, err := Format(value.Record(value.List(value.U8(1), value.S8(2))), rec)
	var me *value.MismatchError
	if !errors.As(err, &me) || me.Path != "xs[1]" {
		t.Errorf("Format(mismatch) error = %v; want a *value.MismatchError at xs[1]", err)
	}
	if _, err := Format(value.Variant("circle", value.U8(1)), shape); err == nil {
		t.Error("Format accepted a u8 payload for an f64 case")
	}
	if _, err := Format(value.Flags("read", "fly"), perms); err == nil {
		t.Error("Format accepted an unknown flag")
	}
	if _, err := Format(value.Char(0xD800), value.CharType); err == nil {
		t.Error("Format accepted a surrogate char")
	}
	if _, err := Format(value.U8(1), nil); err == nil {
		t.Error("Format accepted a nil type")
	}
	for _, typ := range []value.Type{&value.OptionType{}, &value.ListType{}, &value.TupleType{Types: []value.Type{nil}}} {
		for _, v := range []value.Value{value.Some(value.U8(1)), value.List(value.U8(1)), value.Tuple(value.U8(1)), {}} {
			if _, err := Format(v, typ); err == nil {
				t.Errorf("Format(%v, %s) accepted an incomplete type", v, typ)
			}
		}
	}
	b, err := Append([]byte("x="), value.U8(1), value.U8Type)
	if err != nil || string(b) != "x=1" {
		t.Errorf("Append = %q, %v", b, err)
	}
}

func TestCall(t *testing.T) {
	ft := &value.FuncType{Params: []value.Param{
		{Name: "a", Type: value.U8Type},
		{Name: "b", Type: optU8},
		{Name: "c", Type: optU8},
	}}
	c, err := ParseCall("my:pkg/iface.do-it@1.2.3(1, // first\n 2)")
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "my:pkg/iface.do-it@1.2.3" || c.NameSpan != (Span{0, 24}) || c.NumArgs() != 2 {
		t.Errorf("call = %q %v %d", c.Name, c.NameSpan, c.NumArgs())
	}
	if got := c.String(); got != "my:pkg/iface.do-it@1.2.3(1, 2)" {
		t.Errorf("String() = %q", got)
	}
	args, err := c.Args(ft)
	if err != nil {
		t.Fatal(err)
	}
	got, err := FormatCall("do-it", ft, args)
	if err != nil || got != "do-it(a: 1, b: some(2), c: none)" {
		t.Errorf("FormatCall = %q, %v", got, err)
	}
	errs := []struct{ in, want string }{
		{"f()", "invalid params: no params provided, but 3 required at 0..1"},
		{"f(none)", "invalid value type at 2..6"},
		{"f(1, 2, 3, 4)", "invalid params: more param(s) than expected at 11..12"},
		{" f(1)", "invalid token at 0..1"},
		{"", "unexpected end of input at 0..0"},
		{"f", "unexpected end of input at 1..1"},
		{"f[1]", "unexpected token: BracketOpen at 1..2"},
		{"f(1) x", "trailing characters after value at 5..6"},
		{"é(1)", "invalid token at 0..2"},
		// Malformed names are reported as wasm-wave's lexer does.
		{"a:b(1)", "invalid token at 0..3"},
		{"a:b/(1)", "invalid token at 0..3"},
		{"f@1.(1)", "invalid token at 0..3"},
		{"f@0.(1)", "invalid token at 1..2"},
		{"f:(1)", "unexpected token: Colon at 1..2"},
	}
	for _, tt := range errs {
		c, err := ParseCall(tt.in)
		if err == nil {
			_, err = c.Args(ft)
		}
		if err == nil || err.Error() != tt.want {
			t.Errorf("call %q error = %v; want %q", tt.in, err, tt.want)
		}
	}
	if c, err := ParseCall("f-(1)"); err != nil || c.Name != "f-" {
		t.Errorf(`ParseCall("f-(1)") = %v, %v; want the name "f-"`, c, err)
	}
	req := &value.FuncType{Params: []value.Param{{Name: "a", Type: value.U8Type}, {Name: "b", Type: value.U8Type}}}
	c, _ = ParseCall("f(1)")
	if _, err := c.Args(req); err == nil || err.Error() != "invalid params: missing required param(s) at 3..4" {
		t.Errorf("missing param error = %v", err)
	}
	if _, err := c.Args(nil); err == nil {
		t.Error("Args accepted a nil function type")
	}
	if _, err := FormatCall("f", nil, nil); err == nil {
		t.Error("FormatCall accepted a nil function type")
	}
	if _, err := FormatCall("f", req, []value.Value{value.U8(1)}); err == nil {
		t.Error("FormatCall accepted too few args")
	}
}

func TestUntypedString(t *testing.T) {
	for _, src := range []string{
		"true", "18446744073709551616", "-9223372036854775808", "[-3.1415, 0, inf, nan, -inf]",
		`['☃', '\n']`, `"☃☃☃"`, "(1, false)", "{:}", "{code: red}", "left(1)", "[some(1), none]",
		"[ok(1), err(2)]", "[ok, err]", "%inf(inf)", "%some", "%none(none)", "{a, b}", "{}",
	} {
		u, err := ParseUntyped(src)
		if err != nil {
			t.Errorf("ParseUntyped(%q): %v", src, err)
			continue
		}
		if got := u.String(); got != src {
			t.Errorf("ParseUntyped(%q).String() = %q", src, got)
		}
	}
	u, err := ParseUntyped("{ a : 1 , b : [ 2 ] , }")
	if err != nil || u.String() != "{a: 1, b: [2]}" {
		t.Errorf("normalized = %v, %v", u, err)
	}
}
