package component

import "strconv"

// Summary describes a component for people: its imports and exports with
// their types in a WIT-like syntax, its embedded core modules and producers.
type Summary struct {
	Imports    []ItemSummary
	Exports    []ItemSummary
	Modules    []ModuleSummary
	Components int // nested components, at any depth
	// Producers holds the component's own producers section, if any.
	Producers *Producers
}

// ItemSummary is one import or export.
type ItemSummary struct {
	Name string
	Sort Sort
	// Type is the item's type in a WIT-like syntax, e.g.
	// "func(a: u32) -> string" or a multi-line "instance { ... }".
	Type string
}

// ModuleSummary is one embedded core module.
type ModuleSummary struct {
	// Path locates the module: "module 0", or "component 1/module 0" for a
	// module of a nested component.
	Path   string
	Offset int // absolute offset of the module's first byte in the input
	Size   int
	// Producers is the module's producers section, if any.
	Producers *Producers
}

// Summarize walks c and describes it. It tolerates components that would not
// validate: unresolvable types render as placeholders such as "<type 7>".
func Summarize(c *Component) *Summary {
	sum := &Summary{}
	work := maxWork
	top := &scope{work: &work}
	sum.walk(c, top, "")
	budget := maxRenderTotal
	for _, it := range top.imports {
		sum.Imports = append(sum.Imports, summarizeItem(it, &budget))
	}
	for _, it := range top.exports {
		sum.Exports = append(sum.Exports, summarizeItem(it, &budget))
	}
	return sum
}

func summarizeItem(it item, budget *int) ItemSummary {
	p := printer{budget: budget}
	p.externType(it)
	*budget -= p.b.Len()
	sort := ExternSort(it.ext)
	switch {
	case it.ext != nil:
	case it.fn != nil:
		sort = SortFunc
	case it.inst != nil:
		sort = SortInstance
	}
	return ItemSummary{Name: it.name, Sort: sort, Type: p.b.String()}
}

// walk builds c's index spaces into s and collects modules, recursing into
// nested components.
func (sum *Summary) walk(c *Component, s *scope, prefix string) {
	modules, components := 0, 0
	for _, sec := range c.Sections {
		switch sec := sec.(type) {
		case *CustomSection:
			if prefix == "" && sec.Name == "producers" {
				sum.Producers, _ = sec.Producers()
			}
		case *CoreModuleSection:
			m := ModuleSummary{
				Path:   prefix + "module " + strconv.Itoa(modules),
				Offset: sec.Span().Body,
				Size:   len(sec.Module),
			}
			if customs, err := ModuleCustomSections(sec.Module); err == nil {
				for _, cs := range customs {
					if cs.Name == "producers" {
						m.Producers, _ = cs.Producers()
					}
				}
			}
			sum.Modules = append(sum.Modules, m)
			modules++
		case *ComponentSection:
			sum.Components++
			inner := &scope{parent: s, work: s.work}
			sum.walk(sec.Component, inner, prefix+"component "+strconv.Itoa(components)+"/")
			s.components = append(s.components, inner.exports)
			components++
		}
		s.definitions(sec)
	}
}

// definitions adds the definitions of one section to s's index spaces.
func (s *scope) definitions(sec Section) {
	switch sec := sec.(type) {
	case *TypeSection:
		for _, t := range sec.Types {
			s.types = append(s.types, &tref{t: t, sc: s})
		}
	case *ImportSection:
		for _, im := range sec.Imports {
			s.imports = append(s.imports, s.addExtern(im.Name.Name, im.Type))
		}
	case *AliasSection:
		for _, a := range sec.Aliases {
			s.alias(a)
		}
	case *CanonSection:
		for _, c := range sec.Canons {
			if c.Op == CanonLift {
				s.funcs = append(s.funcs, s.typ(uint32(c.Type)))
			}
		}
	case *InstanceSection:
		for _, in := range sec.Instances {
			ie := &instEntry{}
			switch in := in.(type) {
			case *InstanceFromExports:
				for _, e := range in.Exports {
					ie.exports = append(ie.exports, s.itemOf(e.Name.Name, e.Item))
				}
			case *Instantiate:
				if int64(in.Component) < int64(len(s.components)) {
					ie.exports = s.components[in.Component]
				}
			}
			s.instances = append(s.instances, ie)
		}
	case *ExportSection:
		for _, e := range sec.Exports {
			var it item
			if e.Type != nil {
				it = s.addExtern(e.Name.Name, e.Type)
			} else {
				it = s.itemOf(e.Name.Name, e.Item)
				s.addItem(e.Name.Name, e.Item)
			}
			s.exports = append(s.exports, it)
		}
	}
}

// itemOf describes the existing definition si under name.
func (s *scope) itemOf(name string, si SortIdx) item {
	it := item{name: name, sc: s}
	switch si.Sort {
	case SortFunc:
		if int64(si.Index) < int64(len(s.funcs)) && s.funcs[si.Index] != nil {
			it.fn = s.funcs[si.Index]
		}
	case SortInstance:
		if int64(si.Index) < int64(len(s.instances)) {
			it.inst = s.instances[si.Index]
		}
	case SortType:
		it.ext = &ExternTypeBound{Eq: TypeIdx(si.Index)}
	case SortCoreModule:
		it.ext = &ExternModule{}
	}
	return it
}

// addItem adds the new index an export without ascribed type introduces.
func (s *scope) addItem(name string, si SortIdx) {
	switch si.Sort {
	case SortFunc:
		var t *tref
		if int64(si.Index) < int64(len(s.funcs)) {
			t = s.funcs[si.Index]
		}
		s.funcs = append(s.funcs, t)
	case SortInstance:
		var in *instEntry
		if int64(si.Index) < int64(len(s.instances)) {
			in = s.instances[si.Index]
		}
		s.instances = append(s.instances, in)
	case SortType:
		var t *tref
		if old := s.typ(si.Index); old != nil {
			c := *old
			c.name = name
			t = &c
		}
		s.types = append(s.types, t)
	}
}
