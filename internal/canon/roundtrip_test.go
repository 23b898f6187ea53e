package canon

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/weftwasm/weft/value"
)

type typedValue struct {
	t value.Type
	v value.Value
}

var (
	point   = &value.RecordType{Name: "point", Fields: []value.Field{{Name: "x", Type: value.F64Type}, {Name: "label", Type: value.StringType}, {Name: "tag", Type: value.U8Type}}}
	shapeT  = &value.VariantType{Name: "shapeT", Cases: []value.Case{{Name: "none"}, {Name: "circle", Type: value.F32Type}, {Name: "named", Type: value.StringType}, {Name: "big", Type: value.U64Type}}}
	color   = &value.EnumType{Name: "color", Cases: []string{"red", "green", "blue"}}
	perms   = &value.FlagsType{Name: "perms", Names: []string{"read", "write", "exec"}}
	manyFl  = flagsN(20)
	handleT = &value.OwnType{Resource: res}
)

func roundTripCases() []typedValue {
	h := &value.Handle{Type: res, Rep: 42}
	return []typedValue{
		{value.BoolType, value.Bool(true)},
		{value.BoolType, value.Bool(false)},
		{value.S8Type, value.S8(-128)},
		{value.U8Type, value.U8(255)},
		{value.S16Type, value.S16(-2)},
		{value.U16Type, value.U16(65535)},
		{value.S32Type, value.S32(math.MinInt32)},
		{value.U32Type, value.U32(math.MaxUint32)},
		{value.S64Type, value.S64(math.MinInt64)},
		{value.U64Type, value.U64(math.MaxUint64)},
		{value.F32Type, value.F32(-1.5)},
		{value.F32Type, value.F32(float32(math.Inf(1)))},
		{value.F64Type, value.F64(math.Pi)},
		{value.CharType, value.Char('😀')},
		{value.CharType, value.Char(0xD7FF)},
		{value.StringType, value.String("")},
		{value.StringType, value.String("hello")},
		{value.StringType, value.String("café ñ")},
		{value.StringType, value.String("κόσμε 😀 \u0100")},
		{&value.ListType{Elem: value.U8Type}, value.List()},
		{&value.ListType{Elem: value.U8Type}, value.List(value.U8(1), value.U8(2), value.U8(3))},
		{&value.ListType{Elem: value.StringType}, value.List(value.String("a"), value.String("bé"), value.String(""))},
		{&value.ListType{Elem: &value.ListType{Elem: value.U16Type}}, value.List(value.List(value.U16(7)), value.List())},
		{&value.ListType{Elem: value.U32Type, Len: 3}, value.List(value.U32(1), value.U32(2), value.U32(3))},
		{&value.ListType{Elem: value.StringType, Len: 2}, value.List(value.String("x"), value.String("yz"))},
		{point, value.Record(value.F64(2.5), value.String("p"), value.U8(9))},
		{tuple(value.U8Type, value.S64Type, value.CharType), value.Tuple(value.U8(1), value.S64(-9), value.Char('z'))},
		{shapeT, value.VariantCase("none")},
		{shapeT, value.Variant("circle", value.F32(1.25))},
		{shapeT, value.Variant("named", value.String("sq"))},
		{shapeT, value.Variant("big", value.U64(1<<60))},
		{color, value.Enum("blue")},
		{&value.OptionType{Elem: value.StringType}, value.None()},
		{&value.OptionType{Elem: value.StringType}, value.Some(value.String("s"))},
		{&value.OptionType{Elem: &value.OptionType{Elem: value.U32Type}}, value.Some(value.None())},
		{&value.OptionType{Elem: &value.OptionType{Elem: value.U32Type}}, value.Some(value.Some(value.U32(5)))},
		{&value.ResultType{}, value.OkEmpty()},
		{&value.ResultType{}, value.ErrEmpty()},
		{&value.ResultType{Ok: value.F32Type, Err: value.U64Type}, value.Ok(value.F32(-0.5))},
		{&value.ResultType{Ok: value.F32Type, Err: value.U64Type}, value.Err(value.U64(1 << 40))},
		{&value.ResultType{Ok: value.F64Type, Err: value.StringType}, value.Err(value.String("bad"))},
		{&value.ResultType{Err: value.U8Type}, value.Err(value.U8(3))},
		{perms, value.Flags()},
		{perms, value.Flags("read", "exec")},
		{manyFl, value.Flags("b0", "b9", "b19")},
		{flagsN(32), value.Flags("b0", "b31")},
		{&value.MapType{Key: value.StringType, Value: value.U32Type}, value.Map(value.String("a"), value.U32(1), value.String("b"), value.U32(2))},
		{&value.MapType{Key: value.U8Type, Value: value.F64Type}, value.Map()},
		{handleT, value.Own(h)},
		{&value.BorrowType{Resource: res}, value.Borrow(h)},
		{&value.FutureType{Elem: value.U8Type}, value.HandleOf(value.KindFuture, &value.Handle{Rep: 3})},
		{&value.StreamType{}, value.HandleOf(value.KindStream, &value.Handle{Rep: 4})},
		{value.ErrorContextType, value.HandleOf(value.KindErrorContext, &value.Handle{Rep: 5})},
		{&value.ListType{Elem: &value.ResultType{Ok: point, Err: shapeT}}, value.List(value.Ok(value.Record(value.F64(1), value.String("q"), value.U8(0))), value.Err(value.Variant("named", value.String("n"))))},
	}
}

