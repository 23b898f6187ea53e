package canon

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/weftwasm/weft/value"
)

// TestDirectMatchesValuePath checks that the typed fast path stores the
// same bytes, with the same realloc calls, as lowering a value.
func TestDirectMatchesValuePath(t *testing.T) {
	ctx := context.Background()
	var c Cache
	strL, _ := c.Layout(value.StringType)
	bytesL, _ := c.Layout(&value.ListType{Elem: value.U8Type})
	for _, enc := range encodings {
		for _, s := range sampleStrings {
			a, b := newEnv(enc), newEnv(enc)
			ptr, n, err := LowerString(ctx, a.opts, s)
			if err != nil {
				t.Fatal(err)
			}
			flat, err := LowerFlat(ctx, b.opts, strL, value.String(s), nil)
			if err != nil {
				t.Fatal(err)
			}
			if uint64(ptr) != flat[0] || uint64(n) != flat[1] || !slices.Equal(a.mem.buf, b.mem.buf) || !slices.Equal(a.alloc.calls, b.alloc.calls) {
				t.Errorf("%s %q: fast path differs from value path", enc, s)
			}
			got, err := LiftString(a.opts, ptr, n)
			if err != nil || got != s {
				t.Errorf("%s %q: LiftString gave %q, %v", enc, s, got, err)
			}
		}
	}
	data := []byte{0, 1, 2, 0xff}
	a, b := newEnv(UTF8), newEnv(UTF8)
	ptr, n, err := LowerBytes(ctx, a.opts, data)
	if err != nil {
		t.Fatal(err)
	}
	vals := make([]value.Value, len(data))
	for i, x := range data {
		vals[i] = value.U8(x)
	}
	flat, _ := LowerFlat(ctx, b.opts, bytesL, value.List(vals...), nil)
	if uint64(ptr) != flat[0] || uint64(n) != flat[1] || !slices.Equal(a.mem.buf, b.mem.buf) || !slices.Equal(a.alloc.calls, b.alloc.calls) {
		t.Error("LowerBytes differs from lowering a list<u8>")
	}
	got, err := LiftBytes(a.opts, ptr, n)
	if err != nil || !slices.Equal(got, data) {
		t.Errorf("LiftBytes: % x %v", got, err)
	}
	got[0] = 9
	if a.mem.buf[ptr] != 0 {
		t.Error("LiftBytes returned a view of memory, not a copy")
	}
}

func TestDirectTraps(t *testing.T) {
	opts := memWith(UTF8, false, 0xff)
	var trap *Trap
	if _, err := LiftString(opts, 0, 1); !errors.As(err, &trap) || trap.Code != TrapInvalidUTF8 {
		t.Errorf("LiftString of 0xff: %v", err)
	}
	if _, err := LiftBytes(opts, 60, 5); !errors.As(err, &trap) || trap.Code != TrapOutOfBounds {
		t.Errorf("LiftBytes out of bounds: %v", err)
	}
	if _, err := LiftBytes(opts, 0, 1<<28); !errors.As(err, &trap) || trap.Code != TrapListTooLong {
		t.Errorf("LiftBytes too long: %v", err)
	}
	e := newEnv(UTF8)
	e.alloc.bad = func(uint32) uint32 { return 1 << 20 }
	if _, _, err := LowerBytes(context.Background(), e.opts, []byte{1}); !errors.As(err, &trap) || trap.Code != TrapOutOfBounds {
		t.Errorf("LowerBytes with a bad realloc: %v", err)
	}
	if _, _, err := LowerString(context.Background(), e.opts, "\xc3"); err == nil {
		t.Error("LowerString of invalid UTF-8 succeeded")
	}
}

func TestArrays(t *testing.T) {
	ctx := context.Background()
	var c Cache
	elem, _ := c.Layout(tuple(value.U8Type, value.StringType))
	vs := []value.Value{
		value.Tuple(value.U8(1), value.String("one")),
		value.Tuple(value.U8(2), value.String("twö")),
	}
	e := newEnv(UTF16)
	buf, _ := e.alloc.realloc(ctx, 0, 0, elem.Align, 2*elem.Size)
	if err := StoreArray(ctx, e.opts, elem, vs, buf); err != nil {
		t.Fatal(err)
	}
	got, err := LoadArray(e.opts, elem, buf, 2)
	if err != nil || len(got) != 2 || !sameValue(got[1], vs[1]) {
		t.Fatalf("LoadArray: %v %v", got, err)
	}
	var trap *Trap
	if err := StoreArray(ctx, e.opts, elem, vs, buf+2); !errors.As(err, &trap) || trap.Code != TrapUnaligned {
		t.Errorf("unaligned buffer: %v", err)
	}
	if err := StoreArray(ctx, e.opts, elem, vs, (uint32(e.mem.Size())-8)&^3); !errors.As(err, &trap) || trap.Code != TrapOutOfBounds {
		t.Errorf("buffer past the end: %v", err)
	}
	if _, err := LoadArray(e.opts, elem, buf, 1<<27); !errors.As(err, &trap) || trap.Code != TrapListTooLong {
		t.Errorf("huge buffer: %v", err)
	}
	if err := StoreArray(ctx, e.opts, elem, []value.Value{value.U8(1)}, buf); err == nil || !strings.Contains(err.Error(), "expected tuple") {
		t.Errorf("mistyped value: %v", err)
	}
}

// TestListU8IsCompact checks that a lifted list<u8> is held as bytes, that
// it is a copy, and that lowering the compact form stores what lowering the
// same list of u8 values stores.
func TestListU8IsCompact(t *testing.T) {
	ctx := context.Background()
	var c Cache
	l, _ := c.Layout(&value.ListType{Elem: value.U8Type})
	a, b := newEnv(UTF8), newEnv(UTF8)
	flatA, err := LowerFlat(ctx, a.opts, l, value.Bytes([]byte("abc")), nil)
	if err != nil {
		t.Fatal(err)
	}
	flatB, err := LowerFlat(ctx, b.opts, l, value.List(value.U8('a'), value.U8('b'), value.U8('c')), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(flatA, flatB) || !slices.Equal(a.mem.buf, b.mem.buf) {
		t.Fatal("compact and element-wise lowering differ")
	}
	v, err := LiftFlat(a.opts, l, flatA)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := v.Bytes()
	if !ok || string(got) != "abc" {
		t.Fatalf("lifted %s", v)
	}
	a.mem.buf[flatA[0]] = 'z'
	if got[0] != 'a' {
		t.Fatal("lifted bytes alias guest memory")
	}
	s8, _ := c.Layout(&value.ListType{Elem: value.S8Type})
	if _, err := LowerFlat(ctx, a.opts, s8, value.Bytes([]byte("x")), nil); err == nil {
		t.Fatal("bytes lowered as list<s8>")
	}
}
