// Package engine is the boundary between weft's component layer and the core WebAssembly
// engine, wazero. Every wazero call in weft lives here: compiling core modules, wiring
// anonymous core instances together (including renamed "bags" of items taken from several
// instances), host functions, calls, traps, and access to memories, tables and globals.
//
// The life cycle is Engine → Module (compiled once) → Store (one per component instance)
// → Instance (anonymous, as many as needed) → Func, Memory, Table, Global handles.
//
//	eng, _ := engine.New(ctx, engine.NewConfig())
//	defer eng.Close(ctx)
//	mod, _ := eng.Compile(ctx, wasmBytes)
//	st := eng.NewStore(nil)
//	inst, _ := st.Instantiate(ctx, mod, engine.Imports{"env": hostInst})
//	add, _ := inst.Func("add")
//	res, err := add.Call(ctx, 1, 2)
package engine

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// ErrClosed is returned when an Engine, Store or Instance is used after Close.
var ErrClosed = errors.New("engine: closed")

// Engine compiles core modules and owns everything instantiated from them. It is safe for
// concurrent use.
type Engine struct {
	cfg    Config
	rt     wazero.Runtime
	cache  wazero.CompilationCache
	modCfg wazero.ModuleConfig // anonymous, no "_start"/"_initialize"; immutable, so shared

	closed atomic.Bool

	mu   sync.Mutex
	bags map[string]*Module // pass-through modules by their binary

	// instances maps every live wazero module instance to its *Instance, so a host
	// function can find out which instance called it.
	instances sync.Map
}

// New creates an Engine from cfg.
func New(ctx context.Context, cfg Config) (*Engine, error) {
	rc, err := cfg.runtimeConfig()
	if err != nil {
		return nil, err
	}
	e := &Engine{cfg: cfg, bags: map[string]*Module{},
		// Every instance is anonymous and runs no "_start" or "_initialize" export. The
		// random source only avoids wazero seeding a fake one per instance (60% of the
		// instantiation time of small modules): no core module can reach wazero's system
		// context, since weft, not wazero, implements WASI.
		modCfg: wazero.NewModuleConfig().WithName("").WithStartFunctions().WithRandSource(rand.Reader)}
	if cfg.cacheDir != "" {
		e.cache, err = wazero.NewCompilationCacheWithDir(cfg.cacheDir)
		if err != nil {
			return nil, fmt.Errorf("engine: compilation cache %q: %w", cfg.cacheDir, err)
		}
		rc = rc.WithCompilationCache(e.cache)
	}
	e.rt = wazero.NewRuntimeWithConfig(ctx, rc)
	return e, nil
}

// Config returns the configuration the Engine was created with.
func (e *Engine) Config() Config { return e.cfg }

// Close frees every module, store and instance of the engine. Later calls fail with ErrClosed.
func (e *Engine) Close(ctx context.Context) error {
	if e.closed.Swap(true) {
		return nil
	}
	err := e.rt.Close(ctx)
	if e.cache != nil {
		err = errors.Join(err, e.cache.Close(ctx))
	}
	return err
}

// Module is a compiled core module (or a compiled set of host functions). It can be
// instantiated any number of times, in any Store of its Engine.
type Module struct {
	e          *Engine
	compiled   wazero.CompiledModule
	imports    []Import
	exports    []Export
	byName     map[string]int
	emptyAlias string // the module name that stands for "" after renaming, if any
}

// Compile validates and compiles a core module binary. Imports from the empty module
// name "" are accepted (they are renamed inside, invisibly to callers).
func (e *Engine) Compile(ctx context.Context, bin []byte) (*Module, error) {
	if e.closed.Load() {
		return nil, ErrClosed
	}
	info, err := decodeModule(bin)
	if err != nil {
		return nil, fmt.Errorf("engine: compile: %w", err)
	}
	m := &Module{e: e, imports: info.imports, exports: info.exports}
	for _, imp := range info.imports {
		if imp.Module == "" {
			m.emptyAlias = emptyNameAlias(info)
			bin = renameEmptyImports(bin, info, m.emptyAlias)
			break
		}
	}
	m.compiled, err = e.rt.CompileModule(ctx, bin)
	if err != nil {
		return nil, fmt.Errorf("engine: compile: %w", err)
	}
	m.index()
	return m, nil
}

func (m *Module) index() {
	m.byName = make(map[string]int, len(m.exports))
	for i, x := range m.exports {
		m.byName[x.Name] = i
	}
}

// Imports returns the module's imports in order, with their types. The caller must not modify it.
func (m *Module) Imports() []Import { return m.imports }

// Exports returns the module's exports in order, with their types. The caller must not modify it.
func (m *Module) Exports() []Export { return m.exports }

// Close frees the compiled code. Instances already created keep working.
func (m *Module) Close(ctx context.Context) error { return m.compiled.Close(ctx) }

// bag returns the compiled pass-through module with binary bin, compiling it once per engine.
func (e *Engine) bag(ctx context.Context, bin []byte, exports []Export) (*Module, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if m, ok := e.bags[string(bin)]; ok {
		return m, nil
	}
	compiled, err := e.rt.CompileModule(ctx, bin)
	if err != nil {
		return nil, fmt.Errorf("engine: compile pass-through module: %w", err)
	}
	m := &Module{e: e, compiled: compiled, exports: exports}
	m.index()
	e.bags[string(bin)] = m
	return m, nil
}

// instanceOf returns the *Instance wrapping a wazero module instance, or nil.
func (e *Engine) instanceOf(mod api.Module) *Instance {
	if v, ok := e.instances.Load(mod); ok {
		return v.(*Instance)
	}
	return nil
}
