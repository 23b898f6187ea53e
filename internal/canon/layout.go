package canon

import (
	"fmt"
	"math"
	"sync"

	"github.com/weftwasm/weft/value"
)

// shape is a type after despecialization: what lifting and lowering
// actually dispatch on.
type shape uint8

const (
	shapeScalar  shape = iota + 1 // bool, integers, floats, char
	shapeString                   // string
	shapeList                     // list<T> and list<T, N>
	shapeMap                      // map<K, V>: a list of (K, V) records
	shapeRecord                   // record, tuple
	shapeVariant                  // variant, enum, option, result
	shapeFlags                    // flags
	shapeHandle                   // own, borrow, future, stream, error-context
)

// Layout is the canonical ABI layout of one value type: its size and
// alignment in memory and its flattening into core values. A Layout is
// immutable and safe for concurrent use.
type Layout struct {
	Type  value.Type
	Size  uint32     // elem_size
	Align uint32     // alignment
	Flat  []CoreType // flatten_type; for variants, the joined payload slots after the discriminant

	shape   shape
	kind    value.Kind // the type's own kind (before despecialization)
	elem    *Layout    // list element; for a map, the (key, value) record
	length  uint32     // fixed list length, 0 for variable-length lists
	fields  []*Layout  // record or tuple fields; a map's (key, value) record
	offsets []uint32   // offset of each field
	cases   []*Layout  // variant payloads, nil for a case without one
	names   []string   // variant or enum case names, flag names
	disc    uint32     // variant discriminant size in bytes
	payload uint32     // variant payload offset
}

// Cache computes layouts and keeps them by type identity, so that a type
// reached again (the same value.Type, e.g. the same *RecordType) is laid
// out once. The zero Cache is ready to use and safe for concurrent use.
type Cache struct {
	mu sync.Mutex
	m  map[value.Type]*Layout
}

// Layout returns the layout of t, or an error when t is not a valid value
// type (a nil part, an empty record, variant, enum or flags, more than 32
// flags, a fixed-length list of length 0, or a type larger than 4 GiB).
func (c *Cache) Layout(t value.Type) (*Layout, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[value.Type]*Layout)
	}
	return c.layout(t)
}

func (c *Cache) layout(t value.Type) (*Layout, error) {
	if t == nil {
		return nil, fmt.Errorf("canon: missing type")
	}
	if l, ok := c.m[t]; ok {
		return l, nil
	}
	l, err := c.compute(t)
	if err != nil {
		return nil, err
	}
	c.m[t] = l
	return l, nil
}

func (c *Cache) compute(t value.Type) (*Layout, error) {
	l := &Layout{Type: t, kind: t.Kind()}
	switch t := t.(type) {
	case value.Primitive:
		return primitiveLayout(l, t)
	case *value.ListType:
		elem, err := c.layout(t.Elem)
		if err != nil {
			return nil, err
		}
		l.shape, l.elem, l.length = shapeList, elem, t.Len
		if t.Len == 0 {
			l.Size, l.Align, l.Flat = 8, 4, []CoreType{I32, I32}
			return l, nil
		}
		size := uint64(elem.Size) * uint64(t.Len)
		if size > math.MaxUint32 {
			return nil, fmt.Errorf("canon: %s is larger than 4 GiB", t)
		}
		l.Size, l.Align = uint32(size), elem.Align
		for i := uint32(0); i < t.Len && len(l.Flat) <= MaxFlatParams; i++ {
			l.Flat = appendFlat(l.Flat, elem.Flat)
		}
		return l, nil
	case *value.MapType:
		k, err := c.layout(t.Key)
		if err != nil {
			return nil, err
		}
		v, err := c.layout(t.Value)
		if err != nil {
			return nil, err
		}
		pair, err := recordLayout(&Layout{Type: &value.TupleType{Types: []value.Type{t.Key, t.Value}}, kind: value.KindTuple}, []*Layout{k, v})
		if err != nil {
			return nil, err
		}
		l.shape, l.elem = shapeMap, pair
		l.Size, l.Align, l.Flat = 8, 4, []CoreType{I32, I32}
		return l, nil
	case *value.RecordType:
		if len(t.Fields) == 0 {
			return nil, fmt.Errorf("canon: record %s has no fields", t.Name)
		}
		fs := make([]*Layout, len(t.Fields))
		for i, f := range t.Fields {
			fl, err := c.layout(f.Type)
			if err != nil {
				return nil, err
			}
			fs[i] = fl
		}
		return recordLayout(l, fs)
	case *value.TupleType:
		if len(t.Types) == 0 {
			return nil, fmt.Errorf("canon: tuple has no elements")
		}
		fs := make([]*Layout, len(t.Types))
		for i, et := range t.Types {
			fl, err := c.layout(et)
			if err != nil {
				return nil, err
			}
			fs[i] = fl
		}
		return recordLayout(l, fs)
	case *value.VariantType:
		if len(t.Cases) == 0 {
			return nil, fmt.Errorf("canon: variant %s has no cases", t.Name)
		}
		cs := make([]*Layout, len(t.Cases))
		names := make([]string, len(t.Cases))
		for i, cse := range t.Cases {
			names[i] = cse.Name
			if cse.Type == nil {
				continue
			}
			cl, err := c.layout(cse.Type)
			if err != nil {
				return nil, err
			}
			cs[i] = cl
		}
		return variantLayout(l, names, cs)
	case *value.EnumType:
		if len(t.Cases) == 0 {
			return nil, fmt.Errorf("canon: enum %s has no cases", t.Name)
		}
		return variantLayout(l, t.Cases, make([]*Layout, len(t.Cases)))
	case *value.OptionType:
		some, err := c.layout(t.Elem)
		if err != nil {
			return nil, err
		}
		return variantLayout(l, []string{"none", "some"}, []*Layout{nil, some})
	case *value.ResultType:
		cs := make([]*Layout, 2)
		for i, side := range []value.Type{t.Ok, t.Err} {
			if side == nil {
				continue
			}
			sl, err := c.layout(side)
			if err != nil {
				return nil, err
			}
			cs[i] = sl
		}
		return variantLayout(l, []string{"ok", "error"}, cs)
	case *value.FlagsType:
		n := len(t.Names)
		if n == 0 || n > 32 {
			return nil, fmt.Errorf("canon: flags %s has %d flags, want 1 to 32", t.Name, n)
		}
		l.shape, l.names, l.Flat = shapeFlags, t.Names, []CoreType{I32}
		switch {
		case n <= 8:
			l.Size = 1
		case n <= 16:
			l.Size = 2
		default:
			l.Size = 4
		}
		l.Align = l.Size
		return l, nil
	case *value.OwnType, *value.BorrowType, *value.FutureType, *value.StreamType:
		l.shape, l.Size, l.Align, l.Flat = shapeHandle, 4, 4, []CoreType{I32}
		return l, nil
	}
	return nil, fmt.Errorf("canon: unsupported type %T", t)
}

