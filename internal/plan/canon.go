package plan

import (
	"fmt"

	"github.com/weftwasm/weft/component"
	"github.com/weftwasm/weft/value"
)

func (b *builder) options(s *scope, opts []component.CanonOpt) (Options, error) {
	o := Options{Encoding: component.OptUTF8}
	for _, op := range opts {
		var err error
		item := func(space []CoreItem, what string) *CoreItem {
			var it CoreItem
			it, err = at(space, op.Index, what)
			return &it
		}
		switch op.Kind {
		case component.OptUTF8, component.OptUTF16, component.OptLatin1UTF16:
			o.Encoding = op.Kind
		case component.OptMemory:
			o.Memory = item(s.coreMems, "core memory")
		case component.OptRealloc:
			o.Realloc = item(s.coreFuncs, "core func")
		case component.OptPostReturn:
			o.PostReturn = item(s.coreFuncs, "core func")
		case component.OptCallback:
			o.Callback = item(s.coreFuncs, "core func")
		case component.OptAsync:
			o.Async = true
		default:
			return o, fmt.Errorf("canonical option %s is not supported", op.Kind)
		}
		if err != nil {
			return o, fmt.Errorf("option %s: %w", op.Kind, err)
		}
	}
	return o, nil
}

func (b *builder) hostFunc(s *scope, h HostFunc) {
	h.Inst = s.inst
	id := HostFuncID(len(b.p.HostFuncs))
	b.p.HostFuncs = append(b.p.HostFuncs, h)
	s.coreFuncs = append(s.coreFuncs, CoreItem{Inst: HostInstance, Name: HostFuncName(id)})
}

func (b *builder) canon(s *scope, c component.Canon) error {
	switch c.Op {
	case component.CanonLift:
		core, err := at(s.coreFuncs, uint32(c.CoreFunc), "core func")
		if err != nil {
			return err
		}
		t, err := at(s.types, uint32(c.Type), "type")
		if err != nil {
			return err
		}
		if t.fn == nil {
			return fmt.Errorf("%s is a %s, not a function type", c.Type, t)
		}
		opts, err := b.options(s, c.Options)
		if err != nil {
			return err
		}
		id := LiftID(len(b.p.Lifts))
		b.p.Lifts = append(b.p.Lifts, Lift{Inst: s.inst, Core: core, Opts: opts, Type: t.fn})
		s.funcs = append(s.funcs, funcDef{ref: FuncRef{Lifted: true, Lift: id}, typ: t.fn})
	case component.CanonLower:
		f, err := at(s.funcs, uint32(c.Func), "func")
		if err != nil {
			return err
		}
		if f.typ == nil {
			return fmt.Errorf("%s has no known type", c.Func)
		}
		opts, err := b.options(s, c.Options)
		if err != nil {
			return err
		}
		b.hostFunc(s, HostFunc{Kind: HostLower, Op: c.Op, Callee: f.ref, Type: f.typ, Opts: opts})
	case component.CanonResourceNew, component.CanonResourceDrop, component.CanonResourceRep:
		r, err := s.resource(c.Type)
		if err != nil {
			return err
		}
		id := -1
		for i := range b.p.Resources {
			if b.p.Resources[i].Type == r {
				id = i
			}
		}
		if id < 0 {
			return fmt.Errorf("unknown resource %s", r.Name)
		}
		h := HostFunc{Op: c.Op, Resource: ResourceID(id)}
		switch c.Op {
		case component.CanonResourceNew:
			h.Kind, h.Params, h.Results = HostResourceNew, []CoreType{I32}, []CoreType{I32}
		case component.CanonResourceDrop:
			h.Kind, h.Params = HostResourceDrop, []CoreType{I32}
		default:
			h.Kind, h.Params, h.Results = HostResourceRep, []CoreType{I32}, []CoreType{I32}
		}
		b.hostFunc(s, h)
	case component.CanonTaskReturn:
		h := HostFunc{Kind: HostBuiltin, Op: c.Op}
		if c.Result != nil {
			t, err := s.valType(*c.Result)
			if err != nil {
				return err
			}
			h.Type = &value.FuncType{Params: []value.Param{{Name: "result", Type: t}}}
		} else {
			h.Type = &value.FuncType{}
		}
		b.hostFunc(s, h)
	default:
		sig, ok := builtinSigs[c.Op]
		if !ok {
			return fmt.Errorf("built-in %s is not supported", c.Op)
		}
		h := HostFunc{Kind: HostBuiltin, Op: c.Op, Params: sig[0], Results: sig[1]}
		if c.Op == component.CanonContextGet {
			h.Results = []CoreType{coreTypeOf(c.ValType)}
		} else if c.Op == component.CanonContextSet {
			h.Params = []CoreType{coreTypeOf(c.ValType)}
		}
		b.hostFunc(s, h)
	}
	return nil
}

func coreTypeOf(v component.CoreValType) CoreType {
	if v.String() == "i64" {
		return I64
	}
	return I32
}

var (
	none = []CoreType{}
	i32  = []CoreType{I32}
	i32s = []CoreType{I32, I32}
	i64  = []CoreType{I64}
)

