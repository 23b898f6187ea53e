package component

import (
	"errors"
	"reflect"
	"testing"
)

// comp builds the bytes of a component: the preamble followed by raw.
func comp(raw ...byte) []byte {
	return append(append([]byte{}, componentPreamble...), raw...)
}

// comps builds the bytes of a component from sections.
func comps(sections ...[]byte) []byte {
	out := append([]byte{}, componentPreamble...)
	for _, s := range sections {
		out = append(out, s...)
	}
	return out
}

// sec builds a section: id, one-byte size, body.
func sec(id byte, body ...byte) []byte {
	if len(body) > 127 {
		panic("test section too large for a one-byte size")
	}
	return append([]byte{id, byte(len(body))}, body...)
}

func ptr[T any](v T) *T { return &v }

// codecCases are checked in both directions: Encode(ast) == bin and
// Decode(bin) == ast.
var codecCases = []struct {
	name string
	ast  *Component
	bin  []byte
}{
	{"empty", &Component{}, comp()},
	{"custom", &Component{Sections: []Section{&CustomSection{Name: "hi", Data: []byte{1, 2}}}},
		comps(sec(0x00, 0x02, 'h', 'i', 1, 2))},
	{"core module", &Component{Sections: []Section{&CoreModuleSection{Module: []byte{0, 'a', 's', 'm', 1, 0, 0, 0}}}},
		comps(sec(0x01, 0, 'a', 's', 'm', 1, 0, 0, 0))},
	{"core instances", &Component{Sections: []Section{&CoreInstanceSection{Instances: []CoreInstance{
		&CoreInstantiate{Module: 1, Args: []CoreInstantiateArg{{Name: "i", Instance: 2}}},
		&CoreInstanceFromExports{Exports: []CoreInlineExport{{Name: "m", Item: CoreSortIdx{Sort: CoreSortMemory, Index: 3}}}},
	}}}}, comps(sec(0x02, 0x02, 0x00, 0x01, 0x01, 0x01, 'i', 0x12, 0x02, 0x01, 0x01, 0x01, 'm', 0x02, 0x03))},
	{"core types", &Component{Sections: []Section{&CoreTypeSection{Types: []CoreType{
		&CoreRecGroup{Types: []CoreSubType{{Final: true, Short: true, Comp: &CoreFuncType{Params: []CoreValType{{Code: CoreI32}}, Results: []CoreValType{{Code: CoreI64}}}}}},
		&CoreRecGroup{Types: []CoreSubType{{Comp: &CoreFuncType{}}}},
		&CoreRecGroup{Explicit: true, Types: []CoreSubType{
			{Final: true, Supers: []CoreTypeIdx{0}, Comp: &CoreStructType{Fields: []CoreFieldType{{Storage: CoreValType{Code: CoreI8}, Mutable: true}}}},
			{Final: true, Short: true, Comp: &CoreArrayType{Field: CoreFieldType{Storage: CoreValType{Code: CoreRefNull, Heap: HeapType{Concrete: true, Index: 70}}}}},
		}},
		&CoreModuleType{Decls: []CoreModuleDecl{
			&CoreTypeDecl{Type: CoreRecGroup{Types: []CoreSubType{{Final: true, Short: true, Comp: &CoreFuncType{}}}}},
			&CoreImportDecl{Module: "a", Field: "b", Type: CoreExternType{Kind: CoreExternFunc, Func: 0}},
			&CoreAliasDecl{Count: 1, Index: 0},
			&CoreExportDecl{Name: "m", Type: CoreExternType{Kind: CoreExternMemory, Memory: Limits{Flags: 1, Min: 1, Max: 2}}},
			&CoreExportDecl{Name: "t", Type: CoreExternType{Kind: CoreExternTable, Table: CoreTableType{Elem: CoreValType{Code: CoreFuncRef}, Limits: Limits{Min: 0}}}},
			&CoreExportDecl{Name: "g", Type: CoreExternType{Kind: CoreExternGlobal, Global: CoreGlobalType{Type: CoreValType{Code: CoreF64}, Flags: 1}}},
		}},
	}}}}, comps(sec(0x03, 0x04,
		0x60, 0x01, 0x7f, 0x01, 0x7e,
		0x00, 0x50, 0x00, 0x60, 0x00, 0x00,
		0x4e, 0x02, 0x4f, 0x01, 0x00, 0x5f, 0x01, 0x78, 0x01, 0x5e, 0x63, 0xc6, 0x00, 0x00,
		0x50, 0x06, 0x01, 0x60, 0x00, 0x00,
		0x00, 0x01, 'a', 0x01, 'b', 0x00, 0x00,
		0x02, 0x10, 0x01, 0x01, 0x00,
		0x03, 0x01, 'm', 0x02, 0x01, 0x01, 0x02,
		0x03, 0x01, 't', 0x01, 0x70, 0x00, 0x00,
		0x03, 0x01, 'g', 0x03, 0x7c, 0x01))},
	{"nested component", &Component{Sections: []Section{&ComponentSection{Component: &Component{}}}},
		comps(sec(0x04, 0, 'a', 's', 'm', 0x0d, 0, 1, 0))},
	{"instances", &Component{Sections: []Section{&InstanceSection{Instances: []Instance{
		&Instantiate{Component: 0, Args: []InstantiateArg{{Name: "x", Item: SortIdx{Sort: SortFunc, Index: 1}}}},
		&InstanceFromExports{Exports: []InlineExport{{Name: ExternName{Name: "m"}, Item: SortIdx{Sort: SortCoreModule, Index: 2}}}},
	}}}}, comps(sec(0x05, 0x02, 0x00, 0x00, 0x01, 0x01, 'x', 0x01, 0x01, 0x01, 0x01, 0x00, 0x01, 'm', 0x00, 0x11, 0x02))},
	{"aliases", &Component{Sections: []Section{&AliasSection{Aliases: []Alias{
		&AliasExport{Sort: SortFunc, Instance: 1, Name: "f"},
		&AliasCoreExport{Sort: CoreSortGlobal, Instance: 2, Name: "g"},
		&AliasOuter{Sort: SortCoreType, Count: 1, Index: 3},
		&AliasOuter{Sort: SortType, Count: 2, Index: 4},
	}}}}, comps(sec(0x06, 0x04, 0x01, 0x00, 0x01, 0x01, 'f', 0x00, 0x03, 0x01, 0x02, 0x01, 'g',
		0x00, 0x10, 0x02, 0x01, 0x03, 0x03, 0x02, 0x02, 0x04))},
	{"value types", &Component{Sections: []Section{&TypeSection{Types: []Type{
		&PrimType{Type: String},
		&RecordType{Fields: []Field{{Name: "a", Type: Prim(U8)}}},
		&VariantType{Cases: []Case{{Name: "x", Type: ptr(Ref(64))}, {Name: "y"}}},
		&ListType{Elem: Prim(ErrorContext)},
		&FixedListType{Elem: Prim(U8), Len: 3},
		&TupleType{Types: []ValType{Prim(S16), Ref(0)}},
		&FlagsType{Names: []string{"f"}},
		&EnumType{Names: []string{"e"}},
		&OptionType{Type: Prim(Char)},
		&ResultType{OK: ptr(Prim(U32))},
		&OwnType{Resource: 5},
		&BorrowType{Resource: 5},
		&StreamType{},
		&FutureType{Elem: ptr(Prim(Bool))},
		&MapType{Key: Prim(String), Value: Prim(U64)},
	}}}}, comps(sec(0x07, 0x0f, 0x73, 0x72, 0x01, 0x01, 'a', 0x7d,
		0x71, 0x02, 0x01, 'x', 0x01, 0xc0, 0x00, 0x00, 0x01, 'y', 0x00, 0x00,
		0x70, 0x64, 0x67, 0x7d, 0x03, 0x6f, 0x02, 0x7c, 0x00, 0x6e, 0x01, 0x01, 'f', 0x6d, 0x01, 0x01, 'e',
		0x6b, 0x74, 0x6a, 0x01, 0x79, 0x00, 0x69, 0x05, 0x68, 0x05, 0x66, 0x00, 0x65, 0x01, 0x7f, 0x63, 0x73, 0x77))},
	{"func component instance resource types", &Component{Sections: []Section{&TypeSection{Types: []Type{
		&FuncType{Params: []Field{{Name: "p", Type: Prim(Bool)}}, Result: ptr(Prim(U32))},
		&FuncType{Async: true},
		&ResourceType{Rep: CoreValType{Code: CoreI32}, Dtor: ptr(CoreFuncIdx(1))},
		&ComponentType{Decls: []Decl{
			&DeclImport{Name: ExternName{Name: "a"}, Type: &ExternTypeBound{SubResource: true}},
			&DeclExport{Name: ExternName{Form: NameWithAttributes, Name: "b", Attributes: []NameAttribute{{Kind: AttrImplements, Value: "a:b/c"}}}, Type: &ExternInstance{Type: 0}},
		}},
		&InstanceType{Decls: []Decl{
			&DeclCoreType{Type: &CoreRecGroup{Types: []CoreSubType{{Final: true, Short: true, Comp: &CoreFuncType{}}}}},
			&DeclType{Type: &PrimType{Type: F32}},
			&DeclAlias{Alias: &AliasOuter{Sort: SortType, Count: 1, Index: 0}},
			&DeclExport{Name: ExternName{Form: NameLegacy, Name: "v"}, Type: &ExternValue{Type: Prim(U8)}},
		}},
	}}}}, comps(sec(0x07, 0x05,
		0x40, 0x01, 0x01, 'p', 0x7f, 0x00, 0x79,
		0x43, 0x00, 0x01, 0x00,
		0x3f, 0x7f, 0x01, 0x01,
		0x41, 0x02, 0x03, 0x00, 0x01, 'a', 0x03, 0x01,
		0x04, 0x02, 0x01, 'b', 0x01, 0x00, 0x05, 'a', ':', 'b', '/', 'c', 0x05, 0x00,
		0x42, 0x04, 0x00, 0x60, 0x00, 0x00, 0x01, 0x76, 0x02, 0x03, 0x02, 0x01, 0x00,
		0x04, 0x01, 0x01, 'v', 0x02, 0x01, 0x7d))},
	{"canons", &Component{Sections: []Section{&CanonSection{Canons: []Canon{
		{Op: CanonLift, CoreFunc: 1, Options: []CanonOpt{{Kind: OptUTF16}, {Kind: OptMemory, Index: 0}, {Kind: OptRealloc, Index: 2}, {Kind: OptAsync}, {Kind: OptCallback, Index: 3}}, Type: 4},
		{Op: CanonLower, Func: 5, Options: []CanonOpt{{Kind: OptPostReturn, Index: 6}}},
		{Op: CanonResourceDrop, Type: 7},
		{Op: CanonTaskReturn, Result: ptr(Prim(String)), Options: []CanonOpt{{Kind: OptLatin1UTF16}}},
		{Op: CanonContextGet, ValType: CoreValType{Code: CoreI32}, Slot: 0},
		{Op: CanonSubtaskCancel, Async: true},
		{Op: CanonStreamCancelRead, Type: 8, Async: false},
		{Op: CanonWaitableSetWait, Cancellable: true, Memory: 1},
		{Op: CanonThreadNewIndirect, CoreType: 2, Table: 3},
		{Op: CanonBackpressureInc},
	}}}}, comps(sec(0x08, 0x0a,
		0x00, 0x00, 0x01, 0x05, 0x01, 0x03, 0x00, 0x04, 0x02, 0x06, 0x07, 0x03, 0x04,
		0x01, 0x00, 0x05, 0x01, 0x05, 0x06,
		0x03, 0x07,
		0x09, 0x00, 0x73, 0x01, 0x02,
		0x0a, 0x7f, 0x00,
		0x06, 0x01,
		0x11, 0x08, 0x00,
		0x20, 0x01, 0x01,
		0x27, 0x02, 0x03,
		0x24))},
	{"start", &Component{Sections: []Section{&StartSection{Start: Start{Func: 1, Args: []ValueIdx{2, 3}, Results: 1}}}},
		comps(sec(0x09, 0x01, 0x02, 0x02, 0x03, 0x01))},
	{"imports and exports", &Component{Sections: []Section{
		&ImportSection{Imports: []Import{
			{Name: ExternName{Name: "wasi:cli/run@0.2.0"}, Type: &ExternInstance{Type: 1}},
			{Name: ExternName{Name: "m"}, Type: &ExternModule{Type: 2}},
			{Name: ExternName{Name: "v"}, Type: &ExternValue{Eq: true, Value: 3}},
			{Name: ExternName{Name: "t"}, Type: &ExternTypeBound{Eq: 4}},
			{Name: ExternName{Name: "c"}, Type: &ExternComponent{Type: 5}},
		}},
		&ExportSection{Exports: []Export{
			{Name: ExternName{Name: "[method]r.m"}, Item: SortIdx{Sort: SortFunc, Index: 0}},
			{Name: ExternName{Name: "f"}, Item: SortIdx{Sort: SortFunc, Index: 1}, Type: &ExternFunc{Type: 6}},
		}},
	}}, comps(sec(0x0a, 0x05,
		0x00, 0x12, 'w', 'a', 's', 'i', ':', 'c', 'l', 'i', '/', 'r', 'u', 'n', '@', '0', '.', '2', '.', '0', 0x05, 0x01,
		0x00, 0x01, 'm', 0x00, 0x11, 0x02,
		0x00, 0x01, 'v', 0x02, 0x00, 0x03,
		0x00, 0x01, 't', 0x03, 0x00, 0x04,
		0x00, 0x01, 'c', 0x04, 0x05,
	), sec(0x0b, 0x02,
		0x00, 0x0b, '[', 'm', 'e', 't', 'h', 'o', 'd', ']', 'r', '.', 'm', 0x01, 0x00, 0x00,
		0x00, 0x01, 'f', 0x01, 0x01, 0x01, 0x01, 0x06))},
	{"values", &Component{Sections: []Section{&ValueSection{Values: []Value{{Type: Prim(U32), Data: []byte{0x2a}}}}}},
		comps(sec(0x0c, 0x01, 0x79, 0x01, 0x2a))},
}

