package canon

import (
	"context"
	"fmt"

	"github.com/weftwasm/weft/value"
)

// Direction says which canonical definition a Signature is for; the core
// signature differs when the result spills into memory.
type Direction uint8

const (
	// CanonLift is `canon lift`: a core function exported as a component
	// function. The caller lowers arguments into the guest (spilling them
	// into memory it allocates with realloc) and lifts the result from it
	// (from a return area the guest allocated and returns a pointer to).
	CanonLift Direction = iota + 1
	// CanonLower is `canon lower`: a component function imported as a core
	// function. The guest's arguments are lifted (from memory when they
	// spill) and the result is lowered into the return area whose pointer
	// the guest passed as its last argument.
	CanonLower
)

// String returns "lift" or "lower".
func (d Direction) String() string {
	switch d {
	case CanonLift:
		return "lift"
	case CanonLower:
		return "lower"
	}
	return "invalid"
}

// Signature is the canonical ABI of one synchronous component function in
// one direction: the layouts of its parameters and result and its core
// function type after spilling (flatten_functype).
type Signature struct {
	Dir         Direction
	Params      []*Layout
	Result      *Layout // nil for a function without result
	CoreParams  []CoreType
	CoreResults []CoreType
	// SpillParams says the parameters are passed in memory through a
	// single pointer; SpillResult that the result is.
	SpillParams, SpillResult bool

	paramTuple *Layout // the parameters as one tuple, for spilling
}

// Signature returns the canonical ABI of ft in direction dir.
func (c *Cache) Signature(ft *value.FuncType, dir Direction) (*Signature, error) {
	if dir != CanonLift && dir != CanonLower {
		return nil, fmt.Errorf("canon: invalid direction %d", dir)
	}
	if ft.Async {
		return nil, fmt.Errorf("canon: async functions are not supported: %s", ft)
	}
	s := &Signature{Dir: dir}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[value.Type]*Layout)
	}
	types := make([]value.Type, len(ft.Params))
	for i, p := range ft.Params {
		l, err := c.layout(p.Type)
		if err != nil {
			return nil, fmt.Errorf("parameter %s: %w", p.Name, err)
		}
		s.Params = append(s.Params, l)
		s.CoreParams = appendFlat(s.CoreParams, l.Flat)
		types[i] = p.Type
	}
	if len(s.CoreParams) > MaxFlatParams {
		s.SpillParams, s.CoreParams = true, []CoreType{I32}
		t, err := c.compute(&value.TupleType{Types: types})
		if err != nil {
			return nil, err
		}
		s.paramTuple = t
	}
	if ft.Result != nil {
		l, err := c.layout(ft.Result)
		if err != nil {
			return nil, fmt.Errorf("result: %w", err)
		}
		s.Result = l
		s.CoreResults = l.Flat
		if len(l.Flat) > MaxFlatResults {
			s.SpillResult = true
			if dir == CanonLift {
				s.CoreResults = []CoreType{I32}
			} else {
				s.CoreParams = append(s.CoreParams[:len(s.CoreParams):len(s.CoreParams)], I32)
				s.CoreResults = nil
			}
		}
	}
	return s, nil
}

// LowerParams lowers arguments into the guest for a call of a CanonLift
// signature and returns the flat core arguments. When the parameters spill,
// it allocates their tuple with realloc and passes its pointer.
func (s *Signature) LowerParams(ctx context.Context, opts *Options, args []value.Value) ([]uint64, error) {
	if s.Dir != CanonLift {
		return nil, fmt.Errorf("%w: LowerParams on a %s signature", ErrWrongDirection, s.Dir)
	}
	if len(args) != len(s.Params) {
		return nil, fmt.Errorf("canon: %d arguments for %d parameters", len(args), len(s.Params))
	}
	lw := lowerer{ctx: ctx, opts: opts}
	if !s.SpillParams {
		flat := make([]uint64, 0, len(s.CoreParams))
		for i, l := range s.Params {
			var err error
			if flat, err = lw.lowerFlat(l, args[i], flat); err != nil {
				return nil, fmt.Errorf("argument %d: %w", i, explain(err, l, args[i]))
			}
		}
		return flat, nil
	}
	t := s.paramTuple
	ptr, err := lw.alloc(0, 0, t.Align, t.Size, siteValue)
	if err != nil {
		return nil, err
	}
	for i, l := range s.Params {
		if err := lw.store(l, args[i], ptr+t.offsets[i]); err != nil {
			return nil, fmt.Errorf("argument %d: %w", i, explain(err, l, args[i]))
		}
	}
	return []uint64{uint64(ptr)}, nil
}

