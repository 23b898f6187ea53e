package engine

import (
	"fmt"

	"github.com/tetratelabs/wazero/api"
)

// Global is a handle on a global. Values are encoded as in Func.Call.
type Global struct {
	g    api.Global
	typ  GlobalType
	name string
}

// Type returns the global's type.
func (g *Global) Type() GlobalType { return g.typ }

// Get returns the current value.
func (g *Global) Get() uint64 { return g.g.Get() }

// Set changes the value of a mutable global.
func (g *Global) Set(v uint64) error {
	mg, ok := g.g.(api.MutableGlobal)
	if !g.typ.Mutable() || !ok {
		return fmt.Errorf("engine: global %q is immutable", g.name)
	}
	mg.Set(v)
	return nil
}
