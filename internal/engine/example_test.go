package engine

import (
	"context"
	"fmt"
	"math"
)

// Wiring two instances through a bag: the bag re-exports A's "add" as "plus", and the
// module B imports it from the instance named "x".
func ExampleStore_Bag() {
	ctx := context.Background()
	eng, err := New(ctx, NewConfig())
	if err != nil {
		panic(err)
	}
	defer eng.Close(ctx)

	b := newMod() // a test helper that writes core modules
	plus := b.importFunc("x", "plus", ft(vt(F64, F64), F64))
	b.export("twice", KindFunc, b.fn(ft(vt(F64), F64), nil, cat(localGet(0), localGet(0), call(plus))...))

	modA, _ := eng.Compile(ctx, addModule())
	modB, _ := eng.Compile(ctx, b.bytes())
	store := eng.NewStore(nil)
	defer store.Close(ctx)
	a, _ := store.Instantiate(ctx, modA, nil)
	bag, _ := store.Bag(ctx, []BagItem{{Name: "plus", From: a, Export: "add"}})
	inst, err := store.Instantiate(ctx, modB, Imports{"x": bag})
	if err != nil {
		panic(err)
	}
	twice, _ := inst.Func("twice")
	res, err := twice.Call(ctx, math.Float64bits(21))
	fmt.Println(math.Float64frombits(res[0]), err)
	// Output: 42 <nil>
}
