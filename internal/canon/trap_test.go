package canon

import (
	"context"
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/weftwasm/weft/value"
)

// memWith returns options over a 64-byte memory whose bytes start with b.
func memWith(enc StringEncoding, adapter bool, b ...byte) *Options {
	m := newMemory(64)
	copy(m.buf, b)
	return &Options{Memory: m, StringEncoding: enc, Adapter: adapter, Handles: &fakeHandles{}}
}

func le32(vs ...uint32) []byte {
	var b []byte
	for _, v := range vs {
		b = binary.LittleEndian.AppendUint32(b, v)
	}
	return b
}

func TestLiftTraps(t *testing.T) {
	var c Cache
	lay := func(t value.Type) *Layout {
		l, err := c.Layout(t)
		if err != nil {
			panic(err)
		}
		return l
	}
	str, list32 := lay(value.StringType), lay(&value.ListType{Elem: value.U32Type})
	tests := []struct {
		name    string
		enc     StringEncoding
		adapter bool
		mem     []byte
		l       *Layout
		flat    []uint64
		code    TrapCode
		msg     string
	}{
		{"char surrogate", UTF8, false, nil, lay(value.CharType), []uint64{0xD800}, TrapInvalidChar, "invalid `char` bit pattern"},
		{"char dfff", UTF8, false, nil, lay(value.CharType), []uint64{0xDFFF}, TrapInvalidChar, "invalid `char` bit pattern"},
		{"char too big", UTF8, false, nil, lay(value.CharType), []uint64{0x110000}, TrapInvalidChar, "invalid `char` bit pattern"},
		{"variant disc", UTF8, false, nil, lay(shapeT), []uint64{4, 0, 0}, TrapInvalidDiscriminant, "invalid variant discriminant"},
		{"enum disc", UTF8, false, nil, lay(color), []uint64{3}, TrapInvalidDiscriminant, "invalid variant discriminant"},
		{"option disc", UTF8, false, nil, lay(&value.OptionType{Elem: value.U8Type}), []uint64{2, 0}, TrapInvalidDiscriminant, "invalid variant discriminant"},
		{"result disc", UTF8, false, nil, lay(&value.ResultType{}), []uint64{0xffffffff}, TrapInvalidDiscriminant, "invalid variant discriminant"},
		{"nested disc", UTF8, false, nil, lay(&value.OptionType{Elem: color}), []uint64{1, 7}, TrapInvalidDiscriminant, "invalid variant discriminant"},
		{"string oob host", UTF8, false, nil, str, []uint64{60, 5}, TrapOutOfBounds, "string pointer/length out of bounds of memory"},
		{"string oob adapter", UTF8, true, nil, str, []uint64{0xffffffff, 2}, TrapOutOfBounds, "string content out-of-bounds"},
		{"utf16 unaligned host", UTF16, false, nil, str, []uint64{1, 1}, TrapUnaligned, "string pointer not aligned"},
		{"utf16 unaligned adapter", UTF16, true, nil, str, []uint64{1, 1}, TrapUnaligned, "unaligned pointer"},
		{"latin1 unaligned", Latin1UTF16, true, nil, str, []uint64{3, 1}, TrapUnaligned, "unaligned pointer"},
		{"tagged utf16 unaligned", Latin1UTF16, true, nil, str, []uint64{3, 1 | utf16Tag}, TrapUnaligned, "unaligned pointer"},
		{"utf16 oob", UTF16, false, nil, str, []uint64{0, 33}, TrapOutOfBounds, "out of bounds"},
		{"string too long", UTF8, false, nil, str, []uint64{0, 1 << 28}, TrapStringTooLong, "longer than the limit"},
		{"utf16 too long", UTF16, false, nil, str, []uint64{0, 1 << 27}, TrapStringTooLong, "longer than the limit"},
		{"tagged too long", Latin1UTF16, false, nil, str, []uint64{0, utf16Tag | 1<<27}, TrapStringTooLong, "longer than the limit"},
		{"invalid utf8", UTF8, false, []byte{'a', 0xff, 'b'}, str, []uint64{0, 3}, TrapInvalidUTF8, "invalid utf-8"},
		{"overlong utf8", UTF8, false, []byte{0xc0, 0x80}, str, []uint64{0, 2}, TrapInvalidUTF8, "invalid utf-8"},
		{"utf8 surrogate", UTF8, false, []byte{0xed, 0xa0, 0x80}, str, []uint64{0, 3}, TrapInvalidUTF8, "invalid utf-8"},
		{"incomplete utf8", UTF8, false, []byte{'a', 0xe2, 0x82}, str, []uint64{0, 3}, TrapIncompleteUTF8, "incomplete utf-8 byte sequence"},
		{"lone high surrogate", UTF16, false, []byte{0x00, 0xd8, 'a', 0}, str, []uint64{0, 2}, TrapInvalidUTF16, "invalid utf-16"},
		{"lone high surrogate at end", UTF16, false, []byte{'a', 0, 0x00, 0xd8}, str, []uint64{0, 2}, TrapInvalidUTF16, "invalid utf-16"},
		{"lone low surrogate", UTF16, false, []byte{0x00, 0xdc}, str, []uint64{0, 1}, TrapInvalidUTF16, "invalid utf-16"},
		{"tagged lone surrogate", Latin1UTF16, false, []byte{0x00, 0xdc}, str, []uint64{0, 1 | utf16Tag}, TrapInvalidUTF16, "invalid utf-16"},
		{"list unaligned host", UTF8, false, nil, list32, []uint64{2, 1}, TrapUnaligned, "list pointer is not aligned"},
		{"list unaligned adapter", UTF8, true, nil, list32, []uint64{2, 1}, TrapUnaligned, "unaligned pointer"},
		{"list oob host", UTF8, false, nil, list32, []uint64{60, 2}, TrapOutOfBounds, "list pointer/length out of bounds of memory"},
		{"list oob adapter", UTF8, true, nil, list32, []uint64{0, 17}, TrapOutOfBounds, "list content out-of-bounds"},
		{"list too long", UTF8, false, nil, list32, []uint64{0, 1 << 26}, TrapListTooLong, "longer than the limit"},
		{"list overflow", UTF8, false, nil, lay(&value.ListType{Elem: tuple(value.U64Type, value.U64Type)}), []uint64{8, 0xffffffff}, TrapListTooLong, "longer than the limit"},
		{"map oob", UTF8, false, nil, lay(&value.MapType{Key: value.U8Type, Value: value.U8Type}), []uint64{0, 33}, TrapOutOfBounds, "list pointer/length out of bounds"},
		{"map too long", UTF8, false, nil, lay(&value.MapType{Key: value.U8Type, Value: value.U8Type}), []uint64{0, 1 << 28}, TrapListTooLong, "longer than the limit"},
		{"char in list", UTF8, false, le32(0, 0x110000), lay(&value.ListType{Elem: value.CharType}), []uint64{0, 2}, TrapInvalidChar, "invalid `char` bit pattern"},
		{"disc in list", UTF8, false, []byte{0, 3}, lay(&value.ListType{Elem: color}), []uint64{0, 2}, TrapInvalidDiscriminant, "invalid variant discriminant"},
		{"string in list", UTF8, false, le32(60, 8), lay(&value.ListType{Elem: value.StringType}), []uint64{0, 1}, TrapOutOfBounds, "string pointer/length out of bounds"},
	}
	for _, tt := range tests {
		opts := memWith(tt.enc, tt.adapter, tt.mem...)
		_, err := LiftFlat(opts, tt.l, tt.flat)
		var trap *Trap
		if !errors.As(err, &trap) {
			t.Errorf("%s: error %v is not a trap", tt.name, err)
			continue
		}
		if trap.Code != tt.code || !strings.Contains(trap.Reason, tt.msg) {
			t.Errorf("%s: trap %s %q, want %s %q", tt.name, trap.Code, trap.Reason, tt.code, tt.msg)
		}
	}
}

