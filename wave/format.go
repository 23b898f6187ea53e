package wave

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/weftwasm/weft/value"
)

// Format encodes v, a value of type t, as canonical WAVE text: records omit
// none-valued option fields (and are written {:} when nothing is left),
// options and results are written in their variant form, keyword-named
// variant and enum cases get a % prefix, flags appear in type order, floats
// are written as the shortest decimal that reads back to the same value
// (without exponent; nan, inf and -inf otherwise), and strings are single
// line with \\ \' \" \t \n \r escaped.
//
//	t := &value.RecordType{Fields: []value.Field{{Name: "x", Type: value.F32Type}}}
//	s, _ := wave.Format(value.Record(value.F32(1.5)), t) // {x: 1.5}
//
// It fails with a *value.MismatchError when v does not have type t, and
// with an error wrapping ErrUnrepresentable for handles, futures, streams,
// error contexts and maps.
func Format(v value.Value, t value.Type) (string, error) {
	b, err := Append(nil, v, t)
	return string(b), err
}

// Append is Format that appends to dst. On error, dst is returned as it was.
func Append(dst []byte, v value.Value, t value.Type) ([]byte, error) {
	out, err := appendValue(dst, v, t)
	if err != nil {
		return dst, err
	}
	return out, nil
}

// prefixPath adds a path step in front of a mismatch error's path while the
// recursion unwinds.
func prefixPath(err error, step string) error {
	var me *value.MismatchError
	if errors.As(err, &me) {
		switch {
		case me.Path == "":
			me.Path = step
		case me.Path[0] == '[' || me.Path[0] == '(' || me.Path[0] == '?':
			me.Path = step + me.Path
		default:
			me.Path = step + "." + me.Path
		}
	}
	return err
}

func mismatch(t value.Type, v value.Value, detail string) error {
	return &value.MismatchError{Want: t, Got: v.Kind(), Detail: detail}
}

func appendValue(dst []byte, v value.Value, t value.Type) ([]byte, error) {
	if t == nil {
		return dst, errors.New("wave: no type given for the value")
	}
	switch t.Kind() {
	case value.KindOwn, value.KindBorrow, value.KindFuture, value.KindStream,
		value.KindErrorContext, value.KindMap:
		return dst, fmt.Errorf("wave: values of type %s are %w", t, ErrUnrepresentable)
	}
	if v.Kind() != t.Kind() {
		return dst, mismatch(t, v, "")
	}
	switch t := t.(type) {
	case value.Primitive:
		return appendPrimitive(dst, v, t)
	case *value.ListType:
		if t.Len > 0 && len(v.Elems()) != int(t.Len) {
			return dst, mismatch(t, v, fmt.Sprintf("fixed-length list of %d needs %d elements, got %d", t.Len, t.Len, len(v.Elems())))
		}
		return appendSeq(dst, '[', v.Elems(), func(int) value.Type { return t.Elem }, ']')
	case *value.TupleType:
		if len(v.Elems()) != len(t.Types) {
			return dst, mismatch(t, v, fmt.Sprintf("tuple needs %d elements, got %d", len(t.Types), len(v.Elems())))
		}
		return appendSeq(dst, '(', v.Elems(), func(i int) value.Type { return t.Types[i] }, ')')
	case *value.RecordType:
		return appendRecord(dst, v, t)
	case *value.VariantType:
		i := t.CaseIndex(v.Case())
		if i < 0 {
			return dst, mismatch(t, v, fmt.Sprintf("variant has no case %q", v.Case()))
		}
		p, has := v.Payload()
		return appendCase(dst, t, v, t.Cases[i].Name, true, t.Cases[i].Type, p, has)
	case *value.EnumType:
		if t.CaseIndex(v.Case()) < 0 {
			return dst, mismatch(t, v, fmt.Sprintf("enum has no case %q", v.Case()))
		}
		return appendLabel(dst, v.Case(), true), nil
	case *value.OptionType:
		if !v.IsSome() {
			return append(dst, "none"...), nil
		}
		p, _ := v.Payload()
		return appendCase(dst, t, v, "some", false, t.Elem, p, true)
	case *value.ResultType:
		p, has := v.Payload()
		if v.IsErr() {
			return appendCase(dst, t, v, "err", false, t.Err, p, has)
		}
		return appendCase(dst, t, v, "ok", false, t.Ok, p, has)
	case *value.FlagsType:
		return appendFlags(dst, v, t)
	}
	return dst, fmt.Errorf("wave: values of type %s are %w", t, ErrUnrepresentable)
}

func appendPrimitive(dst []byte, v value.Value, t value.Primitive) ([]byte, error) {
	switch t.Kind() {
	case value.KindBool:
		return strconv.AppendBool(dst, v.Bool()), nil
	case value.KindS8, value.KindS16, value.KindS32, value.KindS64:
		return strconv.AppendInt(dst, int64(v.Bits()), 10), nil
	case value.KindU8, value.KindU16, value.KindU32, value.KindU64:
		return strconv.AppendUint(dst, v.Bits(), 10), nil
	case value.KindF32:
		return appendFloat(dst, float64(v.F32()), 32), nil
	case value.KindF64:
		return appendFloat(dst, v.F64(), 64), nil
	case value.KindChar:
		r := v.Char()
		if !utf8.ValidRune(r) {
			return dst, mismatch(t, v, fmt.Sprintf("char %#x is not a Unicode scalar value", uint32(r)))
		}
		dst = append(dst, '\'')
		dst = appendEscaped(dst, r)
		return append(dst, '\''), nil
	case value.KindString:
		s := v.Str()
		if !utf8.ValidString(s) {
			return dst, mismatch(t, v, "string is not valid UTF-8")
		}
		dst = append(dst, '"')
		for _, r := range s {
			dst = appendEscaped(dst, r)
		}
		return append(dst, '"'), nil
	}
	return dst, fmt.Errorf("wave: values of type %s are %w", t, ErrUnrepresentable)
}

