package component

import (
	"errors"
	"fmt"
	"strings"

	"github.com/weftwasm/weft/value"
)

var (
	i32 = CoreValType{Code: CoreI32}
	i64 = CoreValType{Code: CoreI64}
	f32 = CoreValType{Code: CoreF32}
	f64 = CoreValType{Code: CoreF64}
)

func coreFunc(params []CoreValType, results ...CoreValType) *CoreFuncType {
	return &CoreFuncType{Params: params, Results: results}
}

func vals(ts ...CoreValType) []CoreValType { return ts }

// canonOptions are the checked canonical options of one definition.
type canonOptions struct {
	memory     bool
	ptr        CoreValType // i32, or i64 for a 64-bit memory
	realloc    bool
	postReturn *CoreFuncType
	async      bool
	callback   bool
	// callbackType is the core type of the callback function, checked by
	// canon lift.
	callbackType *CoreFuncType
	coreType     *CoreFuncType
	gc           bool
}

func (o *canonOptions) requireMemory() error {
	if !o.memory {
		return errors.New("canonical option `memory` is required")
	}
	return nil
}

func (o *canonOptions) requireRealloc() error {
	if err := o.requireMemory(); err != nil {
		return err
	}
	if !o.realloc {
		return errors.New("canonical option `realloc` is required")
	}
	return nil
}

func (o *canonOptions) requireSync(where string) error {
	if o.async {
		return fmt.Errorf("cannot specify `async` option on `%s`", where)
	}
	return nil
}

func (o *canonOptions) checkLower() error {
	if o.postReturn != nil {
		return errors.New("canonical option `post-return` cannot be specified for lowerings")
	}
	if o.callback {
		return errors.New("canonical option `callback` cannot be specified for lowerings")
	}
	if o.gc && o.coreType == nil {
		return errors.New("cannot specify `gc` without also specifying a `core-type` for lowerings")
	}
	return nil
}

// checkOptions validates a list of canonical options.
func (v *validator) checkOptions(s *vscope, opts []CanonOpt) (*canonOptions, error) {
	o := &canonOptions{ptr: i32}
	var encoding string
	var realloc *CoreFuncType
	seen := map[CanonOptKind]bool{}
	for _, opt := range opts {
		switch opt.Kind {
		case OptUTF8, OptUTF16, OptLatin1UTF16:
			name := map[CanonOptKind]string{OptUTF8: "utf8", OptUTF16: "utf16", OptLatin1UTF16: "latin1-utf16"}[opt.Kind]
			if encoding != "" {
				return nil, fmt.Errorf("canonical encoding option `%s` conflicts with option `%s`", encoding, name)
			}
			encoding = name
			continue
		}
		if seen[opt.Kind] {
			return nil, fmt.Errorf("canonical option `%s` is specified more than once", opt.Kind)
		}
		seen[opt.Kind] = true
		switch opt.Kind {
		case OptMemory:
			m, err := s.memoryAt(opt.Index)
			if err != nil {
				return nil, err
			}
			if m.Flags&0x02 != 0 {
				return nil, errors.New("mismatch in the shared flag for memories")
			}
			if m.Is64() {
				return nil, errors.New("64-bit memories require the `cm64` feature to be enabled")
			}
			if m.Flags&0x08 != 0 && m.PageSizeLog2 != 16 {
				return nil, errors.New("mismatch in page size for memories")
			}
			o.memory = true
		case OptRealloc:
			f, err := s.coreFuncAt(opt.Index)
			if err != nil {
				return nil, err
			}
			realloc = f
			o.realloc = true
		case OptPostReturn:
			f, err := s.coreFuncAt(opt.Index)
			if err != nil {
				return nil, err
			}
			o.postReturn = f
		case OptAsync:
			o.async = true
		case OptCallback:
			f, err := s.coreFuncAt(opt.Index)
			if err != nil {
				return nil, err
			}
			o.callback = true
			o.callbackType = f
		case OptCoreType:
			d, err := s.coreTypeAt(opt.Index)
			if err != nil {
				return nil, err
			}
			f, ok := coreFuncOf(d)
			if !ok {
				return nil, errors.New("canonical option `core type` must reference a core function type")
			}
			o.coreType = f
		case OptGC:
			o.gc = true
		default:
			return nil, fmt.Errorf("unknown canonical option %s", opt.Kind)
		}
	}
	if o.callback && !o.async {
		return nil, errors.New("cannot specify callback without async")
	}
	if o.async && o.postReturn != nil {
		return nil, errors.New("cannot specify post-return function in async")
	}
	if o.coreType != nil && !o.gc {
		return nil, errors.New("cannot specify `core-type` without `gc`")
	}
	if o.gc {
		return nil, errors.New("canonical option `gc` requires the `cm-gc` feature")
	}
	if realloc != nil {
		if !o.memory {
			return nil, errors.New("canonical option `realloc` requires `memory` to also be specified")
		}
		p := o.ptr
		if !coreFuncEqual(realloc, coreFunc(vals(p, p, p, p), p)) {
			return nil, errors.New("canonical option `realloc` uses a core function with an incorrect signature")
		}
	}
	return o, nil
}

