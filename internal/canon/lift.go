package canon

import (
	"encoding/binary"
	"fmt"
	"math"
	"unsafe"

	"github.com/weftwasm/weft/value"
)

const (
	canonicalNaN32 = 0x7fc00000
	canonicalNaN64 = 0x7ff8000000000000
)

// LiftFlat lifts one value of layout l from exactly len(l.Flat) flat core
// values (an i32 in the low 32 bits of its uint64, a float as its IEEE
// bits, as wazero passes them). It traps on bad guest values; strings and
// lists are read from opts.Memory.
func LiftFlat(opts *Options, l *Layout, flat []uint64) (value.Value, error) {
	if len(l.Flat) > MaxFlatParams || len(flat) != len(l.Flat) {
		return value.Value{}, fmt.Errorf("%w: %s takes %d flat values, got %d", ErrFlatMismatch, l.Type, len(l.Flat), len(flat))
	}
	lf := newLifter(opts)
	it := flatIter{vals: flat}
	return lf.liftFlat(l, &it)
}

// Load lifts one value of layout l stored at ptr in opts.Memory. It traps
// when ptr is not aligned for l or the value reaches past the end of memory.
func Load(opts *Options, l *Layout, ptr uint32) (value.Value, error) {
	lf := newLifter(opts)
	return lf.loadChecked(l, ptr, siteValue)
}

// LoadArray lifts n consecutive values of layout elem stored from ptr on,
// as a stream or future buffer holds them. It traps unless ptr is aligned
// for elem and the n values are in memory; n is limited like a list's
// length (a stream buffer's MAX_LENGTH is the same 2^28-1).
func LoadArray(opts *Options, elem *Layout, ptr, n uint32) ([]value.Value, error) {
	lf := newLifter(opts)
	v, err := lf.loadList(elem, ptr, n)
	if err != nil {
		return nil, err
	}
	return v.Elems(), nil
}

// lifter holds the state of one lift. Lifting never calls into the guest,
// so one view of memory serves the whole lift.
type lifter struct {
	opts *Options
	mem  []byte
	read bool   // mem has been read
	fuel uint64 // bytes the lift may still make the host allocate
}

func newLifter(opts *Options) lifter {
	if opts == nil {
		opts = &Options{}
	}
	fuel := opts.LiftFuel
	if fuel == 0 {
		fuel = DefaultLiftFuel
	}
	return lifter{opts: opts, fuel: fuel}
}

// valueSize is what one lifted value costs the host in memory.
const valueSize = uint64(unsafe.Sizeof(value.Value{}))

// consume charges n units of size bytes against the lift's fuel.
func (lf *lifter) consume(n, size uint64) error {
	if n != 0 && size > lf.fuel/n {
		return trapf(TrapFuelExhausted, "too much data is being copied between the host and the guest: fuel allocated for hostcalls has been exhausted (%d bytes left, %d×%d wanted)", lf.fuel, n, size)
	}
	lf.fuel -= n * size
	return nil
}

type flatIter struct {
	vals []uint64
	i    int
}

// next returns the next flat value; callers have checked that there are
// enough.
func (it *flatIter) next() uint64 {
	v := it.vals[it.i]
	it.i++
	return v
}

func (lf *lifter) memory() ([]byte, error) {
	if lf.read {
		return lf.mem, nil
	}
	mem, err := viewAll(lf.opts.Memory)
	if err != nil {
		return nil, err
	}
	lf.mem, lf.read = mem, true
	return mem, nil
}

// checkRange traps unless [ptr, ptr+length) is in memory and ptr is
// aligned to align.
func (lf *lifter) checkRange(ptr, length uint64, align uint32, s site) error {
	mem, err := lf.memory()
	if err != nil {
		return err
	}
	if ptr%uint64(align) != 0 {
		return pointerTrap(TrapUnaligned, s, lf.opts.Adapter, ptr, length, uint32(len(mem)))
	}
	if ptr+length > uint64(len(mem)) {
		return pointerTrap(TrapOutOfBounds, s, lf.opts.Adapter, ptr, length, uint32(len(mem)))
	}
	return nil
}

