package canon

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/weftwasm/weft/value"
)

func funcType(result value.Type, params ...value.Type) *value.FuncType {
	ft := &value.FuncType{Result: result}
	for i, p := range params {
		ft.Params = append(ft.Params, value.Param{Name: fmt.Sprintf("p%d", i), Type: p})
	}
	return ft
}

func repeat(t value.Type, n int) []value.Type {
	ts := make([]value.Type, n)
	for i := range ts {
		ts[i] = t
	}
	return ts
}

func TestSignatureFlattening(t *testing.T) {
	tests := []struct {
		ft                   *value.FuncType
		dir                  Direction
		params, results      string
		spillParams, spillRe bool
	}{
		{funcType(nil), CanonLift, "", "", false, false},
		{funcType(value.U32Type, repeat(value.U32Type, 16)...), CanonLift, "i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32", "i32", false, false},
		{funcType(nil, repeat(value.U32Type, 17)...), CanonLift, "i32", "", true, false},
		{funcType(nil, repeat(value.StringType, 8)...), CanonLower, "i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32", "", false, false},
		{funcType(nil, repeat(value.StringType, 9)...), CanonLower, "i32", "", true, false},
		{funcType(value.StringType, value.F64Type), CanonLift, "f64", "i32", false, true},
		{funcType(value.StringType, value.F64Type), CanonLower, "f64 i32", "", false, true},
		{funcType(tuple(value.U8Type, value.U8Type), repeat(value.U64Type, 20)...), CanonLower, "i32 i32", "", true, true},
		{funcType(&value.OptionType{Elem: value.U8Type}), CanonLift, "", "i32", false, true},
		{funcType(value.F32Type, value.S64Type), CanonLower, "i64", "f32", false, false},
	}
	var c Cache
	for _, tt := range tests {
		s, err := c.Signature(tt.ft, tt.dir)
		if err != nil {
			t.Fatal(err)
		}
		if got := flatString(s.CoreParams); got != tt.params {
			t.Errorf("%s %s: params %q, want %q", tt.dir, tt.ft, got, tt.params)
		}
		if got := flatString(s.CoreResults); got != tt.results {
			t.Errorf("%s %s: results %q, want %q", tt.dir, tt.ft, got, tt.results)
		}
		if s.SpillParams != tt.spillParams || s.SpillResult != tt.spillRe {
			t.Errorf("%s %s: spill %v %v", tt.dir, tt.ft, s.SpillParams, s.SpillResult)
		}
	}
	if _, err := c.Signature(funcType(nil, record()), CanonLift); err == nil {
		t.Error("invalid parameter type accepted")
	}
}

// TestCallThroughSignatures plays both sides of calls: the host lowers
// arguments as for a canon lift, the guest side lifts them as a canon
// lower would, lowers a result into the caller's return area, and the host
// lifts it back. Both sides share one memory, as a guest calling itself.
func TestAsyncSignatureFlattening(t *testing.T) {
	tests := []struct {
		ft                   *value.FuncType
		dir                  Direction
		callback             bool
		params, results      string
		spillParams, spillRe bool
	}{
		{funcType(value.StringType, repeat(value.U32Type, 16)...), CanonLift, true, strings.TrimSpace(strings.Repeat("i32 ", 16)), "i32", false, false},
		{funcType(value.StringType, repeat(value.U32Type, 17)...), CanonLift, false, "i32", "", true, false},
		{funcType(tuple(repeat(value.U64Type, 17)...)), CanonLift, false, "", "", false, true},
		{funcType(nil, repeat(value.U32Type, 4)...), CanonLower, false, "i32 i32 i32 i32", "i32", false, false},
		{funcType(nil, repeat(value.U32Type, 5)...), CanonLower, false, "i32", "i32", true, false},
		{funcType(value.U8Type, value.F32Type), CanonLower, false, "f32 i32", "i32", false, true},
		{funcType(value.U8Type, repeat(value.U8Type, 5)...), CanonLower, false, "i32 i32", "i32", true, true},
	}
	var c Cache
	for _, tt := range tests {
		s, err := c.AsyncSignature(tt.ft, tt.dir, tt.callback)
		if err != nil {
			t.Fatal(err)
		}
		if got := flatString(s.CoreParams); got != tt.params {
			t.Errorf("async %s %s: params %q, want %q", tt.dir, tt.ft, got, tt.params)
		}
		if got := flatString(s.CoreResults); got != tt.results {
			t.Errorf("async %s %s: results %q, want %q", tt.dir, tt.ft, got, tt.results)
		}
		if s.SpillParams != tt.spillParams || s.SpillResult != tt.spillRe {
			t.Errorf("async %s %s: spill %v %v", tt.dir, tt.ft, s.SpillParams, s.SpillResult)
		}
	}
	if _, err := c.AsyncSignature(funcType(nil), CanonLower, true); err == nil {
		t.Error("a lower with a callback accepted")
	}
}