func primitiveLayout(l *Layout, p value.Primitive) (*Layout, error) {
	l.shape = shapeScalar
	switch p.Kind() {
	case value.KindBool, value.KindS8, value.KindU8:
		l.Size, l.Flat = 1, []CoreType{I32}
	case value.KindS16, value.KindU16:
		l.Size, l.Flat = 2, []CoreType{I32}
	case value.KindS32, value.KindU32, value.KindChar:
		l.Size, l.Flat = 4, []CoreType{I32}
	case value.KindS64, value.KindU64:
		l.Size, l.Flat = 8, []CoreType{I64}
	case value.KindF32:
		l.Size, l.Flat = 4, []CoreType{F32}
	case value.KindF64:
		l.Size, l.Flat = 8, []CoreType{F64}
	case value.KindString:
		l.shape, l.Size, l.Align, l.Flat = shapeString, 8, 4, []CoreType{I32, I32}
		return l, nil
	case value.KindErrorContext:
		l.shape, l.Size, l.Flat = shapeHandle, 4, []CoreType{I32}
	default:
		return nil, fmt.Errorf("canon: invalid primitive type %s", p)
	}
	l.Align = l.Size
	return l, nil
}

func recordLayout(l *Layout, fs []*Layout) (*Layout, error) {
	l.shape, l.fields = shapeRecord, fs
	l.offsets = make([]uint32, len(fs))
	var size uint64
	l.Align = 1
	for i, f := range fs {
		size = alignUp(size, f.Align)
		l.offsets[i] = uint32(size)
		size += uint64(f.Size)
		if size > math.MaxUint32 {
			return nil, fmt.Errorf("canon: %s is larger than 4 GiB", l.Type)
		}
		l.Align = max(l.Align, f.Align)
		l.Flat = appendFlat(l.Flat, f.Flat)
	}
	size = alignUp(size, l.Align)
	if size > math.MaxUint32 {
		return nil, fmt.Errorf("canon: %s is larger than 4 GiB", l.Type)
	}
	l.Size = uint32(size)
	return l, nil
}

// appendFlat appends flat to dst, but stops growing past MaxFlatParams+1
// entries: a type that long is never passed flat, only its count matters,
// and capping keeps a list<T, N> with a huge N from costing memory.
func appendFlat(dst, flat []CoreType) []CoreType {
	if len(dst)+len(flat) > MaxFlatParams+1 {
		for len(dst) < MaxFlatParams+1 {
			dst = append(dst, I64)
		}
		return dst
	}
	return append(dst, flat...)
}

func variantLayout(l *Layout, names []string, cs []*Layout) (*Layout, error) {
	l.shape, l.names, l.cases = shapeVariant, names, cs
	n := len(names)
	switch {
	case n <= 1<<8:
		l.disc = 1
	case n <= 1<<16:
		l.disc = 2
	default:
		l.disc = 4
	}
	caseAlign := uint32(1)
	var caseSize uint32
	var joined []CoreType
	for _, c := range cs {
		if c == nil {
			continue
		}
		caseAlign = max(caseAlign, c.Align)
		caseSize = max(caseSize, c.Size)
		for i, ft := range c.Flat {
			if i < len(joined) {
				joined[i] = join(joined[i], ft)
			} else {
				joined = append(joined, ft)
			}
		}
	}
	l.Align = max(l.disc, caseAlign)
	l.payload = uint32(alignUp(uint64(l.disc), caseAlign))
	size := alignUp(uint64(l.payload)+uint64(caseSize), l.Align)
	if size > math.MaxUint32 {
		return nil, fmt.Errorf("canon: %s is larger than 4 GiB", l.Type)
	}
	l.Size = uint32(size)
	l.Flat = appendFlat([]CoreType{I32}, joined)
	return l, nil
}

func join(a, b CoreType) CoreType {
	switch {
	case a == b:
		return a
	case (a == I32 && b == F32) || (a == F32 && b == I32):
		return I32
	}
	return I64
}

func alignUp(n uint64, align uint32) uint64 {
	a := uint64(align)
	return (n + a - 1) / a * a
}
