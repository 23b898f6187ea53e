package component

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func TestSummarize(t *testing.T) {
	// A component importing an instance with a resource, a record and a
	// method, lifting nothing, and exporting a type under a name.
	c := &Component{Sections: []Section{
		&CustomSection{Name: "producers", Data: []byte{0x01, 0x0c, 'p', 'r', 'o', 'c', 'e', 's', 's', 'e', 'd', '-', 'b', 'y', 0x01, 0x01, 'x', 0x03, '1', '.', '0'}},
		&TypeSection{Types: []Type{
			&InstanceType{Decls: []Decl{
				&DeclExport{Name: ExternName{Name: "r"}, Type: &ExternTypeBound{SubResource: true}},
				&DeclType{Type: &RecordType{Fields: []Field{{Name: "a", Type: Prim(U32)}, {Name: "b", Type: Prim(String)}}}},
				&DeclExport{Name: ExternName{Name: "point"}, Type: &ExternTypeBound{Eq: 1}},
				&DeclType{Type: &BorrowType{Resource: 0}},
				&DeclType{Type: &ResultType{OK: ptr(Ref(2)), Err: ptr(Prim(String))}},
				&DeclType{Type: &FuncType{Params: []Field{{Name: "self", Type: Ref(3)}}, Result: ptr(Ref(4))}},
				&DeclExport{Name: ExternName{Name: "[method]r.get"}, Type: &ExternFunc{Type: 5}},
			}},
		}},
		&ImportSection{Imports: []Import{{Name: ExternName{Name: "a:b/c@1.0.0"}, Type: &ExternInstance{Type: 0}}}},
		&AliasSection{Aliases: []Alias{&AliasExport{Sort: SortType, Instance: 0, Name: "point"}}},
		&ExportSection{Exports: []Export{{Name: ExternName{Name: "pt"}, Item: SortIdx{Sort: SortType, Index: 1}}}},
		&CoreModuleSection{Module: []byte{0, 'a', 's', 'm', 1, 0, 0, 0}},
	}}
	info, err := Validate(c)
	if err != nil {
		t.Fatal(err)
	}
	s := Summarize(c, info)
	if len(s.Imports) != 1 || len(s.Exports) != 1 || len(s.Modules) != 1 {
		t.Fatalf("got %d imports, %d exports, %d modules", len(s.Imports), len(s.Exports), len(s.Modules))
	}
	want := `instance {
  r: resource
  point: type = record { a: u32, b: string }
  [method]r.get: func(self: borrow<r>) -> result<point, string>
}`
	if got := s.Imports[0].Type; got != want {
		t.Errorf("import type:\n%s\nwant:\n%s", got, want)
	}
	if s.Imports[0].Sort != SortInstance {
		t.Errorf("import sort %s", s.Imports[0].Sort)
	}
	if got := s.Exports[0].Type; !strings.Contains(got, "record { a: u32, b: string }") {
		t.Errorf("export type %q", got)
	}
	if s.Modules[0].Size != 8 {
		t.Errorf("module size %d", s.Modules[0].Size)
	}
	if s.Producers == nil || s.Producers.Field("processed-by")[0] != (ProducerValue{Name: "x", Version: "1.0"}) {
		t.Errorf("producers %+v", s.Producers)
	}
}

// TestSummarizeWithoutInfo checks the summary of a component that does not
// validate: names and sorts, no types.
func TestSummarizeWithoutInfo(t *testing.T) {
	c := &Component{Sections: []Section{
		&TypeSection{Types: []Type{&ListType{Elem: Ref(9)}}},
		&ImportSection{Imports: []Import{
			{Name: ExternName{Name: "f"}, Type: &ExternFunc{Type: 7}},
			{Name: ExternName{Name: "l"}, Type: &ExternTypeBound{Eq: 0}},
		}},
		&AliasSection{Aliases: []Alias{&AliasExport{Sort: SortFunc, Instance: 3, Name: "x"}, &AliasOuter{Sort: SortType, Count: 5, Index: 1}}},
		&ExportSection{Exports: []Export{{Name: ExternName{Name: "g"}, Item: SortIdx{Sort: SortFunc, Index: 40}}}},
		&CoreModuleSection{Module: []byte{0, 'a', 's', 'm', 1, 0, 0, 0}},
	}}
	if _, err := Validate(c); err == nil {
		t.Fatal("the broken component validates")
	}
	s := Summarize(c, nil)
	want := []ItemSummary{{Name: "f", Sort: SortFunc}, {Name: "l", Sort: SortType}, {Name: "g", Sort: SortFunc}}
	got := append(append([]ItemSummary{}, s.Imports...), s.Exports...)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if len(s.Modules) != 1 {
		t.Errorf("got %d modules", len(s.Modules))
	}
}

func TestProducersAndNames(t *testing.T) {
	if _, err := ParseProducers([]byte{0x01, 0x01}); err == nil {
		t.Error("truncated producers accepted")
	}
	ns, err := ParseNameSection([]byte{0x00, 0x02, 0x01, 'c', 0x01, 0x06, 0x01, 0x01, 0x02, 0x01, 'f', 0x01 - 1})
	if err == nil {
		t.Fatalf("trailing byte in subsection accepted: %+v", ns)
	}
	ns, err = ParseNameSection([]byte{0x00, 0x02, 0x01, 'c', 0x01, 0x05, 0x01, 0x01, 0x02, 0x01, 'f'})
	if err != nil {
		t.Fatal(err)
	}
	if !ns.HasComponent || ns.Component != "c" {
		t.Errorf("component name %+v", ns)
	}
	if n, ok := ns.Lookup(SortFunc, 2); !ok || n != "f" {
		t.Errorf("func 2 named %q %v", n, ok)
	}
	mod := []byte{0, 'a', 's', 'm', 1, 0, 0, 0, 0x00, 0x04, 0x01, 'n', 0xaa, 0xbb}
	cs, err := ModuleCustomSections(mod)
	if err != nil || len(cs) != 1 || cs[0].Name != "n" || len(cs[0].Data) != 2 {
		t.Fatalf("custom sections %+v %v", cs, err)
	}
}

