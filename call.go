package weft

import (
	"context"
	"errors"
	"fmt"

	"github.com/weftwasm/weft/component"
	"github.com/weftwasm/weft/internal/canon"
	"github.com/weftwasm/weft/internal/engine"
	"github.com/weftwasm/weft/internal/plan"
	"github.com/weftwasm/weft/value"
)

// Func is an exported component function of an Instance.
type Func struct {
	in   *Instance
	ref  plan.FuncRef
	name string
	typ  *value.FuncType
}

// Type returns the function's component type.
func (f *Func) Type() *value.FuncType { return f.typ }

// Name returns the name the function was looked up by.
func (f *Func) Name() string { return f.name }

// Call calls the function with args and returns its results (none or one).
// Arguments of the wrong number or type give an *ArgumentError without
// entering the guest; a trap gives a *Trap, after which the Instance is
// poisoned (every later call fails with an error wrapping ErrPoisoned).
//
//	res, err := add.Call(ctx, value.F64(1), value.F64(2))
//	sum := res[0].F64()
func (f *Func) Call(ctx context.Context, args ...value.Value) ([]value.Value, error) {
	if err := checkArgs(f.name, f.typ, args); err != nil {
		return nil, err
	}
	in := f.in
	if err := in.enter(); err != nil {
		return nil, err
	}
	scope := in.newScope()
	var res value.Value
	var err error
	if f.ref.Lifted {
		res, err = in.callLift(ctx, f.ref.Lift, args, scope, plan.NoCompInst)
	} else {
		// a re-exported host function may keep its arguments: give it a copy
		res, err = in.callHost(ctx, f.ref.Import, append([]value.Value(nil), args...))
	}
	in.freeScope(scope)
	if err != nil {
		if ae, ok := errors.AsType[*ArgumentError](err); ok {
			ae.Func = f.name
			return nil, err
		}
		return nil, in.failed(err, f.name)
	}
	if f.typ.Result == nil {
		return nil, nil
	}
	return []value.Value{res}, nil
}

// failed turns the error of a call of export name into what the caller
// sees, and poisons the instance when guest code failed: after a trap (or
// an interrupted call) the instance's state may be inconsistent.
func (in *Instance) failed(err error, name string) error {
	err = asTrap(err)
	var t *Trap
	if errors.As(err, &t) {
		if t.Func == "" {
			t.Func = name
		}
		in.poison = err
	} else if in.store.Poisoned() != nil {
		in.poison = err
	}
	return err
}

func (in *Instance) enter() error {
	if in.closed.Load() {
		return ErrClosed
	}
	if in.poison != nil {
		return fmt.Errorf("weft: %w: %w", ErrPoisoned, in.poison)
	}
	return nil
}

// callScope is the bookkeeping of one component-level call: the owned
// handles the caller lent for it and the borrows the callee received.
type callScope struct {
	lent    []*handle
	borrows int
	gen     uint64 // incremented when the call ends, invalidating its borrows
}

func (in *Instance) newScope() *callScope {
	if n := len(in.scopes); n > 0 {
		s := in.scopes[n-1]
		in.scopes = in.scopes[:n-1]
		return s
	}
	return &callScope{}
}

// freeScope ends a call's scope (returning the lent handles) and keeps it
// for reuse.
func (in *Instance) freeScope(s *callScope) {
	s.release()
	s.borrows = 0
	s.gen++
	in.scopes = append(in.scopes, s)
}

func (s *callScope) release() {
	for _, h := range s.lent {
		h.lends--
	}
	s.lent = s.lent[:0]
}

// call runs a component function with lifted arguments that the callee
// may keep.
func (in *Instance) call(ctx context.Context, ref plan.FuncRef, args []value.Value, scope *callScope, caller plan.CompInstID) (value.Value, error) {
	if ref.Lifted {
		return in.callLift(ctx, ref.Lift, args, scope, caller)
	}
	return in.callHost(ctx, ref.Import, args)
}

// callHost calls the host function defining import id. Its result is
// checked shallowly here; lowering it into a guest checks the rest.
func (in *Instance) callHost(ctx context.Context, id plan.ImportID, args []value.Value) (value.Value, error) {
	d := in.pre.imports[id]
	if in.data != nil {
		ctx = context.WithValue(ctx, instanceKey{}, in)
	}
	res, err := d.fn(ctx, args)
	if err != nil {
		return value.Value{}, &Trap{Reason: fmt.Sprintf("host function %s failed: %v", d.name, err), Err: err}
	}
	want := 0
	if d.typ.Result != nil {
		want = 1
	}
	if len(res) != want {
		return value.Value{}, trapf("host function %s returned %d results, its type has %d", d.name, len(res), want)
	}
	if want == 0 {
		return value.Value{}, nil
	}
	if k := res[0].Kind(); k != d.typ.Result.Kind() {
		return value.Value{}, trapf("host function %s returned a %s value, its type says %s", d.name, k, d.typ.Result)
	}
	return res[0], nil
}

