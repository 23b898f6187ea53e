package wit

import (
	"fmt"

	"github.com/weftwasm/weft/value"
)

// ValueTypes converts the types of a Resolve into component value types
// (package value), for calling or defining functions described by WIT. One
// converter keeps resource identity: the same resource definition always
// becomes the same *value.ResourceType, whichever alias or `use` reaches it.
//
//	vt := r.ValueTypes()
//	iface := r.Interfaces[id]
//	f, _ := iface.Functions.Get("add")
//	ft, err := vt.Func(&f) // func(a: f64, b: f64) -> f64
type ValueTypes struct {
	r         *Resolve
	resources map[TypeID]*value.ResourceType
	defs      map[TypeID]value.Type
}

// ValueTypes returns a converter of r's types to component value types.
func (r *Resolve) ValueTypes() *ValueTypes {
	return &ValueTypes{r: r, resources: map[TypeID]*value.ResourceType{}, defs: map[TypeID]value.Type{}}
}

var primValueTypes = [...]value.Type{
	Bool: value.BoolType, U8: value.U8Type, U16: value.U16Type, U32: value.U32Type, U64: value.U64Type,
	S8: value.S8Type, S16: value.S16Type, S32: value.S32Type, S64: value.S64Type,
	F32: value.F32Type, F64: value.F64Type, Char: value.CharType, String: value.StringType,
	ErrorContext: value.ErrorContextType,
}

// Type converts a WIT type reference. Resource definitions themselves are not
// value types (only handles to them are): converting one is an error, as is a
// reference outside the Resolve.
func (c *ValueTypes) Type(t Type) (value.Type, error) {
	if !t.IsRef() {
		if int(t.Prim) < len(primValueTypes) && primValueTypes[t.Prim] != nil {
			return primValueTypes[t.Prim], nil
		}
		return nil, fmt.Errorf("wit: unknown primitive type %d", t.Prim)
	}
	if vt, ok := c.defs[t.ID]; ok {
		return vt, nil
	}
	if int(t.ID) < 0 || int(t.ID) >= len(c.r.Types) {
		return nil, fmt.Errorf("wit: type id %d is out of range", t.ID)
	}
	vt, err := c.def(t.ID)
	if err != nil {
		return nil, err
	}
	c.defs[t.ID] = vt
	return vt, nil
}

// Resource returns the value.ResourceType of a resource definition, following
// aliases.
func (c *ValueTypes) Resource(id TypeID) (*value.ResourceType, error) {
	for seen := 0; ; seen++ {
		if int(id) < 0 || int(id) >= len(c.r.Types) || seen > len(c.r.Types) {
			return nil, fmt.Errorf("wit: type id %d is not a resource", id)
		}
		td := &c.r.Types[id]
		switch {
		case td.Kind.Kind == KindResource:
			if rt, ok := c.resources[id]; ok {
				return rt, nil
			}
			rt := &value.ResourceType{Name: td.Name}
			c.resources[id] = rt
			return rt, nil
		case td.Kind.Kind == KindType && td.Kind.Elem.IsRef():
			id = td.Kind.Elem.ID
		default:
			return nil, fmt.Errorf("wit: type %s is a %s, not a resource", td.Name, td.Kind.Kind)
		}
	}
}

func (c *ValueTypes) def(id TypeID) (value.Type, error) {
	td := &c.r.Types[id]
	k := &td.Kind
	switch k.Kind {
	case KindType:
		return c.Type(k.Elem)
	case KindRecord:
		fields := make([]value.Field, len(k.Fields))
		for i, f := range k.Fields {
			ft, err := c.Type(f.Type)
			if err != nil {
				return nil, err
			}
			fields[i] = value.Field{Name: f.Name, Type: ft}
		}
		return &value.RecordType{Name: td.Name, Fields: fields}, nil
	case KindVariant:
		cases := make([]value.Case, len(k.Cases))
		for i, cs := range k.Cases {
			cases[i].Name = cs.Name
			if cs.Type != nil {
				ct, err := c.Type(*cs.Type)
				if err != nil {
					return nil, err
				}
				cases[i].Type = ct
			}
		}
		return &value.VariantType{Name: td.Name, Cases: cases}, nil
	case KindEnum:
		return &value.EnumType{Name: td.Name, Cases: flagNames(k.Flags)}, nil
	case KindFlags:
		return &value.FlagsType{Name: td.Name, Names: flagNames(k.Flags)}, nil
	case KindTuple:
		ts, err := c.types(k.Types)
		if err != nil {
			return nil, err
		}
		return &value.TupleType{Types: ts}, nil
	case KindOption:
		e, err := c.Type(k.Elem)
		if err != nil {
			return nil, err
		}
		return &value.OptionType{Elem: e}, nil
	case KindResult:
		ok, err := c.optional(k.Ok)
		if err != nil {
			return nil, err
		}
		e, err := c.optional(k.Err)
		if err != nil {
			return nil, err
		}
		return &value.ResultType{Ok: ok, Err: e}, nil
	case KindList, KindFixedLengthList:
		e, err := c.Type(k.Elem)
		if err != nil {
			return nil, err
		}
		return &value.ListType{Elem: e, Len: k.Size}, nil
	case KindMap:
		key, err := c.Type(k.Elem)
		if err != nil {
			return nil, err
		}
		val, err := c.Type(k.Value)
		if err != nil {
			return nil, err
		}
		return &value.MapType{Key: key, Value: val}, nil
	case KindHandle:
		rt, err := c.Resource(k.Handle)
		if err != nil {
			return nil, err
		}
		if k.Borrow {
			return &value.BorrowType{Resource: rt}, nil
		}
		return &value.OwnType{Resource: rt}, nil
	case KindFuture:
		e, err := c.optional(k.Opt)
		if err != nil {
			return nil, err
		}
		return &value.FutureType{Elem: e}, nil
	case KindStream:
		e, err := c.optional(k.Opt)
		if err != nil {
			return nil, err
		}
		return &value.StreamType{Elem: e}, nil
	case KindResource:
		return nil, fmt.Errorf("wit: resource %s is not a value type; use own<%s> or borrow<%s>", td.Name, td.Name, td.Name)
	}
	return nil, fmt.Errorf("wit: type %q of kind %s has no value type", td.Name, k.Kind)
}

func (c *ValueTypes) optional(t *Type) (value.Type, error) {
	if t == nil {
		return nil, nil
	}
	return c.Type(*t)
}

func (c *ValueTypes) types(ts []Type) ([]value.Type, error) {
	out := make([]value.Type, len(ts))
	for i, t := range ts {
		vt, err := c.Type(t)
		if err != nil {
			return nil, err
		}
		out[i] = vt
	}
	return out, nil
}

func flagNames(fs []Flag) []string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.Name
	}
	return names
}

// Func converts a function's signature.
func (c *ValueTypes) Func(f *Function) (*value.FuncType, error) {
	ft := &value.FuncType{Params: make([]value.Param, len(f.Params))}
	switch f.Kind {
	case AsyncFreestanding, AsyncMethod, AsyncStatic:
		ft.Async = true
	}
	for i, p := range f.Params {
		pt, err := c.Type(p.Type)
		if err != nil {
			return nil, fmt.Errorf("wit: function %s, parameter %s: %w", f.Name, p.Name, err)
		}
		ft.Params[i] = value.Param{Name: p.Name, Type: pt}
	}
	if f.Result != nil {
		rt, err := c.Type(*f.Result)
		if err != nil {
			return nil, fmt.Errorf("wit: function %s, result: %w", f.Name, err)
		}
		ft.Result = rt
	}
	return ft, nil
}
