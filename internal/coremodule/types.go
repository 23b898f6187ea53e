// Package coremodule reads the structure of a core WebAssembly module: its
// types, imports and exports, without validating code.
//
// Read walks the type, import, function, table, memory, global, export and
// tag sections and resolves the type of every import and export; it skips
// the code, data and element sections. Errors carry the byte offset and, for
// malformed binaries, wasmparser's wording.
package coremodule

import (
	"fmt"
	"slices"
	"strings"
)

// ValType is a core value type as written: Code is its leading byte.
//
//   - numeric: I32 (0x7F), I64, F32, F64, V128 (0x7B);
//   - an abstract reference shorthand such as FuncRef (0x70), ExternRef (0x6F)
//     or ExnRef (0x69), meaning (ref null <that heap type>);
//   - SharedRef (0x65): the shared shorthand, (ref null (shared Heap));
//   - Ref (0x64) or RefNull (0x63) followed by Heap.
type ValType struct {
	Code byte
	Heap HeapType // for Ref, RefNull and SharedRef
}

// Leading bytes of value types.
const (
	I32       byte = 0x7f
	I64       byte = 0x7e
	F32       byte = 0x7d
	F64       byte = 0x7c
	V128      byte = 0x7b
	FuncRef   byte = 0x70
	ExternRef byte = 0x6f
	ExnRef    byte = 0x69
	I8        byte = 0x78 // packed storage type, only in a FieldType
	I16       byte = 0x77 // packed storage type, only in a FieldType
	SharedRef byte = 0x65
	Ref       byte = 0x64
	RefNull   byte = 0x63
)

// TypeIdx indexes the type index space.
type TypeIdx uint32

// String returns the index with its space: "core type 3".
func (i TypeIdx) String() string { return fmt.Sprintf("core type %d", uint32(i)) }

// HeapType is a heap type: an abstract one (Abstract holds its code, e.g.
// 0x70 func) or, with Concrete set, a type index (Exact for the
// custom-descriptors `exact` form).
type HeapType struct {
	Shared   bool
	Concrete bool
	Exact    bool
	Abstract byte
	Index    TypeIdx
}

var abstractHeapNames = map[byte]string{
	0x75: "nocont", 0x74: "noexn", 0x73: "nofunc", 0x72: "noextern", 0x71: "none",
	0x70: "func", 0x6f: "extern", 0x6e: "any", 0x6d: "eq", 0x6c: "i31",
	0x6b: "struct", 0x6a: "array", 0x69: "exn", 0x68: "cont",
}

// IsAbstractHeap reports whether b is the code of an abstract heap type.
func IsAbstractHeap(b byte) bool { _, ok := abstractHeapNames[b]; return ok }

// String returns the heap type's text form, such as "func" or "shared any".
func (h HeapType) String() string {
	var s string
	switch {
	case h.Concrete && h.Exact:
		s = fmt.Sprintf("exact %d", h.Index)
	case h.Concrete:
		s = fmt.Sprintf("%d", h.Index)
	default:
		s = abstractHeapNames[h.Abstract]
	}
	if h.Shared {
		return "shared " + s
	}
	return s
}

// IsRef reports whether t is a reference type.
func (t ValType) IsRef() bool {
	return t.Code == Ref || t.Code == RefNull || t.Code == SharedRef || IsAbstractHeap(t.Code)
}

// String returns the value type's text form, such as "i32" or "(ref null 3)".
func (t ValType) String() string {
	switch t.Code {
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
	case I8:
		return "i8"
	case I16:
		return "i16"
	case Ref:
		return "(ref " + t.Heap.String() + ")"
	case RefNull, SharedRef:
		return "(ref null " + t.Heap.String() + ")"
	}
	if n, ok := abstractHeapNames[t.Code]; ok {
		return n + "ref"
	}
	return fmt.Sprintf("valtype(%#x)", t.Code)
}

// SubType is a core subtype. Short is set when it was written as a bare
// composite type (final, no supertypes, no 0x4F prefix); Shared when the
// composite type has the 0x65 shared prefix.
type SubType struct {
	Final  bool
	Short  bool
	Supers []TypeIdx
	Shared bool
	Comp   CompType
}

// Func returns the subtype's function type, or nil if it is another
// composite type.
func (st SubType) Func() *FuncType {
	f, _ := st.Comp.(*FuncType)
	return f
}

// CompType is a core composite type: *FuncType, *StructType, *ArrayType or
// *ContType.
type CompType interface{ isCompType() }

// FuncType is a core function type.
type FuncType struct{ Params, Results []ValType }

// StructType is a GC struct type.
type StructType struct{ Fields []FieldType }

// ArrayType is a GC array type.
type ArrayType struct{ Field FieldType }

// ContType is a stack-switching continuation type over the function type
// with index Type.
type ContType struct{ Type TypeIdx }

// FieldType is a struct field or array element: a storage type (a value type
// or the packed I8/I16 codes) and mutability.
type FieldType struct {
	Storage ValType
	Mutable bool
}

func (*FuncType) isCompType()   {}
func (*StructType) isCompType() {}
func (*ArrayType) isCompType()  {}
func (*ContType) isCompType()   {}

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

