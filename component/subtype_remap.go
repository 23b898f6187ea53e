package component

import "github.com/weftwasm/weft/value"

// remapping substitutes resources (and, after an instantiation, the types a
// component imported) inside resolved types. Types that contain nothing to
// substitute are returned unchanged, so type identity survives where it can.
type remapping struct {
	res   map[*value.ResourceType]*value.ResourceType
	types map[value.Type]value.Type
	memo  map[value.Type]value.Type
	// aliases, when set, records which resource name each handle type was
	// written with; substituted handles keep the name of the original.
	aliases map[value.Type]*aliasID
}

func newRemapping() *remapping {
	return &remapping{
		res:  map[*value.ResourceType]*value.ResourceType{},
		memo: map[value.Type]value.Type{},
	}
}

func (m *remapping) empty() bool { return len(m.res) == 0 && len(m.types) == 0 }

func (m *remapping) resource(r *value.ResourceType) *value.ResourceType {
	if n, ok := m.res[r]; ok {
		return n
	}
	return r
}

// val substitutes inside a value type.
func (m *remapping) val(t value.Type) value.Type {
	if t == nil || m.empty() {
		return t
	}
	if n, ok := m.types[t]; ok {
		return n
	}
	if n, ok := m.memo[t]; ok {
		return n
	}
	n := m.valUncached(t)
	m.memo[t] = n
	return n
}

func (m *remapping) valUncached(t value.Type) value.Type {
	switch t := t.(type) {
	case *value.ListType:
		if e := m.val(t.Elem); e != t.Elem {
			return &value.ListType{Elem: e, Len: t.Len}
		}
	case *value.RecordType:
		var fields []value.Field
		for i, f := range t.Fields {
			if n := m.val(f.Type); n != f.Type && fields == nil {
				fields = append([]value.Field(nil), t.Fields...)
				fields[i].Type = n
			} else if fields != nil {
				fields[i].Type = n
			}
		}
		if fields != nil {
			return &value.RecordType{Name: t.Name, Fields: fields}
		}
	case *value.TupleType:
		var ts []value.Type
		for i, e := range t.Types {
			n := m.val(e)
			if n != e && ts == nil {
				ts = append([]value.Type(nil), t.Types...)
			}
			if ts != nil {
				ts[i] = n
			}
		}
		if ts != nil {
			return &value.TupleType{Types: ts}
		}
	case *value.VariantType:
		var cs []value.Case
		for i, c := range t.Cases {
			n := m.val(c.Type)
			if n != c.Type && cs == nil {
				cs = append([]value.Case(nil), t.Cases...)
			}
			if cs != nil {
				cs[i].Type = n
			}
		}
		if cs != nil {
			return &value.VariantType{Name: t.Name, Cases: cs}
		}
	case *value.OptionType:
		if e := m.val(t.Elem); e != t.Elem {
			return &value.OptionType{Elem: e}
		}
	case *value.ResultType:
		ok, er := m.val(t.Ok), m.val(t.Err)
		if ok != t.Ok || er != t.Err {
			return &value.ResultType{Ok: ok, Err: er}
		}
	case *value.MapType:
		k, v := m.val(t.Key), m.val(t.Value)
		if k != t.Key || v != t.Value {
			return &value.MapType{Key: k, Value: v}
		}
	case *value.OwnType:
		if r := m.resource(t.Resource); r != t.Resource {
			return m.keepAlias(t, &value.OwnType{Resource: r})
		}
	case *value.BorrowType:
		if r := m.resource(t.Resource); r != t.Resource {
			return m.keepAlias(t, &value.BorrowType{Resource: r})
		}
	case *value.FutureType:
		if e := m.val(t.Elem); e != t.Elem {
			return &value.FutureType{Elem: e}
		}
	case *value.StreamType:
		if e := m.val(t.Elem); e != t.Elem {
			return &value.StreamType{Elem: e}
		}
	}
	return t
}

func (m *remapping) keepAlias(old, n value.Type) value.Type {
	if m.aliases != nil {
		if a, ok := m.aliases[old]; ok {
			m.aliases[n] = a
		}
	}
	return n
}

func (m *remapping) fn(f *FuncTypeInfo) *FuncTypeInfo {
	if f == nil || m.empty() {
		return f
	}
	changed := false
	params := make([]value.Field, len(f.Params))
	for i, p := range f.Params {
		params[i] = value.Field{Name: p.Name, Type: m.val(p.Type)}
		changed = changed || params[i].Type != p.Type
	}
	res := m.val(f.Result)
	if !changed && res == f.Result {
		return f
	}
	return &FuncTypeInfo{Async: f.Async, Params: params, Result: res}
}

func (m *remapping) externs(list []Extern) ([]Extern, bool) {
	out := make([]Extern, len(list))
	changed := false
	for i, e := range list {
		out[i] = Extern{Name: e.Name, Type: m.entity(e.Type)}
		changed = changed || !sameEntity(out[i].Type, e.Type)
	}
	return out, changed
}

func (m *remapping) resources(list []*value.ResourceType) ([]*value.ResourceType, bool) {
	out := make([]*value.ResourceType, len(list))
	changed := false
	for i, r := range list {
		out[i] = m.resource(r)
		changed = changed || out[i] != r
	}
	return out, changed
}

