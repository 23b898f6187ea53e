package canon

import "fmt"

// TrapCode classifies a trap raised because a guest handed over a bad value.
type TrapCode uint8

// The traps of lifting and lowering.
const (
	TrapUnaligned           TrapCode = iota + 1 // a pointer is not aligned for its type
	TrapOutOfBounds                             // a pointer and length reach past the end of memory
	TrapInvalidChar                             // a char is a surrogate or above 0x10FFFF
	TrapInvalidDiscriminant                     // a variant's case index is out of range
	TrapInvalidUTF8                             // string bytes are not UTF-8
	TrapIncompleteUTF8                          // string bytes end inside a UTF-8 sequence
	TrapInvalidUTF16                            // string code units hold a lone surrogate
	TrapStringTooLong                           // a string is longer than MaxStringByteLength
	TrapListTooLong                             // a list is longer than MaxListByteLength
	TrapFuelExhausted                           // a lift would make the host allocate more than its fuel
)

var trapCodeNames = [...]string{
	TrapUnaligned:           "unaligned pointer",
	TrapOutOfBounds:         "out of bounds",
	TrapInvalidChar:         "invalid char",
	TrapInvalidDiscriminant: "invalid variant discriminant",
	TrapInvalidUTF8:         "invalid utf-8",
	TrapIncompleteUTF8:      "incomplete utf-8",
	TrapInvalidUTF16:        "invalid utf-16",
	TrapStringTooLong:       "string too long",
	TrapListTooLong:         "list too long",
	TrapFuelExhausted:       "lift fuel exhausted",
}

// String names the trap code, e.g. "unaligned pointer".
func (c TrapCode) String() string {
	if int(c) < len(trapCodeNames) && trapCodeNames[c] != "" {
		return trapCodeNames[c]
	}
	return fmt.Sprintf("trap(%d)", uint8(c))
}

// Trap is the error returned when a guest-controlled number fails a check
// of the canonical ABI. Reason is worded like wasmtime's trap message for
// the same failure (the conformance suite matches on it) followed by
// details in parentheses.
//
//	var trap *canon.Trap
//	if errors.As(err, &trap) && trap.Code == canon.TrapInvalidChar { ... }
type Trap struct {
	Code   TrapCode
	Reason string
}

// Error returns the trap's reason.
func (t *Trap) Error() string { return t.Reason }

// site says what a checked pointer points at; it selects the wording of
// alignment and bounds traps.
type site uint8

const (
	siteValue   site = iota // a spilled argument tuple or a value in memory
	siteReturn              // a return area
	siteString              // string contents
	siteList                // list contents
	siteRealloc             // the result of realloc (host calls)
)

// pointerTrap builds an alignment or bounds trap in wasmtime's wording for
// the site, the fused-adapter wording when adapter is set.
func pointerTrap(code TrapCode, s site, adapter bool, ptr, length uint64, memSize uint32) *Trap {
	var msg string
	if code == TrapUnaligned {
		msg = "unaligned pointer"
		if !adapter {
			switch s {
			case siteReturn:
				msg = "return pointer not aligned"
			case siteString:
				msg = "string pointer not aligned"
			case siteList:
				msg = "list pointer is not aligned"
			case siteRealloc:
				msg = "realloc return: result not aligned"
			default:
				msg = "pointer not aligned"
			}
		}
		return &Trap{Code: code, Reason: fmt.Sprintf("%s (pointer %#x)", msg, ptr)}
	}
	switch {
	case adapter && s == siteString:
		msg = "string content out-of-bounds"
	case adapter && s == siteList:
		msg = "list content out-of-bounds"
	case s == siteString:
		msg = "string pointer/length out of bounds of memory"
	case s == siteList:
		msg = "list pointer/length out of bounds of memory"
	case s == siteRealloc:
		msg = "realloc return: beyond end of memory"
	default:
		msg = "pointer out of bounds of memory"
	}
	return &Trap{Code: code, Reason: fmt.Sprintf("%s (pointer %#x, %d bytes, memory of %d bytes)", msg, ptr, length, memSize)}
}

func trapf(code TrapCode, format string, args ...any) *Trap {
	return &Trap{Code: code, Reason: fmt.Sprintf(format, args...)}
}
