package engine

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// BenchmarkAdd compares a call of add(f64, f64) made straight on wazero with the same
// call through the engine boundary. Compare ns/op of the matching sub-benchmarks.
func BenchmarkAdd(b *testing.B) {
	ctx := context.Background()
	bin := addModule()
	x, y := math.Float64bits(1.5), math.Float64bits(2.25)

	rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigCompiler())
	defer rt.Close(ctx)
	raw, err := rt.Instantiate(ctx, bin)
	if err != nil {
		b.Fatal(err)
	}
	rawAdd := raw.ExportedFunction("add")

	e, err := New(ctx, NewConfig().WithBackend(BackendCompiler))
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close(ctx)
	m, err := e.Compile(ctx, bin)
	if err != nil {
		b.Fatal(err)
	}
	inst, err := e.NewStore(nil).Instantiate(ctx, m, nil)
	if err != nil {
		b.Fatal(err)
	}
	add, err := inst.Func("add")
	if err != nil {
		b.Fatal(err)
	}

	b.Run("wazero/Call", func(b *testing.B) {
		for b.Loop() {
			if _, err := rawAdd.Call(ctx, x, y); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("engine/Call", func(b *testing.B) {
		for b.Loop() {
			if _, err := add.Call(ctx, x, y); err != nil {
				b.Fatal(err)
			}
		}
	})
	stack := make([]uint64, 2)
	b.Run("wazero/CallWithStack", func(b *testing.B) {
		for b.Loop() {
			stack[0], stack[1] = x, y
			if err := rawAdd.CallWithStack(ctx, stack); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("engine/CallWithStack", func(b *testing.B) {
		for b.Loop() {
			stack[0], stack[1] = x, y
			if err := add.CallWithStack(ctx, stack); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ratio", func(b *testing.B) {
		benchRatio(b, func() error {
			stack[0], stack[1] = x, y
			return rawAdd.CallWithStack(ctx, stack)
		}, func() error {
			stack[0], stack[1] = x, y
			return add.CallWithStack(ctx, stack)
		})
	})
}

// benchRatio alternates chunks of calls of raw and wrapped, keeps the fastest chunk of
// each (robust on a loaded machine) and reports both per-call times and their ratio.
func benchRatio(b *testing.B, raw, wrapped func() error) {
	const chunk = 2000
	bestRaw, bestWrapped := time.Duration(math.MaxInt64), time.Duration(math.MaxInt64)
	run := func(f func() error) time.Duration {
		start := time.Now()
		for i := 0; i < chunk; i++ {
			if err := f(); err != nil {
				b.Fatal(err)
			}
		}
		return time.Since(start)
	}
	for b.Loop() {
		bestRaw = min(bestRaw, run(raw))
		bestWrapped = min(bestWrapped, run(wrapped))
	}
	b.ReportMetric(float64(bestRaw.Nanoseconds())/chunk, "wazero-ns/call")
	b.ReportMetric(float64(bestWrapped.Nanoseconds())/chunk, "engine-ns/call")
	b.ReportMetric(float64(bestWrapped)/float64(bestRaw), "ratio")
}

// BenchmarkInstantiateGraph measures instantiating a small graph in a fresh Store: a host
// instance, a module A, a bag of renamed items from both, and a module B importing the bag.
func BenchmarkInstantiateGraph(b *testing.B) {
	ctx := context.Background()
	e, err := New(ctx, NewConfig().WithBackend(BackendCompiler))
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close(ctx)
	host, err := e.CompileHost(ctx, []HostFuncDef{{Name: "log", Type: ft(vt(I32)), Fn: func(context.Context, Caller, []uint64) error { return nil }}})
	if err != nil {
		b.Fatal(err)
	}
	a := newMod()
	a.memory(1)
	a.export("memory", KindMemory, 0)
	a.export("double", KindFunc, a.fn(ft(vt(I32), I32), nil, cat(localGet(0), localGet(0), []byte{opI32Add})...))
	bm := newMod()
	twice := bm.importFunc("x", "twice", ft(vt(I32), I32))
	logf := bm.importFunc("x", "print", ft(vt(I32)))
	bm.importMemory("x", "mem", 1)
	bm.export("run", KindFunc, bm.fn(ft(vt(I32)), nil, cat(localGet(0), call(twice), call(logf))...))
	am, err := e.Compile(ctx, a.bytes())
	if err != nil {
		b.Fatal(err)
	}
	bmod, err := e.Compile(ctx, bm.bytes())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		s := e.NewStore(nil)
		hi, err := s.Instantiate(ctx, host, nil)
		if err != nil {
			b.Fatal(err)
		}
		ai, err := s.Instantiate(ctx, am, nil)
		if err != nil {
			b.Fatal(err)
		}
		bag, err := s.Bag(ctx, []BagItem{
			{Name: "twice", From: ai, Export: "double"},
			{Name: "print", From: hi, Export: "log"},
			{Name: "mem", From: ai, Export: "memory"},
		})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Instantiate(ctx, bmod, Imports{"x": bag}); err != nil {
			b.Fatal(err)
		}
		if err := s.Close(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHostCall measures a guest function that calls one host function, straight on
// wazero and through the engine boundary (which also finds the calling *Instance).
func BenchmarkHostCall(b *testing.B) {
	ctx := context.Background()
	g := newMod()
	h := g.importFunc("env", "h", ft(vt(I32), I32))
	g.export("run", KindFunc, g.fn(ft(vt(I32), I32), nil, cat(localGet(0), call(h))...))
	bin := g.bytes()

	rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigCompiler())
	defer rt.Close(ctx)
	if _, err := rt.NewHostModuleBuilder("env").NewFunctionBuilder().
		WithGoModuleFunction(apiGoFunc(func(stack []uint64) { stack[0]++ }), apiTypes(vt(I32)), apiTypes(vt(I32))).
		Export("h").Instantiate(ctx); err != nil {
		b.Fatal(err)
	}
	raw, err := rt.Instantiate(ctx, bin)
	if err != nil {
		b.Fatal(err)
	}
	rawRun := raw.ExportedFunction("run")

	e, err := New(ctx, NewConfig().WithBackend(BackendCompiler))
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close(ctx)
	hm, err := e.CompileHost(ctx, []HostFuncDef{{Name: "h", Type: ft(vt(I32), I32), Fn: func(_ context.Context, _ Caller, stack []uint64) error {
		stack[0]++
		return nil
	}}})
	if err != nil {
		b.Fatal(err)
	}
	gm, err := e.Compile(ctx, bin)
	if err != nil {
		b.Fatal(err)
	}
	s := e.NewStore(nil)
	hi, err := s.Instantiate(ctx, hm, nil)
	if err != nil {
		b.Fatal(err)
	}
	gi, err := s.Instantiate(ctx, gm, Imports{"env": hi})
	if err != nil {
		b.Fatal(err)
	}
	run, err := gi.Func("run")
	if err != nil {
		b.Fatal(err)
	}
	stack := make([]uint64, 1)
	b.Run("wazero", func(b *testing.B) {
		for b.Loop() {
			stack[0] = 1
			if err := rawRun.CallWithStack(ctx, stack); err != nil || stack[0] != 2 {
				b.Fatal(err)
			}
		}
	})
	b.Run("engine", func(b *testing.B) {
		for b.Loop() {
			stack[0] = 1
			if err := run.CallWithStack(ctx, stack); err != nil || stack[0] != 2 {
				b.Fatal(err)
			}
		}
	})
	b.Run("ratio", func(b *testing.B) {
		benchRatio(b, func() error {
			stack[0] = 1
			return rawRun.CallWithStack(ctx, stack)
		}, func() error {
			stack[0] = 1
			return run.CallWithStack(ctx, stack)
		})
	})
}

// BenchmarkCompileHost measures compiling a set of four host functions.
func BenchmarkCompileHost(b *testing.B) {
	ctx := context.Background()
	e, err := New(ctx, NewConfig().WithBackend(BackendCompiler))
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close(ctx)
	fn := func(context.Context, Caller, []uint64) error { return nil }
	defs := []HostFuncDef{
		{Name: "a", Type: ft(vt(I32)), Fn: fn}, {Name: "b", Type: ft(vt(I32, I32), I32), Fn: fn},
		{Name: "c", Type: ft(vt(I64, F64), F32), Fn: fn}, {Name: "d", Type: ft(nil), Fn: fn},
	}
	for b.Loop() {
		m, err := e.CompileHost(ctx, defs)
		if err != nil {
			b.Fatal(err)
		}
		_ = m.Close(ctx)
	}
}

func apiGoFunc(f func(stack []uint64)) api.GoModuleFunc {
	return func(_ context.Context, _ api.Module, stack []uint64) { f(stack) }
}
