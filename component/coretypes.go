package component

import "fmt"

// CoreType is a core type definition of a component (core:type): a
// *CoreRecGroup (WebAssembly 3.0 rectype, including plain function types) or
// a *CoreModuleType.
type CoreType interface{ isCoreType() }

// CoreRecGroup is a core rectype. A group of exactly one subtype written
// without the 0x4E prefix has Explicit false.
type CoreRecGroup struct {
	Explicit bool
	Types    []CoreSubType
}

// CoreSubType is a core subtype. Short is set when it was written as a bare
// composite type (final, no supertypes, no 0x4F prefix).
type CoreSubType struct {
	Final  bool
	Short  bool
	Supers []CoreTypeIdx
	Shared bool // the composite type has the 0x65 shared prefix
	Comp   CoreCompType
}

// CoreCompType is a core composite type: *CoreFuncType, *CoreStructType,
// *CoreArrayType or *CoreContType.
type CoreCompType interface{ isCoreCompType() }

// CoreFuncType is a core function type.
type CoreFuncType struct{ Params, Results []CoreValType }

// CoreStructType is a GC struct type.
type CoreStructType struct{ Fields []CoreFieldType }

// CoreArrayType is a GC array type.
type CoreArrayType struct{ Field CoreFieldType }

// CoreContType is a stack-switching continuation type over function type
// Type.
type CoreContType struct{ Type CoreTypeIdx }

// CoreFieldType is a struct field or array element: a storage type (a value
// type or the packed I8/I16 codes) and mutability.
type CoreFieldType struct {
	Storage CoreValType
	Mutable bool
}

func (*CoreRecGroup) isCoreType()       {}
func (*CoreModuleType) isCoreType()     {}
func (*CoreFuncType) isCoreCompType()   {}
func (*CoreStructType) isCoreCompType() {}
func (*CoreArrayType) isCoreCompType()  {}
func (*CoreContType) isCoreCompType()   {}

// CoreValType is a core value type as written: Code is its leading byte.
//
//   - numeric: CoreI32 (0x7F), CoreI64, CoreF32, CoreF64, CoreV128 (0x7B);
//   - packed (only as a CoreFieldType storage type): CoreI8 (0x78), CoreI16 (0x77);
//   - an abstract reference shorthand such as CoreFuncRef (0x70) or
//     CoreExternRef (0x6F), meaning (ref null <that heap type>);
//   - CoreSharedRef (0x65): the shared shorthand, (ref null (shared Heap));
//   - CoreRef (0x64) or CoreRefNull (0x63) followed by Heap.
type CoreValType struct {
	Code byte
	Heap HeapType // for CoreRef, CoreRefNull and CoreSharedRef
}

// Leading bytes of core value types.
const (
	CoreI32       byte = 0x7f
	CoreI64       byte = 0x7e
	CoreF32       byte = 0x7d
	CoreF64       byte = 0x7c
	CoreV128      byte = 0x7b
	CoreI8        byte = 0x78
	CoreI16       byte = 0x77
	CoreFuncRef   byte = 0x70
	CoreExternRef byte = 0x6f
	CoreSharedRef byte = 0x65
	CoreRef       byte = 0x64
	CoreRefNull   byte = 0x63
)

// HeapType is a heap type: an abstract one (Abstract holds its code, e.g. 0x70
// func) or, with Concrete set, a type index (Exact for the custom-descriptors
// `exact` form).
type HeapType struct {
	Shared   bool
	Concrete bool
	Exact    bool
	Abstract byte
	Index    CoreTypeIdx
}

var abstractHeapNames = map[byte]string{
	0x75: "nocont", 0x74: "noexn", 0x73: "nofunc", 0x72: "noextern", 0x71: "none",
	0x70: "func", 0x6f: "extern", 0x6e: "any", 0x6d: "eq", 0x6c: "i31",
	0x6b: "struct", 0x6a: "array", 0x69: "exn", 0x68: "cont",
}