// builtinSigs are the core signatures of the built-ins the runtime does not
// implement beyond trapping (all of them async or threading built-ins):
// params, results.
var builtinSigs = map[component.CanonOp][2][]CoreType{
	component.CanonTaskCancel:                 {none, none},
	component.CanonSubtaskCancel:              {i32, i32},
	component.CanonSubtaskDrop:                {i32, none},
	component.CanonContextGet:                 {none, i32},
	component.CanonContextSet:                 {i32, none},
	component.CanonThreadYield:                {none, i32},
	component.CanonStreamNew:                  {none, i64},
	component.CanonStreamRead:                 {[]CoreType{I32, I32, I32}, i32},
	component.CanonStreamWrite:                {[]CoreType{I32, I32, I32}, i32},
	component.CanonStreamCancelRead:           {i32, i32},
	component.CanonStreamCancelWrite:          {i32, i32},
	component.CanonStreamDropReadable:         {i32, none},
	component.CanonStreamDropWritable:         {i32, none},
	component.CanonFutureNew:                  {none, i64},
	component.CanonFutureRead:                 {i32s, i32},
	component.CanonFutureWrite:                {i32s, i32},
	component.CanonFutureCancelRead:           {i32, i32},
	component.CanonFutureCancelWrite:          {i32, i32},
	component.CanonFutureDropReadable:         {i32, none},
	component.CanonFutureDropWritable:         {i32, none},
	component.CanonErrorContextNew:            {i32s, i32},
	component.CanonErrorContextDebugMessage:   {i32s, none},
	component.CanonErrorContextDrop:           {i32, none},
	component.CanonWaitableSetNew:             {none, i32},
	component.CanonWaitableSetWait:            {i32s, i32},
	component.CanonWaitableSetPoll:            {i32s, i32},
	component.CanonWaitableSetDrop:            {i32, none},
	component.CanonWaitableJoin:               {i32s, none},
	component.CanonBackpressureInc:            {none, none},
	component.CanonBackpressureDec:            {none, none},
	component.CanonThreadIndex:                {none, i32},
	component.CanonThreadNewIndirect:          {i32s, i32},
	component.CanonThreadResumeLater:          {i32, none},
	component.CanonThreadSuspend:              {none, i32},
	component.CanonThreadSuspendThenResume:    {i32, i32},
	component.CanonThreadYieldThenResume:      {i32, i32},
	component.CanonThreadSuspendThenPromote:   {i32, i32},
	component.CanonThreadYieldThenPromote:     {i32, i32},
	component.CanonThreadAvailableParallelism: {none, i32},
}

// importDef resolves an import: from the instantiation arguments inside a
// nested component, from the host at the top level.
func (b *builder) importDef(s *scope, im component.Import) (def, error) {
	name := im.Name.Name
	if s.args != nil {
		d, ok := s.args[name]
		if !ok {
			return def{}, fmt.Errorf("missing instantiation argument %q", name)
		}
		if want := component.ExternSort(im.Type); d.sort != want {
			return def{}, fmt.Errorf("argument %q is a %s, not a %s", name, d.sort, want)
		}
		return d, nil
	}
	item, err := b.declItem(s, name, im.Type)
	if err != nil {
		return def{}, err
	}
	return b.hostDef(name, "", name, item), nil
}

// hostDef makes the definition of an item the host provides at path.
func (b *builder) hostDef(path, instName, name string, item *declItem) def {
	d := def{sort: item.sort}
	switch item.sort {
	case component.SortFunc:
		id := ImportID(len(b.p.Imports))
		b.p.Imports = append(b.p.Imports, Import{Path: path, Instance: instName, Name: name, Type: item.fn})
		d.fn = funcDef{ref: FuncRef{Import: id}, typ: item.fn}
	case component.SortType:
		d.typ = item.typ
		if r := item.typ.res; r != nil {
			for i := range b.p.Resources {
				if b.p.Resources[i].Type == r && b.p.Resources[i].Imported && b.p.Resources[i].Import == "" {
					b.p.Resources[i].Import = path
				}
			}
		}
	case component.SortInstance:
		in := &instDef{exports: map[string]def{}}
		for _, n := range item.inst.names {
			sub := item.inst.items[n]
			in.names = append(in.names, n)
			in.exports[n] = b.hostDef(path+"#"+n, path, n, sub)
		}
		d.cinst = in
	case component.SortCoreModule:
		b.p.Unresolved = append(b.p.Unresolved, path)
		d.module = -1
	default:
		b.p.Unresolved = append(b.p.Unresolved, path)
	}
	return d
}

// exports converts the outermost instance's exports.
func (b *builder) exports(in *instDef) Exports {
	var out Exports
	for _, n := range in.names {
		d := in.exports[n]
		x := &Export{Kind: ExportOther}
		switch d.sort {
		case component.SortFunc:
			x.Kind, x.Func = ExportFunc, d.fn.ref
		case component.SortInstance:
			if d.cinst != nil && d.cinst.exports != nil {
				sub := b.exports(d.cinst)
				x.Kind, x.Instance = ExportInstance, &sub
			}
		case component.SortType:
			x.Kind = ExportType
			if d.typ != nil {
				x.Type, x.Resource = d.typ.val, d.typ.res
			}
		}
		out.add(n, x)
	}
	return out
}
