package wave

import (
	"testing"

	"github.com/weftwasm/weft/value"
)

// fuzzTypes are the types fuzzed input is converted to; the fuzzer picks one
// by index.
var fuzzTypes = func() []value.Type {
	u8 := value.U8Type
	everything := &value.VariantType{Name: "everything", Cases: []value.Case{
		{Name: "b", Type: value.BoolType},
		{Name: "i", Type: value.S32Type},
		{Name: "u", Type: value.U64Type},
		{Name: "f", Type: value.F32Type},
		{Name: "d", Type: value.F64Type},
		{Name: "c", Type: value.CharType},
		{Name: "s", Type: value.StringType},
		{Name: "l", Type: &value.ListType{Elem: u8}},
		{Name: "fixed", Type: &value.ListType{Elem: u8, Len: 2}},
		{Name: "t", Type: &value.TupleType{Types: []value.Type{u8, value.StringType}}},
		{Name: "r", Type: &value.RecordType{Fields: []value.Field{{Name: "a", Type: u8}, {Name: "none", Type: &value.OptionType{Elem: value.StringType}}}}},
		{Name: "e", Type: &value.EnumType{Cases: []string{"x", "ok", "inf"}}},
		{Name: "o", Type: &value.OptionType{Elem: &value.OptionType{Elem: u8}}},
		{Name: "flat", Type: &value.OptionType{Elem: value.S8Type}},
		{Name: "res", Type: &value.ResultType{Ok: value.StringType, Err: u8}},
		{Name: "unit", Type: &value.ResultType{}},
		{Name: "fl", Type: &value.FlagsType{Names: []string{"read", "write", "true"}}},
		{Name: "nothing"},
		{Name: "some", Type: u8},
	}}
	return []value.Type{
		&value.ListType{Elem: everything},
		everything,
		value.StringType,
		value.CharType,
		value.F64Type,
		&value.ListType{Elem: &value.ListType{Elem: value.S16Type}},
		&value.OwnType{Resource: &value.ResourceType{Name: "r"}},
	}
}()

var fuzzSeeds = []string{
	`[b(true), i(-5), u(18446744073709551615), f(nan), d(-inf), c('\u{1F30A}'), s("a\nb")]`,
	`[l([1, 2,]), fixed([1, 2]), t((1, "x")), r({a: 1}), r({:}), e(%ok), o(some(none)), flat(-3)]`,
	`[res("flat ok"), res(err(1)), unit(ok), fl({write, %true}), nothing, %some(2)]`,
	"\"\"\"\n  multi\n  line\n  \"\"\"",
	`'\''`, `"\u{10FFFF}"`, "1.5e300", "[[1, -2], []]", "// comment\n[ ]",
	`{a: 1, a: 2}`, `{read, read}`, `'ab'`, `"\u{d800}"`, "[[[[", `(`, `%`, `-nan`,
}

// FuzzParseValue checks that parsing never panics, that accepted values
// print, and that their canonical form parses back to itself.
func FuzzParseValue(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(uint8(i), s)
	}
	f.Fuzz(func(t *testing.T, ti uint8, text string) {
		typ := fuzzTypes[int(ti)%len(fuzzTypes)]
		if u, err := ParseUntyped(text); err == nil {
			s := u.String()
			u2, err := ParseUntyped(s)
			if err != nil {
				t.Fatalf("untyped %q re-encoded as %q, which fails: %v", text, s, err)
			}
			if s2 := u2.String(); s2 != s {
				t.Fatalf("untyped re-encoding not stable: %q then %q", s, s2)
			}
		}
		v, err := ParseValue(text, typ)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error %v is a %T, not a *Error", err, err)
			}
			return
		}
		if err := value.Check(typ, v); err != nil {
			t.Fatalf("ParseValue(%q) gave an ill-typed value: %v", text, err)
		}
		s, err := Format(v, typ)
		if err != nil {
			t.Fatalf("Format of parsed %q: %v", text, err)
		}
		v2, err := ParseValue(s, typ)
		if err != nil {
			t.Fatalf("canonical %q (from %q) does not parse: %v", s, text, err)
		}
		if s2, _ := Format(v2, typ); s2 != s {
			t.Fatalf("canonical form not stable: %q then %q", s, s2)
		}
	})
}

// FuzzParseCall checks that parsing calls and typing their arguments never
// panics and that accepted calls print.
func FuzzParseCall(f *testing.F) {
	for _, s := range []string{
		"f()", "ui:tests/ui.string@0.1.0(\"\")", "f(1, none)", "f(1)", "f(1, 2, 3)",
		"a:b/c.d@1.2.3(x)", "f-(1)", " f()", "f(1) trailing", "f(// c\n1,)", "f((1))",
	} {
		f.Add(s)
	}
	ft := &value.FuncType{Params: []value.Param{
		{Name: "a", Type: value.U8Type},
		{Name: "b", Type: &value.OptionType{Elem: value.StringType}},
	}}
	f.Fuzz(func(t *testing.T, text string) {
		c, err := ParseCall(text)
		if err != nil {
			return
		}
		_ = c.String()
		args, err := c.Args(ft)
		if err != nil {
			return
		}
		if _, err := FormatCall(c.Name, ft, args); err != nil {
			t.Fatalf("FormatCall of parsed %q: %v", text, err)
		}
	})
}
