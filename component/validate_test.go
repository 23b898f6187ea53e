package component

import (
	"errors"
	"strings"
	"testing"

	"github.com/weftwasm/weft/value"
)

func mustEncodeDecode(t *testing.T, c *Component) *Component {
	t.Helper()
	b, err := Encode(c)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestValidateHostileTypes(t *testing.T) {
	// tuple<t, t> doubled 40 times expands to 2^40 nodes.
	doubling := []Type{&PrimType{Type: U8}}
	for i := 0; i < 40; i++ {
		doubling = append(doubling, &TupleType{Types: []ValType{Ref(TypeIdx(i)), Ref(TypeIdx(i))}})
	}
	deep := []Type{&PrimType{Type: U8}}
	for i := 0; i < 150; i++ {
		deep = append(deep, &OptionType{Type: Ref(TypeIdx(i))})
	}
	for _, tc := range []struct {
		name  string
		types []Type
		want  string
	}{
		{"doubling", doubling, "effective type size exceeds the limit"},
		{"deep", deep, "type nesting is too deep"},
	} {
		c := mustEncodeDecode(t, &Component{Sections: []Section{&TypeSection{Types: tc.types}}})
		_, err := Validate(c)
		var ve *ValidationError
		if !errors.As(err, &ve) || !strings.Contains(ve.Msg, tc.want) {
			t.Errorf("%s: got %v, want a *ValidationError containing %q", tc.name, err, tc.want)
		}
	}
}

func TestValidateInfo(t *testing.T) {
	u32 := Prim(U32)
	c := mustEncodeDecode(t, &Component{Sections: []Section{
		&TypeSection{Types: []Type{&InstanceType{Decls: []Decl{
			&DeclExport{Name: ExternName{Name: "file"}, Type: &ExternTypeBound{SubResource: true}},
			&DeclType{Type: &BorrowType{Resource: 0}},
			&DeclType{Type: &FuncType{Params: []Field{{Name: "self", Type: Ref(1)}}, Result: &u32}},
			&DeclExport{Name: ExternName{Name: "[method]file.size"}, Type: &ExternFunc{Type: 2}},
		}}}},
		&ImportSection{Imports: []Import{{Name: ExternName{Name: "wasi:fs/types@0.2.0"}, Type: &ExternInstance{Type: 0}}}},
		&AliasSection{Aliases: []Alias{&AliasExport{Sort: SortType, Instance: 0, Name: "file"}}},
		&ExportSection{Exports: []Export{{Name: ExternName{Name: "file"}, Item: SortIdx{Sort: SortType, Index: 1}}}},
	}})
	info, err := Validate(c)
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Imports) != 1 || len(info.Exports) != 1 {
		t.Fatalf("got %d imports and %d exports, want 1 and 1", len(info.Imports), len(info.Exports))
	}
	inst := info.Imports[0].Type.Instance
	file, ok := inst.Export("file")
	if !ok || file.Type.Resource == nil || file.Type.Resource.Name != "file" {
		t.Fatalf("import's `file` export: %+v", file)
	}
	size, ok := inst.Export("[method]file.size")
	if !ok || size.Sort != SortFunc {
		t.Fatalf("no method export: %+v", size)
	}
	b, ok := size.Func.Params[0].Type.(*value.BorrowType)
	if !ok || b.Resource != file.Type.Resource {
		t.Errorf("method's self is %v, want a borrow of the imported `file`", size.Func.Params[0].Type)
	}
	if size.Func.Result != value.U32Type {
		t.Errorf("method result %v, want u32", size.Func.Result)
	}
	if got := info.Exports[0].Type.Type.Resource; got != file.Type.Resource {
		t.Errorf("re-exported resource is %v, want the imported one", got)
	}
	if len(info.Type.Imported) != 1 || info.Type.Imported[0] != file.Type.Resource {
		t.Errorf("component type imports resources %v", info.Type.Imported)
	}
}

func TestValidateErrorOffsetAndCoreCheck(t *testing.T) {
	module := []byte("\x00asm\x01\x00\x00\x00")
	c := mustEncodeDecode(t, &Component{Sections: []Section{
		&CoreModuleSection{Module: module},
		&ExportSection{Exports: []Export{{Name: ExternName{Name: "Not-Kebab"}, Item: SortIdx{Sort: SortCoreModule, Index: 0}}}},
	}})
	_, err := Validate(c)
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("got %v, want a *ValidationError", err)
	}
	if want := c.Sections[1].Span().Body + 1; ve.Offset != want {
		t.Errorf("offset %#x, want the export's %#x", ve.Offset, want)
	}
	if !strings.Contains(ve.Msg, "is not in kebab case") {
		t.Errorf("message %q", ve.Msg)
	}

	boom := errors.New("boom")
	base := NewValidator()
	checked := base.WithCoreModuleCheck(func(m []byte) error { return boom })
	if _, err := checked.Validate(c); !errors.Is(err, boom) {
		t.Errorf("core check error not reported: %v", err)
	}
	if _, err := base.Validate(c); errors.Is(err, boom) {
		t.Error("WithCoreModuleCheck changed the original Validator")
	}
}

func TestValidateNamesExportedTypes(t *testing.T) {
	c := mustEncodeDecode(t, &Component{Sections: []Section{
		&TypeSection{Types: []Type{&RecordType{Fields: []Field{{Name: "x", Type: Prim(F64)}}}}},
		&ImportSection{Imports: []Import{{Name: ExternName{Name: "point"}, Type: &ExternTypeBound{Eq: 0}}}},
		&TypeSection{Types: []Type{&FuncType{Params: []Field{{Name: "p", Type: Ref(1)}}}}},
		&ImportSection{Imports: []Import{{Name: ExternName{Name: "draw"}, Type: &ExternFunc{Type: 2}}}},
	}})
	info, err := Validate(c)
	if err != nil {
		t.Fatal(err)
	}
	rec, ok := info.Imports[0].Type.Type.Value.(*value.RecordType)
	if !ok || rec.Name != "point" {
		t.Fatalf("imported type is %#v, want a record named point", info.Imports[0].Type.Type.Value)
	}
	if p := info.Imports[1].Type.Func.Params[0].Type; p != rec {
		t.Errorf("draw's parameter is %v, want the imported point", p)
	}

	// Using the record through its original index instead of the imported
	// name is an error: only named types may appear in imports.
	c.Sections[2] = &TypeSection{Types: []Type{&FuncType{Params: []Field{{Name: "p", Type: Ref(0)}}}}}
	if _, err := Validate(c); err == nil || !strings.Contains(err.Error(), "func not valid to be used as import") {
		t.Errorf("got %v, want an unnamed-type error", err)
	}
}
