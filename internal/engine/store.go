package engine

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// ErrPoisoned is wrapped by the error of every call into a Store after a call in it trapped:
// a trapped instance may be in an inconsistent state and is never entered again.
var ErrPoisoned = errors.New("engine: store poisoned by an earlier trap")

// Store holds the core instances of one component instance. Instances import only from
// instances of the same Store. A trap in any call poisons the whole Store. Closing the Store
// frees its instances, newest first.
type Store struct {
	e    *Engine
	data any

	poison atomic.Pointer[error] // the first trap, once there was one
	closed atomic.Bool

	mu        sync.Mutex
	instances []*Instance
}

// NewStore returns an empty Store. data is any value the caller wants host functions to
// reach through Caller.Store().Data(), typically the component instance's state.
func (e *Engine) NewStore(data any) *Store { return &Store{e: e, data: data} }

// Data returns the value given to NewStore.
func (s *Store) Data() any { return s.data }

// Imports gives, for each import module name of a core module, the instance its items are
// taken from.
type Imports map[string]*Instance

// Instantiate creates an anonymous instance of m with its imports resolved from imports.
// Only the module's own start function runs (not "_start" or "_initialize"). A trap in the
// start function poisons the Store.
func (s *Store) Instantiate(ctx context.Context, m *Module, imports Imports) (*Instance, error) {
	if m.e != s.e {
		return nil, errors.New("engine: instantiate: module was compiled by another engine")
	}
	for _, imp := range m.imports {
		if err := s.checkImport(imp, imports[imp.Module]); err != nil {
			return nil, fmt.Errorf("engine: instantiate: import %q %q: %w", imp.Module, imp.Name, err)
		}
	}
	return s.instantiate(ctx, m, func(name string) api.Module {
		if name == m.emptyAlias {
			name = ""
		}
		if inst := imports[name]; inst != nil {
			return inst.mod
		}
		return nil
	})
}

func (s *Store) checkImport(imp Import, from *Instance) error {
	if from == nil {
		return fmt.Errorf("no instance given for module %q", imp.Module)
	}
	if from.store != s {
		return errors.New("the instance belongs to another store")
	}
	x, ok := from.export(imp.Name)
	if !ok {
		return fmt.Errorf("the instance has no export %q", imp.Name)
	}
	return accepts(imp.Type, x.Type)
}

// accepts reports why an item of type have cannot satisfy an import of type want.
func accepts(want, have ExternType) error {
	ok := want.Kind == have.Kind
	if ok {
		switch want.Kind {
		case KindFunc, KindTag:
			ok = want.Func.Equal(*have.Func)
		case KindTable:
			ok = want.Table.Elem == have.Table.Elem
		case KindMemory:
			ok = want.Memory.Shared() == have.Memory.Shared()
		case KindGlobal:
			ok = want.Global == have.Global
		}
	}
	if !ok {
		return fmt.Errorf("type mismatch: want %s, have %s", want, have)
	}
	return nil
}

func (s *Store) instantiate(ctx context.Context, m *Module, resolve experimental.ImportResolver) (*Instance, error) {
	if err := s.usable(); err != nil {
		return nil, err
	}
	mod, err := s.e.rt.InstantiateModule(experimental.WithImportResolver(ctx, resolve), m.compiled, s.e.modCfg)
	if err != nil {
		if isGuestFailure(err) {
			err = s.trapped(ctx, "start function", err)
		}
		return nil, fmt.Errorf("engine: instantiate: %w", err)
	}
	inst := &Instance{store: s, mod: mod, exports: m.exports, byName: m.byName}
	s.mu.Lock()
	if s.closed.Load() {
		s.mu.Unlock()
		_ = mod.Close(ctx)
		return nil, ErrClosed
	}
	s.instances = append(s.instances, inst)
	s.mu.Unlock()
	s.e.instances.Store(mod, inst)
	return inst, nil
}

// usable reports why the Store cannot be entered, if it cannot.
func (s *Store) usable() error {
	if s.closed.Load() || s.e.closed.Load() {
		return ErrClosed
	}
	if p := s.poison.Load(); p != nil {
		return fmt.Errorf("%w: %w", ErrPoisoned, *p)
	}
	return nil
}

// Poisoned returns the trap that poisoned the Store, or nil.
func (s *Store) Poisoned() error {
	if p := s.poison.Load(); p != nil {
		return *p
	}
	return nil
}

// Close frees the Store's instances, newest first. Later use fails with ErrClosed. Close must
// not race with calls running in the Store.
func (s *Store) Close(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed.Swap(true) {
		return nil
	}
	var err error
	for i := len(s.instances) - 1; i >= 0; i-- {
		inst := s.instances[i]
		s.e.instances.Delete(inst.mod)
		if !s.e.closed.Load() {
			err = errors.Join(err, inst.mod.Close(ctx))
		}
	}
	s.instances = nil
	return err
}

// BagItem names one item of a bag: export Export of instance From, re-exported as Name.
type BagItem struct {
	Name   string
	From   *Instance
	Export string
}

// Bag creates an instance that exports the given items under new names, taken from any
// instances of the Store: the component model's "instance from exports". Items are shared,
// not copied: a table, memory or mutable global seen through a bag is the original.
// A bag holds at most one memory, since wazero does not implement multi-memory.
func (s *Store) Bag(ctx context.Context, items []BagItem) (*Instance, error) {
	sources := map[*Instance]string{}
	var from []*Instance
	enc := make([]bagItem, len(items))
	exports := make([]Export, len(items))
	seen := make(map[string]bool, len(items))
	var next [5]uint32
	for i, it := range items {
		if seen[it.Name] {
			return nil, fmt.Errorf("engine: bag: duplicate item name %q", it.Name)
		}
		seen[it.Name] = true
		if it.From == nil || it.From.store != s {
			return nil, fmt.Errorf("engine: bag: item %q: the source instance is missing or belongs to another store", it.Name)
		}
		x, ok := it.From.export(it.Export)
		if !ok {
			return nil, fmt.Errorf("engine: bag: item %q: the source instance has no export %q", it.Name, it.Export)
		}
		if x.Type.Kind == KindMemory && next[KindMemory] > 0 {
			return nil, fmt.Errorf("engine: bag: item %q: a second memory needs multi-memory, which wazero does not support", it.Name)
		}
		src, ok := sources[it.From]
		if !ok {
			src = strconv.Itoa(len(from))
			sources[it.From] = src
			from = append(from, it.From)
		}
		enc[i] = bagItem{module: src, name: it.Export, typ: x.Type, export: it.Name}
		exports[i] = Export{Name: it.Name, Type: x.Type, index: next[x.Type.Kind]}
		next[x.Type.Kind]++
	}
	m, err := s.e.bag(ctx, encodeBag(enc), exports)
	if err != nil {
		return nil, err
	}
	return s.instantiate(ctx, m, func(name string) api.Module {
		if i, err := strconv.Atoi(name); err == nil && i >= 0 && i < len(from) {
			return from[i].mod
		}
		return nil
	})
}
