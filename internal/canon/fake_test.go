package canon

import (
	"context"
	"errors"
	"fmt"

	"github.com/weftwasm/weft/value"
)

// fakeMemory is a linear memory that moves to a new backing array every
// time it grows, so a view kept across a realloc call loses its writes.
type fakeMemory struct {
	buf []byte
}

func newMemory(size int) *fakeMemory { return &fakeMemory{buf: make([]byte, size)} }

func (m *fakeMemory) Size() uint64 { return uint64(len(m.buf)) }

func (m *fakeMemory) View(offset, n uint32) ([]byte, error) {
	if uint64(offset)+uint64(n) > uint64(len(m.buf)) {
		return nil, fmt.Errorf("view of %d bytes at %d out of bounds", n, offset)
	}
	return m.buf[offset : offset+n : offset+n], nil
}

func (m *fakeMemory) grow(n int) {
	nb := make([]byte, len(m.buf)+n)
	copy(nb, m.buf)
	m.buf = nb
}

type reallocCall struct{ old, oldSize, align, newSize uint32 }

// bumpAllocator is a cabi_realloc that never frees: it allocates past the
// previous allocation, growing (and so moving) memory every time.
type bumpAllocator struct {
	mem   *fakeMemory
	next  uint32
	calls []reallocCall
	// bad, when set, replaces the returned pointer (to test traps).
	bad func(ptr uint32) uint32
}

func (a *bumpAllocator) realloc(_ context.Context, old, oldSize, align, newSize uint32) (uint32, error) {
	a.calls = append(a.calls, reallocCall{old, oldSize, align, newSize})
	if align == 0 || align&(align-1) != 0 {
		return 0, fmt.Errorf("bad alignment %d", align)
	}
	var ptr uint32
	if old != 0 && newSize <= oldSize {
		ptr = old
	} else {
		ptr = (a.next + align - 1) &^ (align - 1)
		a.next = ptr + newSize
		a.mem.grow(int(newSize) + int(align))
		copy(a.mem.buf[ptr:ptr+min(oldSize, newSize)], a.mem.buf[old:])
	}
	if a.bad != nil {
		return a.bad(ptr), nil
	}
	return ptr, nil
}

// fakeHandles is a handle table: lowering appends, lifting looks up.
type fakeHandles struct {
	handles []*value.Handle
	types   []value.Type
}

func (h *fakeHandles) LowerHandle(t value.Type, hd *value.Handle) (uint32, error) {
	h.handles = append(h.handles, hd)
	h.types = append(h.types, t)
	return uint32(len(h.handles)), nil
}

func (h *fakeHandles) LiftHandle(t value.Type, i uint32) (*value.Handle, error) {
	if i == 0 || int(i) > len(h.handles) {
		return nil, fmt.Errorf("unknown handle index %d", i)
	}
	if !value.Equal(h.types[i-1], t) {
		return nil, errors.New("handle used with the wrong type")
	}
	return h.handles[i-1], nil
}

// env is one guest: memory, allocator, handles and options.
type env struct {
	mem   *fakeMemory
	alloc *bumpAllocator
	opts  *Options
}

func newEnv(enc StringEncoding) *env {
	mem := newMemory(64)
	a := &bumpAllocator{mem: mem, next: 8}
	return &env{mem: mem, alloc: a, opts: &Options{
		Memory: mem, Realloc: a.realloc, StringEncoding: enc, Handles: &fakeHandles{},
	}}
}
