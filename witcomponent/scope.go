package witcomponent

import (
	"fmt"

	"github.com/weftwasm/weft/component"
	"github.com/weftwasm/weft/wit"
)

// scope is one component, component type or instance type being walked:
// the component-level index spaces that can reach WIT (types, functions,
// instances, components) and, for the outermost component, its imports and
// exports.
type scope struct {
	parent     *scope
	g          *grapher
	types      []*tnode
	funcs      []*tnode
	instances  []*tnode
	components []*tnode
	im, ex     []textern
	defined    []*tnode
	imported   []*tnode
}

// grapher builds tnodes from a validated component's AST.
type grapher struct {
	prims map[component.PrimValType]*tnode
	depth int
}

const maxDepth = 200

func newGrapher() *grapher { return &grapher{prims: map[component.PrimValType]*tnode{}} }

func at(list []*tnode, i uint32, what string) (*tnode, error) {
	if uint64(i) >= uint64(len(list)) || list[i] == nil {
		return nil, fmt.Errorf("%s index %d out of bounds (%d defined)", what, i, len(list))
	}
	return list[i], nil
}

// component walks a component's sections.
func (g *grapher) component(c *component.Component, parent *scope) (*scope, error) {
	g.depth++
	defer func() { g.depth-- }()
	if g.depth > maxDepth {
		return nil, fmt.Errorf("components nested deeper than %d", maxDepth)
	}
	s := &scope{parent: parent, g: g}
	for _, sec := range c.Sections {
		if err := s.section(sec); err != nil {
			return nil, fmt.Errorf("%s at offset %#x: %w", sec.ID(), sec.Span().Offset, err)
		}
	}
	return s, nil
}

func (s *scope) section(sec component.Section) error {
	switch sec := sec.(type) {
	case *component.TypeSection:
		for i, t := range sec.Types {
			n, err := s.defType(t)
			if err != nil {
				return fmt.Errorf("type %d: %w", i, err)
			}
			s.types = append(s.types, n)
		}
	case *component.ImportSection:
		for _, im := range sec.Imports {
			e, err := s.externType(im.Name, im.Type, true)
			if err != nil {
				return fmt.Errorf("import %q: %w", im.Name.Name, err)
			}
			s.add(e)
			s.im = append(s.im, e)
		}
	case *component.ExportSection:
		for _, ex := range sec.Exports {
			e, err := s.export(ex)
			if err != nil {
				return fmt.Errorf("export %q: %w", ex.Name.Name, err)
			}
			s.add(e)
			s.ex = append(s.ex, e)
		}
	case *component.AliasSection:
		for _, a := range sec.Aliases {
			if err := s.alias(a); err != nil {
				return err
			}
		}
	case *component.InstanceSection:
		for i, in := range sec.Instances {
			n, err := s.instance(in)
			if err != nil {
				return fmt.Errorf("instance %d: %w", i, err)
			}
			s.instances = append(s.instances, n)
		}
	case *component.ComponentSection:
		inner, err := s.g.component(sec.Component, s)
		if err != nil {
			return err
		}
		s.components = append(s.components, &tnode{kind: tComponent, im: inner.im, ex: inner.ex,
			defined: inner.defined, imported: inner.imported})
	case *component.CanonSection:
		for _, c := range sec.Canons {
			if c.Op != component.CanonLift {
				continue // every other canonical definition makes a core item
			}
			t, err := at(s.types, uint32(c.Type), "type")
			if err != nil {
				return err
			}
			if t.kind != tFunc {
				return fmt.Errorf("canon lift with type %d, which is not a function type", c.Type)
			}
			s.funcs = append(s.funcs, t)
		}
	}
	return nil
}

// add appends an imported, exported or aliased item to its index space.
func (s *scope) add(e textern) {
	switch e.sort {
	case component.SortType:
		s.types = append(s.types, e.n)
	case component.SortFunc:
		s.funcs = append(s.funcs, e.n)
	case component.SortInstance:
		s.instances = append(s.instances, e.n)
	case component.SortComponent:
		s.components = append(s.components, e.n)
	}
}

func (s *scope) item(it component.SortIdx) (*tnode, error) {
	switch it.Sort {
	case component.SortType:
		return at(s.types, it.Index, "type")
	case component.SortFunc:
		return at(s.funcs, it.Index, "func")
	case component.SortInstance:
		return at(s.instances, it.Index, "instance")
	case component.SortComponent:
		return at(s.components, it.Index, "component")
	}
	return nil, nil // core items and values never reach WIT
}

// export is an export of a component: the item, given a new name when it is
// a type, or the ascribed type.
func (s *scope) export(ex component.Export) (textern, error) {
	n, err := s.item(ex.Item)
	if err != nil {
		return textern{}, err
	}
	b, bound := ex.Type.(*component.ExternTypeBound)
	if ex.Type != nil && !(bound && b.SubResource) {
		return s.externType(ex.Name, ex.Type, false)
	}
	if ex.Item.Sort == component.SortType {
		// Exporting a type, even abstractly as a resource, names it anew.
		n = &tnode{kind: tAlias, of: n}
	}
	return textern{name: ex.Name, sort: ex.Item.Sort, n: n}, nil
}