func slicesEqualParams(f *CoreFuncType, params []CoreValType) bool {
	return coreFuncEqual(&CoreFuncType{Params: f.Params}, &CoreFuncType{Params: params})
}

func coreFuncOf(d coreTypeDef) (*CoreFuncType, bool) {
	if d.sub == nil {
		return nil, false
	}
	f, ok := d.sub.Comp.(*CoreFuncType)
	return f, ok
}

// canon validates a canonical definition and adds the function it defines.
func (v *validator) canon(s *vscope, c *Canon) error {
	switch c.Op {
	case CanonLift:
		return v.lift(s, c)
	case CanonLower:
		f, err := s.funcAt(uint32(c.Func))
		if err != nil {
			return err
		}
		o, err := v.checkOptions(s, c.Options)
		if err != nil {
			return err
		}
		if err := o.checkLower(); err != nil {
			return err
		}
		if o.async && !f.Async {
			return errors.New("the `async` canonical option requires an async function type")
		}
		sig, err := lowerSignature(f, o, false, v.facts)
		if err != nil {
			return err
		}
		s.coreFuncs = append(s.coreFuncs, sig)
		return nil
	case CanonResourceNew, CanonResourceRep:
		r, _, err := s.resourceAt(uint32(c.Type))
		if err != nil {
			return err
		}
		rep, ok := s.localRep[r]
		if !ok {
			return fmt.Errorf("type %d is not a local resource", c.Type)
		}
		if c.Op == CanonResourceNew {
			return s.addCoreFunc(vals(rep), i32)
		}
		return s.addCoreFunc(vals(i32), rep)
	case CanonResourceDrop:
		if _, _, err := s.resourceAt(uint32(c.Type)); err != nil {
			return err
		}
		return s.addCoreFunc(vals(i32))
	case CanonTaskReturn:
		return v.taskReturn(s, c)
	case CanonContextGet, CanonContextSet:
		name := strings.TrimPrefix(c.Op.String(), "canon ")
		switch c.ValType.Code {
		case CoreI32:
		case CoreI64:
			return fmt.Errorf("64-bit `%s` requires the component model 64-bit feature", name)
		default:
			return fmt.Errorf("`%s` only supports `i32` or `i64`", name)
		}
		if s.contextType != nil && *s.contextType != c.ValType {
			return fmt.Errorf("`%s` type must match previous context type", name)
		}
		t := c.ValType
		s.contextType = &t
		if c.Slot > 1 {
			return fmt.Errorf("`%s` immediate must be zero or one: %d", name, c.Slot)
		}
		if c.Op == CanonContextGet {
			return s.addCoreFunc(nil, c.ValType)
		}
		return s.addCoreFunc(vals(c.ValType))
	case CanonStreamNew, CanonFutureNew:
		if _, err := v.asyncElem(s, c); err != nil {
			return err
		}
		return s.addCoreFunc(nil, i64)
	case CanonStreamRead, CanonStreamWrite, CanonFutureRead, CanonFutureWrite:
		return v.streamCopy(s, c)
	case CanonStreamCancelRead, CanonStreamCancelWrite, CanonFutureCancelRead, CanonFutureCancelWrite:
		if _, err := v.asyncElem(s, c); err != nil {
			return err
		}
		return s.addCoreFunc(vals(i32), i32)
	case CanonStreamDropReadable, CanonStreamDropWritable, CanonFutureDropReadable, CanonFutureDropWritable:
		if _, err := v.asyncElem(s, c); err != nil {
			return err
		}
		return s.addCoreFunc(vals(i32))
	case CanonErrorContextNew, CanonErrorContextDebugMessage:
		o, err := v.checkOptions(s, c.Options)
		if err != nil {
			return err
		}
		if err := o.requireMemory(); err != nil {
			return err
		}
		name := strings.TrimPrefix(c.Op.String(), "canon ")
		if c.Op == CanonErrorContextDebugMessage {
			if err := o.requireRealloc(); err != nil {
				return err
			}
		}
		if err := o.requireSync(name); err != nil {
			return err
		}
		if err := o.checkLower(); err != nil {
			return err
		}
		if c.Op == CanonErrorContextNew {
			return s.addCoreFunc(vals(i32, i32), i32)
		}
		return s.addCoreFunc(vals(i32, i32))
	case CanonWaitableSetWait, CanonWaitableSetPoll:
		if _, err := s.memoryAt(uint32(c.Memory)); err != nil {
			return err
		}
		return s.addCoreFunc(vals(i32, i32), i32)
	case CanonThreadNewIndirect:
		return v.threadNewIndirect(s, c)
	case CanonThreadSpawnRef, CanonThreadSpawnIndirect:
		return fmt.Errorf("`%s` requires the component model shared-everything-threads feature", strings.TrimPrefix(c.Op.String(), "canon "))
	}
	if sig, ok := simpleBuiltins[c.Op]; ok {
		return s.addCoreFunc(sig.Params, sig.Results...)
	}
	return fmt.Errorf("unknown canonical function %s", c.Op)
}

