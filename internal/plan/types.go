package plan

import (
	"fmt"

	"github.com/weftwasm/weft/component"
	"github.com/weftwasm/weft/value"
)

// typeDef is an entry of the component type index space.
type typeDef struct {
	val  value.Type
	fn   *value.FuncType
	res  *value.ResourceType
	inst *instType
	comp bool // a component type: only ever used for imports nothing can satisfy
	// named is set once a resource has been named after an export or import
	named bool
}

func (t *typeDef) String() string {
	switch {
	case t.val != nil:
		return t.val.String()
	case t.fn != nil:
		return t.fn.String()
	case t.res != nil:
		return "resource " + t.res.Name
	case t.inst != nil:
		return "instance type"
	}
	return "component type"
}

// instType is an instance type: its exports in order.
type instType struct {
	names []string
	items map[string]*declItem
}

// declItem is one export of an instance type.
type declItem struct {
	sort component.Sort
	fn   *value.FuncType
	typ  *typeDef
	inst *instType
}

var prims = map[component.PrimValType]value.Primitive{
	component.Bool: value.BoolType, component.S8: value.S8Type, component.U8: value.U8Type,
	component.S16: value.S16Type, component.U16: value.U16Type, component.S32: value.S32Type,
	component.U32: value.U32Type, component.S64: value.S64Type, component.U64: value.U64Type,
	component.F32: value.F32Type, component.F64: value.F64Type, component.Char: value.CharType,
	component.String: value.StringType, component.ErrorContext: value.ErrorContextType,
}

// valType resolves a valtype in scope s.
func (s *scope) valType(v component.ValType) (value.Type, error) {
	if v.IsPrim() {
		p, ok := prims[v.Prim]
		if !ok {
			return nil, fmt.Errorf("unknown primitive type %s", v.Prim)
		}
		return p, nil
	}
	t, err := at(s.types, uint32(v.Index), "type")
	if err != nil {
		return nil, err
	}
	if t.val == nil {
		return nil, fmt.Errorf("%s is a %s, not a value type", v.Index, t)
	}
	return t.val, nil
}

func (s *scope) optValType(v *component.ValType) (value.Type, error) {
	if v == nil {
		return nil, nil
	}
	return s.valType(*v)
}

func (s *scope) resource(i component.TypeIdx) (*value.ResourceType, error) {
	t, err := at(s.types, uint32(i), "type")
	if err != nil {
		return nil, err
	}
	if t.res == nil {
		return nil, fmt.Errorf("%s is a %s, not a resource", i, t)
	}
	return t.res, nil
}

// defType converts a type definition.
func (b *builder) defType(s *scope, t component.Type) (*typeDef, error) {
	var err error
	switch t := t.(type) {
	case *component.PrimType:
		v, err := s.valType(component.Prim(t.Type))
		return &typeDef{val: v}, err
	case *component.RecordType:
		rt := &value.RecordType{Fields: make([]value.Field, len(t.Fields))}
		for i, f := range t.Fields {
			rt.Fields[i].Name = f.Name
			if rt.Fields[i].Type, err = s.valType(f.Type); err != nil {
				return nil, err
			}
		}
		return &typeDef{val: rt}, nil
	case *component.VariantType:
		vt := &value.VariantType{Cases: make([]value.Case, len(t.Cases))}
		for i, c := range t.Cases {
			vt.Cases[i].Name = c.Name
			if vt.Cases[i].Type, err = s.optValType(c.Type); err != nil {
				return nil, err
			}
		}
		return &typeDef{val: vt}, nil
	case *component.ListType:
		e, err := s.valType(t.Elem)
		return &typeDef{val: &value.ListType{Elem: e}}, err
	case *component.FixedListType:
		e, err := s.valType(t.Elem)
		return &typeDef{val: &value.ListType{Elem: e, Len: t.Len}}, err
	case *component.TupleType:
		tt := &value.TupleType{Types: make([]value.Type, len(t.Types))}
		for i, e := range t.Types {
			if tt.Types[i], err = s.valType(e); err != nil {
				return nil, err
			}
		}
		return &typeDef{val: tt}, nil
	case *component.FlagsType:
		return &typeDef{val: &value.FlagsType{Names: t.Names}}, nil
	case *component.EnumType:
		return &typeDef{val: &value.EnumType{Cases: t.Names}}, nil
	case *component.OptionType:
		e, err := s.valType(t.Type)
		return &typeDef{val: &value.OptionType{Elem: e}}, err
	case *component.ResultType:
		ok, err := s.optValType(t.OK)
		if err != nil {
			return nil, err
		}
		e, err := s.optValType(t.Err)
		return &typeDef{val: &value.ResultType{Ok: ok, Err: e}}, err
	case *component.OwnType:
		r, err := s.resource(t.Resource)
		return &typeDef{val: &value.OwnType{Resource: r}}, err
	case *component.BorrowType:
		r, err := s.resource(t.Resource)
		return &typeDef{val: &value.BorrowType{Resource: r}}, err
	case *component.StreamType:
		e, err := s.optValType(t.Elem)
		return &typeDef{val: &value.StreamType{Elem: e}}, err
	case *component.FutureType:
		e, err := s.optValType(t.Elem)
		return &typeDef{val: &value.FutureType{Elem: e}}, err
	case *component.MapType:
		k, err := s.valType(t.Key)
		if err != nil {
			return nil, err
		}
		v, err := s.valType(t.Value)
		return &typeDef{val: &value.MapType{Key: k, Value: v}}, err
	case *component.FuncType:
		ft := &value.FuncType{Async: t.Async, Params: make([]value.Param, len(t.Params))}
		for i, p := range t.Params {
			ft.Params[i].Name = p.Name
			if ft.Params[i].Type, err = s.valType(p.Type); err != nil {
				return nil, err
			}
		}
		if ft.Result, err = s.optValType(t.Result); err != nil {
			return nil, err
		}
		return &typeDef{fn: ft}, nil
	case *component.ResourceType:
		r := &value.ResourceType{Name: fmt.Sprintf("resource%d", len(b.p.Resources))}
		res := Resource{Type: r, Inst: s.inst}
		if t.Dtor != nil {
			f, err := at(s.coreFuncs, uint32(*t.Dtor), "core func")
			if err != nil {
				return nil, err
			}
			res.Dtor = &f
		}
		b.addResource(res)
		return &typeDef{res: r}, nil
	case *component.InstanceType:
		it, err := b.declScope(s, t.Decls)
		return &typeDef{inst: it}, err
	case *component.ComponentType:
		return &typeDef{comp: true}, nil
	}
	return nil, fmt.Errorf("unsupported type definition %T", t)
}

