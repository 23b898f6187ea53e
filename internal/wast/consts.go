package wast

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/weftwasm/weft/value"
)

// ToValue converts a json-from-wast constant to a component value.
func (c Const) ToValue() (value.Value, error) {
	fail := func(err error) (value.Value, error) {
		return value.Value{}, fmt.Errorf("bad %s constant %s: %w", c.Type, c.Value, err)
	}
	switch c.Type {
	case "bool":
		var b bool
		if err := json.Unmarshal(c.Value, &b); err != nil {
			return fail(err)
		}
		return value.Bool(b), nil
	case "u8", "u16", "u32", "u64":
		n, err := c.number(false)
		if err != nil {
			return fail(err)
		}
		return unsignedValue(c.Type, n), nil
	case "s8", "s16", "s32", "s64":
		n, err := c.number(true)
		if err != nil {
			return fail(err)
		}
		return signedValue(c.Type, int64(n)), nil
	case "f32":
		n, err := c.number(false)
		if err != nil {
			return fail(err)
		}
		return value.F32(math.Float32frombits(uint32(n))), nil
	case "f64":
		n, err := c.number(false)
		if err != nil {
			return fail(err)
		}
		return value.F64(math.Float64frombits(n)), nil
	case "char":
		var s string
		if err := json.Unmarshal(c.Value, &s); err != nil {
			return fail(err)
		}
		r := []rune(s)
		if len(r) != 1 {
			return fail(fmt.Errorf("want one character, got %d", len(r)))
		}
		return value.Char(r[0]), nil
	case "string":
		var s string
		if err := json.Unmarshal(c.Value, &s); err != nil {
			return fail(err)
		}
		return value.String(s), nil
	case "list", "tuple":
		var parts []Const
		if err := json.Unmarshal(c.Value, &parts); err != nil {
			return fail(err)
		}
		vs, err := toValues(parts)
		if err != nil {
			return fail(err)
		}
		if c.Type == "list" {
			return value.List(vs...), nil
		}
		return value.Tuple(vs...), nil
	case "record":
		var fields [][2]json.RawMessage
		if err := json.Unmarshal(c.Value, &fields); err != nil {
			return fail(err)
		}
		vs := make([]value.Value, len(fields))
		for i, f := range fields {
			var fc Const
			if err := json.Unmarshal(f[1], &fc); err != nil {
				return fail(err)
			}
			v, err := fc.ToValue()
			if err != nil {
				return fail(err)
			}
			vs[i] = v
		}
		return value.Record(vs...), nil
	case "variant":
		var v struct {
			Case    string `json:"case"`
			Payload *Const `json:"payload"`
		}
		if err := json.Unmarshal(c.Value, &v); err != nil {
			return fail(err)
		}
		if v.Payload == nil {
			return value.VariantCase(v.Case), nil
		}
		p, err := v.Payload.ToValue()
		if err != nil {
			return fail(err)
		}
		return value.Variant(v.Case, p), nil
	case "enum":
		var s string
		if err := json.Unmarshal(c.Value, &s); err != nil {
			return fail(err)
		}
		return value.Enum(s), nil
	case "option":
		if string(c.Value) == "null" {
			return value.None(), nil
		}
		var p Const
		if err := json.Unmarshal(c.Value, &p); err != nil {
			return fail(err)
		}
		v, err := p.ToValue()
		if err != nil {
			return fail(err)
		}
		return value.Some(v), nil
	case "result":
		var r map[string]*Const
		if err := json.Unmarshal(c.Value, &r); err != nil {
			return fail(err)
		}
		for side, p := range r {
			if side != "Ok" && side != "Err" || len(r) != 1 {
				return fail(fmt.Errorf("want {\"Ok\": ...} or {\"Err\": ...}"))
			}
			if p == nil {
				if side == "Ok" {
					return value.OkEmpty(), nil
				}
				return value.ErrEmpty(), nil
			}
			v, err := p.ToValue()
			if err != nil {
				return fail(err)
			}
			if side == "Ok" {
				return value.Ok(v), nil
			}
			return value.Err(v), nil
		}
		return fail(fmt.Errorf("empty result"))
	case "flags":
		var names []string
		if err := json.Unmarshal(c.Value, &names); err != nil {
			return fail(err)
		}
		return value.Flags(names...), nil
	}
	return value.Value{}, fmt.Errorf("unsupported constant type %q", c.Type)
}

func toValues(cs []Const) ([]value.Value, error) {
	vs := make([]value.Value, len(cs))
	for i, c := range cs {
		v, err := c.ToValue()
		if err != nil {
			return nil, err
		}
		vs[i] = v
	}
	return vs, nil
}

func (c Const) number(signed bool) (uint64, error) {
	var s string
	if err := json.Unmarshal(c.Value, &s); err != nil {
		return 0, err
	}
	if signed {
		n, err := strconv.ParseInt(s, 10, 64)
		return uint64(n), err
	}
	return strconv.ParseUint(s, 10, 64)
}

func unsignedValue(t string, n uint64) value.Value {
	switch t {
	case "u8":
		return value.U8(uint8(n))
	case "u16":
		return value.U16(uint16(n))
	case "u32":
		return value.U32(uint32(n))
	}
	return value.U64(n)
}

func signedValue(t string, n int64) value.Value {
	switch t {
	case "s8":
		return value.S8(int8(n))
	case "s16":
		return value.S16(int16(n))
	case "s32":
		return value.S32(int32(n))
	}
	return value.S64(n)
}

// Equal reports whether two component values are equal: structurally, with
// floats compared by bits except that any NaN equals any NaN, and flags
// compared as sets.
func Equal(a, b value.Value) bool {
	if a.Kind() != b.Kind() {
		return false
	}
	switch a.Kind() {
	case value.KindF32:
		x, y := a.F32(), b.F32()
		return x != x && y != y || math.Float32bits(x) == math.Float32bits(y)
	case value.KindF64:
		x, y := a.F64(), b.F64()
		return x != x && y != y || math.Float64bits(x) == math.Float64bits(y)
	case value.KindString:
		return a.Str() == b.Str()
	case value.KindList, value.KindRecord, value.KindTuple, value.KindMap:
		return equalAll(a.Elems(), b.Elems())
	case value.KindVariant:
		if a.Case() != b.Case() {
			return false
		}
		return equalPayload(a, b)
	case value.KindEnum:
		return a.Case() == b.Case()
	case value.KindOption:
		return a.IsSome() == b.IsSome() && equalPayload(a, b)
	case value.KindResult:
		return a.IsErr() == b.IsErr() && equalPayload(a, b)
	case value.KindFlags:
		an, bn := a.FlagNames(), b.FlagNames()
		if len(an) != len(bn) {
			return false
		}
		for _, n := range an {
			if !b.HasFlag(n) {
				return false
			}
		}
		return true
	case value.KindOwn, value.KindBorrow, value.KindFuture, value.KindStream, value.KindErrorContext:
		return a.Handle() == b.Handle()
	}
	return a.Bits() == b.Bits()
}

func equalPayload(a, b value.Value) bool {
	pa, oka := a.Payload()
	pb, okb := b.Payload()
	return oka == okb && (!oka || Equal(pa, pb))
}

func equalAll(a, b []value.Value) bool {
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
