package component

import "encoding/binary"

// The preamble of every component: magic, version 0x0d and layer 1.
var (
	wasmMagic         = []byte{0x00, 'a', 's', 'm'}
	componentPreamble = []byte{0x00, 'a', 's', 'm', 0x0d, 0x00, 0x01, 0x00}
)

const (
	componentVersion = 0x0d
	componentLayer   = 0x01
	moduleVersion    = 0x01
)

// Decode decodes a component binary. Core modules and custom sections in the
// returned AST are sub-slices of data, which must not be modified while the
// AST is in use. Errors are *DecodeError values naming the byte offset.
func Decode(data []byte) (*Component, error) {
	r := &reader{data: data, end: len(data)}
	return r.component()
}

// IsComponent reports whether data starts with a component preamble (as
// opposed to a core module or anything else).
func IsComponent(data []byte) bool {
	return len(data) >= 8 && string(data[:8]) == string(componentPreamble)
}

// preamble checks the 8-byte header at r.pos; module selects a core module
// header instead of a component one.
func (r *reader) preamble(module bool) error {
	start := r.pos
	if r.remaining() < 4 {
		return r.fail(r.end, ErrUnexpectedEOF)
	}
	if string(r.data[r.pos:r.pos+4]) != string(wasmMagic) {
		return r.fail(start, ErrBadMagic)
	}
	if r.remaining() < 8 {
		return r.fail(r.end, ErrUnexpectedEOF)
	}
	version := binary.LittleEndian.Uint16(r.data[r.pos+4:])
	layer := binary.LittleEndian.Uint16(r.data[r.pos+6:])
	r.pos += 8
	switch {
	case module && layer == 0 && version == moduleVersion:
		return nil
	case module && layer == componentLayer:
		return r.fail(start+4, ErrNotModule)
	case !module && layer == componentLayer && version == componentVersion:
		return nil
	case !module && layer == 0 && version == moduleVersion:
		return r.fail(start+4, ErrNotComponent)
	case layer != 0 && layer != componentLayer:
		return r.failf(start+6, ErrBadLayer, "%#x", layer)
	}
	return r.failf(start+4, ErrBadVersion, "%#x", version)
}

// component decodes a component occupying [r.pos, r.end).
func (r *reader) component() (*Component, error) {
	if err := r.enter(); err != nil {
		return nil, err
	}
	defer r.leave()
	saveSection, saveHas := r.section, r.hasSection
	defer func() { r.section, r.hasSection = saveSection, saveHas }()
	r.hasSection = false
	if err := r.preamble(false); err != nil {
		return nil, err
	}
	c := &Component{}
	for r.pos < r.end {
		s, err := r.readSection()
		if err != nil {
			return nil, err
		}
		c.Sections = append(c.Sections, s)
	}
	return c, nil
}

// sectionHeader reads a section id and size.
func (r *reader) sectionHeader() (id SectionID, span Span, err error) {
	r.hasSection = false
	span.Offset = r.pos
	b, err := r.byte()
	if err != nil {
		return 0, span, err
	}
	if b > byte(SectionValue) {
		return 0, span, r.failf(span.Offset, ErrBadSectionID, "%#x", b)
	}
	id = SectionID(b)
	size, err := r.u32()
	if err != nil {
		return 0, span, err
	}
	span.Body = r.pos
	if int64(size) > int64(r.remaining()) {
		return 0, span, r.failf(r.pos, ErrUnexpectedEOF, "%s of %d bytes with %d bytes left", id, size, r.remaining())
	}
	span.End = r.pos + int(size)
	return id, span, nil
}

func (r *reader) readSection() (Section, error) {
	id, span, err := r.sectionHeader()
	if err != nil {
		return nil, err
	}
	outerEnd := r.end
	r.end = span.End
	r.section, r.hasSection = id, true
	s, err := r.sectionBody(id, span)
	if err != nil {
		return nil, err
	}
	if r.pos != span.End {
		return nil, r.failf(r.pos, ErrSectionSize, "%d unread bytes at the end of the section", span.End-r.pos)
	}
	r.end = outerEnd
	r.hasSection = false
	return s, nil
}

