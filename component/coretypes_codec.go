package component

import "github.com/weftwasm/weft/internal/coremodule"

// Decoding and encoding of core types: rec groups, subtypes, composite types,
// value types and module types.

// coreType reads a core:type at component level, where a non-final subtype
// takes a 0x00 prefix because 0x50 means a module type.
func (r *reader) coreType() (CoreType, error) {
	if err := r.enter(); err != nil {
		return nil, err
	}
	defer r.leave()
	b, err := r.peek()
	if err != nil {
		return nil, err
	}
	switch b {
	case 0x00:
		r.pos++
		off := r.pos
		x, err := r.peek()
		if err != nil {
			return nil, err
		}
		if x != 0x50 {
			return nil, r.invalid(off, x, "non-final sub type")
		}
		st, err := r.subType()
		return &CoreRecGroup{Types: []CoreSubType{st}}, err
	case 0x50:
		r.pos++
		decls, err := vec(r, r.coreModuleDecl)
		return &CoreModuleType{Decls: decls}, err
	}
	g, err := r.recGroup()
	return &g, err
}

func (w *writer) coreType(t CoreType) error {
	switch t := t.(type) {
	case *CoreRecGroup:
		if !t.Explicit && len(t.Types) == 1 && !t.Types[0].Final {
			w.byte(0x00)
		}
		return w.recGroup(*t)
	case *CoreModuleType:
		w.byte(0x50)
		w.count(len(t.Decls))
		for _, d := range t.Decls {
			if err := w.coreModuleDecl(d); err != nil {
				return err
			}
		}
		return nil
	}
	return bad("core type", "unknown core type %T", t)
}

// recGroup and subType read core types with the one core module reader,
// coremodule.
func (r *reader) recGroup() (CoreRecGroup, error) {
	d := r.decoder()
	sts, explicit, err := d.RecGroup()
	return CoreRecGroup{Explicit: explicit, Types: sts}, r.sync(&d, err)
}

func (w *writer) recGroup(g CoreRecGroup) error {
	if g.Explicit {
		w.byte(0x4e)
		w.count(len(g.Types))
	} else if len(g.Types) != 1 {
		return bad("core rec group", "an implicit group has exactly one type, not %d", len(g.Types))
	}
	for _, st := range g.Types {
		if err := w.subType(st); err != nil {
			return err
		}
	}
	return nil
}

func (r *reader) subType() (CoreSubType, error) {
	d := r.decoder()
	st, err := d.SubType()
	return st, r.sync(&d, err)
}

func (w *writer) subType(st CoreSubType) error {
	if st.Short {
		if !st.Final || len(st.Supers) > 0 {
			return bad("core subtype", "the short form is final and has no supertypes")
		}
	} else {
		if st.Final {
			w.byte(0x4f)
		} else {
			w.byte(0x50)
		}
		w.count(len(st.Supers))
		for _, s := range st.Supers {
			w.u32(uint32(s))
		}
	}
	return w.compType(st.Shared, st.Comp)
}

func (w *writer) compType(shared bool, c CoreCompType) error {
	if shared {
		w.byte(0x65)
	}
	switch c := c.(type) {
	case *CoreFuncType:
		w.byte(0x60)
		if err := w.coreValTypes(c.Params); err != nil {
			return err
		}
		return w.coreValTypes(c.Results)
	case *CoreStructType:
		w.byte(0x5f)
		w.count(len(c.Fields))
		for _, f := range c.Fields {
			if err := w.fieldType(f); err != nil {
				return err
			}
		}
		return nil
	case *CoreArrayType:
		w.byte(0x5e)
		return w.fieldType(c.Field)
	case *CoreContType:
		w.byte(0x5d)
		w.s64(int64(c.Type))
		return nil
	}
	return bad("core composite type", "unknown composite type %T", c)
}

func (w *writer) fieldType(f CoreFieldType) error {
	if f.Storage.Code == CoreI8 || f.Storage.Code == CoreI16 {
		w.byte(f.Storage.Code)
	} else if err := w.coreValType(f.Storage); err != nil {
		return err
	}
	w.boolean(f.Mutable)
	return nil
}

func (w *writer) coreValTypes(ts []CoreValType) error {
	w.count(len(ts))
	for _, t := range ts {
		if err := w.coreValType(t); err != nil {
			return err
		}
	}
	return nil
}

// coreValType and heapType read the core descriptors with the one core
// module reader, coremodule.
func (r *reader) coreValType() (CoreValType, error) {
	d := r.decoder()
	v, err := d.ValType()
	return v, r.sync(&d, err)
}

func (r *reader) heapType() (HeapType, error) {
	d := r.decoder()
	h, err := d.HeapType()
	return h, r.sync(&d, err)
}

