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

// Signature is the canonical ABI of one component function lifted or
// lowered with given canonical options: the layouts of its parameters and
// result and its core function type after spilling (flatten_functype).
type Signature struct {
	Dir Direction
	// Async is the async canonical option; Callback says an async lift
	// has a callback. (Whether the function type is async does not change
	// the flattening.)
	Async, Callback bool
	Params          []*Layout
	Result          *Layout // nil for a function without result
	CoreParams      []CoreType
	CoreResults     []CoreType
	// SpillParams says the parameters are passed in memory through a
	// single pointer; SpillResult that the result is (for an async lift,
	// that task.return passes it so).
	SpillParams, SpillResult bool

	params, results       *group
	maxParams, maxResults int
}

// group is values lifted or lowered together, as flat values or, when
// there are too many of those, as a tuple in memory: a function's
// parameters or its results.
type group struct {
	ls    []*Layout
	flat  int     // number of flat values, capped at MaxFlatParams+1
	tuple *Layout // the values as one tuple; nil when there are none
}

func newGroup(ls []*Layout) (*group, error) {
	g := &group{ls: ls}
	var flat []CoreType
	types := make([]value.Type, len(ls))
	for i, l := range ls {
		flat = appendFlat(flat, l.Flat)
		types[i] = l.Type
	}
	g.flat = len(flat)
	if len(ls) > 0 {
		t, err := recordLayout(&Layout{Type: &value.TupleType{Types: types}, kind: value.KindTuple}, ls)
		if err != nil {
			return nil, err
		}
		g.tuple = t
	}
	return g, nil
}

// Signature returns the canonical ABI of ft in direction dir with the
// synchronous canonical options.
func (c *Cache) Signature(ft *value.FuncType, dir Direction) (*Signature, error) {
	return c.signature(ft, dir, false, false)
}

// AsyncSignature returns the canonical ABI of ft in direction dir with the
// async canonical option; callback says whether a lift has a callback
// option. An async lift returns its result through task.return, whose
// arguments LiftResult then takes; an async lower passes at most
// MaxFlatAsyncParams flat parameters and always receives the result in
// memory, its core result being the subtask status (the runtime's).
func (c *Cache) AsyncSignature(ft *value.FuncType, dir Direction, callback bool) (*Signature, error) {
	if callback && dir != CanonLift {
		return nil, fmt.Errorf("canon: only a lift has a callback")
	}
	return c.signature(ft, dir, true, callback)
}

func (c *Cache) signature(ft *value.FuncType, dir Direction, async, callback bool) (*Signature, error) {
	if dir != CanonLift && dir != CanonLower {
		return nil, fmt.Errorf("canon: invalid direction %d", dir)
	}
	s := &Signature{Dir: dir, Async: async, Callback: callback, maxParams: MaxFlatParams, maxResults: MaxFlatResults}
	switch {
	case async && dir == CanonLift:
		s.maxResults = MaxFlatParams // task.return's parameters
	case async:
		s.maxParams, s.maxResults = MaxFlatAsyncParams, 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[value.Type]*Layout)
	}
	for _, p := range ft.Params {
		l, err := c.layout(p.Type)
		if err != nil {
			return nil, fmt.Errorf("parameter %s: %w", p.Name, err)
		}
		s.Params = append(s.Params, l)
	}
	var results []*Layout
	if ft.Result != nil {
		l, err := c.layout(ft.Result)
		if err != nil {
			return nil, fmt.Errorf("result: %w", err)
		}
		s.Result, results = l, []*Layout{l}
	}
	var err error
	if s.params, err = newGroup(s.Params); err != nil {
		return nil, err
	}
	if s.results, err = newGroup(results); err != nil {
		return nil, err
	}
	s.SpillParams = s.params.flat > s.maxParams
	s.SpillResult = s.results.flat > s.maxResults
	if s.SpillParams {
		s.CoreParams = []CoreType{I32}
	} else {
		for _, l := range s.Params {
			s.CoreParams = append(s.CoreParams, l.Flat...)
		}
	}
	switch {
	case async && dir == CanonLift && callback:
		s.CoreResults = []CoreType{I32}
	case async && dir == CanonLift:
	case dir == CanonLower && s.SpillResult:
		s.CoreParams = append(s.CoreParams, I32)
		if async {
			s.CoreResults = []CoreType{I32}
		}
	case async:
		s.CoreResults = []CoreType{I32}
	case s.SpillResult:
		s.CoreResults = []CoreType{I32}
	case s.Result != nil:
		s.CoreResults = s.Result.Flat
	}
	return s, nil
}

