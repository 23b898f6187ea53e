package weft

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/weftwasm/weft/internal/canon"
	"github.com/weftwasm/weft/internal/engine"
	"github.com/weftwasm/weft/internal/plan"
	"github.com/weftwasm/weft/value"
)

// Instance is an instantiated component. Calls into one Instance must not
// run concurrently (a component instance is single-threaded); use one
// Instance per goroutine, or per request.
type Instance struct {
	data   any
	pre    *InstancePre
	store  *engine.Store
	core   []*engine.Instance // by plan.CoreInstID
	comps  []compInst         // by plan.CompInstID
	lifts  []*liftRT          // by plan.LiftID, resolved on first use
	hosts  []*optsRT          // by plan.HostFuncID, resolved on first use
	scopes []*callScope       // free call scopes
	tasks  []*task            // async-lifted calls in progress, innermost last
	// rtypes are the resource types of this instance by plan.ResourceID;
	// byRuntime maps them back.
	rtypes    []*value.ResourceType
	byRuntime map[*value.ResourceType]plan.ResourceID
	poison    error

	closed atomic.Bool
}

// compInst is the runtime state of one component instance of the plan.
type compInst struct {
	mayEnter, mayLeave bool
	handles            handleTable
	context            [1]uint64 // context.get/set slot 0 of the current task
	backpressure       uint32
}

// Instantiate creates a fresh Instance: it instantiates the core modules in
// plan order and runs start functions. A trap while instantiating returns a
// *Trap.
func (pre *InstancePre) Instantiate(ctx context.Context) (*Instance, error) {
	return pre.InstantiateWithData(ctx, nil)
}

// InstantiateWithData is Instantiate with a value the host functions
// called by this instance reach through InstanceData: per-instance host
// state, such as a WASI context.
//
//	in, err := pre.InstantiateWithData(ctx, &session{user: u})
//	// in a HostFunc: s := weft.InstanceData(ctx).(*session)
func (pre *InstancePre) InstantiateWithData(ctx context.Context, data any) (*Instance, error) {
	p := pre.c.plan
	in := &Instance{
		data:  data,
		pre:   pre,
		core:  make([]*engine.Instance, p.CoreInsts),
		comps: make([]compInst, p.CompInsts),
		lifts: make([]*liftRT, len(p.Lifts)),
		hosts: make([]*optsRT, len(p.HostFuncs)),
	}
	for i := range in.comps {
		in.comps[i].mayEnter, in.comps[i].mayLeave = true, true
	}
	in.rtypes = make([]*value.ResourceType, len(p.Resources))
	in.byRuntime = make(map[*value.ResourceType]plan.ResourceID, len(p.Resources))
	for i, r := range p.Resources {
		switch {
		case r.Imported && pre.toHost[r.Type] != nil:
			in.rtypes[i] = pre.toHost[r.Type]
		case r.Imported:
			in.rtypes[i] = r.Type
		default:
			in.rtypes[i] = &value.ResourceType{Name: r.Type.Name}
		}
		in.byRuntime[in.rtypes[i]] = plan.ResourceID(i)
	}
	in.store = pre.c.rt.eng.NewStore(in)
	// Host functions find their Instance through the engine's caller, except
	// while a core module's start function runs (the engine registers the
	// instance only after it): then they find it in the context.
	ctx = context.WithValue(ctx, instanceKey{}, in)
	fail := func(err error) (*Instance, error) {
		_ = in.store.Close(ctx)
		return nil, fmt.Errorf("weft: instantiate: %w", asTrap(err))
	}
	host, err := in.store.Instantiate(ctx, pre.hostMod, nil)
	if err != nil {
		return fail(err)
	}
	in.core[plan.HostInstance] = host
	next := plan.HostInstance + 1
	for _, st := range p.Steps {
		switch st.Kind {
		case plan.StepInstantiate:
			imports := make(engine.Imports, len(st.Args))
			for _, a := range st.Args {
				imports[a.Name] = in.core[a.Inst]
			}
			ci, err := in.store.Instantiate(ctx, pre.c.modules[st.Module], imports)
			if err != nil {
				return fail(err)
			}
			in.core[next] = ci
			next++
		case plan.StepBag:
			items := make([]engine.BagItem, len(st.Items))
			for i, it := range st.Items {
				items[i] = engine.BagItem{Name: it.Name, From: in.core[it.Item.Inst], Export: it.Item.Name}
			}
			ci, err := in.store.Bag(ctx, items)
			if err != nil {
				return fail(err)
			}
			in.core[next] = ci
			next++
		case plan.StepStart:
			if _, err := in.call(ctx, st.Start, nil, &callScope{}, plan.NoCompInst); err != nil {
				return fail(err)
			}
		}
	}
	return in, nil
}

