package canon

import (
	"context"
	"errors"
	"fmt"
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
	if _, err := c.Signature(&value.FuncType{Async: true}, CanonLift); err == nil {
		t.Error("async signature accepted")
	}
	if _, err := c.Signature(funcType(nil, record()), CanonLift); err == nil {
		t.Error("invalid parameter type accepted")
	}
}

// TestCallThroughSignatures plays both sides of calls: the host lowers
// arguments as for a canon lift, the guest side lifts them as a canon
// lower would, lowers a result into the caller's return area, and the host
// lifts it back. Both sides share one memory, as a guest calling itself.
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
			flat, err := lift.LowerParams(ctx, e.opts, tt.args)
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
			results, err := lower.LowerResult(ctx, e.opts, tt.result, guestArgs)
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
	if _, err := s.LowerParams(context.Background(), e.opts, append(u8s(16), value.F64(1))); err != nil {
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
	if _, err := lower.LowerParams(ctx, opts, nil); !errors.Is(err, ErrWrongDirection) {
		t.Errorf("LowerParams on lower: %v", err)
	}
	if _, err := lower.LiftParams(opts, []uint64{1}); !errors.Is(err, ErrFlatMismatch) {
		t.Errorf("LiftParams with too few values: %v", err)
	}
	if _, err := lift.LiftResult(opts, nil); !errors.Is(err, ErrFlatMismatch) {
		t.Errorf("LiftResult with no values: %v", err)
	}
	if _, err := lift.LowerParams(ctx, opts, nil); err == nil {
		t.Error("LowerParams with missing arguments")
	}
	if _, err := lift.LowerParams(ctx, opts, []value.Value{value.String("x")}); err == nil {
		t.Error("LowerParams with a mistyped argument")
	}
	noMem := &Options{}
	strLower, _ := c.Signature(funcType(nil, value.StringType), CanonLower)
	if _, err := strLower.LiftParams(noMem, []uint64{0, 0}); !errors.Is(err, ErrNoMemory) {
		t.Errorf("no memory: %v", err)
	}
	strSig, _ := c.Signature(funcType(nil, value.StringType), CanonLift)
	noRealloc := &Options{Memory: newMemory(16)}
	if _, err := strSig.LowerParams(ctx, noRealloc, []value.Value{value.String("x")}); !errors.Is(err, ErrNoRealloc) {
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