func sameValue(a, b value.Value) bool {
	return a.Kind() == b.Kind() && a.String() == b.String()
}

var encodings = []StringEncoding{UTF8, UTF16, Latin1UTF16}

func TestRoundTripFlat(t *testing.T) {
	ctx := context.Background()
	var c Cache
	for _, enc := range encodings {
		for _, tc := range roundTripCases() {
			l, err := c.Layout(tc.t)
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Flat) > MaxFlatParams {
				continue
			}
			e := newEnv(enc)
			flat, err := LowerFlat(ctx, e.opts, l, tc.v, nil)
			if err != nil {
				t.Errorf("%s: lower %s %v: %v", enc, tc.t, tc.v, err)
				continue
			}
			if len(flat) != len(l.Flat) {
				t.Errorf("%s: lower %s gave %d flat values, want %d", enc, tc.t, len(flat), len(l.Flat))
				continue
			}
			for i, ct := range l.Flat {
				if (ct == I32 || ct == F32) && flat[i]>>32 != 0 {
					t.Errorf("%s: %s flat[%d] = %#x has high bits set", enc, tc.t, i, flat[i])
				}
			}
			got, err := LiftFlat(e.opts, l, flat)
			if err != nil {
				t.Errorf("%s: lift %s %v: %v", enc, tc.t, tc.v, err)
				continue
			}
			if !sameValue(got, tc.v) {
				t.Errorf("%s: %s: round trip gave %v, want %v", enc, tc.t, got, tc.v)
			}
		}
	}
}

func TestRoundTripMemory(t *testing.T) {
	ctx := context.Background()
	var c Cache
	for _, enc := range encodings {
		for _, tc := range roundTripCases() {
			l, err := c.Layout(tc.t)
			if err != nil {
				t.Fatal(err)
			}
			e := newEnv(enc)
			ptr, err := e.alloc.realloc(ctx, 0, 0, l.Align, l.Size)
			if err != nil {
				t.Fatal(err)
			}
			if err := Store(ctx, e.opts, l, tc.v, ptr); err != nil {
				t.Errorf("%s: store %s %v: %v", enc, tc.t, tc.v, err)
				continue
			}
			got, err := Load(e.opts, l, ptr)
			if err != nil {
				t.Errorf("%s: load %s %v: %v", enc, tc.t, tc.v, err)
				continue
			}
			if !sameValue(got, tc.v) {
				t.Errorf("%s: %s: round trip gave %v, want %v", enc, tc.t, got, tc.v)
			}
		}
	}
}

