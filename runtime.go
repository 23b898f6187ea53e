// Package weft runs WebAssembly components on wazero.
//
// A Runtime compiles component binaries; a Linker holds the host
// definitions for their imports; an InstancePre is a component with its
// imports resolved and type-checked once; Instantiate makes Instances from
// it, and an Instance's Funcs are called with dynamic values:
//
//	rt, err := weft.NewRuntime(ctx, weft.NewConfig())
//	defer rt.Close(ctx)
//	c, err := rt.Compile(ctx, wasm)
//	inst, err := weft.NewLinker().Instantiate(ctx, c)
//	add, err := inst.Func("example:calculator/math#add")
//	res, err := add.Call(ctx, value.F64(1), value.F64(2)) // [3]
package weft

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/weftwasm/weft/component"
	"github.com/weftwasm/weft/internal/canon"
	"github.com/weftwasm/weft/internal/engine"
	"github.com/weftwasm/weft/internal/plan"
	"github.com/weftwasm/weft/value"
)

// EngineKind selects how core WebAssembly code is executed.
type EngineKind uint8

// The engine kinds.
const (
	// EngineAuto uses the compiler where wazero supports it, else the interpreter.
	EngineAuto EngineKind = iota
	// EngineCompiler compiles core modules to native code.
	EngineCompiler
	// EngineInterpreter interprets core modules: faster to start, slower to run.
	EngineInterpreter
)

// String returns "auto", "compiler" or "interpreter".
func (k EngineKind) String() string { return k.backend().String() }

func (k EngineKind) backend() engine.Backend {
	switch k {
	case EngineCompiler:
		return engine.BackendCompiler
	case EngineInterpreter:
		return engine.BackendInterpreter
	}
	return engine.BackendAuto
}

// CoreFeatures is a set of core WebAssembly features beyond WebAssembly 2.0,
// which is always enabled.
type CoreFeatures uint32

// The optional core features.
const (
	FeatureThreads           CoreFeatures = CoreFeatures(engine.FeatureThreads)
	FeatureTailCall          CoreFeatures = CoreFeatures(engine.FeatureTailCall)
	FeatureExtendedConst     CoreFeatures = CoreFeatures(engine.FeatureExtendedConst)
	FeatureExceptionHandling CoreFeatures = CoreFeatures(engine.FeatureExceptionHandling)
	// DefaultFeatures is what current toolchains emit and wazero supports.
	DefaultFeatures = CoreFeatures(engine.DefaultFeatures)
)

// Config configures a Runtime. It is an immutable value: each With method
// returns a changed copy and never fails; problems surface in NewRuntime.
//
//	cfg := weft.NewConfig().WithEngine(weft.EngineInterpreter).WithCacheDir(dir)
type Config struct {
	kind     EngineKind
	cacheDir string
	memPages uint32
	features CoreFeatures
	ctxDone  bool
}

// NewConfig returns the default configuration: EngineAuto, no on-disk
// cache, wazero's memory limit (4 GiB), DefaultFeatures.
func NewConfig() Config { return Config{features: DefaultFeatures} }

// WithEngine selects the compiler or the interpreter.
func (c Config) WithEngine(k EngineKind) Config { c.kind = k; return c }

// WithCacheDir keeps compiled core modules in dir across processes ("" turns
// the cache off).
func (c Config) WithCacheDir(dir string) Config { c.cacheDir = dir; return c }

// WithMemoryLimitPages caps every linear memory at pages 64 KiB pages (0 is
// wazero's default, 65536 pages).
func (c Config) WithMemoryLimitPages(pages uint32) Config { c.memPages = pages; return c }

// WithCoreFeatures replaces the enabled post-2.0 core features.
func (c Config) WithCoreFeatures(f CoreFeatures) Config { c.features = f; return c }

// WithCloseOnContextDone makes a running call stop when its context is
// cancelled or times out (the call fails and the instance is poisoned). It
// costs some speed in compiled code, so it is off by default.
func (c Config) WithCloseOnContextDone(on bool) Config { c.ctxDone = on; return c }

// Runtime compiles components. It is safe for concurrent use.
type Runtime struct {
	eng *engine.Engine
}

// NewRuntime creates a Runtime from cfg.
func NewRuntime(ctx context.Context, cfg Config) (*Runtime, error) {
	ec := engine.NewConfig().WithBackend(cfg.kind.backend()).WithCacheDir(cfg.cacheDir).
		WithMemoryLimitPages(cfg.memPages).WithFeatures(engine.Features(cfg.features)).
		WithInterruptOnContextDone(cfg.ctxDone)
	eng, err := engine.New(ctx, ec)
	if err != nil {
		return nil, fmt.Errorf("weft: %w", err)
	}
	return &Runtime{eng: eng}, nil
}

// Close frees everything the Runtime compiled and instantiated.
func (r *Runtime) Close(ctx context.Context) error { return r.eng.Close(ctx) }

