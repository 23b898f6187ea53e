package weft

import (
	"context"

	"github.com/weftwasm/weft/internal/canon"
	"github.com/weftwasm/weft/internal/plan"
	"github.com/weftwasm/weft/value"
)

// Component-model async, the part that needs no scheduler: an async-lifted
// function that completes without suspending (a stackful one returning
// after task.return, or a callback one answering EXIT at once), called
// synchronously or through an async lower, which then reports the subtask
// as returned. Suspending (YIELD, WAIT), streams, futures and waitable
// sets trap as not supported.

// The callback codes and the subtask state of the canonical ABI.
const (
	callbackExit    = 0
	subtaskReturned = 2
)

// task is an async-lifted call in progress, waiting for its task.return.
type task struct {
	lift     plan.LiftID
	inst     plan.CompInstID
	scope    *callScope
	result   value.Value
	returned bool
}

// runAsync runs an async-lifted function whose arguments are lowered into
// stack, and returns the result it gave to task.return.
func (in *Instance) runAsync(ctx context.Context, id plan.LiftID, l *liftRT, sig *canon.Signature, scope *callScope, stack []uint64) (value.Value, error) {
	t := &task{lift: id, inst: l.inst, scope: scope}
	in.tasks = append(in.tasks, t)
	defer func() { in.tasks = in.tasks[:len(in.tasks)-1] }()
	stack = stack[:cap(stack)]
	if err := l.fn.CallWithStack(ctx, stack); err != nil {
		return value.Value{}, err
	}
	if sig.Callback && uint32(stack[0]) != callbackExit {
		// YIELD or WAIT: the task waits for other work, which weft cannot
		// run (it has no scheduler), so it could never resume.
		return value.Value{}, trapf("async callback code %#x: suspending a task is not supported (component-model async is not implemented)", uint32(stack[0]))
	}
	if !t.returned {
		return value.Value{}, trapf("wasm trap: async-lifted export failed to produce a result")
	}
	return t.result, nil
}

// taskReturn is canon task.return: it hands the current task its result.
func (in *Instance) taskReturn(id plan.HostFuncID, h *plan.HostFunc, stack []uint64) error {
	n := len(in.tasks)
	if n == 0 || in.tasks[n-1].inst != h.Inst || in.tasks[n-1].returned {
		return trapf("wasm trap: task.return called without a current async task, or twice")
	}
	t := in.tasks[n-1]
	var have value.Type
	if len(h.Type.Params) == 1 {
		have = h.Type.Params[0].Type
	}
	if want := in.pre.c.plan.Lifts[t.lift].Type.Result; !value.Equal(want, have) {
		return trapf("wasm trap: invalid `task.return` signature and/or options for current task")
	}
	sig := in.pre.c.lowers[id]
	o, err := in.hostOpts(id)
	if err != nil {
		return err
	}
	o.view.scope = t.scope
	args, err := sig.LiftParams(&o.call, stack[:len(sig.CoreParams)])
	if err != nil {
		return err
	}
	if len(args) == 1 {
		t.result = args[0]
	}
	t.returned = true
	return nil
}
