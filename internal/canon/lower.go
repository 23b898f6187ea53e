package canon

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/weftwasm/weft/value"
)

// errMismatch is raised deep inside lowering when a value does not have
// its layout's type; the entry points replace it with value.Check's
// error, which names the offending part.
var errMismatch = errors.New("canon: value does not match its type")

// LowerFlat lowers v, a value of layout l, to flat core values appended to
// dst. Strings and lists are allocated with opts.Realloc in opts.Memory.
func LowerFlat(ctx context.Context, opts *Options, l *Layout, v value.Value, dst []uint64) ([]uint64, error) {
	if len(l.Flat) > MaxFlatParams {
		return dst, fmt.Errorf("%w: %s flattens to more than %d values", ErrFlatMismatch, l.Type, MaxFlatParams)
	}
	lw := newLowerer(ctx, opts)
	out, err := lw.lowerFlat(l, v, dst)
	return out, explain(err, l, v)
}

// Store lowers v, a value of layout l, into memory at ptr. It traps when
// ptr is not aligned for l or the value does not fit in memory.
func Store(ctx context.Context, opts *Options, l *Layout, v value.Value, ptr uint32) error {
	lw := newLowerer(ctx, opts)
	if err := lw.checkRange(ptr, l.Size, l.Align, siteValue); err != nil {
		return err
	}
	return explain(lw.store(l, v, ptr), l, v)
}

// StoreArray lowers vs, values of layout elem, consecutively into memory
// from ptr on, as into a stream or future buffer. It traps unless ptr is
// aligned for elem and all of vs fits in memory.
func StoreArray(ctx context.Context, opts *Options, elem *Layout, vs []value.Value, ptr uint32) error {
	size := uint64(len(vs)) * uint64(elem.Size)
	if size > math.MaxUint32 {
		return trapf(TrapListTooLong, "%d values of %d bytes do not fit in a 32-bit memory", len(vs), elem.Size)
	}
	lw := newLowerer(ctx, opts)
	if err := lw.checkRange(ptr, uint32(size), elem.Align, siteList); err != nil {
		return err
	}
	for i, v := range vs {
		if err := lw.store(elem, v, ptr+uint32(i)*elem.Size); err != nil {
			return fmt.Errorf("value %d: %w", i, explain(err, elem, v))
		}
	}
	return nil
}

// explain turns errMismatch into the error of value.Check for v.
func explain(err error, l *Layout, v value.Value) error {
	if !errors.Is(err, errMismatch) {
		return err
	}
	if cerr := value.Check(l.Type, v); cerr != nil {
		return fmt.Errorf("canon: %w", cerr)
	}
	return fmt.Errorf("%w: %s", err, l.Type)
}

// lowerer holds the state of one lower. mem is a view of memory, read
// again after every call out of the package (realloc, handle tables), as
// the guest may have grown memory.
type lowerer struct {
	ctx  context.Context
	opts *Options
	mem  []byte
}

func newLowerer(ctx context.Context, opts *Options) lowerer {
	if opts == nil {
		opts = &Options{}
	}
	return lowerer{ctx: ctx, opts: opts}
}

func (lw *lowerer) refresh() error {
	mem, err := viewAll(lw.opts.Memory)
	lw.mem = mem
	return err
}

// checkRange traps unless [ptr, ptr+size) is in memory and ptr is aligned.
func (lw *lowerer) checkRange(ptr, size, align uint32, s site) error {
	if err := lw.refresh(); err != nil {
		return err
	}
	if ptr%align != 0 {
		return pointerTrap(TrapUnaligned, s, lw.opts.Adapter, uint64(ptr), uint64(size), uint32(len(lw.mem)))
	}
	if uint64(ptr)+uint64(size) > uint64(len(lw.mem)) {
		return pointerTrap(TrapOutOfBounds, s, lw.opts.Adapter, uint64(ptr), uint64(size), uint32(len(lw.mem)))
	}
	return nil
}

// alloc calls realloc and checks that its result is aligned and in bounds.
// s says what the memory is for (it words the trap in adapter mode).
func (lw *lowerer) alloc(old, oldSize, align, size uint32, s site) (uint32, error) {
	if lw.opts.Realloc == nil {
		return 0, ErrNoRealloc
	}
	ptr, err := lw.opts.Realloc(lw.ctx, old, oldSize, align, size)
	if err != nil {
		return 0, err
	}
	if !lw.opts.Adapter {
		s = siteRealloc
	}
	if err := lw.checkRange(ptr, size, align, s); err != nil {
		return 0, err
	}
	return ptr, nil
}

