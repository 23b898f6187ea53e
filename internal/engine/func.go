package engine

import (
	"context"
	"fmt"

	"github.com/tetratelabs/wazero/api"
)

// Func is a handle on a core function of an instance. It is not safe for concurrent use;
// take one handle per goroutine.
type Func struct {
	store    *Store
	fn       api.Function
	typ      FuncType
	what     string
	stackLen int
}

func newFunc(s *Store, fn api.Function, typ FuncType, name string) *Func {
	return &Func{store: s, fn: fn, typ: typ, what: fmt.Sprintf("call %q", name),
		stackLen: max(len(typ.Params), len(typ.Results))}
}

// Type returns the function's signature.
func (f *Func) Type() FuncType { return f.typ }

// StackLen is the smallest stack CallWithStack accepts: max(len(params), len(results)).
func (f *Func) StackLen() int { return f.stackLen }

// Call calls the function with params encoded as by the core ABI (i32 zero-extended, floats
// as their IEEE bits) and returns the results the same way. A guest trap returns a *Trap; an
// error returned by a host function returns that error itself. Either poisons the Store.
func (f *Func) Call(ctx context.Context, params ...uint64) ([]uint64, error) {
	if len(params) != len(f.typ.Params) {
		return nil, fmt.Errorf("engine: %s: %d params given, the type %s needs %d", f.what, len(params), f.typ, len(f.typ.Params))
	}
	if err := f.store.usable(); err != nil {
		return nil, err
	}
	res, err := f.fn.Call(ctx, params...)
	if err != nil {
		return nil, f.store.trapped(ctx, f.what, err)
	}
	return res, nil
}

// CallWithStack calls the function without allocating: stack holds the params on entry and
// the results on return, and must be at least StackLen long.
func (f *Func) CallWithStack(ctx context.Context, stack []uint64) error {
	if len(stack) < f.stackLen {
		return fmt.Errorf("engine: %s: stack of %d slots, the type %s needs %d", f.what, len(stack), f.typ, f.stackLen)
	}
	if err := f.store.usable(); err != nil {
		return err
	}
	if err := f.fn.CallWithStack(ctx, stack); err != nil {
		return f.store.trapped(ctx, f.what, err)
	}
	return nil
}
