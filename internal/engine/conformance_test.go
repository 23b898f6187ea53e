package engine

import (
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/weftwasm/weft/internal/conformance"

	"github.com/tetratelabs/wazero/api"
)

// coreModules returns the core modules embedded in a component binary, nested components included.
func coreModules(t *testing.T, bin []byte) [][]byte {
	t.Helper()
	var out [][]byte
	for _, s := range splitSections(t, bin) {
		id, body := s.id, s.body
		switch id {
		case 1:
			out = append(out, body)
		case 4:
			out = append(out, coreModules(t, body)...)
		}
	}
	return out
}

// TestConformanceModules compiles every real core module of the WASI p1 test suite (as built
// by Rust, C and AssemblyScript toolchains) and every core module inside the matching
// components (the preview1 adapter, wit-component's shim and fixup modules), and checks
// that the engine's view of their function imports and exports agrees with wazero's.
func TestConformanceModules(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles 222 modules; skipped with -short")
	}
	dir := conformance.Dir(t, "wasi-p1")
	paths, err := filepath.Glob(filepath.Join(dir, "*", "*.wasm"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no modules in %s (%v)", dir, err)
	}
	ctx := context.Background()
	// The interpreter validates as strictly as the compiler and compiles far faster; the
	// compiler's code generation for these toolchains is wazero's own concern.
	e, err := New(ctx, NewConfig().WithBackend(BackendInterpreter))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close(ctx)
	seen := map[[32]byte]bool{}
	var modules, emptyNames, tables int
	for _, p := range paths {
		bin, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		bins := [][]byte{bin}
		if strings.HasSuffix(p, ".component.wasm") {
			bins = coreModules(t, bin)
		}
		for _, b := range bins {
			sum := sha256.Sum256(b)
			if seen[sum] {
				continue
			}
			seen[sum] = true
			modules++
			m, err := e.Compile(ctx, b)
			if err != nil {
				t.Errorf("%s: %v", filepath.Base(p), err)
				continue
			}
			for _, imp := range m.Imports() {
				if imp.Module == "" {
					emptyNames++
				}
				if imp.Type.Kind == KindTable {
					tables++
				}
			}
			checkAgainstWazero(t, filepath.Base(p), m)
		}
	}
	t.Logf("%d distinct core modules compiled; %d imports from the empty module name, %d table imports", modules, emptyNames, tables)
	if tables == 0 {
		t.Error("expected wit-component fixup modules (imported tables) among the modules")
	}
}

// TestConformanceShimFixup runs the real shim and fixup modules wit-component put in each
// WASI component: host functions stand in for the lowered imports the fixup module puts in
// the shim's table; calling each shim export must reach the matching host function through
// the shared table.
func TestConformanceShimFixup(t *testing.T) {
	dir := conformance.Dir(t, "wasi-p1")
	paths, err := filepath.Glob(filepath.Join(dir, "*", "*.component.wasm"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no components in %s (%v)", dir, err)
	}
	ctx := context.Background()
	e, err := New(ctx, NewConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close(ctx)
	ran := 0
	for _, p := range paths {
		bin, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var shim, fixup *Module
		for _, b := range coreModules(t, bin) {
			info, err := decodeModule(b)
			if err != nil {
				t.Fatalf("%s: %v", filepath.Base(p), err)
			}
			isShim := len(info.imports) == 0 && hasKind(info.exports, KindTable)
			isFixup := len(info.exports) == 0 && len(info.mod.Tables) > 0 && len(info.imports) > 0
			if !isShim && !isFixup {
				continue // the main module and the adapter are compiled by TestConformanceModules
			}
			m, err := e.Compile(ctx, b)
			if err != nil {
				t.Fatalf("%s: %v", filepath.Base(p), err)
			}
			if isShim {
				shim = m
			} else {
				fixup = m
			}
		}
		if shim == nil || fixup == nil {
			continue
		}
		ran++
		var called []string
		var defs []HostFuncDef
		var fromModule string
		for _, imp := range fixup.Imports() {
			if imp.Type.Kind != KindFunc {
				continue
			}
			fromModule = imp.Module
			name := imp.Name
			defs = append(defs, HostFuncDef{Name: name, Type: *imp.Type.Func, Fn: func(_ context.Context, _ Caller, stack []uint64) error {
				called = append(called, name)
				return nil
			}})
		}
		host, err := e.CompileHost(ctx, defs)
		if err != nil {
			t.Fatal(err)
		}
		s := e.NewStore(nil)
		si := mustInstantiate(t, s, shim, nil)
		hi := mustInstantiate(t, s, host, nil)
		imports := Imports{fromModule: hi}
		for _, imp := range fixup.Imports() {
			if imp.Type.Kind == KindTable {
				imports[imp.Module] = si
			}
		}
		mustInstantiate(t, s, fixup, imports)
		for _, d := range defs {
			f := mustFunc(t, si, d.Name)
			called = called[:0]
			if _, err := f.Call(ctx, make([]uint64, len(d.Type.Params))...); err != nil {
				t.Fatalf("%s: shim %q: %v", filepath.Base(p), d.Name, err)
			}
			if len(called) != 1 || called[0] != d.Name {
				t.Fatalf("%s: shim %q reached %v", filepath.Base(p), d.Name, called)
			}
		}
		if err := s.Close(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if ran == 0 {
		t.Fatal("no component had a shim and a fixup module")
	}
	t.Logf("ran the shim and fixup modules of %d components", ran)
}

func hasKind(xs []Export, k Kind) bool {
	for _, x := range xs {
		if x.Type.Kind == k {
			return true
		}
	}
	return false
}

func checkAgainstWazero(t *testing.T, name string, m *Module) {
	t.Helper()
	var mine []Import
	for _, imp := range m.Imports() {
		if imp.Type.Kind == KindFunc {
			mine = append(mine, imp)
		}
	}
	theirs := m.compiled.ImportedFunctions()
	if len(mine) != len(theirs) {
		t.Errorf("%s: %d function imports, wazero sees %d", name, len(mine), len(theirs))
		return
	}
	for i, d := range theirs {
		mod, field, _ := d.Import()
		want := mine[i].Module
		if want == "" {
			want = m.emptyAlias
		}
		if mod != want || field != mine[i].Name || !sameAPITypes(*mine[i].Type.Func, d.ParamTypes(), d.ResultTypes()) {
			t.Errorf("%s: import %d is %q %q %s, wazero sees %q %q", name, i, mine[i].Module, mine[i].Name, mine[i].Type, mod, field)
		}
	}
	exported := m.compiled.ExportedFunctions()
	for _, x := range m.Exports() {
		if x.Type.Kind != KindFunc {
			continue
		}
		d, ok := exported[x.Name]
		if !ok || !sameAPITypes(*x.Type.Func, d.ParamTypes(), d.ResultTypes()) {
			t.Errorf("%s: export %q %s disagrees with wazero", name, x.Name, x.Type)
		}
	}
}

func sameAPITypes(t FuncType, params, results []api.ValueType) bool {
	return t.Equal(FuncType{Params: fromAPI(params), Results: fromAPI(results)})
}

func fromAPI(ts []api.ValueType) []ValType {
	out := make([]ValType, len(ts))
	for i, v := range ts {
		out[i] = ValType{Code: byte(v)}
	}
	return out
}