// declScope evaluates the declarators of an instance type in a fresh type
// scope nested in s and returns the exports it declares.
func (b *builder) declScope(parent *scope, decls []component.Decl) (*instType, error) {
	s := &scope{parent: parent, inst: parent.inst, typeScope: true}
	it := &instType{items: map[string]*declItem{}}
	for _, d := range decls {
		switch d := d.(type) {
		case *component.DeclCoreType:
			s.coreTypes++
		case *component.DeclType:
			td, err := b.defType(s, d.Type)
			if err != nil {
				return nil, err
			}
			s.types = append(s.types, td)
		case *component.DeclAlias:
			if err := b.alias(s, d.Alias); err != nil {
				return nil, err
			}
		case *component.DeclExport, *component.DeclImport:
			var name component.ExternName
			var et component.ExternType
			if x, ok := d.(*component.DeclExport); ok {
				name, et = x.Name, x.Type
			} else {
				x := d.(*component.DeclImport)
				name, et = x.Name, x.Type
			}
			item, err := b.declItem(s, name.Name, et)
			if err != nil {
				return nil, fmt.Errorf("declaration %q: %w", name.Name, err)
			}
			switch item.sort {
			case component.SortType:
				s.types = append(s.types, item.typ)
			case component.SortInstance:
				s.insts = append(s.insts, &instDef{typ: item.inst})
			}
			if _, ok := d.(*component.DeclExport); ok {
				if _, dup := it.items[name.Name]; !dup {
					it.names = append(it.names, name.Name)
				}
				it.items[name.Name] = item
			}
		}
	}
	return it, nil
}

// declItem resolves the extern type of a declaration.
func (b *builder) declItem(s *scope, name string, et component.ExternType) (*declItem, error) {
	item := &declItem{sort: component.ExternSort(et)}
	switch et := et.(type) {
	case *component.ExternFunc:
		t, err := at(s.types, uint32(et.Type), "type")
		if err != nil {
			return nil, err
		}
		if t.fn == nil {
			return nil, fmt.Errorf("%s is a %s, not a function type", et.Type, t)
		}
		item.fn = t.fn
	case *component.ExternTypeBound:
		if et.SubResource {
			r := &value.ResourceType{Name: name}
			b.addResource(Resource{Type: r, Inst: s.inst, Imported: true})
			item.typ = &typeDef{res: r, named: true}
		} else {
			t, err := at(s.types, uint32(et.Eq), "type")
			if err != nil {
				return nil, err
			}
			item.typ = t
		}
	case *component.ExternInstance:
		t, err := at(s.types, uint32(et.Type), "type")
		if err != nil {
			return nil, err
		}
		if t.inst == nil {
			return nil, fmt.Errorf("%s is a %s, not an instance type", et.Type, t)
		}
		item.inst = t.inst
	case *component.ExternModule, *component.ExternComponent, *component.ExternValue:
	default:
		return nil, fmt.Errorf("unsupported extern type %T", et)
	}
	return item, nil
}

func (b *builder) addResource(r Resource) ResourceID {
	b.p.Resources = append(b.p.Resources, r)
	return ResourceID(len(b.p.Resources) - 1)
}
