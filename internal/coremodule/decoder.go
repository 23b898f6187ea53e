package coremodule

// Decoder reads single core type descriptors and LEB128 integers at a
// position of a larger binary, for formats that embed them (a component's
// core type and module type declarations). Pos and End are absolute offsets
// into Data; errors are *Error values with absolute offsets.
type Decoder struct {
	Data     []byte
	Pos, End int
}

func (d *Decoder) reader() reader { return reader{data: d.Data, pos: d.Pos, end: d.End} }

// U32 reads an unsigned LEB128 of at most 32 bits.
func (d *Decoder) U32() (uint32, error) {
	r := d.reader()
	v, err := r.u32()
	d.Pos = r.pos
	return v, err
}

// U64 reads an unsigned LEB128 of at most 64 bits.
func (d *Decoder) U64() (uint64, error) {
	r := d.reader()
	v, err := r.u64()
	d.Pos = r.pos
	return v, err
}

// S33 reads a signed LEB128 of at most 33 bits.
func (d *Decoder) S33() (int64, error) {
	r := d.reader()
	v, err := r.s33()
	d.Pos = r.pos
	return v, err
}

// Count reads a vector length, failing when even one byte per element cannot
// fit before End.
func (d *Decoder) Count() (int, error) {
	r := d.reader()
	n, err := r.count()
	d.Pos = r.pos
	return n, err
}

// Name reads a length-prefixed UTF-8 string.
func (d *Decoder) Name() (string, error) {
	r := d.reader()
	s, err := r.name()
	d.Pos = r.pos
	return s, err
}

// ValType reads a value type.
func (d *Decoder) ValType() (ValType, error) {
	r := d.reader()
	v, err := r.valType()
	d.Pos = r.pos
	return v, err
}

// HeapType reads a heap type.
func (d *Decoder) HeapType() (HeapType, error) {
	r := d.reader()
	h, err := r.heapType()
	d.Pos = r.pos
	return h, err
}

// TableType reads a table type (without an initializer expression).
func (d *Decoder) TableType() (TableType, error) {
	r := d.reader()
	t, err := r.tableType()
	d.Pos = r.pos
	return t, err
}

// MemoryType reads memory limits.
func (d *Decoder) MemoryType() (Limits, error) {
	r := d.reader()
	l, err := r.limits(0b1111, true)
	d.Pos = r.pos
	return l, err
}

// GlobalType reads a global type.
func (d *Decoder) GlobalType() (GlobalType, error) {
	r := d.reader()
	g, err := r.globalType()
	d.Pos = r.pos
	return g, err
}

// Tag reads a tag type and returns its function type index.
func (d *Decoder) Tag() (uint32, error) {
	r := d.reader()
	i, err := r.tag()
	d.Pos = r.pos
	return i, err
}

// RecGroup reads a rec group (or a lone subtype): its subtypes, and whether it
// was written with the 0x4E prefix.
func (d *Decoder) RecGroup() ([]SubType, bool, error) {
	r := d.reader()
	sts, explicit, err := r.recGroup()
	d.Pos = r.pos
	return sts, explicit, err
}

// SubType reads a subtype.
func (d *Decoder) SubType() (SubType, error) {
	r := d.reader()
	st, err := r.subType()
	d.Pos = r.pos
	return st, err
}
