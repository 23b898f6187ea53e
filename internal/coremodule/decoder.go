package coremodule

// Decoder reads single core type descriptors at a position of a larger
// binary, for formats that embed them (a component's core type and module
// type declarations). Pos and End are absolute offsets into Data; errors are
// *Error values with absolute offsets.
type Decoder struct {
	Data     []byte
	Pos, End int
}

func (d *Decoder) run(read func(r *reader) error) error {
	r := reader{data: d.Data, pos: d.Pos, end: d.End}
	err := read(&r)
	d.Pos = r.pos
	return err
}

// ValType reads a value type.
func (d *Decoder) ValType() (v ValType, err error) {
	err = d.run(func(r *reader) (err error) { v, err = r.valType(); return })
	return v, err
}

// HeapType reads a heap type.
func (d *Decoder) HeapType() (h HeapType, err error) {
	err = d.run(func(r *reader) (err error) { h, err = r.heapType(); return })
	return h, err
}

// TableType reads a table type (without an initializer expression).
func (d *Decoder) TableType() (t TableType, err error) {
	err = d.run(func(r *reader) (err error) { t, err = r.tableType(); return })
	return t, err
}

// MemoryType reads memory limits.
func (d *Decoder) MemoryType() (l Limits, err error) {
	err = d.run(func(r *reader) (err error) { l, err = r.limits(0b1111, true); return })
	return l, err
}

// GlobalType reads a global type.
func (d *Decoder) GlobalType() (g GlobalType, err error) {
	err = d.run(func(r *reader) (err error) { g, err = r.globalType(); return })
	return g, err
}

// Tag reads a tag type and returns its function type index.
func (d *Decoder) Tag() (idx uint32, err error) {
	err = d.run(func(r *reader) (err error) { idx, err = r.tag(); return })
	return idx, err
}