func TestCodecTable(t *testing.T) {
	for _, tc := range codecCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Encode(tc.ast)
			if err != nil {
				t.Fatalf("encode: %v", err)
			}
			if !reflect.DeepEqual(got, tc.bin) {
				t.Errorf("encode:\n got % x\nwant % x", got, tc.bin)
			}
			c, err := Decode(tc.bin)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			clearSpans(c)
			if !reflect.DeepEqual(c, tc.ast) {
				t.Errorf("decode: got %#v\nwant %#v", c, tc.ast)
			}
		})
	}
}

func TestDecodeSpans(t *testing.T) {
	data := comp(0x07, 0x02, 0x01, 0x73, 0x04, 0x0c, 0, 'a', 's', 'm', 0x0d, 0, 1, 0, 0x07, 0x02, 0x01, 0x73)
	c, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Sections[0].Span(), (Span{Offset: 8, Body: 10, End: 12}); got != want {
		t.Errorf("type section span %+v, want %+v", got, want)
	}
	if got := c.Sections[0].(*TypeSection).ItemOffset(0); got != 11 {
		t.Errorf("type 0 at %d, want 11", got)
	}
	inner := c.Sections[1].(*ComponentSection).Component
	if got, want := inner.Sections[0].Span(), (Span{Offset: 22, Body: 24, End: 26}); got != want {
		t.Errorf("nested section span %+v, want %+v (absolute offsets)", got, want)
	}
}

