package witcomponent

import (
	"fmt"

	"github.com/weftwasm/weft/component"
	"github.com/weftwasm/weft/wit"
)

var primToComponent = map[wit.Primitive]component.PrimValType{
	wit.Bool: component.Bool, wit.S8: component.S8, wit.U8: component.U8, wit.S16: component.S16,
	wit.U16: component.U16, wit.S32: component.S32, wit.U32: component.U32, wit.S64: component.S64,
	wit.U64: component.U64, wit.F32: component.F32, wit.F64: component.F64, wit.Char: component.Char,
	wit.String: component.String, wit.ErrorContext: component.ErrorContext,
}

// valType encodes a WIT type reference, defining whatever it needs in the
// current index space.
func (e *typeEncoder) valType(t wit.Type) (component.ValType, error) {
	return e.valTypeDepth(t, 0)
}

func (e *typeEncoder) valTypeDepth(t wit.Type, depth int) (component.ValType, error) {
	if !t.IsRef() {
		p, ok := primToComponent[t.Prim]
		if !ok {
			return component.ValType{}, fmt.Errorf("unknown primitive %v", t.Prim)
		}
		return component.Prim(p), nil
	}
	if depth > maxDepth {
		return component.ValType{}, fmt.Errorf("types nested deeper than %d", maxDepth)
	}
	id := t.ID
	if int(id) < 0 || int(id) >= len(e.r.Types) {
		return component.ValType{}, fmt.Errorf("type id %d out of range", id)
	}
	td := &e.r.Types[id]
	if idx, ok := e.lookup(id); ok {
		return component.Ref(component.TypeIdx(idx)), nil
	}
	if td.Owner.Kind == wit.OwnerInterface && td.Owner.Interface != e.iface {
		idx, err := e.importType(td.Owner.Interface, id)
		if err != nil {
			return component.ValType{}, err
		}
		e.insert(id, idx)
		return component.Ref(component.TypeIdx(idx)), nil
	}
	sub := func(t wit.Type) (component.ValType, error) { return e.valTypeDepth(t, depth+1) }
	opt := func(t *wit.Type) (*component.ValType, error) {
		if t == nil {
			return nil, nil
		}
		v, err := sub(*t)
		return &v, err
	}
	def := func(d component.Type) component.ValType {
		return component.Ref(component.TypeIdx(e.cur().defType(d)))
	}
	k := &td.Kind
	var enc component.ValType
	switch k.Kind {
	case wit.KindRecord:
		r := &component.RecordType{}
		for _, f := range k.Fields {
			ft, err := sub(f.Type)
			if err != nil {
				return enc, err
			}
			r.Fields = append(r.Fields, component.Field{Name: f.Name, Type: ft})
		}
		enc = def(r)
	case wit.KindTuple:
		tt := &component.TupleType{Types: []component.ValType{}}
		for _, x := range k.Types {
			v, err := sub(x)
			if err != nil {
				return enc, err
			}
			tt.Types = append(tt.Types, v)
		}
		enc = def(tt)
	case wit.KindFlags, wit.KindEnum:
		var names []string
		for _, f := range k.Flags {
			names = append(names, f.Name)
		}
		if k.Kind == wit.KindFlags {
			enc = def(&component.FlagsType{Names: names})
		} else {
			enc = def(&component.EnumType{Names: names})
		}
	case wit.KindVariant:
		v := &component.VariantType{}
		for _, c := range k.Cases {
			ct, err := opt(c.Type)
			if err != nil {
				return enc, err
			}
			v.Cases = append(v.Cases, component.Case{Name: c.Name, Type: ct})
		}
		enc = def(v)
	case wit.KindOption, wit.KindList, wit.KindFixedLengthList:
		el, err := sub(k.Elem)
		if err != nil {
			return enc, err
		}
		switch k.Kind {
		case wit.KindOption:
			enc = def(&component.OptionType{Type: el})
		case wit.KindList:
			enc = def(&component.ListType{Elem: el})
		default:
			enc = def(&component.FixedListType{Elem: el, Len: k.Size})
		}
	case wit.KindMap:
		kt, err := sub(k.Elem)
		if err != nil {
			return enc, err
		}
		vt, err := sub(k.Value)
		if err != nil {
			return enc, err
		}
		enc = def(&component.MapType{Key: kt, Value: vt})
	case wit.KindResult:
		ok, err := opt(k.Ok)
		if err != nil {
			return enc, err
		}
		er, err := opt(k.Err)
		if err != nil {
			return enc, err
		}
		enc = def(&component.ResultType{OK: ok, Err: er})
	case wit.KindFuture, wit.KindStream:
		el, err := opt(k.Opt)
		if err != nil {
			return enc, err
		}
		if k.Kind == wit.KindFuture {
			enc = def(&component.FutureType{Elem: el})
		} else {
			enc = def(&component.StreamType{Elem: el})
		}
	case wit.KindType:
		v, err := sub(k.Elem)
		if err != nil {
			return enc, err
		}
		enc = v
	case wit.KindResource:
		if td.Name == "" {
			return enc, fmt.Errorf("resource type %d has no name", id)
		}
		idx := e.exportResource(td.Name, td.ExternalID)
		e.maps.ids[id] = idx
		return component.Ref(component.TypeIdx(idx)), nil
	case wit.KindHandle:
		v, err := sub(wit.Ref(k.Handle))
		if err != nil {
			return enc, err
		}
		if v.IsPrim() {
			return enc, fmt.Errorf("handle to a primitive type")
		}
		if k.Borrow {
			enc = def(&component.BorrowType{Resource: v.Index})
		} else {
			enc = def(&component.OwnType{Resource: v.Index})
		}
	default:
		return enc, fmt.Errorf("type %d of kind %s cannot be encoded", id, k.Kind)
	}
	if td.Name != "" {
		if enc.IsPrim() {
			enc = def(&component.PrimType{Type: enc.Prim})
		}
		enc = component.Ref(component.TypeIdx(e.exportType(uint32(enc.Index), td.Name, td.ExternalID)))
	}
	if !enc.IsPrim() {
		e.insert(id, uint32(enc.Index))
	}
	return enc, nil
}