func (s *scope) alias(a component.Alias) error {
	switch a := a.(type) {
	case *component.AliasExport:
		in, err := at(s.instances, uint32(a.Instance), "instance")
		if err != nil {
			return err
		}
		e, ok := in.export(a.Name)
		if !ok {
			return fmt.Errorf("instance %d has no export %q", a.Instance, a.Name)
		}
		if e.sort != a.Sort {
			return fmt.Errorf("export %q of instance %d is a %s, not a %s", a.Name, a.Instance, e.sort, a.Sort)
		}
		s.add(e)
	case *component.AliasOuter:
		o := s
		for i := uint32(0); i < a.Count; i++ {
			if o.parent == nil {
				return fmt.Errorf("outer alias count %d out of bounds", a.Count)
			}
			o = o.parent
		}
		switch a.Sort {
		case component.SortType:
			n, err := at(o.types, a.Index, "outer type")
			if err != nil {
				return err
			}
			s.types = append(s.types, n)
		case component.SortComponent:
			n, err := at(o.components, a.Index, "outer component")
			if err != nil {
				return err
			}
			s.components = append(s.components, n)
		}
	}
	return nil
}

// externType is the entity an import, export or declaration describes.
// Imports of instance types are instantiated: their declared resources
// become fresh ones.
func (s *scope) externType(name component.ExternName, t component.ExternType, isImport bool) (textern, error) {
	e := textern{name: name, sort: component.ExternSort(t)}
	switch t := t.(type) {
	case *component.ExternFunc:
		n, err := at(s.types, uint32(t.Type), "type")
		if err != nil {
			return e, err
		}
		if n.kind != tFunc {
			return e, fmt.Errorf("type %d is not a function type", t.Type)
		}
		e.n = n
	case *component.ExternInstance:
		n, err := at(s.types, uint32(t.Type), "type")
		if err != nil {
			return e, err
		}
		if n.kind != tInstance {
			return e, fmt.Errorf("type %d is not an instance type", t.Type)
		}
		e.n = freshen(n)
	case *component.ExternComponent:
		n, err := at(s.types, uint32(t.Type), "type")
		if err != nil {
			return e, err
		}
		if n.kind != tComponent {
			return e, fmt.Errorf("type %d is not a component type", t.Type)
		}
		e.n = n
	case *component.ExternTypeBound:
		if t.SubResource {
			e.n = &tnode{kind: tResource}
			if isImport {
				s.imported = append(s.imported, e.n)
			} else {
				s.defined = append(s.defined, e.n)
			}
			return e, nil
		}
		n, err := at(s.types, uint32(t.Eq), "type")
		if err != nil {
			return e, err
		}
		e.n = &tnode{kind: tAlias, of: n}
	}
	return e, nil
}

// freshen instantiates an instance type: the resources it declares are
// replaced by new ones, as every import or export of the type makes them.
func freshen(n *tnode) *tnode {
	if len(n.defined) == 0 {
		return n
	}
	sub := newSubstitution()
	for _, r := range n.defined {
		sub.m[r] = &tnode{kind: tResource}
	}
	c := *n
	c.ex, _ = sub.externs(n.ex)
	c.defined = nil
	return &c
}

// instance is the type of a component instance definition.
func (s *scope) instance(in component.Instance) (*tnode, error) {
	switch in := in.(type) {
	case *component.InstanceFromExports:
		n := &tnode{kind: tInstance}
		for _, e := range in.Exports {
			it, err := s.item(e.Item)
			if err != nil {
				return nil, err
			}
			n.ex = append(n.ex, textern{name: e.Name, sort: e.Item.Sort, n: it})
		}
		return n, nil
	case *component.Instantiate:
		c, err := at(s.components, uint32(in.Component), "component")
		if err != nil {
			return nil, err
		}
		sub := newSubstitution()
		for _, im := range c.im {
			for _, a := range in.Args {
				if a.Name != im.name.Name {
					continue
				}
				arg, err := s.item(a.Item)
				if err != nil {
					return nil, err
				}
				bind(sub, im.n, arg, 0)
			}
		}
		for _, r := range c.defined {
			sub.m[r] = &tnode{kind: tResource}
		}
		ex, _ := sub.externs(c.ex)
		return &tnode{kind: tInstance, ex: ex}, nil
	}
	return nil, fmt.Errorf("unknown instance definition %T", in)
}

// bind maps the resources an import introduces to those of its argument.
func bind(sub *substitution, im, arg *tnode, depth int) {
	if im == nil || arg == nil || depth > maxDepth {
		return
	}
	switch im.kind {
	case tResource:
		sub.m[im] = arg
	case tInstance:
		for _, e := range im.ex {
			if a, ok := arg.export(e.name.Name); ok {
				bind(sub, e.n, a.n, depth+1)
			}
		}
	}
}

// prim returns the shared node of an inline primitive valtype.
func (g *grapher) prim(p component.PrimValType) *tnode {
	if n, ok := g.prims[p]; ok {
		return n
	}
	n := &tnode{kind: tPrim, prim: primitive(p), inline: true}
	g.prims[p] = n
	return n
}

func primitive(p component.PrimValType) wit.Primitive {
	switch p {
	case component.Bool:
		return wit.Bool
	case component.S8:
		return wit.S8
	case component.U8:
		return wit.U8
	case component.S16:
		return wit.S16
	case component.U16:
		return wit.U16
	case component.S32:
		return wit.S32
	case component.U32:
		return wit.U32
	case component.S64:
		return wit.S64
	case component.U64:
		return wit.U64
	case component.F32:
		return wit.F32
	case component.F64:
		return wit.F64
	case component.Char:
		return wit.Char
	case component.String:
		return wit.String
	case component.ErrorContext:
		return wit.ErrorContext
	}
	return wit.PrimNone
}
