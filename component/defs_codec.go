package component

// Decoding and encoding of instances, aliases, start, imports, exports,
// values, sorts and extern names.

// sortBytes reads the one or two bytes of a sort without interpreting them.
func (r *reader) sortBytes() (b1, b2 byte, err error) {
	if b1, err = r.byte(); err != nil {
		return
	}
	if b1 == 0x00 {
		b2, err = r.byte()
	}
	return
}

// externalKind interprets sort bytes the way sortidx and externtype need them:
// among the core sorts only `core module` can name a component-level item.
func (r *reader) externalKind(off int, b1, b2 byte) (Sort, error) {
	switch b1 {
	case 0x00:
		if b2 == byte(CoreSortModule) {
			return SortCoreModule, nil
		}
		return 0, r.invalid(off+1, b2, "component external kind")
	case 0x01:
		return SortFunc, nil
	case 0x02:
		return SortValue, nil
	case 0x03:
		return SortType, nil
	case 0x04:
		return SortComponent, nil
	case 0x05:
		return SortInstance, nil
	}
	return 0, r.invalid(off, b1, "component external kind")
}

func (w *writer) sort(s Sort) error {
	switch s {
	case SortFunc, SortValue, SortType, SortComponent, SortInstance:
		w.byte(byte(s - SortFunc + 1))
		return nil
	}
	cs, ok := s.CoreSort()
	if !ok {
		return bad("sort", "unknown sort %d", s)
	}
	w.byte(0x00)
	w.byte(byte(cs))
	return nil
}

func (r *reader) sortIdx() (SortIdx, error) {
	off := r.pos
	b1, b2, err := r.sortBytes()
	if err != nil {
		return SortIdx{}, err
	}
	s, err := r.externalKind(off, b1, b2)
	if err != nil {
		return SortIdx{}, err
	}
	i, err := r.u32()
	return SortIdx{Sort: s, Index: i}, err
}

func (w *writer) sortIdx(s SortIdx) error {
	if err := w.sort(s.Sort); err != nil {
		return err
	}
	w.u32(s.Index)
	return nil
}

// coreExportKind reads a core:sort that a core instance can export.
func (r *reader) coreExportKind() (CoreSort, error) {
	off := r.pos
	b, err := r.byte()
	if err != nil {
		return 0, err
	}
	if b > byte(CoreSortTag) {
		return 0, r.invalid(off, b, "external kind")
	}
	return CoreSort(b), nil
}

func (r *reader) coreInstance() (CoreInstance, error) {
	off := r.pos
	b, err := r.byte()
	if err != nil {
		return nil, err
	}
	switch b {
	case 0x00:
		m, err := r.u32()
		if err != nil {
			return nil, err
		}
		args, err := vec(r, func() (CoreInstantiateArg, error) {
			name, err := r.name()
			if err != nil {
				return CoreInstantiateArg{}, err
			}
			koff := r.pos
			k, err := r.byte()
			if err != nil {
				return CoreInstantiateArg{}, err
			}
			if k != byte(CoreSortInstance) {
				return CoreInstantiateArg{}, r.invalid(koff, k, "instantiation arg kind")
			}
			i, err := r.u32()
			return CoreInstantiateArg{Name: name, Instance: CoreInstanceIdx(i)}, err
		})
		return &CoreInstantiate{Module: CoreModuleIdx(m), Args: args}, err
	case 0x01:
		exports, err := vec(r, func() (CoreInlineExport, error) {
			name, err := r.name()
			if err != nil {
				return CoreInlineExport{}, err
			}
			k, err := r.coreExportKind()
			if err != nil {
				return CoreInlineExport{}, err
			}
			i, err := r.u32()
			return CoreInlineExport{Name: name, Item: CoreSortIdx{Sort: k, Index: i}}, err
		})
		return &CoreInstanceFromExports{Exports: exports}, err
	}
	return nil, r.invalid(off, b, "core instance")
}