func TestDecodeErrors(t *testing.T) {
	cases := []struct {
		name   string
		bin    []byte
		err    error
		offset int
	}{
		{"empty", nil, ErrUnexpectedEOF, 0},
		{"bad magic", []byte("\x00ASM\x0d\x00\x01\x00"), ErrBadMagic, 0},
		{"core module", []byte("\x00asm\x01\x00\x00\x00"), ErrNotComponent, 4},
		{"bad version", []byte("\x00asm\x0e\x00\x01\x00"), ErrBadVersion, 4},
		{"bad layer", []byte("\x00asm\x0d\x00\x02\x00"), ErrBadLayer, 6},
		{"section id", comp(0x0d, 0x00), ErrBadSectionID, 8},
		{"size past end", comp(0x07, 0x03, 0x00), ErrUnexpectedEOF, 10},
		{"u32 too large", comp(0x07, 0x81, 0x80, 0x80, 0x80, 0x70, 0x00), ErrIntegerTooLarge, 9},
		{"trailing bytes in section", comp(0x07, 0x02, 0x00, 0x00), ErrSectionSize, 11},
		{"bad utf-8", comp(0x00, 0x03, 0x02, 0xff, 0xfe), ErrInvalidUTF8, 10},
		{"bad type opcode", comp(0x07, 0x02, 0x01, 0x62), ErrInvalidByte, 11},
		{"bad bool", comp(0x08, 0x03, 0x01, 0x06, 0x02), ErrInvalidBool, 12},
		{"negative valtype index", comp(0x07, 0x03, 0x01, 0x70, 0x40), ErrInvalidByte, 12},
		{"vector longer than input", comp(0x07, 0x04, 0xbf, 0x84, 0x3d, 0x73), ErrUnexpectedEOF, 10},
		{"nested core module order", comp(0x01, 0x0e, 0, 'a', 's', 'm', 1, 0, 0, 0, 0x0b, 0x01, 0x00, 0x01, 0x01, 0x00), ErrSectionOrder, 21},
		{"nested module header", comp(0x01, 0x08, 0, 'a', 's', 'm', 0x0d, 0, 1, 0), ErrNotModule, 14},
		{"duplicate attribute", comp(0x0a, 0x0c, 0x01, 0x02, 0x01, 'i', 0x02, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00), ErrDuplicateAttr, 17},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode(tc.bin)
			if !errors.Is(err, tc.err) {
				t.Fatalf("got %v, want %v", err, tc.err)
			}
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("%T is not a *DecodeError", err)
			}
			if de.Offset != tc.offset {
				t.Errorf("offset %#x, want %#x (%v)", de.Offset, tc.offset, err)
			}
		})
	}
}

