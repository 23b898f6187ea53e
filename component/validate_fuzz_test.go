package component

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// fuzzSeeds are small hand-built components exercising types, resources,
// instantiation and canonical definitions.
func fuzzSeeds(tb testing.TB) [][]byte {
	u32 := Prim(U32)
	str := Prim(String)
	zero := CoreFuncIdx(0)
	comps := []*Component{
		{},
		{Sections: []Section{
			&TypeSection{Types: []Type{
				&RecordType{Fields: []Field{{Name: "a", Type: u32}, {Name: "b", Type: str}}},
				&FuncType{Params: []Field{{Name: "x", Type: Ref(0)}}, Result: &u32},
				&InstanceType{Decls: []Decl{
					&DeclExport{Name: ExternName{Name: "r"}, Type: &ExternTypeBound{SubResource: true}},
					&DeclType{Type: &OwnType{Resource: 0}},
					&DeclType{Type: &FuncType{Params: []Field{{Name: "self", Type: Ref(1)}}}},
					&DeclExport{Name: ExternName{Name: "f"}, Type: &ExternFunc{Type: 2}},
				}},
			}},
			&ImportSection{Imports: []Import{
				{Name: ExternName{Name: "t"}, Type: &ExternTypeBound{Eq: 0}},
				{Name: ExternName{Name: "ns:pkg/iface@1.0.0"}, Type: &ExternInstance{Type: 2}},
			}},
		}},
		{Sections: []Section{
			&CoreModuleSection{Module: []byte("\x00asm\x01\x00\x00\x00" +
				"\x01\x05\x01\x60\x00\x01\x7f" + // type: () -> i32
				"\x03\x02\x01\x00" + // func 0: type 0
				"\x05\x03\x01\x00\x01" + // memory 0: min 1
				"\x07\x0e\x02\x01f\x00\x00\x06memory\x02\x00" + // exports f, memory
				"\x0a\x06\x01\x04\x00\x41\x2a\x0b")}, // body: i32.const 42
			&CoreInstanceSection{Instances: []CoreInstance{&CoreInstantiate{Module: 0}}},
			&AliasSection{Aliases: []Alias{
				&AliasCoreExport{Sort: CoreSortFunc, Instance: 0, Name: "f"},
				&AliasCoreExport{Sort: CoreSortMemory, Instance: 0, Name: "memory"},
			}},
			&TypeSection{Types: []Type{
				&FuncType{Result: &u32},
				&ResourceType{Rep: CoreValType{Code: CoreI32}},
			}},
			&CanonSection{Canons: []Canon{
				{Op: CanonLift, CoreFunc: zero, Type: 0, Options: []CanonOpt{{Kind: OptMemory, Index: 0}, {Kind: OptUTF8}}},
				{Op: CanonResourceNew, Type: 1},
				{Op: CanonLower, Func: 0},
			}},
			&ExportSection{Exports: []Export{
				{Name: ExternName{Name: "get"}, Item: SortIdx{Sort: SortFunc, Index: 0}},
				{Name: ExternName{Name: "r"}, Item: SortIdx{Sort: SortType, Index: 1}},
			}},
		}},
	}
	var out [][]byte
	for _, c := range comps {
		b, err := Encode(c)
		if err != nil {
			tb.Fatalf("encoding a seed: %v", err)
		}
		out = append(out, b)
	}
	return out
}

// FuzzValidate decodes and validates arbitrary bytes: it must never panic,
// and every failure must be a *DecodeError or a *ValidationError.
func FuzzValidate(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	if files, _ := filepath.Glob(filepath.Join(conformanceRoot(), "validation", "*.wasm")); len(files) > 0 {
		for _, file := range files[:min(len(files), 64)] {
			if b, err := os.ReadFile(file); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Decode(data)
		if err != nil {
			return
		}
		info, err := Validate(c)
		if err != nil {
			var ve *ValidationError
			var de *DecodeError
			if !errors.As(err, &ve) && !errors.As(err, &de) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		if info == nil || info.Type == nil {
			t.Fatal("valid component without Info")
		}
	})
}

// conformanceRoot returns ../shared/conformance/component-model from the
// repository root, or "" when it cannot be found.
func conformanceRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "conformance", "component-model")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

func TestFuzzSeedsValidate(t *testing.T) {
	for i, s := range fuzzSeeds(t) {
		c, err := Decode(s)
		if err != nil {
			t.Fatalf("seed %d: %v", i, err)
		}
		if _, err := NewValidator().WithCoreModuleCheck(wazeroCoreCheck(t)).Validate(c); err != nil {
			t.Errorf("seed %d: %v", i, err)
		}
	}
}
