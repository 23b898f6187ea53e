package canon

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/weftwasm/weft/value"
)

// benchEnv is a guest whose allocator starts over at every iteration, so
// memory does not grow during a benchmark.
type benchEnv struct {
	mem  *fakeMemory
	next uint32
	opts *Options
}

func newBenchEnv(size int, enc StringEncoding) *benchEnv {
	e := &benchEnv{mem: newMemory(size)}
	e.opts = &Options{Memory: e.mem, StringEncoding: enc, Realloc: e.realloc}
	return e
}

func (e *benchEnv) realloc(_ context.Context, old, oldSize, align, newSize uint32) (uint32, error) {
	if old != 0 && newSize <= oldSize {
		return old, nil
	}
	p := (e.next + align - 1) &^ (align - 1)
	e.next = p + newSize
	copy(e.mem.buf[p:p+min(oldSize, newSize)], e.mem.buf[old:])
	return p, nil
}

func BenchmarkString1KiB(b *testing.B) {
	ctx := context.Background()
	var c Cache
	l, _ := c.Layout(value.StringType)
	for _, tc := range []struct {
		name string
		s    string
	}{{"ascii", strings.Repeat("abcdefgh", 128)}, {"mixed", strings.Repeat("añ€😀", 1024/10)}} {
		for _, enc := range encodings {
			b.Run(tc.name+"/"+enc.String(), func(b *testing.B) {
				e := newBenchEnv(1<<16, enc)
				v := value.String(tc.s)
				flat := make([]uint64, 0, 2)
				b.SetBytes(int64(len(tc.s)))
				b.ReportAllocs()
				for b.Loop() {
					e.next = 8
					var err error
					if flat, err = LowerFlat(ctx, e.opts, l, v, flat[:0]); err != nil {
						b.Fatal(err)
					}
					if _, err := LiftFlat(e.opts, l, flat); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func BenchmarkListOfRecords1000(b *testing.B) {
	ctx := context.Background()
	rt := &value.RecordType{Name: "item", Fields: []value.Field{
		{Name: "id", Type: value.U32Type},
		{Name: "score", Type: value.F64Type},
		{Name: "name", Type: value.StringType},
		{Name: "ok", Type: value.BoolType},
	}}
	var c Cache
	l, _ := c.Layout(&value.ListType{Elem: rt})
	elems := make([]value.Value, 1000)
	for i := range elems {
		elems[i] = value.Record(value.U32(uint32(i)), value.F64(float64(i)/3), value.String(fmt.Sprintf("item-%d", i)), value.Bool(i%2 == 0))
	}
	v := value.List(elems...)
	e := newBenchEnv(1<<17, UTF8)
	flat := make([]uint64, 0, 2)
	b.ReportAllocs()
	for b.Loop() {
		e.next = 8
		var err error
		if flat, err = LowerFlat(ctx, e.opts, l, v, flat[:0]); err != nil {
			b.Fatal(err)
		}
		if _, err := LiftFlat(e.opts, l, flat); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkString1KiBDirect(b *testing.B) {
	ctx := context.Background()
	s := strings.Repeat("abcdefgh", 128)
	for _, enc := range encodings {
		b.Run(enc.String(), func(b *testing.B) {
			e := newBenchEnv(1<<16, enc)
			b.SetBytes(int64(len(s)))
			b.ReportAllocs()
			for b.Loop() {
				e.next = 8
				ptr, n, err := LowerString(ctx, e.opts, s)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := LiftString(e.opts, ptr, n); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkHostCall is the canonical ABI side of one host→guest call of
// func(name: string, n: u32) -> result<string, u8>: lower the arguments,
// then lift the result from the return area.
func BenchmarkHostCall(b *testing.B) {
	ctx := context.Background()
	ft := &value.FuncType{
		Params: []value.Param{{Name: "name", Type: value.StringType}, {Name: "n", Type: value.U32Type}},
		Result: &value.ResultType{Ok: value.StringType, Err: value.U8Type},
	}
	var c Cache
	sig, err := c.Signature(ft, CanonLift)
	if err != nil {
		b.Fatal(err)
	}
	e := newBenchEnv(1<<16, UTF8)
	copy(e.mem.buf[1024:], []byte{0, 0, 0, 0, 0, 8, 0, 0, 5, 0, 0, 0}) // ok(string at 2048, 5 bytes)
	copy(e.mem.buf[2048:], "hello")
	args := []value.Value{value.String("world"), value.U32(7)}
	ret := []uint64{1024}
	stack := make([]uint64, 0, 4)
	b.ReportAllocs()
	for b.Loop() {
		e.next = 8
		if _, err := sig.LowerParams(ctx, e.opts, args, stack[:0]); err != nil {
			b.Fatal(err)
		}
		if _, err := sig.LiftResult(e.opts, ret); err != nil {
			b.Fatal(err)
		}
	}
}
