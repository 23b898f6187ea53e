package component

// Decoding and encoding of component types (deftype, valtype, declarators).

func (r *reader) valType() (ValType, error) {
	off := r.pos
	b, err := r.peek()
	if err != nil {
		return ValType{}, err
	}
	if p := PrimValType(b); p.Valid() {
		r.pos++
		return ValType{Prim: p}, nil
	}
	v, err := r.s33()
	if err != nil {
		return ValType{}, err
	}
	if v < 0 {
		return ValType{}, r.invalid(off, b, "component value type")
	}
	return ValType{Index: TypeIdx(v)}, nil
}

func (w *writer) valType(v ValType) error {
	if v.Prim != 0 {
		if !v.Prim.Valid() {
			return bad("value type", "unknown primitive %s", v.Prim)
		}
		w.byte(byte(v.Prim))
		return nil
	}
	w.s64(int64(v.Index))
	return nil
}

// optValType reads `0x00 | 0x01 valtype`.
func (r *reader) optValType(what string) (*ValType, error) {
	off := r.pos
	b, err := r.byte()
	if err != nil {
		return nil, err
	}
	switch b {
	case 0x00:
		return nil, nil
	case 0x01:
		v, err := r.valType()
		return &v, err
	}
	return nil, r.invalid(off, b, what)
}

func (w *writer) optValType(v *ValType) error {
	if v == nil {
		w.byte(0x00)
		return nil
	}
	w.byte(0x01)
	return w.valType(*v)
}

// resultList reads `0x00 valtype | 0x01 0x00`.
func (r *reader) resultList() (*ValType, error) {
	off := r.pos
	b, err := r.byte()
	if err != nil {
		return nil, err
	}
	switch b {
	case 0x00:
		v, err := r.valType()
		return &v, err
	case 0x01:
		off2 := r.pos
		b2, err := r.byte()
		if err != nil {
			return nil, err
		}
		if b2 != 0x00 {
			return nil, r.invalid(off2, b2, "number of results")
		}
		return nil, nil
	}
	return nil, r.invalid(off, b, "component function results")
}

func (w *writer) resultList(v *ValType) error {
	if v == nil {
		w.byte(0x01)
		w.byte(0x00)
		return nil
	}
	w.byte(0x00)
	return w.valType(*v)
}

func (r *reader) field() (Field, error) {
	name, err := r.name()
	if err != nil {
		return Field{}, err
	}
	t, err := r.valType()
	return Field{Name: name, Type: t}, err
}