// TestAsyncCall plays an async lower calling an async lift: five
// parameters spill on the caller's side only, and the result travels as
// task.return's arguments and into the caller's return area.
func TestAsyncCall(t *testing.T) {
	ctx := context.Background()
	ft := funcType(value.StringType, repeat(value.StringType, 5)...)
	var c Cache
	lower, _ := c.AsyncSignature(ft, CanonLower, false)
	lift, _ := c.AsyncSignature(ft, CanonLift, true)
	caller, callee := newEnv(UTF8), newEnv(UTF16)
	args := strs(5)
	spilled, _ := c.Layout(tuple(repeat(value.StringType, 5)...))
	argp, _ := caller.alloc.realloc(ctx, 0, 0, spilled.Align, spilled.Size)
	for i, a := range args {
		p, n, err := LowerString(ctx, caller.opts, a.Str())
		if err != nil {
			t.Fatal(err)
		}
		putPair(caller.mem.buf[argp+8*uint32(i):], p, n)
	}
	retp, _ := caller.alloc.realloc(ctx, 0, 0, 4, 8)
	got, err := lower.LiftParams(caller.opts, []uint64{uint64(argp), uint64(retp)})
	if err != nil {
		t.Fatal(err)
	}
	flat, err := lift.LowerParams(ctx, callee.opts, got, nil)
	if err != nil || len(flat) != 10 {
		t.Fatalf("callee arguments %v %v", flat, err)
	}
	p, n, _ := LowerString(ctx, callee.opts, "résultat")
	res, err := lift.LiftResult(callee.opts, []uint64{uint64(p), uint64(n)}) // task.return(ptr, len)
	if err != nil || res.Str() != "résultat" {
		t.Fatalf("task.return: %v %v", res, err)
	}
	out, err := lower.LowerResult(ctx, caller.opts, res, []uint64{uint64(argp), uint64(retp)}, nil)
	if err != nil || len(out) != 0 {
		t.Fatalf("lower result: %v %v", out, err)
	}
	back, err := LiftFlat(caller.opts, mustLayout(&c, value.StringType), []uint64{uint64(binary.LittleEndian.Uint32(caller.mem.buf[retp:])), uint64(binary.LittleEndian.Uint32(caller.mem.buf[retp+4:]))})
	if err != nil || back.Str() != "résultat" {
		t.Fatalf("result in the caller: %v %v", back, err)
	}
}

func putPair(b []byte, x, y uint32) {
	binary.LittleEndian.PutUint32(b, x)
	binary.LittleEndian.PutUint32(b[4:], y)
}

func mustLayout(c *Cache, t value.Type) *Layout {
	l, err := c.Layout(t)
	if err != nil {
		panic(err)
	}
	return l
}

