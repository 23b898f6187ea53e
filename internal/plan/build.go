package plan

import (
	"errors"
	"fmt"

	"github.com/weftwasm/weft/component"
	"github.com/weftwasm/weft/value"
)

// Limits on the work one component may ask of the planner: nested
// components are inlined, so a small binary can describe an exponential
// number of instances.
const (
	maxCompInsts = 10_000
	maxSteps     = 100_000
	maxWork      = 1_000_000 // sections visited over all inlined instances
)

// errUnresolvable stops planning when the component instantiates an
// imported core module or component: only a host could provide those, and
// no host can, so instantiation will fail on the unresolved import.
var errUnresolvable = errors.New("uses an import no host can provide")

// scope is one component body (or an instance type's declarations): its
// index spaces, in definition order.
type scope struct {
	parent    *scope
	inst      CompInstID
	typeScope bool
	args      map[string]def // instantiation arguments, nil at the top level

	modules                                                []ModuleID // -1 for an imported module nothing can provide
	coreInsts                                              []CoreInstID
	coreFuncs, coreTables, coreMems, coreGlobals, coreTags []CoreItem
	coreTypes                                              int
	funcs                                                  []funcDef
	values                                                 int
	types                                                  []*typeDef
	comps                                                  []*compDef // nil for an imported component nothing can provide
	insts                                                  []*instDef
}

type funcDef struct {
	ref FuncRef
	typ *value.FuncType
}

// compDef is a component definition with the scope it was defined in (for
// outer aliases).
type compDef struct {
	ast   *component.Component
	outer *scope
}

// instDef is a component instance: its exports by name. Imported instances
// nested in instance types only carry typ.
type instDef struct {
	exports map[string]def
	names   []string
	typ     *instType
}

// def is any definition, as passed in instantiation arguments and exports.
type def struct {
	sort   component.Sort
	module ModuleID
	core   CoreItem
	inst   CoreInstID
	fn     funcDef
	typ    *typeDef
	comp   *compDef
	cinst  *instDef
}

type builder struct {
	p       *Plan
	work    int
	modules map[moduleKey]ModuleID
}

type moduleKey struct {
	first *byte
	n     int
}

// Build plans the instantiation of c. Indices are checked, so an invalid
// component gives an error rather than a panic, but types are trusted: run
// the validator first for complete checking.
func Build(c *component.Component) (*Plan, error) {
	b := &builder{p: &Plan{CoreInsts: 1}, modules: map[moduleKey]ModuleID{}}
	top := &compDef{ast: c}
	inst, err := b.instantiate(top, nil, NoCompInst)
	if errors.Is(err, errUnresolvable) && len(b.p.Unresolved) > 0 {
		b.p.Steps = nil
		return b.p, nil
	}
	if err != nil {
		return nil, err
	}
	b.p.Exports = b.exports(inst)
	return b.p, nil
}

func at[T any](s []T, i uint32, what string) (T, error) {
	if uint64(i) >= uint64(len(s)) {
		var zero T
		return zero, fmt.Errorf("%s index %d out of bounds (%d defined)", what, i, len(s))
	}
	return s[i], nil
}

func (b *builder) step(s Step) (CoreInstID, error) {
	if len(b.p.Steps) >= maxSteps {
		return 0, fmt.Errorf("component needs more than %d instantiation steps", maxSteps)
	}
	b.p.Steps = append(b.p.Steps, s)
	if s.Kind == StepStart {
		return 0, nil
	}
	id := CoreInstID(b.p.CoreInsts)
	b.p.CoreInsts++
	return id, nil
}

// instantiate inlines one instantiation of comp with args (nil for the
// outermost component, whose imports come from the host).
func (b *builder) instantiate(comp *compDef, args map[string]def, parent CompInstID) (*instDef, error) {
	if b.p.CompInsts >= maxCompInsts {
		return nil, fmt.Errorf("component instantiates more than %d component instances", maxCompInsts)
	}
	s := &scope{parent: comp.outer, inst: CompInstID(b.p.CompInsts), args: args}
	b.p.CompInsts++
	b.p.Parents = append(b.p.Parents, parent)
	out := &instDef{exports: map[string]def{}}
	for _, sec := range comp.ast.Sections {
		if b.work++; b.work > maxWork {
			return nil, fmt.Errorf("component too large to plan: more than %d sections over its inlined instances", maxWork)
		}
		if err := b.section(s, sec, out); err != nil {
			if errors.Is(err, errUnresolvable) {
				return nil, err
			}
			return nil, fmt.Errorf("%s at offset %#x: %w", sec.ID(), sec.Span().Offset, err)
		}
	}
	return out, nil
}