// LowerParams lowers arguments into the guest for a call of a CanonLift
// signature and appends the flat core arguments to dst (which may be the
// engine's call stack, stack[:0]). When the parameters spill, it allocates
// their tuple with realloc and passes its pointer.
func (s *Signature) LowerParams(ctx context.Context, opts *Options, args []value.Value, dst []uint64) ([]uint64, error) {
	if s.Dir != CanonLift {
		return dst, fmt.Errorf("%w: LowerParams on a %s signature", ErrWrongDirection, s.Dir)
	}
	return lowerValues(ctx, opts, s.params, s.maxParams, args, nil, dst)
}

// LiftResult lifts the result of a call of a CanonLift signature from the
// core results (from the return area they point to when the result
// spills); for an async lift, from the arguments of its task.return. It
// returns the zero Value for a function without result.
func (s *Signature) LiftResult(opts *Options, flat []uint64) (value.Value, error) {
	if s.Dir != CanonLift {
		return value.Value{}, fmt.Errorf("%w: LiftResult on a %s signature", ErrWrongDirection, s.Dir)
	}
	want := s.results.flat
	if s.SpillResult {
		want = 1
	}
	if len(flat) != want {
		return value.Value{}, fmt.Errorf("%w: %d core results, want %d", ErrFlatMismatch, len(flat), want)
	}
	if s.Result == nil {
		return value.Value{}, nil
	}
	lf := newLifter(opts)
	if s.SpillResult {
		// A one-element tuple has its element's size and alignment.
		return lf.loadChecked(s.Result, uint32(flat[0]), siteReturn)
	}
	it := flatIter{vals: flat}
	return lf.liftFlat(s.Result, &it)
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
	if s.SpillResult {
		flat = flat[:len(flat)-1]
	}
	return liftValues(opts, s.params, s.maxParams, flat, siteValue)
}

// LowerResult lowers the result of a call of a CanonLower signature and
// appends the flat core results to dst. When the result spills, it is
// stored in the return area whose pointer is the guest's last core
// argument in flat (the same flat arguments LiftParams was given), and no
// core results are appended. dst may be flat[:0] (the engine's call stack):
// the return pointer is read before anything is appended. For a function
// without result, pass the zero Value.
func (s *Signature) LowerResult(ctx context.Context, opts *Options, result value.Value, flat, dst []uint64) ([]uint64, error) {
	if s.Dir != CanonLower {
		return dst, fmt.Errorf("%w: LowerResult on a %s signature", ErrWrongDirection, s.Dir)
	}
	if s.Result == nil {
		return dst, nil
	}
	var retptr *uint32
	if s.SpillResult {
		if len(flat) != len(s.CoreParams) {
			return dst, fmt.Errorf("%w: %d core arguments, want %d", ErrFlatMismatch, len(flat), len(s.CoreParams))
		}
		p := uint32(flat[len(flat)-1])
		retptr = &p
	}
	return lowerValues(ctx, opts, s.results, s.maxResults, []value.Value{result}, retptr, dst)
}

