package weft_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/weftwasm/weft"
)

type addArgs struct{ A, B float64 }

type point struct{ X, Y int32 }

func TestTyped(t *testing.T) {
	ctx := context.Background()
	in := instantiate(t, "testdata/api.wasm")
	f := func(name string) *weft.Func {
		f, err := in.Func(name)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	add, err := weft.Typed[addArgs, float64](f("add"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := add.Call(ctx, addArgs{1.25, 2}); err != nil || got != 3.25 {
		t.Errorf("add = %v, %v", got, err)
	}
	echo, err := weft.Typed[string, string](f("echo"))
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Repeat("wëft ", 300)
	if got, err := echo.Call(ctx, s); err != nil || got != s {
		t.Errorf("echo: %v", err)
	}
	sum, err := weft.Typed[[]point, int64](f("sum"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := sum.Call(ctx, []point{{1, 2}, {3, -10}}); err != nil || got != -4 {
		t.Errorf("sum = %v, %v", got, err)
	}
	// Go types that do not fit are refused up front.
	if _, err := weft.Typed[[]point, string](f("sum")); err == nil {
		t.Error("Typed accepted string for an s64 result")
	}
	if _, err := weft.Typed[int, float64](f("add")); err == nil {
		t.Error("Typed accepted int for two f64 parameters")
	}
	// Invalid guest values are traps, as with Call.
	bad, err := weft.Typed[struct{}, int32](f("bad-char"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = bad.Call(ctx, struct{}{})
	var trap *weft.Trap
	if !errors.As(err, &trap) || !strings.Contains(trap.Reason, "char") {
		t.Errorf("bad-char: got %v", err)
	}
}
