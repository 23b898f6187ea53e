package canon

import (
	"context"
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/weftwasm/weft/value"
)

// typeReader builds a value type from fuzz bytes.
type typeReader struct {
	b []byte
	i int
}

func (r *typeReader) next() byte {
	if r.i >= len(r.b) {
		return 0
	}
	r.i++
	return r.b[r.i-1]
}

var fuzzPrims = []value.Type{value.BoolType, value.S8Type, value.U8Type, value.S16Type, value.U16Type,
	value.S32Type, value.U32Type, value.S64Type, value.U64Type, value.F32Type, value.F64Type,
	value.CharType, value.StringType}

func (r *typeReader) typ(depth int) value.Type {
	k := int(r.next())
	if depth > 3 {
		return fuzzPrims[k%len(fuzzPrims)]
	}
	switch k % 24 {
	case 13:
		return &value.ListType{Elem: r.typ(depth + 1)}
	case 14:
		return &value.ListType{Elem: r.typ(depth + 1), Len: uint32(r.next()%4) + 1}
	case 15:
		n := int(r.next()%4) + 1
		rt := &value.RecordType{Name: "r"}
		for i := range n {
			rt.Fields = append(rt.Fields, value.Field{Name: fmt.Sprint("f", i), Type: r.typ(depth + 1)})
		}
		return rt
	case 16:
		n := int(r.next()%3) + 1
		tt := &value.TupleType{}
		for range n {
			tt.Types = append(tt.Types, r.typ(depth+1))
		}
		return tt
	case 17:
		n := int(r.next()%4) + 1
		vt := &value.VariantType{Name: "v"}
		for i := range n {
			c := value.Case{Name: fmt.Sprint("c", i)}
			if r.next()%2 == 0 {
				c.Type = r.typ(depth + 1)
			}
			vt.Cases = append(vt.Cases, c)
		}
		return vt
	case 18:
		return enumN(int(r.next()%5) + 1)
	case 19:
		return &value.OptionType{Elem: r.typ(depth + 1)}
	case 20:
		rt := &value.ResultType{}
		if m := r.next(); m&1 != 0 {
			rt.Ok = r.typ(depth + 1)
		} else if m&2 != 0 {
			rt.Err = r.typ(depth + 1)
		}
		return rt
	case 21:
		return flagsN(int(r.next()%32) + 1)
	case 22:
		return &value.MapType{Key: r.typ(depth + 1), Value: r.typ(depth + 1)}
	case 23:
		return handleT
	}
	return fuzzPrims[k%len(fuzzPrims)]
}

// FuzzLift lifts random memory and flat values as a random type in every
// string encoding: it must never panic, and whatever lifts must lower into
// a fresh guest and lift back unchanged.
func FuzzLift(f *testing.F) {
	f.Add([]byte{13, 0}, []byte{8, 0, 0, 0, 2, 0, 0, 0, 'h', 'i'})
	f.Add([]byte{12}, []byte{8, 0, 0, 0, 3, 0, 0, 0, 0xe2, 0x82, 0xac})
	f.Add([]byte{17, 3, 0, 12, 0, 9, 1}, []byte{1, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 1, 0, 0, 0})
	f.Add([]byte{15, 2, 20, 1, 21, 12, 19, 11}, make([]byte, 64))
	f.Add([]byte{22, 12, 6}, []byte{8, 0, 0, 0, 1, 0, 0, 0, 24, 0, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 'k'})
	f.Add([]byte{14, 3, 11}, []byte{0, 0, 0xf8, 0x7f, 0, 0, 0, 0})
	f.Add([]byte{21, 31}, []byte{0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, typeBytes, mem []byte) {
		if len(mem) > 1<<16 {
			return
		}
		typ := (&typeReader{b: typeBytes}).typ(0)
		var c Cache
		l, err := c.Layout(typ)
		if err != nil {
			return
		}
		flat := make([]uint64, min(len(l.Flat), MaxFlatParams))
		for i := range flat {
			if 8*i+8 <= len(mem) {
				flat[i] = binary.LittleEndian.Uint64(mem[8*i:])
			}
		}
		for _, enc := range encodings {
			m := newMemory(len(mem))
			copy(m.buf, mem)
			opts := &Options{Memory: m, StringEncoding: enc, Handles: &fakeHandles{}, LiftFuel: 1 << 20}
			if len(l.Flat) <= MaxFlatParams {
				if v, err := LiftFlat(opts, l, flat); err == nil {
					checkRelower(t, l, v, enc)
				}
			}
			if v, err := Load(opts, l, 0); err == nil {
				checkRelower(t, l, v, enc)
			}
		}
	})
}

