// Package canon implements the component model's canonical ABI: how
// component values are laid out in a core instance's linear memory and in
// flat core values, and how they are lifted out of and lowered into a guest.
//
// It follows CanonicalABI.md and its executable definitions.py. The package
// knows nothing about the engine: a guest's memory is a Memory, its
// cabi_realloc a Realloc, and the runtime's handle tables a HandleTable.
//
// Layouts and signatures are computed once per type with a Cache and then
// reused. The three kinds of call go like this:
//
//	// The host calls a guest export (canon lift):
//	sig, _ := cache.Signature(ft, canon.CanonLift)
//	flat, err := sig.LowerParams(ctx, calleeOpts, args, stack[:0])
//	// ... call the core function; results are its core results ...
//	res, err := sig.LiftResult(calleeOpts, results)
//	// ... then the post-return function, if any, with results.
//
//	// A guest calls a host import (canon lower); stack holds its arguments:
//	sig, _ := cache.Signature(ft, canon.CanonLower)
//	args, err := sig.LiftParams(callerOpts, stack)
//	// ... run the host function, get res ...
//	out, err := sig.LowerResult(ctx, callerOpts, res, stack, stack[:0])
//
//	// A guest calls another guest: the caller's CanonLower signature lifts
//	// the arguments, the callee's CanonLift signature lowers them, and the
//	// result goes back the same way, with Options.Adapter set on both.
//
// Lifting never calls into the guest; lowering calls Realloc, which may grow
// memory, so the package re-reads its view of memory after every call out.
//
// Floats are lifted and lowered with NaNs made canonical (the spec's
// deterministic profile). Pointers are 32 bits: memory64 guests are not
// supported. Signatures cover the sync and async canonical options;
// LiftValues and LowerValues take any limit, and LoadArray and StoreArray
// serve stream and future buffers.
package canon

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/weftwasm/weft/value"
)

// CoreType is a core WebAssembly value type in a flattened signature.
type CoreType uint8

// The core value types that component values flatten to.
const (
	I32 CoreType = iota + 1
	I64
	F32
	F64
)

// String returns the core type's WebAssembly name, e.g. "i32".
func (c CoreType) String() string {
	switch c {
	case I32:
		return "i32"
	case I64:
		return "i64"
	case F32:
		return "f32"
	case F64:
		return "f64"
	}
	return "invalid"
}

// StringEncoding is the string-encoding canonical option of a lift or lower.
type StringEncoding uint8

// The string encodings of the canonical ABI.
const (
	UTF8        StringEncoding = iota // string-encoding=utf8, the default
	UTF16                             // string-encoding=utf16
	Latin1UTF16                       // string-encoding=latin1+utf16
)

// String returns the option's spelling in the text format, e.g. "latin1+utf16".
func (e StringEncoding) String() string {
	switch e {
	case UTF8:
		return "utf8"
	case UTF16:
		return "utf16"
	case Latin1UTF16:
		return "latin1+utf16"
	}
	return "invalid"
}

// Memory is a guest's linear memory. The engine's Memory satisfies it.
type Memory interface {
	// Size returns the current size of the memory in bytes.
	Size() uint64
	// View returns the n bytes at off without copying, or an error when
	// the range is out of bounds. The view aliases the memory: writes to it
	// are writes to the memory. It stays valid until the guest runs again
	// (a realloc call may grow memory and move it); the package never keeps
	// a view across such a call.
	View(off, n uint32) ([]byte, error)
}

// viewAll returns a view of all of m. A memory of exactly 4 GiB is seen
// without its last byte, as a view's length is a uint32.
func viewAll(m Memory) ([]byte, error) {
	if m == nil {
		return nil, ErrNoMemory
	}
	mem, err := m.View(0, uint32(min(m.Size(), math.MaxUint32)))
	if err != nil {
		return nil, fmt.Errorf("canon: viewing memory: %w", err)
	}
	return mem, nil
}

