package value

import (
	"errors"
	"testing"
)

func TestScalarsRoundTrip(t *testing.T) {
	if S8(-5).S8() != -5 || U8(250).U8() != 250 || S16(-300).S16() != -300 || U16(60000).U16() != 60000 {
		t.Fatal("small ints")
	}
	if S32(-7).S32() != -7 || U32(1<<31).U32() != 1<<31 || S64(-1<<62).S64() != -1<<62 || U64(1<<63).U64() != 1<<63 {
		t.Fatal("large ints")
	}
	if F32(1.5).F32() != 1.5 || F64(-2.25).F64() != -2.25 || Char('é').Char() != 'é' || !Bool(true).Bool() {
		t.Fatal("floats, char, bool")
	}
	if String("héllo").Str() != "héllo" || String("").Str() != "" {
		t.Fatal("strings")
	}
}

func TestCompositeAccessors(t *testing.T) {
	v := Variant("circle", F64(2))
	if v.Case() != "circle" {
		t.Fatalf("case = %q", v.Case())
	}
	if p, ok := v.Payload(); !ok || p.F64() != 2 {
		t.Fatal("payload")
	}
	if _, ok := VariantCase("empty").Payload(); ok {
		t.Fatal("payload on a case without one")
	}
	if None().IsSome() || !Some(U8(1)).IsSome() || !Err(String("x")).IsErr() || OkEmpty().IsErr() {
		t.Fatal("option/result tags")
	}
	f := Flags("a", "c")
	if !f.HasFlag("c") || f.HasFlag("b") || len(f.FlagNames()) != 2 {
		t.Fatal("flags")
	}
}

func TestAccessorOnWrongKindPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	U8(1).U32()
}

func TestString(t *testing.T) {
	v := Record(List(U8(1), U8(2)), Some(String("x")), Enum("red"), Variant("v", Tuple(Bool(true), Char('a'))), Ok(F32(1.5)))
	want := `{[1, 2], some("x"), red, v((true, 'a')), ok(1.5)}`
	if got := v.String(); got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}

func TestCheck(t *testing.T) {
	res := &ResourceType{Name: "file"}
	other := &ResourceType{Name: "dir"}
	rec := &RecordType{Fields: []Field{{"id", U32Type}, {"tags", &ListType{Elem: StringType}}}}
	variant := &VariantType{Cases: []Case{{"none", nil}, {"some", U8Type}}}
	tests := []struct {
		name string
		t    Type
		v    Value
		err  string
	}{
		{"record ok", rec, Record(U32(1), List(String("a"))), ""},
		{"record field", rec, Record(U32(1), List(U8(1))), "value at tags[0]: expected string, got a u8 value"},
		{"record arity", rec, Record(U32(1)), "value: record needs 2 fields, got 1"},
		{"variant case", variant, VariantCase("other"), `value: variant has no case "other"`},
		{"variant payload", variant, VariantCase("some"), `value: variant case "some" needs a u8 payload`},
		{"variant extra payload", variant, Variant("none", U8(1)), `value: variant case "none" takes no payload`},
		{"enum", &EnumType{Cases: []string{"a"}}, Enum("b"), `value: enum has no case "b"`},
		{"char", CharType, Char(0xD800), "value: char 0xd800 is not a Unicode scalar value"},
		{"fixed list", &ListType{Elem: U8Type, Len: 2}, List(U8(1)), "value: fixed-length list of 2 needs 2 elements, got 1"},
		{"result err", &ResultType{Ok: U8Type}, Err(U8(1)), "value: result's err takes no payload"},
		{"flags", &FlagsType{Names: []string{"r", "w"}}, Flags("x"), `value: flags has no flag "x"`},
		{"map", &MapType{Key: StringType, Value: U8Type}, Map(String("k"), U16(1)), "value at [0].value: expected u8, got a u16 value"},
		{"own ok", &OwnType{Resource: res}, Own(&Handle{Type: res}), ""},
		{"own wrong resource", &OwnType{Resource: res}, Own(&Handle{Type: other}), "value: handle to resource dir used as a handle to resource file"},
		{"option", &OptionType{Elem: S32Type}, Some(S64(1)), "value at ?: expected s32, got a s64 value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(tt.t, tt.v)
			if tt.err == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			var me *MismatchError
			if !errors.As(err, &me) {
				t.Fatalf("error %v is not a *MismatchError", err)
			}
			if err.Error() != tt.err {
				t.Fatalf("got %q, want %q", err.Error(), tt.err)
			}
		})
	}
}

