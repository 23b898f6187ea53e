package weft

import (
	"context"
	"errors"
	"fmt"

	"github.com/weftwasm/weft/internal/plan"
	"github.com/weftwasm/weft/value"
)

// handle is one entry of a component instance's handle table.
type handle struct {
	res   *value.ResourceType
	rep   uint32
	own   bool
	lends int        // own handles: borrows of it outstanding
	scope *callScope // borrow handles: the call they belong to
}

// handleTable is a component instance's table of resource handles. Index 0
// is never used; freed indices are reused, most recently freed first.
type handleTable struct {
	slots []*handle
	free  []uint32
}

func (t *handleTable) add(h *handle) uint32 {
	if n := len(t.free); n > 0 {
		i := t.free[n-1]
		t.free = t.free[:n-1]
		t.slots[i] = h
		return i
	}
	if len(t.slots) == 0 {
		t.slots = append(t.slots, nil)
	}
	t.slots = append(t.slots, h)
	return uint32(len(t.slots) - 1)
}

func (t *handleTable) get(i uint32) (*handle, error) {
	if i == 0 || uint64(i) >= uint64(len(t.slots)) || t.slots[i] == nil {
		return nil, trapf("unknown handle index %d", i)
	}
	return t.slots[i], nil
}

func (t *handleTable) remove(i uint32) {
	t.slots[i] = nil
	t.free = append(t.free, i)
}

func wrongType(i uint32) error {
	return trapf("handle index %d used with the wrong type, expected guest-defined resource but found a different guest-defined resource", i)
}

// errMoved is the error of lowering an own handle the host already gave away.
var errMoved = errors.New("weft: the owned handle was already moved into a guest")

type movedHandle struct{}

// borrowed marks a handle lifted as a borrow: it is valid only during the
// call (scope generation gen) that lent it.
type borrowed struct {
	scope *callScope
	gen   uint64
}

// errBorrowEnded is the error of passing a borrowed handle after the call
// that lent it returned.
var errBorrowEnded = errors.New("weft: a borrowed handle was used after the call that lent it returned")

// tableView is the canonical ABI's access to one component instance's
// handle table during one call.
type tableView struct {
	in    *Instance
	comp  plan.CompInstID
	scope *callScope
}

func (v *tableView) table() *handleTable { return &v.in.comps[v.comp].handles }

// LiftHandle takes handle i out of (own) or looks it up in (borrow) the table.
func (v *tableView) LiftHandle(t value.Type, i uint32) (*value.Handle, error) {
	tab := v.table()
	switch t := t.(type) {
	case *value.OwnType:
		h, err := tab.get(i)
		if err != nil {
			return nil, err
		}
		if !h.own || h.res != t.Resource {
			return nil, wrongType(i)
		}
		if h.lends > 0 {
			return nil, trapf("cannot remove owned resource while borrowed")
		}
		tab.remove(i)
		return &value.Handle{Type: v.in.runtimeType(h.res), Rep: h.rep}, nil
	case *value.BorrowType:
		h, err := tab.get(i)
		if err != nil {
			return nil, err
		}
		if h.res != t.Resource {
			return nil, wrongType(i)
		}
		if h.own {
			h.lends++
			v.scope.lent = append(v.scope.lent, h)
		}
		return &value.Handle{Type: v.in.runtimeType(h.res), Rep: h.rep,
			State: borrowed{scope: v.scope, gen: v.scope.gen}}, nil
	}
	return nil, trapf("values of type %s are not supported: component-model async is not implemented", t)
}

// LowerHandle puts a handle into the table (or, for a borrow of a resource
// the instance implements itself, passes the representation).
func (v *tableView) LowerHandle(t value.Type, vh *value.Handle) (uint32, error) {
	if vh == nil {
		return 0, trapf("missing handle")
	}
	switch t := t.(type) {
	case *value.OwnType:
		if vh.Type != v.in.runtimeType(t.Resource) {
			return 0, fmt.Errorf("weft: handle of resource %v passed as own<%s>", vh.Type, t.Resource.Name)
		}
		if _, moved := vh.State.(movedHandle); moved {
			return 0, errMoved
		}
		vh.State = movedHandle{}
		return v.table().add(&handle{res: t.Resource, rep: vh.Rep, own: true}), nil
	case *value.BorrowType:
		if b, ok := vh.State.(borrowed); ok && b.scope.gen != b.gen {
			return 0, errBorrowEnded
		}
		if vh.Type != v.in.runtimeType(t.Resource) {
			return 0, fmt.Errorf("weft: handle of resource %v passed as borrow<%s>", vh.Type, t.Resource.Name)
		}
		if r, ok := v.in.pre.c.resource(t.Resource); ok && !r.Imported && r.Inst == v.comp {
			return vh.Rep, nil
		}
		v.scope.borrows++
		return v.table().add(&handle{res: t.Resource, rep: vh.Rep, scope: v.scope}), nil
	}
	return 0, trapf("values of type %s are not supported: component-model async is not implemented", t)
}

