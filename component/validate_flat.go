package component

import (
	"github.com/weftwasm/weft/value"
)

// flatList accumulates flattened core types up to a limit (CanonicalABI.md,
// "Flattening").
type flatList struct {
	types []CoreValType
	max   int
}

func (l *flatList) push(t CoreValType) bool {
	if len(l.types) >= l.max {
		return false
	}
	l.types = append(l.types, t)
	return true
}

// flatten appends the flat form of t; false when it exceeds the limit.
func flatten(t value.Type, ptr CoreValType, l *flatList) bool {
	switch t := t.(type) {
	case value.Primitive:
		switch value.Kind(t) {
		case value.KindS64, value.KindU64:
			return l.push(i64)
		case value.KindF32:
			return l.push(f32)
		case value.KindF64:
			return l.push(f64)
		case value.KindString:
			return l.push(ptr) && l.push(ptr)
		}
		return l.push(i32)
	case *value.RecordType:
		for _, f := range t.Fields {
			if !flatten(f.Type, ptr, l) {
				return false
			}
		}
		return true
	case *value.TupleType:
		for _, e := range t.Types {
			if !flatten(e, ptr, l) {
				return false
			}
		}
		return true
	case *value.ListType:
		if t.Len == 0 {
			return l.push(ptr) && l.push(ptr)
		}
		for i := uint32(0); i < t.Len; i++ {
			if !flatten(t.Elem, ptr, l) {
				return false
			}
		}
		return true
	case *value.MapType:
		return l.push(ptr) && l.push(ptr)
	case *value.FlagsType:
		for i := 0; i < (len(t.Names)+31)/32; i++ {
			if !l.push(i32) {
				return false
			}
		}
		return true
	case *value.VariantType:
		cases := make([]value.Type, 0, len(t.Cases))
		for _, c := range t.Cases {
			if c.Type != nil {
				cases = append(cases, c.Type)
			}
		}
		return flattenVariant(cases, ptr, l)
	case *value.OptionType:
		return flattenVariant([]value.Type{t.Elem}, ptr, l)
	case *value.ResultType:
		var cases []value.Type
		if t.Ok != nil {
			cases = append(cases, t.Ok)
		}
		if t.Err != nil {
			cases = append(cases, t.Err)
		}
		return flattenVariant(cases, ptr, l)
	}
	// enum, own, borrow, future, stream, error-context
	return l.push(i32)
}

func flattenVariant(cases []value.Type, ptr CoreValType, l *flatList) bool {
	if !l.push(i32) {
		return false
	}
	start := len(l.types)
	for _, c := range cases {
		tmp := &flatList{max: l.max}
		if !flatten(c, ptr, tmp) {
			return false
		}
		for i, t := range tmp.types {
			if start+i < len(l.types) {
				l.types[start+i] = joinFlat(l.types[start+i], t)
			} else if !l.push(t) {
				return false
			}
		}
	}
	return true
}

func joinFlat(a, b CoreValType) CoreValType {
	if a == b {
		return a
	}
	if (a == i32 && b == f32) || (a == f32 && b == i32) {
		return i32
	}
	return i64
}

// lowerSignature computes the core signature of a lifted (lift true) or
// lowered function, checking that the options provide the memory and
// realloc the type needs.
func lowerSignature(f *value.FuncType, o *canonOptions, lift bool, facts *valFacts) (*CoreFuncType, error) {
	containsPtr := facts.hasPtr
	ptr := o.ptr
	params := &flatList{max: maxFlatParams}
	if !lift && o.async {
		params.max = maxFlatAsync
	}
	for _, p := range f.Params {
		if containsPtr(p.Type) {
			if lift {
				if err := o.requireRealloc(); err != nil {
					return nil, err
				}
			} else if err := o.requireMemory(); err != nil {
				return nil, err
			}
		}
		if !flatten(p.Type, ptr, params) {
			params.types = []CoreValType{ptr}
			if err := o.requireMemory(); err != nil {
				return nil, err
			}
			if lift {
				if err := o.requireRealloc(); err != nil {
					return nil, err
				}
			}
			break
		}
	}
	if f.Result != nil && !lift && containsPtr(f.Result) {
		if err := o.requireRealloc(); err != nil {
			return nil, err
		}
	}
	var results []CoreValType
	switch {
	case !o.async:
		if f.Result != nil {
			rl := &flatList{max: maxFlatResults}
			if flatten(f.Result, ptr, rl) {
				results = rl.types
			} else {
				if err := o.requireMemory(); err != nil {
					return nil, err
				}
				if lift {
					results = []CoreValType{ptr}
				} else {
					params.types = append(params.types, ptr)
				}
			}
		}
	case !lift:
		if f.Result != nil {
			params.types = append(params.types, i32)
			if err := o.requireMemory(); err != nil {
				return nil, err
			}
		}
		results = []CoreValType{i32}
	default:
		if f.Result != nil {
			overflow := !flatten(f.Result, ptr, &flatList{max: maxFlatParams})
			if overflow || containsPtr(f.Result) {
				if err := o.requireMemory(); err != nil {
					return nil, err
				}
			}
		}
		if o.callback {
			results = []CoreValType{i32}
		}
	}
	return &CoreFuncType{Params: params.types, Results: results}, nil
}

