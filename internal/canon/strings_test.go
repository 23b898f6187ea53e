package canon

import (
	"context"
	"encoding/binary"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/weftwasm/weft/value"
)

var sampleStrings = []string{"", "a", "hello world", "café", "ÿ\u0080", "aĀb", "é😀", "κόσμε", "😀😀", "\x00nul", "中文字符 and ascii", "Ā"}

// encodeRef encodes s as the guest expects it in enc, independently of the
// package: the bytes and the (tagged) length.
func encodeRef(s string, enc StringEncoding) ([]byte, uint32) {
	units := utf16.Encode([]rune(s))
	switch enc {
	case UTF8:
		return []byte(s), uint32(len(s))
	case UTF16:
		return u16bytes(units), uint32(len(units))
	}
	latin1 := true
	for _, r := range s {
		if r > 0xff {
			latin1 = false
		}
	}
	if !latin1 {
		return u16bytes(units), uint32(len(units)) | utf16Tag
	}
	var b []byte
	for _, r := range s {
		b = append(b, byte(r))
	}
	return b, uint32(len(b))
}

func u16bytes(units []uint16) []byte {
	var b []byte
	for _, u := range units {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return b
}

func TestStringEncodings(t *testing.T) {
	ctx := context.Background()
	var c Cache
	l, _ := c.Layout(value.StringType)
	for _, enc := range encodings {
		for _, s := range sampleStrings {
			e := newEnv(enc)
			flat, err := LowerFlat(ctx, e.opts, l, value.String(s), nil)
			if err != nil {
				t.Fatalf("%s %q: %v", enc, s, err)
			}
			wantBytes, wantLen := encodeRef(s, enc)
			ptr, n := uint32(flat[0]), uint32(flat[1])
			if n != wantLen {
				t.Errorf("%s %q: length %#x, want %#x", enc, s, n, wantLen)
				continue
			}
			if got := e.mem.buf[ptr : ptr+uint32(len(wantBytes))]; !slices.Equal(got, wantBytes) {
				t.Errorf("%s %q: bytes % x, want % x", enc, s, got, wantBytes)
			}
			if enc != UTF8 && ptr%2 != 0 {
				t.Errorf("%s %q: pointer %d not 2-aligned", enc, s, ptr)
			}
		}
	}
}

// TestTranscoding lifts each string from a guest using one encoding and
// lowers it into a guest using another, for every pair of encodings.
func TestTranscoding(t *testing.T) {
	ctx := context.Background()
	var c Cache
	l, _ := c.Layout(value.StringType)
	for _, from := range encodings {
		for _, to := range encodings {
			for _, s := range sampleStrings {
				src := newEnv(from)
				b, n := encodeRef(s, from)
				copy(src.mem.buf[2:], b)
				v, err := LiftFlat(src.opts, l, []uint64{2, uint64(n)})
				if err != nil {
					t.Fatalf("%s→%s %q: lift: %v", from, to, s, err)
				}
				if v.Str() != s {
					t.Fatalf("%s→%s: lifted %q, want %q", from, to, v.Str(), s)
				}
				dst := newEnv(to)
				flat, err := LowerFlat(ctx, dst.opts, l, v, nil)
				if err != nil {
					t.Fatalf("%s→%s %q: lower: %v", from, to, s, err)
				}
				want, wantLen := encodeRef(s, to)
				ptr := uint32(flat[0])
				if uint32(flat[1]) != wantLen || !slices.Equal(dst.mem.buf[ptr:ptr+uint32(len(want))], want) {
					t.Errorf("%s→%s %q: got % x (len %#x), want % x (len %#x)", from, to, s, dst.mem.buf[ptr:ptr+uint32(len(want))], flat[1], want, wantLen)
				}
			}
		}
	}
}

func TestStringReallocCalls(t *testing.T) {
	ctx := context.Background()
	var c Cache
	l, _ := c.Layout(value.StringType)
	tests := []struct {
		enc   StringEncoding
		s     string
		calls []reallocCall // old pointers as 1-based indexes of earlier results
	}{
		{UTF8, "", []reallocCall{{0, 0, 1, 0}}},
		{UTF8, "héllo", []reallocCall{{0, 0, 1, 6}}},
		{UTF16, "abc", []reallocCall{{0, 0, 2, 6}}},
		{UTF16, "a😀", []reallocCall{{0, 0, 2, 10}, {1, 10, 2, 6}}},
		{UTF16, "é", []reallocCall{{0, 0, 2, 4}, {1, 4, 2, 2}}},
		{Latin1UTF16, "abc", []reallocCall{{0, 0, 2, 3}}},
		{Latin1UTF16, "café", []reallocCall{{0, 0, 2, 5}, {1, 5, 2, 4}}},
		{Latin1UTF16, "aĀb", []reallocCall{{0, 0, 2, 4}, {1, 4, 2, 8}, {2, 8, 2, 6}}},
		{Latin1UTF16, "é😀", []reallocCall{{0, 0, 2, 6}, {1, 6, 2, 12}, {2, 12, 2, 6}}},
		{Latin1UTF16, "ĀĀ", []reallocCall{{0, 0, 2, 4}, {1, 4, 2, 8}, {2, 8, 2, 4}}},
		{Latin1UTF16, "😀", []reallocCall{{0, 0, 2, 4}, {1, 4, 2, 8}, {2, 8, 2, 4}}},
	}
	for _, tt := range tests {
		e := newEnv(tt.enc)
		var results []uint32
		orig := e.opts.Realloc
		e.opts.Realloc = func(ctx context.Context, old, oldSize, align, newSize uint32) (uint32, error) {
			p, err := orig(ctx, old, oldSize, align, newSize)
			results = append(results, p)
			return p, err
		}
		if _, err := LowerFlat(ctx, e.opts, l, value.String(tt.s), nil); err != nil {
			t.Fatal(err)
		}
		want := make([]reallocCall, len(tt.calls))
		for i, c := range tt.calls {
			want[i] = c
			if c.old != 0 {
				want[i].old = results[c.old-1]
			}
		}
		if !slices.Equal(e.alloc.calls, want) {
			t.Errorf("%s %q: realloc calls %v, want %v", tt.enc, tt.s, e.alloc.calls, want)
		}
	}
}

func TestLatin1Lift(t *testing.T) {
	var c Cache
	l, _ := c.Layout(value.StringType)
	opts := memWith(Latin1UTF16, false, 'c', 'a', 'f', 0xe9, 0xff)
	v, err := LiftFlat(opts, l, []uint64{0, 5})
	if err != nil || v.Str() != "caféÿ" {
		t.Fatalf("latin1 lift: %q %v", v.Str(), err)
	}
	opts = memWith(Latin1UTF16, false, 0x3d, 0xd8, 0x00, 0xde)
	v, err = LiftFlat(opts, l, []uint64{0, 2 | utf16Tag})
	if err != nil || v.Str() != "😀" {
		t.Fatalf("tagged utf16 lift: %q %v", v.Str(), err)
	}
}

func TestLowerStringTooLong(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates a 128 MiB string")
	}
	s := strings.Repeat("x", 1<<27)
	e := newEnv(UTF16)
	var trap *Trap
	if _, _, err := LowerString(context.Background(), e.opts, s); !errors.As(err, &trap) || trap.Code != TrapStringTooLong || !strings.Contains(err.Error(), "too large to copy into wasm") {
		t.Errorf("utf16 string of 128 MiB: %v", err)
	}
	if len(e.alloc.calls) != 0 {
		t.Errorf("realloc called for a string that cannot fit: %v", e.alloc.calls)
	}
}