func TestEqual(t *testing.T) {
	r1, r2 := &ResourceType{Name: "r"}, &ResourceType{Name: "r"}
	if !Equal(&ListType{Elem: &OptionType{Elem: U8Type}}, &ListType{Elem: &OptionType{Elem: U8Type}}) {
		t.Fatal("structural equality")
	}
	if Equal(&OwnType{Resource: r1}, &OwnType{Resource: r2}) {
		t.Fatal("resources are nominal")
	}
	if Equal(&RecordType{Fields: []Field{{"a", U8Type}}}, &RecordType{Fields: []Field{{"b", U8Type}}}) {
		t.Fatal("field names matter")
	}
	if Equal(&ResultType{Ok: U8Type}, &ResultType{Err: U8Type}) {
		t.Fatal("result sides matter")
	}
}

func TestBytes(t *testing.T) {
	v := Bytes([]byte("hi!"))
	if b, ok := v.Bytes(); !ok || string(b) != "hi!" || v.Len() != 3 {
		t.Fatalf("compact bytes: %q %v %d", b, ok, v.Len())
	}
	if es := v.Elems(); len(es) != 3 || es[1].U8() != 'i' {
		t.Fatal("Elems of compact bytes")
	}
	if b, ok := List(U8(1), U8(2)).Bytes(); !ok || len(b) != 2 || b[1] != 2 {
		t.Fatal("Bytes of a list of u8 values")
	}
	if _, ok := List(U8(1), U16(2)).Bytes(); ok {
		t.Fatal("Bytes of a mixed list")
	}
	if Bytes(nil).Len() != 0 || v.String() != "[104, 105, 33]" {
		t.Fatalf("empty or String: %s", v)
	}
	if err := Check(&ListType{Elem: U8Type}, v); err != nil {
		t.Fatal(err)
	}
	if err := Check(&ListType{Elem: S8Type}, v); err == nil || err.Error() != "value at [0]: expected s8, got a u8 value" {
		t.Fatalf("bytes as list<s8>: %v", err)
	}
	if err := Check(&ListType{Elem: U8Type, Len: 2}, v); err == nil {
		t.Fatal("fixed-length mismatch not caught")
	}
}

func TestCheckWellTypedAllocatesNothing(t *testing.T) {
	rec := &RecordType{Fields: []Field{{"id", U32Type}, {"tags", &ListType{Elem: StringType}}}}
	list := &ListType{Elem: rec}
	elems := make([]Value, 100)
	for i := range elems {
		elems[i] = Record(U32(uint32(i)), List(String("a"), String("b")))
	}
	v := List(elems...)
	if n := testing.AllocsPerRun(10, func() { _ = Check(list, v) }); n != 0 {
		t.Fatalf("Check of a well-typed value allocated %v times", n)
	}
	elems[42] = Record(U32(1), List(String("a"), U8(1)))
	if err := Check(list, v); err == nil || err.Error() != "value at [42].tags[1]: expected string, got a u8 value" {
		t.Fatalf("got %v", err)
	}
	m := &MapType{Key: StringType, Value: U8Type}
	if err := Check(m, Map(String("k"), U8(1), U8(2), U8(3))); err == nil || err.Error() != "value at [1].key: expected string, got a u8 value" {
		t.Fatalf("map key: %v", err)
	}
}