func (w *writer) coreInstance(ci CoreInstance) error {
	switch ci := ci.(type) {
	case *CoreInstantiate:
		w.byte(0x00)
		w.u32(uint32(ci.Module))
		w.count(len(ci.Args))
		for _, a := range ci.Args {
			w.name(a.Name)
			w.byte(byte(CoreSortInstance))
			w.u32(uint32(a.Instance))
		}
	case *CoreInstanceFromExports:
		w.byte(0x01)
		w.count(len(ci.Exports))
		for _, e := range ci.Exports {
			if e.Item.Sort > CoreSortTag {
				return bad("core instance export", "core sort %s cannot be exported", e.Item.Sort)
			}
			w.name(e.Name)
			w.byte(byte(e.Item.Sort))
			w.u32(e.Item.Index)
		}
	default:
		return bad("core instance", "unknown core instance %T", ci)
	}
	return nil
}

func (r *reader) instance() (Instance, error) {
	off := r.pos
	b, err := r.byte()
	if err != nil {
		return nil, err
	}
	switch b {
	case 0x00:
		c, err := r.u32()
		if err != nil {
			return nil, err
		}
		args, err := vec(r, func() (InstantiateArg, error) {
			name, err := r.name()
			if err != nil {
				return InstantiateArg{}, err
			}
			si, err := r.sortIdx()
			return InstantiateArg{Name: name, Item: si}, err
		})
		return &Instantiate{Component: ComponentIdx(c), Args: args}, err
	case 0x01:
		exports, err := vec(r, func() (InlineExport, error) {
			name, err := r.externName()
			if err != nil {
				return InlineExport{}, err
			}
			si, err := r.sortIdx()
			return InlineExport{Name: name, Item: si}, err
		})
		return &InstanceFromExports{Exports: exports}, err
	}
	return nil, r.invalid(off, b, "instance")
}

func (w *writer) instance(in Instance) error {
	switch in := in.(type) {
	case *Instantiate:
		w.byte(0x00)
		w.u32(uint32(in.Component))
		w.count(len(in.Args))
		for _, a := range in.Args {
			w.name(a.Name)
			if err := w.sortIdx(a.Item); err != nil {
				return err
			}
		}
	case *InstanceFromExports:
		w.byte(0x01)
		w.count(len(in.Exports))
		for _, e := range in.Exports {
			if err := w.externName(e.Name); err != nil {
				return err
			}
			if err := w.sortIdx(e.Item); err != nil {
				return err
			}
		}
	default:
		return bad("instance", "unknown instance %T", in)
	}
	return nil
}

func (r *reader) alias() (Alias, error) {
	off := r.pos
	b1, b2, err := r.sortBytes()
	if err != nil {
		return nil, err
	}
	toff := r.pos
	target, err := r.byte()
	if err != nil {
		return nil, err
	}
	switch target {
	case 0x00:
		s, err := r.externalKind(off, b1, b2)
		if err != nil {
			return nil, err
		}
		i, err := r.u32()
		if err != nil {
			return nil, err
		}
		name, err := r.name()
		return &AliasExport{Sort: s, Instance: InstanceIdx(i), Name: name}, err
	case 0x01:
		if b1 != 0x00 {
			return nil, r.invalid(off, b1, "core instance export kind")
		}
		if b2 > byte(CoreSortTag) {
			return nil, r.invalid(off+1, b2, "external kind")
		}
		i, err := r.u32()
		if err != nil {
			return nil, err
		}
		name, err := r.name()
		return &AliasCoreExport{Sort: CoreSort(b2), Instance: CoreInstanceIdx(i), Name: name}, err
	case 0x02:
		var s Sort
		switch {
		case b1 == 0x00 && b2 == byte(CoreSortModule):
			s = SortCoreModule
		case b1 == 0x00 && b2 == byte(CoreSortType):
			s = SortCoreType
		case b1 == 0x03:
			s = SortType
		case b1 == 0x04:
			s = SortComponent
		case b1 == 0x00:
			return nil, r.invalid(off+1, b2, "component outer alias kind")
		default:
			return nil, r.invalid(off, b1, "component outer alias kind")
		}
		ct, err := r.u32()
		if err != nil {
			return nil, err
		}
		idx, err := r.u32()
		return &AliasOuter{Sort: s, Count: ct, Index: idx}, err
	}
	return nil, r.invalid(toff, target, "alias")
}

