package weft

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"

	"github.com/weftwasm/weft/semver"

	"github.com/weftwasm/weft/internal/canon"
	"github.com/weftwasm/weft/internal/engine"
	"github.com/weftwasm/weft/internal/plan"
	"github.com/weftwasm/weft/value"
)

// HostFunc implements a component function in Go. It receives the lifted
// arguments and returns the results (none or one, as the function type
// says). A non-nil error traps the calling guest; a WIT result<_, E> is an
// ordinary value, not an error.
//
//	double := func(ctx context.Context, args []value.Value) ([]value.Value, error) {
//		return []value.Value{value.U32(2 * args[0].U32())}, nil
//	}
type HostFunc func(ctx context.Context, args []value.Value) ([]value.Value, error)

// ResourceDtor is called when the last owning handle of a host resource
// held by a guest is dropped, with the resource's representation.
type ResourceDtor func(ctx context.Context, rep uint32) error

type hostFuncDef struct {
	name string
	typ  *value.FuncType
	fn   HostFunc
}

type hostResourceDef struct {
	typ  *value.ResourceType
	dtor ResourceDtor
}

// Linker holds host definitions for the imports of components. Names are
// import names: "f" for a top-level function import, "ns:pkg/iface@1.2.3#f"
// for function f of an imported instance. A definition satisfies imports
// of any semver-compatible version: "a:b/c@0.2.3#f" satisfies an import of
// "a:b/c@0.2.1#f" (same major version, or same minor version below 1.0).
//
// Define everything before instantiating; a Linker is not safe for
// concurrent definition.
//
//	l := weft.NewLinker()
//	err := l.DefineFunc("example:host/log@1.0.0#print",
//		&value.FuncType{Params: []value.Param{{Name: "msg", Type: value.StringType}}},
//		func(ctx context.Context, args []value.Value) ([]value.Value, error) {
//			fmt.Println(args[0].Str())
//			return nil, nil
//		})
type Linker struct {
	funcs     map[string]*hostFuncDef
	resources map[string]*hostResourceDef
}

// NewLinker returns an empty Linker.
func NewLinker() *Linker {
	return &Linker{funcs: map[string]*hostFuncDef{}, resources: map[string]*hostResourceDef{}}
}

// DefineFunc defines the host function name with type typ.
func (l *Linker) DefineFunc(name string, typ *value.FuncType, fn HostFunc) error {
	if typ == nil || fn == nil {
		return fmt.Errorf("weft: define %s: missing type or function", name)
	}
	if _, dup := l.funcs[name]; dup {
		return fmt.Errorf("weft: define %s: already defined", name)
	}
	l.funcs[name] = &hostFuncDef{name: name, typ: typ, fn: fn}
	return nil
}

// DefineResource defines the host resource type name (for an import
// `(type (sub resource))`), e.g. "wasi:io/streams@0.2.0#input-stream".
// Guests see handles to it; dtor, if not nil, runs when a guest drops the
// last owning handle.
func (l *Linker) DefineResource(name string, typ *value.ResourceType, dtor ResourceDtor) error {
	if typ == nil {
		return fmt.Errorf("weft: define %s: missing resource type", name)
	}
	if _, dup := l.resources[name]; dup {
		return fmt.Errorf("weft: define %s: already defined", name)
	}
	l.resources[name] = &hostResourceDef{typ: typ, dtor: dtor}
	return nil
}

// lookup finds the definition for an import path, exactly or through a
// semver-compatible version.
func lookup[T any](defs map[string]T, path string) (T, bool) {
	if d, ok := defs[path]; ok {
		return d, true
	}
	var zero T
	want, ok := splitVersion(path)
	if !ok {
		return zero, false
	}
	var best T
	var bestVer semver.Version
	found := false
	for name, d := range defs {
		have, ok := splitVersion(name)
		if !ok || have.pkg != want.pkg || have.rest != want.rest ||
			!semver.Compatible(want.ver, have.ver) || semver.Compare(have.ver, want.ver) < 0 {
			continue
		}
		if !found || semver.Compare(have.ver, bestVer) > 0 {
			best, bestVer, found = d, have.ver, true
		}
	}
	return best, found
}

type versioned struct {
	pkg  string // "ns:pkg/iface"
	ver  semver.Version
	rest string // "#f" or ""
}

// splitVersion splits "ns:pkg/iface@1.2.3#f"; it fails for names without a
// release version (pre-releases match only exactly).
func splitVersion(name string) (versioned, bool) {
	pkg, after, ok := strings.Cut(name, "@")
	if !ok {
		return versioned{}, false
	}
	ver, rest, hasRest := strings.Cut(after, "#")
	if hasRest {
		rest = "#" + rest
	}
	v, err := semver.Parse(ver)
	if err != nil || v.Pre != "" {
		return versioned{}, false
	}
	return versioned{pkg: pkg, ver: v, rest: rest}, true
}

