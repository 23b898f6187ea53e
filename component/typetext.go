package component

import (
	"fmt"
	"strings"
)

// A light-weight view of index spaces, just enough to render the types of
// imports and exports in a WIT-like syntax. It tolerates invalid components
// (out-of-range indices render as placeholders); validation is not its job.

// tref is one entry of a type index space.
type tref struct {
	t        Type
	sc       *scope // where t's indices resolve
	name     string // the name it was imported or exported under, if any
	resource bool   // an abstract resource type (imported or exported (sub resource))
}

// item is a named import or export of a scope.
type item struct {
	name string
	ext  ExternType // the declared type; nil when only the item is known
	sc   *scope     // where ext's indices resolve
	fn   *tref      // for functions without an ascribed type
	inst *instEntry // for instances without an ascribed type
}

// instEntry is one entry of an instance index space: its exports by name.
type instEntry struct {
	exports []item
}

func (in *instEntry) export(name string) (item, bool) {
	if in == nil {
		return item{}, false
	}
	for _, e := range in.exports {
		if e.name == name {
			return e, true
		}
	}
	return item{}, false
}

// scope is a component, component type or instance type being walked.
type scope struct {
	parent    *scope
	types     []*tref
	funcs     []*tref
	instances []*instEntry
	// components holds the exports of each component of the component
	// index space.
	components [][]item
	imports    []item
	exports    []item
	// work is the remaining budget, shared by all scopes of one summary, for
	// expanding type declarators; hostile inputs could otherwise make the
	// expansion exponential.
	work *int
}

// maxWork bounds the declarators expanded for one summary, and maxRender the
// length of one rendered type.
const (
	maxWork        = 1 << 20
	maxRender      = 1 << 16
	maxRenderTotal = 1 << 20
)

func (s *scope) typ(i uint32) *tref {
	if s == nil || int64(i) >= int64(len(s.types)) {
		return nil
	}
	return s.types[i]
}

func (s *scope) outer(count uint32) *scope {
	for ; count > 0 && s != nil; count-- {
		s = s.parent
	}
	return s
}

// itemOfExtern records a newly imported or exported item of scope s and adds
// it to the matching index space.
func (s *scope) addExtern(name string, ext ExternType) item {
	it := item{name: name, ext: ext, sc: s}
	switch ext := ext.(type) {
	case *ExternTypeBound:
		if ext.SubResource {
			s.types = append(s.types, &tref{resource: true, name: name, sc: s})
		} else if t := s.typ(uint32(ext.Eq)); t != nil {
			c := *t
			if c.name == "" || c.resource {
				c.name = name
			}
			s.types = append(s.types, &c)
		} else {
			s.types = append(s.types, nil)
		}
	case *ExternFunc:
		s.funcs = append(s.funcs, s.typ(uint32(ext.Type)))
	case *ExternInstance:
		s.instances = append(s.instances, s.instanceOfType(uint32(ext.Type)))
	case *ExternComponent:
		var exports []item
		if t := s.typ(uint32(ext.Type)); t != nil {
			if ct, ok := t.t.(*ComponentType); ok {
				exports = t.sc.declScope(ct.Decls).exports
			}
		}
		s.components = append(s.components, exports)
	}
	return it
}

// instanceOfType builds the exports of instance type i.
func (s *scope) instanceOfType(i uint32) *instEntry {
	t := s.typ(i)
	if t == nil {
		return nil
	}
	it, ok := t.t.(*InstanceType)
	if !ok {
		return nil
	}
	inner := t.sc.declScope(it.Decls)
	return &instEntry{exports: inner.exports}
}

// declScope walks the declarators of a component or instance type.
func (s *scope) declScope(decls []Decl) *scope {
	if s.work == nil {
		w := maxWork
		s.work = &w
	}
	in := &scope{parent: s, work: s.work}
	if *s.work < len(decls)+1 {
		*s.work = 0
		return in
	}
	*s.work -= len(decls) + 1
	for _, d := range decls {
		switch d := d.(type) {
		case *DeclType:
			in.types = append(in.types, &tref{t: d.Type, sc: in})
		case *DeclCoreType:
		case *DeclAlias:
			in.alias(d.Alias)
		case *DeclImport:
			in.imports = append(in.imports, in.addExtern(d.Name.Name, d.Type))
		case *DeclExport:
			in.exports = append(in.exports, in.addExtern(d.Name.Name, d.Type))
		}
	}
	return in
}