// callLift calls lifted function id: lower the arguments into the callee,
// run it, lift its result, run its post-return.
//
// A call from another component instance (caller is not NoCompInst) is
// what wasmtime implements with a fused adapter: its traps are worded as
// wasm traps.
func (in *Instance) callLift(ctx context.Context, id plan.LiftID, args []value.Value, scope *callScope, caller plan.CompInstID) (value.Value, error) {
	fromGuest := caller != plan.NoCompInst
	l, sig, callee, err := in.enterLift(id, scope, caller)
	if err != nil {
		return value.Value{}, err
	}
	opts := &l.call
	stack := l.stack[:0]
	callee.mayLeave = false // the callee's realloc may not leave it
	if sig.SpillParams {
		if stack, err = sig.LowerParams(ctx, opts, args, stack); err != nil {
			return value.Value{}, in.lowerArgsFailed(l, -1, err, fromGuest)
		}
	} else {
		for i, pt := range sig.Params {
			if stack, err = canon.LowerFlat(ctx, opts, pt, args[i], stack); err != nil {
				return value.Value{}, in.lowerArgsFailed(l, i, err, fromGuest)
			}
		}
	}
	callee.mayLeave = true
	if sig.Async {
		res, err := in.runAsync(ctx, id, l, sig, scope, stack)
		if err != nil {
			return value.Value{}, err
		}
		return res, in.finishLift(ctx, l, callee, scope, nil)
	}
	stack = stack[:cap(stack)]
	if err := l.fn.CallWithStack(ctx, stack); err != nil {
		return value.Value{}, err
	}
	results := stack[:len(sig.CoreResults)]
	res, err := sig.LiftResult(opts, results)
	if err != nil {
		return value.Value{}, adapterTrap(err, fromGuest)
	}
	return res, in.finishLift(ctx, l, callee, scope, results)
}

// enterLift checks that lifted function id may be called now and prepares
// its per-call state: the callee's may_enter is cleared until finishLift,
// so that state (options, handle view, stack) cannot be in use twice.
//
// As the spec says, a call enters the callee and its ancestors up to the
// closest one that also encloses the caller; all of them must be
// enterable and are not until the call returns. Like wasmtime, for now, a
// call between a component instance and one it (transitively) contains
// also traps as a possible reentrance, in either direction.
func (in *Instance) enterLift(id plan.LiftID, scope *callScope, caller plan.CompInstID) (*liftRT, *canon.Signature, *compInst, error) {
	p := in.pre.c.plan
	pl := &p.Lifts[id]
	sig := in.pre.c.lifts[id]
	callee := &in.comps[pl.Inst]
	fromGuest := caller != plan.NoCompInst
	if !in.mayEnter(caller, pl.Inst) || (fromGuest && (p.IsAncestor(caller, pl.Inst) || p.IsAncestor(pl.Inst, caller))) {
		if fromGuest {
			return nil, nil, nil, trapf("wasm trap: cannot enter component instance")
		}
		return nil, nil, nil, trapf("cannot enter component instance")
	}
	l, err := in.lift(id)
	if err != nil {
		return nil, nil, nil, err
	}
	l.view.scope = scope
	l.call.Adapter = fromGuest
	l.caller = caller
	in.setEntered(caller, pl.Inst, true)
	callee.context = [1]uint64{} // a new task: fresh context storage
	return l, sig, callee, nil
}

// mayEnter reports whether a call from caller (NoCompInst for the host)
// may enter component instance callee.
func (in *Instance) mayEnter(caller, callee plan.CompInstID) bool {
	p := in.pre.c.plan
	for a := callee; a != plan.NoCompInst && (caller == plan.NoCompInst || !p.IsAncestor(a, caller)); a = p.Parents[a] {
		if !in.comps[a].mayEnter {
			return false
		}
	}
	return true
}

// setEntered marks the instances a call from caller enters in callee as
// entered (or, when the call returns, as enterable again).
func (in *Instance) setEntered(caller, callee plan.CompInstID, entered bool) {
	p := in.pre.c.plan
	for a := callee; a != plan.NoCompInst && (caller == plan.NoCompInst || !p.IsAncestor(a, caller)); a = p.Parents[a] {
		in.comps[a].mayEnter = !entered
	}
}

// finishLift runs the post-return function with the core results, checks
// that the callee dropped the borrows it was lent, and lets the callee be
// entered again.
func (in *Instance) finishLift(ctx context.Context, l *liftRT, callee *compInst, scope *callScope, results []uint64) error {
	if l.post != nil {
		callee.mayLeave = false
		post := append(l.postStack[:0], results...)
		if err := l.post.CallWithStack(ctx, post[:cap(post)]); err != nil {
			return err
		}
		callee.mayLeave = true
	}
	if scope.borrows > 0 {
		return trapf("borrow handles still remain at the end of the call")
	}
	in.setEntered(l.caller, l.inst, false)
	return nil
}

