package coremodule

// recGroup reads a rec group (or a lone subtype): its subtypes, and whether it
// was written with the 0x4E prefix.
func (r *reader) recGroup() ([]SubType, bool, error) {
	b, err := r.peek()
	if err != nil {
		return nil, false, err
	}
	if b != 0x4e {
		st, err := r.subType()
		return []SubType{st}, false, err
	}
	r.pos++
	var sts []SubType
	err = r.vector(func() error {
		st, err := r.subType()
		sts = append(sts, st)
		return err
	})
	return sts, true, err
}

// subType reads a subtype.
func (r *reader) subType() (SubType, error) {
	b, err := r.byte()
	if err != nil {
		return SubType{}, err
	}
	if b != 0x4f && b != 0x50 {
		st := SubType{Final: true, Short: true}
		st.Shared, st.Comp, err = r.compType(r.pos-1, b)
		return st, err
	}
	st := SubType{Final: b == 0x4f}
	if err := r.vector(func() error {
		i, err := r.u32()
		st.Supers = append(st.Supers, TypeIdx(i))
		return err
	}); err != nil {
		return st, err
	}
	off := r.pos
	if b, err = r.byte(); err != nil {
		return st, err
	}
	st.Shared, st.Comp, err = r.compType(off, b)
	return st, err
}

// compType reads a composite type whose first byte b was read at off.
func (r *reader) compType(off int, b byte) (shared bool, c CompType, err error) {
	if b == 0x65 {
		shared = true
		off = r.pos
		if b, err = r.byte(); err != nil {
			return
		}
	}
	switch b {
	case 0x60:
		var ft FuncType
		for _, list := range []*[]ValType{&ft.Params, &ft.Results} {
			if err = r.vector(func() error {
				v, err := r.valType()
				*list = append(*list, v)
				return err
			}); err != nil {
				return
			}
		}
		return shared, &ft, nil
	case 0x5f:
		var st StructType
		err = r.vector(func() error {
			f, err := r.fieldType()
			st.Fields = append(st.Fields, f)
			return err
		})
		return shared, &st, err
	case 0x5e:
		f, err := r.fieldType()
		return shared, &ArrayType{Field: f}, err
	case 0x5d:
		ioff := r.pos
		v, err := r.s33()
		if err != nil {
			return shared, nil, err
		}
		if v < 0 {
			return shared, nil, r.failf(ioff, ErrInvalidEncoding, "invalid continuation type")
		}
		return shared, &ContType{Type: TypeIdx(v)}, nil
	}
	return shared, nil, r.invalid(off, b, "type")
}

// fieldType reads a struct field or array element type.
func (r *reader) fieldType() (FieldType, error) {
	var f FieldType
	b, err := r.peek()
	if err != nil {
		return f, err
	}
	if b == I8 || b == I16 {
		r.pos++
		f.Storage = ValType{Code: b}
	} else if f.Storage, err = r.valType(); err != nil {
		return f, err
	}
	off := r.pos
	m, err := r.byte()
	if err != nil {
		return f, err
	}
	if m > 1 {
		return f, r.failf(off, ErrInvalidEncoding, "malformed mutability byte for field type")
	}
	f.Mutable = m == 1
	return f, nil
}

func (r *reader) valType() (ValType, error) {
	off := r.pos
	b, err := r.byte()
	if err != nil {
		return ValType{}, err
	}
	switch {
	case b >= V128 && b <= I32:
		return ValType{Code: b}, nil
	case b == Ref || b == RefNull:
		h, err := r.heapType()
		return ValType{Code: b, Heap: h}, err
	case b == SharedRef:
		aoff := r.pos
		a, err := r.byte()
		if err != nil {
			return ValType{}, err
		}
		if !IsAbstractHeap(a) {
			return ValType{}, r.invalid(aoff, a, "malformed reference type")
		}
		return ValType{Code: b, Heap: HeapType{Shared: true, Abstract: a}}, nil
	case IsAbstractHeap(b):
		return ValType{Code: b}, nil
	}
	return ValType{}, r.invalid(off, b, "value type")
}

func (r *reader) heapType() (HeapType, error) {
	off := r.pos
	b, err := r.peek()
	if err != nil {
		return HeapType{}, err
	}
	switch {
	case b == 0x65:
		r.pos++
		aoff := r.pos
		a, err := r.byte()
		if err != nil {
			return HeapType{}, err
		}
		if !IsAbstractHeap(a) {
			return HeapType{}, r.invalid(aoff, a, "heap type")
		}
		return HeapType{Shared: true, Abstract: a}, nil
	case b == 0x62:
		r.pos++
		i, err := r.u32()
		return HeapType{Concrete: true, Exact: true, Index: TypeIdx(i)}, err
	case IsAbstractHeap(b):
		r.pos++
		return HeapType{Abstract: b}, nil
	}
	v, err := r.s33()
	if err != nil {
		return HeapType{}, err
	}
	if v < 0 {
		return HeapType{}, r.invalid(off, b, "heap type")
	}
	return HeapType{Concrete: true, Index: TypeIdx(v)}, nil
}

