package weft

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"unicode/utf8"

	"github.com/weftwasm/weft/internal/canon"
	"github.com/weftwasm/weft/internal/plan"
	"github.com/weftwasm/weft/value"
)

// TypedFunc calls a component function with Go values, lowering them
// straight into the guest (and lifting the result straight out of it)
// without building value.Value trees. Make one with Typed.
//
// Go types map to component types as follows: bool, int8…int64,
// uint8…uint64, float32 and float64 to the primitive of the same size
// (int32 also to char, checked to be a valid Unicode scalar value); string
// to string; a slice []T to list<T> ([]byte to list<u8> is copied in one
// step); a struct to a record or tuple with the same number of fields, in
// order (all exported); a pointer *T to option<T>. Other component types
// (variants, enums, results, flags, handles) need the dynamic Call.
//
// A TypedFunc is tied to its Instance and, like it, is not safe for
// concurrent use.
type TypedFunc[P, R any] struct {
	f      *Func
	params []codec // one per component parameter
	result codec   // nil without result
	spread bool    // P is a struct holding the parameters
	// p and r hold a call's arguments and result, so that reflection
	// reaches them without allocating.
	p  P
	r  R
	pv reflect.Value // t.p
	rv reflect.Value // t.r
}

// Typed checks that P and R fit f's type and returns the typed function.
// P is the parameter's Go type for a function of one parameter, struct{}
// for none, and otherwise a struct with one field per parameter, in order.
// R is the result's Go type, or struct{} for a function without result.
//
//	type addArgs struct{ A, B float64 }
//	add, err := weft.Typed[addArgs, float64](f)
//	sum, err := add.Call(ctx, addArgs{1, 2})
func Typed[P, R any](f *Func) (*TypedFunc[P, R], error) {
	if !f.ref.Lifted {
		return nil, fmt.Errorf("weft: typed %s: only functions lifted from a guest can be called typed", f.name)
	}
	c := f.in.pre.c
	sig := c.lifts[f.ref.Lift]
	if sig.Async || sig.SpillParams {
		return nil, fmt.Errorf("weft: typed %s: async functions and functions with more than %d flat parameters need Call", f.name, canon.MaxFlatParams)
	}
	t := &TypedFunc[P, R]{f: f}
	t.pv, t.rv = reflect.ValueOf(&t.p).Elem(), reflect.ValueOf(&t.r).Elem()
	pt := reflect.TypeFor[P]()
	ft := f.typ
	var goParams []reflect.Type
	switch {
	case len(ft.Params) == 1:
		goParams = []reflect.Type{pt}
	case pt.Kind() == reflect.Struct && pt.NumField() == len(ft.Params):
		t.spread = true
		for i := range pt.NumField() {
			if !pt.Field(i).IsExported() {
				return nil, fmt.Errorf("weft: typed %s: field %s of %s is not exported", f.name, pt.Field(i).Name, pt)
			}
			goParams = append(goParams, pt.Field(i).Type)
		}
	default:
		return nil, fmt.Errorf("weft: typed %s: %s does not hold the %d parameters of %s", f.name, pt, len(ft.Params), ft)
	}
	for i, p := range ft.Params {
		cd, err := c.codecFor(goParams[i], p.Type)
		if err != nil {
			return nil, fmt.Errorf("weft: typed %s: parameter %s: %w", f.name, p.Name, err)
		}
		t.params = append(t.params, cd)
	}
	rt := reflect.TypeFor[R]()
	if ft.Result == nil {
		if rt.Kind() != reflect.Struct || rt.NumField() != 0 {
			return nil, fmt.Errorf("weft: typed %s: the function has no result; use struct{} for R", f.name)
		}
		return t, nil
	}
	cd, err := c.codecFor(rt, ft.Result)
	if err != nil {
		return nil, fmt.Errorf("weft: typed %s: result: %w", f.name, err)
	}
	t.result = cd
	return t, nil
}

