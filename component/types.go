package component

import "fmt"

// PrimValType is a primitive value type; its values are the binary opcodes.
type PrimValType uint8

// The primitive value types of Binary.md.
const (
	Bool         PrimValType = 0x7f
	S8           PrimValType = 0x7e
	U8           PrimValType = 0x7d
	S16          PrimValType = 0x7c
	U16          PrimValType = 0x7b
	S32          PrimValType = 0x7a
	U32          PrimValType = 0x79
	S64          PrimValType = 0x78
	U64          PrimValType = 0x77
	F32          PrimValType = 0x76
	F64          PrimValType = 0x75
	Char         PrimValType = 0x74
	String       PrimValType = 0x73
	ErrorContext PrimValType = 0x64
)

// Valid reports whether p is a primitive value type opcode.
func (p PrimValType) Valid() bool {
	return (p >= String && p <= Bool) || p == ErrorContext
}

// String returns the type's WIT name, such as "u32".
func (p PrimValType) String() string {
	switch p {
	case Bool:
		return "bool"
	case S8:
		return "s8"
	case U8:
		return "u8"
	case S16:
		return "s16"
	case U16:
		return "u16"
	case S32:
		return "s32"
	case U32:
		return "u32"
	case S64:
		return "s64"
	case U64:
		return "u64"
	case F32:
		return "f32"
	case F64:
		return "f64"
	case Char:
		return "char"
	case String:
		return "string"
	case ErrorContext:
		return "error-context"
	}
	return fmt.Sprintf("primvaltype(%#x)", uint8(p))
}

// ValType is a valtype: a primitive type (Prim != 0) or a type index.
type ValType struct {
	Prim  PrimValType // zero when the type is Index
	Index TypeIdx
}

// Prim returns the ValType of a primitive type.
func Prim(p PrimValType) ValType { return ValType{Prim: p} }

// Ref returns the ValType referring to type index i.
func Ref(i TypeIdx) ValType { return ValType{Index: i} }

// IsPrim reports whether v is a primitive type.
func (v ValType) IsPrim() bool { return v.Prim != 0 }

// String returns the primitive's name or the type index, such as "type 4".
func (v ValType) String() string {
	if v.IsPrim() {
		return v.Prim.String()
	}
	return v.Index.String()
}

// Type is a component type definition (deftype). The concrete types are the
// defined value types (*PrimType, *RecordType, *VariantType, *ListType,
// *FixedListType, *TupleType, *FlagsType, *EnumType, *OptionType, *ResultType,
// *OwnType, *BorrowType, *StreamType, *FutureType, *MapType), and *FuncType,
// *ComponentType, *InstanceType and *ResourceType.
type Type interface{ isType() }

// DefValType is a Type that is a defined value type (defvaltype).
type DefValType interface {
	Type
	isDefValType()
}

// PrimType is a primitive type used as a defvaltype.
type PrimType struct{ Type PrimValType }

// Field is a record field or a function parameter: a label and a type.
type Field struct {
	Name string
	Type ValType
}

// RecordType is `(record (field l t)*)`.
type RecordType struct{ Fields []Field }

// Case is a variant case; Type is nil when the case has no payload.
type Case struct {
	Name string
	Type *ValType
}

// VariantType is `(variant (case l t?)*)`.
type VariantType struct{ Cases []Case }

// ListType is `(list t)`.
type ListType struct{ Elem ValType }

// FixedListType is `(list t len)`, a fixed-length list.
type FixedListType struct {
	Elem ValType
	Len  uint32
}

// TupleType is `(tuple t*)`.
type TupleType struct{ Types []ValType }

// FlagsType is `(flags l*)`.
type FlagsType struct{ Names []string }

// EnumType is `(enum l*)`.
type EnumType struct{ Names []string }

// OptionType is `(option t)`.
type OptionType struct{ Type ValType }

// ResultType is `(result t? (error u)?)`; a nil pointer is an absent type.
type ResultType struct{ OK, Err *ValType }

// OwnType is `(own i)`, an owned handle to resource type i.
type OwnType struct{ Resource TypeIdx }

// BorrowType is `(borrow i)`, a borrowed handle to resource type i.
type BorrowType struct{ Resource TypeIdx }

// StreamType is `(stream t?)`.
type StreamType struct{ Elem *ValType }

// FutureType is `(future t?)`.
type FutureType struct{ Elem *ValType }

// MapType is `(map k v)`.
type MapType struct{ Key, Value ValType }

