package component

import (
	"fmt"
)

// coreModule reads what a component needs to know about an embedded core
// module (its imports and exports with their types) and runs the configured
// core module check. base is the module's offset in the outermost input.
func (v *validator) coreModule(module []byte, base int) (*ModuleTypeInfo, error) {
	if v.cfg.coreCheck != nil {
		if err := v.cfg.coreCheck(module); err != nil {
			return nil, &ValidationError{Offset: base, Msg: "invalid core module: " + err.Error(), Err: err}
		}
	}
	mt, err := readModuleType(module)
	if err != nil {
		if de, ok := err.(*DecodeError); ok {
			de.Offset += base
			return nil, de
		}
		return nil, &ValidationError{Offset: base, Msg: err.Error()}
	}
	return mt, nil
}

// moduleReader is the state of a structural read of a core module.
type moduleReader struct {
	r       *reader
	types   []CoreSubType
	funcs   []*CoreFuncType
	tables  []CoreTableType
	mems    []Limits
	globals []CoreGlobalType
	tags    []*CoreFuncType
	mt      *ModuleTypeInfo
}

// readModuleType reads the type, import, function, table, memory, tag,
// global and export sections of a core module.
func readModuleType(module []byte) (*ModuleTypeInfo, error) {
	m := &moduleReader{r: &reader{data: module, end: len(module)}, mt: &ModuleTypeInfo{}}
	r := m.r
	if err := r.preamble(true); err != nil {
		return nil, err
	}
	for r.pos < len(module) {
		id, err := r.byte()
		if err != nil {
			return nil, err
		}
		size, err := r.u32()
		if err != nil {
			return nil, err
		}
		if int64(size) > int64(len(module)-r.pos) {
			return nil, r.failf(r.pos, ErrUnexpectedEOF, "core section of %d bytes", size)
		}
		bodyEnd := r.pos + int(size)
		r.end = bodyEnd
		if err := m.section(id); err != nil {
			return nil, err
		}
		r.pos, r.end = bodyEnd, len(module)
	}
	if err := uniqueImports(m.mt.Imports); err != nil {
		return nil, err
	}
	return m.mt, nil
}

func (m *moduleReader) funcType(i uint32) (*CoreFuncType, error) {
	if int64(i) >= int64(len(m.types)) {
		return nil, fmt.Errorf("unknown type %d: type index out of bounds", i)
	}
	f, ok := m.types[i].Comp.(*CoreFuncType)
	if !ok {
		return nil, fmt.Errorf("type index %d is not a function type", i)
	}
	return f, nil
}

func (m *moduleReader) section(id byte) error {
	r := m.r
	n := 0
	if id != 0 && id != 8 && id != 10 && id != 11 && id != 12 {
		var err error
		if n, err = r.count(); err != nil {
			return err
		}
	}
	switch id {
	case 1: // type
		for i := 0; i < n; i++ {
			g, err := r.recGroup()
			if err != nil {
				return err
			}
			m.types = append(m.types, g.Types...)
		}
	case 2: // import
		for i := 0; i < n; i++ {
			if err := m.imprt(); err != nil {
				return err
			}
		}
	case 3: // function
		for i := 0; i < n; i++ {
			t, err := r.u32()
			if err != nil {
				return err
			}
			f, err := m.funcType(t)
			if err != nil {
				return err
			}
			m.funcs = append(m.funcs, f)
		}
	case 4: // table
		for i := 0; i < n; i++ {
			t, err := m.table()
			if err != nil {
				return err
			}
			m.tables = append(m.tables, t)
		}
	case 5: // memory
		for i := 0; i < n; i++ {
			l, err := r.limits(0b1111, true)
			if err != nil {
				return err
			}
			m.mems = append(m.mems, l)
		}
	case 6: // global
		for i := 0; i < n; i++ {
			g, err := m.globalType()
			if err != nil {
				return err
			}
			if err := m.skipConstExpr(); err != nil {
				return err
			}
			m.globals = append(m.globals, g)
		}
	case 7: // export
		for i := 0; i < n; i++ {
			if err := m.export(); err != nil {
				return err
			}
		}
	case 13: // tag
		for i := 0; i < n; i++ {
			if _, err := r.byte(); err != nil {
				return err
			}
			t, err := r.u32()
			if err != nil {
				return err
			}
			f, err := m.funcType(t)
			if err != nil {
				return err
			}
			m.tags = append(m.tags, f)
		}
	}
	return nil
}

func (m *moduleReader) globalType() (CoreGlobalType, error) {
	var g CoreGlobalType
	var err error
	if g.Type, err = m.r.coreValType(); err != nil {
		return g, err
	}
	g.Flags, err = m.r.byte()
	return g, err
}

func (m *moduleReader) table() (CoreTableType, error) {
	r := m.r
	b, err := r.peek()
	if err != nil {
		return CoreTableType{}, err
	}
	withInit := b == 0x40
	if withInit {
		r.pos++
		if _, err := r.byte(); err != nil {
			return CoreTableType{}, err
		}
	}
	var t CoreTableType
	if t.Elem, err = r.coreValType(); err != nil {
		return t, err
	}
	if t.Limits, err = r.limits(0b111, false); err != nil {
		return t, err
	}
	if withInit {
		err = m.skipConstExpr()
	}
	return t, err
}

