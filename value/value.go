package value

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unsafe"
)

// Value is one component value of any type. The zero Value is invalid.
//
// A Value is a small struct passed by value: scalars and strings are stored
// inline without allocation; composite values hold their parts in a slice, in
// type order (record fields, tuple elements, list elements). Names of fields,
// cases and flags are carried by the Type, except that variant and enum values
// and flags name their cases, so a Value can be built and printed without its
// type at hand.
//
//	v := value.Variant("circle", value.F64(2))
//	v.Case()    // "circle"
//	p, _ := v.Payload()
//	p.F64()     // 2
type Value struct {
	kind Kind
	n    uint64         // scalar bits, string or case-name length, option/result tag
	p    unsafe.Pointer // string or case-name bytes, or *Handle
	vs   []Value        // parts of composite values
}

// Handle is what own, borrow, future, stream and error-context values carry:
// a reference to a resource (or async object) held by the host. The runtime
// creates handles when it lifts values out of a guest and consumes them when
// it lowers values into one.
type Handle struct {
	// Type is the resource type of an own or borrow handle; nil otherwise.
	Type *ResourceType
	// Rep is the resource's representation, the 32-bit value a resource's
	// implementation chose for it.
	Rep uint32
	// State is the runtime's bookkeeping for the handle (ownership, the
	// table it lives in); nil for a handle made by Go code.
	State any
}

// Bool returns a bool value.
func Bool(b bool) Value {
	var n uint64
	if b {
		n = 1
	}
	return Value{kind: KindBool, n: n}
}

// S8 returns an s8 value.
func S8(x int8) Value { return Value{kind: KindS8, n: uint64(int64(x))} }

// U8 returns a u8 value.
func U8(x uint8) Value { return Value{kind: KindU8, n: uint64(x)} }

// S16 returns an s16 value.
func S16(x int16) Value { return Value{kind: KindS16, n: uint64(int64(x))} }

// U16 returns a u16 value.
func U16(x uint16) Value { return Value{kind: KindU16, n: uint64(x)} }

// S32 returns an s32 value.
func S32(x int32) Value { return Value{kind: KindS32, n: uint64(int64(x))} }

// U32 returns a u32 value.
func U32(x uint32) Value { return Value{kind: KindU32, n: uint64(x)} }

// S64 returns an s64 value.
func S64(x int64) Value { return Value{kind: KindS64, n: uint64(x)} }

// U64 returns a u64 value.
func U64(x uint64) Value { return Value{kind: KindU64, n: x} }

// F32 returns an f32 value.
func F32(x float32) Value { return Value{kind: KindF32, n: uint64(math.Float32bits(x))} }

// F64 returns an f64 value.
func F64(x float64) Value { return Value{kind: KindF64, n: math.Float64bits(x)} }

// Char returns a char value. Whether r is a Unicode scalar value is checked
// when the value is passed to a component.
func Char(r rune) Value { return Value{kind: KindChar, n: uint64(uint32(r))} }

// String returns a string value.
func String(s string) Value {
	return Value{kind: KindString, n: uint64(len(s)), p: unsafe.Pointer(unsafe.StringData(s))}
}

// List returns a list value holding elems (the slice is kept, not copied).
// It is also the value of a fixed-length list.
func List(elems ...Value) Value { return Value{kind: KindList, vs: elems} }

// Bytes returns a list<u8> value holding b compactly, one byte per element
// instead of one Value (the slice is kept, not copied). The canonical ABI
// lifts every list<u8> into this form, and lowers it with one copy.
//
//	v := value.Bytes([]byte("hi"))
//	b, _ := v.Bytes() // "hi"
func Bytes(b []byte) Value {
	if len(b) == 0 {
		return Value{kind: KindList}
	}
	return Value{kind: KindList, n: uint64(len(b)), p: unsafe.Pointer(unsafe.SliceData(b))}
}

// Record returns a record value with the given field values in the order the
// record type declares its fields (the slice is kept, not copied).
func Record(fields ...Value) Value { return Value{kind: KindRecord, vs: fields} }

// Tuple returns a tuple value (the slice is kept, not copied).
func Tuple(elems ...Value) Value { return Value{kind: KindTuple, vs: elems} }

// Variant returns the variant case named name with a payload.
func Variant(name string, payload Value) Value {
	v := named(KindVariant, name)
	v.vs = []Value{payload}
	return v
}

// VariantCase returns the variant case named name without payload.
func VariantCase(name string) Value { return named(KindVariant, name) }

// Enum returns the enum case named name.
func Enum(name string) Value { return named(KindEnum, name) }

// Some returns option's some(v).
func Some(v Value) Value { return Value{kind: KindOption, n: 1, vs: []Value{v}} }

// None returns option's none.
func None() Value { return Value{kind: KindOption} }

// Ok returns result's ok(v).
func Ok(v Value) Value { return Value{kind: KindResult, vs: []Value{v}} }

// OkEmpty returns result's ok without payload.
func OkEmpty() Value { return Value{kind: KindResult} }

