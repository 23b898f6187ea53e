package component

import (
	"errors"
	"fmt"

	"github.com/weftwasm/weft/internal/coremodule"
)

// Sentinel errors for the classic binary-format failures (those shared with
// core modules are coremodule's own values). A *DecodeError wraps
// one of them (or a more specific message); test with errors.Is.
var (
	ErrUnexpectedEOF    = coremodule.ErrUnexpectedEOF
	ErrBadMagic         = coremodule.ErrBadMagic
	ErrBadVersion       = coremodule.ErrBadVersion
	ErrBadLayer         = coremodule.ErrBadLayer
	ErrNotComponent     = errors.New("expected a version header for a component")
	ErrNotModule        = coremodule.ErrNotModule
	ErrIntegerTooLarge  = coremodule.ErrIntegerTooLarge
	ErrInvalidUTF8      = coremodule.ErrInvalidUTF8
	ErrBadSectionID     = errors.New("malformed section id")
	ErrSectionSize      = coremodule.ErrSectionSize
	ErrSectionOrder     = coremodule.ErrSectionOrder
	ErrInvalidByte      = coremodule.ErrInvalidByte
	ErrInvalidBool      = errors.New("invalid boolean value")
	ErrTooDeep          = errors.New("nesting too deep")
	ErrDuplicateAttr    = errors.New("duplicate name attribute")
	ErrInvalidEncoding  = coremodule.ErrInvalidEncoding
	errEncodeInvalidAST = errors.New("cannot encode")
)

// DecodeError is a malformed-binary error: where it happened and why.
type DecodeError struct {
	// Offset is the absolute byte offset in the input of the offending byte.
	Offset int
	// Section is the section being decoded; HasSection is false for errors in
	// the preamble or the section header itself.
	Section    SectionID
	HasSection bool
	// Err is the cause; it wraps one of the sentinel errors when one applies.
	Err error
}

// Error formats the error with its offset.
func (e *DecodeError) Error() string {
	if e.HasSection {
		return fmt.Sprintf("offset %#x: %s: %v", e.Offset, e.Section, e.Err)
	}
	return fmt.Sprintf("offset %#x: %v", e.Offset, e.Err)
}

// Unwrap returns the cause.
func (e *DecodeError) Unwrap() error { return e.Err }

// EncodeError reports an AST that cannot be written (an unknown opcode, a nil
// where a value is required, ...). Path names the construct.
type EncodeError struct {
	Path string
	Err  error
}

// Error formats the error with the construct it concerns.
func (e *EncodeError) Error() string { return fmt.Sprintf("encode %s: %v", e.Path, e.Err) }

// Unwrap returns the cause.
func (e *EncodeError) Unwrap() error { return e.Err }