func TestMemoryBytes(t *testing.T) {
	ctx := context.Background()
	var c Cache
	tests := []struct {
		tv   typedValue
		want []byte
	}{
		{typedValue{value.S16Type, value.S16(-2)}, []byte{0xfe, 0xff}},
		{typedValue{value.U32Type, value.U32(0x01020304)}, []byte{4, 3, 2, 1}},
		{typedValue{point, value.Record(value.F64(0), value.String(""), value.U8(7))}, []byte{0, 0, 0, 0, 0, 0, 0, 0, 48, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0}},
		{typedValue{&value.ResultType{Ok: value.U8Type, Err: value.U32Type}, value.Err(value.U32(0xaabbccdd))}, []byte{1, 0, 0, 0, 0xdd, 0xcc, 0xbb, 0xaa}},
		{typedValue{manyFl, value.Flags("b0", "b17")}, []byte{1, 0, 2, 0}},
		{typedValue{enumN(300), value.Enum("c299")}, []byte{0x2b, 1}},
		{typedValue{value.F32Type, value.F32(float32(math.NaN()))}, []byte{0, 0, 0xc0, 0x7f}},
		{typedValue{record(value.U8Type, &value.OptionType{Elem: value.U64Type}, tuple(value.U16Type, value.CharType)),
			value.Record(value.U8(1), value.Some(value.U64(0x0102030405060708)), value.Tuple(value.U16(0xabcd), value.Char('A')))},
			[]byte{1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1, 0xcd, 0xab, 0, 0, 'A', 0, 0, 0}},
		{typedValue{&value.VariantType{Name: "v", Cases: []value.Case{{Name: "a", Type: value.U8Type}, {Name: "b", Type: tuple(value.U8Type, value.U32Type)}}},
			value.Variant("b", value.Tuple(value.U8(9), value.U32(0x11223344)))},
			[]byte{1, 0, 0, 0, 9, 0, 0, 0, 0x44, 0x33, 0x22, 0x11}},
	}
	for _, tt := range tests {
		l, err := c.Layout(tt.tv.t)
		if err != nil {
			t.Fatal(err)
		}
		e := newEnv(UTF8)
		e.alloc.next = 48
		if err := Store(ctx, e.opts, l, tt.tv.v, 0); err != nil {
			t.Fatal(err)
		}
		if got := e.mem.buf[:len(tt.want)]; string(got) != string(tt.want) {
			t.Errorf("%s %v: stored % x, want % x", tt.tv.t, tt.tv.v, got, tt.want)
		}
	}
}

func TestFlatEncoding(t *testing.T) {
	ctx := context.Background()
	var c Cache
	tests := []struct {
		tv   typedValue
		want []uint64
	}{
		{typedValue{value.S8Type, value.S8(-1)}, []uint64{0xffffffff}},
		{typedValue{value.S64Type, value.S64(-1)}, []uint64{math.MaxUint64}},
		{typedValue{value.BoolType, value.Bool(true)}, []uint64{1}},
		{typedValue{&value.ResultType{Ok: value.F32Type, Err: value.U64Type}, value.Ok(value.F32(1))}, []uint64{0, 0x3f800000}},
		{typedValue{&value.ResultType{Ok: value.F64Type, Err: value.U32Type}, value.Err(value.U32(7))}, []uint64{1, 7}},
		{typedValue{&value.OptionType{Elem: value.U8Type}, value.None()}, []uint64{0, 0}},
		{typedValue{shapeT, value.VariantCase("none")}, []uint64{0, 0, 0}},
		{typedValue{value.F64Type, value.F64(math.NaN())}, []uint64{0x7ff8000000000000}},
	}
	for _, tt := range tests {
		l, _ := c.Layout(tt.tv.t)
		got, err := LowerFlat(ctx, newEnv(UTF8).opts, l, tt.tv.v, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(tt.want) {
			t.Fatalf("%s: flat %x, want %x", tt.tv.t, got, tt.want)
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s %v: flat %x, want %x", tt.tv.t, tt.tv.v, got, tt.want)
				break
			}
		}
	}
}

