package witcomponent

import (
	"github.com/weftwasm/weft/component"
	"github.com/weftwasm/weft/wit"
)

// tkind says what a tnode is.
type tkind uint8

const (
	tPrim tkind = iota + 1
	tRecord
	tVariant
	tList
	tFixedList
	tTuple
	tFlags
	tEnum
	tOption
	tResult
	tOwn
	tBorrow
	tFuture
	tStream
	tMap
	tResource
	tAlias // a new name for another type, made by an import or export
	tFunc
	tInstance
	tComponent
)

// tnode is one component type with an identity: the pointer. It plays the
// part of wasmparser's type ids. Importing or exporting a type makes a
// tAlias node whose of is the type it names (wasmparser's created and
// referenced ids); a primitive written inline in a valtype is a shared
// node with inline set, which converts to a WIT primitive rather than to a
// type definition.
type tnode struct {
	kind   tkind
	prim   wit.Primitive
	inline bool
	fields []tfield  // record fields, variant cases (typ may be nil), func params
	names  []string  // flags, enum cases
	elems  []*tnode  // tuple; list/option/future/stream elem at [0] (may be nil); result ok, err; map key, value
	size   uint32    // fixed-length list
	of     *tnode    // tAlias: the aliased type; tOwn/tBorrow: the resource
	async  bool      // tFunc
	result *tnode    // tFunc
	im, ex []textern // tComponent imports; tInstance/tComponent exports
	// defined lists the resources an instance or component type declares
	// with `(export "r" (type (sub resource)))`: every instantiation of the
	// type gets fresh ones. imported lists a component type's imported
	// resources, which instantiation replaces with its arguments.
	defined, imported []*tnode
}

type tfield struct {
	name string
	typ  *tnode
}

// textern is a named import or export of an instance or component type.
// n is nil for sorts that never appear in WIT (core modules, values).
type textern struct {
	name component.ExternName
	sort component.Sort
	n    *tnode
}

func (t *tnode) export(name string) (textern, bool) {
	for _, e := range t.ex {
		if e.name.Name == name {
			return e, true
		}
	}
	return textern{}, false
}

// peel follows aliases to the definition.
func peel(n *tnode) *tnode {
	for i := 0; n != nil && n.kind == tAlias && i < maxAliasChain; i++ {
		n = n.of
	}
	return n
}

// maxAliasChain bounds alias walks; a validated component never comes near.
const maxAliasChain = 1 << 16

// substitution replaces resources (and the types that mention them) inside
// types, as instantiation does: imported resources become the arguments,
// resources an instance type declares become fresh ones.
type substitution struct {
	m    map[*tnode]*tnode
	memo map[*tnode]*tnode
	busy map[*tnode]bool
}

func newSubstitution() *substitution {
	return &substitution{m: map[*tnode]*tnode{}, memo: map[*tnode]*tnode{}, busy: map[*tnode]bool{}}
}

// apply returns n with the substitution applied; n itself when nothing in it
// changes, so identity survives where it can.
func (s *substitution) apply(n *tnode) *tnode {
	if n == nil || len(s.m) == 0 {
		return n
	}
	if r, ok := s.m[n]; ok {
		return r
	}
	if r, ok := s.memo[n]; ok {
		return r
	}
	if s.busy[n] {
		return n
	}
	s.busy[n] = true
	r := s.applyUncached(n)
	delete(s.busy, n)
	s.memo[n] = r
	return r
}

func (s *substitution) applyUncached(n *tnode) *tnode {
	c := *n
	changed := false
	if n.fields != nil {
		c.fields = make([]tfield, len(n.fields))
		for i, f := range n.fields {
			c.fields[i] = tfield{f.name, s.apply(f.typ)}
			changed = changed || c.fields[i].typ != f.typ
		}
	}
	if n.elems != nil {
		c.elems = make([]*tnode, len(n.elems))
		for i, e := range n.elems {
			c.elems[i] = s.apply(e)
			changed = changed || c.elems[i] != e
		}
	}
	c.of = s.apply(n.of)
	c.result = s.apply(n.result)
	changed = changed || c.of != n.of || c.result != n.result
	var ch bool
	c.im, ch = s.externs(n.im)
	changed = changed || ch
	c.ex, ch = s.externs(n.ex)
	changed = changed || ch
	if !changed {
		return n
	}
	return &c
}

func (s *substitution) externs(list []textern) ([]textern, bool) {
	if list == nil {
		return nil, false
	}
	out := make([]textern, len(list))
	changed := false
	for i, e := range list {
		out[i] = textern{e.name, e.sort, s.apply(e.n)}
		changed = changed || out[i].n != e.n
	}
	return out, changed
}