// host runs host function id of the plan, called by a guest.
func (in *Instance) host(ctx context.Context, id plan.HostFuncID, stack []uint64) error {
	h := &in.pre.c.plan.HostFuncs[id]
	caller := &in.comps[h.Inst]
	// resource.rep, context.get/set and backpressure.inc/dec do not leave
	// the instance: they may run where leaving is forbidden (post-return).
	switch {
	case h.Kind == plan.HostResourceRep:
		return in.resourceBuiltin(ctx, h, stack)
	case h.Op == component.CanonContextGet:
		stack[0] = caller.context[0]
		return nil
	case h.Op == component.CanonContextSet:
		caller.context[0] = stack[0]
		return nil
	case h.Op == component.CanonBackpressureInc:
		if caller.backpressure == 1<<16-1 {
			return trapf("backpressure counter overflow")
		}
		caller.backpressure++
		return nil
	case h.Op == component.CanonBackpressureDec:
		if caller.backpressure == 0 {
			return trapf("backpressure counter underflow")
		}
		caller.backpressure--
		return nil
	}
	if !caller.mayLeave {
		return trapf("cannot leave component instance")
	}
	switch {
	case h.Kind == plan.HostLower:
		return in.callLower(ctx, id, h, stack)
	case h.Kind == plan.HostResourceNew, h.Kind == plan.HostResourceDrop:
		return in.resourceBuiltin(ctx, h, stack)
	case h.Op == component.CanonTaskReturn:
		return in.taskReturn(id, h, stack)
	}
	return trapf("%s is not supported: component-model async is not implemented", h.Op)
}

// callLower runs a lowered import: lift the arguments from the caller,
// call the callee (another component instance or the host), lower the
// result into the caller.
func (in *Instance) callLower(ctx context.Context, id plan.HostFuncID, h *plan.HostFunc, stack []uint64) error {
	sig := in.pre.c.lowers[id]
	o, err := in.hostOpts(id)
	if err != nil {
		return err
	}
	// The caller's may_leave is cleared while lowering the result and the
	// callee may not re-enter the caller, so o's per-call state is free.
	scope := in.newScope()
	defer in.freeScope(scope)
	o.view.scope = scope
	opts := &o.call
	n := len(sig.CoreParams)
	params := append(o.params[:0], stack[:n]...)
	args, err := sig.LiftParams(opts, params)
	if err != nil {
		return adapterTrap(err, opts.Adapter)
	}
	res, err := in.call(ctx, h.Callee, args, scope, h.Inst)
	if err != nil {
		return err
	}
	caller := &in.comps[h.Inst]
	caller.mayLeave = false
	flat, err := sig.LowerResult(ctx, opts, res, params, o.results[:0])
	if err != nil {
		return adapterTrap(err, opts.Adapter)
	}
	caller.mayLeave = true
	if sig.Async {
		// The callee ran to completion: no subtask is left behind.
		stack[0] = subtaskReturned
		return nil
	}
	copy(stack, flat)
	return nil
}

// callCore calls a core function of the instance (destructors).
func callCore(ctx context.Context, f *engine.Func, args ...uint64) error {
	_, err := f.Call(ctx, args...)
	return err
}

// adapterTrap words a canonical ABI trap raised on a guest-to-guest call as
// the wasm trap of wasmtime's fused adapter.
func adapterTrap(err error, adapter bool) error {
	var ct *canon.Trap
	if adapter && errors.As(err, &ct) {
		return &Trap{Reason: "wasm trap: " + ct.Reason, Err: err}
	}
	return err
}

// lowerArgsFailed classifies a failure to lower arguments into a callee.
// From the host, an argument the canonical ABI refuses (a value of the
// wrong type, a handle of another instance) is an *ArgumentError and
// leaves the callee enterable; a trap (in realloc, say) stays a trap.
func (in *Instance) lowerArgsFailed(l *liftRT, i int, err error, fromGuest bool) error {
	if !fromGuest && !isTrap(err) {
		in.abandon(l)
		return &ArgumentError{Index: max(i, 0), Err: err}
	}
	if i >= 0 {
		err = fmt.Errorf("argument %d: %w", i, err)
	}
	return adapterTrap(err, fromGuest)
}

func isTrap(err error) bool {
	var t *Trap
	var ct *canon.Trap
	var et *engine.Trap
	return errors.As(err, &t) || errors.As(err, &ct) || errors.As(err, &et)
}

// abandon undoes enterLift for a call that failed before entering the
// guest (a bad argument from the host): the callee stays usable.
func (in *Instance) abandon(l *liftRT) {
	in.comps[l.inst].mayLeave = true
	in.setEntered(l.caller, l.inst, false)
}
