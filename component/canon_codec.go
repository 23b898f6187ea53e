package component

// Decoding and encoding of canonical definitions, driven by canonInfos.

func (r *reader) canon() (Canon, error) {
	off := r.pos
	b, err := r.byte()
	if err != nil {
		return Canon{}, err
	}
	c := Canon{Op: CanonOp(b)}
	info, ok := canonInfos[c.Op]
	if !ok {
		return c, r.invalid(off, b, "canonical function")
	}
	if c.Op == CanonLift || c.Op == CanonLower {
		soff := r.pos
		s, err := r.byte()
		if err != nil {
			return c, err
		}
		if s != 0x00 {
			return c, r.invalid(soff, s, "canonical function "+info.name)
		}
	}
	for _, imm := range info.imms {
		var v uint32
		switch imm {
		case immCoreFunc:
			v, err = r.u32()
			c.CoreFunc = CoreFuncIdx(v)
		case immFunc:
			v, err = r.u32()
			c.Func = FuncIdx(v)
		case immType:
			v, err = r.u32()
			c.Type = TypeIdx(v)
		case immOpts:
			c.Options, err = vec(r, r.canonOpt)
		case immResult:
			c.Result, err = r.resultList()
		case immCoreValType:
			c.ValType, err = r.coreValType()
		case immSlot:
			c.Slot, err = r.u32()
		case immAsync:
			c.Async, err = r.boolean()
		case immCancellable:
			c.Cancellable, err = r.boolean()
		case immMemory:
			v, err = r.u32()
			c.Memory = CoreMemoryIdx(v)
		case immCoreType:
			v, err = r.u32()
			c.CoreType = CoreTypeIdx(v)
		case immTable:
			v, err = r.u32()
			c.Table = CoreTableIdx(v)
		}
		if err != nil {
			return c, err
		}
	}
	return c, nil
}

func (r *reader) canonOpt() (CanonOpt, error) {
	off := r.pos
	b, err := r.byte()
	if err != nil {
		return CanonOpt{}, err
	}
	o := CanonOpt{Kind: CanonOptKind(b)}
	if o.Kind > maxCanonOptKind {
		return o, r.invalid(off, b, "canonical option")
	}
	if o.Kind.HasIndex() {
		o.Index, err = r.u32()
	}
	return o, err
}

func (w *writer) canon(c Canon) error {
	info, ok := canonInfos[c.Op]
	if !ok {
		return bad("canon", "unknown canonical definition %s", c.Op)
	}
	w.byte(byte(c.Op))
	if c.Op == CanonLift || c.Op == CanonLower {
		w.byte(0x00)
	}
	for _, imm := range info.imms {
		switch imm {
		case immCoreFunc:
			w.u32(uint32(c.CoreFunc))
		case immFunc:
			w.u32(uint32(c.Func))
		case immType:
			w.u32(uint32(c.Type))
		case immOpts:
			w.count(len(c.Options))
			for _, o := range c.Options {
				if o.Kind > maxCanonOptKind {
					return bad(c.Op.String(), "unknown option %s", o.Kind)
				}
				w.byte(byte(o.Kind))
				if o.Kind.HasIndex() {
					w.u32(o.Index)
				}
			}
		case immResult:
			if err := w.resultList(c.Result); err != nil {
				return err
			}
		case immCoreValType:
			if err := w.coreValType(c.ValType); err != nil {
				return err
			}
		case immSlot:
			w.u32(c.Slot)
		case immAsync:
			w.boolean(c.Async)
		case immCancellable:
			w.boolean(c.Cancellable)
		case immMemory:
			w.u32(uint32(c.Memory))
		case immCoreType:
			w.u32(uint32(c.CoreType))
		case immTable:
			w.u32(uint32(c.Table))
		}
	}
	return nil
}