func TestLoadTraps(t *testing.T) {
	var c Cache
	l, _ := c.Layout(value.U64Type)
	opts := memWith(UTF8, false)
	for _, tc := range []struct {
		ptr  uint32
		code TrapCode
	}{{4, TrapUnaligned}, {64, TrapOutOfBounds}, {0xfffffff8, TrapOutOfBounds}} {
		_, err := Load(opts, l, tc.ptr)
		var trap *Trap
		if !errors.As(err, &trap) || trap.Code != tc.code {
			t.Errorf("load at %#x: %v, want %s", tc.ptr, err, tc.code)
		}
		err = Store(context.Background(), opts, l, value.U64(1), tc.ptr)
		if !errors.As(err, &trap) || trap.Code != tc.code {
			t.Errorf("store at %#x: %v, want %s", tc.ptr, err, tc.code)
		}
	}
}

func TestSignatureTraps(t *testing.T) {
	ctx := context.Background()
	var c Cache
	ft := funcType(value.StringType, repeat(value.U64Type, 17)...)
	lift, _ := c.Signature(ft, CanonLift)
	lower, _ := c.Signature(ft, CanonLower)
	for _, adapter := range []bool{false, true} {
		opts := memWith(UTF8, adapter)
		want := map[bool]string{false: "return pointer not aligned", true: "unaligned pointer"}[adapter]
		_, err := lift.LiftResult(opts, []uint64{2})
		var trap *Trap
		if !errors.As(err, &trap) || trap.Code != TrapUnaligned || !strings.Contains(trap.Reason, want) {
			t.Errorf("adapter %v: lift result at 2: %v", adapter, err)
		}
		_, err = lift.LiftResult(opts, []uint64{60})
		if !errors.As(err, &trap) || trap.Code != TrapOutOfBounds {
			t.Errorf("adapter %v: lift result at 60: %v", adapter, err)
		}
		args := make([]uint64, 2)
		args[0], args[1] = 4, 0
		_, err = lower.LiftParams(opts, args)
		if !errors.As(err, &trap) || trap.Code != TrapUnaligned {
			t.Errorf("adapter %v: spilled params at 4: %v", adapter, err)
		}
		args[0] = 0
		_, err = lower.LiftParams(opts, args)
		if !errors.As(err, &trap) || trap.Code != TrapOutOfBounds {
			t.Errorf("adapter %v: spilled params at 0 (136 bytes): %v", adapter, err)
		}
		e := newEnv(UTF8)
		e.opts.Adapter = adapter
		_, err = lower.LowerResult(ctx, e.opts, value.String("x"), []uint64{0, 6}, nil)
		if !errors.As(err, &trap) || trap.Code != TrapUnaligned || !strings.Contains(trap.Reason, want) {
			t.Errorf("adapter %v: lower result at 6: %v", adapter, err)
		}
		_, err = lower.LowerResult(ctx, e.opts, value.String("x"), []uint64{0, 1 << 20}, nil)
		if !errors.As(err, &trap) || trap.Code != TrapOutOfBounds {
			t.Errorf("adapter %v: lower result at 1 MiB: %v", adapter, err)
		}
	}
}