// Err returns result's err(v).
func Err(v Value) Value { return Value{kind: KindResult, n: 1, vs: []Value{v}} }

// ErrEmpty returns result's err without payload.
func ErrEmpty() Value { return Value{kind: KindResult, n: 1} }

// Flags returns a flags value with the named flags set.
func Flags(names ...string) Value {
	vs := make([]Value, len(names))
	for i, n := range names {
		vs[i] = String(n)
	}
	return Value{kind: KindFlags, vs: vs}
}

// Map returns a map value from alternating keys and values:
// Map(k0, v0, k1, v1, ...). The slice is kept, not copied.
func Map(keysAndValues ...Value) Value { return Value{kind: KindMap, vs: keysAndValues} }

// Own returns an own handle value.
func Own(h *Handle) Value { return Value{kind: KindOwn, p: unsafe.Pointer(h)} }

// Borrow returns a borrow handle value.
func Borrow(h *Handle) Value { return Value{kind: KindBorrow, p: unsafe.Pointer(h)} }

// HandleOf returns a future, stream or error-context value (kind must be one
// of those) carrying h.
func HandleOf(kind Kind, h *Handle) Value { return Value{kind: kind, p: unsafe.Pointer(h)} }

func named(k Kind, name string) Value {
	return Value{kind: k, n: uint64(len(name)), p: unsafe.Pointer(unsafe.StringData(name))}
}

// Kind returns the value's kind.
func (v Value) Kind() Kind { return v.kind }

func (v Value) must(k Kind) {
	if v.kind != k {
		panic(fmt.Sprintf("value: %s accessor called on a %s value", k, v.kind))
	}
}

// Bool returns the value of a bool. Like every accessor, it panics when
// called on a value of another kind.
func (v Value) Bool() bool { v.must(KindBool); return v.n != 0 }

// S8 returns the value of an s8.
func (v Value) S8() int8 { v.must(KindS8); return int8(v.n) }

// U8 returns the value of a u8.
func (v Value) U8() uint8 { v.must(KindU8); return uint8(v.n) }

// S16 returns the value of an s16.
func (v Value) S16() int16 { v.must(KindS16); return int16(v.n) }

// U16 returns the value of a u16.
func (v Value) U16() uint16 { v.must(KindU16); return uint16(v.n) }

// S32 returns the value of an s32.
func (v Value) S32() int32 { v.must(KindS32); return int32(v.n) }

// U32 returns the value of a u32.
func (v Value) U32() uint32 { v.must(KindU32); return uint32(v.n) }

// S64 returns the value of an s64.
func (v Value) S64() int64 { v.must(KindS64); return int64(v.n) }

// U64 returns the value of a u64.
func (v Value) U64() uint64 { v.must(KindU64); return v.n }

// F32 returns the value of an f32.
func (v Value) F32() float32 { v.must(KindF32); return math.Float32frombits(uint32(v.n)) }

// F64 returns the value of an f64.
func (v Value) F64() float64 { v.must(KindF64); return math.Float64frombits(v.n) }

// Char returns the value of a char.
func (v Value) Char() rune { v.must(KindChar); return rune(uint32(v.n)) }

// Bits returns the raw bits of a scalar value: 0 or 1 for bool, the
// sign-extended integer, the IEEE bits of a float, the code point of a char.
func (v Value) Bits() uint64 {
	if !v.kind.IsPrimitive() || v.kind == KindString || v.kind == KindErrorContext {
		panic(fmt.Sprintf("value: Bits called on a %s value", v.kind))
	}
	return v.n
}

// Str returns the value of a string.
func (v Value) Str() string {
	v.must(KindString)
	return v.str()
}

func (v Value) str() string {
	if v.n == 0 {
		return ""
	}
	return unsafe.String((*byte)(v.p), int(v.n))
}

// Case returns the case name of a variant or enum value.
func (v Value) Case() string {
	if v.kind != KindVariant && v.kind != KindEnum {
		panic(fmt.Sprintf("value: Case called on a %s value", v.kind))
	}
	return v.str()
}

// Payload returns the payload of a variant case, option or result, and
// whether there is one.
func (v Value) Payload() (Value, bool) {
	switch v.kind {
	case KindVariant, KindOption, KindResult:
	default:
		panic(fmt.Sprintf("value: Payload called on a %s value", v.kind))
	}
	if len(v.vs) == 0 {
		return Value{}, false
	}
	return v.vs[0], true
}

// IsSome reports whether an option value is some.
func (v Value) IsSome() bool { v.must(KindOption); return v.n != 0 }

// IsErr reports whether a result value is err.
func (v Value) IsErr() bool { v.must(KindResult); return v.n != 0 }

// Elems returns the parts of a list, record, tuple or map value (for a map,
// keys and values alternate). The slice must not be modified. For a list
// made by Bytes it is built on each call; use Bytes to read such a list.
func (v Value) Elems() []Value {
	if v.isBytes() {
		b := v.compactBytes()
		vs := make([]Value, len(b))
		for i, x := range b {
			vs[i] = U8(x)
		}
		return vs
	}
	switch v.kind {
	case KindList, KindRecord, KindTuple, KindMap:
		return v.vs
	}
	panic(fmt.Sprintf("value: Elems called on a %s value", v.kind))
}

