package value

import (
	"fmt"
	"strconv"
	"strings"
)

// A MismatchError says that a value does not have the type it is used as.
// Path locates the offending part, e.g. "[2].name" for the field name of the
// third list element; it is empty for the value itself.
type MismatchError struct {
	Path string
	Want Type
	Got  Kind
	// Detail says more when the kinds agree but the value still does not
	// fit, e.g. an unknown case name.
	Detail string
}

func (e *MismatchError) Error() string {
	where := ""
	if e.Path != "" {
		where = " at " + e.Path
	}
	if e.Detail != "" {
		return fmt.Sprintf("value%s: %s", where, e.Detail)
	}
	return fmt.Sprintf("value%s: expected %s, got a %s value", where, e.Want, e.Got)
}

// Check reports whether v is a value of type t. It returns nil or a
// *MismatchError naming the first part that does not fit.
//
//	err := value.Check(&value.ListType{Elem: value.U8Type}, value.List(value.U32(1)))
//	// value at [0]: expected u8, got a u32 value
func Check(t Type, v Value) error {
	if err := check(t, v); err != nil {
		err.Path = strings.TrimPrefix(err.Path, ".")
		return err
	}
	return nil
}

// within prefixes the path of a failure found in a part of a value with the
// step that leads to that part. Paths are built only on failure, so checking
// a well-typed value allocates nothing.
func within(err *MismatchError, step string) *MismatchError {
	if err != nil {
		err.Path = step + err.Path
	}
	return err
}

func check(t Type, v Value) *MismatchError {
	if v.kind != t.Kind() {
		return &MismatchError{Want: t, Got: v.kind}
	}
	fail := func(format string, args ...any) *MismatchError {
		return &MismatchError{Want: t, Got: v.kind, Detail: fmt.Sprintf(format, args...)}
	}
	switch t := t.(type) {
	case Primitive:
		if t.Kind() == KindChar {
			r := rune(uint32(v.n))
			if r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF) {
				return fail("char %#x is not a Unicode scalar value", uint32(v.n))
			}
		}
	case *ListType:
		if t.Len > 0 && uint32(v.Len()) != t.Len {
			return fail("fixed-length list of %d needs %d elements, got %d", t.Len, t.Len, v.Len())
		}
		if v.isBytes() {
			if t.Elem.Kind() != KindU8 {
				return &MismatchError{Path: "[0]", Want: t.Elem, Got: KindU8}
			}
			return nil
		}
		for i, e := range v.vs {
			if err := check(t.Elem, e); err != nil {
				return within(err, "["+strconv.Itoa(i)+"]")
			}
		}
	case *RecordType:
		if len(v.vs) != len(t.Fields) {
			return fail("record needs %d fields, got %d", len(t.Fields), len(v.vs))
		}
		for i, f := range t.Fields {
			if err := check(f.Type, v.vs[i]); err != nil {
				return within(err, "."+f.Name)
			}
		}
	case *TupleType:
		if len(v.vs) != len(t.Types) {
			return fail("tuple needs %d elements, got %d", len(t.Types), len(v.vs))
		}
		for i, et := range t.Types {
			if err := check(et, v.vs[i]); err != nil {
				return within(err, "."+strconv.Itoa(i))
			}
		}
	case *VariantType:
		i := t.CaseIndex(v.str())
		if i < 0 {
			return fail("variant has no case %q", v.str())
		}
		c := t.Cases[i]
		switch {
		case c.Type == nil && len(v.vs) > 0:
			return fail("variant case %q takes no payload", c.Name)
		case c.Type != nil && len(v.vs) == 0:
			return fail("variant case %q needs a %s payload", c.Name, c.Type)
		case c.Type != nil:
			return within(check(c.Type, v.vs[0]), "("+c.Name+")")
		}
	case *EnumType:
		if t.CaseIndex(v.str()) < 0 {
			return fail("enum has no case %q", v.str())
		}
	case *OptionType:
		if v.n != 0 {
			return within(check(t.Elem, v.vs[0]), "?")
		}
	case *ResultType:
		side, name := t.Ok, "ok"
		if v.n != 0 {
			side, name = t.Err, "err"
		}
		switch {
		case side == nil && len(v.vs) > 0:
			return fail("result's %s takes no payload", name)
		case side != nil && len(v.vs) == 0:
			return fail("result's %s needs a %s payload", name, side)
		case side != nil:
			return within(check(side, v.vs[0]), "("+name+")")
		}
	case *FlagsType:
		for _, f := range v.vs {
			if t.FlagIndex(f.str()) < 0 {
				return fail("flags has no flag %q", f.str())
			}
		}
	case *MapType:
		if len(v.vs)%2 != 0 {
			return fail("map needs key/value pairs, got %d parts", len(v.vs))
		}
		for i := 0; i < len(v.vs); i += 2 {
			if err := check(t.Key, v.vs[i]); err != nil {
				return within(err, "["+strconv.Itoa(i/2)+"].key")
			}
			if err := check(t.Value, v.vs[i+1]); err != nil {
				return within(err, "["+strconv.Itoa(i/2)+"].value")
			}
		}
	case *OwnType:
		return checkHandle(t.Resource, v, fail)
	case *BorrowType:
		return checkHandle(t.Resource, v, fail)
	}
	return nil
}

func checkHandle(r *ResourceType, v Value, fail func(string, ...any) *MismatchError) *MismatchError {
	h := (*Handle)(v.p)
	if h == nil {
		return fail("nil handle")
	}
	if h.Type != r {
		name := "<none>"
		if h.Type != nil {
			name = h.Type.Name
		}
		return fail("handle to resource %s used as a handle to resource %s", name, r.Name)
	}
	return nil
}
