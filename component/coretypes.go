package component

import "github.com/weftwasm/weft/internal/coremodule"

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

// The core subtypes and composite types of a component are coremodule's.
type (
	// CoreSubType is a core subtype. Short is set when it was written as a bare
	// composite type (final, no supertypes, no 0x4F prefix).
	CoreSubType = coremodule.SubType
	// CoreCompType is a core composite type: *CoreFuncType, *CoreStructType,
	// *CoreArrayType or *CoreContType.
	CoreCompType = coremodule.CompType
	// CoreFuncType is a core function type.
	CoreFuncType = coremodule.FuncType
	// CoreStructType is a GC struct type.
	CoreStructType = coremodule.StructType
	// CoreArrayType is a GC array type.
	CoreArrayType = coremodule.ArrayType
	// CoreContType is a stack-switching continuation type over function type
	// Type.
	CoreContType = coremodule.ContType
	// CoreFieldType is a struct field or array element: a storage type (a
	// value type or the packed CoreI8/CoreI16 codes) and mutability.
	CoreFieldType = coremodule.FieldType
)

func (*CoreRecGroup) isCoreType()   {}
func (*CoreModuleType) isCoreType() {}

// CoreValType is a core value type as written: Code is its leading byte
// (see coremodule.ValType). The packed storage types CoreI8 and CoreI16 occur
// only as a CoreFieldType storage type.
type CoreValType = coremodule.ValType

// Leading bytes of core value types.
const (
	CoreI32       = coremodule.I32
	CoreI64       = coremodule.I64
	CoreF32       = coremodule.F32
	CoreF64       = coremodule.F64
	CoreV128      = coremodule.V128
	CoreI8        = coremodule.I8
	CoreI16       = coremodule.I16
	CoreFuncRef   = coremodule.FuncRef
	CoreExternRef = coremodule.ExternRef
	CoreSharedRef = coremodule.SharedRef
	CoreRef       = coremodule.Ref
	CoreRefNull   = coremodule.RefNull
)

// HeapType is a heap type: an abstract one or, with Concrete set, a core
// type index (see coremodule.HeapType).
type HeapType = coremodule.HeapType

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
type CoreExternKind = coremodule.ExternKind

// The core extern kinds.
const (
	CoreExternFunc      = coremodule.ExternFunc
	CoreExternTable     = coremodule.ExternTable
	CoreExternMemory    = coremodule.ExternMemory
	CoreExternGlobal    = coremodule.ExternGlobal
	CoreExternTag       = coremodule.ExternTag
	CoreExternFuncExact = coremodule.ExternFuncExact
)

// CoreExternType is a core externtype; the fields that matter depend on Kind.
type CoreExternType struct {
	Kind   CoreExternKind
	Func   CoreTypeIdx    // CoreExternFunc, CoreExternFuncExact, CoreExternTag (its function type)
	Table  CoreTableType  // CoreExternTable
	Memory Limits         // CoreExternMemory
	Global CoreGlobalType // CoreExternGlobal
}

// Limits are table or memory limits (see coremodule.Limits).
type Limits = coremodule.Limits

// CoreTableType is a core table type.
type CoreTableType = coremodule.TableType

// CoreGlobalType is a core global type. Flags bit 0 is mutable, bit 1 shared.
type CoreGlobalType = coremodule.GlobalType