func (b *builder) section(s *scope, sec component.Section, out *instDef) error {
	switch sec := sec.(type) {
	case *component.CustomSection:
	case *component.CoreModuleSection:
		key := moduleKey{n: len(sec.Module)}
		if len(sec.Module) > 0 {
			key.first = &sec.Module[0]
		}
		id, ok := b.modules[key]
		if !ok {
			id = ModuleID(len(b.p.Modules))
			b.p.Modules = append(b.p.Modules, sec.Module)
			b.modules[key] = id
		}
		s.modules = append(s.modules, id)
	case *component.CoreInstanceSection:
		for _, ci := range sec.Instances {
			id, err := b.coreInstance(s, ci)
			if err != nil {
				return err
			}
			s.coreInsts = append(s.coreInsts, id)
		}
	case *component.CoreTypeSection:
		s.coreTypes += len(sec.Types)
	case *component.ComponentSection:
		s.comps = append(s.comps, &compDef{ast: sec.Component, outer: s})
	case *component.InstanceSection:
		for _, in := range sec.Instances {
			d, err := b.instance(s, in)
			if err != nil {
				return err
			}
			s.insts = append(s.insts, d)
		}
	case *component.AliasSection:
		for _, a := range sec.Aliases {
			if err := b.alias(s, a); err != nil {
				return err
			}
		}
	case *component.TypeSection:
		for _, t := range sec.Types {
			td, err := b.defType(s, t)
			if err != nil {
				return err
			}
			s.types = append(s.types, td)
		}
	case *component.CanonSection:
		for _, c := range sec.Canons {
			if err := b.canon(s, c); err != nil {
				return fmt.Errorf("%s: %w", c.Op, err)
			}
		}
	case *component.StartSection:
		f, err := at(s.funcs, uint32(sec.Start.Func), "func")
		if err != nil {
			return err
		}
		if len(sec.Start.Args) > 0 || sec.Start.Results > 0 {
			return errors.New("start functions with value arguments or results are not supported")
		}
		_, err = b.step(Step{Kind: StepStart, Start: f.ref})
		return err
	case *component.ImportSection:
		for _, im := range sec.Imports {
			d, err := b.importDef(s, im)
			if err != nil {
				return fmt.Errorf("import %q: %w", im.Name.Name, err)
			}
			s.push(d)
		}
	case *component.ExportSection:
		for _, x := range sec.Exports {
			d, err := s.get(x.Item)
			if err != nil {
				return fmt.Errorf("export %q: %w", x.Name.Name, err)
			}
			s.push(d)
			if d.typ != nil && d.typ.res != nil && !d.typ.named {
				d.typ.res.Name, d.typ.named = x.Name.Name, true // name a defined resource after its export
			}
			if _, dup := out.exports[x.Name.Name]; !dup {
				out.names = append(out.names, x.Name.Name)
			}
			out.exports[x.Name.Name] = d
		}
	case *component.ValueSection:
		s.values += len(sec.Values)
	default:
		return fmt.Errorf("unsupported section %T", sec)
	}
	return nil
}

func (b *builder) coreInstance(s *scope, ci component.CoreInstance) (CoreInstID, error) {
	switch ci := ci.(type) {
	case *component.CoreInstantiate:
		m, err := at(s.modules, uint32(ci.Module), "core module")
		if err != nil {
			return 0, err
		}
		if m < 0 {
			return 0, errUnresolvable
		}
		st := Step{Kind: StepInstantiate, Module: m}
		for _, a := range ci.Args {
			in, err := at(s.coreInsts, uint32(a.Instance), "core instance")
			if err != nil {
				return 0, err
			}
			st.Args = append(st.Args, CoreArg{Name: a.Name, Inst: in})
		}
		return b.step(st)
	case *component.CoreInstanceFromExports:
		st := Step{Kind: StepBag}
		for _, x := range ci.Exports {
			sort, ok := component.SortOfCore(x.Item.Sort)
			if !ok {
				return 0, fmt.Errorf("bad core sort %s", x.Item.Sort)
			}
			d, err := s.get(component.SortIdx{Sort: sort, Index: x.Item.Index})
			if err != nil {
				return 0, err
			}
			st.Items = append(st.Items, BagItem{Name: x.Name, Item: d.core})
		}
		return b.step(st)
	}
	return 0, fmt.Errorf("unsupported core instance %T", ci)
}

func (b *builder) instance(s *scope, in component.Instance) (*instDef, error) {
	switch in := in.(type) {
	case *component.Instantiate:
		c, err := at(s.comps, uint32(in.Component), "component")
		if err != nil {
			return nil, err
		}
		if c == nil {
			return nil, errUnresolvable
		}
		args := make(map[string]def, len(in.Args))
		for _, a := range in.Args {
			d, err := s.get(a.Item)
			if err != nil {
				return nil, fmt.Errorf("argument %q: %w", a.Name, err)
			}
			args[a.Name] = d
		}
		return b.instantiate(c, args, s.inst)
	case *component.InstanceFromExports:
		out := &instDef{exports: map[string]def{}}
		for _, x := range in.Exports {
			d, err := s.get(x.Item)
			if err != nil {
				return nil, fmt.Errorf("export %q: %w", x.Name.Name, err)
			}
			if _, dup := out.exports[x.Name.Name]; !dup {
				out.names = append(out.names, x.Name.Name)
			}
			out.exports[x.Name.Name] = d
		}
		return out, nil
	}
	return nil, fmt.Errorf("unsupported instance %T", in)
}