// simpleBuiltins are the canonical built-ins whose core signature is fixed.
var simpleBuiltins = map[CanonOp]CoreFuncType{
	CanonTaskCancel:                 {},
	CanonSubtaskCancel:              {Params: vals(i32), Results: vals(i32)},
	CanonSubtaskDrop:                {Params: vals(i32)},
	CanonThreadYield:                {Results: vals(i32)},
	CanonErrorContextDrop:           {Params: vals(i32)},
	CanonWaitableSetNew:             {Results: vals(i32)},
	CanonWaitableSetDrop:            {Params: vals(i32)},
	CanonWaitableJoin:               {Params: vals(i32, i32)},
	CanonBackpressureInc:            {},
	CanonBackpressureDec:            {},
	CanonThreadIndex:                {Results: vals(i32)},
	CanonThreadResumeLater:          {Params: vals(i32)},
	CanonThreadSuspend:              {Results: vals(i32)},
	CanonThreadSuspendThenResume:    {Params: vals(i32), Results: vals(i32)},
	CanonThreadYieldThenResume:      {Params: vals(i32), Results: vals(i32)},
	CanonThreadSuspendThenPromote:   {Params: vals(i32), Results: vals(i32)},
	CanonThreadYieldThenPromote:     {Params: vals(i32), Results: vals(i32)},
	CanonThreadAvailableParallelism: {Results: vals(i32)},
}

func (s *vscope) addCoreFunc(params []CoreValType, results ...CoreValType) error {
	s.coreFuncs = append(s.coreFuncs, coreFunc(params, results...))
	return nil
}

// asyncElem checks that a stream or future built-in names a type of the
// right kind and returns its element type (nil when it has none).
func (v *validator) asyncElem(s *vscope, c *Canon) (value.Type, error) {
	name := strings.TrimPrefix(c.Op.String(), "canon ")
	stream := strings.HasPrefix(name, "stream.")
	t, err := s.definedTypeAt(uint32(c.Type))
	if err != nil {
		return nil, err
	}
	if stream {
		st, ok := t.(*value.StreamType)
		if !ok {
			return nil, fmt.Errorf("`%s` requires a stream type", name)
		}
		return st.Elem, nil
	}
	ft, ok := t.(*value.FutureType)
	if !ok {
		return nil, fmt.Errorf("`%s` requires a future type", name)
	}
	return ft.Elem, nil
}

func (v *validator) streamCopy(s *vscope, c *Canon) error {
	elem, err := v.asyncElem(s, c)
	if err != nil {
		return err
	}
	o, err := v.checkOptions(s, c.Options)
	if err != nil {
		return err
	}
	if elem != nil {
		if err := o.requireMemory(); err != nil {
			return err
		}
		read := c.Op == CanonStreamRead || c.Op == CanonFutureRead
		if read && v.facts.hasPtr(elem) {
			if err := o.requireRealloc(); err != nil {
				return err
			}
		}
	}
	if err := o.checkLower(); err != nil {
		return err
	}
	if c.Op == CanonStreamRead || c.Op == CanonStreamWrite {
		return s.addCoreFunc(vals(i32, i32, i32), i32)
	}
	return s.addCoreFunc(vals(i32, i32), i32)
}