func TestLiftFlatIgnoresHighBitsAndJoins(t *testing.T) {
	var c Cache
	opts := newEnv(UTF8).opts
	tests := []struct {
		t    value.Type
		flat []uint64
		want string
	}{
		{value.BoolType, []uint64{0xffffffff00000000}, "false"},
		{value.BoolType, []uint64{2}, "true"},
		{value.U8Type, []uint64{0x1ff}, "255"},
		{value.S16Type, []uint64{0xffff8000}, "-32768"},
		// f32 payload in an i64 slot: the low 32 bits are the float.
		{&value.ResultType{Ok: value.F32Type, Err: value.U64Type}, []uint64{0, 0xdead00003fc00000}, "ok(1.5)"},
		// u32 payload in an i64 slot wraps.
		{&value.ResultType{Ok: value.F64Type, Err: value.U32Type}, []uint64{1, 0x100000005}, "err(5)"},
		{perms, []uint64{0xfffffffd}, "{read, exec}"},
		{&value.ResultType{Ok: value.F32Type, Err: value.F32Type}, []uint64{1, 0x7f800001}, "err(NaN)"},
	}
	for _, tt := range tests {
		l, _ := c.Layout(tt.t)
		got, err := LiftFlat(opts, l, tt.flat)
		if err != nil {
			t.Errorf("%s: %v", tt.t, err)
			continue
		}
		if got.String() != tt.want {
			t.Errorf("%s from %x: %v, want %s", tt.t, tt.flat, got, tt.want)
		}
	}
	l, _ := c.Layout(value.F32Type)
	v, _ := LiftFlat(opts, l, []uint64{0xffc00001})
	if b := math.Float32bits(v.F32()); b != canonicalNaN32 {
		t.Errorf("NaN lifted as %#x, want canonical", b)
	}
}

func TestLowerMismatch(t *testing.T) {
	ctx := context.Background()
	var c Cache
	tests := []struct {
		tv   typedValue
		want string
	}{
		{typedValue{value.U8Type, value.U32(1)}, "expected u8, got a u32"},
		{typedValue{point, value.Record(value.F64(1))}, "record needs 3 fields"},
		{typedValue{&value.ListType{Elem: value.U8Type}, value.List(value.U8(1), value.S8(2))}, "at [1]: expected u8"},
		{typedValue{shapeT, value.Variant("nope", value.U8(1))}, "no case \"nope\""},
		{typedValue{shapeT, value.Variant("none", value.U8(1))}, "takes no payload"},
		{typedValue{color, value.Enum("pink")}, "no case \"pink\""},
		{typedValue{perms, value.Flags("fly")}, "no flag \"fly\""},
		{typedValue{value.CharType, value.Char(0xD800)}, "not a Unicode scalar value"},
		{typedValue{&value.ListType{Elem: value.U8Type, Len: 2}, value.List(value.U8(1))}, "needs 2 elements"},
		{typedValue{&value.ResultType{Ok: value.U8Type}, value.OkEmpty()}, "needs a u8 payload"},
		{typedValue{value.StringType, value.String("\xff")}, "not valid UTF-8"},
		{typedValue{handleT, value.Own(nil)}, "without a handle"},
	}
	for _, tt := range tests {
		l, _ := c.Layout(tt.tv.t)
		_, err := LowerFlat(ctx, newEnv(UTF8).opts, l, tt.tv.v, nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("lower %v as %s: %v, want %q", tt.tv.v, tt.tv.t, err, tt.want)
		}
		e := newEnv(UTF8)
		err = Store(ctx, e.opts, l, tt.tv.v, 8)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("store %v as %s: %v, want %q", tt.tv.v, tt.tv.t, err, tt.want)
		}
	}
}