// Component is a compiled component: its plan and its compiled core
// modules. Instantiate it through a Linker.
type Component struct {
	rt      *Runtime
	plan    *plan.Plan
	modules []*engine.Module
	layouts canon.Cache
	lifts   []*canon.Signature // by plan.LiftID; nil when the function is async
	lowers  []*canon.Signature // by plan.HostFuncID, for lowers and task.return
	// resources finds a resource type's entry in the plan.
	resources map[*value.ResourceType]plan.ResourceID
}

// Compile decodes and validates a component binary, plans its instantiation and compiles
// its core modules (once each, through the on-disk cache if configured).
func (r *Runtime) Compile(ctx context.Context, bin []byte) (*Component, error) {
	ast, err := component.Decode(bin)
	if err != nil {
		return nil, fmt.Errorf("weft: compile: %w", err)
	}
	if _, err := component.Validate(ast); err != nil {
		return nil, fmt.Errorf("weft: compile: invalid component: %w", err)
	}
	p, err := plan.Build(ast)
	if err != nil {
		return nil, fmt.Errorf("weft: compile: %w", err)
	}
	c := &Component{rt: r, plan: p, resources: map[*value.ResourceType]plan.ResourceID{}}
	for i, res := range p.Resources {
		c.resources[res.Type] = plan.ResourceID(i)
	}
	for i, m := range p.Modules {
		mod, err := r.eng.Compile(ctx, m)
		if err != nil {
			return nil, fmt.Errorf("weft: compile: core module %d: %w", i, err)
		}
		c.modules = append(c.modules, mod)
	}
	c.lifts = make([]*canon.Signature, len(p.Lifts))
	for i, l := range p.Lifts {
		if l.Opts.Async {
			c.lifts[i], err = c.layouts.AsyncSignature(syncType(l.Type), canon.CanonLift, l.Opts.Callback != nil)
		} else {
			c.lifts[i], err = c.layouts.Signature(syncType(l.Type), canon.CanonLift)
		}
		if err != nil {
			return nil, fmt.Errorf("weft: compile: lifted function %s: %w", l.Type, err)
		}
	}
	c.lowers = make([]*canon.Signature, len(p.HostFuncs))
	for i, h := range p.HostFuncs {
		switch {
		case h.Type == nil:
			continue
		case h.Opts.Async:
			c.lowers[i], err = c.layouts.AsyncSignature(syncType(h.Type), canon.CanonLower, false)
		default:
			c.lowers[i], err = c.layouts.Signature(syncType(h.Type), canon.CanonLower)
		}
		if err != nil {
			return nil, fmt.Errorf("weft: compile: %s of %s: %w", h.Op, h.Type, err)
		}
	}
	return c, nil
}

// syncType returns ft without its async marker: an async-typed function
// lifted or lowered without the async option uses the synchronous ABI.
func syncType(ft *value.FuncType) *value.FuncType {
	if !ft.Async {
		return ft
	}
	sync := *ft
	sync.Async = false
	return &sync
}

// Import describes one item a component needs from the host: a function
// (Func is its type) or a resource type (Resource is the component's
// placeholder for it, to be bound with Linker.DefineResource).
type Import struct {
	Name     string // "f", or "ns:pkg/iface@1.0.0#f" for an item of an imported instance
	Func     *value.FuncType
	Resource *value.ResourceType
}

// Imports lists what the component needs from the host, in import order
// (functions first, then resource types). Imports no host can provide (core
// modules, components, values) are listed with neither Func nor Resource.
func (c *Component) Imports() []Import {
	var out []Import
	for _, im := range c.plan.Imports {
		out = append(out, Import{Name: im.Path, Func: im.Type})
	}
	for _, r := range c.plan.Resources {
		if r.Imported && r.Import != "" {
			out = append(out, Import{Name: r.Import, Resource: r.Type})
		}
	}
	for _, n := range c.plan.Unresolved {
		out = append(out, Import{Name: n})
	}
	return out
}

// ImportNames lists the functions and resources the component imports from
// the host, by their full names ("ns:pkg/iface@1.0.0#f" for function f of an
// imported instance).
func (c *Component) ImportNames() []string {
	var out []string
	for _, im := range c.plan.Imports {
		out = append(out, im.Path)
	}
	for _, r := range c.plan.Resources {
		if r.Imported && r.Import != "" {
			out = append(out, r.Import)
		}
	}
	return append(out, c.plan.Unresolved...)
}

// ExportNames lists the component's top-level exports.
func (c *Component) ExportNames() []string {
	return append([]string(nil), c.plan.Exports.Names...)
}

// DefaultCacheDir is the on-disk compilation cache the weft command uses
// unless told otherwise: "weft" under the user's cache directory
// (os.UserCacheDir).
func DefaultCacheDir() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("weft: no cache directory: %w", err)
	}
	return filepath.Join(dir, "weft"), nil
}
