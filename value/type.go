// Package value holds the component model's value types and the dynamic
// Value that carries a value of any of them.
//
// Types describe what crosses a component boundary: primitives (bool,
// integers, floats, char, string), the composite types (list, record, tuple,
// variant, enum, option, result, flags, map), resource handles (own, borrow)
// and the async types (future, stream, error-context). A Value is a small
// tagged struct, not an interface, so scalars and strings travel without
// allocation; composite values hold their parts in order and take their names
// (field names, case names) from the Type they are read against.
//
//	t := &value.RecordType{Fields: []value.Field{
//		{Name: "x", Type: value.F64Type},
//		{Name: "tags", Type: &value.ListType{Elem: value.StringType}},
//	}}
//	v := value.Record(value.F64(1.5), value.List(value.String("a")))
//	_ = value.Check(t, v) // nil
package value

import (
	"strconv"
	"strings"
)

// Kind names the shape of a Type or a Value.
type Kind uint8

// The kinds of component values.
const (
	KindInvalid Kind = iota
	KindBool
	KindS8
	KindU8
	KindS16
	KindU16
	KindS32
	KindU32
	KindS64
	KindU64
	KindF32
	KindF64
	KindChar
	KindString
	KindErrorContext
	KindList
	KindRecord
	KindTuple
	KindVariant
	KindEnum
	KindOption
	KindResult
	KindFlags
	KindMap
	KindOwn
	KindBorrow
	KindFuture
	KindStream
)

var kindNames = [...]string{
	KindInvalid:      "invalid",
	KindBool:         "bool",
	KindS8:           "s8",
	KindU8:           "u8",
	KindS16:          "s16",
	KindU16:          "u16",
	KindS32:          "s32",
	KindU32:          "u32",
	KindS64:          "s64",
	KindU64:          "u64",
	KindF32:          "f32",
	KindF64:          "f64",
	KindChar:         "char",
	KindString:       "string",
	KindErrorContext: "error-context",
	KindList:         "list",
	KindRecord:       "record",
	KindTuple:        "tuple",
	KindVariant:      "variant",
	KindEnum:         "enum",
	KindOption:       "option",
	KindResult:       "result",
	KindFlags:        "flags",
	KindMap:          "map",
	KindOwn:          "own",
	KindBorrow:       "borrow",
	KindFuture:       "future",
	KindStream:       "stream",
}

// String returns the WIT spelling of the kind, e.g. "u32" or "record".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// IsPrimitive reports whether k is a type without parts (bool through
// error-context).
func (k Kind) IsPrimitive() bool { return k >= KindBool && k <= KindErrorContext }

// Type describes a component value type. The concrete types are Primitive,
// *ListType, *RecordType, *TupleType, *VariantType, *EnumType, *OptionType,
// *ResultType, *FlagsType, *MapType, *OwnType, *BorrowType, *FutureType and
// *StreamType.
type Type interface {
	// Kind returns the shape of the type.
	Kind() Kind
	// String renders the type in WIT-like syntax, e.g. "list<option<u8>>".
	String() string
	isType()
}

// Primitive is a type without parts, named by its kind:
// value.Primitive(value.KindU32) is u32.
type Primitive Kind

// The primitive types.
const (
	BoolType         = Primitive(KindBool)
	S8Type           = Primitive(KindS8)
	U8Type           = Primitive(KindU8)
	S16Type          = Primitive(KindS16)
	U16Type          = Primitive(KindU16)
	S32Type          = Primitive(KindS32)
	U32Type          = Primitive(KindU32)
	S64Type          = Primitive(KindS64)
	U64Type          = Primitive(KindU64)
	F32Type          = Primitive(KindF32)
	F64Type          = Primitive(KindF64)
	CharType         = Primitive(KindChar)
	StringType       = Primitive(KindString)
	ErrorContextType = Primitive(KindErrorContext)
)

// Kind returns the primitive's kind.
func (p Primitive) Kind() Kind { return Kind(p) }

// String returns the WIT name of the primitive, e.g. "u32".
func (p Primitive) String() string { return Kind(p).String() }
func (Primitive) isType()          {}

// ListType is list<Elem>, or the fixed-length list<Elem, Len> when Len > 0.
type ListType struct {
	Elem Type
	Len  uint32 // 0 for a variable-length list
}

// Field is one named field of a record.
type Field struct {
	Name string
	Type Type
}

// RecordType is a record with named fields, in declaration order.
type RecordType struct {
	Name   string // the type's name, if it has one (for messages)
	Fields []Field
}

// TupleType is tuple<Types...>.
type TupleType struct{ Types []Type }

// Case is one case of a variant; Type is nil for a case without payload.
type Case struct {
	Name string
	Type Type
}

