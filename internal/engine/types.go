package engine

import "github.com/weftwasm/weft/internal/coremodule"

// The engine describes core types with coremodule's descriptors, restricted to
// what wazero runs: numeric and v128 values, funcref, externref and exnref,
// 32-bit tables and memories, unshared globals.
type (
	// ValType is a core WebAssembly value type.
	ValType = coremodule.ValType
	// FuncType is a core function signature.
	FuncType = coremodule.FuncType
	// Limits are the size bounds of a table (in elements) or memory (in 64 KiB pages);
	// Flags bit 0 says whether there is a maximum, bit 1 whether a memory is shared.
	Limits = coremodule.Limits
	// TableType is the type of a table: its element reference type and limits.
	TableType = coremodule.TableType
	// GlobalType is the type of a global: its value type and mutability (Flags bit 0).
	GlobalType = coremodule.GlobalType
	// Kind is the kind of an import or export: func, table, memory, global or tag.
	Kind = coremodule.ExternKind
	// ExternType describes an import or export. Only the field selected by Kind is
	// meaningful; Func holds the signature of both functions and tags, and Memory
	// the limits of a memory.
	ExternType = coremodule.ExternType
)

// The core value types the engine runs.
var (
	I32       = ValType{Code: coremodule.I32}
	I64       = ValType{Code: coremodule.I64}
	F32       = ValType{Code: coremodule.F32}
	F64       = ValType{Code: coremodule.F64}
	V128      = ValType{Code: coremodule.V128}
	FuncRef   = ValType{Code: coremodule.FuncRef}
	ExternRef = ValType{Code: coremodule.ExternRef}
	ExnRef    = ValType{Code: coremodule.ExnRef}
)

// The extern kinds.
const (
	KindFunc   = coremodule.ExternFunc
	KindTable  = coremodule.ExternTable
	KindMemory = coremodule.ExternMemory
	KindGlobal = coremodule.ExternGlobal
	KindTag    = coremodule.ExternTag
)

// runs reports whether the engine runs values of type v.
func runs(v ValType) bool {
	switch v {
	case I32, I64, F32, F64, V128, FuncRef, ExternRef, ExnRef:
		return true
	}
	return false
}

// isRef reports whether v is one of the reference types the engine runs.
func isRef(v ValType) bool { return v == FuncRef || v == ExternRef || v == ExnRef }

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