// LiftValues is the spec's lift_flat_values: it lifts values of layouts ls
// from flat core values, or, when they flatten to more than maxFlat values,
// from the tuple in memory that the single flat value points to. Signature
// covers synchronous calls; this is for the other uses (task.return, async
// calls with their own limits).
func LiftValues(opts *Options, ls []*Layout, maxFlat int, flat []uint64) ([]value.Value, error) {
	g, err := newGroup(ls)
	if err != nil {
		return nil, err
	}
	return liftValues(opts, g, maxFlat, flat, siteValue)
}

// LowerValues is the spec's lower_flat_values: it lowers vs, values of
// layouts ls, to flat core values or, when they flatten to more than
// maxFlat values, into a tuple in memory. With retptr nil the tuple is
// allocated with realloc and its pointer is the single flat value;
// otherwise it is stored at *retptr and there are no flat values.
func LowerValues(ctx context.Context, opts *Options, ls []*Layout, maxFlat int, vs []value.Value, retptr *uint32) ([]uint64, error) {
	g, err := newGroup(ls)
	if err != nil {
		return nil, err
	}
	return lowerValues(ctx, opts, g, maxFlat, vs, retptr, nil)
}

func liftValues(opts *Options, g *group, maxFlat int, flat []uint64, s site) ([]value.Value, error) {
	spill := g.flat > maxFlat
	want := g.flat
	if spill {
		want = 1
	}
	if len(flat) != want {
		return nil, fmt.Errorf("%w: %d flat values, want %d", ErrFlatMismatch, len(flat), want)
	}
	lf := newLifter(opts)
	vs := make([]value.Value, len(g.ls))
	if !spill {
		it := flatIter{vals: flat}
		for i, l := range g.ls {
			v, err := lf.liftFlat(l, &it)
			if err != nil {
				return nil, err
			}
			vs[i] = v
		}
		return vs, nil
	}
	t, ptr := g.tuple, uint32(flat[0])
	if err := lf.checkRange(uint64(ptr), uint64(t.Size), t.Align, s); err != nil {
		return nil, err
	}
	for i, l := range g.ls {
		v, err := lf.load(l, ptr+t.offsets[i])
		if err != nil {
			return nil, err
		}
		vs[i] = v
	}
	return vs, nil
}

// lowerValues lowers vs and appends their flat values to dst.
func lowerValues(ctx context.Context, opts *Options, g *group, maxFlat int, vs []value.Value, retptr *uint32, dst []uint64) ([]uint64, error) {
	if len(vs) != len(g.ls) {
		return dst, fmt.Errorf("canon: %d values for %d types", len(vs), len(g.ls))
	}
	lw := newLowerer(ctx, opts)
	if g.flat <= maxFlat {
		for i, l := range g.ls {
			var err error
			if dst, err = lw.lowerFlat(l, vs[i], dst); err != nil {
				return dst, fmt.Errorf("value %d: %w", i, explain(err, l, vs[i]))
			}
		}
		return dst, nil
	}
	t := g.tuple
	var ptr uint32
	if retptr == nil {
		p, err := lw.alloc(0, 0, t.Align, t.Size, siteValue)
		if err != nil {
			return dst, err
		}
		ptr, dst = p, append(dst, uint64(p))
	} else {
		ptr = *retptr
		if err := lw.checkRange(ptr, t.Size, t.Align, siteReturn); err != nil {
			return dst, err
		}
	}
	for i, l := range g.ls {
		if err := lw.store(l, vs[i], ptr+t.offsets[i]); err != nil {
			return dst, fmt.Errorf("value %d: %w", i, explain(err, l, vs[i]))
		}
	}
	return dst, nil
}

// loadChecked loads a value of layout l at ptr after checking alignment
// and bounds, with traps worded for site s.
func (lf *lifter) loadChecked(l *Layout, ptr uint32, s site) (value.Value, error) {
	if err := lf.checkRange(uint64(ptr), uint64(l.Size), l.Align, s); err != nil {
		return value.Value{}, err
	}
	return lf.load(l, ptr)
}