// VariantType is a variant with cases in declaration order.
type VariantType struct {
	Name  string
	Cases []Case
}

// EnumType is an enum with case names in declaration order.
type EnumType struct {
	Name  string
	Cases []string
}

// OptionType is option<Elem>.
type OptionType struct{ Elem Type }

// ResultType is result<Ok, Err>; either side is nil when it carries no payload.
type ResultType struct{ Ok, Err Type }

// FlagsType is a set of named flags, in declaration order.
type FlagsType struct {
	Name  string
	Names []string
}

// MapType is map<Key, Value>.
type MapType struct{ Key, Value Type }

// ResourceType identifies one resource type. Resource types are nominal: two
// are the same type only if they are the same *ResourceType.
type ResourceType struct {
	Name string
}

// OwnType is own<Resource>, a handle that owns its resource.
type OwnType struct{ Resource *ResourceType }

// BorrowType is borrow<Resource>, a handle borrowed for the duration of a call.
type BorrowType struct{ Resource *ResourceType }

// FutureType is future<Elem>; Elem is nil for future without payload.
type FutureType struct{ Elem Type }

// StreamType is stream<Elem>; Elem is nil for stream without payload.
type StreamType struct{ Elem Type }

// Kind returns KindList.
func (*ListType) Kind() Kind { return KindList }

// Kind returns KindRecord.
func (*RecordType) Kind() Kind { return KindRecord }

// Kind returns KindTuple.
func (*TupleType) Kind() Kind { return KindTuple }

// Kind returns KindVariant.
func (*VariantType) Kind() Kind { return KindVariant }

// Kind returns KindEnum.
func (*EnumType) Kind() Kind { return KindEnum }

// Kind returns KindOption.
func (*OptionType) Kind() Kind { return KindOption }

// Kind returns KindResult.
func (*ResultType) Kind() Kind { return KindResult }

// Kind returns KindFlags.
func (*FlagsType) Kind() Kind { return KindFlags }

// Kind returns KindMap.
func (*MapType) Kind() Kind { return KindMap }

// Kind returns KindOwn.
func (*OwnType) Kind() Kind { return KindOwn }

// Kind returns KindBorrow.
func (*BorrowType) Kind() Kind { return KindBorrow }

// Kind returns KindFuture.
func (*FutureType) Kind() Kind { return KindFuture }

// Kind returns KindStream.
func (*StreamType) Kind() Kind { return KindStream }

func (*ListType) isType()    {}
func (*RecordType) isType()  {}
func (*TupleType) isType()   {}
func (*VariantType) isType() {}
func (*EnumType) isType()    {}
func (*OptionType) isType()  {}
func (*ResultType) isType()  {}
func (*FlagsType) isType()   {}
func (*MapType) isType()     {}
func (*OwnType) isType()     {}
func (*BorrowType) isType()  {}
func (*FutureType) isType()  {}
func (*StreamType) isType()  {}

// CaseIndex returns the index of the case named name, or -1.
func (t *VariantType) CaseIndex(name string) int {
	for i, c := range t.Cases {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// CaseIndex returns the index of the case named name, or -1.
func (t *EnumType) CaseIndex(name string) int {
	for i, c := range t.Cases {
		if c == name {
			return i
		}
	}
	return -1
}

// FlagIndex returns the index of the flag named name, or -1.
func (t *FlagsType) FlagIndex(name string) int {
	for i, n := range t.Names {
		if n == name {
			return i
		}
	}
	return -1
}

// String renders the type in WIT syntax, e.g. "list<u8> or list<u8, 4>".
func (t *ListType) String() string {
	if t.Len > 0 {
		return "list<" + t.Elem.String() + ", " + strconv.FormatUint(uint64(t.Len), 10) + ">"
	}
	return "list<" + t.Elem.String() + ">"
}

// String renders the type in WIT syntax, e.g. "record { x: f64, y: f64 }".
func (t *RecordType) String() string {
	var b strings.Builder
	b.WriteString("record {")
	for i, f := range t.Fields {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(" " + f.Name + ": " + f.Type.String())
	}
	b.WriteString(" }")
	return b.String()
}

// String renders the type in WIT syntax, e.g. "tuple<u8, string>".
func (t *TupleType) String() string { return "tuple<" + joinTypes(t.Types) + ">" }

// String renders the type in WIT syntax, e.g. "variant { circle(f64), none }".
func (t *VariantType) String() string {
	var b strings.Builder
	b.WriteString("variant {")
	for i, c := range t.Cases {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(" " + c.Name)
		if c.Type != nil {
			b.WriteString("(" + c.Type.String() + ")")
		}
	}
	b.WriteString(" }")
	return b.String()
}

// String renders the type in WIT syntax, e.g. "enum { red, green }".
func (t *EnumType) String() string { return "enum { " + strings.Join(t.Cases, ", ") + " }" }

// String renders the type in WIT syntax, e.g. "option<u8>".
func (t *OptionType) String() string { return "option<" + t.Elem.String() + ">" }

// String renders the type in WIT syntax, e.g. "result<u8, string>".
func (t *ResultType) String() string {
	switch {
	case t.Ok == nil && t.Err == nil:
		return "result"
	case t.Err == nil:
		return "result<" + t.Ok.String() + ">"
	case t.Ok == nil:
		return "result<_, " + t.Err.String() + ">"
	}
	return "result<" + t.Ok.String() + ", " + t.Err.String() + ">"
}

// String renders the type in WIT syntax, e.g. "flags { read, write }".
func (t *FlagsType) String() string { return "flags { " + strings.Join(t.Names, ", ") + " }" }

// String renders the type in WIT syntax, e.g. "map<string, u8>".
func (t *MapType) String() string { return "map<" + t.Key.String() + ", " + t.Value.String() + ">" }

// String renders the type in WIT syntax, e.g. "own<file>".
func (t *OwnType) String() string { return "own<" + t.Resource.Name + ">" }

// String renders the type in WIT syntax, e.g. "borrow<file>".
func (t *BorrowType) String() string { return "borrow<" + t.Resource.Name + ">" }

// String renders the type in WIT syntax, e.g. "future<u32>".
func (t *FutureType) String() string {
	if t.Elem == nil {
		return "future"
	}
	return "future<" + t.Elem.String() + ">"
}

// String renders the type in WIT syntax, e.g. "stream<u8>".
func (t *StreamType) String() string {
	if t.Elem == nil {
		return "stream"
	}
	return "stream<" + t.Elem.String() + ">"
}

func joinTypes(ts []Type) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = t.String()
	}
	return strings.Join(s, ", ")
}

