package weft

import "github.com/weftwasm/weft/value"

// funcTypeMatches reports whether a host definition of type have can
// satisfy an import of type want: the same parameter names and types and
// the same result, where an imported resource of the component matches the
// host resource type the Linker bound it to.
func (pre *InstancePre) funcTypeMatches(want, have *value.FuncType) bool {
	if len(want.Params) != len(have.Params) || want.Async != have.Async {
		return false
	}
	for i := range want.Params {
		if want.Params[i].Name != have.Params[i].Name || !pre.typeMatches(want.Params[i].Type, have.Params[i].Type) {
			return false
		}
	}
	return pre.typeMatches(want.Result, have.Result)
}

func (pre *InstancePre) resourceMatches(want, have *value.ResourceType) bool {
	return want == have || (pre.toHost[want] != nil && pre.toHost[want] == have)
}

func (pre *InstancePre) typeMatches(want, have value.Type) bool {
	if want == nil || have == nil {
		return want == nil && have == nil
	}
	if want.Kind() != have.Kind() {
		return false
	}
	all := func(a, b []value.Type) bool {
		if len(a) != len(b) {
			return false
		}
		for i := range a {
			if !pre.typeMatches(a[i], b[i]) {
				return false
			}
		}
		return true
	}
	switch w := want.(type) {
	case value.Primitive:
		return true
	case *value.ListType:
		h := have.(*value.ListType)
		return w.Len == h.Len && pre.typeMatches(w.Elem, h.Elem)
	case *value.RecordType:
		h := have.(*value.RecordType)
		if len(w.Fields) != len(h.Fields) {
			return false
		}
		for i := range w.Fields {
			if w.Fields[i].Name != h.Fields[i].Name || !pre.typeMatches(w.Fields[i].Type, h.Fields[i].Type) {
				return false
			}
		}
		return true
	case *value.TupleType:
		return all(w.Types, have.(*value.TupleType).Types)
	case *value.VariantType:
		h := have.(*value.VariantType)
		if len(w.Cases) != len(h.Cases) {
			return false
		}
		for i := range w.Cases {
			if w.Cases[i].Name != h.Cases[i].Name || !pre.typeMatches(w.Cases[i].Type, h.Cases[i].Type) {
				return false
			}
		}
		return true
	case *value.OptionType:
		return pre.typeMatches(w.Elem, have.(*value.OptionType).Elem)
	case *value.ResultType:
		h := have.(*value.ResultType)
		return pre.typeMatches(w.Ok, h.Ok) && pre.typeMatches(w.Err, h.Err)
	case *value.MapType:
		h := have.(*value.MapType)
		return pre.typeMatches(w.Key, h.Key) && pre.typeMatches(w.Value, h.Value)
	case *value.OwnType:
		return pre.resourceMatches(w.Resource, have.(*value.OwnType).Resource)
	case *value.BorrowType:
		return pre.resourceMatches(w.Resource, have.(*value.BorrowType).Resource)
	case *value.FutureType:
		return pre.typeMatches(w.Elem, have.(*value.FutureType).Elem)
	case *value.StreamType:
		return pre.typeMatches(w.Elem, have.(*value.StreamType).Elem)
	}
	return value.Equal(want, have)
}
