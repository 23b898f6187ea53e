package coremodule

import (
	"fmt"
	"unicode/utf8"
)

// reader reads data[pos:end], keeping absolute offsets for errors.
type reader struct {
	data     []byte
	pos, end int
}

func (r *reader) fail(off int, err error) error { return &Error{Offset: off, Err: err} }

// failf returns an *Error at off wrapping sentinel with more detail.
func (r *reader) failf(off int, sentinel error, format string, args ...any) error {
	return r.fail(off, fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...)))
}

// invalid reports an unknown leading byte b (read at off) of construct what,
// as wasmparser does: "invalid leading byte (0x2) for value type".
func (r *reader) invalid(off int, b byte, what string) error {
	return r.fail(off, fmt.Errorf("%w (%#x) for %s", ErrInvalidByte, b, what))
}

func (r *reader) remaining() int { return r.end - r.pos }

func (r *reader) byte() (byte, error) {
	if r.pos >= r.end {
		return 0, r.fail(r.pos, ErrUnexpectedEOF)
	}
	b := r.data[r.pos]
	r.pos++
	return b, nil
}

func (r *reader) peek() (byte, error) {
	if r.pos >= r.end {
		return 0, r.fail(r.pos, ErrUnexpectedEOF)
	}
	return r.data[r.pos], nil
}

func (r *reader) skip(n int) error {
	if n < 0 || n > r.remaining() {
		return r.fail(r.pos, ErrUnexpectedEOF)
	}
	r.pos += n
	return nil
}

// u32 reads an unsigned LEB128 of at most 32 bits. Overlong zero-padded
// encodings are accepted, as in core wasm.
func (r *reader) u32() (uint32, error) {
	v, err := r.uleb(32)
	return uint32(v), err
}

// u64 reads an unsigned LEB128 of at most 64 bits.
func (r *reader) u64() (uint64, error) { return r.uleb(64) }

// uleb reads an unsigned LEB128 of at most bits (32 or 64) bits.
func (r *reader) uleb(bits int) (uint64, error) {
	start := r.pos
	last := bits / 7 * 7 // the shift of the last byte allowed: 28 or 63
	// In the last byte only the bits below bits-last may be set.
	spare := byte(0x7f) &^ (1<<(bits-last) - 1)
	var v uint64
	for shift := 0; ; shift += 7 {
		b, err := r.byte()
		if err != nil {
			return 0, err
		}
		if shift == last {
			if b&0x80 != 0 {
				return 0, r.failf(start, ErrIntegerTooLarge, "u%d representation too long", bits)
			}
			if b&spare != 0 {
				return 0, r.failf(start, ErrIntegerTooLarge, "u%d out of range", bits)
			}
		}
		v |= uint64(b&0x7f) << shift
		if b&0x80 == 0 {
			return v, nil
		}
	}
}

// s33 reads a signed LEB128 of at most 33 bits.
func (r *reader) s33() (int64, error) {
	start := r.pos
	var v int64
	shift := 0
	for {
		b, err := r.byte()
		if err != nil {
			return 0, err
		}
		if shift == 28 {
			if b&0x80 != 0 {
				return 0, r.failf(start, ErrIntegerTooLarge, "s33 representation too long")
			}
			// Bits 33.. of the value are bits 5..6 of this byte; with bit 4 (bit 32
			// of the value) they must all be copies of the sign.
			if hi := b & 0x70; hi != 0 && hi != 0x70 {
				return 0, r.failf(start, ErrIntegerTooLarge, "s33 out of range")
			}
		}
		v |= int64(b&0x7f) << shift
		shift += 7
		if b&0x80 == 0 {
			if shift < 64 && b&0x40 != 0 {
				v |= -1 << shift
			}
			return v, nil
		}
	}
}

// skipLEB skips one LEB128 number of at most 10 bytes.
func (r *reader) skipLEB() error {
	for range 10 {
		b, err := r.byte()
		if err != nil {
			return err
		}
		if b&0x80 == 0 {
			return nil
		}
	}
	return r.failf(r.pos, ErrIntegerTooLarge, "LEB128 number too long")
}

// count reads a vector length, failing early when even one byte per element
// cannot fit in the rest of the construct.
func (r *reader) count() (int, error) {
	start := r.pos
	n, err := r.u32()
	if err != nil {
		return 0, err
	}
	if int64(n) > int64(r.remaining()) {
		return 0, r.failf(start, ErrUnexpectedEOF, "vector of %d elements with %d bytes left", n, r.remaining())
	}
	return int(n), nil
}

// name reads a length-prefixed UTF-8 string.
func (r *reader) name() (string, error) {
	start := r.pos
	n, err := r.u32()
	if err != nil {
		return "", err
	}
	if int64(n) > int64(r.remaining()) {
		return "", r.failf(r.pos, ErrUnexpectedEOF, "name of %d bytes with %d bytes left", n, r.remaining())
	}
	b := r.data[r.pos : r.pos+int(n)]
	if !utf8.Valid(b) {
		return "", r.fail(start, ErrInvalidUTF8)
	}
	r.pos += int(n)
	return string(b), nil
}

// vector reads a count and calls each once per element.
func (r *reader) vector(each func() error) error {
	n, err := r.count()
	if err != nil {
		return err
	}
	for range n {
		if err := each(); err != nil {
			return err
		}
	}
	return nil
}