// limits reads table or memory limits whose flags may only use the allowed
// bits; memory limits may carry a custom page size.
func (r *reader) limits(allowed byte, memory bool) (Limits, error) {
	off := r.pos
	var l Limits
	var err error
	if l.Flags, err = r.byte(); err != nil {
		return l, err
	}
	if l.Flags&^allowed != 0 {
		return l, r.failf(off, ErrInvalidEncoding, "invalid limits flags %#x", l.Flags)
	}
	read := func() (uint64, error) {
		if l.Is64() {
			return r.u64()
		}
		v, err := r.u32()
		return uint64(v), err
	}
	if l.Min, err = read(); err != nil {
		return l, err
	}
	if l.HasMax() {
		if l.Max, err = read(); err != nil {
			return l, err
		}
	}
	if memory && l.Flags&0x08 != 0 {
		poff := r.pos
		if l.PageSizeLog2, err = r.u32(); err != nil {
			return l, err
		}
		if l.PageSizeLog2 >= 64 {
			return l, r.failf(poff, ErrInvalidEncoding, "invalid custom page size")
		}
	}
	return l, nil
}

func (r *reader) tableType() (TableType, error) {
	var t TableType
	var err error
	if t.Elem, err = r.valType(); err != nil {
		return t, err
	}
	t.Limits, err = r.limits(0b111, false)
	return t, err
}

// tableDef reads a table of the table section, which may have an
// initializer expression.
func (r *reader) tableDef() (TableType, error) {
	b, err := r.peek()
	if err != nil {
		return TableType{}, err
	}
	if b != 0x40 {
		return r.tableType()
	}
	r.pos++
	if _, err := r.byte(); err != nil {
		return TableType{}, err
	}
	t, err := r.tableType()
	t.HasInit = true
	if err != nil {
		return t, err
	}
	return t, r.skipConstExpr()
}

func (r *reader) globalType() (GlobalType, error) {
	var g GlobalType
	var err error
	if g.Type, err = r.valType(); err != nil {
		return g, err
	}
	off := r.pos
	if g.Flags, err = r.byte(); err != nil {
		return g, err
	}
	if g.Flags > 0b11 {
		return g, r.failf(off, ErrInvalidEncoding, "malformed global flags %#x", g.Flags)
	}
	return g, nil
}

// tag reads a tag type: its attribute byte and function type index.
func (r *reader) tag() (uint32, error) {
	off := r.pos
	a, err := r.byte()
	if err != nil {
		return 0, err
	}
	if a != 0 {
		return 0, r.failf(off, ErrInvalidEncoding, "invalid tag attributes %#x", a)
	}
	return r.u32()
}

// externType reads an import's type; for functions and tags it returns the
// type index, which the caller resolves.
func (r *reader) externType() (ExternType, uint32, error) {
	off := r.pos
	b, err := r.byte()
	if err != nil {
		return ExternType{}, 0, err
	}
	t := ExternType{Kind: ExternKind(b)}
	var idx uint32
	switch t.Kind {
	case ExternFunc, ExternFuncExact:
		idx, err = r.u32()
	case ExternTable:
		t.Table, err = r.tableType()
	case ExternMemory:
		t.Memory, err = r.limits(0b1111, true)
	case ExternGlobal:
		t.Global, err = r.globalType()
	case ExternTag:
		idx, err = r.tag()
	default:
		err = r.invalid(off, b, "external kind")
	}
	return t, idx, err
}

// skipConstExpr skips a constant expression up to and including its end.
func (r *reader) skipConstExpr() error {
	for {
		off := r.pos
		op, err := r.byte()
		if err != nil {
			return err
		}
		switch op {
		case 0x0b: // end
			return nil
		case 0x41, 0x42, 0x23, 0xd2: // i32.const, i64.const, global.get, ref.func
			err = r.skipLEB()
		case 0x43: // f32.const
			err = r.skip(4)
		case 0x44: // f64.const
			err = r.skip(8)
		case 0xd0: // ref.null
			_, err = r.heapType()
		case 0x6a, 0x6b, 0x6c, 0x7c, 0x7d, 0x7e: // extended-const arithmetic
		case 0xfb: // GC
			err = r.gcConst(off)
		case 0xfd: // SIMD: only v128.const
			var sub uint32
			if sub, err = r.u32(); err != nil {
				return err
			}
			if sub != 12 {
				return r.failf(off, ErrInvalidByte, "unsupported SIMD instruction %#x in a constant expression", sub)
			}
			err = r.skip(16)
		default:
			return r.failf(off, ErrInvalidByte, "unsupported instruction %#x in a constant expression", op)
		}
		if err != nil {
			return err
		}
	}
}

// gcConst skips the immediates of a GC instruction (0xfb at off) allowed in
// constant expressions.
func (r *reader) gcConst(off int) error {
	sub, err := r.u32()
	if err != nil {
		return err
	}
	switch sub {
	case 0, 1, 6, 7: // struct.new(_default), array.new(_default)
		return r.skipLEB()
	case 8: // array.new_fixed
		if err := r.skipLEB(); err != nil {
			return err
		}
		return r.skipLEB()
	case 0x1a, 0x1b, 0x1c: // any.convert_extern, extern.convert_any, ref.i31
		return nil
	}
	return r.failf(off, ErrInvalidByte, "unsupported GC instruction %#x in a constant expression", sub)
}
