package wasip2

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/weftwasm/weft/value"
)

// fuzzBytes hands out the fuzzer's bytes as choices; it yields zeros once
// exhausted.
type fuzzBytes struct{ b []byte }

func (f *fuzzBytes) next() byte {
	if len(f.b) == 0 {
		return 0
	}
	c := f.b[0]
	f.b = f.b[1:]
	return c
}

func (f *fuzzBytes) u64() uint64 {
	var x uint64
	for range 8 {
		x = x<<8 | uint64(f.next())
	}
	return x
}

// genValue builds a value of type t from the fuzzer's choices, as a hostile
// but well-typed guest could pass it: any numbers, any strings, handles
// with any rep.
func genValue(t value.Type, f *fuzzBytes, depth int) value.Value {
	switch t := t.(type) {
	case value.Primitive:
		switch t {
		case value.BoolType:
			return value.Bool(f.next()&1 == 1)
		case value.U8Type:
			return value.U8(f.next())
		case value.U16Type:
			return value.U16(uint16(f.u64()))
		case value.U32Type:
			return value.U32(uint32(f.u64()))
		case value.U64Type:
			switch f.next() % 4 {
			case 0:
				return value.U64(uint64(f.next()))
			case 1:
				return value.U64(^uint64(0))
			}
			return value.U64(f.u64())
		case value.S32Type:
			return value.S32(int32(f.u64()))
		case value.StringType:
			words := []string{"hello.txt", "sub", "..", "/", "../secret.txt", "new", "sub/../hello.txt", "link", "", ".", "a/b/c", "x\x00y", "ünï"}
			var parts []string
			for n := f.next() % 3; n > 0 || len(parts) == 0; n-- {
				parts = append(parts, words[int(f.next())%len(words)])
				if n == 0 {
					break
				}
			}
			return value.String(strings.Join(parts, "/"))
		}
	case *value.ListType:
		n := int(f.next() % 8)
		if depth > 3 {
			n = 0
		}
		vs := make([]value.Value, n)
		for i := range vs {
			vs[i] = genValue(t.Elem, f, depth+1)
		}
		return value.List(vs...)
	case *value.RecordType:
		vs := make([]value.Value, len(t.Fields))
		for i, fl := range t.Fields {
			vs[i] = genValue(fl.Type, f, depth+1)
		}
		return value.Record(vs...)
	case *value.TupleType:
		vs := make([]value.Value, len(t.Types))
		for i, et := range t.Types {
			vs[i] = genValue(et, f, depth+1)
		}
		return value.Tuple(vs...)
	case *value.VariantType:
		c := t.Cases[int(f.next())%len(t.Cases)]
		if c.Type == nil {
			return value.VariantCase(c.Name)
		}
		return value.Variant(c.Name, genValue(c.Type, f, depth+1))
	case *value.EnumType:
		return value.Enum(t.Cases[int(f.next())%len(t.Cases)])
	case *value.FlagsType:
		var names []string
		bits := f.next()
		for i, n := range t.Names {
			if bits&(1<<(i%8)) != 0 {
				names = append(names, n)
			}
		}
		return value.Flags(names...)
	case *value.OptionType:
		if f.next()&1 == 0 {
			return value.None()
		}
		return value.Some(genValue(t.Elem, f, depth+1))
	case *value.ResultType:
		side, mk, mkEmpty := t.Ok, value.Ok, value.OkEmpty
		if f.next()&1 == 1 {
			side, mk, mkEmpty = t.Err, value.Err, value.ErrEmpty
		}
		if side == nil {
			return mkEmpty()
		}
		return mk(genValue(side, f, depth+1))
	case *value.BorrowType:
		return value.Borrow(&value.Handle{Type: t.Resource, Rep: uint32(f.next() % 24)})
	case *value.OwnType:
		return value.Own(&value.Handle{Type: t.Resource, Rep: uint32(f.next() % 24)})
	}
	panic("genValue: unexpected type " + t.String())
}

// FuzzHandlers calls random functions with random well-typed arguments,
// in sequence on one host, and requires that nothing panics or hangs and
// every result has its declared type.
func FuzzHandlers(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte("\x30\x01\x02\x31\x00\x01\x05\x00\x00\x09\x40\x01\x01\x01"))
	f.Add([]byte(strings.Repeat("\x55\x01\x03\xff", 16)))
	base := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		root, err := os.MkdirTemp(base, "root")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(root)
		os.Mkdir(filepath.Join(root, "sub"), 0o755)
		os.WriteFile(filepath.Join(root, "hello.txt"), []byte("hello"), 0o644)
		os.Symlink("hello.txt", filepath.Join(root, "link"))
		th := newTestHost(t, Config{}.WithPreopen(root, "/", false).WithStdin(strings.NewReader("in")).
			WithStdout(&recorder{}).WithArgs("a").WithTimezone(time.UTC))
		names := make([]string, 0, len(th.funcs))
		for _, fn := range th.h.Funcs() {
			if fn.Interface == ifaceExit {
				continue // exits by design
			}
			names = append(names, fn.Interface+"#"+fn.Name)
		}
		fb := &fuzzBytes{b: data}
		for range 16 {
			if len(fb.b) == 0 {
				break
			}
			name := names[int(fb.next())%len(names)]
			fn := th.funcs[name]
			args := make([]value.Value, len(fn.Type.Params))
			for i, p := range fn.Type.Params {
				args[i] = genValue(p.Type, fb, 0)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
			th.tryCtx(ctx, name, args...) // traps are fine; panics and ill-typed results are not
			cancel()
		}
	})
}
