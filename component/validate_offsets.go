package component

// itemOffset returns the offset in the input of item i of a section (its
// i-th definition), computed by encoding the items before it. The result is
// exact for inputs with minimal LEB128 numbers (what every encoder writes)
// and close otherwise; it falls back to the section body's offset.
func itemOffset(sec Section, i int) int {
	body := sec.Span().Body
	var prefix Section
	n := 0
	switch s := sec.(type) {
	case *CoreInstanceSection:
		n, prefix = len(s.Instances), &CoreInstanceSection{Instances: s.Instances[:i]}
	case *CoreTypeSection:
		n, prefix = len(s.Types), &CoreTypeSection{Types: s.Types[:i]}
	case *InstanceSection:
		n, prefix = len(s.Instances), &InstanceSection{Instances: s.Instances[:i]}
	case *AliasSection:
		n, prefix = len(s.Aliases), &AliasSection{Aliases: s.Aliases[:i]}
	case *TypeSection:
		n, prefix = len(s.Types), &TypeSection{Types: s.Types[:i]}
	case *CanonSection:
		n, prefix = len(s.Canons), &CanonSection{Canons: s.Canons[:i]}
	case *ImportSection:
		n, prefix = len(s.Imports), &ImportSection{Imports: s.Imports[:i]}
	case *ExportSection:
		n, prefix = len(s.Exports), &ExportSection{Exports: s.Exports[:i]}
	case *ValueSection:
		n, prefix = len(s.Values), &ValueSection{Values: s.Values[:i]}
	default:
		return body
	}
	if i < 0 || i > n {
		return body
	}
	w := &writer{}
	if err := w.sectionBody(prefix, 0); err != nil {
		return body
	}
	return body + len(w.buf) - lebLen(uint32(i)) + lebLen(uint32(n))
}

func lebLen(v uint32) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

// itemErr attaches the offset of item i of sec to err.
func itemErr(sec Section, i int, err error) error {
	if err == nil {
		return nil
	}
	return at(itemOffset(sec, i), err)
}