func (r *reader) sectionBody(id SectionID, pos Span) (Section, error) {
	switch id {
	case SectionCustom:
		name, err := r.name()
		if err != nil {
			return nil, err
		}
		data, _ := r.bytes(r.remaining())
		return &CustomSection{SectionSpan: SectionSpan{Pos: pos}, Name: name, Data: data}, nil
	case SectionCoreModule:
		start := r.pos
		if err := r.coreModule(); err != nil {
			return nil, err
		}
		return &CoreModuleSection{SectionSpan: SectionSpan{Pos: pos}, Module: r.data[start:r.pos:r.pos]}, nil
	case SectionCoreInstance:
		v, items, err := vecAt(r, r.coreInstance)
		return &CoreInstanceSection{SectionSpan: SectionSpan{Pos: pos, Items: items}, Instances: v}, err
	case SectionCoreType:
		v, items, err := vecAt(r, r.coreType)
		return &CoreTypeSection{SectionSpan: SectionSpan{Pos: pos, Items: items}, Types: v}, err
	case SectionComponent:
		c, err := r.component()
		return &ComponentSection{SectionSpan: SectionSpan{Pos: pos}, Component: c}, err
	case SectionInstance:
		v, items, err := vecAt(r, r.instance)
		return &InstanceSection{SectionSpan: SectionSpan{Pos: pos, Items: items}, Instances: v}, err
	case SectionAlias:
		v, items, err := vecAt(r, r.alias)
		return &AliasSection{SectionSpan: SectionSpan{Pos: pos, Items: items}, Aliases: v}, err
	case SectionType:
		v, items, err := vecAt(r, r.typeDef)
		return &TypeSection{SectionSpan: SectionSpan{Pos: pos, Items: items}, Types: v}, err
	case SectionCanon:
		v, items, err := vecAt(r, r.canon)
		return &CanonSection{SectionSpan: SectionSpan{Pos: pos, Items: items}, Canons: v}, err
	case SectionStart:
		s, err := r.start()
		return &StartSection{SectionSpan: SectionSpan{Pos: pos}, Start: s}, err
	case SectionImport:
		v, items, err := vecAt(r, r.importDef)
		return &ImportSection{SectionSpan: SectionSpan{Pos: pos, Items: items}, Imports: v}, err
	case SectionExport:
		v, items, err := vecAt(r, r.exportDef)
		return &ExportSection{SectionSpan: SectionSpan{Pos: pos, Items: items}, Exports: v}, err
	default: // SectionValue; sectionHeader rejects larger ids
		v, items, err := vecAt(r, r.value)
		return &ValueSection{SectionSpan: SectionSpan{Pos: pos, Items: items}, Values: v}, err
	}
}

// coreModuleOrder gives the position of each known core section id in the
// required order (custom sections, id 0, may appear anywhere).
var coreModuleOrder = map[byte]int{
	1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 13: 6, 6: 7, 7: 8, 8: 9, 9: 10, 12: 11, 10: 12, 11: 13,
}

// coreModule checks a core module's framing at the binary level (preamble,
// section ids, sizes, order and custom section names) and consumes it. The
// module's contents are validated when it is compiled.
func (r *reader) coreModule() error {
	if err := r.preamble(true); err != nil {
		return err
	}
	last := 0
	for r.pos < r.end {
		off := r.pos
		id, _ := r.byte()
		size, err := r.u32()
		if err != nil {
			return err
		}
		if int64(size) > int64(r.remaining()) {
			return r.failf(r.pos, ErrUnexpectedEOF, "core section of %d bytes with %d bytes left", size, r.remaining())
		}
		bodyEnd := r.pos + int(size)
		if id == 0 {
			outer := r.end
			r.end = bodyEnd
			if _, err := r.name(); err != nil {
				return err
			}
			r.end = outer
		} else {
			order, ok := coreModuleOrder[id]
			if !ok {
				return r.failf(off, ErrBadSectionID, "core module section id %#x", id)
			}
			if order <= last {
				return r.failf(off, ErrSectionOrder, "core module section id %d", id)
			}
			last = order
		}
		r.pos = bodyEnd
	}
	return nil
}
