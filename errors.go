package weft

import (
	"errors"
	"fmt"
	"strings"

	"github.com/weftwasm/weft/internal/canon"
	"github.com/weftwasm/weft/internal/engine"
	"github.com/weftwasm/weft/value"
)

// Trap is the error of a call that trapped: a guest trap (unreachable,
// out-of-bounds access, ...), a canonical ABI check failing on a value a
// guest handed over (an invalid char or discriminant, a bad pointer), or a
// component-model rule being broken (leaving an instance that may not
// leave, a handle used with the wrong type, ...). Reason is worded like
// wasmtime's message for the same trap.
//
//	_, err := f.Call(ctx)
//	var trap *weft.Trap
//	if errors.As(err, &trap) {
//		log.Printf("guest trapped: %s", trap.Reason)
//	}
type Trap struct {
	Reason string
	// Func is the export being called when the trap happened, if known.
	Func string
	// Err is the underlying error from the engine or the canonical ABI,
	// if any.
	Err error
}

func (t *Trap) Error() string {
	if t.Func != "" {
		return fmt.Sprintf("trap in %s: %s", t.Func, t.Reason)
	}
	return "trap: " + t.Reason
}

// Unwrap returns the underlying error.
func (t *Trap) Unwrap() error { return t.Err }

func trapf(format string, args ...any) *Trap {
	return &Trap{Reason: fmt.Sprintf(format, args...)}
}

// asTrap turns the errors of the engine and the canonical ABI into a *Trap;
// other errors (misuse, closed instances) pass through.
func asTrap(err error) error {
	if err == nil {
		return nil
	}
	var t *Trap
	if errors.As(err, &t) {
		return err
	}
	var ct *canon.Trap
	if errors.As(err, &ct) {
		return &Trap{Reason: ct.Reason, Err: err}
	}
	var et *engine.Trap
	if errors.As(err, &et) {
		return &Trap{Reason: "wasm trap: " + et.Reason, Err: err}
	}
	return err
}

// ErrPoisoned is wrapped by the error of every call into an Instance after a
// call into it trapped.
var ErrPoisoned = errors.New("instance poisoned by an earlier trap")

// ErrClosed is returned when a closed Runtime or Instance is used.
var ErrClosed = errors.New("weft: closed")

// UnknownImportError says that a component imports something the Linker
// does not define. It is returned before any guest code runs.
type UnknownImportError struct {
	Name string
}

func (e *UnknownImportError) Error() string { return "unknown import: " + e.Name }

// ImportTypeError says that a Linker definition does not have the type the
// component imports it with.
type ImportTypeError struct {
	Name       string
	Want, Have string
}

func (e *ImportTypeError) Error() string {
	return fmt.Sprintf("import %s: type mismatch: the component expects %s, the definition has %s", e.Name, e.Want, e.Have)
}

// MissingExportError says that an instance has no export of that name.
type MissingExportError struct {
	Name string
	// Have lists the names that are exported at the level searched.
	Have []string
}

func (e *MissingExportError) Error() string {
	if len(e.Have) == 0 {
		return fmt.Sprintf("no export named %q", e.Name)
	}
	return fmt.Sprintf("no export named %q (exports: %s)", e.Name, strings.Join(e.Have, ", "))
}

// ArgumentError says that a call's arguments do not fit the function's
// type: a wrong count (Index is -1) or a value of the wrong type (Err wraps
// the *value.MismatchError).
type ArgumentError struct {
	Func  string
	Index int
	Want  int // the expected number of arguments, for count errors
	Got   int
	Err   error
}

func (e *ArgumentError) Error() string {
	if e.Index < 0 {
		return fmt.Sprintf("call %s: %d arguments given, the function takes %d", e.Func, e.Got, e.Want)
	}
	return fmt.Sprintf("call %s: argument %d: %v", e.Func, e.Index, e.Err)
}

// Unwrap returns the *value.MismatchError, if any.
func (e *ArgumentError) Unwrap() error { return e.Err }

// checkArgs checks the number and the kinds of the arguments; the
// canonical ABI checks the rest of each value while lowering it.
func checkArgs(name string, ft *value.FuncType, args []value.Value) error {
	if len(args) != len(ft.Params) {
		return &ArgumentError{Func: name, Index: -1, Want: len(ft.Params), Got: len(args)}
	}
	for i, p := range ft.Params {
		if args[i].Kind() != p.Type.Kind() {
			return &ArgumentError{Func: name, Index: i, Err: &value.MismatchError{Want: p.Type, Got: args[i].Kind()}}
		}
	}
	return nil
}