func (w *writer) fields(fs []Field) error {
	w.count(len(fs))
	for _, f := range fs {
		w.name(f.Name)
		if err := w.valType(f.Type); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) names(ns []string) {
	w.count(len(ns))
	for _, n := range ns {
		w.name(n)
	}
}

// typeDef reads a deftype.
func (r *reader) typeDef() (Type, error) {
	if err := r.enter(); err != nil {
		return nil, err
	}
	defer r.leave()
	off := r.pos
	b, err := r.byte()
	if err != nil {
		return nil, err
	}
	switch b {
	case 0x3f:
		rep, err := r.coreValType()
		if err != nil {
			return nil, err
		}
		doff := r.pos
		d, err := r.byte()
		if err != nil {
			return nil, err
		}
		switch d {
		case 0x00:
			return &ResourceType{Rep: rep}, nil
		case 0x01:
			f, err := r.u32()
			cf := CoreFuncIdx(f)
			return &ResourceType{Rep: rep, Dtor: &cf}, err
		}
		return nil, r.invalid(doff, d, "resource destructor")
	case 0x40, 0x43:
		params, err := vec(r, r.field)
		if err != nil {
			return nil, err
		}
		res, err := r.resultList()
		return &FuncType{Async: b == 0x43, Params: params, Result: res}, err
	case 0x41:
		decls, err := vec(r, func() (Decl, error) { return r.decl(true) })
		return &ComponentType{Decls: decls}, err
	case 0x42:
		decls, err := vec(r, func() (Decl, error) { return r.decl(false) })
		return &InstanceType{Decls: decls}, err
	}
	if p := PrimValType(b); p.Valid() {
		return &PrimType{Type: p}, nil
	}
	return r.defValType(off, b)
}

func (r *reader) defValType(off int, b byte) (Type, error) {
	switch b {
	case 0x72:
		fs, err := vec(r, r.field)
		return &RecordType{Fields: fs}, err
	case 0x71:
		cs, err := vec(r, func() (Case, error) {
			name, err := r.name()
			if err != nil {
				return Case{}, err
			}
			t, err := r.optValType("optional component value type")
			if err != nil {
				return Case{}, err
			}
			zoff := r.pos
			z, err := r.byte()
			if err != nil {
				return Case{}, err
			}
			if z != 0x00 {
				return Case{}, r.invalid(zoff, z, "zero byte required")
			}
			return Case{Name: name, Type: t}, nil
		})
		return &VariantType{Cases: cs}, err
	case 0x70:
		t, err := r.valType()
		return &ListType{Elem: t}, err
	case 0x67:
		t, err := r.valType()
		if err != nil {
			return nil, err
		}
		n, err := r.u32()
		return &FixedListType{Elem: t, Len: n}, err
	case 0x6f:
		ts, err := vec(r, r.valType)
		return &TupleType{Types: ts}, err
	case 0x6e:
		ns, err := vec(r, r.name)
		return &FlagsType{Names: ns}, err
	case 0x6d:
		ns, err := vec(r, r.name)
		return &EnumType{Names: ns}, err
	case 0x6b:
		t, err := r.valType()
		return &OptionType{Type: t}, err
	case 0x6a:
		ok, err := r.optValType("optional component value type")
		if err != nil {
			return nil, err
		}
		e, err := r.optValType("optional component value type")
		return &ResultType{OK: ok, Err: e}, err
	case 0x69:
		i, err := r.u32()
		return &OwnType{Resource: TypeIdx(i)}, err
	case 0x68:
		i, err := r.u32()
		return &BorrowType{Resource: TypeIdx(i)}, err
	case 0x66:
		t, err := r.optValType("optional component value type")
		return &StreamType{Elem: t}, err
	case 0x65:
		t, err := r.optValType("optional component value type")
		return &FutureType{Elem: t}, err
	case 0x63:
		k, err := r.valType()
		if err != nil {
			return nil, err
		}
		v, err := r.valType()
		return &MapType{Key: k, Value: v}, err
	}
	return nil, r.invalid(off, b, "component defined type")
}

func (w *writer) typeDef(t Type) error {
	switch t := t.(type) {
	case *PrimType:
		if !t.Type.Valid() {
			return bad("type", "unknown primitive %s", t.Type)
		}
		w.byte(byte(t.Type))
	case *RecordType:
		w.byte(0x72)
		return w.fields(t.Fields)
	case *VariantType:
		w.byte(0x71)
		w.count(len(t.Cases))
		for _, c := range t.Cases {
			w.name(c.Name)
			if err := w.optValType(c.Type); err != nil {
				return err
			}
			w.byte(0x00)
		}
	case *ListType:
		w.byte(0x70)
		return w.valType(t.Elem)
	case *FixedListType:
		w.byte(0x67)
		if err := w.valType(t.Elem); err != nil {
			return err
		}
		w.u32(t.Len)
	case *TupleType:
		w.byte(0x6f)
		w.count(len(t.Types))
		for _, v := range t.Types {
			if err := w.valType(v); err != nil {
				return err
			}
		}
	case *FlagsType:
		w.byte(0x6e)
		w.names(t.Names)
	case *EnumType:
		w.byte(0x6d)
		w.names(t.Names)
	case *OptionType:
		w.byte(0x6b)
		return w.valType(t.Type)
	case *ResultType:
		w.byte(0x6a)
		if err := w.optValType(t.OK); err != nil {
			return err
		}
		return w.optValType(t.Err)
	case *OwnType:
		w.byte(0x69)
		w.u32(uint32(t.Resource))
	case *BorrowType:
		w.byte(0x68)
		w.u32(uint32(t.Resource))
	case *StreamType:
		w.byte(0x66)
		return w.optValType(t.Elem)
	case *FutureType:
		w.byte(0x65)
		return w.optValType(t.Elem)
	case *MapType:
		w.byte(0x63)
		if err := w.valType(t.Key); err != nil {
			return err
		}
		return w.valType(t.Value)
	case *ResourceType:
		w.byte(0x3f)
		if err := w.coreValType(t.Rep); err != nil {
			return err
		}
		if t.Dtor == nil {
			w.byte(0x00)
		} else {
			w.byte(0x01)
			w.u32(uint32(*t.Dtor))
		}
	case *FuncType:
		if t.Async {
			w.byte(0x43)
		} else {
			w.byte(0x40)
		}
		if err := w.fields(t.Params); err != nil {
			return err
		}
		return w.resultList(t.Result)
	case *ComponentType:
		w.byte(0x41)
		return w.decls(t.Decls, true)
	case *InstanceType:
		w.byte(0x42)
		return w.decls(t.Decls, false)
	default:
		return bad("type", "unknown type %T", t)
	}
	return nil
}

// decl reads a componentdecl (component true) or an instancedecl.
func (r *reader) decl(component bool) (Decl, error) {
	off := r.pos
	b, err := r.byte()
	if err != nil {
		return nil, err
	}
	switch b {
	case 0x00:
		t, err := r.coreType()
		return &DeclCoreType{Type: t}, err
	case 0x01:
		t, err := r.typeDef()
		return &DeclType{Type: t}, err
	case 0x02:
		a, err := r.alias()
		return &DeclAlias{Alias: a}, err
	case 0x03:
		if component {
			name, err := r.externName()
			if err != nil {
				return nil, err
			}
			t, err := r.externType()
			return &DeclImport{Name: name, Type: t}, err
		}
	case 0x04:
		name, err := r.externName()
		if err != nil {
			return nil, err
		}
		t, err := r.externType()
		return &DeclExport{Name: name, Type: t}, err
	}
	return nil, r.invalid(off, b, "component or instance type declaration")
}

func (w *writer) decls(ds []Decl, component bool) error {
	w.count(len(ds))
	for _, d := range ds {
		var err error
		switch d := d.(type) {
		case *DeclCoreType:
			w.byte(0x00)
			err = w.coreType(d.Type)
		case *DeclType:
			w.byte(0x01)
			err = w.typeDef(d.Type)
		case *DeclAlias:
			w.byte(0x02)
			err = w.alias(d.Alias)
		case *DeclImport:
			if !component {
				return bad("instance type", "imports only appear in component types")
			}
			w.byte(0x03)
			if err = w.externName(d.Name); err == nil {
				err = w.externType(d.Type)
			}
		case *DeclExport:
			w.byte(0x04)
			if err = w.externName(d.Name); err == nil {
				err = w.externType(d.Type)
			}
		default:
			return bad("declarator", "unknown declarator %T", d)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