// Close frees the instance's core instances. Later calls fail with ErrClosed.
func (in *Instance) Close(ctx context.Context) error {
	in.closed.Store(true)
	return in.store.Close(ctx)
}

// Func returns the exported function called name: a plain export name
// ("add"), a function of an exported instance ("example:calculator/math#add"),
// or, through nested exported instances, "outer#inner#f".
func (in *Instance) Func(name string) (*Func, error) {
	x, err := in.pre.c.lookupExport(name)
	if err != nil {
		return nil, err
	}
	if x.Kind != plan.ExportFunc {
		return nil, fmt.Errorf("weft: export %q is not a function: %w", name, &MissingExportError{Name: name})
	}
	return &Func{in: in, ref: x.Func, name: name, typ: in.pre.c.funcType(x.Func)}, nil
}

// ExportedInstance is an instance exported by a component instance, e.g.
// the instance exported as "example:calculator/math".
type ExportedInstance struct {
	in      *Instance
	path    string
	exports *plan.Exports
}

// Instance returns the instance exported as name ("ns:pkg/iface@1.0.0", or
// "outer#inner" for an instance exported by an exported instance).
//
//	math, err := inst.Instance("example:calculator/math")
//	add, err := math.Func("add")
func (in *Instance) Instance(name string) (*ExportedInstance, error) {
	x, err := in.pre.c.lookupExport(name)
	if err != nil {
		return nil, err
	}
	if x.Kind != plan.ExportInstance {
		return nil, fmt.Errorf("weft: export %q is not an instance: %w", name, &MissingExportError{Name: name})
	}
	return &ExportedInstance{in: in, path: name, exports: x.Instance}, nil
}

// Func returns the function exported by the instance as name.
func (e *ExportedInstance) Func(name string) (*Func, error) {
	return e.in.Func(e.path + "#" + name)
}

// Instance returns the instance exported by the instance as name.
func (e *ExportedInstance) Instance(name string) (*ExportedInstance, error) {
	return e.in.Instance(e.path + "#" + name)
}

// Exports lists the names the instance exports.
func (e *ExportedInstance) Exports() []string { return append([]string(nil), e.exports.Names...) }

// Exports lists the names of the instance's top-level exports.
func (in *Instance) Exports() []string { return in.pre.c.ExportNames() }

// ExportedType returns the resource type exported as name (e.g.
// "ns:pkg/iface#res"), for recognising handles the instance returns.
func (in *Instance) ExportedType(name string) (*value.ResourceType, error) {
	x, err := in.pre.c.lookupExport(name)
	if err != nil {
		return nil, err
	}
	if x.Kind != plan.ExportType || x.Resource == nil {
		return nil, fmt.Errorf("weft: export %q is not a resource type", name)
	}
	return in.runtimeType(x.Resource), nil
}

func (c *Component) lookupExport(name string) (*plan.Export, error) {
	exports := &c.plan.Exports
	if x, ok := exports.Lookup(name); ok {
		return x, nil
	}
	parts := strings.Split(name, "#")
	for i, part := range parts {
		x, ok := exports.Lookup(part)
		if !ok {
			return nil, &MissingExportError{Name: name, Have: exports.Names}
		}
		if i == len(parts)-1 {
			return x, nil
		}
		if x.Kind != plan.ExportInstance {
			return nil, &MissingExportError{Name: name, Have: exports.Names}
		}
		exports = x.Instance
	}
	return nil, &MissingExportError{Name: name}
}

func (c *Component) funcType(ref plan.FuncRef) *value.FuncType {
	if ref.Lifted {
		return c.plan.Lifts[ref.Lift].Type
	}
	return c.plan.Imports[ref.Import].Type
}

// optsRT are canonical options resolved against the running core instances.
type optsRT struct {
	opts canon.Options
	post *engine.Func
	// per-call state of a lowered import, reused: see callLower
	call            canon.Options
	view            tableView
	params, results []uint64
}

