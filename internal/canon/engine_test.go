package canon_test

import (
	"context"
	"testing"

	"github.com/weftwasm/weft/internal/canon"
	"github.com/weftwasm/weft/internal/engine"
	"github.com/weftwasm/weft/value"
)

// growingReallocModule is a core module exporting a memory and a
// cabi_realloc that grows memory by a page on every call (so wazero moves
// the memory's bytes) before bump-allocating and copying the old contents.
func growingReallocModule() []byte {
	section := func(id byte, content ...byte) []byte {
		return append([]byte{id, byte(len(content))}, content...)
	}
	body := []byte{
		0x01, 0x01, 0x7f, // one i32 local: $p (local 4)
		0x41, 0x01, 0x40, 0x00, 0x1a, // (drop (memory.grow (i32.const 1)))
		// $p = (next + align - 1) & -align
		0x23, 0x00, 0x20, 0x02, 0x6a, 0x41, 0x01, 0x6b,
		0x41, 0x00, 0x20, 0x02, 0x6b, 0x71, 0x21, 0x04,
		0x20, 0x04, 0x20, 0x03, 0x6a, 0x24, 0x00, // next = $p + new_size
		0x20, 0x04, 0x20, 0x00, 0x20, 0x01, 0xfc, 0x0a, 0x00, 0x00, // memory.copy $p old old_size
		0x20, 0x04, 0x0b, // $p
	}
	var bin []byte
	bin = append(bin, 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00)
	bin = append(bin, section(1, 0x01, 0x60, 0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f)...)
	bin = append(bin, section(3, 0x01, 0x00)...)
	bin = append(bin, section(5, 0x01, 0x00, 0x01)...)
	bin = append(bin, section(6, 0x01, 0x7f, 0x01, 0x41, 0x80, 0x08, 0x0b)...) // next = 1024
	bin = append(bin, section(7, 0x02,
		0x03, 'm', 'e', 'm', 0x02, 0x00,
		0x07, 'r', 'e', 'a', 'l', 'l', 'o', 'c', 0x00, 0x00)...)
	code := append([]byte{0x01, byte(len(body))}, body...)
	return append(bin, section(10, code...)...)
}

// TestOnWazeroGrowingMemory lowers into a real guest whose realloc grows
// (and so moves) its memory on every call: every write must land in the
// current memory, never in a stale view.
func TestOnWazeroGrowingMemory(t *testing.T) {
	ctx := context.Background()
	eng, err := engine.New(ctx, engine.NewConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close(ctx)
	mod, err := eng.Compile(ctx, growingReallocModule())
	if err != nil {
		t.Fatal(err)
	}
	inst, err := eng.NewStore(nil).Instantiate(ctx, mod, nil)
	if err != nil {
		t.Fatal(err)
	}
	realloc, err := inst.Func("realloc")
	if err != nil {
		t.Fatal(err)
	}
	mem, err := inst.Memory("mem")
	if err != nil {
		t.Fatal(err)
	}
	for _, enc := range []canon.StringEncoding{canon.UTF8, canon.UTF16, canon.Latin1UTF16} {
		opts := &canon.Options{
			Memory:         mem,
			StringEncoding: enc,
			Realloc: func(ctx context.Context, old, oldSize, align, newSize uint32) (uint32, error) {
				res, err := realloc.Call(ctx, uint64(old), uint64(oldSize), uint64(align), uint64(newSize))
				if err != nil {
					return 0, err
				}
				return uint32(res[0]), nil
			},
		}
		rt := &value.RecordType{Name: "entry", Fields: []value.Field{
			{Name: "key", Type: value.StringType},
			{Name: "vals", Type: &value.ListType{Elem: value.U16Type}},
		}}
		ft := &value.FuncType{Params: []value.Param{{Name: "entries", Type: &value.ListType{Elem: rt}}}, Result: value.StringType}
		var cache canon.Cache
		lift, err := cache.Signature(ft, canon.CanonLift)
		if err != nil {
			t.Fatal(err)
		}
		lower, err := cache.Signature(ft, canon.CanonLower)
		if err != nil {
			t.Fatal(err)
		}
		var entries []value.Value
		for i := range 20 {
			entries = append(entries, value.Record(value.String("kéy Ā "+string(rune('a'+i))), value.List(value.U16(uint16(i)), value.U16(7))))
		}
		arg := value.List(entries...)
		before := mem.Size()
		flat, err := lift.LowerParams(ctx, opts, []value.Value{arg}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if mem.Size() < before+20*engine.PageSize {
			t.Fatalf("%s: memory grew from %d to %d bytes only", enc, before, mem.Size())
		}
		back, err := lower.LiftParams(opts, append(flat, 0))
		if err != nil {
			t.Fatal(err)
		}
		if back[0].String() != arg.String() {
			t.Errorf("%s: lowered %v, lifted back %v", enc, arg, back[0])
		}
	}
}