func (m *remapping) instance(t *InstanceTypeInfo) *InstanceTypeInfo {
	if t == nil || m.empty() {
		return t
	}
	ex, c1 := m.externs(t.Exports)
	def, c2 := m.resources(t.Defined)
	if !c1 && !c2 {
		return t
	}
	return &InstanceTypeInfo{Exports: ex, Defined: def}
}

func (m *remapping) component(t *ComponentTypeInfo) *ComponentTypeInfo {
	if t == nil || m.empty() {
		return t
	}
	im, c1 := m.externs(t.Imports)
	ex, c2 := m.externs(t.Exports)
	ir, c3 := m.resources(t.Imported)
	dr, c4 := m.resources(t.Defined)
	if !c1 && !c2 && !c3 && !c4 {
		return t
	}
	return &ComponentTypeInfo{Imports: im, Exports: ex, Imported: ir, Defined: dr}
}

func (m *remapping) typeDef(d TypeDef) TypeDef {
	switch {
	case d.Value != nil:
		return TypeDef{Value: m.val(d.Value)}
	case d.Resource != nil:
		return TypeDef{Resource: m.resource(d.Resource), alias: d.alias}
	case d.Func != nil:
		return TypeDef{Func: m.fn(d.Func)}
	case d.Instance != nil:
		return TypeDef{Instance: m.instance(d.Instance)}
	case d.Component != nil:
		return TypeDef{Component: m.component(d.Component)}
	}
	return d
}

func (m *remapping) entity(e EntityType) EntityType {
	if m.empty() {
		return e
	}
	switch e.Sort {
	case SortFunc:
		e.Func = m.fn(e.Func)
	case SortValue:
		e.Value = m.val(e.Value)
	case SortType:
		e.Type = m.typeDef(e.Type)
	case SortInstance:
		e.Instance = m.instance(e.Instance)
	case SortComponent:
		e.Component = m.component(e.Component)
	}
	return e
}

func sameEntity(a, b EntityType) bool {
	return a.Sort == b.Sort && a.Module == b.Module && a.Func == b.Func && a.Value == b.Value &&
		a.Type == b.Type && a.Instance == b.Instance && a.Component == b.Component
}

// freeResources adds to set the resources e mentions that it does not bind
// itself.
func freeResources(e EntityType, set map[*value.ResourceType]bool) {
	switch e.Sort {
	case SortFunc:
		freeInFunc(e.Func, set)
	case SortValue:
		freeInVal(e.Value, set)
	case SortType:
		freeInTypeDef(e.Type, set)
	case SortInstance:
		freeInInstance(e.Instance, set)
	case SortComponent:
		freeInComponent(e.Component, set)
	}
}

func freeInTypeDef(d TypeDef, set map[*value.ResourceType]bool) {
	switch {
	case d.Value != nil:
		freeInVal(d.Value, set)
	case d.Resource != nil:
		set[d.Resource] = true
	case d.Func != nil:
		freeInFunc(d.Func, set)
	case d.Instance != nil:
		freeInInstance(d.Instance, set)
	case d.Component != nil:
		freeInComponent(d.Component, set)
	}
}

func freeInFunc(f *FuncTypeInfo, set map[*value.ResourceType]bool) {
	for _, p := range f.Params {
		freeInVal(p.Type, set)
	}
	freeInVal(f.Result, set)
}

func freeInInstance(t *InstanceTypeInfo, set map[*value.ResourceType]bool) {
	inner := map[*value.ResourceType]bool{}
	for _, e := range t.Exports {
		freeResources(e.Type, inner)
	}
	for _, r := range t.Defined {
		delete(inner, r)
	}
	for r := range inner {
		set[r] = true
	}
}

func freeInComponent(t *ComponentTypeInfo, set map[*value.ResourceType]bool) {
	inner := map[*value.ResourceType]bool{}
	for _, e := range t.Imports {
		freeResources(e.Type, inner)
	}
	for _, e := range t.Exports {
		freeResources(e.Type, inner)
	}
	for _, r := range t.Imported {
		delete(inner, r)
	}
	for _, r := range t.Defined {
		delete(inner, r)
	}
	for r := range inner {
		set[r] = true
	}
}

func freeInVal(t value.Type, set map[*value.ResourceType]bool) {
	walkVal(t, func(t value.Type) {
		switch t := t.(type) {
		case *value.OwnType:
			set[t.Resource] = true
		case *value.BorrowType:
			set[t.Resource] = true
		}
	})
}

// walkVal calls f on t and every type nested in it.
func walkVal(t value.Type, f func(value.Type)) {
	if t == nil {
		return
	}
	f(t)
	switch t := t.(type) {
	case *value.ListType:
		walkVal(t.Elem, f)
	case *value.RecordType:
		for _, x := range t.Fields {
			walkVal(x.Type, f)
		}
	case *value.TupleType:
		for _, x := range t.Types {
			walkVal(x, f)
		}
	case *value.VariantType:
		for _, x := range t.Cases {
			walkVal(x.Type, f)
		}
	case *value.OptionType:
		walkVal(t.Elem, f)
	case *value.ResultType:
		walkVal(t.Ok, f)
		walkVal(t.Err, f)
	case *value.MapType:
		walkVal(t.Key, f)
		walkVal(t.Value, f)
	case *value.FutureType:
		walkVal(t.Elem, f)
	case *value.StreamType:
		walkVal(t.Elem, f)
	}
}