// Len returns the number of elements of a list value.
func (v Value) Len() int {
	v.must(KindList)
	if v.isBytes() {
		return int(v.n)
	}
	return len(v.vs)
}

// Bytes returns the elements of a list of u8 values as bytes, and whether v
// is such a list. For a list made by Bytes (as every list<u8> lifted out of
// a component is) it returns the kept slice without copying.
func (v Value) Bytes() ([]byte, bool) {
	if v.kind != KindList {
		return nil, false
	}
	if v.isBytes() {
		return v.compactBytes(), true
	}
	b := make([]byte, len(v.vs))
	for i, e := range v.vs {
		if e.kind != KindU8 {
			return nil, false
		}
		b[i] = uint8(e.n)
	}
	return b, true
}

func (v Value) isBytes() bool { return v.kind == KindList && v.p != nil }

func (v Value) compactBytes() []byte { return unsafe.Slice((*byte)(v.p), int(v.n)) }

// FlagNames returns the names of the flags set in a flags value.
func (v Value) FlagNames() []string {
	v.must(KindFlags)
	names := make([]string, len(v.vs))
	for i, f := range v.vs {
		names[i] = f.str()
	}
	return names
}

// HasFlag reports whether the flag named name is set in a flags value.
func (v Value) HasFlag(name string) bool {
	v.must(KindFlags)
	for _, f := range v.vs {
		if f.str() == name {
			return true
		}
	}
	return false
}

// Handle returns the handle of an own, borrow, future, stream or
// error-context value.
func (v Value) Handle() *Handle {
	switch v.kind {
	case KindOwn, KindBorrow, KindFuture, KindStream, KindErrorContext:
		return (*Handle)(v.p)
	}
	panic(fmt.Sprintf("value: Handle called on a %s value", v.kind))
}

// String renders the value for debugging, in a WAVE-like syntax without
// field names (use package wave to print a value against its type). For a
// string value it is the quoted string.
func (v Value) String() string {
	var b strings.Builder
	v.format(&b)
	return b.String()
}

func (v Value) format(b *strings.Builder) {
	switch v.kind {
	case KindBool:
		b.WriteString(strconv.FormatBool(v.n != 0))
	case KindS8, KindS16, KindS32, KindS64:
		b.WriteString(strconv.FormatInt(int64(v.n), 10))
	case KindU8, KindU16, KindU32, KindU64:
		b.WriteString(strconv.FormatUint(v.n, 10))
	case KindF32:
		b.WriteString(strconv.FormatFloat(float64(math.Float32frombits(uint32(v.n))), 'g', -1, 32))
	case KindF64:
		b.WriteString(strconv.FormatFloat(math.Float64frombits(v.n), 'g', -1, 64))
	case KindChar:
		b.WriteString(strconv.QuoteRune(rune(uint32(v.n))))
	case KindString:
		b.WriteString(strconv.Quote(v.str()))
	case KindList:
		formatParts(b, "[", v.Elems(), "]")
	case KindRecord:
		formatParts(b, "{", v.vs, "}")
	case KindTuple:
		formatParts(b, "(", v.vs, ")")
	case KindMap:
		b.WriteByte('{')
		for i := 0; i+1 < len(v.vs); i += 2 {
			if i > 0 {
				b.WriteString(", ")
			}
			v.vs[i].format(b)
			b.WriteString(": ")
			v.vs[i+1].format(b)
		}
		b.WriteByte('}')
	case KindVariant, KindEnum:
		b.WriteString(v.str())
		if len(v.vs) > 0 {
			formatParts(b, "(", v.vs, ")")
		}
	case KindOption:
		if v.n == 0 {
			b.WriteString("none")
		} else {
			formatParts(b, "some(", v.vs, ")")
		}
	case KindResult:
		if v.n == 0 {
			b.WriteString("ok")
		} else {
			b.WriteString("err")
		}
		if len(v.vs) > 0 {
			formatParts(b, "(", v.vs, ")")
		}
	case KindFlags:
		b.WriteByte('{')
		for i, f := range v.vs {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(f.str())
		}
		b.WriteByte('}')
	case KindOwn, KindBorrow, KindFuture, KindStream, KindErrorContext:
		h := (*Handle)(v.p)
		b.WriteString(v.kind.String())
		if h != nil && h.Type != nil {
			b.WriteString("<" + h.Type.Name + ">")
		}
		if h != nil {
			b.WriteString("#" + strconv.FormatUint(uint64(h.Rep), 10))
		}
	default:
		b.WriteString("<invalid>")
	}
}

func formatParts(b *strings.Builder, open string, vs []Value, close string) {
	b.WriteString(open)
	for i, x := range vs {
		if i > 0 {
			b.WriteString(", ")
		}
		x.format(b)
	}
	b.WriteString(close)
}
