package engine

import (
	"fmt"

	"github.com/tetratelabs/wazero/experimental/table"
)

// Table is a handle on a table. wazero offers the host no way to read a table's size or
// to write or grow it; tables are filled by guest code (element segments, table.set) and
// shared between instances by import.
type Table struct {
	inst  *Instance
	index uint32
	typ   TableType
	name  string
}

// Type returns the table's type as declared by the exporting module.
func (t *Table) Type() TableType { return t.typ }

// Func returns the function at element elem, checking that it has type typ. An index out of
// range, a null element or a type mismatch is an error.
func (t *Table) Func(elem uint32, typ FuncType) (f *Func, err error) {
	if t.typ.Elem != FuncRef {
		return nil, fmt.Errorf("engine: table %q holds %s, not funcref", t.name, t.typ.Elem)
	}
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("engine: table %q element %d as %s: %v", t.name, elem, typ, r)
		}
	}()
	fn := table.LookupFunction(t.inst.mod, t.index, elem, apiTypes(typ.Params), apiTypes(typ.Results))
	return newFunc(t.inst.store, fn, typ, fmt.Sprintf("%s[%d]", t.name, elem)), nil
}
