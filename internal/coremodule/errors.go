package coremodule

import (
	"errors"
	"fmt"
)

// Sentinel causes of malformed binaries, in wasmparser's words. An *Error
// wraps one of them when one applies; test with errors.Is.
var (
	ErrUnexpectedEOF   = errors.New("unexpected end-of-file")
	ErrBadMagic        = errors.New("bad magic number")
	ErrBadVersion      = errors.New("unknown binary version")
	ErrBadLayer        = errors.New("bad layer")
	ErrNotModule       = errors.New("expected a version header for a module")
	ErrIntegerTooLarge = errors.New("integer too large")
	ErrInvalidUTF8     = errors.New("malformed UTF-8 encoding")
	ErrInvalidByte     = errors.New("invalid leading byte")
	ErrInvalidEncoding = errors.New("invalid encoding")
	ErrSectionSize     = errors.New("section size mismatch")
	ErrSectionOrder    = errors.New("section out of order")
)

// Error reports a malformed module binary: the byte offset where reading
// failed and why.
type Error struct {
	// Offset is the byte offset in the module binary of the offending byte.
	Offset int
	// Err is the cause; it wraps one of the sentinel errors when one applies.
	Err error
}

// Error formats the error with its offset.
func (e *Error) Error() string { return fmt.Sprintf("offset %#x: %v", e.Offset, e.Err) }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// IndexError reports a well-formed module whose sections do not fit
// together: a type, function, table, memory, global or tag index out of
// bounds, or a duplicate export or import name.
type IndexError struct {
	// Offset is where the import or export (or function declaration) starts.
	Offset int
	// Msg says what is wrong, in wasmparser's words.
	Msg string
}

// Error formats the error with its offset.
func (e *IndexError) Error() string { return fmt.Sprintf("offset %#x: %s", e.Offset, e.Msg) }