func TestCallThroughSignatures(t *testing.T) {
	ctx := context.Background()
	big := record(value.StringType, &value.ListType{Elem: value.U32Type}, value.F64Type)
	tests := []struct {
		name   string
		ft     *value.FuncType
		args   []value.Value
		result value.Value
	}{
		{"flat", funcType(value.U32Type, value.U8Type, value.StringType), []value.Value{value.U8(1), value.String("a")}, value.U32(9)},
		{"16 flat params", funcType(nil, repeat(value.S32Type, 16)...), s32s(16), value.Value{}},
		{"17 spilled params", funcType(value.S64Type, repeat(value.S32Type, 17)...), s32s(17), value.S64(-5)},
		{"spilled strings", funcType(value.StringType, repeat(value.StringType, 9)...), strs(9), value.String("résumé")},
		{"spilled result", funcType(big, value.StringType), []value.Value{value.String("x")},
			value.Record(value.String("out"), value.List(value.U32(1), value.U32(2)), value.F64(0.25))},
		{"option result", funcType(&value.OptionType{Elem: value.U8Type}), nil, value.Some(value.U8(200))},
	}
	var c Cache
	for _, enc := range encodings {
		for _, tt := range tests {
			lift, err := c.Signature(tt.ft, CanonLift)
			if err != nil {
				t.Fatal(err)
			}
			lower, err := c.Signature(tt.ft, CanonLower)
			if err != nil {
				t.Fatal(err)
			}
			e := newEnv(enc)
			flat, err := lift.LowerParams(ctx, e.opts, tt.args, nil)
			if err != nil {
				t.Fatalf("%s %s: LowerParams: %v", enc, tt.name, err)
			}
			if len(flat) != len(lift.CoreParams) {
				t.Fatalf("%s %s: %d flat args", enc, tt.name, len(flat))
			}
			guestArgs := flat
			var retptr uint32
			if lower.SpillResult {
				retptr, _ = e.alloc.realloc(ctx, 0, 0, lower.Result.Align, lower.Result.Size)
				guestArgs = append(append([]uint64(nil), flat...), uint64(retptr))
			}
			got, err := lower.LiftParams(e.opts, guestArgs)
			if err != nil {
				t.Fatalf("%s %s: LiftParams: %v", enc, tt.name, err)
			}
			for i := range got {
				if !sameValue(got[i], tt.args[i]) {
					t.Errorf("%s %s: argument %d = %v, want %v", enc, tt.name, i, got[i], tt.args[i])
				}
			}
			// The results go onto the call stack that holds the arguments,
			// as a host function writes them.
			stack := append([]uint64(nil), guestArgs...)
			results, err := lower.LowerResult(ctx, e.opts, tt.result, stack, stack[:0])
			if err != nil {
				t.Fatalf("%s %s: LowerResult: %v", enc, tt.name, err)
			}
			if len(results) != len(lower.CoreResults) {
				t.Fatalf("%s %s: %d core results", enc, tt.name, len(results))
			}
			if lift.SpillResult {
				results = []uint64{uint64(retptr)}
			}
			res, err := lift.LiftResult(e.opts, results)
			if err != nil {
				t.Fatalf("%s %s: LiftResult: %v", enc, tt.name, err)
			}
			if !sameValue(res, tt.result) {
				t.Errorf("%s %s: result %v, want %v", enc, tt.name, res, tt.result)
			}
		}
	}
}

func s32s(n int) []value.Value {
	vs := make([]value.Value, n)
	for i := range vs {
		vs[i] = value.S32(int32(-i))
	}
	return vs
}

func strs(n int) []value.Value {
	vs := make([]value.Value, n)
	for i := range vs {
		vs[i] = value.String(fmt.Sprintf("s%dé", i))
	}
	return vs
}

func TestSpilledParamsAllocation(t *testing.T) {
	var c Cache
	s, _ := c.Signature(funcType(nil, append(repeat(value.U8Type, 16), value.F64Type)...), CanonLift)
	e := newEnv(UTF8)
	if _, err := s.LowerParams(context.Background(), e.opts, append(u8s(16), value.F64(1)), nil); err != nil {
		t.Fatal(err)
	}
	if len(e.alloc.calls) != 1 || e.alloc.calls[0] != (reallocCall{0, 0, 8, 24}) {
		t.Fatalf("realloc calls %v, want one of (0, 0, 8, 24)", e.alloc.calls)
	}
}

func u8s(n int) []value.Value {
	vs := make([]value.Value, n)
	for i := range vs {
		vs[i] = value.U8(uint8(i))
	}
	return vs
}

