package weft_test

import (
	"context"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"

	"github.com/weftwasm/weft"
	"github.com/weftwasm/weft/component"
	"github.com/weftwasm/weft/internal/engine"
	"github.com/weftwasm/weft/value"
)

// Each benchmark reports "x-baseline": its time per operation divided by
// that of a baseline measured in the same run (see measure).

// rawCore instantiates the first core module of testdata/api.wasm directly
// on wazero: the baseline without weft at all. (Only tests import wazero
// outside internal/engine, and only to measure against it.)
type rawCore struct {
	rt   wazero.Runtime
	mod  wazero.CompiledModule
	inst api.Module
}

func newRawCore(b *testing.B) *rawCore {
	ctx := context.Background()
	bin, err := os.ReadFile("testdata/api.wasm")
	if err != nil {
		b.Fatal(err)
	}
	c, err := component.Decode(bin)
	if err != nil {
		b.Fatal(err)
	}
	var core []byte
	for _, s := range c.Sections {
		if m, ok := s.(*component.CoreModuleSection); ok {
			core = m.Module
			break
		}
	}
	rt := wazero.NewRuntime(ctx)
	b.Cleanup(func() { rt.Close(ctx) })
	mod, err := rt.CompileModule(ctx, core)
	if err != nil {
		b.Fatal(err)
	}
	inst, err := rt.InstantiateModule(ctx, mod, wazero.NewModuleConfig().WithName(""))
	if err != nil {
		b.Fatal(err)
	}
	return &rawCore{rt: rt, mod: mod, inst: inst}
}

func (r *rawCore) fn(b *testing.B, name string) api.Function {
	f := r.inst.ExportedFunction(name)
	if f == nil {
		b.Fatalf("core module has no export %q", name)
	}
	return f
}

// baseline names the operation a benchmark is compared with.
func baseline(b *testing.B, op func() error) func() error { return op }

// measure runs b.N operations of op and as many of base, interleaved in
// chunks, and reports "x-baseline": the ratio of the fastest chunk of op to
// the fastest chunk of base (per operation). Interleaving and taking
// minimums keep the ratio steady on a machine shared with other work.
func measure(b *testing.B, base, op func() error) {
	const chunks = 10
	n := max(b.N/chunks, 1)
	run := func(f func() error) time.Duration {
		start := time.Now()
		for range n {
			if err := f(); err != nil {
				b.Fatal(err)
			}
		}
		return time.Since(start)
	}
	b.ReportAllocs()
	b.ResetTimer()
	minBase, minOp := time.Duration(math.MaxInt64), time.Duration(math.MaxInt64)
	for range chunks {
		b.StopTimer()
		minBase = min(minBase, run(base))
		b.StartTimer()
		minOp = min(minOp, run(op))
	}
	b.StopTimer()
	b.ReportMetric(float64(minOp)/float64(max(minBase, 1)), "x-baseline")
}

func apiFunc(b *testing.B, name string) *weft.Func {
	in := instantiate(b, "testdata/api.wasm")
	f, err := in.Func(name)
	if err != nil {
		b.Fatal(err)
	}
	return f
}

// BenchmarkCallAdd: add(f64, f64) -> f64 through the component layer,
// against a raw call of the same core function.
func BenchmarkCallAdd(b *testing.B) {
	ctx := context.Background()
	raw := newRawCore(b).fn(b, "add")
	base := baseline(b, func() error {
		_, err := raw.Call(ctx, math.Float64bits(1), math.Float64bits(2))
		return err
	})
	add := apiFunc(b, "add")
	x, y := value.F64(1), value.F64(2)
	measure(b, base, func() error {
		_, err := add.Call(ctx, x, y)
		return err
	})
}

// BenchmarkCallString1K: echo(string) -> string with a 1 KiB string,
// against a raw call of the core function on a string already in memory.
func BenchmarkCallString1K(b *testing.B) {
	ctx := context.Background()
	raw := newRawCore(b).fn(b, "echo")
	base := baseline(b, func() error {
		_, err := raw.Call(ctx, 2048, 1024)
		return err
	})
	echo := apiFunc(b, "echo")
	s := value.String(strings.Repeat("x", 1024))
	measure(b, base, func() error {
		_, err := echo.Call(ctx, s)
		return err
	})
}