// liftRT is a lifted function resolved against the running core instances.
type liftRT struct {
	optsRT
	fn     *engine.Func
	inst   plan.CompInstID // the component instance the function belongs to
	caller plan.CompInstID // the caller of the call in progress
	// per-call state, reused: see callLift
	call             canon.Options
	view             tableView
	typed            tcx
	stack, postStack []uint64
}

func (in *Instance) resolveOpts(o *plan.Options) (optsRT, error) {
	var r optsRT
	switch o.Encoding {
	case 0x01:
		r.opts.StringEncoding = canon.UTF16
	case 0x02:
		r.opts.StringEncoding = canon.Latin1UTF16
	}
	if o.Memory != nil {
		m, err := in.coreInst(o.Memory.Inst).Memory(o.Memory.Name)
		if err != nil {
			return r, err
		}
		r.opts.Memory = m
	}
	if o.Realloc != nil {
		f, err := in.coreInst(o.Realloc.Inst).Func(o.Realloc.Name)
		if err != nil {
			return r, err
		}
		r.opts.Realloc = func(ctx context.Context, oldPtr, oldSize, align, newSize uint32) (uint32, error) {
			res, err := f.Call(ctx, uint64(oldPtr), uint64(oldSize), uint64(align), uint64(newSize))
			if err != nil {
				return 0, err
			}
			if len(res) != 1 {
				return 0, trapf("realloc returned %d values", len(res))
			}
			return uint32(res[0]), nil
		}
	}
	if o.PostReturn != nil {
		f, err := in.coreInst(o.PostReturn.Inst).Func(o.PostReturn.Name)
		if err != nil {
			return r, err
		}
		r.post = f
	}
	return r, nil
}

func (in *Instance) lift(id plan.LiftID) (*liftRT, error) {
	if l := in.lifts[id]; l != nil {
		return l, nil
	}
	pl := &in.pre.c.plan.Lifts[id]
	o, err := in.resolveOpts(&pl.Opts)
	if err != nil {
		return nil, err
	}
	fn, err := in.coreInst(pl.Core.Inst).Func(pl.Core.Name)
	if err != nil {
		return nil, err
	}
	sig := in.pre.c.lifts[id]
	l := &liftRT{optsRT: o, fn: fn, inst: pl.Inst}

	l.call = l.opts
	l.view = tableView{in: in, comp: pl.Inst}
	l.call.Handles = &l.view
	if sig != nil {
		l.stack = make([]uint64, 0, max(fn.StackLen(), len(sig.CoreParams), len(sig.CoreResults)))
		if o.post != nil {
			l.postStack = make([]uint64, 0, max(o.post.StackLen(), len(sig.CoreResults)))
		}
	}
	in.lifts[id] = l
	return l, nil
}

func (in *Instance) hostOpts(id plan.HostFuncID) (*optsRT, error) {
	if o := in.hosts[id]; o != nil {
		return o, nil
	}
	h := &in.pre.c.plan.HostFuncs[id]
	o, err := in.resolveOpts(&h.Opts)
	if err != nil {
		return nil, err
	}
	o.call = o.opts
	o.view = tableView{in: in, comp: h.Inst}
	o.call.Handles = &o.view
	o.call.Adapter = h.Callee.Lifted
	if sig := in.pre.c.lowers[id]; sig != nil {
		o.params = make([]uint64, 0, len(sig.CoreParams))
		o.results = make([]uint64, 0, len(sig.CoreResults))
	}
	in.hosts[id] = &o // o lives on the heap, so o.call.Handles stays valid
	return &o, nil
}

// coreInst returns core instance i, or an empty stand-in (whose lookups
// fail with an error) while it is not instantiated yet.
func (in *Instance) coreInst(i plan.CoreInstID) *engine.Instance {
	if ci := in.core[i]; ci != nil {
		return ci
	}
	return &engine.Instance{}
}

type instanceKey struct{}

// InstanceData returns the data given to InstantiateWithData for the
// instance whose guest code called the running host function (nil outside
// host functions, or when there is none).
func InstanceData(ctx context.Context) any {
	if in, ok := ctx.Value(instanceKey{}).(*Instance); ok {
		return in.data
	}
	return nil
}