func (lw *lowerer) lowerFlat(l *Layout, v value.Value, dst []uint64) ([]uint64, error) {
	if v.Kind() != l.kind {
		return dst, errMismatch
	}
	switch l.shape {
	case shapeScalar:
		bits, err := scalarBits(l.kind, v)
		if err != nil {
			return dst, err
		}
		return append(dst, bits), nil
	case shapeString:
		ptr, n, err := lw.storeString(v.Str())
		return append(dst, uint64(ptr), uint64(n)), err
	case shapeList:
		if l.length > 0 {
			vs := v.Elems()
			if len(vs) != int(l.length) {
				return dst, errMismatch
			}
			for _, e := range vs {
				var err error
				if dst, err = lw.lowerFlat(l.elem, e, dst); err != nil {
					return dst, err
				}
			}
			return dst, nil
		}
		ptr, n, err := lw.storeListValue(l.elem, v)
		return append(dst, uint64(ptr), uint64(n)), err
	case shapeMap:
		ptr, n, err := lw.storeMap(l.elem, v.Elems())
		return append(dst, uint64(ptr), uint64(n)), err
	case shapeRecord:
		vs := v.Elems()
		if len(vs) != len(l.fields) {
			return dst, errMismatch
		}
		for i, f := range l.fields {
			var err error
			if dst, err = lw.lowerFlat(f, vs[i], dst); err != nil {
				return dst, err
			}
		}
		return dst, nil
	case shapeVariant:
		disc, payload, err := caseOf(l, v)
		if err != nil {
			return dst, err
		}
		start := len(dst)
		dst = append(dst, uint64(disc))
		if c := l.cases[disc]; c != nil {
			// The joined slots hold each payload value's bits
			// zero-extended: exactly the spec's coercions.
			if dst, err = lw.lowerFlat(c, payload, dst); err != nil {
				return dst, err
			}
		}
		for len(dst) < start+len(l.Flat) {
			dst = append(dst, 0)
		}
		return dst, nil
	case shapeFlags:
		bits, err := flagBits(l, v)
		return append(dst, uint64(bits)), err
	case shapeHandle:
		i, err := lw.lowerHandle(l, v)
		return append(dst, uint64(i)), err
	}
	return dst, fmt.Errorf("canon: cannot lower %s", l.Type)
}

func (lw *lowerer) store(l *Layout, v value.Value, ptr uint32) error {
	if v.Kind() != l.kind {
		return errMismatch
	}
	switch l.shape {
	case shapeScalar:
		bits, err := scalarBits(l.kind, v)
		if err != nil {
			return err
		}
		lw.putN(ptr, l.Size, bits)
		return nil
	case shapeString:
		p, n, err := lw.storeString(v.Str())
		if err != nil {
			return err
		}
		lw.putPair(ptr, p, n)
		return nil
	case shapeList:
		if l.length > 0 {
			vs := v.Elems()
			if len(vs) != int(l.length) {
				return errMismatch
			}
			for i, e := range vs {
				if err := lw.store(l.elem, e, ptr+uint32(i)*l.elem.Size); err != nil {
					return err
				}
			}
			return nil
		}
		p, n, err := lw.storeListValue(l.elem, v)
		if err != nil {
			return err
		}
		lw.putPair(ptr, p, n)
		return nil
	case shapeMap:
		p, n, err := lw.storeMap(l.elem, v.Elems())
		if err != nil {
			return err
		}
		lw.putPair(ptr, p, n)
		return nil
	case shapeRecord:
		vs := v.Elems()
		if len(vs) != len(l.fields) {
			return errMismatch
		}
		for i, f := range l.fields {
			if err := lw.store(f, vs[i], ptr+l.offsets[i]); err != nil {
				return err
			}
		}
		return nil
	case shapeVariant:
		disc, payload, err := caseOf(l, v)
		if err != nil {
			return err
		}
		lw.putN(ptr, l.disc, uint64(disc))
		if c := l.cases[disc]; c != nil {
			return lw.store(c, payload, ptr+l.payload)
		}
		return nil
	case shapeFlags:
		bits, err := flagBits(l, v)
		if err != nil {
			return err
		}
		lw.putN(ptr, l.Size, uint64(bits))
		return nil
	case shapeHandle:
		i, err := lw.lowerHandle(l, v)
		if err != nil {
			return err
		}
		lw.putN(ptr, 4, uint64(i))
		return nil
	}
	return fmt.Errorf("canon: cannot store %s", l.Type)
}

// putN stores the low size bytes of bits at ptr, which has been checked.
func (lw *lowerer) putN(ptr, size uint32, bits uint64) {
	switch size {
	case 1:
		lw.mem[ptr] = byte(bits)
	case 2:
		binary.LittleEndian.PutUint16(lw.mem[ptr:], uint16(bits))
	case 4:
		binary.LittleEndian.PutUint32(lw.mem[ptr:], uint32(bits))
	default:
		binary.LittleEndian.PutUint64(lw.mem[ptr:], bits)
	}
}

func (lw *lowerer) putPair(ptr, a, b uint32) {
	binary.LittleEndian.PutUint32(lw.mem[ptr:], a)
	binary.LittleEndian.PutUint32(lw.mem[ptr+4:], b)
}

