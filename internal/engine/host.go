package engine

import (
	"context"
	"errors"
	"fmt"

	"github.com/tetratelabs/wazero/api"
)

// HostFunc implements a core function in Go. stack holds the params on entry; the function
// writes its results to stack[0:len(results)]. A non-nil error is a trap: it unwinds the
// guest and comes out of the outermost Call unchanged (errors.As finds it).
type HostFunc func(ctx context.Context, caller Caller, stack []uint64) error

// HostFuncDef names a host function and gives its core type.
type HostFuncDef struct {
	Name string
	Type FuncType
	Fn   HostFunc
}

// Caller is what a host function knows about the call: the instance whose code called it,
// however the function reached that code (direct import, bag, table). When the function is
// called from Go through a Func, the caller is the host instance itself.
type Caller struct{ inst *Instance }

// Instance returns the calling instance (nil only if it was closed meanwhile).
func (c Caller) Instance() *Instance { return c.inst }

// Store returns the Store of the calling instance, or nil when it is unknown.
func (c Caller) Store() *Store {
	if c.inst == nil {
		return nil
	}
	return c.inst.store
}

// Memory returns the calling instance's memory (its first, exported or not).
func (c Caller) Memory() (Memory, error) {
	if c.inst == nil || c.inst.mod.Memory() == nil {
		return Memory{}, errors.New("engine: the caller has no memory")
	}
	return Memory{mem: c.inst.mod.Memory()}, nil
}

// CompileHost compiles a set of host functions into a Module with one function export per
// definition and no imports. Like any Module it is instantiated per Store; per-instance
// state is reached through Caller.Store().Data().
func (e *Engine) CompileHost(ctx context.Context, funcs []HostFuncDef) (*Module, error) {
	if e.closed.Load() {
		return nil, ErrClosed
	}
	b := e.rt.NewHostModuleBuilder("weft-host")
	m := &Module{e: e}
	seen := map[string]bool{}
	for i, d := range funcs {
		if d.Fn == nil || seen[d.Name] {
			return nil, fmt.Errorf("engine: host function %d %q: missing function or duplicate name", i, d.Name)
		}
		for _, v := range append(append([]ValType(nil), d.Type.Params...), d.Type.Results...) {
			if v != I32 && v != I64 && v != F32 && v != F64 && v != ExternRef && v != FuncRef {
				return nil, fmt.Errorf("engine: host function %q: value type %s is not supported in host functions", d.Name, v)
			}
		}
		seen[d.Name] = true
		b.NewFunctionBuilder().
			WithGoModuleFunction(e.hostCall(d.Fn), apiTypes(d.Type.Params), apiTypes(d.Type.Results)).
			Export(d.Name)
		m.exports = append(m.exports, Export{Name: d.Name, Type: ExternType{Kind: KindFunc, Func: &d.Type}, index: uint32(i)})
	}
	compiled, err := b.Compile(ctx)
	if err != nil {
		return nil, fmt.Errorf("engine: compile host functions: %w", err)
	}
	m.compiled = compiled
	m.index()
	return m, nil
}

func (e *Engine) hostCall(fn HostFunc) api.GoModuleFunc {
	return func(ctx context.Context, mod api.Module, stack []uint64) {
		if err := runHost(ctx, fn, Caller{inst: e.instanceOf(mod)}, stack); err != nil {
			panic(&hostError{err}) // wazero unwinds the guest and returns it from the outer call
		}
	}
}

// runHost runs fn, turning a Go panic into a TrapHostPanic.
func runHost(ctx context.Context, fn HostFunc, c Caller, stack []uint64) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &Trap{Code: TrapHostPanic, Reason: fmt.Sprintf("host function panicked: %v", r)}
		}
	}()
	return fn(ctx, c, stack)
}

func apiTypes(ts []ValType) []api.ValueType {
	out := make([]api.ValueType, len(ts))
	for i, v := range ts {
		out[i] = api.ValueType(v.Code)
	}
	return out
}