// LiftResult lifts the result of a call of a CanonLift signature from the
// core results (from the return area they point to when the result
// spills). It returns the zero Value for a function without result.
func (s *Signature) LiftResult(opts *Options, flat []uint64) (value.Value, error) {
	if s.Dir != CanonLift {
		return value.Value{}, fmt.Errorf("%w: LiftResult on a %s signature", ErrWrongDirection, s.Dir)
	}
	if len(flat) != len(s.CoreResults) {
		return value.Value{}, fmt.Errorf("%w: %d core results, want %d", ErrFlatMismatch, len(flat), len(s.CoreResults))
	}
	if s.Result == nil {
		return value.Value{}, nil
	}
	lf := lifter{opts: opts}
	if !s.SpillResult {
		it := flatIter{vals: flat}
		return lf.liftFlat(s.Result, &it)
	}
	return lf.loadChecked(s.Result, uint32(flat[0]), siteReturn)
}

// LiftParams lifts the arguments of a call of a CanonLower signature from
// the guest's flat core arguments (from the memory they point to when they
// spill).
func (s *Signature) LiftParams(opts *Options, flat []uint64) ([]value.Value, error) {
	if s.Dir != CanonLower {
		return nil, fmt.Errorf("%w: LiftParams on a %s signature", ErrWrongDirection, s.Dir)
	}
	if len(flat) != len(s.CoreParams) {
		return nil, fmt.Errorf("%w: %d core arguments, want %d", ErrFlatMismatch, len(flat), len(s.CoreParams))
	}
	lf := lifter{opts: opts}
	vs := make([]value.Value, len(s.Params))
	if !s.SpillParams {
		it := flatIter{vals: flat}
		for i, l := range s.Params {
			v, err := lf.liftFlat(l, &it)
			if err != nil {
				return nil, err
			}
			vs[i] = v
		}
		return vs, nil
	}
	t := s.paramTuple
	ptr := uint32(flat[0])
	if err := lf.checkRange(uint64(ptr), uint64(t.Size), t.Align, siteValue); err != nil {
		return nil, err
	}
	for i, l := range s.Params {
		v, err := lf.load(l, ptr+t.offsets[i])
		if err != nil {
			return nil, err
		}
		vs[i] = v
	}
	return vs, nil
}

// LowerResult lowers the result of a call of a CanonLower signature and
// returns the flat core results. When the result spills, it is stored in
// the return area whose pointer is the guest's last core argument in flat
// (the same flat arguments LiftParams was given), and no core results are
// returned. For a function without result, pass the zero Value.
func (s *Signature) LowerResult(ctx context.Context, opts *Options, result value.Value, flat []uint64) ([]uint64, error) {
	if s.Dir != CanonLower {
		return nil, fmt.Errorf("%w: LowerResult on a %s signature", ErrWrongDirection, s.Dir)
	}
	if s.Result == nil {
		return nil, nil
	}
	lw := lowerer{ctx: ctx, opts: opts}
	if !s.SpillResult {
		out, err := lw.lowerFlat(s.Result, result, make([]uint64, 0, len(s.CoreResults)))
		return out, explain(err, s.Result, result)
	}
	if len(flat) != len(s.CoreParams) {
		return nil, fmt.Errorf("%w: %d core arguments, want %d", ErrFlatMismatch, len(flat), len(s.CoreParams))
	}
	ptr := uint32(flat[len(flat)-1])
	if err := lw.checkRange(ptr, s.Result.Size, s.Result.Align, siteReturn); err != nil {
		return nil, err
	}
	return nil, explain(lw.store(s.Result, result, ptr), s.Result, result)
}

// loadChecked loads a value of layout l at ptr after checking alignment
// and bounds, with traps worded for site s.
func (lf *lifter) loadChecked(l *Layout, ptr uint32, s site) (value.Value, error) {
	if err := lf.checkRange(uint64(ptr), uint64(l.Size), l.Align, s); err != nil {
		return value.Value{}, err
	}
	return lf.load(l, ptr)
}