func TestReallocTraps(t *testing.T) {
	ctx := context.Background()
	var c Cache
	tests := []struct {
		name    string
		t       value.Type
		v       value.Value
		enc     StringEncoding
		adapter bool
		bad     func(uint32) uint32
		code    TrapCode
		msg     string
	}{
		{"list misaligned host", &value.ListType{Elem: value.U32Type}, value.List(value.U32(1), value.U32(2)), UTF8, false, func(p uint32) uint32 { return p + 1 }, TrapUnaligned, "realloc return: result not aligned"},
		{"list -1 host", &value.ListType{Elem: value.U32Type}, value.List(value.U32(1)), UTF8, false, func(uint32) uint32 { return 0xffffffff }, TrapUnaligned, "realloc return: result not aligned"},
		{"list oob host", &value.ListType{Elem: value.U32Type}, value.List(value.U32(1)), UTF8, false, func(uint32) uint32 { return 1 << 20 }, TrapOutOfBounds, "realloc return: beyond end of memory"},
		{"empty list oob host", &value.ListType{Elem: value.U32Type}, value.List(), UTF8, false, func(uint32) uint32 { return 1 << 20 }, TrapOutOfBounds, "realloc return: beyond end of memory"},
		{"list oob adapter", &value.ListType{Elem: value.U32Type}, value.List(value.U32(1)), UTF8, true, func(uint32) uint32 { return 1 << 20 }, TrapOutOfBounds, "list content out-of-bounds"},
		{"list misaligned adapter", &value.ListType{Elem: value.U32Type}, value.List(value.U32(1)), UTF8, true, func(p uint32) uint32 { return p + 2 }, TrapUnaligned, "unaligned pointer"},
		{"string oob adapter", value.StringType, value.String("abc"), UTF8, true, func(uint32) uint32 { return 1 << 20 }, TrapOutOfBounds, "string content out-of-bounds"},
		{"empty string oob", value.StringType, value.String(""), UTF8, false, func(uint32) uint32 { return 1 << 20 }, TrapOutOfBounds, "realloc return: beyond end of memory"},
		{"utf16 misaligned", value.StringType, value.String("abc"), UTF16, false, func(p uint32) uint32 { return p | 1 }, TrapUnaligned, "realloc return: result not aligned"},
		{"latin1 misaligned", value.StringType, value.String("abc"), Latin1UTF16, true, func(p uint32) uint32 { return p | 1 }, TrapUnaligned, "unaligned pointer"},
		{"map oob", &value.MapType{Key: value.U8Type, Value: value.U8Type}, value.Map(value.U8(1), value.U8(2)), UTF8, false, func(uint32) uint32 { return 1 << 20 }, TrapOutOfBounds, "realloc return: beyond end of memory"},
	}
	for _, tt := range tests {
		l, _ := c.Layout(tt.t)
		for _, form := range []string{"flat", "memory"} {
			e := newEnv(tt.enc)
			e.opts.Adapter = tt.adapter
			e.alloc.bad = tt.bad
			var err error
			if form == "flat" {
				_, err = LowerFlat(ctx, e.opts, l, tt.v, nil)
			} else {
				err = Store(ctx, e.opts, l, tt.v, 8)
			}
			var trap *Trap
			if !errors.As(err, &trap) || trap.Code != tt.code || !strings.Contains(trap.Reason, tt.msg) {
				t.Errorf("%s (%s): %v, want %s %q", tt.name, form, err, tt.code, tt.msg)
			}
		}
	}
	// A realloc that fails is the guest's trap, returned as is.
	boom := errors.New("guest trapped in realloc")
	opts := &Options{Memory: newMemory(16), Realloc: func(context.Context, uint32, uint32, uint32, uint32) (uint32, error) { return 0, boom }}
	l, _ := c.Layout(value.StringType)
	if _, err := LowerFlat(ctx, opts, l, value.String("x"), nil); !errors.Is(err, boom) {
		t.Errorf("realloc error: %v", err)
	}
}

