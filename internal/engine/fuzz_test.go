package engine

import (
	"context"
	"testing"
)

func fuzzSeeds() [][]byte {
	m := newMod()
	m.importFunc("", "f", ft(vt(I32), I64))
	m.importMemory("", "mem", 1)
	m.importTable("env", "t", 1)
	m.importGlobal("", "g", F32, false)
	m.global(I64, true, i64c(-1)...)
	m.export("f", KindFunc, 0)
	m.export("g", KindGlobal, 1)
	m.export("t", KindTable, 0)
	return [][]byte{addModule(), m.bytes(), encodeBag([]bagItem{
		{module: "0", name: "a", typ: ExternType{Kind: KindFunc, Func: ptr(ft(vt(I32)))}, export: "x"},
		{module: "1", name: "m", typ: ExternType{Kind: KindMemory}, export: "y"},
	})}
}

// FuzzDecodeModule checks that the module reader never panics, and that renaming empty
// import module names keeps every other import and export intact.
func FuzzDecodeModule(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, bin []byte) {
		info, err := decodeModule(bin)
		if err != nil {
			return
		}
		hasEmpty := false
		for _, imp := range info.imports {
			hasEmpty = hasEmpty || imp.Module == ""
		}
		if !hasEmpty {
			return
		}
		alias := emptyNameAlias(info)
		out, err := decodeModule(renameEmptyImports(bin, info, alias))
		if err != nil {
			t.Fatalf("renamed module does not decode: %v", err)
		}
		if len(out.imports) != len(info.imports) || len(out.exports) != len(info.exports) {
			t.Fatalf("renaming changed the imports or exports")
		}
		for i, imp := range info.imports {
			want := imp.Module
			if want == "" {
				want = alias
			}
			if got := out.imports[i]; got.Module != want || got.Name != imp.Name || got.Type.String() != imp.Type.String() {
				t.Fatalf("import %d: %+v became %+v", i, imp, got)
			}
		}
	})
}

// FuzzCompile checks that compiling arbitrary bytes fails cleanly or yields a module.
func FuzzCompile(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	ctx := context.Background()
	e, err := New(ctx, NewConfig().WithBackend(BackendInterpreter))
	if err != nil {
		f.Fatal(err)
	}
	defer e.Close(ctx)
	f.Fuzz(func(t *testing.T, bin []byte) {
		m, err := e.Compile(ctx, bin)
		if err != nil {
			return
		}
		_ = m.Close(ctx)
	})
}
