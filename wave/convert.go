package wave

import (
	"errors"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/weftwasm/weft/value"
)

// converter turns parsed nodes into typed values.
type converter struct {
	src string
}

func (n *node) err(kind ErrorKind) *Error { return newError(kind, n.start, n.end) }

// convertErr is an "error converting Wasm value" error on node n.
func (n *node) convertErr(msg string) *Error {
	return newErrorDetail(ErrConvert, n.start, n.end, msg)
}

func (c *converter) text(n *node) string { return c.src[n.start:n.end] }

func (c *converter) value(n *node, t value.Type) (value.Value, error) {
	switch t := t.(type) {
	case value.Primitive:
		return c.primitive(n, t.Kind())
	case *value.ListType:
		return c.list(n, t)
	case *value.RecordType:
		return c.record(n, t)
	case *value.TupleType:
		return c.tuple(n, t)
	case *value.VariantType:
		return c.variant(n, t)
	case *value.EnumType:
		return c.enum(n, t)
	case *value.OptionType:
		return c.option(n, t)
	case *value.ResultType:
		return c.result(n, t)
	case *value.FlagsType:
		return c.flags(n, t)
	case nil:
		return value.Value{}, n.convertErr("no type to convert to")
	}
	e := n.convertErr("unsupported type " + t.String())
	e.Err = ErrUnrepresentable
	return value.Value{}, e
}

func (c *converter) primitive(n *node, k value.Kind) (value.Value, error) {
	switch k {
	case value.KindBool:
		switch n.kind {
		case nodeTrue:
			return value.Bool(true), nil
		case nodeFalse:
			return value.Bool(false), nil
		}
		return value.Value{}, n.err(ErrInvalidType)
	case value.KindS8, value.KindS16, value.KindS32, value.KindS64:
		bits := intBits(k)
		if n.kind != nodeNumber {
			return value.Value{}, n.err(ErrInvalidType)
		}
		x, err := strconv.ParseInt(c.text(n), 10, bits)
		if err != nil {
			return value.Value{}, n.err(ErrInvalidValue)
		}
		switch k {
		case value.KindS8:
			return value.S8(int8(x)), nil
		case value.KindS16:
			return value.S16(int16(x)), nil
		case value.KindS32:
			return value.S32(int32(x)), nil
		}
		return value.S64(x), nil
	case value.KindU8, value.KindU16, value.KindU32, value.KindU64:
		bits := intBits(k)
		if n.kind != nodeNumber {
			return value.Value{}, n.err(ErrInvalidType)
		}
		x, err := strconv.ParseUint(c.text(n), 10, bits)
		if err != nil {
			return value.Value{}, n.err(ErrInvalidValue)
		}
		switch k {
		case value.KindU8:
			return value.U8(uint8(x)), nil
		case value.KindU16:
			return value.U16(uint16(x)), nil
		case value.KindU32:
			return value.U32(uint32(x)), nil
		}
		return value.U64(x), nil
	case value.KindF32, value.KindF64:
		if n.kind != nodeNumber {
			return value.Value{}, n.err(ErrInvalidType)
		}
		bits := 64
		if k == value.KindF32 {
			bits = 32
		}
		f, err := parseFloat(c.text(n), bits)
		if err != nil {
			return value.Value{}, n.err(ErrInvalidValue)
		}
		if k == value.KindF32 {
			return value.F32(float32(f)), nil
		}
		return value.F64(f), nil
	case value.KindChar:
		return c.char(n)
	case value.KindString:
		s, err := c.str(n)
		if err != nil {
			return value.Value{}, err
		}
		return value.String(s), nil
	}
	e := n.convertErr("unsupported type " + k.String())
	e.Err = ErrUnrepresentable
	return value.Value{}, e
}

// intBits returns the width of an integer kind.
func intBits(k value.Kind) int {
	switch k {
	case value.KindS8, value.KindU8:
		return 8
	case value.KindS16, value.KindU16:
		return 16
	case value.KindS32, value.KindU32:
		return 32
	}
	return 64
}