// BenchmarkCallListRecord1000: sum(list<point>) of 1,000 records, against a
// raw call of the core function on a list already in memory.
func BenchmarkCallListRecord1000(b *testing.B) {
	ctx := context.Background()
	raw := newRawCore(b).fn(b, "sum")
	base := baseline(b, func() error {
		_, err := raw.Call(ctx, 2048, 1000)
		return err
	})
	sum := apiFunc(b, "sum")
	pts := make([]value.Value, 1000)
	for i := range pts {
		pts[i] = value.Record(value.S32(int32(i)), value.S32(1))
	}
	list := value.List(pts...)
	measure(b, base, func() error {
		_, err := sum.Call(ctx, list)
		return err
	})
}

// BenchmarkInstantiate: InstancePre.Instantiate of api.wasm (four core
// instances, a host module instance, a bag), against a raw instantiation
// of its main core module.
func BenchmarkInstantiate(b *testing.B) {
	ctx := context.Background()
	r := newRawCore(b)
	base := baseline(b, func() error {
		m, err := r.rt.InstantiateModule(ctx, r.mod, wazero.NewModuleConfig().WithName(""))
		if err != nil {
			return err
		}
		return m.Close(ctx)
	})
	rt := newRuntime(b)
	pre, err := weft.NewLinker().InstantiatePre(ctx, compileFile(b, rt, "testdata/api.wasm"))
	if err != nil {
		b.Fatal(err)
	}
	measure(b, base, func() error {
		in, err := pre.Instantiate(ctx)
		if err != nil {
			return err
		}
		return in.Close(ctx)
	})
}

// BenchmarkCompileCacheHit: compiling the calculator with a warm on-disk
// cache in a fresh Runtime, against compiling it the first time.
func BenchmarkCompileCacheHit(b *testing.B) {
	ctx := context.Background()
	bin, err := os.ReadFile("examples/calculator/calculator.wasm")
	if err != nil {
		b.Fatal(err)
	}
	compile := func(dir string) error {
		rt, err := weft.NewRuntime(ctx, weft.NewConfig().WithEngine(weft.EngineCompiler).WithCacheDir(dir))
		if err != nil {
			return err
		}
		defer rt.Close(ctx)
		_, err = rt.Compile(ctx, bin)
		return err
	}
	base := baseline(b, func() error {
		dir, err := os.MkdirTemp(b.TempDir(), "cold")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		return compile(dir)
	})
	warm := b.TempDir()
	if err := compile(warm); err != nil {
		b.Fatal(err)
	}
	measure(b, base, func() error { return compile(warm) })
}

// The typed path against the dynamic Call of the same function, measured
// in the same run.

func BenchmarkTypedAdd(b *testing.B) {
	ctx := context.Background()
	add := apiFunc(b, "add")
	x, y := value.F64(1), value.F64(2)
	base := baseline(b, func() error {
		_, err := add.Call(ctx, x, y)
		return err
	})
	typed, err := weft.Typed[addArgs, float64](apiFunc(b, "add"))
	if err != nil {
		b.Fatal(err)
	}
	measure(b, base, func() error {
		_, err := typed.Call(ctx, addArgs{1, 2})
		return err
	})
}

func BenchmarkTypedString1K(b *testing.B) {
	ctx := context.Background()
	echo := apiFunc(b, "echo")
	s := strings.Repeat("x", 1024)
	vs := value.String(s)
	base := baseline(b, func() error {
		_, err := echo.Call(ctx, vs)
		return err
	})
	typed, err := weft.Typed[string, string](apiFunc(b, "echo"))
	if err != nil {
		b.Fatal(err)
	}
	measure(b, base, func() error {
		_, err := typed.Call(ctx, s)
		return err
	})
}