// Limits are table or memory limits. Flags is the binary flags byte: bit 0
// has-max, bit 1 shared, bit 2 64-bit, bit 3 (memories) custom page size.
type Limits struct {
	Flags        byte
	Min, Max     uint64
	PageSizeLog2 uint32
}

// HasMax reports whether the limits have a maximum.
func (l Limits) HasMax() bool { return l.Flags&0x01 != 0 }

// Shared reports whether the limits are of a shared memory.
func (l Limits) Shared() bool { return l.Flags&0x02 != 0 }

// Is64 reports whether the limits are 64-bit (memory64/table64).
func (l Limits) Is64() bool { return l.Flags&0x04 != 0 }

// String renders the limits as in WAT: "min", "min max", with "i64" first
// for 64-bit limits and " shared" after shared ones.
func (l Limits) String() string {
	s := fmt.Sprintf("%d", l.Min)
	if l.HasMax() {
		s += fmt.Sprintf(" %d", l.Max)
	}
	if l.Is64() {
		s = "i64 " + s
	}
	if l.Shared() {
		s += " shared"
	}
	if l.Flags&0x08 != 0 {
		s += fmt.Sprintf(" (pagesize %d)", uint64(1)<<l.PageSizeLog2)
	}
	return s
}

// TableType is a core table type. HasInit is set for a table defined with
// an initializer expression (the 0x40 0x00 form).
type TableType struct {
	Elem    ValType
	Limits  Limits
	HasInit bool
}

// String renders the type as in WAT: "1 10 funcref".
func (t TableType) String() string { return t.Limits.String() + " " + t.Elem.String() }

// GlobalType is a core global type. Flags bit 0 is mutable, bit 1 shared.
type GlobalType struct {
	Type  ValType
	Flags byte
}

// Mutable reports whether the global is mutable.
func (g GlobalType) Mutable() bool { return g.Flags&0x01 != 0 }

// String renders the type as in WAT: "i32" or "(mut i64)".
func (g GlobalType) String() string {
	s := g.Type.String()
	if g.Mutable() {
		s = "(mut " + s + ")"
	}
	if g.Flags&0x02 != 0 {
		s = "shared " + s
	}
	return s
}

// ExternKind is the kind byte of an import or export.
type ExternKind uint8

// The extern kinds.
const (
	ExternFunc      ExternKind = 0x00
	ExternTable     ExternKind = 0x01
	ExternMemory    ExternKind = 0x02
	ExternGlobal    ExternKind = 0x03
	ExternTag       ExternKind = 0x04
	ExternFuncExact ExternKind = 0x20
)

// String returns the kind's text form, such as "memory".
func (k ExternKind) String() string {
	switch k {
	case ExternFunc:
		return "func"
	case ExternTable:
		return "table"
	case ExternMemory:
		return "memory"
	case ExternGlobal:
		return "global"
	case ExternTag:
		return "tag"
	case ExternFuncExact:
		return "func exact"
	}
	return fmt.Sprintf("extern-kind(%#x)", uint8(k))
}

// ExternType is the type of an import or export; the fields that matter
// depend on Kind. Func is the signature of a function or tag.
type ExternType struct {
	Kind   ExternKind
	Func   *FuncType
	Table  TableType
	Memory Limits
	Global GlobalType
}

// String renders the type in a WAT-like form, e.g. "func (i32) -> ()".
func (t ExternType) String() string {
	switch t.Kind {
	case ExternFunc, ExternFuncExact, ExternTag:
		if t.Func == nil {
			return t.Kind.String()
		}
		return t.Kind.String() + " " + t.Func.String()
	case ExternTable:
		return "table " + t.Table.String()
	case ExternMemory:
		return "memory " + t.Memory.String()
	case ExternGlobal:
		return "global " + t.Global.String()
	}
	return t.Kind.String()
}

// Span is a byte range [Start, End) of a module binary.
type Span struct{ Start, End int }

// Import is one import of a core module.
type Import struct {
	Module, Field string
	Type          ExternType
	// ModuleName is where the module-name field, length prefix included, sits.
	ModuleName Span
}

// Export is one export of a core module.
type Export struct {
	Name string
	Type ExternType
	// Index is the item's index in its kind's index space.
	Index uint32
	// Offset is where the export entry starts.
	Offset int
}

// Module is the structure of a core module.
type Module struct {
	// Types is the type index space.
	Types   []SubType
	Imports []Import
	Exports []Export
	// The index spaces, imports first.
	Funcs    []*FuncType
	Tables   []TableType
	Memories []Limits
	Globals  []GlobalType
	Tags     []*FuncType
	// Where each type, table, memory and global is declared: the start of its
	// rec group, of its import entry's type, or of its definition.
	TypeOffsets, TableOffsets, MemoryOffsets, GlobalOffsets []int
	// ImportSection is the import section's content; ImportHeader is where its
	// id byte sits, or -1 when the module has no import section.
	ImportSection Span
	ImportHeader  int
}

// Equal reports whether t and o have the same params and results.
func (t FuncType) Equal(o FuncType) bool {
	return slices.Equal(t.Params, o.Params) && slices.Equal(t.Results, o.Results)
}