// runtimeType maps a resource type of the plan to its identity in this
// Instance: the host's type for an imported resource, a type of this
// Instance's own for a resource a guest defines (resource types are
// generative: every instantiation makes new ones, so a handle of one
// Instance is never accepted by another).
func (in *Instance) runtimeType(r *value.ResourceType) *value.ResourceType {
	if id, ok := in.pre.c.resources[r]; ok && in.rtypes[id] != nil {
		return in.rtypes[id]
	}
	return r
}

// resource returns the plan's description of resource type r.
func (c *Component) resource(r *value.ResourceType) (*plan.Resource, bool) {
	id, ok := c.resources[r]
	if !ok {
		return nil, false
	}
	return &c.plan.Resources[id], true
}

// resourceBuiltin runs resource.new, resource.rep or resource.drop.
func (in *Instance) resourceBuiltin(ctx context.Context, h *plan.HostFunc, stack []uint64) error {
	r := &in.pre.c.plan.Resources[h.Resource]
	tab := &in.comps[h.Inst].handles
	switch h.Kind {
	case plan.HostResourceNew:
		stack[0] = uint64(tab.add(&handle{res: r.Type, rep: uint32(stack[0]), own: true}))
		return nil
	case plan.HostResourceRep:
		i := uint32(stack[0])
		e, err := tab.get(i)
		if err != nil {
			return err
		}
		if e.res != r.Type {
			return wrongType(i)
		}
		stack[0] = uint64(e.rep)
		return nil
	}
	i := uint32(stack[0])
	e, err := tab.get(i)
	if err != nil {
		return err
	}
	if e.res != r.Type {
		return wrongType(i)
	}
	if !e.own {
		tab.remove(i)
		if e.scope != nil {
			e.scope.borrows--
		}
		return nil
	}
	if e.lends > 0 {
		return trapf("cannot remove owned resource while borrowed")
	}
	tab.remove(i)
	return in.destroy(ctx, r, e.rep, h.Inst)
}

// destroy runs the destructor of resource r for rep, if it has one.
func (in *Instance) destroy(ctx context.Context, r *plan.Resource, rep uint32, from plan.CompInstID) error {
	if r.Imported {
		if d := in.pre.hostRes[r.Type]; d != nil && d.dtor != nil {
			if in.data != nil {
				ctx = context.WithValue(ctx, instanceKey{}, in)
			}
			if err := d.dtor(ctx, rep); err != nil {
				return &Trap{Reason: fmt.Sprintf("host destructor of %s failed: %v", r.Import, err), Err: err}
			}
		}
		return nil
	}
	if r.Dtor == nil {
		return nil
	}
	if r.Inst != from && !in.mayEnter(from, r.Inst) {
		return trapf("cannot enter component instance")
	}
	f, err := in.coreInst(r.Dtor.Inst).Func(r.Dtor.Name)
	if err != nil {
		return err
	}
	return callCore(ctx, f, uint64(rep))
}

// Drop drops an owned handle the instance returned to the host (a value of
// kind own), running the resource's destructor. Dropping a handle twice,
// or one already passed back into a guest, is an error.
//
//	c, _ := makeCounter.Call(ctx, value.U32(1))
//	err := inst.Drop(ctx, c[0])
func (in *Instance) Drop(ctx context.Context, v value.Value) error {
	if v.Kind() != value.KindOwn {
		return fmt.Errorf("weft: drop: expected an own handle, got a %s value", v.Kind())
	}
	h := v.Handle()
	if h == nil {
		return errors.New("weft: drop: nil handle")
	}
	if _, moved := h.State.(movedHandle); moved {
		return errMoved
	}
	id, ok := in.byRuntime[h.Type]
	if !ok {
		return fmt.Errorf("weft: drop: the handle's resource type %v is not one of this instance's", h.Type)
	}
	r := &in.pre.c.plan.Resources[id]
	if r.Imported {
		return fmt.Errorf("weft: drop: %v is a host resource; the host drops it itself", h.Type)
	}
	if err := in.enter(); err != nil {
		return err
	}
	h.State = movedHandle{}
	if err := in.destroy(ctx, r, h.Rep, plan.NoCompInst); err != nil {
		return in.failed(err, "destructor of "+h.Type.Name)
	}
	return nil
}
