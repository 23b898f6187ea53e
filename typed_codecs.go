package weft

import (
	"encoding/binary"
	"reflect"

	"github.com/weftwasm/weft/internal/canon"
)

type stringCodec struct{ layoutInfo }

func (s *stringCodec) lower(c *tcx, v reflect.Value, dst []uint64) ([]uint64, error) {
	ptr, tl, err := canon.LowerString(c.ctx, c.opts, v.String())
	return append(dst, uint64(ptr), uint64(tl)), err
}

func (s *stringCodec) store(c *tcx, v reflect.Value, ptr uint32) error {
	p, tl, err := canon.LowerString(c.ctx, c.opts, v.String())
	if err != nil {
		return err
	}
	return c.putPair(ptr, p, tl)
}

func (s *stringCodec) lift(c *tcx, flat []uint64, into reflect.Value) (int, error) {
	str, err := canon.LiftString(c.opts, uint32(flat[0]), uint32(flat[1]))
	into.SetString(str)
	return 2, err
}

func (s *stringCodec) load(c *tcx, ptr uint32, into reflect.Value) error {
	p, n, err := c.pair(ptr)
	if err != nil {
		return err
	}
	str, err := canon.LiftString(c.opts, p, n)
	into.SetString(str)
	return err
}

// pair reads the (pointer, length) of a string or list stored at ptr.
func (c *tcx) pair(ptr uint32) (uint32, uint32, error) {
	b, err := c.view(ptr, 8)
	if err != nil {
		return 0, 0, err
	}
	return binary.LittleEndian.Uint32(b), binary.LittleEndian.Uint32(b[4:]), nil
}

func (c *tcx) putPair(ptr, a, b uint32) error {
	v, err := c.view(ptr, 8) // read again: lowering the contents may have grown memory
	if err != nil {
		return err
	}
	binary.LittleEndian.PutUint32(v, a)
	binary.LittleEndian.PutUint32(v[4:], b)
	return nil
}

type listCodec struct {
	layoutInfo
	elem  codec
	bytes bool // []byte as list<u8>
	typ   reflect.Type
}

func (l *listCodec) lowerList(c *tcx, v reflect.Value) (uint32, uint32, error) {
	if l.bytes {
		return canon.LowerBytes(c.ctx, c.opts, v.Bytes())
	}
	n := v.Len()
	esz := l.elem.size()
	total := uint64(n) * uint64(esz)
	if total > canon.MaxListByteLength {
		return 0, 0, &ArgumentError{Err: errListTooLong}
	}
	ptr, err := c.alloc(l.elem.align(), uint32(total))
	if err != nil {
		return 0, 0, err
	}
	if pe, ok := l.elem.(plainCodec); ok && pe.plain() {
		// No realloc while storing the elements: one view serves them all.
		b, err := c.view(ptr, uint32(total))
		if err != nil {
			return 0, 0, err
		}
		for i := range n {
			if err := pe.put(b[uint32(i)*esz:], v.Index(i)); err != nil {
				return 0, 0, err
			}
		}
		return ptr, uint32(n), nil
	}
	for i := range n {
		if err := l.elem.store(c, v.Index(i), ptr+uint32(i)*esz); err != nil {
			return 0, 0, err
		}
	}
	return ptr, uint32(n), nil
}

func (l *listCodec) lower(c *tcx, v reflect.Value, dst []uint64) ([]uint64, error) {
	p, n, err := l.lowerList(c, v)
	return append(dst, uint64(p), uint64(n)), err
}

func (l *listCodec) store(c *tcx, v reflect.Value, ptr uint32) error {
	p, n, err := l.lowerList(c, v)
	if err != nil {
		return err
	}
	return c.putPair(ptr, p, n)
}

func (l *listCodec) loadList(c *tcx, p, n uint32, into reflect.Value) error {
	if l.bytes {
		b, err := canon.LiftBytes(c.opts, p, n)
		if err == nil {
			into.SetBytes(b)
		}
		return err
	}
	esz := l.elem.size()
	total := uint64(n) * uint64(esz)
	if p%l.elem.align() != 0 {
		return trapf("list pointer is not aligned (pointer %#x)", p)
	}
	if total > uint64(^uint32(0)) {
		return trapf("list pointer/length out of bounds of memory (pointer %#x, %d elements)", p, n)
	}
	if _, err := c.view(p, uint32(total)); err != nil {
		return trapf("list pointer/length out of bounds of memory (pointer %#x, %d bytes)", p, total)
	}
	s := reflect.MakeSlice(l.typ, int(n), int(n))
	if pe, ok := l.elem.(plainCodec); ok && pe.plain() {
		b, _ := c.view(p, uint32(total))
		for i := range int(n) {
			if err := pe.get(b[uint32(i)*esz:], s.Index(i)); err != nil {
				return err
			}
		}
		into.Set(s)
		return nil
	}
	for i := range int(n) {
		if err := l.elem.load(c, p+uint32(i)*esz, s.Index(i)); err != nil {
			return err
		}
	}
	into.Set(s)
	return nil
}

