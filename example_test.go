package weft_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/weftwasm/weft"
	"github.com/weftwasm/weft/value"
)

// Compile a component, instantiate it and call a function of an exported
// instance with dynamic values.
func Example() {
	ctx := context.Background()
	rt, err := weft.NewRuntime(ctx, weft.NewConfig())
	if err != nil {
		log.Fatal(err)
	}
	defer rt.Close(ctx)
	wasm, err := os.ReadFile("examples/calculator/calculator.wasm")
	if err != nil {
		log.Fatal(err)
	}
	c, err := rt.Compile(ctx, wasm)
	if err != nil {
		log.Fatal(err)
	}
	in, err := weft.NewLinker().Instantiate(ctx, c)
	if err != nil {
		log.Fatal(err)
	}
	sqrt, err := in.Func("example:calculator/math#sqrt")
	if err != nil {
		log.Fatal(err)
	}
	for _, x := range []float64{2.25, -1} {
		res, err := sqrt.Call(ctx, value.F64(x))
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(res[0])
	}
	// Output:
	// ok(1.5)
	// err("square root of a negative number")
}

// Define host functions for a component's imports, then instantiate it
// many times from one InstancePre.
func ExampleLinker() {
	ctx := context.Background()
	rt, _ := weft.NewRuntime(ctx, weft.NewConfig())
	defer rt.Close(ctx)
	wasm, _ := os.ReadFile("testdata/host.wasm")
	c, err := rt.Compile(ctx, wasm)
	if err != nil {
		log.Fatal(err)
	}
	l := weft.NewLinker()
	// The component imports example:host/log@0.2.1; 0.2.3 is compatible.
	l.DefineFunc("example:host/log@0.2.3#log",
		&value.FuncType{Params: []value.Param{{Name: "msg", Type: value.StringType}}},
		func(ctx context.Context, args []value.Value) ([]value.Value, error) {
			fmt.Println("guest says", args[0].Str())
			return nil, nil
		})
	l.DefineFunc("double",
		&value.FuncType{Params: []value.Param{{Name: "x", Type: value.U32Type}}, Result: value.U32Type},
		func(ctx context.Context, args []value.Value) ([]value.Value, error) {
			return []value.Value{value.U32(2 * args[0].U32())}, nil
		})
	pre, err := l.InstantiatePre(ctx, c)
	if err != nil {
		log.Fatal(err)
	}
	in, err := pre.Instantiate(ctx)
	if err != nil {
		log.Fatal(err)
	}
	hello, _ := in.Func("hello")
	hello.Call(ctx)
	quad, _ := in.Func("quad")
	res, _ := quad.Call(ctx, value.U32(5))
	fmt.Println(res[0].U32())
	// Output:
	// guest says hello
	// 20
}

// Call a function with Go values through the typed path.
func ExampleTyped() {
	ctx := context.Background()
	rt, _ := weft.NewRuntime(ctx, weft.NewConfig())
	defer rt.Close(ctx)
	wasm, _ := os.ReadFile("testdata/api.wasm")
	c, _ := rt.Compile(ctx, wasm)
	in, err := weft.NewLinker().Instantiate(ctx, c)
	if err != nil {
		log.Fatal(err)
	}
	f, _ := in.Func("sum") // sum: func(ps: list<point>) -> s64
	type point struct{ X, Y int32 }
	sum, err := weft.Typed[[]point, int64](f)
	if err != nil {
		log.Fatal(err)
	}
	total, err := sum.Call(ctx, []point{{1, 2}, {3, 4}})
	fmt.Println(total, err)
	// Output: 10 <nil>
}
