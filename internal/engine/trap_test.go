package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

type quotaError struct{ n int }

func (q *quotaError) Error() string { return fmt.Sprintf("quota %d exceeded", q.n) }

func TestGuestTraps(t *testing.T) {
	forBackends(t, func(t *testing.T, e *Engine) {
		m := newMod()
		m.memory(1)
		m.export("unreachable", KindFunc, m.fn(ft(nil), nil, opUnreachable))
		m.export("oob", KindFunc, m.fn(ft(nil, I32), nil, cat(i32c(70000), i32load(0))...))
		m.export("div", KindFunc, m.fn(ft(vt(I32), I32), nil, cat(i32c(1), localGet(0), []byte{opI32DivU})...))
		rec := m.nFuncImports + uint32(len(m.funcTypes))
		m.export("recurse", KindFunc, m.fn(ft(nil), nil, call(rec)...))
		mod := mustCompile(t, e, m.bytes())
		for _, tc := range []struct {
			fn   string
			code TrapCode
		}{
			{"unreachable", TrapUnreachable},
			{"oob", TrapMemoryOutOfBounds},
			{"div", TrapIntegerDivideByZero},
			{"recurse", TrapStackOverflow},
		} {
			t.Run(tc.fn, func(t *testing.T) {
				s := e.NewStore(nil)
				f := mustFunc(t, mustInstantiate(t, s, mod, nil), tc.fn)
				params := make([]uint64, len(f.Type().Params))
				_, err := f.Call(context.Background(), params...)
				var trap *Trap
				if !errors.As(err, &trap) {
					t.Fatalf("err = %v (%T), want *Trap", err, err)
				}
				if trap.Code != tc.code || trap.Func != fmt.Sprintf("call %q", tc.fn) || trap.Reason != tc.code.String() ||
					(tc.code == TrapUnreachable && trap.Stack == "") {
					t.Fatalf("trap = %+v, want code %v", trap, tc.code)
				}
				// The store is poisoned: nothing in it runs again.
				_, err = f.Call(context.Background(), params...)
				if !errors.Is(err, ErrPoisoned) || !errors.As(err, &trap) {
					t.Fatalf("call after trap: err = %v", err)
				}
				if s.Poisoned() == nil {
					t.Fatal("Poisoned() = nil after a trap")
				}
				if _, err := s.Instantiate(context.Background(), mod, nil); !errors.Is(err, ErrPoisoned) {
					t.Fatalf("instantiate after trap: err = %v", err)
				}
			})
		}
	})
}

// TestHostErrors checks that a host error unwinds the guest, comes out unchanged, even
// through nested host → guest → host calls, and that a host panic becomes a trap.
func TestHostErrors(t *testing.T) {
	forBackends(t, func(t *testing.T, e *Engine) {
		ctx := context.Background()
		var inner *Func
		host := hostModule(t, e,
			HostFuncDef{Name: "fail", Type: ft(vt(I32)), Fn: func(_ context.Context, _ Caller, stack []uint64) error {
				return &quotaError{n: int(stack[0])}
			}},
			HostFuncDef{Name: "panic", Type: ft(nil), Fn: func(context.Context, Caller, []uint64) error {
				var m map[string]int
				m["x"] = 1 // a Go runtime panic
				return nil
			}},
			HostFuncDef{Name: "reenter", Type: ft(vt(I32)), Fn: func(ctx context.Context, _ Caller, stack []uint64) error {
				_, err := inner.Call(ctx, stack[0])
				return err
			}},
		)
		m := newMod()
		fail := m.importFunc("h", "fail", ft(vt(I32)))
		pan := m.importFunc("h", "panic", ft(nil))
		reenter := m.importFunc("h", "reenter", ft(vt(I32)))
		m.export("fail", KindFunc, m.fn(ft(vt(I32)), nil, cat(localGet(0), call(fail), []byte{opUnreachable})...))
		m.export("panic", KindFunc, m.fn(ft(nil), nil, call(pan)...))
		m.export("outer", KindFunc, m.fn(ft(vt(I32)), nil, cat(localGet(0), call(reenter))...))
		mod := mustCompile(t, e, m.bytes())

		setup := func() *Instance {
			s := e.NewStore(nil)
			return mustInstantiate(t, s, mod, Imports{"h": mustInstantiate(t, s, host, nil)})
		}

		inst := setup()
		_, err := mustFunc(t, inst, "fail").Call(ctx, 7)
		var q *quotaError
		if !errors.As(err, &q) || q.n != 7 {
			t.Fatalf("err = %v (%T), want the *quotaError", err, err)
		}
		if _, ok := err.(*quotaError); !ok {
			t.Fatalf("err is %T, want the host's error itself", err)
		}

		inst = setup()
		_, err = mustFunc(t, inst, "panic").Call(ctx)
		var trap *Trap
		if !errors.As(err, &trap) || trap.Code != TrapHostPanic || !strings.Contains(trap.Reason, "nil map") {
			t.Fatalf("err = %v, want a TrapHostPanic", err)
		}

		inst = setup()
		inner = mustFunc(t, inst, "fail")
		_, err = mustFunc(t, inst, "outer").Call(ctx, 9)
		if !errors.As(err, &q) || q.n != 9 {
			t.Fatalf("nested: err = %v (%T), want the *quotaError", err, err)
		}
	})
}

