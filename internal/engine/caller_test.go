package engine

import (
	"context"
	"testing"
)

// TestCallerIdentity checks which instance a host function sees as its caller: the one whose
// code made the call, however the function reached it (import, bag, table), or the host
// instance itself when called from Go.
func TestCallerIdentity(t *testing.T) {
	forBackends(t, func(t *testing.T, e *Engine) {
		ctx := context.Background()
		var who *Instance
		host := hostModule(t, e, HostFuncDef{Name: "h", Type: ft(nil), Fn: func(_ context.Context, c Caller, _ []uint64) error {
			who = c.Instance()
			return nil
		}})
		s := e.NewStore(nil)
		hi := mustInstantiate(t, s, host, nil)
		a := newMod()
		hf := a.importFunc("x", "h", ft(nil))
		a.export("direct", KindFunc, a.fn(ft(nil), nil, call(hf)...))
		a.export("reexport", KindFunc, hf)
		tb := a.table(1)
		a.elem(tb, 0, hf)
		a.export("indirect", KindFunc, a.fn(ft(nil), nil, cat(i32c(0), callIndirect(a.typ(ft(nil)), tb))...))
		a.export("tbl", KindTable, tb)
		am := mustCompile(t, e, a.bytes())
		bag, _ := s.Bag(ctx, []BagItem{{Name: "h", From: hi, Export: "h"}})
		ai := mustInstantiate(t, s, am, Imports{"x": bag})
		b := newMod()
		bt := b.importTable("a", "tbl", 1)
		b.export("viaTable", KindFunc, b.fn(ft(nil), nil, cat(i32c(0), callIndirect(b.typ(ft(nil)), bt))...))
		bi := mustInstantiate(t, s, mustCompile(t, e, b.bytes()), Imports{"a": ai})
		for _, c := range []struct {
			inst, want *Instance
			fn         string
		}{{ai, ai, "direct"}, {ai, hi, "reexport"}, {ai, ai, "indirect"}, {bi, bi, "viaTable"}, {hi, hi, "h"}, {bag, hi, "h"}} {
			who = nil
			mustCall(t, mustFunc(t, c.inst, c.fn))
			if who != c.want {
				t.Errorf("%s: the caller is not the expected instance", c.fn)
			}
		}
	})
}