func (l *listCodec) lift(c *tcx, flat []uint64, into reflect.Value) (int, error) {
	return 2, l.loadList(c, uint32(flat[0]), uint32(flat[1]), into)
}

func (l *listCodec) load(c *tcx, ptr uint32, into reflect.Value) error {
	p, n, err := c.pair(ptr)
	if err != nil {
		return err
	}
	return l.loadList(c, p, n, into)
}

type recordCodec struct {
	layoutInfo
	fields  []codec
	offsets []uint32
}

func (r *recordCodec) lower(c *tcx, v reflect.Value, dst []uint64) ([]uint64, error) {
	var err error
	for i, f := range r.fields {
		if dst, err = f.lower(c, v.Field(i), dst); err != nil {
			return dst, err
		}
	}
	return dst, nil
}

func (r *recordCodec) store(c *tcx, v reflect.Value, ptr uint32) error {
	for i, f := range r.fields {
		if err := f.store(c, v.Field(i), ptr+r.offsets[i]); err != nil {
			return err
		}
	}
	return nil
}

func (r *recordCodec) lift(c *tcx, flat []uint64, into reflect.Value) (int, error) {
	k := 0
	for i, f := range r.fields {
		n, err := f.lift(c, flat[k:], into.Field(i))
		if err != nil {
			return k, err
		}
		k += n
	}
	return k, nil
}

func (r *recordCodec) load(c *tcx, ptr uint32, into reflect.Value) error {
	for i, f := range r.fields {
		if err := f.load(c, ptr+r.offsets[i], into.Field(i)); err != nil {
			return err
		}
	}
	return nil
}

type optionCodec struct {
	layoutInfo
	elem    codec
	payload uint32 // offset of the payload
	typ     reflect.Type
}

func (o *optionCodec) lower(c *tcx, v reflect.Value, dst []uint64) ([]uint64, error) {
	if v.IsNil() {
		dst = append(dst, 0)
		for range o.elem.flat() {
			dst = append(dst, 0)
		}
		return dst, nil
	}
	return o.elem.lower(c, v.Elem(), append(dst, 1))
}

func (o *optionCodec) store(c *tcx, v reflect.Value, ptr uint32) error {
	b, err := c.view(ptr, 1)
	if err != nil {
		return err
	}
	if v.IsNil() {
		b[0] = 0
		return nil
	}
	b[0] = 1
	return o.elem.store(c, v.Elem(), ptr+o.payload)
}

func (o *optionCodec) some(disc uint64, into reflect.Value) (reflect.Value, bool, error) {
	switch disc {
	case 0:
		into.SetZero()
		return reflect.Value{}, false, nil
	case 1:
		nv := reflect.New(o.typ.Elem())
		into.Set(nv)
		return nv.Elem(), true, nil
	}
	return reflect.Value{}, false, trapf("invalid variant discriminant for `option`")
}

func (o *optionCodec) lift(c *tcx, flat []uint64, into reflect.Value) (int, error) {
	n := 1 + o.elem.flat()
	v, ok, err := o.some(flat[0], into)
	if err != nil || !ok {
		return n, err
	}
	_, err = o.elem.lift(c, flat[1:], v)
	return n, err
}

func (o *optionCodec) load(c *tcx, ptr uint32, into reflect.Value) error {
	b, err := c.view(ptr, 1)
	if err != nil {
		return err
	}
	v, ok, err := o.some(uint64(b[0]), into)
	if err != nil || !ok {
		return err
	}
	return o.elem.load(c, ptr+o.payload, v)
}

// plainCodec is a codec of a type stored without pointers (scalars and
// records of them): it can be written to and read from a byte slice.
type plainCodec interface {
	plain() bool
	put(b []byte, v reflect.Value) error
	get(b []byte, into reflect.Value) error
}

func (s *scalarCodec) plain() bool { return true }

func (r *recordCodec) plain() bool {
	for _, f := range r.fields {
		if pf, ok := f.(plainCodec); !ok || !pf.plain() {
			return false
		}
	}
	return true
}

func (r *recordCodec) put(b []byte, v reflect.Value) error {
	for i, f := range r.fields {
		if err := f.(plainCodec).put(b[r.offsets[i]:], v.Field(i)); err != nil {
			return err
		}
	}
	return nil
}

func (r *recordCodec) get(b []byte, into reflect.Value) error {
	for i, f := range r.fields {
		if err := f.(plainCodec).get(b[r.offsets[i]:], into.Field(i)); err != nil {
			return err
		}
	}
	return nil
}