func (w *writer) alias(a Alias) error {
	switch a := a.(type) {
	case *AliasExport:
		if a.Sort.IsCore() && a.Sort != SortCoreModule {
			return bad("alias export", "sort %s", a.Sort)
		}
		if err := w.sort(a.Sort); err != nil {
			return err
		}
		w.byte(0x00)
		w.u32(uint32(a.Instance))
		w.name(a.Name)
	case *AliasCoreExport:
		if a.Sort > CoreSortTag {
			return bad("alias core export", "core sort %s", a.Sort)
		}
		w.byte(0x00)
		w.byte(byte(a.Sort))
		w.byte(0x01)
		w.u32(uint32(a.Instance))
		w.name(a.Name)
	case *AliasOuter:
		switch a.Sort {
		case SortCoreModule, SortCoreType, SortType, SortComponent:
		default:
			return bad("alias outer", "sort %s", a.Sort)
		}
		if err := w.sort(a.Sort); err != nil {
			return err
		}
		w.byte(0x02)
		w.u32(a.Count)
		w.u32(a.Index)
	default:
		return bad("alias", "unknown alias %T", a)
	}
	return nil
}

func (r *reader) start() (Start, error) {
	f, err := r.u32()
	if err != nil {
		return Start{}, err
	}
	args, err := vec(r, func() (ValueIdx, error) {
		v, err := r.u32()
		return ValueIdx(v), err
	})
	if err != nil {
		return Start{}, err
	}
	n, err := r.u32()
	return Start{Func: FuncIdx(f), Args: args, Results: n}, err
}

func (w *writer) start(s Start) {
	w.u32(uint32(s.Func))
	w.count(len(s.Args))
	for _, a := range s.Args {
		w.u32(uint32(a))
	}
	w.u32(s.Results)
}

func (r *reader) importDef() (Import, error) {
	name, err := r.externName()
	if err != nil {
		return Import{}, err
	}
	t, err := r.externType()
	return Import{Name: name, Type: t}, err
}

func (r *reader) exportDef() (Export, error) {
	name, err := r.externName()
	if err != nil {
		return Export{}, err
	}
	si, err := r.sortIdx()
	if err != nil {
		return Export{}, err
	}
	off := r.pos
	b, err := r.byte()
	if err != nil {
		return Export{}, err
	}
	e := Export{Name: name, Item: si}
	switch b {
	case 0x00:
	case 0x01:
		e.Type, err = r.externType()
	default:
		err = r.invalid(off, b, "optional component export type")
	}
	return e, err
}

func (w *writer) exportDef(e Export) error {
	if err := w.externName(e.Name); err != nil {
		return err
	}
	if err := w.sortIdx(e.Item); err != nil {
		return err
	}
	if e.Type == nil {
		w.byte(0x00)
		return nil
	}
	w.byte(0x01)
	return w.externType(e.Type)
}

func (r *reader) value() (Value, error) {
	t, err := r.valType()
	if err != nil {
		return Value{}, err
	}
	n, err := r.u32()
	if err != nil {
		return Value{}, err
	}
	data, err := r.bytes(int(n))
	return Value{Type: t, Data: data}, err
}

func (w *writer) value(v Value) error {
	if err := w.valType(v.Type); err != nil {
		return err
	}
	w.u32(uint32(len(v.Data)))
	w.buf = append(w.buf, v.Data...)
	return nil
}