func (v *validator) taskReturn(s *vscope, c *Canon) error {
	f := &value.FuncType{}
	if c.Result != nil {
		t, err := v.valType(s, *c.Result)
		if err != nil {
			return err
		}
		f.Params = []value.Param{{Name: "v", Type: t}}
	}
	o, err := v.checkOptions(s, c.Options)
	if err != nil {
		return err
	}
	if o.realloc {
		return errors.New("cannot specify `realloc` option on `task.return`")
	}
	if o.postReturn != nil {
		return errors.New("cannot specify `post-return` option on `task.return`")
	}
	if err := o.checkLower(); err != nil {
		return err
	}
	if err := o.requireSync("task.return"); err != nil {
		return err
	}
	sig, err := lowerSignature(f, o, false, v.facts)
	if err != nil {
		return err
	}
	s.coreFuncs = append(s.coreFuncs, sig)
	return nil
}

func (v *validator) threadNewIndirect(s *vscope, c *Canon) error {
	d, err := s.coreTypeAt(uint32(c.CoreType))
	if err != nil {
		return err
	}
	if d.module != nil {
		return errors.New("expected a core function type")
	}
	f, ok := coreFuncOf(d)
	if !ok {
		return errors.New("start type must be a function")
	}
	if !coreFuncEqual(&CoreFuncType{Params: f.Params}, coreFunc(vals(i32))) {
		return errors.New("start function must take a single `i32` argument (currently)")
	}
	if len(f.Results) != 0 {
		return errors.New("start function must not return any values")
	}
	t, err := s.tableAt(uint32(c.Table))
	if err != nil {
		return err
	}
	if t.Elem != (CoreValType{Code: CoreFuncRef}) && t.Elem != (CoreValType{Code: CoreRefNull, Heap: HeapType{Abstract: 0x70}}) || t.Limits.Is64() || t.Limits.Flags&0x02 != 0 {
		return errors.New("table is not a 32-bit table of (ref null (func))")
	}
	return s.addCoreFunc(vals(i32, i32), i32)
}

// lift validates `canon lift`.
func (v *validator) lift(s *vscope, c *Canon) error {
	f, err := s.funcTypeAt(uint32(c.Type))
	if err != nil {
		return err
	}
	core, err := s.coreFuncAt(uint32(c.CoreFunc))
	if err != nil {
		return err
	}
	o, err := v.checkOptions(s, c.Options)
	if err != nil {
		return err
	}
	if o.postReturn != nil {
		if !coreFuncEqual(o.postReturn, &CoreFuncType{Params: core.Results}) {
			return errors.New("canonical option `post-return` uses a core function with an incorrect signature")
		}
	}
	if o.callback {
		cb := o.callbackType
		if !slicesEqualParams(cb, vals(i32, i32, i32)) && !slicesEqualParams(cb, vals(i32)) {
			return errors.New("canonical option `callback` uses a core function with an incorrect signature")
		}
	}
	if o.coreType != nil {
		return errors.New("canonical option `core-type` is not allowed in `canon lift`")
	}
	if o.async && !f.Async {
		return errors.New("the `async` canonical option requires an async function type")
	}
	want, err := lowerSignature(f, o, true, v.facts)
	if err != nil {
		return err
	}
	if !coreFuncEqual(&CoreFuncType{Params: want.Params}, &CoreFuncType{Params: core.Params}) {
		return fmt.Errorf("lowered parameter types `%s` do not match parameter types `%s` of core function %d",
			debugTypes(want.Params), debugTypes(core.Params), c.CoreFunc)
	}
	if !coreFuncEqual(&CoreFuncType{Results: want.Results}, &CoreFuncType{Results: core.Results}) {
		return fmt.Errorf("lowered result types `%s` do not match result types `%s` of core function %d",
			debugTypes(want.Results), debugTypes(core.Results), c.CoreFunc)
	}
	s.funcs = append(s.funcs, f)
	return nil
}

// debugTypes renders core types the way wasmparser's messages do: [I32, I64].
func debugTypes(ts []CoreValType) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = strings.ToUpper(t.String()[:1]) + t.String()[1:]
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
