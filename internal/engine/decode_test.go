package engine

import (
	"errors"
	"strings"
	"testing"
)

// TestBagRoundTrip encodes pass-through modules and decodes them again: the same table
// drives both directions.
func TestBagRoundTrip(t *testing.T) {
	items := []bagItem{
		{module: "0", name: "f", typ: ExternType{Kind: KindFunc, Func: ptr(ft(vt(I32, I64, F32, F64), V128, FuncRef, ExternRef))}, export: "func"},
		{module: "0", name: "t", typ: ExternType{Kind: KindTable, Table: TableType{Elem: FuncRef}}, export: "table"},
		{module: "1", name: "m", typ: ExternType{Kind: KindMemory, Memory: Limits{Flags: 3, Max: 9}}, export: "memory"},
		{module: "1", name: "g", typ: ExternType{Kind: KindGlobal, Global: GlobalType{Type: I64, Flags: 1}}, export: "global"},
		{module: "2", name: "e", typ: ExternType{Kind: KindTag, Func: ptr(ft(vt(I32)))}, export: "tag"},
		{module: "2", name: "f2", typ: ExternType{Kind: KindFunc, Func: ptr(ft(nil))}, export: ""},
	}
	info, err := decodeModule(encodeBag(items))
	if err != nil {
		t.Fatal(err)
	}
	if len(info.imports) != len(items) || len(info.exports) != len(items) {
		t.Fatalf("decoded %d imports and %d exports", len(info.imports), len(info.exports))
	}
	for i, it := range items {
		imp, x := info.imports[i], info.exports[i]
		if imp.Module != it.module || imp.Name != it.name || imp.Type.Kind != it.typ.Kind {
			t.Errorf("import %d = %+v", i, imp)
		}
		if x.Name != it.export || x.Type.String() != it.typ.String() {
			t.Errorf("export %d = %q %s, want %q %s", i, x.Name, x.Type, it.export, it.typ)
		}
	}
}

func TestDecodeGlobals(t *testing.T) {
	inits := map[string][]byte{
		"i32":       i32c(-1),
		"i64":       i64c(1 << 40),
		"f32":       {0x43, 0, 0, 0x80, 0x3f},
		"f64":       {0x44, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f},
		"v128":      append([]byte{0xfd, 12}, make([]byte, 16)...),
		"ref.null":  {0xd0, 0x70},
		"ref.func":  {0xd2, 0},
		"global":    {0x23, 0},
		"ext-const": cat(i32c(1), i32c(2), []byte{0x6a}, i32c(3), []byte{0x6c}),
	}
	for name, init := range inits {
		m := newMod()
		m.global(I32, false, init...)
		m.export("g", KindGlobal, 0)
		info, err := decodeModule(m.bytes())
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(info.exports) != 1 || info.exports[0].Type.Kind != KindGlobal {
			t.Errorf("%s: exports %+v", name, info.exports)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	mod := func(sections ...[]byte) []byte { return append(append([]byte(nil), coreMagic...), cat(sections...)...) }
	sec := func(id byte, body ...byte) []byte { return appendSection(nil, id, body) }
	for _, tc := range []struct {
		name string
		bin  []byte
		want string
	}{
		{"bad version", []byte{0, 'a', 's', 'm', 2, 0, 0, 0}, "offset 0x4: unknown binary version: 0x2"},
		{"long leb", mod([]byte{1, 0x80, 0x80, 0x80, 0x80, 0x80, 0}), "offset 0x9: integer too large: u32 representation too long"},
		{"big leb", mod([]byte{1, 0xff, 0xff, 0xff, 0xff, 0x7f}), "u32 out of range"},
		{"section overflow", mod([]byte{1, 10, 0}), "core section of 10 bytes"},
		{"count", mod(sec(1, 0x7f)), "vector of 127 elements with 0 bytes left"},
		{"type form", mod(sec(1, 1, 0x40)), "offset 0xb: invalid leading byte (0x40) for type"},
		{"struct type", mod(sec(1, 1, 0x5f, 0)), "offset 0xb: type 0 is not a function type"},
		{"val type", mod(sec(1, 1, 0x60, 1, 0x40, 0)), "offset 0xd: invalid leading byte (0x40) for value type"},
		{"name utf8", mod(sec(2, 1, 1, 0xff, 0, 0, 0)), "offset 0xb: malformed UTF-8 encoding"},
		{"name length", mod(sec(2, 1, 9, 'a')), "name of 9 bytes with 1 bytes left"},
		{"import kind", mod(sec(2, 1, 1, 'a', 1, 'b', 7)), "offset 0xf: invalid leading byte (0x7) for external kind"},
		{"shared table", mod(sec(4, 1, 0x70, 3, 1, 1)), "offset 0xb: unsupported table limits flags 0x3"},
		{"table elem", mod(sec(4, 1, 0x7f, 0, 1)), "table element type i32 is not a supported reference type"},
		{"table init", mod(sec(4, 1, 0x40, 0, 0x70, 0, 1, 0xd0, 0x70, 0x0b)), "tables with initializer expressions are not supported"},
		{"mutability", mod(sec(6, 1, 0x7f, 4)), "offset 0xc: invalid encoding: malformed global flags 0x4"},
		{"shared global", mod(sec(6, 1, 0x7f, 2, 0x41, 0, 0x0b)), "offset 0xb: shared globals are not supported"},
		{"const expr", mod(sec(6, 1, 0x7f, 0, 0x20, 0, 0x0b)), "offset 0xd: invalid leading byte: unsupported instruction 0x20 in a constant expression"},
		{"simd const", mod(sec(6, 1, 0x7b, 0, 0xfd, 13, 0x0b)), "unsupported SIMD instruction 0xd in a constant expression"},
		{"tag attribute", mod(sec(13, 1, 1, 0)), "offset 0xb: invalid encoding: invalid tag attributes 0x1"},
		{"trailing", mod(sec(3, 0, 0)), "offset 0xb: section size mismatch: unexpected data at the end of the section"},
		{"duplicate", mod(sec(3, 0), sec(3, 0)), "offset 0xb: section out of order: duplicate section 3"},
		{"export index", mod(sec(7, 1, 1, 'f', 0, 0)), "offset 0xb: unknown function 0: exported function index out of bounds"},
		{"import type", mod(sec(2, 1, 1, 'a', 1, 'b', 0, 0)), "offset 0xf: unknown type 0: type index out of bounds"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeModule(tc.bin)
			var de *DecodeError
			if !errors.As(err, &de) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want a *DecodeError containing %q", err, tc.want)
			}
		})
	}
}
