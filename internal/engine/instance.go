package engine

import (
	"fmt"

	"github.com/tetratelabs/wazero/api"
)

// Instance is an anonymous core instance: of a module, of host functions, or a bag.
type Instance struct {
	store   *Store
	mod     api.Module
	exports []Export
	byName  map[string]int
}

// Store returns the Store the instance lives in.
func (i *Instance) Store() *Store { return i.store }

// Exports returns the instance's exports in order, with their types. The caller must not modify it.
func (i *Instance) Exports() []Export { return i.exports }

func (i *Instance) export(name string) (Export, bool) {
	if j, ok := i.byName[name]; ok {
		return i.exports[j], true
	}
	return Export{}, false
}

func (i *Instance) lookup(name string, k Kind) (Export, error) {
	x, ok := i.export(name)
	if !ok {
		return x, fmt.Errorf("engine: instance has no export %q", name)
	}
	if x.Type.Kind != k {
		return x, fmt.Errorf("engine: export %q is a %s, not a %s", name, x.Type.Kind, k)
	}
	return x, nil
}

// Func returns a handle on the exported function name.
func (i *Instance) Func(name string) (*Func, error) {
	x, err := i.lookup(name, KindFunc)
	if err != nil {
		return nil, err
	}
	fn := i.mod.ExportedFunction(name)
	if fn == nil {
		return nil, fmt.Errorf("engine: export %q: function not found in the instance", name)
	}
	return newFunc(i.store, fn, *x.Type.Func, name), nil
}

// Memory returns a handle on the exported memory name.
func (i *Instance) Memory(name string) (Memory, error) {
	if _, err := i.lookup(name, KindMemory); err != nil {
		return Memory{}, err
	}
	mem := i.mod.ExportedMemory(name)
	if mem == nil {
		return Memory{}, fmt.Errorf("engine: export %q: memory not found in the instance", name)
	}
	return Memory{mem: mem}, nil
}

// Global returns a handle on the exported global name.
func (i *Instance) Global(name string) (*Global, error) {
	x, err := i.lookup(name, KindGlobal)
	if err != nil {
		return nil, err
	}
	g := i.mod.ExportedGlobal(name)
	if g == nil {
		return nil, fmt.Errorf("engine: export %q: global not found in the instance", name)
	}
	return &Global{g: g, typ: x.Type.Global, name: name}, nil
}

// Table returns a handle on the exported table name.
func (i *Instance) Table(name string) (*Table, error) {
	x, err := i.lookup(name, KindTable)
	if err != nil {
		return nil, err
	}
	return &Table{inst: i, index: x.index, typ: x.Type.Table, name: name}, nil
}