// parseFloat parses a number token as a float of the given size. Values
// beyond the range round to infinity and tiny ones to zero, as in Rust.
func parseFloat(s string, bits int) (float64, error) {
	f, err := strconv.ParseFloat(s, bits)
	if err != nil {
		var ne *strconv.NumError
		if !errors.As(err, &ne) || ne.Err != strconv.ErrRange {
			return 0, err
		}
	}
	if math.IsNaN(f) {
		f = math.NaN()
	}
	return f, nil
}

func (c *converter) char(n *node) (value.Value, error) {
	if n.kind != nodeChar {
		return value.Value{}, n.err(ErrInvalidType)
	}
	inner := c.src[n.start+1 : n.end-1]
	var r rune
	var size int
	if inner != "" && inner[0] == '\\' {
		var ok bool
		if r, size, ok = unescape(inner); !ok {
			return value.Value{}, n.err(ErrInvalidEscape)
		}
	} else {
		r, size = utf8.DecodeRuneInString(inner)
	}
	if size != len(inner) {
		return value.Value{}, n.err(ErrMultipleChars)
	}
	return value.Char(r), nil
}

func (c *converter) str(n *node) (string, error) {
	switch n.kind {
	case nodeString:
		return decodeString(c.text(n), n.start)
	case nodeMultilineString:
		return decodeMultiline(c.text(n), n.start)
	}
	return "", n.err(ErrInvalidType)
}

func (c *converter) list(n *node, t *value.ListType) (value.Value, error) {
	if n.kind != nodeList {
		return value.Value{}, n.err(ErrInvalidType)
	}
	if t.Len > 0 && len(n.children) != int(t.Len) {
		return value.Value{}, n.convertErr("expected " + strconv.FormatUint(uint64(t.Len), 10) +
			" list elements; got " + strconv.Itoa(len(n.children)))
	}
	elems := make([]value.Value, len(n.children))
	for i := range n.children {
		v, err := c.value(&n.children[i], t.Elem)
		if err != nil {
			return value.Value{}, err
		}
		elems[i] = v
	}
	return value.List(elems...), nil
}

func (c *converter) record(n *node, t *value.RecordType) (value.Value, error) {
	if n.kind != nodeRecord {
		return value.Value{}, n.err(ErrInvalidType)
	}
	// Which input field, if any, gives each type field.
	given := make([]int, len(t.Fields))
	for i := range given {
		given[i] = -1
	}
	for i := 0; i < len(n.children); i += 2 {
		name := n.children[i].label(c.src)
		j := fieldIndex(t, name)
		if j < 0 {
			return value.Value{}, n.convertErr("unknown field " + strconv.Quote(name))
		}
		given[j] = i + 1
	}
	fields := make([]value.Value, len(t.Fields))
	for j, f := range t.Fields {
		if given[j] < 0 {
			if f.Type != nil && f.Type.Kind() == value.KindOption {
				fields[j] = value.None()
				continue
			}
			return value.Value{}, n.convertErr("missing field " + strconv.Quote(f.Name))
		}
		v, err := c.value(&n.children[given[j]], f.Type)
		if err != nil {
			return value.Value{}, err
		}
		fields[j] = v
	}
	return value.Record(fields...), nil
}

func fieldIndex(t *value.RecordType, name string) int {
	for i, f := range t.Fields {
		if f.Name == name {
			return i
		}
	}
	return -1
}

func (c *converter) tuple(n *node, t *value.TupleType) (value.Value, error) {
	if n.kind != nodeTuple {
		return value.Value{}, n.err(ErrInvalidType)
	}
	if len(n.children) != len(t.Types) {
		return value.Value{}, n.convertErr("expected " + strconv.Itoa(len(t.Types)) +
			" tuple elements; got " + strconv.Itoa(len(n.children)))
	}
	elems := make([]value.Value, len(t.Types))
	for i, et := range t.Types {
		v, err := c.value(&n.children[i], et)
		if err != nil {
			return value.Value{}, err
		}
		elems[i] = v
	}
	return value.Tuple(elems...), nil
}

