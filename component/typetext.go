package component

import (
	"strconv"
	"strings"

	"github.com/weftwasm/weft/value"
)

// Rendering of validated types in a WIT-like syntax, for summaries. Types a
// component names (by importing or exporting them) render by name where they
// are used; resources always render by name.

// maxRender bounds the length of one rendered type, and maxRenderTotal the
// rendered types of one summary: value types share parts, so a small
// hostile component can have types whose full text is exponentially long.
const (
	maxRender      = 1 << 16
	maxRenderTotal = 1 << 20
)

// typeNames maps the defined value types (value.Type) and resources
// (*value.ResourceType) a component names to their first name.
type typeNames map[any]string

// collect records the type names among list, recursing into instance and
// component types.
func (n typeNames) collect(list []Extern, seen map[any]bool) {
	name := func(t any, e Extern) {
		if _, ok := n[t]; !ok {
			n[t] = e.Name.Name
		}
	}
	for _, e := range list {
		switch t := e.Type; t.Sort {
		case SortType:
			if r := t.Type.Resource; r != nil {
				name(r, e)
			} else if v := t.Type.Value; v != nil && !v.Kind().IsPrimitive() {
				name(v, e)
			}
		case SortInstance:
			if !seen[t.Instance] {
				seen[t.Instance] = true
				n.collect(t.Instance.Exports, seen)
			}
		case SortComponent:
			if !seen[t.Component] {
				seen[t.Component] = true
				n.collect(t.Component.Imports, seen)
				n.collect(t.Component.Exports, seen)
			}
		}
	}
}

// resource returns the name of r.
func (n typeNames) resource(r *value.ResourceType) string {
	if name, ok := n[r]; ok {
		return name
	}
	return r.Name
}

// printer renders types.
type printer struct {
	b     strings.Builder
	names typeNames
	depth int
	// budget is what is left of the output allowed for one summary.
	budget *int
}

// exhausted reports whether rendering should stop.
func (p *printer) exhausted() bool {
	return p.b.Len() > maxRender || p.b.Len() > *p.budget
}

func (p *printer) str(s string) { p.b.WriteString(s) }

func (p *printer) indent(n int) {
	for range n {
		p.str("  ")
	}
}

// entity renders the type of an import or export.
func (p *printer) entity(e EntityType) {
	switch e.Sort {
	case SortCoreModule:
		p.str("core module")
	case SortFunc:
		p.funcType(e.Func)
	case SortValue:
		p.str("value ")
		p.valType(e.Value)
	case SortType:
		p.typeDef(e.Type)
	case SortInstance:
		p.block("instance", nil, e.Instance.Exports)
	case SortComponent:
		p.block("component", e.Component.Imports, e.Component.Exports)
	}
}

// typeDef renders a type bound by an import or export.
func (p *printer) typeDef(d TypeDef) {
	switch {
	case d.Resource != nil && d.alias == nil:
		p.str("resource") // (sub resource): a resource's definition
	case d.Resource != nil:
		p.str("type = resource") // (eq i): a new name for a resource
	case d.Value != nil:
		p.str("type = ")
		p.valDef(d.Value)
	case d.Func != nil:
		p.str("type = ")
		p.funcType(d.Func)
	case d.Instance != nil:
		p.str("type = ")
		p.block("instance", nil, d.Instance.Exports)
	case d.Component != nil:
		p.str("type = ")
		p.block("component", d.Component.Imports, d.Component.Exports)
	}
}

// valType renders a reference to a value type: by name if it has one.
func (p *printer) valType(t value.Type) {
	if name, ok := p.names[t]; ok {
		p.str(name)
		return
	}
	p.valDef(t)
}

func (p *printer) list(open string, ts []value.Type, close string) {
	p.str(open)
	for i, t := range ts {
		if i > 0 {
			p.str(", ")
		}
		p.valType(t)
	}
	p.str(close)
}

