package canon_test

import (
	"context"
	"fmt"

	"github.com/weftwasm/weft/internal/canon"
	"github.com/weftwasm/weft/internal/engine"
	"github.com/weftwasm/weft/value"
)

// sliceMemory is a fixed-size linear memory.
type sliceMemory []byte

func (m sliceMemory) Size() uint64 { return uint64(len(m)) }

func (m sliceMemory) View(off, n uint32) ([]byte, error) {
	if uint64(off)+uint64(n) > uint64(len(m)) {
		return nil, fmt.Errorf("out of bounds")
	}
	return m[off : off+n], nil
}

// Calling a guest export func(name: string, scores: list<u32>) -> option<u32>
// from the host: lower the arguments, run the core function, lift the result.
func ExampleSignature_LowerParams() {
	ctx := context.Background()
	mem := make(sliceMemory, 1024)
	next := uint32(16)
	opts := &canon.Options{
		Memory: mem,
		Realloc: func(_ context.Context, _, _, align, size uint32) (uint32, error) {
			p := (next + align - 1) &^ (align - 1) // a bump allocator
			next = p + size
			return p, nil
		},
	}
	ft := &value.FuncType{
		Params: []value.Param{
			{Name: "name", Type: value.StringType},
			{Name: "scores", Type: &value.ListType{Elem: value.U32Type}},
		},
		Result: &value.OptionType{Elem: value.U32Type},
	}
	var cache canon.Cache
	sig, err := cache.Signature(ft, canon.CanonLift)
	if err != nil {
		panic(err)
	}
	flat, err := sig.LowerParams(ctx, opts, []value.Value{
		value.String("ada"),
		value.List(value.U32(7), value.U32(9)),
	}, nil)
	fmt.Println(sig.CoreParams, sig.CoreResults, flat, err)

	// The guest returns a pointer to its return area holding some(16).
	copy(mem[512:], []byte{1, 0, 0, 0, 16, 0, 0, 0})
	res, err := sig.LiftResult(opts, []uint64{512})
	fmt.Println(res, err)
	// Output:
	// [i32 i32 i32 i32] [i32] [16 3 20 2] <nil>
	// some(16) <nil>
}

// The engine's memory handle is what the runtime passes as the memory option.
var _ canon.Memory = engine.Memory{}
