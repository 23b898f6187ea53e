package canon

import (
	"fmt"
	"strings"
	"testing"

	"github.com/weftwasm/weft/value"
)

var res = &value.ResourceType{Name: "r"}

func tuple(ts ...value.Type) *value.TupleType { return &value.TupleType{Types: ts} }

func record(ts ...value.Type) *value.RecordType {
	r := &value.RecordType{Name: "rec"}
	for i, t := range ts {
		r.Fields = append(r.Fields, value.Field{Name: fmt.Sprintf("f%d", i), Type: t})
	}
	return r
}

func flagsN(n int) *value.FlagsType {
	f := &value.FlagsType{Name: "fl"}
	for i := range n {
		f.Names = append(f.Names, fmt.Sprintf("b%d", i))
	}
	return f
}

func enumN(n int) *value.EnumType {
	e := &value.EnumType{Name: "en"}
	for i := range n {
		e.Cases = append(e.Cases, fmt.Sprintf("c%d", i))
	}
	return e
}

func flatString(fs []CoreType) string {
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = f.String()
	}
	return strings.Join(s, " ")
}

func TestLayout(t *testing.T) {
	tests := []struct {
		t           value.Type
		size, align uint32
		flat        string
	}{
		{value.BoolType, 1, 1, "i32"},
		{value.S8Type, 1, 1, "i32"},
		{value.U16Type, 2, 2, "i32"},
		{value.S32Type, 4, 4, "i32"},
		{value.U64Type, 8, 8, "i64"},
		{value.F32Type, 4, 4, "f32"},
		{value.F64Type, 8, 8, "f64"},
		{value.CharType, 4, 4, "i32"},
		{value.StringType, 8, 4, "i32 i32"},
		{value.ErrorContextType, 4, 4, "i32"},
		{&value.ListType{Elem: value.U64Type}, 8, 4, "i32 i32"},
		{&value.ListType{Elem: value.U16Type, Len: 3}, 6, 2, "i32 i32 i32"},
		{&value.ListType{Elem: value.F64Type, Len: 2}, 16, 8, "f64 f64"},
		{&value.MapType{Key: value.StringType, Value: value.U8Type}, 8, 4, "i32 i32"},
		{record(value.U8Type, value.U32Type, value.U8Type), 12, 4, "i32 i32 i32"},
		{record(value.U8Type, value.U16Type), 4, 2, "i32 i32"},
		{tuple(value.U8Type, value.F64Type), 16, 8, "i32 f64"},
		{tuple(value.StringType, value.S64Type), 16, 8, "i32 i32 i64"},
		{enumN(1), 1, 1, "i32"},
		{enumN(256), 1, 1, "i32"},
		{enumN(257), 2, 2, "i32"},
		{enumN(65537), 4, 4, "i32"},
		{&value.OptionType{Elem: value.U8Type}, 2, 1, "i32 i32"},
		{&value.OptionType{Elem: value.U64Type}, 16, 8, "i32 i64"},
		{&value.OptionType{Elem: value.StringType}, 12, 4, "i32 i32 i32"},
		{&value.ResultType{}, 1, 1, "i32"},
		{&value.ResultType{Ok: value.U32Type}, 8, 4, "i32 i32"},
		{&value.ResultType{Ok: value.F32Type, Err: value.U32Type}, 8, 4, "i32 i32"},
		{&value.ResultType{Ok: value.F32Type, Err: value.F32Type}, 8, 4, "i32 f32"},
		{&value.ResultType{Ok: value.F32Type, Err: value.U64Type}, 16, 8, "i32 i64"},
		{&value.ResultType{Ok: value.F64Type, Err: value.U32Type}, 16, 8, "i32 i64"},
		{&value.ResultType{Ok: tuple(value.F32Type, value.U8Type), Err: value.F64Type}, 16, 8, "i32 i64 i32"},
		{&value.VariantType{Name: "v", Cases: []value.Case{{Name: "a"}, {Name: "b", Type: value.U16Type}}}, 4, 2, "i32 i32"},
		{flagsN(1), 1, 1, "i32"},
		{flagsN(8), 1, 1, "i32"},
		{flagsN(9), 2, 2, "i32"},
		{flagsN(17), 4, 4, "i32"},
		{flagsN(32), 4, 4, "i32"},
		{&value.OwnType{Resource: res}, 4, 4, "i32"},
		{&value.BorrowType{Resource: res}, 4, 4, "i32"},
		{&value.FutureType{}, 4, 4, "i32"},
		{&value.StreamType{Elem: value.U8Type}, 4, 4, "i32"},
	}
	var c Cache
	for _, tt := range tests {
		l, err := c.Layout(tt.t)
		if err != nil {
			t.Errorf("%s: %v", tt.t, err)
			continue
		}
		if l.Size != tt.size || l.Align != tt.align || flatString(l.Flat) != tt.flat {
			t.Errorf("%s: size %d align %d flat %q, want %d %d %q", tt.t, l.Size, l.Align, flatString(l.Flat), tt.size, tt.align, tt.flat)
		}
	}
}

func TestLayoutCachesByIdentity(t *testing.T) {
	var c Cache
	rt := record(value.U8Type, value.StringType)
	a, _ := c.Layout(rt)
	b, _ := c.Layout(rt)
	lt, _ := c.Layout(&value.ListType{Elem: rt})
	if a != b || lt.elem != a {
		t.Fatal("layout of the same type computed twice")
	}
}

func TestLayoutLongFlatIsCapped(t *testing.T) {
	var c Cache
	l, err := c.Layout(&value.ListType{Elem: value.U8Type, Len: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Flat) != MaxFlatParams+1 || l.Size != 1<<30 {
		t.Fatalf("flat %d size %d", len(l.Flat), l.Size)
	}
}

func TestLayoutErrors(t *testing.T) {
	tests := []struct {
		t    value.Type
		want string
	}{
		{&value.RecordType{Name: "e"}, "record e has no fields"},
		{tuple(), "tuple has no elements"},
		{&value.VariantType{Name: "v"}, "variant v has no cases"},
		{&value.EnumType{Name: "e"}, "enum e has no cases"},
		{flagsN(0), "has 0 flags"},
		{flagsN(33), "has 33 flags"},
		{&value.ListType{Elem: nil}, "missing type"},
		{&value.OptionType{Elem: record()}, "has no fields"},
		{&value.ListType{Elem: value.U64Type, Len: 1 << 30}, "larger than 4 GiB"},
		{record(&value.ListType{Elem: value.U8Type, Len: 1<<32 - 1}, value.U64Type), "larger than 4 GiB"},
		{value.Primitive(value.KindList), "invalid primitive"},
	}
	var c Cache
	for _, tt := range tests {
		_, err := c.Layout(tt.t)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: error %v, want %q", tt.t, err, tt.want)
		}
	}
}

func TestCacheConcurrentUse(t *testing.T) {
	var c Cache
	types := []value.Type{point, shapeT, color, perms, &value.ListType{Elem: point}}
	done := make(chan *Layout, 8*len(types))
	for range 8 {
		go func() {
			for _, ty := range types {
				l, err := c.Layout(ty)
				if err != nil {
					t.Error(err)
				}
				done <- l
			}
		}()
	}
	seen := map[value.Type]*Layout{}
	for range 8 * len(types) {
		l := <-done
		if prev, ok := seen[l.Type]; ok && prev != l {
			t.Errorf("%s laid out twice", l.Type)
		}
		seen[l.Type] = l
	}
}
