package engine

import (
	"errors"
	"fmt"

	"github.com/tetratelabs/wazero/api"
)

// ErrOutOfBounds is wrapped by every *MemoryError.
var ErrOutOfBounds = errors.New("out of bounds")

// MemoryError reports a memory access outside the memory.
type MemoryError struct {
	Op     string // "read", "write" or "grow"
	Offset uint64
	Len    uint64
	Size   uint64 // the memory size in bytes at the time
}

// Error describes the failed access and the memory size.
func (e *MemoryError) Error() string {
	if e.Op == "grow" {
		return fmt.Sprintf("engine: memory grow by %d pages from %d bytes: %v", e.Len, e.Size, ErrOutOfBounds)
	}
	return fmt.Sprintf("engine: memory %s of %d bytes at offset %d: %v (memory size %d)", e.Op, e.Len, e.Offset, ErrOutOfBounds, e.Size)
}

// Unwrap returns ErrOutOfBounds.
func (e *MemoryError) Unwrap() error { return ErrOutOfBounds }

// PageSize is the size of a WebAssembly page in bytes.
const PageSize = 65536

// Memory is a handle on a linear memory. Offsets are guest addresses; every access is bounds
// checked and fails with a *MemoryError instead of panicking. The zero Memory has size 0.
type Memory struct{ mem api.Memory }

// Size returns the current size in bytes.
func (m Memory) Size() uint64 {
	if m.mem == nil {
		return 0
	}
	pages, _ := m.mem.Grow(0) // Size() wraps to 0 at 4 GiB
	return uint64(pages) * PageSize
}

// Grow adds delta pages and returns the previous size in pages.
func (m Memory) Grow(delta uint32) (uint32, error) {
	if m.mem != nil {
		if prev, ok := m.mem.Grow(delta); ok {
			return prev, nil
		}
	}
	return 0, &MemoryError{Op: "grow", Len: uint64(delta), Size: m.Size()}
}

func (m Memory) fail(op string, off uint32, n uint64) error {
	return &MemoryError{Op: op, Offset: uint64(off), Len: n, Size: m.Size()}
}

// View returns the n bytes at off without copying. The slice aliases guest memory: it is
// valid only until the next call into the guest or Grow, and writes to it change the memory.
func (m Memory) View(off, n uint32) ([]byte, error) {
	if m.mem != nil {
		if b, ok := m.mem.Read(off, n); ok {
			return b, nil
		}
	}
	return nil, m.fail("read", off, uint64(n))
}

// Read copies len(dst) bytes at off into dst.
func (m Memory) Read(off uint32, dst []byte) error {
	if uint64(len(dst)) > 1<<32 {
		return m.fail("read", off, uint64(len(dst)))
	}
	b, err := m.View(off, uint32(len(dst)))
	if err != nil {
		return err
	}
	copy(dst, b)
	return nil
}

// Write copies src into memory at off.
func (m Memory) Write(off uint32, src []byte) error {
	if m.mem != nil && uint64(len(src)) <= 1<<32 && m.mem.Write(off, src) {
		return nil
	}
	return m.fail("write", off, uint64(len(src)))
}

// Uint8 reads the byte at off.
func (m Memory) Uint8(off uint32) (uint8, error) {
	if m.mem != nil {
		if v, ok := m.mem.ReadByte(off); ok {
			return v, nil
		}
	}
	return 0, m.fail("read", off, 1)
}

// Uint16 reads a little-endian uint16 at off.
func (m Memory) Uint16(off uint32) (uint16, error) {
	if m.mem != nil {
		if v, ok := m.mem.ReadUint16Le(off); ok {
			return v, nil
		}
	}
	return 0, m.fail("read", off, 2)
}

// Uint32 reads a little-endian uint32 at off.
func (m Memory) Uint32(off uint32) (uint32, error) {
	if m.mem != nil {
		if v, ok := m.mem.ReadUint32Le(off); ok {
			return v, nil
		}
	}
	return 0, m.fail("read", off, 4)
}

// Uint64 reads a little-endian uint64 at off.
func (m Memory) Uint64(off uint32) (uint64, error) {
	if m.mem != nil {
		if v, ok := m.mem.ReadUint64Le(off); ok {
			return v, nil
		}
	}
	return 0, m.fail("read", off, 8)
}

// PutUint8 writes the byte v at off.
func (m Memory) PutUint8(off uint32, v uint8) error {
	if m.mem != nil && m.mem.WriteByte(off, v) {
		return nil
	}
	return m.fail("write", off, 1)
}

// PutUint16 writes v little-endian at off.
func (m Memory) PutUint16(off uint32, v uint16) error {
	if m.mem != nil && m.mem.WriteUint16Le(off, v) {
		return nil
	}
	return m.fail("write", off, 2)
}

// PutUint32 writes v little-endian at off.
func (m Memory) PutUint32(off uint32, v uint32) error {
	if m.mem != nil && m.mem.WriteUint32Le(off, v) {
		return nil
	}
	return m.fail("write", off, 4)
}

// PutUint64 writes v little-endian at off.
func (m Memory) PutUint64(off uint32, v uint64) error {
	if m.mem != nil && m.mem.WriteUint64Le(off, v) {
		return nil
	}
	return m.fail("write", off, 8)
}
