package component

import (
	"errors"
	"fmt"

	"github.com/weftwasm/weft/internal/coremodule"
)

// maxDepth bounds the nesting of components and types so that hostile input
// cannot exhaust the stack.
const maxDepth = 500

// reader reads the binary format. pos and end are absolute offsets into data;
// end is the limit of the construct being read (a section body).
type reader struct {
	data       []byte
	pos, end   int
	section    SectionID
	hasSection bool
	depth      int
}

// fail returns a *DecodeError at off.
func (r *reader) fail(off int, err error) error {
	return &DecodeError{Offset: off, Section: r.section, HasSection: r.hasSection, Err: err}
}

// failf returns a *DecodeError at off wrapping sentinel with more detail.
func (r *reader) failf(off int, sentinel error, format string, args ...any) error {
	return r.fail(off, fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...)))
}

// invalid reports an unknown leading byte b (read at off) of construct what,
// in wasmparser's words: "invalid leading byte (0x2) for core instance".
func (r *reader) invalid(off int, b byte, what string) error {
	return r.fail(off, fmt.Errorf("%w (%#x) for %s", ErrInvalidByte, b, what))
}

func (r *reader) eof() error { return r.fail(r.pos, ErrUnexpectedEOF) }

func (r *reader) remaining() int { return r.end - r.pos }

func (r *reader) byte() (byte, error) {
	if r.pos >= r.end {
		return 0, r.eof()
	}
	b := r.data[r.pos]
	r.pos++
	return b, nil
}

func (r *reader) peek() (byte, error) {
	if r.pos >= r.end {
		return 0, r.eof()
	}
	return r.data[r.pos], nil
}

// bytes returns the next n bytes as a sub-slice of the input.
func (r *reader) bytes(n int) ([]byte, error) {
	if n < 0 || n > r.remaining() {
		return nil, r.eof()
	}
	b := r.data[r.pos : r.pos+n : r.pos+n]
	r.pos += n
	return b, nil
}

// decoder is a coremodule.Decoder at r's position: LEB128 integers and core
// type descriptors are read by the one core module reader.
func (r *reader) decoder() coremodule.Decoder {
	return coremodule.Decoder{Data: r.data, Pos: r.pos, End: r.end}
}

// sync moves r to where d stopped and turns d's error into a *DecodeError of
// r's section.
func (r *reader) sync(d *coremodule.Decoder, err error) error {
	r.pos = d.Pos
	if err == nil {
		return nil
	}
	var ce *coremodule.Error
	if errors.As(err, &ce) {
		return r.fail(ce.Offset, ce.Err)
	}
	return err
}

// u32 reads an unsigned LEB128 of at most 32 bits. Overlong zero-padded
// encodings are accepted, as in core wasm.
func (r *reader) u32() (uint32, error) {
	if r.pos < r.end && r.data[r.pos] < 0x80 { // the common one-byte case, inlined
		r.pos++
		return uint32(r.data[r.pos-1]), nil
	}
	d := r.decoder()
	v, err := d.U32()
	return v, r.sync(&d, err)
}

// u64 reads an unsigned LEB128 of at most 64 bits.
func (r *reader) u64() (uint64, error) {
	d := r.decoder()
	v, err := d.U64()
	return v, r.sync(&d, err)
}

// s33 reads a signed LEB128 of at most 33 bits.
func (r *reader) s33() (int64, error) {
	d := r.decoder()
	v, err := d.S33()
	return v, r.sync(&d, err)
}

// count reads a vector length, failing early when even one byte per element
// cannot fit in the rest of the construct.
func (r *reader) count() (int, error) {
	d := r.decoder()
	n, err := d.Count()
	return n, r.sync(&d, err)
}

// name reads a length-prefixed UTF-8 string.
func (r *reader) name() (string, error) {
	d := r.decoder()
	s, err := d.Name()
	return s, r.sync(&d, err)
}

// boolean reads a 0x00/0x01 flag byte.
func (r *reader) boolean() (bool, error) {
	off := r.pos
	b, err := r.byte()
	if err != nil {
		return false, err
	}
	switch b {
	case 0:
		return false, nil
	case 1:
		return true, nil
	}
	return false, r.failf(off, ErrInvalidBool, "%#x", b)
}

// enter and leave bound recursion.
func (r *reader) enter() error {
	r.depth++
	if r.depth > maxDepth {
		return r.failf(r.pos, ErrTooDeep, "more than %d levels", maxDepth)
	}
	return nil
}

func (r *reader) leave() { r.depth-- }

// vecAt reads a vector like vec and also returns the absolute offset of each
// element.
func vecAt[T any](r *reader, elem func() (T, error)) ([]T, []int, error) {
	var offsets []int
	items, err := vec(r, func() (T, error) {
		offsets = append(offsets, r.pos)
		return elem()
	})
	return items, offsets, err
}

// vec reads a vector, calling elem once per element.
func vec[T any](r *reader, elem func() (T, error)) ([]T, error) {
	n, err := r.count()
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, nil
	}
	// The count is only bounded by the bytes left, and an element's Go size can
	// be far larger than its one-byte minimum: grow as elements really decode.
	out := make([]T, 0, min(n, 1024))
	for range n {
		v, err := elem()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}