func (m *moduleReader) imprt() error {
	r := m.r
	module, err := r.name()
	if err != nil {
		return err
	}
	field, err := r.name()
	if err != nil {
		return err
	}
	et, err := r.coreExternType()
	if err != nil {
		return err
	}
	ce := CoreEntity{Kind: et.Kind}
	switch et.Kind {
	case CoreExternFunc, CoreExternFuncExact:
		if ce.Func, err = m.funcType(uint32(et.Func)); err != nil {
			return err
		}
		m.funcs = append(m.funcs, ce.Func)
	case CoreExternTag:
		if ce.Func, err = m.funcType(uint32(et.Func)); err != nil {
			return err
		}
		m.tags = append(m.tags, ce.Func)
	case CoreExternTable:
		ce.Table = et.Table
		m.tables = append(m.tables, et.Table)
	case CoreExternMemory:
		ce.Memory = et.Memory
		m.mems = append(m.mems, et.Memory)
	case CoreExternGlobal:
		ce.Global = et.Global
		m.globals = append(m.globals, et.Global)
	}
	m.mt.Imports = append(m.mt.Imports, CoreImportInfo{Module: module, Field: field, Type: ce})
	return nil
}

func (m *moduleReader) export() error {
	r := m.r
	name, err := r.name()
	if err != nil {
		return err
	}
	kind, err := r.byte()
	if err != nil {
		return err
	}
	idx, err := r.u32()
	if err != nil {
		return err
	}
	ce := CoreEntity{Kind: CoreExternKind(kind)}
	bad := func(what string) error {
		return fmt.Errorf("unknown %s %d: exported %s index out of bounds", what, idx, what)
	}
	switch ce.Kind {
	case CoreExternFunc, CoreExternFuncExact:
		ce.Kind = CoreExternFunc
		if int64(idx) >= int64(len(m.funcs)) {
			return bad("function")
		}
		ce.Func = m.funcs[idx]
	case CoreExternTable:
		if int64(idx) >= int64(len(m.tables)) {
			return bad("table")
		}
		ce.Table = m.tables[idx]
	case CoreExternMemory:
		if int64(idx) >= int64(len(m.mems)) {
			return bad("memory")
		}
		ce.Memory = m.mems[idx]
	case CoreExternGlobal:
		if int64(idx) >= int64(len(m.globals)) {
			return bad("global")
		}
		ce.Global = m.globals[idx]
	case CoreExternTag:
		if int64(idx) >= int64(len(m.tags)) {
			return bad("tag")
		}
		ce.Func = m.tags[idx]
	default:
		return fmt.Errorf("invalid external kind %#x", kind)
	}
	for _, e := range m.mt.Exports {
		if e.Name == name {
			return fmt.Errorf("duplicate export name `%s` already defined", name)
		}
	}
	m.mt.Exports = append(m.mt.Exports, CoreExportInfo{Name: name, Type: ce})
	return nil
}

// skipLEB skips one LEB128 number.
func (m *moduleReader) skipLEB() error {
	for i := 0; i < 10; i++ {
		b, err := m.r.byte()
		if err != nil {
			return err
		}
		if b&0x80 == 0 {
			return nil
		}
	}
	return m.r.failf(m.r.pos, ErrIntegerTooLarge, "LEB128 number too long")
}

// skipConstExpr skips a constant expression up to and including its end.
func (m *moduleReader) skipConstExpr() error {
	r := m.r
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
			err = m.skipLEB()
		case 0x43:
			_, err = r.bytes(4)
		case 0x44:
			_, err = r.bytes(8)
		case 0xd0: // ref.null
			_, err = r.heapType()
		case 0x6a, 0x6b, 0x6c, 0x7c, 0x7d, 0x7e: // extended-const arithmetic
		case 0xfb: // GC
			var sub uint32
			if sub, err = r.u32(); err != nil {
				return err
			}
			switch sub {
			case 0, 1, 6, 7: // struct.new(_default), array.new(_default)
				err = m.skipLEB()
			case 8: // array.new_fixed
				if err = m.skipLEB(); err == nil {
					err = m.skipLEB()
				}
			case 0x1a, 0x1b, 0x1c: // any.convert_extern, extern.convert_any, ref.i31
			default:
				return r.failf(off, ErrInvalidByte, "unsupported GC instruction %#x in a constant expression", sub)
			}
		case 0xfd: // SIMD
			var sub uint32
			if sub, err = r.u32(); err != nil {
				return err
			}
			if sub != 12 {
				return r.failf(off, ErrInvalidByte, "unsupported SIMD instruction %#x in a constant expression", sub)
			}
			_, err = r.bytes(16)
		default:
			return r.failf(off, ErrInvalidByte, "unsupported instruction %#x in a constant expression", op)
		}
		if err != nil {
			return err
		}
	}
}

// uniqueImports rejects two imports with the same module and field name,
// which the component model forbids.
func uniqueImports(imports []CoreImportInfo) error {
	seen := make(map[[2]string]bool, len(imports))
	for _, im := range imports {
		key := [2]string{im.Module, im.Field}
		if seen[key] {
			return fmt.Errorf("module has a duplicate import name `%s:%s` that is not allowed in components", im.Module, im.Field)
		}
		seen[key] = true
	}
	return nil
}