func TestHandleErrorsPassThrough(t *testing.T) {
	var c Cache
	l, _ := c.Layout(handleT)
	opts := memWith(UTF8, false)
	_, err := LiftFlat(opts, l, []uint64{7})
	if err == nil || !strings.Contains(err.Error(), "unknown handle index 7") {
		t.Errorf("lift of an unknown handle: %v", err)
	}
}

func TestTrapCodeNames(t *testing.T) {
	for c := TrapUnaligned; c <= TrapFuelExhausted; c++ {
		if strings.HasPrefix(c.String(), "trap(") {
			t.Errorf("trap code %d has no name", c)
		}
	}
	if TrapCode(99).String() != "trap(99)" {
		t.Error("unknown trap code name")
	}
}

func TestLiftFuel(t *testing.T) {
	var c Cache
	str, _ := c.Layout(value.StringType)
	opts := memWith(UTF8, false, []byte("abcdefgh")...)
	opts.LiftFuel = 8
	if _, err := LiftFlat(opts, str, []uint64{0, 8}); err != nil {
		t.Errorf("string within fuel: %v", err)
	}
	opts.LiftFuel = 7
	var trap *Trap
	if _, err := LiftFlat(opts, str, []uint64{0, 8}); !errors.As(err, &trap) || trap.Code != TrapFuelExhausted || !strings.Contains(err.Error(), "fuel allocated for hostcalls has been exhausted") {
		t.Errorf("string beyond fuel: %v", err)
	}
	if _, err := LiftString(opts, 0, 8); !errors.As(err, &trap) || trap.Code != TrapFuelExhausted {
		t.Errorf("LiftString beyond fuel: %v", err)
	}
	if _, err := LiftBytes(opts, 0, 8); !errors.As(err, &trap) || trap.Code != TrapFuelExhausted {
		t.Errorf("LiftBytes beyond fuel: %v", err)
	}

	// An amplification: 4000 list headers in 32000 bytes, all pointing at
	// the same 16 KiB, would lift as 64 million values.
	m := newMemory(48 << 10)
	for i := range 4000 {
		binary.LittleEndian.PutUint32(m.buf[8*i:], 32000)
		binary.LittleEndian.PutUint32(m.buf[8*i+4:], 16<<10)
	}
	nested, _ := c.Layout(&value.ListType{Elem: &value.ListType{Elem: value.U8Type}})
	_, err := LiftFlat(&Options{Memory: m, LiftFuel: 1 << 20}, nested, []uint64{0, 4000})
	if !errors.As(err, &trap) || trap.Code != TrapFuelExhausted {
		t.Errorf("amplified list: %v", err)
	}
	if lf := newLifter(&Options{}); lf.fuel != DefaultLiftFuel {
		t.Errorf("default fuel %d", lf.fuel)
	}
	fixed, _ := c.Layout(&value.ListType{Elem: value.U8Type, Len: 16})
	if _, err := Load(&Options{Memory: m, LiftFuel: 15 * uint64(valueSize)}, fixed, 0); !errors.As(err, &trap) || trap.Code != TrapFuelExhausted {
		t.Errorf("fixed list beyond fuel: %v", err)
	}
	mp, _ := c.Layout(&value.MapType{Key: value.U8Type, Value: value.U8Type})
	if _, err := LiftFlat(&Options{Memory: m, LiftFuel: 3 * uint64(valueSize)}, mp, []uint64{0, 2}); !errors.As(err, &trap) || trap.Code != TrapFuelExhausted {
		t.Errorf("map beyond fuel: %v", err)
	}
}
