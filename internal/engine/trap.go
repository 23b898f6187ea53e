package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tetratelabs/wazero/sys"
)

// TrapCode classifies a trap.
type TrapCode uint8

// The trap codes. TrapOther covers reasons wazero reports that are not listed here.
const (
	TrapOther TrapCode = iota
	TrapUnreachable
	TrapStackOverflow
	TrapMemoryOutOfBounds
	TrapTableOutOfBounds
	TrapIndirectCallTypeMismatch
	TrapNullReference
	TrapIntegerDivideByZero
	TrapIntegerOverflow
	TrapInvalidConversionToInteger
	TrapUnalignedAtomic
	TrapExpectedSharedMemory
	TrapTooManyWaiters
	TrapUncaughtException
	// TrapHostPanic is a Go panic in a host function, caught at the boundary.
	TrapHostPanic
)

// wazero's trap reasons (the text of its internal wasmruntime errors).
var trapReasons = map[string]TrapCode{
	"unreachable":                   TrapUnreachable,
	"stack overflow":                TrapStackOverflow,
	"out of bounds memory access":   TrapMemoryOutOfBounds,
	"invalid table access":          TrapTableOutOfBounds,
	"indirect call type mismatch":   TrapIndirectCallTypeMismatch,
	"null reference":                TrapNullReference,
	"integer divide by zero":        TrapIntegerDivideByZero,
	"integer overflow":              TrapIntegerOverflow,
	"invalid conversion to integer": TrapInvalidConversionToInteger,
	"unaligned atomic":              TrapUnalignedAtomic,
	"expected shared memory":        TrapExpectedSharedMemory,
	"too many waiters":              TrapTooManyWaiters,
	"uncaught exception":            TrapUncaughtException,
}

// String returns the trap reason for the code, e.g. "unreachable".
func (c TrapCode) String() string {
	for reason, code := range trapReasons {
		if code == c {
			return reason
		}
	}
	if c == TrapHostPanic {
		return "host function panicked"
	}
	return "trap"
}

// Trap is a guest trap (unreachable, out-of-bounds access, stack overflow, ...) or a Go panic
// in a host function. Errors returned by host functions are not wrapped in a Trap: they come
// out of the call as themselves.
type Trap struct {
	Code TrapCode
	// Reason is the engine's description, e.g. "out of bounds memory access".
	Reason string
	// Func is what was running when the trap happened, e.g. `call "run"` or "start function".
	Func string
	// Stack is the wasm stack trace, innermost frame first, one frame per line, if known.
	Stack string
}

// Error returns "wasm trap in <Func>: <Reason>"; the stack is in the Stack field.
func (t *Trap) Error() string { return fmt.Sprintf("wasm trap in %s: %s", t.Func, t.Reason) }

// hostError carries an error returned by a host function through wazero's unwinding.
type hostError struct{ err error }

func (h *hostError) Error() string { return h.err.Error() }

// isGuestFailure reports whether err came from running guest code (or host code it called)
// rather than from linking or argument checks.
func isGuestFailure(err error) bool {
	var h *hostError
	var exit *sys.ExitError
	return errors.As(err, &h) || errors.As(err, &exit) || findTrap(err) != nil
}

// findTrap turns wazero's "wasm error: <reason>\nwasm stack trace: ..." (or a bare reason) into a *Trap.
func findTrap(err error) *Trap {
	for e := err; e != nil; e = errors.Unwrap(e) {
		msg := e.Error()
		if code, ok := trapReasons[msg]; ok {
			return &Trap{Code: code, Reason: msg} // the compiler returns stack overflow bare
		}
		if !strings.HasPrefix(msg, "wasm error: ") {
			continue
		}
		inner := errors.Unwrap(e)
		if inner == nil {
			return nil
		}
		t := &Trap{Reason: inner.Error(), Code: trapReasons[inner.Error()]}
		if _, stack, ok := strings.Cut(msg, "wasm stack trace:\n\t"); ok {
			t.Stack = strings.ReplaceAll(stack, "\n\t", "\n")
		}
		return t
	}
	return nil
}

// trapped converts the failure of a guest call into the error the caller sees, and poisons the Store.
func (s *Store) trapped(ctx context.Context, what string, err error) error {
	var h *hostError
	var exit *sys.ExitError
	var out error
	switch {
	case errors.As(err, &h):
		if t, ok := h.err.(*Trap); ok && t.Func == "" {
			t.Func = what
		}
		out = h.err
	case errors.As(err, &exit) && ctx.Err() != nil &&
		(exit.ExitCode() == sys.ExitCodeContextCanceled || exit.ExitCode() == sys.ExitCodeDeadlineExceeded):
		out = fmt.Errorf("engine: %s interrupted: %w", what, ctx.Err())
	default:
		if t := findTrap(err); t != nil {
			t.Func = what
			out = t
		} else {
			out = fmt.Errorf("engine: %s: %w", what, err)
		}
	}
	s.poison.CompareAndSwap(nil, &out)
	return out
}