// scalarBits returns the core bits of a scalar: small integers
// sign- or zero-extended to 32 bits, floats with NaNs made canonical.
func scalarBits(k value.Kind, v value.Value) (uint64, error) {
	switch k {
	case value.KindS8, value.KindS16, value.KindS32:
		return uint64(uint32(int32(int64(v.Bits())))), nil
	case value.KindF32:
		f := v.F32()
		if f != f {
			return canonicalNaN32, nil
		}
		return uint64(math.Float32bits(f)), nil
	case value.KindF64:
		f := v.F64()
		if f != f {
			return canonicalNaN64, nil
		}
		return math.Float64bits(f), nil
	case value.KindChar:
		c := uint32(v.Char())
		if c >= 0x110000 || (c >= 0xD800 && c <= 0xDFFF) {
			return 0, errMismatch
		}
		return uint64(c), nil
	}
	return v.Bits(), nil
}

// caseOf returns the case index and payload of a variant, enum, option or
// result value.
func caseOf(l *Layout, v value.Value) (uint32, value.Value, error) {
	var disc int
	switch l.kind {
	case value.KindOption:
		if v.IsSome() {
			disc = 1
		}
	case value.KindResult:
		if v.IsErr() {
			disc = 1
		}
	default:
		name := v.Case()
		disc = -1
		for i, n := range l.names {
			if n == name {
				disc = i
				break
			}
		}
		if disc < 0 {
			return 0, value.Value{}, errMismatch
		}
		if l.kind == value.KindEnum {
			return uint32(disc), value.Value{}, nil
		}
	}
	payload, ok := v.Payload()
	if ok != (l.cases[disc] != nil) {
		return 0, value.Value{}, errMismatch
	}
	return uint32(disc), payload, nil
}

func flagBits(l *Layout, v value.Value) (uint32, error) {
	var bits uint32
	for _, name := range v.FlagNames() {
		i := -1
		for j, n := range l.names {
			if n == name {
				i = j
				break
			}
		}
		if i < 0 {
			return 0, errMismatch
		}
		bits |= 1 << i
	}
	return bits, nil
}

func (lw *lowerer) lowerHandle(l *Layout, v value.Value) (uint32, error) {
	if lw.opts.Handles == nil {
		return 0, ErrNoHandles
	}
	h := v.Handle()
	if h == nil {
		return 0, fmt.Errorf("canon: %s value without a handle", l.Type)
	}
	i, err := lw.opts.Handles.LowerHandle(l.Type, h)
	if err != nil {
		return 0, err
	}
	// The table is runtime code; re-read memory to be safe all the same.
	if lw.mem != nil {
		if err := lw.refresh(); err != nil {
			return 0, err
		}
	}
	return i, nil
}

// storeListValue lowers the list v, of elements of layout elem, into a
// fresh allocation and returns its pointer and length. A list<u8> held as
// bytes (value.Bytes) is copied in one piece.
func (lw *lowerer) storeListValue(elem *Layout, v value.Value) (uint32, uint32, error) {
	if elem.kind == value.KindU8 {
		if b, ok := v.Bytes(); ok {
			ptr, err := lw.storeBytes(b)
			return ptr, uint32(len(b)), err
		}
	}
	vs := v.Elems()
	ptr, err := lw.storeList(elem, vs)
	return ptr, uint32(len(vs)), err
}

// storeBytes copies b into a fresh allocation and returns its pointer.
func (lw *lowerer) storeBytes(b []byte) (uint32, error) {
	if uint64(len(b)) > math.MaxUint32 {
		return 0, trapf(TrapListTooLong, "list of %d bytes too large to copy into wasm", len(b))
	}
	ptr, err := lw.alloc(0, 0, 1, uint32(len(b)), siteList)
	if err != nil {
		return 0, err
	}
	copy(lw.mem[ptr:], b)
	return ptr, nil
}

// storeList lowers vs into a fresh allocation and returns its pointer.
func (lw *lowerer) storeList(elem *Layout, vs []value.Value) (uint32, error) {
	size := uint64(len(vs)) * uint64(elem.Size)
	if size > math.MaxUint32 {
		return 0, trapf(TrapListTooLong, "list of %d bytes too large to copy into wasm", size)
	}
	ptr, err := lw.alloc(0, 0, elem.Align, uint32(size), siteList)
	if err != nil {
		return 0, err
	}
	for i, e := range vs {
		if err := lw.store(elem, e, ptr+uint32(i)*elem.Size); err != nil {
			return 0, err
		}
	}
	return ptr, nil
}

// storeMap lowers the alternating keys and values of a map as a list of
// (key, value) records and returns its pointer and length.
func (lw *lowerer) storeMap(pair *Layout, kvs []value.Value) (uint32, uint32, error) {
	if len(kvs)%2 != 0 {
		return 0, 0, errMismatch
	}
	n := uint64(len(kvs) / 2)
	size := n * uint64(pair.Size)
	if size > math.MaxUint32 {
		return 0, 0, trapf(TrapListTooLong, "map of %d bytes too large to copy into wasm", size)
	}
	ptr, err := lw.alloc(0, 0, pair.Align, uint32(size), siteList)
	if err != nil {
		return 0, 0, err
	}
	for i := range uint32(n) {
		at := ptr + i*pair.Size
		for f, fl := range pair.fields {
			if err := lw.store(fl, kvs[2*int(i)+f], at+pair.offsets[f]); err != nil {
				return 0, 0, err
			}
		}
	}
	return ptr, uint32(n), nil
}