// appendFloat writes f as the shortest decimal that reads back as the same
// float of the given size, never with an exponent.
func appendFloat(dst []byte, f float64, bits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "nan"...)
	case math.IsInf(f, 1):
		return append(dst, "inf"...)
	case math.IsInf(f, -1):
		return append(dst, "-inf"...)
	}
	return strconv.AppendFloat(dst, f, 'f', -1, bits)
}

// appendEscaped writes r as it appears inside a char or string literal:
// quotes, backslash, tab, newline and carriage return as backslash escapes;
// control, unprintable and combining (grapheme-extending) characters as
// \u{hex}; everything else literally. This is Rust's char escaping, which
// wasm-wave uses, judged with Go's Unicode tables: characters whose class
// changed in later Unicode versions than Go's may be escaped differently
// (both forms read back the same).
func appendEscaped(dst []byte, r rune) []byte {
	if r >= ' ' && r < 0x7f && r != '\\' && r != '\'' && r != '"' {
		return append(dst, byte(r))
	}
	switch r {
	case '\\':
		return append(dst, `\\`...)
	case '\'':
		return append(dst, `\'`...)
	case '"':
		return append(dst, `\"`...)
	case '\t':
		return append(dst, `\t`...)
	case '\n':
		return append(dst, `\n`...)
	case '\r':
		return append(dst, `\r`...)
	}
	if unicode.IsControl(r) || !strconv.IsPrint(r) || isGraphemeExtend(r) {
		dst = append(dst, `\u{`...)
		dst = strconv.AppendUint(dst, uint64(r), 16)
		return append(dst, '}')
	}
	return utf8.AppendRune(dst, r)
}

func isGraphemeExtend(r rune) bool {
	return r >= 0x300 && (unicode.In(r, unicode.Mn, unicode.Me, unicode.Other_Grapheme_Extend))
}

func appendSeq(dst []byte, open byte, elems []value.Value, typeOf func(int) value.Type, close byte) ([]byte, error) {
	dst = append(dst, open)
	for i, e := range elems {
		if i > 0 {
			dst = append(dst, ", "...)
		}
		var err error
		if dst, err = appendValue(dst, e, typeOf(i)); err != nil {
			return dst, prefixPath(err, "["+strconv.Itoa(i)+"]")
		}
	}
	return append(dst, close), nil
}

func appendRecord(dst []byte, v value.Value, t *value.RecordType) ([]byte, error) {
	fields := v.Elems()
	if len(fields) != len(t.Fields) {
		return dst, mismatch(t, v, fmt.Sprintf("record needs %d fields, got %d", len(t.Fields), len(fields)))
	}
	dst = append(dst, '{')
	first := true
	for i, f := range t.Fields {
		fv := fields[i]
		if fv.Kind() == value.KindOption && f.Type != nil && f.Type.Kind() == value.KindOption && !fv.IsSome() {
			continue
		}
		if !first {
			dst = append(dst, ", "...)
		}
		first = false
		dst = append(dst, f.Name...)
		dst = append(dst, ": "...)
		var err error
		if dst, err = appendValue(dst, fv, f.Type); err != nil {
			return dst, prefixPath(err, f.Name)
		}
	}
	if first {
		dst = append(dst, ':')
	}
	return append(dst, '}'), nil
}

// appendLabel writes a case name, with a % prefix if it is a keyword and
// escape is set.
func appendLabel(dst []byte, name string, escape bool) []byte {
	if escape && isKeyword(name) {
		dst = append(dst, '%')
	}
	return append(dst, name...)
}

// appendCase writes a variant, option or result case and its payload.
func appendCase(dst []byte, t value.Type, v value.Value, name string, escape bool, pt value.Type, p value.Value, has bool) ([]byte, error) {
	switch {
	case pt == nil && has:
		return dst, mismatch(t, v, fmt.Sprintf("case %q takes no payload", name))
	case pt != nil && !has:
		return dst, mismatch(t, v, fmt.Sprintf("case %q needs a %s payload", name, pt))
	}
	dst = appendLabel(dst, name, escape)
	if !has {
		return dst, nil
	}
	dst = append(dst, '(')
	dst, err := appendValue(dst, p, pt)
	if err != nil {
		step := "(" + name + ")"
		if name == "some" && !escape {
			step = "?"
		}
		return dst, prefixPath(err, step)
	}
	return append(dst, ')'), nil
}

func appendFlags(dst []byte, v value.Value, t *value.FlagsType) ([]byte, error) {
	for _, name := range v.FlagNames() {
		if t.FlagIndex(name) < 0 {
			return dst, mismatch(t, v, fmt.Sprintf("flags has no flag %q", name))
		}
	}
	dst = append(dst, '{')
	first := true
	for _, name := range t.Names {
		if !v.HasFlag(name) {
			continue
		}
		if !first {
			dst = append(dst, ", "...)
		}
		first = false
		dst = append(dst, name...)
	}
	return append(dst, '}'), nil
}
