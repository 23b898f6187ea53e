package component

import (
	"errors"
	"strings"
)

// Decoded views of well-known custom sections. Their errors are
// *DecodeError values whose offsets count from the start of the section data
// (after the section name).

// Producers is the decoded `producers` custom section (tool-conventions
// ProducersSection.md): which languages, tools and SDKs produced the binary.
type Producers struct {
	Fields []ProducersField
}

// ProducersField is one field such as "language", "processed-by" or "sdk".
type ProducersField struct {
	Name   string
	Values []ProducerValue
}

// ProducerValue is a tool or language name with its version.
type ProducerValue struct {
	Name, Version string
}

// Field returns the values of the named field.
func (p *Producers) Field(name string) []ProducerValue {
	for _, f := range p.Fields {
		if f.Name == name {
			return f.Values
		}
	}
	return nil
}

// errNotProducers is returned by CustomSection.Producers for other sections.
var errNotProducers = errors.New("not a producers section")

// Producers decodes s when it is a `producers` section.
func (s *CustomSection) Producers() (*Producers, error) {
	if s.Name != "producers" {
		return nil, errNotProducers
	}
	return ParseProducers(s.Data)
}

// ParseProducers decodes the payload of a `producers` custom section.
func ParseProducers(data []byte) (*Producers, error) {
	r := &reader{data: data, end: len(data)}
	fields, err := vec(r, func() (ProducersField, error) {
		name, err := r.name()
		if err != nil {
			return ProducersField{}, err
		}
		vals, err := vec(r, func() (ProducerValue, error) {
			n, err := r.name()
			if err != nil {
				return ProducerValue{}, err
			}
			v, err := r.name()
			return ProducerValue{Name: n, Version: v}, err
		})
		return ProducersField{Name: name, Values: vals}, err
	})
	if err != nil {
		return nil, err
	}
	if r.pos != r.end {
		return nil, r.failf(r.pos, ErrSectionSize, "%d trailing bytes", r.end-r.pos)
	}
	return &Producers{Fields: fields}, nil
}

// NameSection is the decoded `component-name` custom section.
type NameSection struct {
	// Component is the component's own name; HasComponent says whether the
	// subsection was present.
	Component    string
	HasComponent bool
	// Sorts lists the names given to the items of each sort, in file order.
	Sorts []SortNames
}

// SortNames names items of one sort.
type SortNames struct {
	Sort  Sort
	Names []NameAssoc
}

// NameAssoc names the item at Index.
type NameAssoc struct {
	Index uint32
	Name  string
}

// Lookup returns the name of item idx of sort s.
func (n *NameSection) Lookup(s Sort, idx uint32) (string, bool) {
	for _, sn := range n.Sorts {
		if sn.Sort != s {
			continue
		}
		for _, a := range sn.Names {
			if a.Index == idx {
				return a.Name, true
			}
		}
	}
	return "", false
}

// ParseNameSection decodes the payload of a `component-name` custom section.
// Engines must not reject a component for a bad name section, so callers
// should treat an error here as "no names".
func ParseNameSection(data []byte) (*NameSection, error) {
	r := &reader{data: data, end: len(data)}
	ns := &NameSection{}
	for r.pos < r.end {
		id, err := r.byte()
		if err != nil {
			return nil, err
		}
		size, err := r.u32()
		if err != nil {
			return nil, err
		}
		if int64(size) > int64(r.remaining()) {
			return nil, r.failf(r.pos, ErrUnexpectedEOF, "name subsection of %d bytes with %d left", size, r.remaining())
		}
		outer, end := r.end, r.pos+int(size)
		r.end = end
		switch id {
		case 0:
			ns.Component, err = r.name()
			ns.HasComponent = true
		case 1:
			var sn SortNames
			sn, err = r.sortNames()
			ns.Sorts = append(ns.Sorts, sn)
		default:
			r.pos = end // unknown subsections are skipped
		}
		if err != nil {
			return nil, err
		}
		if r.pos != end {
			return nil, r.failf(r.pos, ErrSectionSize, "%d unread bytes in name subsection %d", end-r.pos, id)
		}
		r.end = outer
	}
	return ns, nil
}

func (r *reader) sortNames() (SortNames, error) {
	off := r.pos
	b1, b2, err := r.sortBytes()
	if err != nil {
		return SortNames{}, err
	}
	var s Sort
	switch {
	case b1 == 0x00:
		var ok bool
		if s, ok = SortOfCore(CoreSort(b2)); !ok {
			return SortNames{}, r.invalid(off+1, b2, "core sort")
		}
	case b1 >= 0x01 && b1 <= 0x05:
		s = SortFunc + Sort(b1-1)
	default:
		return SortNames{}, r.invalid(off, b1, "sort")
	}
	names, err := vec(r, func() (NameAssoc, error) {
		i, err := r.u32()
		if err != nil {
			return NameAssoc{}, err
		}
		n, err := r.name()
		return NameAssoc{Index: i, Name: n}, err
	})
	return SortNames{Sort: s, Names: names}, err
}

// errNotComponentType is returned by CustomSection.ComponentType for other
// sections.
var errNotComponentType = errors.New("not a component-type section")

// ComponentType decodes s when it is a `component-type` section (its name
// starts with "component-type", as wit-component writes it into core modules
// before componentization): its payload is a whole component binary that
// encodes a WIT world. Offsets in errors count from the start of the payload.
func (s *CustomSection) ComponentType() (*Component, error) {
	if !strings.HasPrefix(s.Name, "component-type") {
		return nil, errNotComponentType
	}
	return Decode(s.Data)
}

// ModuleCustomSections returns the custom sections of a core module binary
// (such as a CoreModuleSection's Module), with Data sub-slicing module.
func ModuleCustomSections(module []byte) ([]*CustomSection, error) {
	r := &reader{data: module, end: len(module)}
	if err := r.preamble(true); err != nil {
		return nil, err
	}
	var out []*CustomSection
	for r.pos < r.end {
		off := r.pos
		id, _ := r.byte()
		size, err := r.u32()
		if err != nil {
			return nil, err
		}
		if int64(size) > int64(r.remaining()) {
			return nil, r.failf(r.pos, ErrUnexpectedEOF, "core section of %d bytes with %d bytes left", size, r.remaining())
		}
		body, end := r.pos, r.pos+int(size)
		if id == 0 {
			outer := r.end
			r.end = end
			name, err := r.name()
			if err != nil {
				return nil, err
			}
			r.end = outer
			out = append(out, &CustomSection{
				SectionSpan: SectionSpan{Pos: Span{Offset: off, Body: body, End: end}},
				Name:        name,
				Data:        module[r.pos:end:end],
			})
		}
		r.pos = end
	}
	return out, nil
}