func checkRelower(t *testing.T, l *Layout, v value.Value, enc StringEncoding) {
	if err := value.Check(l.Type, v); err != nil {
		t.Fatalf("lifted %v is not a %s: %v", v, l.Type, err)
	}
	ctx := context.Background()
	e := newEnv(enc)
	ptr, _ := e.alloc.realloc(ctx, 0, 0, l.Align, l.Size)
	if err := Store(ctx, e.opts, l, v, ptr); err != nil {
		t.Fatalf("store of lifted %v as %s: %v", v, l.Type, err)
	}
	back, err := Load(e.opts, l, ptr)
	if err != nil {
		t.Fatalf("load of stored %v as %s: %v", v, l.Type, err)
	}
	if !sameValue(back, v) {
		t.Fatalf("%s: stored %v, loaded %v", l.Type, v, back)
	}
}

// FuzzStrings decodes random bytes as a string in every encoding; what
// decodes must re-encode into every encoding and decode back unchanged.
func FuzzStrings(f *testing.F) {
	f.Add([]byte("hello"), uint32(5))
	f.Add([]byte{0x3d, 0xd8, 0x00, 0xde}, uint32(2|utf16Tag))
	f.Add([]byte{0xe9, 0x41}, uint32(2))
	f.Add([]byte{0x00, 0xd8}, uint32(1))
	f.Add([]byte{0xf0, 0x9f, 0x98}, uint32(3))
	f.Fuzz(func(t *testing.T, b []byte, n uint32) {
		if len(b) > 4096 {
			return
		}
		ctx := context.Background()
		for _, from := range encodings {
			m := newMemory(len(b))
			copy(m.buf, b)
			s, err := LiftString(&Options{Memory: m, StringEncoding: from}, 0, n)
			if err != nil {
				continue
			}
			for _, to := range encodings {
				e := newEnv(to)
				ptr, tl, err := LowerString(ctx, e.opts, s)
				if err != nil {
					t.Fatalf("%s→%s %q: %v", from, to, s, err)
				}
				back, err := LiftString(e.opts, ptr, tl)
				if err != nil || back != s {
					t.Fatalf("%s→%s %q: back %q, %v", from, to, s, back, err)
				}
			}
		}
	})
}

// FuzzLiftParams lifts random core arguments and memory as the parameters
// of a random function, as a host import would: never a panic, and what
// lifts can be lowered back as the same call's arguments.
func FuzzLiftParams(f *testing.F) {
	f.Add([]byte{3, 12, 6, 13, 12}, []byte{8, 0, 0, 0, 1, 0, 0, 0, 'x', 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{20, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8}, make([]byte, 200))
	f.Add([]byte{9, 12, 12, 12, 12, 12, 12, 12, 12, 12}, make([]byte, 80))
	f.Fuzz(func(t *testing.T, typeBytes, mem []byte) {
		if len(mem) > 1<<16 {
			return
		}
		r := &typeReader{b: typeBytes}
		ft := &value.FuncType{Result: value.U8Type}
		for i := range int(r.next() % 20) {
			ft.Params = append(ft.Params, value.Param{Name: fmt.Sprint("p", i), Type: r.typ(1)})
		}
		var c Cache
		sig, err := c.Signature(ft, CanonLower)
		if err != nil {
			return
		}
		flat := make([]uint64, len(sig.CoreParams))
		for i := range flat {
			if 8*i+8 <= len(mem) {
				flat[i] = binary.LittleEndian.Uint64(mem[8*i:])
			}
		}
		for _, enc := range encodings {
			m := newMemory(len(mem))
			copy(m.buf, mem)
			opts := &Options{Memory: m, StringEncoding: enc, Handles: &fakeHandles{}, LiftFuel: 1 << 20}
			args, err := sig.LiftParams(opts, flat)
			if err != nil {
				continue
			}
			lift, err := c.Signature(ft, CanonLift)
			if err != nil {
				t.Fatal(err)
			}
			e := newEnv(enc)
			if _, err := lift.LowerParams(context.Background(), e.opts, args, nil); err != nil {
				t.Fatalf("lifted arguments %v do not lower: %v", args, err)
			}
		}
	})
}