func (w *writer) coreValType(t CoreValType) error {
	switch {
	case t.Code >= CoreV128 && t.Code <= CoreI32:
		w.byte(t.Code)
	case t.Code == CoreRef || t.Code == CoreRefNull:
		w.byte(t.Code)
		return w.heapType(t.Heap)
	case t.Code == CoreSharedRef:
		if !coremodule.IsAbstractHeap(t.Heap.Abstract) {
			return bad("core value type", "shared shorthand needs an abstract heap type")
		}
		w.byte(t.Code)
		w.byte(t.Heap.Abstract)
	case coremodule.IsAbstractHeap(t.Code):
		w.byte(t.Code)
	default:
		return bad("core value type", "unknown code %#x", t.Code)
	}
	return nil
}

func (w *writer) heapType(h HeapType) error {
	switch {
	case h.Concrete && h.Exact:
		w.byte(0x62)
		w.u32(uint32(h.Index))
	case h.Concrete:
		w.s64(int64(h.Index))
	case !coremodule.IsAbstractHeap(h.Abstract):
		return bad("heap type", "unknown abstract heap type %#x", h.Abstract)
	default:
		if h.Shared {
			w.byte(0x65)
		}
		w.byte(h.Abstract)
	}
	return nil
}

func (r *reader) coreModuleDecl() (CoreModuleDecl, error) {
	off := r.pos
	b, err := r.byte()
	if err != nil {
		return nil, err
	}
	switch b {
	case 0x00:
		var d CoreImportDecl
		if d.Module, err = r.name(); err != nil {
			return nil, err
		}
		if d.Field, err = r.name(); err != nil {
			return nil, err
		}
		d.Type, err = r.coreExternType()
		return &d, err
	case 0x01:
		g, err := r.recGroup()
		return &CoreTypeDecl{Type: g}, err
	case 0x02:
		koff := r.pos
		k, err := r.byte()
		if err != nil {
			return nil, err
		}
		if k != byte(CoreSortType) {
			return nil, r.invalid(koff, k, "outer alias kind")
		}
		toff := r.pos
		t, err := r.byte()
		if err != nil {
			return nil, err
		}
		if t != 0x01 {
			return nil, r.invalid(toff, t, "outer alias target")
		}
		var d CoreAliasDecl
		if d.Count, err = r.u32(); err != nil {
			return nil, err
		}
		d.Index, err = r.u32()
		return &d, err
	case 0x03:
		var d CoreExportDecl
		if d.Name, err = r.name(); err != nil {
			return nil, err
		}
		d.Type, err = r.coreExternType()
		return &d, err
	}
	return nil, r.invalid(off, b, "type definition")
}

func (w *writer) coreModuleDecl(d CoreModuleDecl) error {
	switch d := d.(type) {
	case *CoreImportDecl:
		w.byte(0x00)
		w.name(d.Module)
		w.name(d.Field)
		return w.coreExternType(d.Type)
	case *CoreTypeDecl:
		w.byte(0x01)
		return w.recGroup(d.Type)
	case *CoreAliasDecl:
		w.byte(0x02)
		w.byte(byte(CoreSortType))
		w.byte(0x01)
		w.u32(d.Count)
		w.u32(d.Index)
		return nil
	case *CoreExportDecl:
		w.byte(0x03)
		w.name(d.Name)
		return w.coreExternType(d.Type)
	}
	return bad("core module declarator", "unknown declarator %T", d)
}

func (r *reader) coreExternType() (CoreExternType, error) {
	off := r.pos
	b, err := r.byte()
	if err != nil {
		return CoreExternType{}, err
	}
	t := CoreExternType{Kind: CoreExternKind(b)}
	d := r.decoder()
	var idx uint32
	switch t.Kind {
	case CoreExternFunc, CoreExternFuncExact:
		idx, err = d.U32()
	case CoreExternTable:
		t.Table, err = d.TableType()
	case CoreExternMemory:
		t.Memory, err = d.MemoryType()
	case CoreExternGlobal:
		t.Global, err = d.GlobalType()
	case CoreExternTag:
		idx, err = d.Tag()
	default:
		return t, r.invalid(off, b, "external kind")
	}
	t.Func = CoreTypeIdx(idx)
	return t, r.sync(&d, err)
}

func (w *writer) limits(l Limits, memory bool) {
	w.byte(l.Flags)
	w.u64(l.Min)
	if l.HasMax() {
		w.u64(l.Max)
	}
	if memory && l.Flags&0x08 != 0 {
		w.u32(l.PageSizeLog2)
	}
}

func (w *writer) coreExternType(t CoreExternType) error {
	w.byte(byte(t.Kind))
	switch t.Kind {
	case CoreExternFunc, CoreExternFuncExact:
		w.u32(uint32(t.Func))
	case CoreExternTable:
		if err := w.coreValType(t.Table.Elem); err != nil {
			return err
		}
		w.limits(t.Table.Limits, false)
	case CoreExternMemory:
		w.limits(t.Memory, true)
	case CoreExternGlobal:
		if err := w.coreValType(t.Global.Type); err != nil {
			return err
		}
		w.byte(t.Global.Flags)
	case CoreExternTag:
		w.byte(0x00)
		w.u32(uint32(t.Func))
	default:
		return bad("core extern type", "unknown kind %s", t.Kind)
	}
	return nil
}
