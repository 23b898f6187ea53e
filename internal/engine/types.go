package engine

import (
	"fmt"
	"strings"
)

// ValType is a core WebAssembly value type.
type ValType byte

// The core value types, with their binary encodings as values.
const (
	I32       ValType = 0x7f
	I64       ValType = 0x7e
	F32       ValType = 0x7d
	F64       ValType = 0x7c
	V128      ValType = 0x7b
	FuncRef   ValType = 0x70
	ExternRef ValType = 0x6f
	ExnRef    ValType = 0x69
)

// String returns the WebAssembly text name of the type, e.g. "i32".
func (v ValType) String() string {
	switch v {
	case I32:
		return "i32"
	case I64:
		return "i64"
	case F32:
		return "f32"
	case F64:
		return "f64"
	case V128:
		return "v128"
	case FuncRef:
		return "funcref"
	case ExternRef:
		return "externref"
	case ExnRef:
		return "exnref"
	}
	return fmt.Sprintf("valtype(0x%02x)", byte(v))
}

func (v ValType) valid() bool {
	switch v {
	case I32, I64, F32, F64, V128, FuncRef, ExternRef, ExnRef:
		return true
	}
	return false
}

func (v ValType) isRef() bool { return v == FuncRef || v == ExternRef || v == ExnRef }

// Kind is the kind of an import or export: func, table, memory, global or tag.
type Kind byte

// The extern kinds, with their binary encodings as values.
const (
	KindFunc   Kind = 0
	KindTable  Kind = 1
	KindMemory Kind = 2
	KindGlobal Kind = 3
	KindTag    Kind = 4
)

// String returns the WebAssembly text name of the kind, e.g. "func".
func (k Kind) String() string {
	switch k {
	case KindFunc:
		return "func"
	case KindTable:
		return "table"
	case KindMemory:
		return "memory"
	case KindGlobal:
		return "global"
	case KindTag:
		return "tag"
	}
	return fmt.Sprintf("kind(%d)", byte(k))
}

// FuncType is a core function signature.
type FuncType struct {
	Params  []ValType
	Results []ValType
}

// Equal reports whether t and o have the same params and results.
func (t FuncType) Equal(o FuncType) bool {
	return sameTypes(t.Params, o.Params) && sameTypes(t.Results, o.Results)
}

func sameTypes(a, b []ValType) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// String renders the type as "(i32, i32) -> (i64)".
func (t FuncType) String() string {
	return "(" + joinTypes(t.Params) + ") -> (" + joinTypes(t.Results) + ")"
}

func joinTypes(ts []ValType) string {
	parts := make([]string, len(ts))
	for i, v := range ts {
		parts[i] = v.String()
	}
	return strings.Join(parts, ", ")
}

// Limits are the size bounds of a table (in elements) or memory (in 64 KiB pages).
type Limits struct {
	Min    uint32
	Max    uint32
	HasMax bool
}

// String renders the limits as in WAT: "min" or "min max".
func (l Limits) String() string {
	if l.HasMax {
		return fmt.Sprintf("%d %d", l.Min, l.Max)
	}
	return fmt.Sprintf("%d", l.Min)
}

// TableType is the type of a table: its element reference type and limits.
type TableType struct {
	Elem   ValType
	Limits Limits
}

// MemoryType is the type of a linear memory.
type MemoryType struct {
	Limits Limits
	Shared bool
}

// GlobalType is the type of a global: its value type and mutability.
type GlobalType struct {
	Val     ValType
	Mutable bool
}

// ExternType describes an import or export. Only the field selected by Kind is meaningful;
// Func holds the signature of both functions and tags.
type ExternType struct {
	Kind   Kind
	Func   FuncType
	Table  TableType
	Memory MemoryType
	Global GlobalType
}

// String renders the type in a WAT-like form, e.g. "func (i32) -> ()".
func (t ExternType) String() string {
	switch t.Kind {
	case KindFunc, KindTag:
		return t.Kind.String() + " " + t.Func.String()
	case KindTable:
		return fmt.Sprintf("table %s %s", t.Table.Limits, t.Table.Elem)
	case KindMemory:
		if t.Memory.Shared {
			return fmt.Sprintf("memory %s shared", t.Memory.Limits)
		}
		return fmt.Sprintf("memory %s", t.Memory.Limits)
	case KindGlobal:
		if t.Global.Mutable {
			return fmt.Sprintf("global (mut %s)", t.Global.Val)
		}
		return fmt.Sprintf("global %s", t.Global.Val)
	}
	return t.Kind.String()
}

// Import is one import of a core module.
type Import struct {
	Module string
	Name   string
	Type   ExternType
}

// Export is one export of a core module or instance.
type Export struct {
	Name string
	Type ExternType
	// index is the item's index in its kind's index space of the defining module.
	index uint32
}