func (b *builder) alias(s *scope, a component.Alias) error {
	switch a := a.(type) {
	case *component.AliasExport:
		in, err := at(s.insts, uint32(a.Instance), "instance")
		if err != nil {
			return err
		}
		d, ok := in.export(a.Name)
		if !ok {
			return fmt.Errorf("%s has no export %q", a.Instance, a.Name)
		}
		if d.sort != a.Sort {
			return fmt.Errorf("export %q of %s is a %s, not a %s", a.Name, a.Instance, d.sort, a.Sort)
		}
		s.push(d)
	case *component.AliasCoreExport:
		in, err := at(s.coreInsts, uint32(a.Instance), "core instance")
		if err != nil {
			return err
		}
		sort, ok := component.SortOfCore(a.Sort)
		if !ok {
			return fmt.Errorf("bad core sort %s", a.Sort)
		}
		s.push(def{sort: sort, core: CoreItem{Inst: in, Name: a.Name}})
	case *component.AliasOuter:
		t := s
		for i := uint32(0); i < a.Count && t != nil; i++ {
			t = t.parent
		}
		if t == nil {
			return fmt.Errorf("outer alias count %d reaches past the outermost component", a.Count)
		}
		d, err := t.get(component.SortIdx{Sort: a.Sort, Index: a.Index})
		if err != nil {
			return fmt.Errorf("outer alias: %w", err)
		}
		s.push(d)
	default:
		return fmt.Errorf("unsupported alias %T", a)
	}
	return nil
}

// export looks an export of a component instance up; for an instance known
// only by its type (inside type declarations) it synthesizes the item.
func (in *instDef) export(name string) (def, bool) {
	if in.exports != nil {
		d, ok := in.exports[name]
		return d, ok
	}
	if in.typ == nil {
		return def{}, false
	}
	it, ok := in.typ.items[name]
	if !ok {
		return def{}, false
	}
	d := def{sort: it.sort, typ: it.typ, fn: funcDef{typ: it.fn}}
	if it.inst != nil {
		d.cinst = &instDef{typ: it.inst}
	}
	return d, true
}

// get returns the definition at an index of scope s.
func (s *scope) get(si component.SortIdx) (def, error) {
	d := def{sort: si.Sort}
	var err error
	switch si.Sort {
	case component.SortCoreFunc:
		d.core, err = at(s.coreFuncs, si.Index, "core func")
	case component.SortCoreTable:
		d.core, err = at(s.coreTables, si.Index, "core table")
	case component.SortCoreMemory:
		d.core, err = at(s.coreMems, si.Index, "core memory")
	case component.SortCoreGlobal:
		d.core, err = at(s.coreGlobals, si.Index, "core global")
	case component.SortCoreTag:
		d.core, err = at(s.coreTags, si.Index, "core tag")
	case component.SortCoreType:
		if si.Index >= uint32(s.coreTypes) {
			err = fmt.Errorf("core type index %d out of bounds", si.Index)
		}
	case component.SortCoreModule:
		d.module, err = at(s.modules, si.Index, "core module")
	case component.SortCoreInstance:
		d.inst, err = at(s.coreInsts, si.Index, "core instance")
	case component.SortFunc:
		d.fn, err = at(s.funcs, si.Index, "func")
	case component.SortValue:
		if si.Index >= uint32(s.values) {
			err = fmt.Errorf("value index %d out of bounds", si.Index)
		}
	case component.SortType:
		d.typ, err = at(s.types, si.Index, "type")
	case component.SortComponent:
		d.comp, err = at(s.comps, si.Index, "component")
	case component.SortInstance:
		d.cinst, err = at(s.insts, si.Index, "instance")
	default:
		err = fmt.Errorf("bad sort %s", si.Sort)
	}
	return d, err
}

// push appends d to the index space of its sort.
func (s *scope) push(d def) {
	switch d.sort {
	case component.SortCoreFunc:
		s.coreFuncs = append(s.coreFuncs, d.core)
	case component.SortCoreTable:
		s.coreTables = append(s.coreTables, d.core)
	case component.SortCoreMemory:
		s.coreMems = append(s.coreMems, d.core)
	case component.SortCoreGlobal:
		s.coreGlobals = append(s.coreGlobals, d.core)
	case component.SortCoreTag:
		s.coreTags = append(s.coreTags, d.core)
	case component.SortCoreType:
		s.coreTypes++
	case component.SortCoreModule:
		s.modules = append(s.modules, d.module)
	case component.SortCoreInstance:
		s.coreInsts = append(s.coreInsts, d.inst)
	case component.SortFunc:
		s.funcs = append(s.funcs, d.fn)
	case component.SortValue:
		s.values++
	case component.SortType:
		s.types = append(s.types, d.typ)
	case component.SortComponent:
		s.comps = append(s.comps, d.comp)
	case component.SortInstance:
		s.insts = append(s.insts, d.cinst)
	}
}