func BenchmarkTypedListRecord1000(b *testing.B) {
	ctx := context.Background()
	sum := apiFunc(b, "sum")
	pts := make([]point, 1000)
	vs := make([]value.Value, 1000)
	for i := range pts {
		pts[i] = point{int32(i), 1}
		vs[i] = value.Record(value.S32(int32(i)), value.S32(1))
	}
	list := value.List(vs...)
	base := baseline(b, func() error {
		_, err := sum.Call(ctx, list)
		return err
	})
	typed, err := weft.Typed[[]point, int64](apiFunc(b, "sum"))
	if err != nil {
		b.Fatal(err)
	}
	measure(b, base, func() error {
		_, err := typed.Call(ctx, pts)
		return err
	})
}

// BenchmarkHostCall: quad(x), whose guest calls the host import double
// twice, against the same core code calling a raw engine host function.
func BenchmarkHostCall(b *testing.B) {
	ctx := context.Background()
	bin, err := os.ReadFile("testdata/host.wasm")
	if err != nil {
		b.Fatal(err)
	}
	c, err := component.Decode(bin)
	if err != nil {
		b.Fatal(err)
	}
	var mods [][]byte
	for _, s := range c.Sections {
		if m, ok := s.(*component.CoreModuleSection); ok {
			mods = append(mods, m.Module)
		}
	}
	eng, err := engine.New(ctx, engine.NewConfig())
	if err != nil {
		b.Fatal(err)
	}
	defer eng.Close(ctx)
	i32 := []engine.ValType{engine.I32}
	host, err := eng.CompileHost(ctx, []engine.HostFuncDef{
		{Name: "double", Type: engine.FuncType{Params: i32, Results: i32},
			Fn: func(ctx context.Context, _ engine.Caller, stack []uint64) error { stack[0] *= 2; return nil }},
		{Name: "log", Type: engine.FuncType{Params: []engine.ValType{engine.I32, engine.I32}},
			Fn: func(ctx context.Context, _ engine.Caller, stack []uint64) error { return nil }},
	})
	if err != nil {
		b.Fatal(err)
	}
	st := eng.NewStore(nil)
	memMod, _ := eng.Compile(ctx, mods[0])
	mainMod, err := eng.Compile(ctx, mods[1])
	if err != nil {
		b.Fatal(err)
	}
	memInst, _ := st.Instantiate(ctx, memMod, nil)
	hostInst, _ := st.Instantiate(ctx, host, nil)
	env, err := st.Bag(ctx, []engine.BagItem{{Name: "memory", From: memInst, Export: "memory"},
		{Name: "log", From: hostInst, Export: "log"}, {Name: "double", From: hostInst, Export: "double"}})
	if err != nil {
		b.Fatal(err)
	}
	mainInst, err := st.Instantiate(ctx, mainMod, engine.Imports{"env": env})
	if err != nil {
		b.Fatal(err)
	}
	raw, _ := mainInst.Func("quad")
	base := baseline(b, func() error {
		_, err := raw.Call(ctx, 3)
		return err
	})
	rt := newRuntime(b)
	var logged []string
	l := weft.NewLinker()
	l.DefineFunc("example:host/log@0.2.1#log", &value.FuncType{Params: []value.Param{{Name: "msg", Type: value.StringType}}},
		func(ctx context.Context, args []value.Value) ([]value.Value, error) {
			logged = append(logged, args[0].Str())
			return nil, nil
		})
	l.DefineFunc("double", &value.FuncType{Params: []value.Param{{Name: "x", Type: value.U32Type}}, Result: value.U32Type},
		func(ctx context.Context, args []value.Value) ([]value.Value, error) {
			return []value.Value{value.U32(2 * args[0].U32())}, nil
		})
	in, err := l.Instantiate(ctx, compileFile(b, rt, "testdata/host.wasm"))
	if err != nil {
		b.Fatal(err)
	}
	quad, _ := in.Func("quad")
	x := value.U32(3)
	measure(b, base, func() error {
		_, err := quad.Call(ctx, x)
		return err
	})
}
