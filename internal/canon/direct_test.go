package canon

import (
	"context"
	"errors"
	"slices"
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