// InstancePre is a component with its imports resolved and type-checked
// against a Linker's definitions; Instantiate it any number of times.
type InstancePre struct {
	c       *Component
	imports []*hostFuncDef                              // by plan.ImportID
	hostRes map[*value.ResourceType]*hostResourceDef    // plan resource → host definition
	toHost  map[*value.ResourceType]*value.ResourceType // plan resource → host type
	hostMod *engine.Module
}

// InstantiatePre resolves and type-checks c's imports. An import nothing
// defines fails with *UnknownImportError, a definition of the wrong type
// with *ImportTypeError.
func (l *Linker) InstantiatePre(ctx context.Context, c *Component) (*InstancePre, error) {
	p := c.plan
	if len(p.Unresolved) > 0 {
		return nil, &UnknownImportError{Name: p.Unresolved[0]}
	}
	pre := &InstancePre{c: c, imports: make([]*hostFuncDef, len(p.Imports)),
		hostRes: map[*value.ResourceType]*hostResourceDef{}, toHost: map[*value.ResourceType]*value.ResourceType{}}
	for _, r := range p.Resources {
		if !r.Imported || r.Import == "" {
			continue
		}
		d, ok := lookup(l.resources, r.Import)
		if !ok {
			return nil, &UnknownImportError{Name: r.Import}
		}
		pre.hostRes[r.Type], pre.toHost[r.Type] = d, d.typ
	}
	for i, im := range p.Imports {
		d, ok := lookup(l.funcs, im.Path)
		if !ok {
			return nil, &UnknownImportError{Name: im.Path}
		}
		if !pre.funcTypeMatches(im.Type, d.typ) {
			return nil, &ImportTypeError{Name: im.Path, Want: im.Type.String(), Have: d.typ.String()}
		}
		pre.imports[i] = d
	}
	if err := pre.compileHost(ctx); err != nil {
		return nil, err
	}
	return pre, nil
}

// Instantiate is InstantiatePre followed by InstancePre.Instantiate.
func (l *Linker) Instantiate(ctx context.Context, c *Component) (*Instance, error) {
	pre, err := l.InstantiatePre(ctx, c)
	if err != nil {
		return nil, err
	}
	return pre.Instantiate(ctx)
}

// compileHost compiles the host functions of the plan (lowered imports and
// built-ins) into one host module; each function finds its Instance through
// the engine store's data.
func (pre *InstancePre) compileHost(ctx context.Context) error {
	p := pre.c.plan
	defs := make([]engine.HostFuncDef, len(p.HostFuncs))
	for i := range p.HostFuncs {
		id := plan.HostFuncID(i)
		params, results, err := pre.c.hostSig(id)
		if err != nil {
			return fmt.Errorf("weft: %s: %w", p.HostFuncs[i].Op, err)
		}
		defs[i] = engine.HostFuncDef{
			Name: plan.HostFuncName(id),
			Type: engine.FuncType{Params: params, Results: results},
			Fn: func(ctx context.Context, caller engine.Caller, stack []uint64) error {
				if st := caller.Store(); st != nil {
					if in, ok := st.Data().(*Instance); ok {
						return in.host(ctx, id, stack)
					}
				}
				if in, ok := ctx.Value(instanceKey{}).(*Instance); ok && in.pre == pre {
					return in.host(ctx, id, stack)
				}
				return errors.New("weft: host function called outside its instance")
			},
		}
	}
	m, err := pre.c.rt.eng.CompileHost(ctx, defs)
	if err != nil {
		return fmt.Errorf("weft: %w", err)
	}
	pre.hostMod = m
	// wazero identifies a compiled host module by its address and caches
	// its code by that identity: once this one is garbage, a new host module
	// could land at the same address and be given this one's code (with
	// this plan's closures). Closing it when the InstancePre (and so every
	// Instance made from it) is unreachable removes it from that cache.
	runtime.AddCleanup(pre, func(m *engine.Module) { _ = m.Close(context.Background()) }, m)
	return nil
}

var coreTypes = map[canon.CoreType]engine.ValType{
	canon.I32: engine.I32, canon.I64: engine.I64, canon.F32: engine.F32, canon.F64: engine.F64,
}

var planCoreTypes = map[plan.CoreType]engine.ValType{
	plan.I32: engine.I32, plan.I64: engine.I64, plan.F32: engine.F32, plan.F64: engine.F64,
}

func engineTypes[K comparable](m map[K]engine.ValType, ts []K) []engine.ValType {
	out := make([]engine.ValType, len(ts))
	for i, t := range ts {
		out[i] = m[t]
	}
	return out
}

// hostSig is the core signature of host function id.
func (c *Component) hostSig(id plan.HostFuncID) (params, results []engine.ValType, err error) {
	if sig := c.lowers[id]; sig != nil {
		return engineTypes(coreTypes, sig.CoreParams), engineTypes(coreTypes, sig.CoreResults), nil
	}
	h := &c.plan.HostFuncs[id]
	return engineTypes(planCoreTypes, h.Params), engineTypes(planCoreTypes, h.Results), nil
}
