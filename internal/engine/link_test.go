package engine

import (
	"context"
	"strings"
	"testing"
)

// hostModule compiles host functions for tests.
func hostModule(t *testing.T, e *Engine, defs ...HostFuncDef) *Module {
	t.Helper()
	m, err := e.CompileHost(context.Background(), defs)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestBagChain wires A → bag(renamed items from A and a host function) → B.
func TestBagChain(t *testing.T) {
	forBackends(t, func(t *testing.T, e *Engine) {
		ctx := context.Background()
		var logged []uint64
		host := hostModule(t, e, HostFuncDef{Name: "log", Type: ft(vt(I32)), Fn: func(_ context.Context, _ Caller, stack []uint64) error {
			logged = append(logged, stack[0])
			return nil
		}})

		// A: a memory, a mutable global counter, and "double".
		a := newMod()
		a.memory(1)
		g := a.global(I32, true, i32c(100)...)
		dbl := a.fn(ft(vt(I32), I32), nil, cat(localGet(0), localGet(0), []byte{opI32Add})...)
		a.export("memory", KindMemory, 0)
		a.export("counter", KindGlobal, g)
		a.export("double", KindFunc, dbl)
		a.export("unused", KindFunc, dbl)

		// B imports everything from one instance "x" under new names.
		b := newMod()
		twice := b.importFunc("x", "twice", ft(vt(I32), I32))
		logf := b.importFunc("x", "print", ft(vt(I32)))
		b.importMemory("x", "mem", 1)
		cnt := b.importGlobal("x", "count", I32, true)
		// run(v): mem[8] = twice(v); print(mem[8]); count = count + 1; return count
		run := b.fn(ft(vt(I32), I32), nil, cat(
			i32c(8), localGet(0), call(twice), i32store(0),
			i32c(8), i32load(0), call(logf),
			globalGet(cnt), i32c(1), []byte{opI32Add}, globalSet(cnt),
			globalGet(cnt))...)
		b.export("run", KindFunc, run)

		s := e.NewStore(nil)
		hi := mustInstantiate(t, s, host, nil)
		ai := mustInstantiate(t, s, mustCompile(t, e, a.bytes()), nil)
		bag, err := s.Bag(ctx, []BagItem{
			{Name: "twice", From: ai, Export: "double"},
			{Name: "print", From: hi, Export: "log"},
			{Name: "mem", From: ai, Export: "memory"},
			{Name: "count", From: ai, Export: "counter"},
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(bag.Exports()); got != 4 {
			t.Fatalf("bag has %d exports", got)
		}
		bi := mustInstantiate(t, s, mustCompile(t, e, b.bytes()), Imports{"x": bag})
		if res := mustCall(t, mustFunc(t, bi, "run"), 21); res[0] != 101 {
			t.Fatalf("run = %d, want 101", res[0])
		}
		if len(logged) != 1 || logged[0] != 42 {
			t.Fatalf("logged %v, want [42]", logged)
		}
		// The memory and global are A's own, not copies.
		mem, err := ai.Memory("memory")
		if err != nil {
			t.Fatal(err)
		}
		if v, err := mem.Uint32(8); err != nil || v != 42 {
			t.Fatalf("A's memory[8] = %d, %v", v, err)
		}
		cg, err := ai.Global("counter")
		if err != nil {
			t.Fatal(err)
		}
		if cg.Get() != 101 {
			t.Fatalf("A's counter = %d", cg.Get())
		}
		// The bag's items are callable and readable too.
		if res := mustCall(t, mustFunc(t, bag, "twice"), 5); res[0] != 10 {
			t.Fatalf("bag twice(5) = %d", res[0])
		}
		if bg, err := bag.Global("count"); err != nil || bg.Get() != 101 {
			t.Fatalf("bag count = %v, %v", bg, err)
		}
		// A second B and a second bag of the same shape reuse the compiled modules.
		bag2, err := s.Bag(ctx, []BagItem{
			{Name: "twice", From: ai, Export: "double"},
			{Name: "print", From: hi, Export: "log"},
			{Name: "mem", From: ai, Export: "memory"},
			{Name: "count", From: ai, Export: "counter"},
		})
		if err != nil {
			t.Fatal(err)
		}
		bi2 := mustInstantiate(t, s, mustCompile(t, e, b.bytes()), Imports{"x": bag2})
		if res := mustCall(t, mustFunc(t, bi2, "run"), 1); res[0] != 102 {
			t.Fatalf("second run = %d, want 102", res[0])
		}
		if n := len(e.bags); n != 1 {
			t.Fatalf("%d pass-through modules compiled, want 1", n)
		}
	})
}

// TestSharedTable is wit-component's shim and fixup pattern: a shim instance owns a funcref
// table and calls through it; the main instance imports the shim's function; a fixup
// instance, importing from the empty module name, fills the table with the main instance's
// function afterwards.
func TestSharedTable(t *testing.T) {
	forBackends(t, func(t *testing.T, e *Engine) {
		ctx := context.Background()
		sig := ft(vt(I32), I32)

		shim := newMod()
		tbl := shim.table(1)
		shimSig := shim.typ(sig)
		f := shim.fn(sig, nil, cat(localGet(0), i32c(0), callIndirect(shimSig, tbl))...)
		shim.export("0", KindFunc, f)
		shim.export("$imports", KindTable, tbl)

		main := newMod()
		imp := main.importFunc("shim", "0", sig)
		real := main.fn(sig, nil, cat(localGet(0), i32c(1000), []byte{opI32Add})...)
		run := main.fn(sig, nil, cat(localGet(0), call(imp))...)
		main.export("real", KindFunc, real)
		main.export("run", KindFunc, run)

		fixup := newMod()
		fimp := fixup.importFunc("", "0", sig)
		ftbl := fixup.importTable("", "$imports", 1)
		fixup.elem(ftbl, 0, fimp)

		s := e.NewStore(nil)
		si := mustInstantiate(t, s, mustCompile(t, e, shim.bytes()), nil)
		mi := mustInstantiate(t, s, mustCompile(t, e, main.bytes()), Imports{"shim": si})

		// Before the fixup the table slot is null: calling through it traps.
		if _, err := mustFunc(t, mi, "run").Call(ctx, 1); err == nil {
			t.Fatal("call through an empty table did not trap")
		} else if trap, ok := err.(*Trap); !ok || trap.Code != TrapTableOutOfBounds && trap.Code != TrapNullReference {
			t.Fatalf("err = %v (%T), want a table trap", err, err)
		}

		s = e.NewStore(nil)
		si = mustInstantiate(t, s, mustCompile(t, e, shim.bytes()), nil)
		mi = mustInstantiate(t, s, mustCompile(t, e, main.bytes()), Imports{"shim": si})
		fm := mustCompile(t, e, fixup.bytes())
		if fm.Imports()[0].Module != "" {
			t.Fatalf("fixup import module = %q, want the empty name preserved", fm.Imports()[0].Module)
		}
		bag, err := s.Bag(ctx, []BagItem{{Name: "0", From: mi, Export: "real"}, {Name: "$imports", From: si, Export: "$imports"}})
		if err != nil {
			t.Fatal(err)
		}
		mustInstantiate(t, s, fm, Imports{"": bag})
		if res := mustCall(t, mustFunc(t, mi, "run"), 7); res[0] != 1007 {
			t.Fatalf("run(7) = %d, want 1007", res[0])
		}

		// The host can look the function up in the table, through the shim or the bag.
		for _, inst := range []*Instance{si, bag} {
			tb, err := inst.Table("$imports")
			if err != nil {
				t.Fatal(err)
			}
			fn, err := tb.Func(0, sig)
			if err != nil {
				t.Fatal(err)
			}
			if res := mustCall(t, fn, 1); res[0] != 1001 {
				t.Fatalf("table[0](1) = %d", res[0])
			}
			if _, err := tb.Func(5, sig); err == nil {
				t.Fatal("out-of-range table element accepted")
			}
			if _, err := tb.Func(0, ft(nil)); err == nil {
				t.Fatal("table element with the wrong type accepted")
			}
		}
	})
}

// TestEmptyModuleName instantiates a module whose imports come from module "" and from
// a module literally named like the rename target.
func TestEmptyModuleName(t *testing.T) {
	forBackends(t, func(t *testing.T, e *Engine) {
		one := func(v uint64) HostFunc {
			return func(_ context.Context, _ Caller, stack []uint64) error { stack[0] = v; return nil }
		}
		h1 := hostModule(t, e, HostFuncDef{Name: "f", Type: ft(nil, I32), Fn: one(1)})
		h2 := hostModule(t, e, HostFuncDef{Name: "f", Type: ft(nil, I32), Fn: one(20)})
		m := newMod()
		a := m.importFunc("", "f", ft(nil, I32))
		b := m.importFunc("weft:empty", "f", ft(nil, I32))
		m.export("sum", KindFunc, m.fn(ft(nil, I32), nil, cat(call(a), call(b), []byte{opI32Add})...))
		s := e.NewStore(nil)
		mod := mustCompile(t, e, m.bytes())
		if got := mod.Imports(); got[0].Module != "" || got[1].Module != "weft:empty" {
			t.Fatalf("imports = %+v", got)
		}
		inst := mustInstantiate(t, s, mod, Imports{"": mustInstantiate(t, s, h1, nil), "weft:empty": mustInstantiate(t, s, h2, nil)})
		if res := mustCall(t, mustFunc(t, inst, "sum")); res[0] != 21 {
			t.Fatalf("sum = %d, want 21", res[0])
		}
	})
}

func TestInstantiateErrors(t *testing.T) {
	ctx := context.Background()
	e, err := New(ctx, NewConfig().WithBackend(BackendInterpreter))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close(ctx)
	h := hostModule(t, e, HostFuncDef{Name: "f", Type: ft(vt(I32)), Fn: func(context.Context, Caller, []uint64) error { return nil }})
	m := newMod()
	m.importFunc("env", "f", ft(vt(I32)))
	mod := mustCompile(t, e, m.bytes())
	s := e.NewStore(nil)
	hi := mustInstantiate(t, s, h, nil)
	other := mustInstantiate(t, e.NewStore(nil), h, nil)

	m2 := newMod()
	m2.importFunc("env", "f", ft(vt(I64)))
	m3 := newMod()
	m3.importMemory("env", "f", 1)
	m4 := newMod()
	m4.importFunc("env", "g", ft(vt(I32)))
	for _, tc := range []struct {
		name    string
		mod     *Module
		imports Imports
		want    string
	}{
		{"missing instance", mod, nil, `import "env" "f": no instance given for module "env"`},
		{"other store", mod, Imports{"env": other}, "another store"},
		{"func type", mustCompile(t, e, m2.bytes()), Imports{"env": hi}, "type mismatch: want func (i64) -> (), have func (i32) -> ()"},
		{"kind", mustCompile(t, e, m3.bytes()), Imports{"env": hi}, "want memory 1, have func"},
		{"missing export", mustCompile(t, e, m4.bytes()), Imports{"env": hi}, `has no export "g"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Instantiate(ctx, tc.mod, tc.imports)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
	// Link errors do not poison the store.
	mustInstantiate(t, s, mod, Imports{"env": hi})

	for _, tc := range []struct {
		name  string
		items []BagItem
		want  string
	}{
		{"duplicate", []BagItem{{Name: "a", From: hi, Export: "f"}, {Name: "a", From: hi, Export: "f"}}, "duplicate"},
		{"missing", []BagItem{{Name: "a", From: hi, Export: "nope"}}, `no export "nope"`},
		{"nil", []BagItem{{Name: "a", Export: "f"}}, "missing"},
		{"foreign", []BagItem{{Name: "a", From: other, Export: "f"}}, "another store"},
	} {
		t.Run("bag "+tc.name, func(t *testing.T) {
			_, err := s.Bag(ctx, tc.items)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}

	// Two memories in one bag need multi-memory.
	mm := newMod()
	mm.memory(1)
	mm.export("memory", KindMemory, 0)
	mmod := mustCompile(t, e, mm.bytes())
	m1, m2i := mustInstantiate(t, s, mmod, nil), mustInstantiate(t, s, mmod, nil)
	if _, err := s.Bag(ctx, []BagItem{{Name: "a", From: m1, Export: "memory"}, {Name: "b", From: m2i, Export: "memory"}}); err == nil || !strings.Contains(err.Error(), "multi-memory") {
		t.Fatalf("err = %v", err)
	}
}
