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
	// "func(a: u32) -> string" or a multi-line "instance { ... }"; empty
	// when the summary was made without validation info.
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

// Summarize describes c. info is what validating c returned; the types of
// imports and exports come from it. With a nil info (for a component that
// does not validate) the summary lists the imports and exports by name and
// sort only. Rendered types are cut off ("...") beyond a fixed length.
//
//	info, err := component.Validate(c)
//	if err != nil {
//		info = nil // still describe the component, without types
//	}
//	sum := component.Summarize(c, info)
func Summarize(c *Component, info *Info) *Summary {
	sum := &Summary{}
	sum.walk(c, "")
	if info == nil {
		for _, sec := range c.Sections {
			switch sec := sec.(type) {
			case *ImportSection:
				for _, im := range sec.Imports {
					sum.Imports = append(sum.Imports, ItemSummary{Name: im.Name.Name, Sort: ExternSort(im.Type)})
				}
			case *ExportSection:
				for _, e := range sec.Exports {
					sum.Exports = append(sum.Exports, ItemSummary{Name: e.Name.Name, Sort: e.Item.Sort})
				}
			}
		}
		return sum
	}
	names := typeNames{}
	seen := map[any]bool{}
	names.collect(info.Imports, seen)
	names.collect(info.Exports, seen)
	budget := maxRenderTotal
	describe := func(list []Extern) []ItemSummary {
		var out []ItemSummary
		for _, e := range list {
			p := printer{names: names, budget: &budget}
			p.entity(e.Type)
			budget -= p.b.Len()
			out = append(out, ItemSummary{Name: e.Name.Name, Sort: e.Type.Sort, Type: p.b.String()})
		}
		return out
	}
	sum.Imports = describe(info.Imports)
	sum.Exports = describe(info.Exports)
	return sum
}

// walk collects the modules and producers of c, recursing into nested
// components.
func (sum *Summary) walk(c *Component, prefix string) {
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
			sum.walk(sec.Component, prefix+"component "+strconv.Itoa(components)+"/")
			components++
		}
	}
}