// ResourceType is `(resource (rep t) (dtor f)?)`; Dtor is nil without a
// destructor.
type ResourceType struct {
	Rep  CoreValType
	Dtor *CoreFuncIdx
}

// FuncType is `(func async? (param l t)* (result t)?)`; Result is nil for no
// result.
type FuncType struct {
	Async  bool
	Params []Field
	Result *ValType
}

// ComponentType is `(component decl*)`.
type ComponentType struct{ Decls []Decl }

// InstanceType is `(instance decl*)`; it never holds a *DeclImport.
type InstanceType struct{ Decls []Decl }

func (*PrimType) isType()      {}
func (*RecordType) isType()    {}
func (*VariantType) isType()   {}
func (*ListType) isType()      {}
func (*FixedListType) isType() {}
func (*TupleType) isType()     {}
func (*FlagsType) isType()     {}
func (*EnumType) isType()      {}
func (*OptionType) isType()    {}
func (*ResultType) isType()    {}
func (*OwnType) isType()       {}
func (*BorrowType) isType()    {}
func (*StreamType) isType()    {}
func (*FutureType) isType()    {}
func (*MapType) isType()       {}
func (*ResourceType) isType()  {}
func (*FuncType) isType()      {}
func (*ComponentType) isType() {}
func (*InstanceType) isType()  {}

func (*PrimType) isDefValType()      {}
func (*RecordType) isDefValType()    {}
func (*VariantType) isDefValType()   {}
func (*ListType) isDefValType()      {}
func (*FixedListType) isDefValType() {}
func (*TupleType) isDefValType()     {}
func (*FlagsType) isDefValType()     {}
func (*EnumType) isDefValType()      {}
func (*OptionType) isDefValType()    {}
func (*ResultType) isDefValType()    {}
func (*OwnType) isDefValType()       {}
func (*BorrowType) isDefValType()    {}
func (*StreamType) isDefValType()    {}
func (*FutureType) isDefValType()    {}
func (*MapType) isDefValType()       {}

// Decl is a declarator of a component or instance type: *DeclCoreType,
// *DeclType, *DeclAlias, *DeclExport or (component types only) *DeclImport.
type Decl interface{ isDecl() }

// DeclCoreType declares a core type.
type DeclCoreType struct{ Type CoreType }

// DeclType declares a component type.
type DeclType struct{ Type Type }

// DeclAlias declares an alias.
type DeclAlias struct{ Alias Alias }

// DeclImport declares an import (component types only).
type DeclImport struct {
	Name ExternName
	Type ExternType
}

// DeclExport declares an export.
type DeclExport struct {
	Name ExternName
	Type ExternType
}

func (*DeclCoreType) isDecl() {}
func (*DeclType) isDecl()     {}
func (*DeclAlias) isDecl()    {}
func (*DeclImport) isDecl()   {}
func (*DeclExport) isDecl()   {}

// ExternType is an externtype: *ExternModule, *ExternFunc, *ExternValue,
// *ExternTypeBound, *ExternComponent or *ExternInstance.
type ExternType interface{ isExternType() }

// ExternModule is `(core module (type i))`.
type ExternModule struct{ Type CoreTypeIdx }

// ExternFunc is `(func (type i))`.
type ExternFunc struct{ Type TypeIdx }

// ExternValue is `(value b)`. With Eq set the bound is `(eq Value)`,
// otherwise the value has type Type.
type ExternValue struct {
	Eq    bool
	Value ValueIdx
	Type  ValType
}

// ExternTypeBound is `(type (eq i))` or, with SubResource, `(type (sub
// resource))`.
type ExternTypeBound struct {
	SubResource bool
	Eq          TypeIdx
}

// ExternComponent is `(component (type i))`.
type ExternComponent struct{ Type TypeIdx }

// ExternInstance is `(instance (type i))`.
type ExternInstance struct{ Type TypeIdx }

func (*ExternModule) isExternType()    {}
func (*ExternFunc) isExternType()      {}
func (*ExternValue) isExternType()     {}
func (*ExternTypeBound) isExternType() {}
func (*ExternComponent) isExternType() {}
func (*ExternInstance) isExternType()  {}

// ExternSort returns the sort of the definition an extern type describes.
func ExternSort(t ExternType) Sort {
	switch t.(type) {
	case *ExternModule:
		return SortCoreModule
	case *ExternFunc:
		return SortFunc
	case *ExternValue:
		return SortValue
	case *ExternTypeBound:
		return SortType
	case *ExternComponent:
		return SortComponent
	case *ExternInstance:
		return SortInstance
	}
	return 0
}