// TestSummarizeBounded checks that valid types whose structural rendering
// grows exponentially are cut off, each and all together.
func TestSummarizeBounded(t *testing.T) {
	for _, tc := range []struct{ depth, imports int }{{17, 3}, {13, 40}} {
		types := []Type{&PrimType{Type: U8}}
		for k := 1; k <= tc.depth; k++ {
			types = append(types, &TupleType{Types: []ValType{Ref(TypeIdx(k - 1)), Ref(TypeIdx(k - 1))}})
		}
		var imports []Import
		for i := range tc.imports {
			imports = append(imports, Import{Name: ExternName{Name: "x" + strconv.Itoa(i)}, Type: &ExternTypeBound{Eq: TypeIdx(tc.depth)}})
		}
		c := &Component{Sections: []Section{&TypeSection{Types: types}, &ImportSection{Imports: imports}}}
		info, err := Validate(c)
		if err != nil {
			t.Fatal(err)
		}
		s := Summarize(c, info)
		// Past a cap, only "..." and the closing brackets of the enclosing
		// types (at most maxTypeDepth) follow.
		const slack = 4 * maxTypeDepth
		total := 0
		for _, it := range s.Imports {
			total += len(it.Type)
			if len(it.Type) > maxRender+slack {
				t.Errorf("%s: rendered %d bytes", it.Name, len(it.Type))
			}
		}
		if total > maxRenderTotal+maxRender+slack {
			t.Errorf("rendered %d bytes in all", total)
		}
		if !strings.Contains(s.Imports[0].Type, "...") {
			t.Errorf("first import not cut off: %.80s", s.Imports[0].Type)
		}
	}
}

func TestComponentTypeSection(t *testing.T) {
	inner := comps(sec(0x07, 0x01, 0x73))
	cs := &CustomSection{Name: "component-type:wit-bindgen:0.1:example:encoded", Data: inner}
	c, err := cs.ComponentType()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Sections) != 1 {
		t.Errorf("got %d sections", len(c.Sections))
	}
	if _, err := (&CustomSection{Name: "producers"}).ComponentType(); err == nil {
		t.Error("a producers section decoded as a component type")
	}
}

// TestSummarizeRendering checks the WIT-like text of the value types, and
// that imported types render by name where they are used.
func TestSummarizeRendering(t *testing.T) {
	c := &Component{Sections: []Section{
		&TypeSection{Types: []Type{
			&VariantType{Cases: []Case{{Name: "a", Type: ptr(Prim(U32))}, {Name: "b"}}},
			&EnumType{Names: []string{"x", "y"}},
			&FlagsType{Names: []string{"p", "q"}},
		}},
		&ImportSection{Imports: []Import{
			{Name: ExternName{Name: "v"}, Type: &ExternTypeBound{Eq: 0}},
			{Name: ExternName{Name: "e"}, Type: &ExternTypeBound{Eq: 1}},
			{Name: ExternName{Name: "fl"}, Type: &ExternTypeBound{Eq: 2}},
		}},
		&TypeSection{Types: []Type{
			&OptionType{Type: Ref(3)},
			&TupleType{Types: []ValType{Ref(4), Ref(5)}},
			&ResultType{Err: ptr(Prim(String))},
			&ResultType{},
			&FuncType{Params: []Field{{Name: "a", Type: Ref(6)}, {Name: "b", Type: Ref(7)}, {Name: "c", Type: Ref(8)}}, Result: ptr(Ref(9))},
			&ComponentType{Decls: []Decl{
				&DeclType{Type: &FuncType{}},
				&DeclImport{Name: ExternName{Name: "x"}, Type: &ExternFunc{Type: 0}},
				&DeclExport{Name: ExternName{Name: "y"}, Type: &ExternFunc{Type: 0}},
			}},
			&InstanceType{},
		}},
		&ImportSection{Imports: []Import{
			{Name: ExternName{Name: "f"}, Type: &ExternFunc{Type: 10}},
			{Name: ExternName{Name: "c"}, Type: &ExternComponent{Type: 11}},
			{Name: ExternName{Name: "i"}, Type: &ExternInstance{Type: 12}},
			{Name: ExternName{Name: "ft"}, Type: &ExternTypeBound{Eq: 10}},
		}},
	}}
	info, err := Validate(c)
	if err != nil {
		t.Fatal(err)
	}
	s := Summarize(c, info)
	want := []string{
		"v: type = variant { a(u32), b }",
		"e: type = enum { x, y }",
		"fl: type = flags { p, q }",
		"f: func(a: option<v>, b: tuple<e, fl>, c: result<_, string>) -> result",
		"c: component {\n  import x: func()\n  export y: func()\n}",
		"i: instance {}",
		"ft: type = func(a: option<v>, b: tuple<e, fl>, c: result<_, string>) -> result",
	}
	for i, it := range s.Imports {
		if i >= len(want) || it.Name+": "+it.Type != want[i] {
			t.Errorf("import %d: %s: %s", i, it.Name, it.Type)
		}
	}
	if len(s.Imports) != len(want) {
		t.Errorf("got %d imports, want %d", len(s.Imports), len(want))
	}
}