// lookup finds an encoded type: by id, or for an anonymous type, by
// structure.
func (e *typeEncoder) lookup(id wit.TypeID) (uint32, bool) {
	if idx, ok := e.maps.ids[id]; ok {
		return idx, true
	}
	td := &e.r.Types[id]
	if td.Name == "" {
		if idx, ok := e.maps.defs[structureKey(&td.Kind)]; ok {
			return idx, true
		}
	}
	return 0, false
}

func (e *typeEncoder) insert(id wit.TypeID, idx uint32) {
	e.maps.ids[id] = idx
	if td := &e.r.Types[id]; td.Name == "" {
		e.maps.defs[structureKey(&td.Kind)] = idx
	}
}

// structureKey identifies an anonymous type by its structure (the ids it
// refers to, not what they are).
func structureKey(k *wit.TypeDefKind) string {
	return fmt.Sprintf("%d|%v|%v|%v|%v|%v|%v|%v|%v|%d|%v|%v|%v", k.Kind, k.Fields, k.Flags, k.Types, caseKey(k.Cases),
		k.Borrow, k.Handle, k.Elem, k.Value, k.Size, optKey(k.Ok), optKey(k.Err), optKey(k.Opt))
}

func caseKey(cs []wit.Case) string {
	s := ""
	for _, c := range cs {
		s += c.Name + ":" + optKey(c.Type) + ","
	}
	return s
}

func optKey(t *wit.Type) string {
	if t == nil {
		return "-"
	}
	return fmt.Sprint(*t)
}

func (e *typeEncoder) exportType(idx uint32, name, externalID string) uint32 {
	l := e.cur()
	b := &component.ExternTypeBound{Eq: component.TypeIdx(idx)}
	if e.inst == nil && e.importTypes {
		l.add(&component.DeclImport{Name: externName(name, "", externalID), Type: b})
	} else {
		l.add(&component.DeclExport{Name: externName(name, "", externalID), Type: b})
	}
	return l.types - 1
}

func (e *typeEncoder) exportResource(name, externalID string) uint32 {
	l := e.cur()
	b := &component.ExternTypeBound{SubResource: true}
	if e.inst == nil && e.importTypes {
		l.add(&component.DeclImport{Name: externName(name, "", externalID), Type: b})
	} else {
		l.add(&component.DeclExport{Name: externName(name, "", externalID), Type: b})
	}
	return l.types - 1
}

// importType makes type id of interface owner available here: aliased from
// the instance that interface was imported as, into the outer type, then
// into the current instance type by an outer alias.
func (e *typeEncoder) importType(owner wit.InterfaceID, id wit.TypeID) (uint32, error) {
	td := &e.r.Types[id]
	inst, ok := e.importMap[owner]
	if !ok {
		return 0, fmt.Errorf("type `%s` of interface %s, which is not imported before it is used", td.Name, e.r.InterfaceName(owner))
	}
	outerIdx, ok := e.outerTypes[id]
	if !ok {
		e.outer.add(&component.DeclAlias{Alias: &component.AliasExport{Sort: component.SortType, Instance: component.InstanceIdx(inst), Name: td.Name}})
		outerIdx = e.outer.types - 1
		e.outerTypes[id] = outerIdx
	}
	if e.inst == nil {
		return outerIdx, nil
	}
	e.inst.add(&component.DeclAlias{Alias: &component.AliasOuter{Sort: component.SortType, Count: 1, Index: outerIdx}})
	return e.inst.types - 1, nil
}