// Param is one named parameter of a function.
type Param struct {
	Name string
	Type Type
}

// FuncType is the type of a component function: named parameters and at most
// one result (Result is nil for a function without result).
type FuncType struct {
	Params []Param
	Result Type
	Async  bool
}

// String renders the function type in WIT syntax, e.g.
// "func(a: f64, b: f64) -> f64".
func (f *FuncType) String() string {
	var b strings.Builder
	if f.Async {
		b.WriteString("async ")
	}
	b.WriteString("func(")
	for i, p := range f.Params {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(p.Name + ": " + p.Type.String())
	}
	b.WriteByte(')')
	if f.Result != nil {
		b.WriteString(" -> " + f.Result.String())
	}
	return b.String()
}

// Equal reports whether a and b are the same type: structurally for
// everything but resources, which are compared by identity. Names of
// records, variants, enums and flags do not matter; names of their fields,
// cases and flags do.
func Equal(a, b Type) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	if a.Kind() != b.Kind() {
		return false
	}
	switch a := a.(type) {
	case Primitive:
		return true
	case *ListType:
		b := b.(*ListType)
		return a.Len == b.Len && Equal(a.Elem, b.Elem)
	case *RecordType:
		b := b.(*RecordType)
		if len(a.Fields) != len(b.Fields) {
			return false
		}
		for i := range a.Fields {
			if a.Fields[i].Name != b.Fields[i].Name || !Equal(a.Fields[i].Type, b.Fields[i].Type) {
				return false
			}
		}
		return true
	case *TupleType:
		return equalTypes(a.Types, b.(*TupleType).Types)
	case *VariantType:
		b := b.(*VariantType)
		if len(a.Cases) != len(b.Cases) {
			return false
		}
		for i := range a.Cases {
			if a.Cases[i].Name != b.Cases[i].Name || !Equal(a.Cases[i].Type, b.Cases[i].Type) {
				return false
			}
		}
		return true
	case *EnumType:
		return equalStrings(a.Cases, b.(*EnumType).Cases)
	case *OptionType:
		return Equal(a.Elem, b.(*OptionType).Elem)
	case *ResultType:
		b := b.(*ResultType)
		return Equal(a.Ok, b.Ok) && Equal(a.Err, b.Err)
	case *FlagsType:
		return equalStrings(a.Names, b.(*FlagsType).Names)
	case *MapType:
		b := b.(*MapType)
		return Equal(a.Key, b.Key) && Equal(a.Value, b.Value)
	case *OwnType:
		return a.Resource == b.(*OwnType).Resource
	case *BorrowType:
		return a.Resource == b.(*BorrowType).Resource
	case *FutureType:
		return Equal(a.Elem, b.(*FutureType).Elem)
	case *StreamType:
		return Equal(a.Elem, b.(*StreamType).Elem)
	}
	return false
}

func equalTypes(a, b []Type) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

func equalStrings(a, b []string) bool {
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