func isAbstractHeap(b byte) bool { _, ok := abstractHeapNames[b]; return ok }

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

// String returns the value type's text form, such as "i32" or "(ref null 3)".
func (t CoreValType) String() string {
	switch t.Code {
	case CoreI32:
		return "i32"
	case CoreI64:
		return "i64"
	case CoreF32:
		return "f32"
	case CoreF64:
		return "f64"
	case CoreV128:
		return "v128"
	case CoreI8:
		return "i8"
	case CoreI16:
		return "i16"
	case CoreRef:
		return "(ref " + t.Heap.String() + ")"
	case CoreRefNull, CoreSharedRef:
		return "(ref null " + t.Heap.String() + ")"
	}
	if n, ok := abstractHeapNames[t.Code]; ok {
		return n + "ref"
	}
	return fmt.Sprintf("valtype(%#x)", t.Code)
}

// CoreModuleType is `(module decl*)`, a core module type.
type CoreModuleType struct{ Decls []CoreModuleDecl }

// CoreModuleDecl is a core module type declarator: *CoreImportDecl,
// *CoreTypeDecl, *CoreAliasDecl or *CoreExportDecl.
type CoreModuleDecl interface{ isCoreModuleDecl() }

// CoreImportDecl is a core import `(import "module" "field" externtype)`.
type CoreImportDecl struct {
	Module, Field string
	Type          CoreExternType
}

// CoreTypeDecl declares a core type (a rec group) inside a module type.
type CoreTypeDecl struct{ Type CoreRecGroup }

// CoreAliasDecl is `(alias outer ct idx (type))` inside a module type.
type CoreAliasDecl struct{ Count, Index uint32 }

// CoreExportDecl is a core export `(export "name" externtype)`.
type CoreExportDecl struct {
	Name string
	Type CoreExternType
}

func (*CoreImportDecl) isCoreModuleDecl() {}
func (*CoreTypeDecl) isCoreModuleDecl()   {}
func (*CoreAliasDecl) isCoreModuleDecl()  {}
func (*CoreExportDecl) isCoreModuleDecl() {}

// CoreExternKind is the kind byte of a core externtype.
type CoreExternKind uint8

// The core extern kinds.
const (
	CoreExternFunc      CoreExternKind = 0x00
	CoreExternTable     CoreExternKind = 0x01
	CoreExternMemory    CoreExternKind = 0x02
	CoreExternGlobal    CoreExternKind = 0x03
	CoreExternTag       CoreExternKind = 0x04
	CoreExternFuncExact CoreExternKind = 0x20
)

// String returns the kind's text form, such as "memory".
func (k CoreExternKind) String() string {
	switch k {
	case CoreExternFunc:
		return "func"
	case CoreExternTable:
		return "table"
	case CoreExternMemory:
		return "memory"
	case CoreExternGlobal:
		return "global"
	case CoreExternTag:
		return "tag"
	case CoreExternFuncExact:
		return "func exact"
	}
	return fmt.Sprintf("extern-kind(%#x)", uint8(k))
}

// CoreExternType is a core externtype; the fields that matter depend on Kind.
type CoreExternType struct {
	Kind   CoreExternKind
	Func   CoreTypeIdx    // CoreExternFunc, CoreExternFuncExact, CoreExternTag (its function type)
	Table  CoreTableType  // CoreExternTable
	Memory Limits         // CoreExternMemory
	Global CoreGlobalType // CoreExternGlobal
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

// Is64 reports whether the limits are 64-bit (memory64/table64).
func (l Limits) Is64() bool { return l.Flags&0x04 != 0 }

// CoreTableType is a core table type.
type CoreTableType struct {
	Elem   CoreValType
	Limits Limits
}

// CoreGlobalType is a core global type. Flags bit 0 is mutable, bit 1 shared.
type CoreGlobalType struct {
	Type  CoreValType
	Flags byte
}

// Mutable reports whether the global is mutable.
func (g CoreGlobalType) Mutable() bool { return g.Flags&0x01 != 0 }