func TestEncodeErrors(t *testing.T) {
	cases := []*Component{
		{Sections: []Section{nil}},
		{Sections: []Section{&CanonSection{Canons: []Canon{{Op: 0x7f}}}}},
		{Sections: []Section{&TypeSection{Types: []Type{&PrimType{Type: 0x10}}}}},
		{Sections: []Section{&AliasSection{Aliases: []Alias{&AliasOuter{Sort: SortFunc}}}}},
		{Sections: []Section{&ImportSection{Imports: []Import{{Name: ExternName{Form: 9}, Type: &ExternFunc{}}}}}},
		{Sections: []Section{&TypeSection{Types: []Type{&InstanceType{Decls: []Decl{&DeclImport{Type: &ExternFunc{}}}}}}}},
	}
	for i, c := range cases {
		_, err := Encode(c)
		var ee *EncodeError
		if !errors.As(err, &ee) {
			t.Errorf("case %d: got %v, want an *EncodeError", i, err)
		}
	}
	if _, err := Encode(nil); err == nil {
		t.Error("Encode(nil) succeeded")
	}
}

// TestDecodeDepthLimit checks that deeply nested components and types are
// rejected with ErrTooDeep instead of exhausting the stack.
func TestDecodeDepthLimit(t *testing.T) {
	// Nested components: each level wraps the previous one in a section 4.
	data := comp()
	for range maxDepth + 10 {
		data = comp(append(append([]byte{0x04}, leb(len(data))...), data...)...)
	}
	if _, err := Decode(data); !errors.Is(err, ErrTooDeep) {
		t.Errorf("nested components: got %v", err)
	}
	// Nested instance types: 0x42 0x01 0x01 (one decl: a type) repeated.
	var body []byte
	for range maxDepth + 10 {
		body = append(body, 0x42, 0x01, 0x01)
	}
	body = append(body, 0x73)
	typeSec := append([]byte{0x01}, body...)
	data = comp(append(append([]byte{0x07}, leb(len(typeSec))...), typeSec...)...)
	if _, err := Decode(data); !errors.Is(err, ErrTooDeep) {
		t.Errorf("nested types: got %v", err)
	}
}

func leb(n int) []byte {
	var w writer
	w.u32(uint32(n))
	return w.buf
}