// Call calls the function. Errors are those of Func.Call.
func (t *TypedFunc[P, R]) Call(ctx context.Context, p P) (R, error) {
	var zero R
	in := t.f.in
	if err := in.enter(); err != nil {
		return zero, err
	}
	scope := in.newScope()
	t.p = p
	err := t.call(ctx, scope)
	r := t.r
	t.p, t.r = *new(P), zero // drop references to the caller's data
	in.freeScope(scope)
	if err != nil {
		if _, ok := errors.AsType[*ArgumentError](err); !ok {
			err = in.failed(err, t.f.name)
		}
	}
	return r, err
}

func (t *TypedFunc[P, R]) call(ctx context.Context, scope *callScope) error {
	in := t.f.in
	l, sig, callee, err := in.enterLift(t.f.ref.Lift, scope, plan.NoCompInst)
	if err != nil {
		return err
	}
	cx := &l.typed
	*cx = tcx{ctx: ctx, opts: &l.call}
	stack := l.stack[:0]
	callee.mayLeave = false // the callee's realloc may not leave it
	pv := t.pv
	for i, cd := range t.params {
		v := pv
		if t.spread {
			v = pv.Field(i)
		}
		if stack, err = cd.lower(cx, v, stack); err != nil {
			var ae *ArgumentError
			if errors.As(err, &ae) {
				in.abandon(l)
				ae.Func, ae.Index = t.f.name, i
			}
			return err
		}
	}
	callee.mayLeave = true
	stack = stack[:cap(stack)]
	if err := l.fn.CallWithStack(ctx, stack); err != nil {
		return err
	}
	results := stack[:len(sig.CoreResults)]
	if t.result != nil {
		rv := t.rv
		if sig.SpillResult {
			err = cx.loadChecked(t.result, uint32(results[0]), rv)
		} else {
			_, err = t.result.lift(cx, results, rv)
		}
		if err != nil {
			return err
		}
	}
	return in.finishLift(ctx, l, callee, scope, results)
}

// tcx is the state of one typed lower or lift.
type tcx struct {
	ctx  context.Context
	opts *canon.Options
}

// view returns n bytes of memory at ptr, or a trap.
func (c *tcx) view(ptr, n uint32) ([]byte, error) {
	if c.opts.Memory == nil {
		return nil, canon.ErrNoMemory
	}
	b, err := c.opts.Memory.View(ptr, n)
	if err != nil {
		return nil, trapf("pointer out of bounds of memory (pointer %#x, %d bytes, memory of %d bytes)", ptr, n, c.opts.Memory.Size())
	}
	return b, nil
}

func (c *tcx) alloc(align, size uint32) (uint32, error) {
	if c.opts.Realloc == nil {
		return 0, canon.ErrNoRealloc
	}
	ptr, err := c.opts.Realloc(c.ctx, 0, 0, align, size)
	if err != nil {
		return 0, err
	}
	if ptr%align != 0 {
		return 0, trapf("realloc return: result not aligned (pointer %#x)", ptr)
	}
	if uint64(ptr)+uint64(size) > c.opts.Memory.Size() {
		return 0, trapf("realloc return: beyond end of memory (pointer %#x, %d bytes, memory of %d bytes)", ptr, size, c.opts.Memory.Size())
	}
	return ptr, nil
}

func (c *tcx) loadChecked(cd codec, ptr uint32, into reflect.Value) error {
	if ptr%cd.align() != 0 {
		return trapf("return pointer not aligned (pointer %#x)", ptr)
	}
	if _, err := c.view(ptr, cd.size()); err != nil {
		return err
	}
	return cd.load(c, ptr, into)
}

// codec lowers and lifts one Go type as one component type.
type codec interface {
	size() uint32
	align() uint32
	flat() int
	lower(c *tcx, v reflect.Value, dst []uint64) ([]uint64, error)
	store(c *tcx, v reflect.Value, ptr uint32) error
	lift(c *tcx, flat []uint64, into reflect.Value) (int, error)
	load(c *tcx, ptr uint32, into reflect.Value) error
}