func (lf *lifter) liftFlat(l *Layout, it *flatIter) (value.Value, error) {
	switch l.shape {
	case shapeScalar:
		return liftScalar(l.kind, it.next())
	case shapeString:
		ptr, n := uint32(it.next()), uint32(it.next())
		return lf.loadString(ptr, n)
	case shapeList:
		if l.length > 0 {
			if err := lf.consume(uint64(l.length), valueSize); err != nil {
				return value.Value{}, err
			}
			vs := make([]value.Value, l.length)
			for i := range vs {
				v, err := lf.liftFlat(l.elem, it)
				if err != nil {
					return value.Value{}, err
				}
				vs[i] = v
			}
			return value.List(vs...), nil
		}
		ptr, n := uint32(it.next()), uint32(it.next())
		return lf.loadList(l.elem, ptr, n)
	case shapeMap:
		ptr, n := uint32(it.next()), uint32(it.next())
		return lf.loadMap(l.elem, ptr, n)
	case shapeRecord:
		vs := make([]value.Value, len(l.fields))
		for i, f := range l.fields {
			v, err := lf.liftFlat(f, it)
			if err != nil {
				return value.Value{}, err
			}
			vs[i] = v
		}
		if l.kind == value.KindTuple {
			return value.Tuple(vs...), nil
		}
		return value.Record(vs...), nil
	case shapeVariant:
		start := it.i
		disc := uint32(it.next())
		if disc >= uint32(len(l.cases)) {
			return value.Value{}, discriminantTrap(l, disc)
		}
		var payload value.Value
		if c := l.cases[disc]; c != nil {
			// Payloads share the joined slots; every reader masks its
			// slot to its own width, which is exactly the spec's coercion.
			var err error
			if payload, err = lf.liftFlat(c, it); err != nil {
				return value.Value{}, err
			}
		}
		it.i = start + len(l.Flat)
		return makeVariant(l, disc, payload), nil
	case shapeFlags:
		return liftFlags(l, uint32(it.next())), nil
	case shapeHandle:
		return lf.liftHandle(l, uint32(it.next()))
	}
	return value.Value{}, fmt.Errorf("canon: cannot lift %s", l.Type)
}

func (lf *lifter) load(l *Layout, ptr uint32) (value.Value, error) {
	mem := lf.mem // Load and the list loaders have checked the range.
	switch l.shape {
	case shapeScalar:
		var bits uint64
		switch l.Size {
		case 1:
			bits = uint64(mem[ptr])
		case 2:
			bits = uint64(binary.LittleEndian.Uint16(mem[ptr:]))
		case 4:
			bits = uint64(binary.LittleEndian.Uint32(mem[ptr:]))
		default:
			bits = binary.LittleEndian.Uint64(mem[ptr:])
		}
		return liftScalar(l.kind, bits)
	case shapeString:
		return lf.loadString(binary.LittleEndian.Uint32(mem[ptr:]), binary.LittleEndian.Uint32(mem[ptr+4:]))
	case shapeList:
		if l.length > 0 {
			if err := lf.consume(uint64(l.length), valueSize); err != nil {
				return value.Value{}, err
			}
			vs := make([]value.Value, l.length)
			for i := range vs {
				v, err := lf.load(l.elem, ptr+uint32(i)*l.elem.Size)
				if err != nil {
					return value.Value{}, err
				}
				vs[i] = v
			}
			return value.List(vs...), nil
		}
		return lf.loadList(l.elem, binary.LittleEndian.Uint32(mem[ptr:]), binary.LittleEndian.Uint32(mem[ptr+4:]))
	case shapeMap:
		return lf.loadMap(l.elem, binary.LittleEndian.Uint32(mem[ptr:]), binary.LittleEndian.Uint32(mem[ptr+4:]))
	case shapeRecord:
		vs := make([]value.Value, len(l.fields))
		for i, f := range l.fields {
			v, err := lf.load(f, ptr+l.offsets[i])
			if err != nil {
				return value.Value{}, err
			}
			vs[i] = v
		}
		if l.kind == value.KindTuple {
			return value.Tuple(vs...), nil
		}
		return value.Record(vs...), nil
	case shapeVariant:
		var disc uint32
		switch l.disc {
		case 1:
			disc = uint32(mem[ptr])
		case 2:
			disc = uint32(binary.LittleEndian.Uint16(mem[ptr:]))
		default:
			disc = binary.LittleEndian.Uint32(mem[ptr:])
		}
		if disc >= uint32(len(l.cases)) {
			return value.Value{}, discriminantTrap(l, disc)
		}
		var payload value.Value
		if c := l.cases[disc]; c != nil {
			var err error
			if payload, err = lf.load(c, ptr+l.payload); err != nil {
				return value.Value{}, err
			}
		}
		return makeVariant(l, disc, payload), nil
	case shapeFlags:
		var bits uint32
		switch l.Size {
		case 1:
			bits = uint32(mem[ptr])
		case 2:
			bits = uint32(binary.LittleEndian.Uint16(mem[ptr:]))
		default:
			bits = binary.LittleEndian.Uint32(mem[ptr:])
		}
		return liftFlags(l, bits), nil
	case shapeHandle:
		return lf.liftHandle(l, binary.LittleEndian.Uint32(mem[ptr:]))
	}
	return value.Value{}, fmt.Errorf("canon: cannot load %s", l.Type)
}