func (s *scope) alias(a Alias) {
	switch a := a.(type) {
	case *AliasExport:
		var in *instEntry
		if int64(a.Instance) < int64(len(s.instances)) {
			in = s.instances[a.Instance]
		}
		e, _ := in.export(a.Name)
		switch a.Sort {
		case SortType:
			var t *tref
			if bound, ok := e.ext.(*ExternTypeBound); ok && e.sc != nil {
				if bound.SubResource {
					t = &tref{resource: true, name: a.Name, sc: e.sc}
				} else if bt := e.sc.typ(uint32(bound.Eq)); bt != nil {
					c := *bt
					if c.name == "" {
						c.name = a.Name
					}
					t = &c
				}
			}
			s.types = append(s.types, t)
		case SortFunc:
			var t *tref
			if f, ok := e.ext.(*ExternFunc); ok && e.sc != nil {
				t = e.sc.typ(uint32(f.Type))
			} else if e.fn != nil {
				t = e.fn
			}
			s.funcs = append(s.funcs, t)
		case SortInstance:
			var ie *instEntry
			if x, ok := e.ext.(*ExternInstance); ok && e.sc != nil {
				ie = e.sc.instanceOfType(uint32(x.Type))
			} else {
				ie = e.inst
			}
			s.instances = append(s.instances, ie)
		}
	case *AliasOuter:
		switch a.Sort {
		case SortType:
			s.types = append(s.types, s.outer(a.Count).typ(a.Index))
		case SortComponent:
			var exports []item
			if o := s.outer(a.Count); o != nil && int64(a.Index) < int64(len(o.components)) {
				exports = o.components[a.Index]
			}
			s.components = append(s.components, exports)
		}
	}
}

// printer renders types.
type printer struct {
	b     strings.Builder
	depth int
	// budget is what is left of the output allowed for one summary.
	budget *int
}

// exhausted reports whether rendering should stop.
func (p *printer) exhausted() bool {
	return p.b.Len() > maxRender || (p.budget != nil && p.b.Len() > *p.budget)
}

func (p *printer) indent(n int) {
	for range n {
		p.b.WriteString("  ")
	}
}

// valType renders a value type reference in scope s.
func (p *printer) valType(v ValType, s *scope) {
	if v.IsPrim() {
		p.b.WriteString(v.Prim.String())
		return
	}
	t := s.typ(uint32(v.Index))
	if t == nil {
		fmt.Fprintf(&p.b, "<type %d>", v.Index)
		return
	}
	if t.name != "" {
		p.b.WriteString(t.name)
		return
	}
	p.typeDef(t)
}

func (p *printer) optVal(prefix string, v *ValType, s *scope) {
	p.b.WriteString(prefix)
	if v != nil {
		p.b.WriteString("<")
		p.valType(*v, s)
		p.b.WriteString(">")
	}
}

func (p *printer) handle(kind string, i TypeIdx, s *scope) {
	p.b.WriteString(kind + "<")
	if t := s.typ(uint32(i)); t != nil && t.name != "" {
		p.b.WriteString(t.name)
	} else {
		fmt.Fprintf(&p.b, "type %d", i)
	}
	p.b.WriteString(">")
}

// typeDef renders the definition of t.
func (p *printer) typeDef(t *tref) {
	if p.exhausted() {
		p.b.WriteString("...")
		return
	}
	if t.resource {
		p.b.WriteString("resource")
		return
	}
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > 64 {
		p.b.WriteString("...")
		return
	}
	s := t.sc
	switch t := t.t.(type) {
	case *PrimType:
		p.b.WriteString(t.Type.String())
	case *RecordType:
		p.b.WriteString("record { ")
		for i, f := range t.Fields {
			if i > 0 {
				p.b.WriteString(", ")
			}
			p.b.WriteString(f.Name + ": ")
			p.valType(f.Type, s)
		}
		p.b.WriteString(" }")
	case *VariantType:
		p.b.WriteString("variant { ")
		for i, c := range t.Cases {
			if i > 0 {
				p.b.WriteString(", ")
			}
			p.b.WriteString(c.Name)
			if c.Type != nil {
				p.b.WriteString("(")
				p.valType(*c.Type, s)
				p.b.WriteString(")")
			}
		}
		p.b.WriteString(" }")
	case *ListType:
		p.b.WriteString("list<")
		p.valType(t.Elem, s)
		p.b.WriteString(">")
	case *FixedListType:
		p.b.WriteString("list<")
		p.valType(t.Elem, s)
		fmt.Fprintf(&p.b, ", %d>", t.Len)
	case *TupleType:
		p.b.WriteString("tuple<")
		for i, v := range t.Types {
			if i > 0 {
				p.b.WriteString(", ")
			}
			p.valType(v, s)
		}
		p.b.WriteString(">")
	case *FlagsType:
		p.b.WriteString("flags { " + strings.Join(t.Names, ", ") + " }")
	case *EnumType:
		p.b.WriteString("enum { " + strings.Join(t.Names, ", ") + " }")
	case *OptionType:
		p.b.WriteString("option<")
		p.valType(t.Type, s)
		p.b.WriteString(">")
	case *ResultType:
		p.result(t, s)
	case *OwnType:
		p.handle("own", t.Resource, s)
	case *BorrowType:
		p.handle("borrow", t.Resource, s)
	case *StreamType:
		p.optVal("stream", t.Elem, s)
	case *FutureType:
		p.optVal("future", t.Elem, s)
	case *MapType:
		p.b.WriteString("map<")
		p.valType(t.Key, s)
		p.b.WriteString(", ")
		p.valType(t.Value, s)
		p.b.WriteString(">")
	case *ResourceType:
		p.b.WriteString("resource")
	case *FuncType:
		p.funcType(t, s)
	case *InstanceType:
		p.block("instance", s.declScope(t.Decls))
	case *ComponentType:
		p.block("component", s.declScope(t.Decls))
	default:
		p.b.WriteString("<unknown type>")
	}
}

