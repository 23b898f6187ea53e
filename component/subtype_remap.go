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

func (m *remapping) fn(f *value.FuncType) *value.FuncType {
	if f == nil || m.empty() {
		return f
	}
	changed := false
	params := make([]value.Param, len(f.Params))
	for i, p := range f.Params {
		params[i] = value.Param{Name: p.Name, Type: m.val(p.Type)}
		changed = changed || params[i].Type != p.Type
	}
	res := m.val(f.Result)
	if !changed && res == f.Result {
		return f
	}
	return &value.FuncType{Async: f.Async, Params: params, Result: res}
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

// valFacts memoizes what validation asks about resolved types (which
// resources they mention, whether they hold pointers or borrows), so that
// every question costs time linear in the number of distinct type nodes
// over a whole validation, however types share parts.
type valFacts struct {
	free      map[any][]*value.ResourceType
	ptr       map[value.Type]bool
	borrow    map[value.Type]bool
	byteSizes map[value.Type]sizeAlign
}

func newValFacts() *valFacts {
	return &valFacts{
		free:      map[any][]*value.ResourceType{},
		ptr:       map[value.Type]bool{},
		borrow:    map[value.Type]bool{},
		byteSizes: map[value.Type]sizeAlign{},
	}
}

// addAll adds the resources in list to set.
func addAll(set map[*value.ResourceType]bool, list []*value.ResourceType) {
	for _, r := range list {
		set[r] = true
	}
}

// collect turns a set into a list (nil for none).
func collect(set map[*value.ResourceType]bool) []*value.ResourceType {
	if len(set) == 0 {
		return []*value.ResourceType{}
	}
	out := make([]*value.ResourceType, 0, len(set))
	for r := range set {
		out = append(out, r)
	}
	return out
}

// entity adds to set the resources e mentions that it does not bind itself.
func (f *valFacts) entity(e EntityType, set map[*value.ResourceType]bool) {
	switch e.Sort {
	case SortFunc:
		addAll(set, f.fn(e.Func))
	case SortValue:
		addAll(set, f.val(e.Value))
	case SortType:
		f.typeDef(e.Type, set)
	case SortInstance:
		addAll(set, f.instance(e.Instance))
	case SortComponent:
		addAll(set, f.component(e.Component))
	}
}

func (f *valFacts) typeDef(d TypeDef, set map[*value.ResourceType]bool) {
	switch {
	case d.Value != nil:
		addAll(set, f.val(d.Value))
	case d.Resource != nil:
		set[d.Resource] = true
	case d.Func != nil:
		addAll(set, f.fn(d.Func))
	case d.Instance != nil:
		addAll(set, f.instance(d.Instance))
	case d.Component != nil:
		addAll(set, f.component(d.Component))
	}
}

func (f *valFacts) fn(t *value.FuncType) []*value.ResourceType {
	if r, ok := f.free[t]; ok {
		return r
	}
	set := map[*value.ResourceType]bool{}
	for _, p := range t.Params {
		addAll(set, f.val(p.Type))
	}
	addAll(set, f.val(t.Result))
	r := collect(set)
	f.free[t] = r
	return r
}

func (f *valFacts) instance(t *InstanceTypeInfo) []*value.ResourceType {
	if r, ok := f.free[t]; ok {
		return r
	}
	set := map[*value.ResourceType]bool{}
	for _, e := range t.Exports {
		f.entity(e.Type, set)
	}
	for _, r := range t.Defined {
		delete(set, r)
	}
	r := collect(set)
	f.free[t] = r
	return r
}

func (f *valFacts) component(t *ComponentTypeInfo) []*value.ResourceType {
	if r, ok := f.free[t]; ok {
		return r
	}
	set := map[*value.ResourceType]bool{}
	for _, e := range t.Imports {
		f.entity(e.Type, set)
	}
	for _, e := range t.Exports {
		f.entity(e.Type, set)
	}
	for _, r := range t.Imported {
		delete(set, r)
	}
	for _, r := range t.Defined {
		delete(set, r)
	}
	r := collect(set)
	f.free[t] = r
	return r
}

// val returns the resources a value type mentions through handles.
func (f *valFacts) val(t value.Type) []*value.ResourceType {
	if t == nil {
		return nil
	}
	if r, ok := f.free[t]; ok {
		return r
	}
	set := map[*value.ResourceType]bool{}
	switch t := t.(type) {
	case *value.OwnType:
		set[t.Resource] = true
	case *value.BorrowType:
		set[t.Resource] = true
	default:
		eachPart(t, func(p value.Type) { addAll(set, f.val(p)) })
	}
	r := collect(set)
	f.free[t] = r
	return r
}

// hasPtr reports whether values of t live partly in linear memory (strings,
// lists and maps).
func (f *valFacts) hasPtr(t value.Type) bool {
	if t == nil {
		return false
	}
	if b, ok := f.ptr[t]; ok {
		return b
	}
	var b bool
	switch t := t.(type) {
	case value.Primitive:
		b = value.Kind(t) == value.KindString
	case *value.ListType:
		b = t.Len == 0 || f.hasPtr(t.Elem)
	case *value.MapType:
		b = true
	default:
		eachPart(t, func(p value.Type) { b = b || f.hasPtr(p) })
	}
	f.ptr[t] = b
	return b
}

// hasBorrow reports whether t contains a borrow handle.
func (f *valFacts) hasBorrow(t value.Type) bool {
	if t == nil {
		return false
	}
	if b, ok := f.borrow[t]; ok {
		return b
	}
	_, b := t.(*value.BorrowType)
	if !b {
		eachPart(t, func(p value.Type) { b = b || f.hasBorrow(p) })
	}
	f.borrow[t] = b
	return b
}

// eachPart calls fn on the value types directly nested in t.
func eachPart(t value.Type, fn func(value.Type)) {
	switch t := t.(type) {
	case *value.ListType:
		fn(t.Elem)
	case *value.RecordType:
		for _, x := range t.Fields {
			fn(x.Type)
		}
	case *value.TupleType:
		for _, x := range t.Types {
			fn(x)
		}
	case *value.VariantType:
		for _, x := range t.Cases {
			if x.Type != nil {
				fn(x.Type)
			}
		}
	case *value.OptionType:
		fn(t.Elem)
	case *value.ResultType:
		if t.Ok != nil {
			fn(t.Ok)
		}
		if t.Err != nil {
			fn(t.Err)
		}
	case *value.MapType:
		fn(t.Key)
		fn(t.Value)
	case *value.FutureType:
		if t.Elem != nil {
			fn(t.Elem)
		}
	case *value.StreamType:
		if t.Elem != nil {
			fn(t.Elem)
		}
	}
}
