package engine

import (
	"context"
	"errors"
	"math"
	"os"
	"strings"
	"testing"
)

// forBackends runs f once per backend, each with a fresh engine.
func forBackends(t *testing.T, f func(t *testing.T, e *Engine)) {
	t.Helper()
	forBackendsWith(t, NewConfig(), f)
}

// forBackendsWith runs f once per backend, each with a fresh engine configured by cfg.
func forBackendsWith(t *testing.T, cfg Config, f func(t *testing.T, e *Engine)) {
	t.Helper()
	for _, b := range []Backend{BackendCompiler, BackendInterpreter} {
		t.Run(b.String(), func(t *testing.T) {
			ctx := context.Background()
			e, err := New(ctx, cfg.WithBackend(b))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = e.Close(ctx) })
			f(t, e)
		})
	}
}

func mustCompile(t *testing.T, e *Engine, bin []byte) *Module {
	t.Helper()
	m, err := e.Compile(context.Background(), bin)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return m
}

func mustInstantiate(t *testing.T, s *Store, m *Module, imports Imports) *Instance {
	t.Helper()
	inst, err := s.Instantiate(context.Background(), m, imports)
	if err != nil {
		t.Fatalf("instantiate: %v", err)
	}
	return inst
}

func mustFunc(t *testing.T, inst *Instance, name string) *Func {
	t.Helper()
	f, err := inst.Func(name)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func mustCall(t *testing.T, f *Func, params ...uint64) []uint64 {
	t.Helper()
	res, err := f.Call(context.Background(), params...)
	if err != nil {
		t.Fatalf("call: %v", err)
	}
	return res
}

func addModule() []byte {
	m := newMod()
	f := m.fn(ft(vt(F64, F64), F64), nil, cat(localGet(0), localGet(1), []byte{opF64Add})...)
	m.export("add", KindFunc, f)
	return m.bytes()
}

func TestCallAdd(t *testing.T) {
	forBackends(t, func(t *testing.T, e *Engine) {
		inst := mustInstantiate(t, e.NewStore(nil), mustCompile(t, e, addModule()), nil)
		add := mustFunc(t, inst, "add")
		res := mustCall(t, add, math.Float64bits(2), math.Float64bits(3.5))
		if got := math.Float64frombits(res[0]); got != 5.5 {
			t.Fatalf("add = %v, want 5.5", got)
		}
		stack := make([]uint64, add.StackLen())
		stack[0], stack[1] = math.Float64bits(1), math.Float64bits(2)
		if err := add.CallWithStack(context.Background(), stack); err != nil {
			t.Fatal(err)
		}
		if got := math.Float64frombits(stack[0]); got != 3 {
			t.Fatalf("add = %v, want 3", got)
		}
		if _, err := add.Call(context.Background(), 1); err == nil || !strings.Contains(err.Error(), "1 params given") {
			t.Fatalf("wrong param count: err = %v", err)
		}
		if err := add.CallWithStack(context.Background(), make([]uint64, 1)); err == nil {
			t.Fatal("short stack accepted")
		}
		// A wrong argument count is not a trap: the store stays usable.
		mustCall(t, add, 0, 0)
	})
}

func TestModuleTypes(t *testing.T) {
	ctx := context.Background()
	e, err := New(ctx, NewConfig().WithBackend(BackendInterpreter))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close(ctx)
	m := newMod()
	m.importFunc("env", "f", ft(vt(I32, I64), F32))
	m.importMemory("env", "mem", 1)
	m.importTable("env", "tbl", 2)
	m.importGlobal("env", "g", I64, true)
	tbl := m.table(3)
	g := m.global(F64, false, 0x44, 0, 0, 0, 0, 0, 0, 0, 0)
	f := m.fn(ft(nil, I32), nil, i32c(7)...)
	m.export("run", KindFunc, f)
	m.export("imported-f", KindFunc, 0)
	m.export("mem", KindMemory, 0)
	m.export("t", KindTable, tbl)
	m.export("g", KindGlobal, g)
	mod := mustCompile(t, e, m.bytes())
	want := []string{
		`env f func (i32, i64) -> (f32)`,
		`env mem memory 1`,
		`env tbl table 2 funcref`,
		`env g global (mut i64)`,
	}
	for i, imp := range mod.Imports() {
		if got := imp.Module + " " + imp.Name + " " + imp.Type.String(); got != want[i] {
			t.Errorf("import %d = %q, want %q", i, got, want[i])
		}
	}
	wantX := []string{
		`run func () -> (i32)`,
		`imported-f func (i32, i64) -> (f32)`,
		`mem memory 1`,
		`t table 3 funcref`,
		`g global f64`,
	}
	for i, x := range mod.Exports() {
		if got := x.Name + " " + x.Type.String(); got != wantX[i] {
			t.Errorf("export %d = %q, want %q", i, got, wantX[i])
		}
	}
}

func TestCompileErrors(t *testing.T) {
	ctx := context.Background()
	e, err := New(ctx, NewConfig().WithBackend(BackendInterpreter))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close(ctx)
	good := addModule()
	for _, tc := range []struct {
		name string
		bin  []byte
		want string
	}{
		{"empty", nil, "offset 0x0: unexpected end-of-file"},
		{"component", []byte{0, 'a', 's', 'm', 0x0d, 0, 1, 0}, "offset 0x4: expected a version header for a module"},
		{"truncated", good[:len(good)-3], "unexpected end-of-file"},
		{"bad export kind", append(append([]byte(nil), coreMagic...), 7, 5, 1, 1, 'x', 9, 0), "offset 0xd: invalid external kind 0x9"},
		{"invalid body", func() []byte {
			m := newMod()
			m.fn(ft(nil, I32), nil) // returns nothing but declares i32
			return m.bytes()
		}(), "compile"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.Compile(ctx, tc.bin)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
	var de *DecodeError
	if _, err := e.Compile(ctx, []byte("nope")); !errors.As(err, &de) || !errors.Is(err, ErrMalformed) {
		t.Fatalf("err = %v, want a *DecodeError wrapping ErrMalformed", err)
	}
}

func TestConfig(t *testing.T) {
	ctx := context.Background()
	if _, err := New(ctx, NewConfig().WithMemoryLimitPages(70000)); err == nil {
		t.Fatal("memory limit above 65536 pages accepted")
	}
	if _, err := New(ctx, NewConfig().WithBackend(Backend(9))); err == nil {
		t.Fatal("unknown backend accepted")
	}
	c := NewConfig()
	if c2 := c.WithFeatures(0); c.Features() != DefaultFeatures || c2.Features() != 0 {
		t.Fatal("With must not modify the receiver")
	}
	if got := DefaultFeatures.String(); got != "threads|tail-call|extended-const" {
		t.Fatalf("DefaultFeatures = %q", got)
	}

	// A memory limit applies to every memory.
	e, err := New(ctx, NewConfig().WithBackend(BackendInterpreter).WithMemoryLimitPages(2))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close(ctx)
	m := newMod()
	m.memory(1)
	m.export("memory", KindMemory, 0)
	inst := mustInstantiate(t, e.NewStore(nil), mustCompile(t, e, m.bytes()), nil)
	mem, err := inst.Memory("memory")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mem.Grow(1); err != nil {
		t.Fatal(err)
	}
	if _, err := mem.Grow(1); !errors.Is(err, ErrOutOfBounds) {
		t.Fatalf("grow past the limit: err = %v", err)
	}
}

func TestCompilationCache(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for i := 0; i < 2; i++ {
		e, err := New(ctx, NewConfig().WithBackend(BackendCompiler).WithCacheDir(dir))
		if err != nil {
			t.Fatal(err)
		}
		inst := mustInstantiate(t, e.NewStore(nil), mustCompile(t, e, addModule()), nil)
		if res := mustCall(t, mustFunc(t, inst, "add"), math.Float64bits(1), math.Float64bits(1)); math.Float64frombits(res[0]) != 2 {
			t.Fatal("wrong result")
		}
		if err := e.Close(ctx); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) == 0 {
		t.Fatalf("cache dir is empty (err %v)", err)
	}
}