func TestSignatureMisuse(t *testing.T) {
	ctx := context.Background()
	var c Cache
	ft := funcType(value.StringType, value.U32Type)
	lift, _ := c.Signature(ft, CanonLift)
	lower, _ := c.Signature(ft, CanonLower)
	opts := newEnv(UTF8).opts
	if _, err := lift.LiftParams(opts, []uint64{1}); !errors.Is(err, ErrWrongDirection) {
		t.Errorf("LiftParams on lift: %v", err)
	}
	if _, err := lower.LowerParams(ctx, opts, nil, nil); !errors.Is(err, ErrWrongDirection) {
		t.Errorf("LowerParams on lower: %v", err)
	}
	if _, err := lower.LiftParams(opts, []uint64{1}); !errors.Is(err, ErrFlatMismatch) {
		t.Errorf("LiftParams with too few values: %v", err)
	}
	if _, err := lift.LiftResult(opts, nil); !errors.Is(err, ErrFlatMismatch) {
		t.Errorf("LiftResult with no values: %v", err)
	}
	if _, err := lift.LowerParams(ctx, opts, nil, nil); err == nil {
		t.Error("LowerParams with missing arguments")
	}
	if _, err := lift.LowerParams(ctx, opts, []value.Value{value.String("x")}, nil); err == nil {
		t.Error("LowerParams with a mistyped argument")
	}
	noMem := &Options{}
	strLower, _ := c.Signature(funcType(nil, value.StringType), CanonLower)
	if _, err := strLower.LiftParams(noMem, []uint64{0, 0}); !errors.Is(err, ErrNoMemory) {
		t.Errorf("no memory: %v", err)
	}
	strSig, _ := c.Signature(funcType(nil, value.StringType), CanonLift)
	noRealloc := &Options{Memory: newMemory(16)}
	if _, err := strSig.LowerParams(ctx, noRealloc, []value.Value{value.String("x")}, nil); !errors.Is(err, ErrNoRealloc) {
		t.Errorf("no realloc: %v", err)
	}
	hs, _ := c.Signature(funcType(nil, handleT), CanonLower)
	if _, err := hs.LiftParams(&Options{}, []uint64{1}); !errors.Is(err, ErrNoHandles) {
		t.Errorf("no handles: %v", err)
	}
	l, _ := c.Layout(value.U32Type)
	if _, err := LiftFlat(opts, l, []uint64{1, 2}); !errors.Is(err, ErrFlatMismatch) {
		t.Errorf("LiftFlat with too many values: %v", err)
	}
	long, _ := c.Layout(&value.ListType{Elem: value.U8Type, Len: 17})
	if _, err := LowerFlat(ctx, opts, long, value.List(u8s(17)...), nil); !errors.Is(err, ErrFlatMismatch) {
		t.Errorf("LowerFlat of a long type: %v", err)
	}
}

func TestLiftLowerValues(t *testing.T) {
	ctx := context.Background()
	var c Cache
	u32, _ := c.Layout(value.U32Type)
	str, _ := c.Layout(value.StringType)
	ls := []*Layout{u32, str, u32}
	vs := []value.Value{value.U32(1), value.String("two"), value.U32(3)}
	for _, maxFlat := range []int{4, 3} {
		e := newEnv(UTF8)
		flat, err := LowerValues(ctx, e.opts, ls, maxFlat, vs, nil)
		if err != nil {
			t.Fatal(err)
		}
		if wantLen := map[int]int{4: 4, 3: 1}[maxFlat]; len(flat) != wantLen {
			t.Fatalf("max %d: %d flat values, want %d", maxFlat, len(flat), wantLen)
		}
		got, err := LiftValues(e.opts, ls, maxFlat, flat)
		if err != nil {
			t.Fatal(err)
		}
		for i := range vs {
			if !sameValue(got[i], vs[i]) {
				t.Errorf("max %d: value %d = %v, want %v", maxFlat, i, got[i], vs[i])
			}
		}
	}
	// Into a caller-supplied area: no flat values, then lifted from it.
	e := newEnv(UTF8)
	area, _ := e.alloc.realloc(ctx, 0, 0, 4, 16)
	flat, err := LowerValues(ctx, e.opts, ls, 1, vs, &area)
	if err != nil || len(flat) != 0 {
		t.Fatalf("into a return area: %v %v", flat, err)
	}
	got, err := LiftValues(e.opts, ls, 1, []uint64{uint64(area)})
	if err != nil || !sameValue(got[1], vs[1]) {
		t.Fatalf("from the return area: %v %v", got, err)
	}
	bad := area + 2
	var trap *Trap
	if _, err := LowerValues(ctx, e.opts, ls, 1, vs, &bad); !errors.As(err, &trap) || trap.Code != TrapUnaligned {
		t.Errorf("unaligned return area: %v", err)
	}
	if _, err := LiftValues(e.opts, ls, 1, []uint64{1, 2}); !errors.Is(err, ErrFlatMismatch) {
		t.Errorf("wrong flat count: %v", err)
	}
	if _, err := LowerValues(ctx, e.opts, ls, 16, vs[:2], nil); err == nil {
		t.Error("too few values accepted")
	}
	if _, err := LiftValues(e.opts, []*Layout{u32}, 16, []uint64{1}); err != nil {
		t.Error(err)
	}
}
