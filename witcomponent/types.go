package witcomponent

import (
	"fmt"

	"github.com/weftwasm/weft/component"
)

// valType resolves a valtype: an inline primitive or a type index.
func (s *scope) valType(v component.ValType) (*tnode, error) {
	if v.IsPrim() {
		if primitive(v.Prim) == 0 {
			return nil, fmt.Errorf("unknown primitive type %#x", uint8(v.Prim))
		}
		return s.g.prim(v.Prim), nil
	}
	n, err := at(s.types, uint32(v.Index), "type")
	if err != nil {
		return nil, err
	}
	switch peel(n).kind {
	case tFunc, tInstance, tComponent, tResource:
		return nil, fmt.Errorf("type %d is not a value type", v.Index)
	}
	return n, nil
}

func (s *scope) optValType(v *component.ValType) (*tnode, error) {
	if v == nil {
		return nil, nil
	}
	return s.valType(*v)
}

// resource resolves the type index of an own or borrow handle.
func (s *scope) resource(i component.TypeIdx) (*tnode, error) {
	n, err := at(s.types, uint32(i), "type")
	if err != nil {
		return nil, err
	}
	if p := peel(n); p == nil || p.kind != tResource {
		return nil, fmt.Errorf("type %d is not a resource", i)
	}
	return n, nil
}

// defType makes the node of a type definition.
func (s *scope) defType(t component.Type) (*tnode, error) {
	switch t := t.(type) {
	case *component.PrimType:
		if primitive(t.Type) == 0 {
			return nil, fmt.Errorf("unknown primitive type %#x", uint8(t.Type))
		}
		return &tnode{kind: tPrim, prim: primitive(t.Type)}, nil
	case *component.RecordType:
		n := &tnode{kind: tRecord}
		for _, f := range t.Fields {
			ft, err := s.valType(f.Type)
			if err != nil {
				return nil, fmt.Errorf("field %q: %w", f.Name, err)
			}
			n.fields = append(n.fields, tfield{f.Name, ft})
		}
		return n, nil
	case *component.VariantType:
		n := &tnode{kind: tVariant}
		for _, c := range t.Cases {
			ct, err := s.optValType(c.Type)
			if err != nil {
				return nil, fmt.Errorf("case %q: %w", c.Name, err)
			}
			n.fields = append(n.fields, tfield{c.Name, ct})
		}
		return n, nil
	case *component.ListType:
		return s.wrap(tList, t.Elem)
	case *component.FixedListType:
		n, err := s.wrap(tFixedList, t.Elem)
		if n != nil {
			n.size = t.Len
		}
		return n, err
	case *component.OptionType:
		return s.wrap(tOption, t.Type)
	case *component.TupleType:
		n := &tnode{kind: tTuple, elems: []*tnode{}}
		for _, e := range t.Types {
			et, err := s.valType(e)
			if err != nil {
				return nil, err
			}
			n.elems = append(n.elems, et)
		}
		return n, nil
	case *component.FlagsType:
		return &tnode{kind: tFlags, names: append([]string(nil), t.Names...)}, nil
	case *component.EnumType:
		return &tnode{kind: tEnum, names: append([]string(nil), t.Names...)}, nil
	case *component.ResultType:
		ok, err := s.optValType(t.OK)
		if err != nil {
			return nil, err
		}
		er, err := s.optValType(t.Err)
		if err != nil {
			return nil, err
		}
		return &tnode{kind: tResult, elems: []*tnode{ok, er}}, nil
	case *component.OwnType:
		r, err := s.resource(t.Resource)
		return &tnode{kind: tOwn, of: r}, err
	case *component.BorrowType:
		r, err := s.resource(t.Resource)
		return &tnode{kind: tBorrow, of: r}, err
	case *component.FutureType:
		e, err := s.optValType(t.Elem)
		return &tnode{kind: tFuture, elems: []*tnode{e}}, err
	case *component.StreamType:
		e, err := s.optValType(t.Elem)
		return &tnode{kind: tStream, elems: []*tnode{e}}, err
	case *component.MapType:
		k, err := s.valType(t.Key)
		if err != nil {
			return nil, err
		}
		v, err := s.valType(t.Value)
		return &tnode{kind: tMap, elems: []*tnode{k, v}}, err
	case *component.ResourceType:
		return &tnode{kind: tResource}, nil
	case *component.FuncType:
		n := &tnode{kind: tFunc, async: t.Async, fields: []tfield{}}
		for _, p := range t.Params {
			pt, err := s.valType(p.Type)
			if err != nil {
				return nil, fmt.Errorf("param %q: %w", p.Name, err)
			}
			n.fields = append(n.fields, tfield{p.Name, pt})
		}
		r, err := s.optValType(t.Result)
		n.result = r
		return n, err
	case *component.InstanceType:
		inner, err := s.decls(t.Decls)
		if err != nil {
			return nil, err
		}
		return &tnode{kind: tInstance, ex: inner.ex, defined: inner.defined}, nil
	case *component.ComponentType:
		inner, err := s.decls(t.Decls)
		if err != nil {
			return nil, err
		}
		return &tnode{kind: tComponent, im: inner.im, ex: inner.ex, defined: inner.defined, imported: inner.imported}, nil
	}
	return nil, fmt.Errorf("unknown type definition %T", t)
}

func (s *scope) wrap(k tkind, elem component.ValType) (*tnode, error) {
	e, err := s.valType(elem)
	if err != nil {
		return nil, err
	}
	return &tnode{kind: k, elems: []*tnode{e}}, nil
}

// decls walks the declarations of an instance or component type in a new
// scope nested in s.
func (s *scope) decls(decls []component.Decl) (*scope, error) {
	s.g.depth++
	defer func() { s.g.depth-- }()
	if s.g.depth > maxDepth {
		return nil, fmt.Errorf("types nested deeper than %d", maxDepth)
	}
	in := &scope{parent: s, g: s.g}
	for i, d := range decls {
		var err error
		switch d := d.(type) {
		case *component.DeclType:
			var n *tnode
			if n, err = in.defType(d.Type); err == nil {
				in.types = append(in.types, n)
			}
		case *component.DeclAlias:
			err = in.alias(d.Alias)
		case *component.DeclImport:
			var e textern
			if e, err = in.externType(d.Name, d.Type, true); err == nil {
				in.add(e)
				in.im = append(in.im, e)
			}
		case *component.DeclExport:
			var e textern
			if e, err = in.externType(d.Name, d.Type, false); err == nil {
				in.add(e)
				in.ex = append(in.ex, e)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("declaration %d: %w", i, err)
		}
	}
	return in, nil
}