func (r *reader) externName() (ExternName, error) {
	off := r.pos
	b, err := r.byte()
	if err != nil {
		return ExternName{}, err
	}
	if b > byte(NameWithAttributes) {
		return ExternName{}, r.invalid(off, b, "component name")
	}
	n := ExternName{Form: NameForm(b)}
	if n.Name, err = r.name(); err != nil {
		return n, err
	}
	if n.Form != NameWithAttributes {
		return n, nil
	}
	var seen [3]bool
	n.Attributes, err = vec(r, func() (NameAttribute, error) {
		aoff := r.pos
		k, err := r.byte()
		if err != nil {
			return NameAttribute{}, err
		}
		if k > byte(AttrExternalID) {
			return NameAttribute{}, r.invalid(aoff, k, "name option")
		}
		if seen[k] {
			return NameAttribute{}, r.failf(aoff, ErrDuplicateAttr, "duplicate '%s' option in name", AttributeKind(k))
		}
		seen[k] = true
		v, err := r.name()
		return NameAttribute{Kind: AttributeKind(k), Value: v}, err
	})
	return n, err
}

func (w *writer) externName(n ExternName) error {
	if n.Form > NameWithAttributes {
		return bad("extern name "+n.Name, "unknown form %s", n.Form)
	}
	w.byte(byte(n.Form))
	w.name(n.Name)
	if n.Form != NameWithAttributes {
		if len(n.Attributes) > 0 {
			return bad("extern name "+n.Name, "attributes need the with-attributes form")
		}
		return nil
	}
	w.count(len(n.Attributes))
	for _, a := range n.Attributes {
		if a.Kind > AttrExternalID {
			return bad("extern name "+n.Name, "unknown attribute %s", a.Kind)
		}
		w.byte(byte(a.Kind))
		w.name(a.Value)
	}
	return nil
}

func (r *reader) externType() (ExternType, error) {
	off := r.pos
	b1, b2, err := r.sortBytes()
	if err != nil {
		return nil, err
	}
	s, err := r.externalKind(off, b1, b2)
	if err != nil {
		return nil, err
	}
	switch s {
	case SortCoreModule:
		i, err := r.u32()
		return &ExternModule{Type: CoreTypeIdx(i)}, err
	case SortFunc:
		i, err := r.u32()
		return &ExternFunc{Type: TypeIdx(i)}, err
	case SortValue:
		boff := r.pos
		b, err := r.byte()
		if err != nil {
			return nil, err
		}
		switch b {
		case 0x00:
			i, err := r.u32()
			return &ExternValue{Eq: true, Value: ValueIdx(i)}, err
		case 0x01:
			t, err := r.valType()
			return &ExternValue{Type: t}, err
		}
		return nil, r.invalid(boff, b, "value bound")
	case SortType:
		boff := r.pos
		b, err := r.byte()
		if err != nil {
			return nil, err
		}
		switch b {
		case 0x00:
			i, err := r.u32()
			return &ExternTypeBound{Eq: TypeIdx(i)}, err
		case 0x01:
			return &ExternTypeBound{SubResource: true}, nil
		}
		return nil, r.invalid(boff, b, "type bound")
	case SortComponent:
		i, err := r.u32()
		return &ExternComponent{Type: TypeIdx(i)}, err
	default: // SortInstance
		i, err := r.u32()
		return &ExternInstance{Type: TypeIdx(i)}, err
	}
}

func (w *writer) externType(t ExternType) error {
	switch t := t.(type) {
	case *ExternModule:
		w.byte(0x00)
		w.byte(byte(CoreSortModule))
		w.u32(uint32(t.Type))
	case *ExternFunc:
		w.byte(0x01)
		w.u32(uint32(t.Type))
	case *ExternValue:
		w.byte(0x02)
		if t.Eq {
			w.byte(0x00)
			w.u32(uint32(t.Value))
			return nil
		}
		w.byte(0x01)
		return w.valType(t.Type)
	case *ExternTypeBound:
		w.byte(0x03)
		if t.SubResource {
			w.byte(0x01)
			return nil
		}
		w.byte(0x00)
		w.u32(uint32(t.Eq))
	case *ExternComponent:
		w.byte(0x04)
		w.u32(uint32(t.Type))
	case *ExternInstance:
		w.byte(0x05)
		w.u32(uint32(t.Type))
	default:
		return bad("extern type", "unknown extern type %T", t)
	}
	return nil
}