type layoutInfo struct {
	sz, al uint32
	nflat  int
}

func (l layoutInfo) size() uint32  { return l.sz }
func (l layoutInfo) align() uint32 { return l.al }
func (l layoutInfo) flat() int     { return l.nflat }

var goKinds = map[value.Kind][]reflect.Kind{
	value.KindBool: {reflect.Bool},
	value.KindS8:   {reflect.Int8}, value.KindU8: {reflect.Uint8},
	value.KindS16: {reflect.Int16}, value.KindU16: {reflect.Uint16},
	value.KindS32: {reflect.Int32}, value.KindU32: {reflect.Uint32},
	value.KindS64: {reflect.Int64}, value.KindU64: {reflect.Uint64},
	value.KindF32: {reflect.Float32}, value.KindF64: {reflect.Float64},
	value.KindChar: {reflect.Int32},
}

// codecFor builds the codec of Go type g for component type t.
func (c *Component) codecFor(g reflect.Type, t value.Type) (codec, error) {
	l, err := c.layouts.Layout(t)
	if err != nil {
		return nil, err
	}
	li := layoutInfo{sz: l.Size, al: l.Align, nflat: len(l.Flat)}
	mismatch := fmt.Errorf("Go type %s does not fit %s", g, t)
	if kinds, ok := goKinds[t.Kind()]; ok {
		if g.Kind() != kinds[0] {
			return nil, mismatch
		}
		return &scalarCodec{layoutInfo: li, kind: t.Kind()}, nil
	}
	switch t := t.(type) {
	case value.Primitive:
		if t == value.StringType && g.Kind() == reflect.String {
			return &stringCodec{li}, nil
		}
	case *value.ListType:
		if g.Kind() != reflect.Slice || t.Len != 0 {
			break
		}
		elem, err := c.codecFor(g.Elem(), t.Elem)
		if err != nil {
			return nil, err
		}
		return &listCodec{layoutInfo: li, elem: elem, bytes: g.Elem().Kind() == reflect.Uint8 && t.Elem == value.U8Type, typ: g}, nil
	case *value.RecordType, *value.TupleType:
		var fts []value.Type
		if r, ok := t.(*value.RecordType); ok {
			for _, f := range r.Fields {
				fts = append(fts, f.Type)
			}
		} else {
			fts = t.(*value.TupleType).Types
		}
		if g.Kind() != reflect.Struct || g.NumField() != len(fts) {
			break
		}
		rc := &recordCodec{layoutInfo: li}
		off := uint32(0)
		for i, ft := range fts {
			if !g.Field(i).IsExported() {
				return nil, fmt.Errorf("field %s of %s is not exported", g.Field(i).Name, g)
			}
			fc, err := c.codecFor(g.Field(i).Type, ft)
			if err != nil {
				return nil, fmt.Errorf("field %s: %w", g.Field(i).Name, err)
			}
			off = alignTo(off, fc.align())
			rc.fields = append(rc.fields, fc)
			rc.offsets = append(rc.offsets, off)
			off += fc.size()
		}
		return rc, nil
	case *value.OptionType:
		if g.Kind() != reflect.Pointer {
			break
		}
		elem, err := c.codecFor(g.Elem(), t.Elem)
		if err != nil {
			return nil, err
		}
		return &optionCodec{layoutInfo: li, elem: elem, payload: alignTo(1, elem.align()), typ: g}, nil
	default:
		return nil, fmt.Errorf("%s cannot be called typed; use Call", t)
	}
	return nil, mismatch
}

var errListTooLong = errors.New("list too long for the canonical ABI")

func alignTo(n, a uint32) uint32 { return (n + a - 1) &^ (a - 1) }

type scalarCodec struct {
	layoutInfo
	kind value.Kind
}