// Realloc calls the guest's cabi_realloc(oldPtr, oldSize, align, newSize)
// and returns the pointer it returned. An error is a trap in the guest. The
// package checks the result's alignment and bounds itself.
type Realloc func(ctx context.Context, oldPtr, oldSize, align, newSize uint32) (uint32, error)

// HandleTable is how the canonical ABI reaches the runtime's handle tables
// for the instance being lifted from or lowered into. The runtime owns the
// tables; the package only passes the i32 and the *value.Handle through.
//
// The type t is one of *value.OwnType, *value.BorrowType,
// *value.FutureType, *value.StreamType or value.ErrorContextType. Per the
// spec:
//
//   - LiftHandle of an own removes handle i from the table (trapping if it is
//     not an own of t.Resource, or is lent out); of a borrow it looks i up
//     (trapping if it is not a handle of t.Resource) and records the lend
//     for the current call; of a future or stream it removes the readable
//     end i (trapping when it is not idle or of another type); of an
//     error-context it looks i up.
//   - LowerHandle of an own adds a new owning handle and returns its index;
//     of a borrow it returns the representation itself when the instance
//     implements the resource, else adds a borrow handle scoped to the
//     current call; of a future, stream or error-context it adds an entry.
//
// A trap is returned as an error (ideally a *Trap or the runtime's own trap
// type). Handle tables must not call into guest code. Options are per call,
// so a HandleTable value can carry the current call's borrow scope.
type HandleTable interface {
	LiftHandle(t value.Type, i uint32) (*value.Handle, error)
	LowerHandle(t value.Type, h *value.Handle) (uint32, error)
}

// Options are the canonical options of one lift or lower plus what the
// runtime supplies for it. Memory is needed by any type that touches memory
// (strings, lists, spilled parameters and results); Realloc by lowering
// strings, lists and spilled parameters into a guest; Handles by resource,
// future, stream and error-context values. Post-return is the caller's
// business. A nil *Options is the zero Options.
type Options struct {
	Memory         Memory
	Realloc        Realloc
	StringEncoding StringEncoding
	Handles        HandleTable
	// LiftFuel bounds how many bytes one lift (one LiftFlat, Load,
	// LiftValues, Signature.LiftParams, ...) may make the host allocate:
	// string bytes, and the size of a value.Value per list element. A guest
	// can otherwise make a small memory lift as an enormous value, e.g. a
	// list of a million lists all pointing at the same 64 KiB. Exceeding it
	// traps with TrapFuelExhausted. Zero means DefaultLiftFuel. It plays the
	// role of wasmtime's hostcall fuel.
	LiftFuel uint64
	// Adapter says that the lift or lower is half of a guest-to-guest call.
	// It only changes the wording of traps: wasmtime words traps raised by
	// its fused adapters differently from those raised on host calls, and
	// the conformance suite checks both.
	Adapter bool
}

// Errors for misuse of the package by the runtime: an option the
// operation needs was not given, or flat values do not match a signature.
var (
	ErrNoMemory       = errors.New("canon: the memory option is required")
	ErrNoRealloc      = errors.New("canon: the realloc option is required")
	ErrNoHandles      = errors.New("canon: a handle table is required")
	ErrFlatMismatch   = errors.New("canon: flat values do not match the signature")
	ErrWrongDirection = errors.New("canon: operation does not apply to this signature's direction")
)

// Limits of the canonical ABI on lifted strings and lists.
const (
	MaxStringByteLength = 1<<28 - 1
	MaxListByteLength   = 1<<28 - 1
)

// DefaultLiftFuel is the default of Options.LiftFuel: 128 MiB, as
// wasmtime's default hostcall fuel.
const DefaultLiftFuel = 128 << 20

// Limits on flattened signatures before values spill into memory.
const (
	MaxFlatParams      = 16
	MaxFlatAsyncParams = 4
	MaxFlatResults     = 1
)
