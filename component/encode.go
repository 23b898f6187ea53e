package component

// Encode writes c in the binary format. LEB128 numbers are written in their
// minimal form, so the output equals a decoded input byte for byte unless the
// input used overlong encodings. Errors are *EncodeError values.
func Encode(c *Component) ([]byte, error) {
	w := &writer{buf: make([]byte, 0, sizeHint(c, 0))}
	if err := w.component(c, 0); err != nil {
		return nil, err
	}
	return w.buf, nil
}

func (w *writer) component(c *Component, depth int) error {
	if c == nil {
		return bad("component", "nil component")
	}
	if depth > maxDepth {
		return bad("component", "nesting deeper than %d", maxDepth)
	}
	w.buf = append(w.buf, componentPreamble...)
	for i, s := range c.Sections {
		if s == nil {
			return bad("component", "section %d is nil", i)
		}
		// Encode the body in place after a 5-byte placeholder, then move it
		// down to sit right after the minimal size field.
		w.byte(byte(s.ID()))
		sizeAt := len(w.buf)
		w.buf = append(w.buf, 0, 0, 0, 0, 0)
		if err := w.sectionBody(s, depth); err != nil {
			return err
		}
		body := len(w.buf) - sizeAt - 5
		var size writer
		size.u32(uint32(body))
		n := copy(w.buf[sizeAt:], size.buf)
		copy(w.buf[sizeAt+n:], w.buf[sizeAt+5:])
		w.buf = w.buf[:len(w.buf)-(5-n)]
	}
	return nil
}

func (w *writer) sectionBody(s Section, depth int) error {
	switch s := s.(type) {
	case *CustomSection:
		w.name(s.Name)
		w.buf = append(w.buf, s.Data...)
	case *CoreModuleSection:
		w.buf = append(w.buf, s.Module...)
	case *CoreInstanceSection:
		return each(w, s.Instances, w.coreInstance)
	case *CoreTypeSection:
		return each(w, s.Types, w.coreType)
	case *ComponentSection:
		return w.component(s.Component, depth+1)
	case *InstanceSection:
		return each(w, s.Instances, w.instance)
	case *AliasSection:
		return each(w, s.Aliases, w.alias)
	case *TypeSection:
		return each(w, s.Types, w.typeDef)
	case *CanonSection:
		return each(w, s.Canons, w.canon)
	case *StartSection:
		w.start(s.Start)
	case *ImportSection:
		return each(w, s.Imports, func(im Import) error {
			if err := w.externName(im.Name); err != nil {
				return err
			}
			return w.externType(im.Type)
		})
	case *ExportSection:
		return each(w, s.Exports, w.exportDef)
	case *ValueSection:
		return each(w, s.Values, w.value)
	default:
		return bad("section", "unknown section %T", s)
	}
	return nil
}

// each writes a vector: its length, then every element.
func each[T any](w *writer, items []T, elem func(T) error) error {
	w.count(len(items))
	for _, it := range items {
		if err := elem(it); err != nil {
			return err
		}
	}
	return nil
}

// sizeHint estimates the encoded size from the raw byte payloads, which
// dominate real components, so that the output buffer is allocated once.
func sizeHint(c *Component, depth int) int {
	if c == nil || depth > maxDepth {
		return 0
	}
	n := len(componentPreamble)
	for _, s := range c.Sections {
		switch s := s.(type) {
		case *CoreModuleSection:
			n += len(s.Module) + 6
		case *CustomSection:
			n += len(s.Name) + len(s.Data) + 11
		case *ComponentSection:
			n += sizeHint(s.Component, depth+1) + 6
		default:
			n += 64
		}
	}
	return n + n/8
}