func (s *scalarCodec) bits(v reflect.Value) uint64 {
	switch s.kind {
	case value.KindBool:
		if v.Bool() {
			return 1
		}
		return 0
	case value.KindS8, value.KindS16, value.KindS32, value.KindChar:
		return uint64(uint32(v.Int()))
	case value.KindS64:
		return uint64(v.Int())
	case value.KindF32:
		return uint64(math.Float32bits(float32(v.Float())))
	case value.KindF64:
		return math.Float64bits(v.Float())
	}
	return v.Uint()
}

func (s *scalarCodec) lower(c *tcx, v reflect.Value, dst []uint64) ([]uint64, error) {
	if s.kind == value.KindChar && !utf8.ValidRune(rune(v.Int())) {
		return dst, &ArgumentError{Err: fmt.Errorf("char %#x is not a Unicode scalar value", v.Int())}
	}
	return append(dst, s.bits(v)), nil
}

func (s *scalarCodec) store(c *tcx, v reflect.Value, ptr uint32) error {
	b, err := c.view(ptr, s.sz)
	if err != nil {
		return err
	}
	return s.put(b, v)
}

// put writes v into b, which holds at least size() bytes.
func (s *scalarCodec) put(b []byte, v reflect.Value) error {
	if s.kind == value.KindChar && !utf8.ValidRune(rune(v.Int())) {
		return &ArgumentError{Err: fmt.Errorf("char %#x is not a Unicode scalar value", v.Int())}
	}
	bits := s.bits(v)
	switch s.sz {
	case 1:
		b[0] = byte(bits)
	case 2:
		binary.LittleEndian.PutUint16(b, uint16(bits))
	case 4:
		binary.LittleEndian.PutUint32(b, uint32(bits))
	default:
		binary.LittleEndian.PutUint64(b, bits)
	}
	return nil
}

func (s *scalarCodec) set(bits uint64, into reflect.Value) error {
	switch s.kind {
	case value.KindBool:
		into.SetBool(bits != 0)
	case value.KindS8:
		into.SetInt(int64(int8(bits)))
	case value.KindS16:
		into.SetInt(int64(int16(bits)))
	case value.KindS32:
		into.SetInt(int64(int32(bits)))
	case value.KindChar:
		r := rune(uint32(bits))
		if uint32(bits) > utf8.MaxRune || !utf8.ValidRune(r) {
			return trapf("invalid `char` bit pattern (%#x)", uint32(bits))
		}
		into.SetInt(int64(r))
	case value.KindS64:
		into.SetInt(int64(bits))
	case value.KindU8:
		into.SetUint(uint64(uint8(bits)))
	case value.KindU16:
		into.SetUint(uint64(uint16(bits)))
	case value.KindU32:
		into.SetUint(uint64(uint32(bits)))
	case value.KindU64:
		into.SetUint(bits)
	case value.KindF32:
		into.SetFloat(float64(math.Float32frombits(uint32(bits))))
	case value.KindF64:
		into.SetFloat(math.Float64frombits(bits))
	}
	return nil
}

func (s *scalarCodec) lift(c *tcx, flat []uint64, into reflect.Value) (int, error) {
	return 1, s.set(flat[0], into)
}

func (s *scalarCodec) load(c *tcx, ptr uint32, into reflect.Value) error {
	b, err := c.view(ptr, s.sz)
	if err != nil {
		return err
	}
	return s.get(b, into)
}

// get reads a value from b, which holds at least size() bytes.
func (s *scalarCodec) get(b []byte, into reflect.Value) error {
	var bits uint64
	switch s.sz {
	case 1:
		bits = uint64(b[0])
		if s.kind == value.KindBool && bits > 1 {
			bits = 1
		}
	case 2:
		bits = uint64(binary.LittleEndian.Uint16(b))
	case 4:
		bits = uint64(binary.LittleEndian.Uint32(b))
	default:
		bits = binary.LittleEndian.Uint64(b)
	}
	return s.set(bits, into)
}