func (c *converter) variant(n *node, t *value.VariantType) (value.Value, error) {
	var label string
	var payload *node
	switch n.kind {
	case nodeLabel:
		label = n.label(c.src)
	case nodeVariant:
		label = n.children[0].label(c.src)
		payload = &n.children[1]
	default:
		return value.Value{}, n.err(ErrInvalidType)
	}
	i := t.CaseIndex(label)
	if i < 0 {
		return value.Value{}, n.convertErr("unknown case " + strconv.Quote(label))
	}
	cs := t.Cases[i]
	p, has, err := c.payload(n, cs.Name, cs.Type, payload)
	if err != nil {
		return value.Value{}, err
	}
	if has {
		return value.Variant(cs.Name, p), nil
	}
	return value.VariantCase(cs.Name), nil
}

// payload converts the payload of a case: it must be present exactly when
// the case has a payload type.
func (c *converter) payload(n *node, name string, t value.Type, payload *node) (value.Value, bool, error) {
	switch {
	case t != nil && payload != nil:
		v, err := c.value(payload, t)
		return v, true, err
	case t != nil:
		return value.Value{}, false, n.convertErr("missing payload for " + strconv.Quote(name) + " case")
	case payload != nil:
		return value.Value{}, false, n.convertErr("unexpected payload for " + strconv.Quote(name) + " case")
	}
	return value.Value{}, false, nil
}

func (c *converter) enum(n *node, t *value.EnumType) (value.Value, error) {
	if n.kind != nodeLabel {
		return value.Value{}, n.err(ErrInvalidType)
	}
	label := n.label(c.src)
	i := t.CaseIndex(label)
	if i < 0 {
		return value.Value{}, n.convertErr("unknown case " + strconv.Quote(label))
	}
	return value.Enum(t.Cases[i]), nil
}

// flattenable reports whether a value of type t may stand for some(v) or
// ok(v) without the wrapper.
func flattenable(t value.Type) bool {
	if t == nil {
		return false
	}
	k := t.Kind()
	return k != value.KindOption && k != value.KindResult
}

func (c *converter) option(n *node, t *value.OptionType) (value.Value, error) {
	switch n.kind {
	case nodeSome:
		v, err := c.value(&n.children[0], t.Elem)
		if err != nil {
			return value.Value{}, err
		}
		return value.Some(v), nil
	case nodeNone:
		return value.None(), nil
	}
	if !flattenable(t.Elem) {
		return value.Value{}, n.err(ErrInvalidType)
	}
	v, err := c.value(n, t.Elem)
	if err != nil {
		return value.Value{}, err
	}
	return value.Some(v), nil
}

func (c *converter) result(n *node, t *value.ResultType) (value.Value, error) {
	var payload *node
	if len(n.children) > 0 {
		payload = &n.children[0]
	}
	switch n.kind {
	case nodeOk:
		v, has, err := c.payload(n, "ok", t.Ok, payload)
		switch {
		case err != nil:
			return value.Value{}, err
		case has:
			return value.Ok(v), nil
		}
		return value.OkEmpty(), nil
	case nodeErr:
		v, has, err := c.payload(n, "err", t.Err, payload)
		switch {
		case err != nil:
			return value.Value{}, err
		case has:
			return value.Err(v), nil
		}
		return value.ErrEmpty(), nil
	}
	if t.Ok == nil || !flattenable(t.Ok) {
		return value.Value{}, n.err(ErrInvalidType)
	}
	v, err := c.value(n, t.Ok)
	if err != nil {
		return value.Value{}, err
	}
	return value.Ok(v), nil
}

func (c *converter) flags(n *node, t *value.FlagsType) (value.Value, error) {
	if n.kind != nodeFlags {
		return value.Value{}, n.err(ErrInvalidType)
	}
	set := make([]bool, len(t.Names))
	unknown := "" // of several unknown flags, report the first by name, as wasm-wave does
	for i := range n.children {
		name := n.children[i].label(c.src)
		j := t.FlagIndex(name)
		if j < 0 {
			if unknown == "" || name < unknown {
				unknown = name
			}
			continue
		}
		set[j] = true
	}
	if unknown != "" {
		return value.Value{}, n.convertErr("unknown case " + strconv.Quote(unknown))
	}
	names := make([]string, 0, len(n.children))
	for j, on := range set {
		if on {
			names = append(names, t.Names[j])
		}
	}
	return value.Flags(names...), nil
}
