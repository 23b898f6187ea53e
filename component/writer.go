package component

import "fmt"

// writer appends the binary format to buf.
type writer struct {
	buf []byte
}

func (w *writer) byte(b byte) { w.buf = append(w.buf, b) }

func (w *writer) u32(v uint32) { w.u64(uint64(v)) }

func (w *writer) u64(v uint64) {
	for {
		b := byte(v & 0x7f)
		v >>= 7
		if v == 0 {
			w.buf = append(w.buf, b)
			return
		}
		w.buf = append(w.buf, b|0x80)
	}
}

func (w *writer) s64(v int64) {
	for {
		b := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && b&0x40 == 0) || (v == -1 && b&0x40 != 0) {
			w.buf = append(w.buf, b)
			return
		}
		w.buf = append(w.buf, b|0x80)
	}
}

func (w *writer) count(n int) { w.u32(uint32(n)) }

func (w *writer) name(s string) {
	w.u32(uint32(len(s)))
	w.buf = append(w.buf, s...)
}

func (w *writer) boolean(b bool) {
	if b {
		w.byte(1)
	} else {
		w.byte(0)
	}
}

// bad returns an *EncodeError for construct what.
func bad(what string, format string, args ...any) error {
	return &EncodeError{Path: what, Err: fmt.Errorf("%w: %s", errEncodeInvalidAST, fmt.Sprintf(format, args...))}
}