// liftScalar turns the bits of a core value (or of a value loaded from
// memory, zero-extended) into a scalar of kind k.
func liftScalar(k value.Kind, bits uint64) (value.Value, error) {
	switch k {
	case value.KindBool:
		return value.Bool(uint32(bits) != 0), nil
	case value.KindS8:
		return value.S8(int8(bits)), nil
	case value.KindU8:
		return value.U8(uint8(bits)), nil
	case value.KindS16:
		return value.S16(int16(bits)), nil
	case value.KindU16:
		return value.U16(uint16(bits)), nil
	case value.KindS32:
		return value.S32(int32(bits)), nil
	case value.KindU32:
		return value.U32(uint32(bits)), nil
	case value.KindS64:
		return value.S64(int64(bits)), nil
	case value.KindU64:
		return value.U64(bits), nil
	case value.KindF32:
		b := uint32(bits)
		if f := math.Float32frombits(b); f != f {
			b = canonicalNaN32
		}
		return value.F32(math.Float32frombits(b)), nil
	case value.KindF64:
		if f := math.Float64frombits(bits); f != f {
			bits = canonicalNaN64
		}
		return value.F64(math.Float64frombits(bits)), nil
	case value.KindChar:
		c := uint32(bits)
		if c >= 0x110000 || (c >= 0xD800 && c <= 0xDFFF) {
			return value.Value{}, trapf(TrapInvalidChar, "invalid `char` bit pattern (%#x)", c)
		}
		return value.Char(rune(c)), nil
	}
	return value.Value{}, fmt.Errorf("canon: %s is not a scalar", k)
}

func discriminantTrap(l *Layout, disc uint32) *Trap {
	return trapf(TrapInvalidDiscriminant, "invalid variant discriminant (%d for %s with %d cases)", disc, l.kind, len(l.cases))
}

func makeVariant(l *Layout, disc uint32, payload value.Value) value.Value {
	hasPayload := l.cases[disc] != nil
	switch l.kind {
	case value.KindOption:
		if disc == 0 {
			return value.None()
		}
		return value.Some(payload)
	case value.KindResult:
		switch {
		case disc == 0 && hasPayload:
			return value.Ok(payload)
		case disc == 0:
			return value.OkEmpty()
		case hasPayload:
			return value.Err(payload)
		}
		return value.ErrEmpty()
	case value.KindEnum:
		return value.Enum(l.names[disc])
	}
	if hasPayload {
		return value.Variant(l.names[disc], payload)
	}
	return value.VariantCase(l.names[disc])
}

func liftFlags(l *Layout, bits uint32) value.Value {
	var names []string
	for i, n := range l.names {
		if bits&(1<<i) != 0 {
			names = append(names, n)
		}
	}
	return value.Flags(names...)
}

func (lf *lifter) liftHandle(l *Layout, i uint32) (value.Value, error) {
	if lf.opts.Handles == nil {
		return value.Value{}, ErrNoHandles
	}
	h, err := lf.opts.Handles.LiftHandle(l.Type, i)
	if err != nil {
		return value.Value{}, err
	}
	switch l.kind {
	case value.KindOwn:
		return value.Own(h), nil
	case value.KindBorrow:
		return value.Borrow(h), nil
	}
	return value.HandleOf(l.kind, h), nil
}

// loadList lifts n elements of layout elem stored from ptr on.
func (lf *lifter) loadList(elem *Layout, ptr, n uint32) (value.Value, error) {
	size := uint64(n) * uint64(elem.Size)
	if size > MaxListByteLength {
		return value.Value{}, trapf(TrapListTooLong, "list of %d bytes is longer than the limit of %d", size, MaxListByteLength)
	}
	if err := lf.checkRange(uint64(ptr), size, elem.Align, siteList); err != nil {
		return value.Value{}, err
	}
	if elem.kind == value.KindU8 {
		// list<u8> lifts compactly: a byte per element, not a Value.
		if err := lf.consume(uint64(n), 1); err != nil {
			return value.Value{}, err
		}
		return value.Bytes(append([]byte(nil), lf.mem[ptr:ptr+n]...)), nil
	}
	if err := lf.consume(uint64(n), valueSize); err != nil {
		return value.Value{}, err
	}
	vs := make([]value.Value, n)
	for i := range vs {
		v, err := lf.load(elem, ptr+uint32(i)*elem.Size)
		if err != nil {
			return value.Value{}, err
		}
		vs[i] = v
	}
	return value.List(vs...), nil
}

// loadMap lifts n (key, value) records of layout pair stored from ptr on.
func (lf *lifter) loadMap(pair *Layout, ptr, n uint32) (value.Value, error) {
	size := uint64(n) * uint64(pair.Size)
	if size > MaxListByteLength {
		return value.Value{}, trapf(TrapListTooLong, "map of %d bytes is longer than the limit of %d", size, MaxListByteLength)
	}
	if err := lf.checkRange(uint64(ptr), size, pair.Align, siteList); err != nil {
		return value.Value{}, err
	}
	if err := lf.consume(2*uint64(n), valueSize); err != nil {
		return value.Value{}, err
	}
	vs := make([]value.Value, 0, 2*int(n))
	for i := range n {
		at := ptr + i*pair.Size
		for f, fl := range pair.fields {
			v, err := lf.load(fl, at+pair.offsets[f])
			if err != nil {
				return value.Value{}, err
			}
			vs = append(vs, v)
		}
	}
	return value.Map(vs...), nil
}
