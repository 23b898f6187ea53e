package coremodule

import (
	"encoding/binary"
	"fmt"
)

// Read reads the structure of the core module binary b.
//
// A malformed binary yields an *Error; a well-formed one whose indices do not
// fit together (an unknown type, an export of a function that does not exist,
// a duplicate export name) yields an *IndexError.
func Read(b []byte) (*Module, error) {
	r := &reader{data: b, end: len(b)}
	if err := r.preamble(); err != nil {
		return nil, err
	}
	m := &Module{ImportHeader: -1}
	var seen [14]bool
	for r.pos < len(b) {
		hdr := r.pos
		id, err := r.byte()
		if err != nil {
			return nil, err
		}
		size, err := r.u32()
		if err != nil {
			return nil, err
		}
		if int64(size) > int64(len(b)-r.pos) {
			return nil, r.failf(r.pos, ErrUnexpectedEOF, "core section of %d bytes", size)
		}
		if id != 0 && int(id) < len(seen) {
			if seen[id] {
				return nil, r.failf(hdr, ErrSectionOrder, "duplicate section %d", id)
			}
			seen[id] = true
		}
		bodyEnd := r.pos + int(size)
		r.end = bodyEnd
		if id == 2 {
			m.ImportHeader, m.ImportSection = hdr, Span{r.pos, bodyEnd}
		}
		if err := m.section(r, id); err != nil {
			return nil, err
		}
		r.pos, r.end = bodyEnd, len(b)
	}
	return m, nil
}

// preamble checks the magic number and the module version.
func (r *reader) preamble() error {
	if r.remaining() < 4 {
		return r.fail(r.end, ErrUnexpectedEOF)
	}
	if string(r.data[:4]) != "\x00asm" {
		return r.fail(0, ErrBadMagic)
	}
	if r.remaining() < 8 {
		return r.fail(r.end, ErrUnexpectedEOF)
	}
	version := binary.LittleEndian.Uint16(r.data[4:])
	layer := binary.LittleEndian.Uint16(r.data[6:])
	r.pos = 8
	switch {
	case layer == 0 && version == 1:
		return nil
	case layer == 1:
		return r.fail(4, ErrNotModule)
	case layer != 0:
		return r.failf(6, ErrBadLayer, "%#x", layer)
	}
	return r.failf(4, ErrBadVersion, "%#x", version)
}

func (m *Module) section(r *reader, id byte) error {
	var each func() error
	switch id {
	case 0, 8, 10, 11, 12: // custom, start, code, data, data count: nothing to read
		return nil
	case 1:
		each = func() error {
			start := r.pos
			sts, _, err := r.recGroup()
			m.Types = append(m.Types, sts...)
			for range sts {
				m.TypeOffsets = append(m.TypeOffsets, start)
			}
			return err
		}
	case 2:
		each = func() error { return m.imprt(r) }
	case 3:
		each = func() error {
			off := r.pos
			t, err := r.u32()
			if err != nil {
				return err
			}
			f, err := m.funcType(off, t)
			m.Funcs = append(m.Funcs, f)
			return err
		}
	case 4:
		each = func() error {
			m.TableOffsets = append(m.TableOffsets, r.pos)
			t, err := r.tableDef()
			m.Tables = append(m.Tables, t)
			return err
		}
	case 5:
		each = func() error {
			m.MemoryOffsets = append(m.MemoryOffsets, r.pos)
			l, err := r.limits(0b1111, true)
			m.Memories = append(m.Memories, l)
			return err
		}
	case 6:
		each = func() error {
			m.GlobalOffsets = append(m.GlobalOffsets, r.pos)
			g, err := r.globalType()
			if err != nil {
				return err
			}
			m.Globals = append(m.Globals, g)
			return r.skipConstExpr()
		}
	case 7:
		each = func() error { return m.export(r) }
	case 13:
		each = func() error {
			off := r.pos
			t, err := r.tag()
			if err != nil {
				return err
			}
			f, err := m.funcType(off, t)
			m.Tags = append(m.Tags, f)
			return err
		}
	default: // element and unknown sections: only their count is checked
		_, err := r.count()
		return err
	}
	if err := r.vector(each); err != nil {
		return err
	}
	if r.pos != r.end {
		return r.failf(r.pos, ErrSectionSize, "unexpected data at the end of the section")
	}
	return nil
}