// TestCaller checks that a host function sees the calling instance's memory and can call
// back into it, as a canonical-ABI lowering does with cabi_realloc.
func TestCaller(t *testing.T) {
	forBackends(t, func(t *testing.T, e *Engine) {
		var got string
		var data any
		host := hostModule(t, e, HostFuncDef{Name: "echo", Type: ft(vt(I32, I32), I32), Fn: func(ctx context.Context, c Caller, stack []uint64) error {
			data = c.Store().Data()
			mem, err := c.Memory()
			if err != nil {
				return err
			}
			b, err := mem.View(uint32(stack[0]), uint32(stack[1]))
			if err != nil {
				return err
			}
			got = string(b)
			realloc, err := c.Instance().Func("alloc")
			if err != nil {
				return err
			}
			res, err := realloc.Call(ctx, uint64(len(got)))
			if err != nil {
				return err
			}
			if err := mem.Write(uint32(res[0]), []byte(strings.ToUpper(got))); err != nil {
				return err
			}
			stack[0] = res[0]
			return nil
		}})
		m := newMod()
		echo := m.importFunc("h", "echo", ft(vt(I32, I32), I32))
		m.memory(1)
		m.data(16, []byte("hello"))
		// alloc(n) returns 1024 and bumps nothing; fine for one call.
		m.export("alloc", KindFunc, m.fn(ft(vt(I32), I32), nil, i32c(1024)...))
		m.export("run", KindFunc, m.fn(ft(nil, I32), nil, cat(i32c(16), i32c(5), call(echo))...))
		m.export("memory", KindMemory, 0)
		s := e.NewStore("state")
		inst := mustInstantiate(t, s, mustCompile(t, e, m.bytes()), Imports{"h": mustInstantiate(t, s, host, nil)})
		res := mustCall(t, mustFunc(t, inst, "run"))
		if got != "hello" || data != "state" || res[0] != 1024 {
			t.Fatalf("got %q, data %v, res %v", got, data, res)
		}
		mem, _ := inst.Memory("memory")
		b := make([]byte, 5)
		if err := mem.Read(1024, b); err != nil || string(b) != "HELLO" {
			t.Fatalf("memory at 1024 = %q, %v", b, err)
		}
	})
}

func TestInterrupt(t *testing.T) {
	forBackendsWith(t, NewConfig().WithInterruptOnContextDone(true), func(t *testing.T, e *Engine) {
		m := newMod()
		m.export("spin", KindFunc, m.fn(ft(nil), nil, 0x03, 0x40, 0x0c, 0x00, 0x0b)) // loop br 0 end
		s := e.NewStore(nil)
		inst := mustInstantiate(t, s, mustCompile(t, e, m.bytes()), nil)
		tctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err := mustFunc(t, inst, "spin").Call(tctx)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want context.DeadlineExceeded", err)
		}
		if !errors.Is(s.Poisoned(), context.DeadlineExceeded) {
			t.Fatalf("the store is not poisoned by the interruption: %v", s.Poisoned())
		}
	})
}

func TestStartAndClose(t *testing.T) {
	forBackends(t, func(t *testing.T, e *Engine) {
		ctx := context.Background()
		var order []string
		host := hostModule(t, e, HostFuncDef{Name: "note", Type: ft(vt(I32)), Fn: func(_ context.Context, _ Caller, stack []uint64) error {
			order = append(order, fmt.Sprint(stack[0]))
			return nil
		}})
		mk := func(id int32) []byte {
			m := newMod()
			note := m.importFunc("h", "note", ft(vt(I32)))
			m.start = int(m.fn(ft(nil), nil, cat(i32c(id), call(note))...))
			// "_start" is an ordinary export: it must not run at instantiation.
			m.export("_start", KindFunc, m.fn(ft(nil), nil, cat(i32c(99), call(note))...))
			return m.bytes()
		}
		s := e.NewStore(nil)
		hi := mustInstantiate(t, s, host, nil)
		m1 := mustCompile(t, e, mk(1))
		i1 := mustInstantiate(t, s, m1, Imports{"h": hi})
		mustInstantiate(t, s, mustCompile(t, e, mk(2)), Imports{"h": hi})
		mustInstantiate(t, s, m1, Imports{"h": hi})
		if got := strings.Join(order, ","); got != "1,2,1" {
			t.Fatalf("start order %s, want 1,2,1", got)
		}
		f := mustFunc(t, i1, "_start")
		if err := s.Close(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := f.Call(ctx); !errors.Is(err, ErrClosed) {
			t.Fatalf("call after store close: %v", err)
		}
		if _, err := s.Instantiate(ctx, m1, Imports{"h": hi}); !errors.Is(err, ErrClosed) {
			t.Fatalf("instantiate after store close: %v", err)
		}

		// A trap in a start function fails instantiation and poisons the store.
		m := newMod()
		m.start = int(m.fn(ft(nil), nil, opUnreachable))
		s2 := e.NewStore(nil)
		_, err := s2.Instantiate(ctx, mustCompile(t, e, m.bytes()), nil)
		var trap *Trap
		if !errors.As(err, &trap) || trap.Code != TrapUnreachable || trap.Func != "start function" {
			t.Fatalf("start trap: err = %v", err)
		}

		// Closing the engine closes everything.
		s3 := e.NewStore(nil)
		i3 := mustInstantiate(t, s3, m1, Imports{"h": mustInstantiate(t, s3, host, nil)})
		f3 := mustFunc(t, i3, "_start")
		if err := e.Close(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := f3.Call(ctx); !errors.Is(err, ErrClosed) {
			t.Fatalf("call after engine close: %v", err)
		}
		if _, err := e.Compile(ctx, mk(3)); !errors.Is(err, ErrClosed) {
			t.Fatalf("compile after engine close: %v", err)
		}
		if err := s3.Close(ctx); err != nil {
			t.Fatal(err)
		}
	})
}