// maxElemSize bounds the in-memory size of every value type: Validation
// requires elem_size(t) < 2^28 with 64-bit pointers (CanonicalABI.md,
// "Element Size").
const maxElemSize = 1 << 28

// sizeAlign is a type's canonical ABI size and alignment with 64-bit
// pointers; sizes saturate at maxElemSize.
type sizeAlign struct{ size, align uint64 }

func satAdd(a, b uint64) uint64 {
	if a+b > maxElemSize || a+b < a {
		return maxElemSize
	}
	return a + b
}

func alignTo(n, a uint64) uint64 {
	if n >= maxElemSize {
		return maxElemSize
	}
	return satAdd(n, (a-n%a)%a)
}

// elemSize computes sizeAlign for t, memoized.
func (v *validator) elemSize(t value.Type) sizeAlign {
	if sa, ok := v.facts.byteSizes[t]; ok {
		return sa
	}
	sa := v.elemSizeUncached(t)
	v.facts.byteSizes[t] = sa
	return sa
}

func (v *validator) elemSizeUncached(t value.Type) sizeAlign {
	record := func(ts []value.Type) sizeAlign {
		var size, align uint64 = 0, 1
		for _, e := range ts {
			sa := v.elemSize(e)
			size = satAdd(alignTo(size, sa.align), sa.size)
			align = max(align, sa.align)
		}
		return sizeAlign{alignTo(size, align), align}
	}
	variant := func(n int, cases []value.Type) sizeAlign {
		disc := uint64(4)
		switch {
		case n <= 1<<8:
			disc = 1
		case n <= 1<<16:
			disc = 2
		}
		var maxSize, maxAlign uint64 = 0, 1
		for _, c := range cases {
			if c == nil {
				continue
			}
			sa := v.elemSize(c)
			maxSize = max(maxSize, sa.size)
			maxAlign = max(maxAlign, sa.align)
		}
		align := max(disc, maxAlign)
		size := satAdd(alignTo(disc, maxAlign), maxSize)
		return sizeAlign{alignTo(size, align), align}
	}
	switch t := t.(type) {
	case value.Primitive:
		switch value.Kind(t) {
		case value.KindBool, value.KindS8, value.KindU8:
			return sizeAlign{1, 1}
		case value.KindS16, value.KindU16:
			return sizeAlign{2, 2}
		case value.KindS64, value.KindU64, value.KindF64:
			return sizeAlign{8, 8}
		case value.KindString:
			return sizeAlign{16, 8}
		}
		return sizeAlign{4, 4}
	case *value.ListType:
		if t.Len == 0 {
			return sizeAlign{16, 8}
		}
		e := v.elemSize(t.Elem)
		size := e.size * uint64(t.Len)
		if e.size != 0 && (size/e.size != uint64(t.Len) || size > maxElemSize) {
			size = maxElemSize
		}
		return sizeAlign{size, e.align}
	case *value.MapType:
		return sizeAlign{16, 8}
	case *value.RecordType:
		ts := make([]value.Type, len(t.Fields))
		for i, f := range t.Fields {
			ts[i] = f.Type
		}
		return record(ts)
	case *value.TupleType:
		return record(t.Types)
	case *value.VariantType:
		ts := make([]value.Type, len(t.Cases))
		for i, c := range t.Cases {
			ts[i] = c.Type
		}
		return variant(len(t.Cases), ts)
	case *value.EnumType:
		return variant(len(t.Cases), nil)
	case *value.OptionType:
		return variant(2, []value.Type{t.Elem})
	case *value.ResultType:
		return variant(2, []value.Type{t.Ok, t.Err})
	case *value.FlagsType:
		switch n := len(t.Names); {
		case n <= 8:
			return sizeAlign{1, 1}
		case n <= 16:
			return sizeAlign{2, 2}
		default:
			return sizeAlign{4 * uint64((n+31)/32), 4}
		}
	}
	return sizeAlign{4, 4}
}