// funcType returns the function type at index i; off is where i was read.
func (m *Module) funcType(off int, i uint32) (*FuncType, error) {
	if int64(i) >= int64(len(m.Types)) {
		return nil, &IndexError{Offset: off, Msg: fmt.Sprintf("unknown type %d: type index out of bounds", i)}
	}
	f := m.Types[i].Func()
	if f == nil {
		return nil, &IndexError{Offset: off, Msg: fmt.Sprintf("type index %d is not a function type", i)}
	}
	return f, nil
}

func (m *Module) imprt(r *reader) error {
	start := r.pos
	module, err := r.name()
	if err != nil {
		return err
	}
	span := Span{start, r.pos}
	field, err := r.name()
	if err != nil {
		return err
	}
	toff := r.pos
	t, idx, err := r.externType()
	if err != nil {
		return err
	}
	switch t.Kind {
	case ExternFunc, ExternFuncExact:
		if t.Func, err = m.funcType(toff, idx); err != nil {
			return err
		}
		m.Funcs = append(m.Funcs, t.Func)
	case ExternTag:
		if t.Func, err = m.funcType(toff, idx); err != nil {
			return err
		}
		m.Tags = append(m.Tags, t.Func)
	case ExternTable:
		m.Tables = append(m.Tables, t.Table)
		m.TableOffsets = append(m.TableOffsets, toff)
	case ExternMemory:
		m.Memories = append(m.Memories, t.Memory)
		m.MemoryOffsets = append(m.MemoryOffsets, toff)
	case ExternGlobal:
		m.Globals = append(m.Globals, t.Global)
		m.GlobalOffsets = append(m.GlobalOffsets, toff)
	}
	m.Imports = append(m.Imports, Import{Module: module, Field: field, Type: t, ModuleName: span})
	return nil
}

func (m *Module) export(r *reader) error {
	start := r.pos
	name, err := r.name()
	if err != nil {
		return err
	}
	koff := r.pos
	kind, err := r.byte()
	if err != nil {
		return err
	}
	idx, err := r.u32()
	if err != nil {
		return err
	}
	t := ExternType{Kind: ExternKind(kind)}
	bad := func(what string) error {
		return &IndexError{Offset: start, Msg: fmt.Sprintf("unknown %s %d: exported %s index out of bounds", what, idx, what)}
	}
	switch t.Kind {
	case ExternFunc, ExternFuncExact:
		t.Kind = ExternFunc
		if int64(idx) >= int64(len(m.Funcs)) {
			return bad("function")
		}
		t.Func = m.Funcs[idx]
	case ExternTable:
		if int64(idx) >= int64(len(m.Tables)) {
			return bad("table")
		}
		t.Table = m.Tables[idx]
	case ExternMemory:
		if int64(idx) >= int64(len(m.Memories)) {
			return bad("memory")
		}
		t.Memory = m.Memories[idx]
	case ExternGlobal:
		if int64(idx) >= int64(len(m.Globals)) {
			return bad("global")
		}
		t.Global = m.Globals[idx]
	case ExternTag:
		if int64(idx) >= int64(len(m.Tags)) {
			return bad("tag")
		}
		t.Func = m.Tags[idx]
	default:
		return &IndexError{Offset: koff, Msg: fmt.Sprintf("invalid external kind %#x", kind)}
	}
	for _, e := range m.Exports {
		if e.Name == name {
			return &IndexError{Offset: start, Msg: fmt.Sprintf("duplicate export name `%s` already defined", name)}
		}
	}
	m.Exports = append(m.Exports, Export{Name: name, Type: t, Index: idx, Offset: start})
	return nil
}