// valDef renders the structure of a value type.
func (p *printer) valDef(t value.Type) {
	if p.exhausted() {
		p.str("...")
		return
	}
	switch t := t.(type) {
	case value.Primitive:
		p.str(t.String())
	case *value.RecordType:
		p.str("record { ")
		for i, f := range t.Fields {
			if i > 0 {
				p.str(", ")
			}
			p.str(f.Name + ": ")
			p.valType(f.Type)
		}
		p.str(" }")
	case *value.VariantType:
		p.str("variant { ")
		for i, c := range t.Cases {
			if i > 0 {
				p.str(", ")
			}
			p.str(c.Name)
			if c.Type != nil {
				p.list("(", []value.Type{c.Type}, ")")
			}
		}
		p.str(" }")
	case *value.ListType:
		p.list("list<", []value.Type{t.Elem}, "")
		if t.Len > 0 {
			p.str(", " + strconv.FormatUint(uint64(t.Len), 10))
		}
		p.str(">")
	case *value.TupleType:
		p.list("tuple<", t.Types, ">")
	case *value.FlagsType:
		p.str("flags { " + strings.Join(t.Names, ", ") + " }")
	case *value.EnumType:
		p.str("enum { " + strings.Join(t.Cases, ", ") + " }")
	case *value.OptionType:
		p.list("option<", []value.Type{t.Elem}, ">")
	case *value.ResultType:
		p.result(t)
	case *value.MapType:
		p.list("map<", []value.Type{t.Key, t.Value}, ">")
	case *value.OwnType:
		p.str("own<" + p.names.resource(t.Resource) + ">")
	case *value.BorrowType:
		p.str("borrow<" + p.names.resource(t.Resource) + ">")
	case *value.FutureType:
		p.optional("future", t.Elem)
	case *value.StreamType:
		p.optional("stream", t.Elem)
	default:
		p.str(t.Kind().String())
	}
}

func (p *printer) optional(kind string, elem value.Type) {
	p.str(kind)
	if elem != nil {
		p.list("<", []value.Type{elem}, ">")
	}
}

func (p *printer) result(t *value.ResultType) {
	switch {
	case t.Ok == nil && t.Err == nil:
		p.str("result")
	case t.Err == nil:
		p.list("result<", []value.Type{t.Ok}, ">")
	case t.Ok == nil:
		p.list("result<_, ", []value.Type{t.Err}, ">")
	default:
		p.list("result<", []value.Type{t.Ok, t.Err}, ">")
	}
}

func (p *printer) funcType(f *value.FuncType) {
	if f.Async {
		p.str("async ")
	}
	p.str("func(")
	for i, param := range f.Params {
		if p.exhausted() {
			p.str("...")
			break
		}
		if i > 0 {
			p.str(", ")
		}
		p.str(param.Name + ": ")
		p.valType(param.Type)
	}
	p.str(")")
	if f.Result != nil {
		p.str(" -> ")
		p.valType(f.Result)
	}
}

// block renders the imports and exports of an instance or component type,
// one per line.
func (p *printer) block(kind string, imports, exports []Extern) {
	if len(imports)+len(exports) == 0 {
		p.str(kind + " {}")
		return
	}
	p.depth++
	defer func() { p.depth-- }()
	p.str(kind + " {\n")
	exportPrefix := ""
	if kind == "component" {
		exportPrefix = "export "
	}
	for i := range len(imports) + len(exports) {
		p.indent(p.depth)
		if p.exhausted() {
			p.str("...\n")
			break
		}
		if i < len(imports) {
			p.str("import ")
			p.item(imports[i])
		} else {
			p.str(exportPrefix)
			p.item(exports[i-len(imports)])
		}
		p.str("\n")
	}
	p.indent(p.depth - 1)
	p.str("}")
}

// item renders "name: type".
func (p *printer) item(e Extern) {
	p.str(e.Name.Name + ": ")
	p.entity(e.Type)
}
