package engine

import (
	"context"
	"errors"
	"testing"
)

func TestMemoryAndGlobals(t *testing.T) {
	forBackends(t, func(t *testing.T, e *Engine) {
		m := newMod()
		m.memory(1)
		m.export("memory", KindMemory, 0)
		m.export("g", KindGlobal, m.global(I64, true, i64c(-5)...))
		m.export("c", KindGlobal, m.global(I32, false, i32c(3)...))
		inst := mustInstantiate(t, e.NewStore(nil), mustCompile(t, e, m.bytes()), nil)
		mem, err := inst.Memory("memory")
		if err != nil {
			t.Fatal(err)
		}
		if mem.Size() != PageSize {
			t.Fatalf("size = %d", mem.Size())
		}
		if err := mem.PutUint64(8, 0x0102030405060708); err != nil {
			t.Fatal(err)
		}
		if v, err := mem.Uint8(8); err != nil || v != 8 {
			t.Fatalf("little-endian byte = %d, %v", v, err)
		}
		if v, err := mem.Uint16(8); err != nil || v != 0x0708 {
			t.Fatalf("uint16 = %x, %v", v, err)
		}
		if v, err := mem.Uint32(12); err != nil || v != 0x01020304 {
			t.Fatalf("uint32 = %x, %v", v, err)
		}
		if err := mem.PutUint8(0, 1); err != nil {
			t.Fatal(err)
		}
		if err := mem.PutUint16(2, 0xbeef); err != nil {
			t.Fatal(err)
		}
		if err := mem.PutUint32(4, 0xcafe); err != nil {
			t.Fatal(err)
		}
		if v, err := mem.Uint64(0); err != nil || v != 0x0000cafe_beef0001 {
			t.Fatalf("uint64 = %x, %v", v, err)
		}
		last := uint32(PageSize - 4)
		for name, err := range map[string]error{
			"uint8":     second(mem.Uint8(PageSize)),
			"uint16":    second(mem.Uint16(PageSize - 1)),
			"uint32":    second(mem.Uint32(last + 1)),
			"uint64":    second(mem.Uint64(last)),
			"put8":      mem.PutUint8(PageSize, 0),
			"put16":     mem.PutUint16(PageSize-1, 0),
			"put32":     mem.PutUint32(last+1, 0),
			"put64":     mem.PutUint64(last, 0),
			"view":      second(mem.View(last, 5)),
			"view wrap": second(mem.View(0xffffffff, 2)),
			"read":      mem.Read(last, make([]byte, 5)),
			"write":     mem.Write(last, make([]byte, 5)),
		} {
			var me *MemoryError
			if !errors.As(err, &me) || !errors.Is(err, ErrOutOfBounds) || me.Size != PageSize {
				t.Errorf("%s: err = %v, want a *MemoryError", name, err)
			}
		}
		if _, err := mem.Uint32(last); err != nil {
			t.Fatalf("last word: %v", err)
		}
		prev, err := mem.Grow(2)
		if err != nil || prev != 1 || mem.Size() != 3*PageSize {
			t.Fatalf("grow: prev %d, size %d, err %v", prev, mem.Size(), err)
		}
		if err := mem.PutUint32(last+1, 7); err != nil {
			t.Fatalf("write after grow: %v", err)
		}
		var zero Memory
		if _, err := zero.Uint8(0); !errors.Is(err, ErrOutOfBounds) || zero.Size() != 0 {
			t.Fatalf("zero memory: %v", err)
		}

		g, err := inst.Global("g")
		if err != nil {
			t.Fatal(err)
		}
		if int64(g.Get()) != -5 || !g.Type().Mutable() || g.Type().Type != I64 {
			t.Fatalf("g = %d, %+v", int64(g.Get()), g.Type())
		}
		if err := g.Set(42); err != nil || g.Get() != 42 {
			t.Fatalf("set: %v, %d", err, g.Get())
		}
		c, err := inst.Global("c")
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Set(1); err == nil || c.Get() != 3 {
			t.Fatal("immutable global was set")
		}
		for _, tc := range []struct {
			lookup func() error
		}{
			{func() error { _, err := inst.Func("memory"); return err }},
			{func() error { _, err := inst.Memory("g"); return err }},
			{func() error { _, err := inst.Global("nope"); return err }},
			{func() error { _, err := inst.Table("memory"); return err }},
		} {
			if tc.lookup() == nil {
				t.Error("lookup of a wrong kind or missing export succeeded")
			}
		}
	})
}

func second[T any](_ T, err error) error { return err }

// TestThreadsAndTags checks post-2.0 items through bags: a shared memory and an exception tag.
func TestThreadsAndTags(t *testing.T) {
	ctx := context.Background()
	e, err := New(ctx, NewConfig().WithFeatures(DefaultFeatures|FeatureExceptionHandling))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close(ctx)

	m := newMod()
	m.mems = append(m.mems, appendLimits(nil, Limits{Flags: 3, Min: 1, Max: 2}))
	m.export("memory", KindMemory, 0)
	tagType := m.typ(ft(vt(I32)))
	m.export("exn", KindTag, 0)
	tags := [][]byte{appendU32([]byte{0}, tagType)}
	bin := appendSection(m.bytes(), 13, vec(tags))
	// The tag section must come before the export section: rebuild in order.
	bin = reorderTagSection(t, bin)

	s := e.NewStore(nil)
	a := mustInstantiate(t, s, mustCompile(t, e, bin), nil)
	bag, err := s.Bag(ctx, []BagItem{{Name: "mem", From: a, Export: "memory"}, {Name: "tag", From: a, Export: "exn"}})
	if err != nil {
		t.Fatal(err)
	}
	x := bag.Exports()
	if !x[0].Type.Memory.Shared() || x[0].Type.Memory.Max != 2 || x[1].Type.Kind != KindTag || !x[1].Type.Func.Equal(ft(vt(I32))) {
		t.Fatalf("bag exports = %+v", x)
	}
	b := newMod()
	b.imp("x", "mem", KindMemory, appendLimits(nil, Limits{Flags: 3, Min: 1, Max: 2}))
	mustInstantiate(t, s, mustCompile(t, e, b.bytes()), Imports{"x": bag})
	mem, err := bag.Memory("mem")
	if err != nil {
		t.Fatal(err)
	}
	if err := mem.PutUint32(0, 9); err != nil {
		t.Fatal(err)
	}
	am, _ := a.Memory("memory")
	if v, _ := am.Uint32(0); v != 9 {
		t.Fatalf("shared memory not shared: %d", v)
	}
}

// reorderTagSection moves a trailing tag section (id 13) to just before the export section.
func reorderTagSection(t *testing.T, bin []byte) []byte {
	t.Helper()
	secs := splitSections(t, bin)
	out := append([]byte(nil), coreMagic...)
	tag := secs[len(secs)-1]
	for _, s := range secs[:len(secs)-1] {
		if s.id == 7 {
			out = appendSection(out, tag.id, tag.body)
		}
		out = appendSection(out, s.id, s.body)
	}
	return out
}