func (p *printer) result(t *ResultType, s *scope) {
	switch {
	case t.OK == nil && t.Err == nil:
		p.b.WriteString("result")
	case t.Err == nil:
		p.b.WriteString("result<")
		p.valType(*t.OK, s)
		p.b.WriteString(">")
	default:
		p.b.WriteString("result<")
		if t.OK == nil {
			p.b.WriteString("_")
		} else {
			p.valType(*t.OK, s)
		}
		p.b.WriteString(", ")
		p.valType(*t.Err, s)
		p.b.WriteString(">")
	}
}

func (p *printer) funcType(t *FuncType, s *scope) {
	if t.Async {
		p.b.WriteString("async ")
	}
	p.b.WriteString("func(")
	for i, f := range t.Params {
		if i > 0 {
			p.b.WriteString(", ")
		}
		p.b.WriteString(f.Name + ": ")
		p.valType(f.Type, s)
	}
	p.b.WriteString(")")
	if t.Result != nil {
		p.b.WriteString(" -> ")
		p.valType(*t.Result, s)
	}
}

// block renders the imports and exports of an instance or component type.
func (p *printer) block(kind string, in *scope) {
	if len(in.imports)+len(in.exports) == 0 {
		p.b.WriteString(kind + " {}")
		return
	}
	p.b.WriteString(kind + " {\n")
	for _, it := range in.imports {
		p.indent(p.depth)
		p.b.WriteString("import ")
		p.item(it)
		p.b.WriteString("\n")
	}
	for _, it := range in.exports {
		p.indent(p.depth)
		if kind == "component" {
			p.b.WriteString("export ")
		}
		p.item(it)
		p.b.WriteString("\n")
	}
	p.indent(p.depth - 1)
	p.b.WriteString("}")
}

// item renders "name: type".
func (p *printer) item(it item) {
	p.b.WriteString(it.name + ": ")
	p.externType(it)
}

func (p *printer) externType(it item) {
	s := it.sc
	switch ext := it.ext.(type) {
	case *ExternModule:
		p.b.WriteString("core module")
	case *ExternFunc:
		p.typeAt(s, uint32(ext.Type))
	case *ExternValue:
		p.b.WriteString("value ")
		if ext.Eq {
			fmt.Fprintf(&p.b, "(eq %d)", ext.Value)
		} else {
			p.valType(ext.Type, s)
		}
	case *ExternTypeBound:
		if ext.SubResource {
			p.b.WriteString("resource")
			return
		}
		p.b.WriteString("type = ")
		if t := s.typ(uint32(ext.Eq)); t != nil {
			p.typeDef(t)
		} else {
			fmt.Fprintf(&p.b, "<type %d>", ext.Eq)
		}
	case *ExternComponent:
		p.typeAt(s, uint32(ext.Type))
	case *ExternInstance:
		p.typeAt(s, uint32(ext.Type))
	case nil:
		switch {
		case it.fn != nil:
			p.typeDef(it.fn)
		case it.inst != nil:
			p.depth++
			p.block("instance", &scope{exports: it.inst.exports})
			p.depth--
		default:
			p.b.WriteString("<unknown>")
		}
	}
}

func (p *printer) typeAt(s *scope, i uint32) {
	if t := s.typ(i); t != nil {
		p.typeDef(t)
	} else {
		fmt.Fprintf(&p.b, "<type %d>", i)
	}
}
