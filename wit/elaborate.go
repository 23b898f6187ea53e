package wit

import (
	"fmt"
	"slices"
	"strings"
)

// typeInterfaceDep returns the interface a `use`d type comes from, when id
// aliases a type owned by another interface or world.
func (r *Resolve) typeInterfaceDep(id TypeID) (InterfaceID, bool) {
	t := &r.Types[id]
	if t.Kind.Kind != KindType || !t.Kind.Elem.IsRef() {
		return 0, false
	}
	other := &r.Types[t.Kind.Elem.ID]
	if t.Owner == other.Owner || other.Owner.Kind != OwnerInterface {
		return 0, false
	}
	return other.Owner.Interface, true
}

// InterfaceDeps returns the interfaces that interface id uses types from, in
// order, possibly with repeats.
func (r *Resolve) InterfaceDeps(id InterfaceID) []InterfaceID {
	var deps []InterfaceID
	for _, t := range r.Interfaces[id].Types.All() {
		if d, ok := r.typeInterfaceDep(t); ok {
			deps = append(deps, d)
		}
	}
	return deps
}

func (r *Resolve) worldSortKey(item WorldItem) int {
	switch item.Kind {
	case WorldInterface:
		return 0
	case WorldType:
		t := &r.Types[item.Type]
		if t.Kind.Kind == KindType && t.Kind.Elem.IsRef() && r.Types[t.Kind.Elem.ID].Owner != t.Owner {
			return 1
		}
		return 2
	}
	if item.Function.Kind == Freestanding || item.Function.Kind == AsyncFreestanding {
		return 3
	}
	return 4
}

type worldEntry struct {
	key  WorldKey
	item WorldItem
}

func (r *Resolve) sortedEntries(m *OrderedMap[WorldKey, WorldItem]) []worldEntry {
	var es []worldEntry
	for k, v := range m.All() {
		es = append(es, worldEntry{k, v})
	}
	slices.SortStableFunc(es, func(a, b worldEntry) int { return r.worldSortKey(a.item) - r.worldSortKey(b.item) })
	return es
}

// elaborateWorld adds the interfaces that a world's items depend on as
// imports, in dependency order, and checks that exports are consistent.
func (r *Resolve) elaborateWorld(id WorldID, s span) error {
	w := &r.Worlds[id]
	var imports OrderedMap[WorldKey, WorldItem]
	for _, e := range r.sortedEntries(&w.Imports) {
		switch e.item.Kind {
		case WorldInterface:
			r.elaborateImport(&imports, e.key, e.item.Interface, e.item.Stability, e.item.Docs, e.item.ExternalID, e.item.order)
		case WorldFunction:
			imports.Set(e.key, e.item)
		case WorldType:
			if dep, ok := r.typeInterfaceDep(e.item.Type); ok {
				r.elaborateImport(&imports, InterfaceKey(dep), dep, r.Types[e.item.Type].Stability, Docs{}, "", 0)
			}
			imports.Set(e.key, e.item)
		}
	}
	var exports, exportIfaces OrderedMap[WorldKey, WorldItem]
	for k, item := range w.Exports.All() {
		if item.Kind == WorldInterface {
			exportIfaces.Set(k, item)
		} else {
			exports.Set(k, item)
		}
	}
	required := map[InterfaceID]bool{}
	for k, item := range exportIfaces.All() {
		if !r.addWorldExport(&imports, &exports, &exportIfaces, required, k, item, true) {
			return semErr(s, "interface `%s` transitively depends on an interface in incompatible ways", r.WorldKeyName(k))
		}
	}
	var sorted OrderedMap[WorldKey, WorldItem]
	for _, e := range r.sortedEntries(&imports) {
		sorted.Set(e.key, e.item)
	}
	w = &r.Worlds[id]
	w.Imports, w.Exports = sorted, exports
	return nil
}

func (r *Resolve) elaborateImport(imports *OrderedMap[WorldKey, WorldItem], key WorldKey, id InterfaceID, st Stability, docs Docs, ext string, order int) {
	if imports.Has(key) {
		return
	}
	for _, dep := range r.InterfaceDeps(id) {
		r.elaborateImport(imports, InterfaceKey(dep), dep, st, Docs{}, "", 0)
	}
	imports.Set(key, WorldItem{Kind: WorldInterface, Interface: id, Stability: st, Docs: docs, ExternalID: ext, span: noSpan, order: order})
}

func (r *Resolve) addWorldExport(imports, exports, exportIfaces *OrderedMap[WorldKey, WorldItem], required map[InterfaceID]bool, key WorldKey, item WorldItem, addExport bool) bool {
	if exports.Has(key) {
		return addExport
	}
	id := item.Interface
	if !addExport && required[id] {
		return true
	}
	for _, dep := range r.InterfaceDeps(id) {
		di := WorldItem{Kind: WorldInterface, Interface: dep, Stability: item.Stability, ExternalID: item.ExternalID, span: noSpan}
		dk := InterfaceKey(dep)
		if !r.addWorldExport(imports, exports, exportIfaces, required, dk, di, addExport && exportIfaces.Has(dk)) {
			return false
		}
	}
	if addExport {
		if required[id] {
			return false
		}
		exports.Set(key, item)
	} else {
		required[id] = true
		if !imports.Has(key) {
			imports.Set(key, item)
		}
	}
	return true
}

// WorldKeyName returns the name a world import or export has in a
// component: the plain name, or the interface's qualified name such as
// "wasi:io/streams@0.2.0".
func (r *Resolve) WorldKeyName(k WorldKey) string {
	if !k.IsInterface {
		return k.Name
	}
	return r.InterfaceName(k.Interface)
}

// InterfaceName returns the qualified name of a named interface, such as
// "wasi:io/streams@0.2.0", or "" for an anonymous one.
func (r *Resolve) InterfaceName(id InterfaceID) string {
	iface := &r.Interfaces[id]
	if iface.Name == "" || iface.Package == nil {
		return ""
	}
	return r.Packages[*iface.Package].Name.InterfaceID(iface.Name)
}

func (m *remap) processWorldIncludes(r *Resolve, id WorldID, pkg PackageID) error {
	includes := r.Worlds[id].includes
	r.Worlds[id].includes = nil
	for _, inc := range includes {
		ok, err := r.includeStability(inc.stability, pkg, inc.span)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if err := m.resolveInclude(r, id, inc, pkg); err != nil {
			return err
		}
	}
	w := &r.Worlds[id]
	for _, pair := range []struct {
		m    *OrderedMap[WorldKey, WorldItem]
		what string
	}{{&w.Imports, "import"}, {&w.Exports, "export"}} {
		seen := map[string]string{}
		for _, k := range pair.m.Keys() {
			if k.IsInterface {
				continue
			}
			low := strings.ToLower(k.Name)
			if prev, ok := seen[low]; ok && prev != k.Name {
				return semErr(w.span, "%s `%s` in world `%s` conflicts with %s `%s` (kebab-case identifiers are case-insensitive)", pair.what, k.Name, w.Name, pair.what, prev)
			}
			seen[low] = k.Name
		}
	}
	return nil
}

// renameIncluded applies an include's `with { a as b }` to an item name,
// including the resource part of mangled function names.
func renameIncluded(orig string, n includeName) (string, bool) {
	if orig == n.name {
		return n.as, true
	}
	kind, rest, ok := strings.Cut(orig, "]")
	if !ok {
		return "", false
	}
	if name, tail, ok := strings.Cut(rest, "."); ok && name == n.name {
		return kind + "]" + n.as + "." + tail, true
	}
	if rest == n.name {
		return kind + "]" + n.as, true
	}
	return "", false
}

func (m *remap) resolveInclude(r *Resolve, id WorldID, inc worldInclude, pkg PackageID) error {
	from, err := m.mapWorld(inc.world, inc.span)
	if err != nil {
		return err
	}
	src := r.Worlds[from]
	external := !samePkg(r.Worlds[id].Package, src.Package)
	pending := slices.Clone(inc.names)
	for _, mp := range []*OrderedMap[WorldKey, WorldItem]{&src.Imports, &src.Exports} {
		for _, k := range mp.Keys() {
			if k.IsInterface {
				continue
			}
			pending = slices.DeleteFunc(pending, func(n includeName) bool {
				_, ok := renameIncluded(k.Name, n)
				return ok
			})
		}
	}
	if len(pending) > 0 {
		return semErr(inc.span, "no import or export kebab-name `%s`. Note that an ID does not support renaming", pending[0].name)
	}
	c := newCloner(r, Owner{Kind: OwnerWorld, World: from}, Owner{Kind: OwnerWorld, World: id})
	c.newPackage = &pkg
	for pass, mp := range []*OrderedMap[WorldKey, WorldItem]{&src.Imports, &src.Exports} {
		what := "import"
		if pass == 1 {
			what = "export"
		}
		for k, item := range mp.All() {
			dst := func() *OrderedMap[WorldKey, WorldItem] {
				if pass == 0 {
					return &r.Worlds[id].Imports
				}
				return &r.Worlds[id].Exports
			}
			if !k.IsInterface {
				name := k.Name
				for _, n := range inc.names {
					if nn, ok := renameIncluded(k.Name, n); ok {
						name = nn
						break
					}
				}
				nk := NameKey(name)
				c.worldItem(nk, &item)
				switch item.Kind {
				case WorldFunction:
					f := *item.Function
					f.Name = name
					item.Function = &f
				case WorldType:
					r.Types[item.Type].Name = name
				}
				if dst().Set(nk, item) {
					return semErr(inc.span, "%s of `%s` shadows previously %sed items", what, name, what)
				}
				continue
			}
			prev, ok := dst().Get(k)
			if !ok {
				prev = item
			}
			into := prev.Stability
			if external && item.Stability.Kind == StabilityStable {
				into = Stability{}
			} else if !(item.Stability.equal(into) || item.Stability.Kind == StabilityUnknown) {
				if into.Kind != StabilityUnknown {
					return semErr(item.span, "mismatch in stability from '%s' to '%s'", stabilityDebug(item.Stability), stabilityDebug(into))
				}
				into = item.Stability
			}
			prev.Stability = into
			dst().Set(k, prev)
		}
	}
	return nil
}

func samePkg(a, b *PackageID) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func stabilityDebug(s Stability) string {
	dep := "None"
	if s.Deprecated != nil {
		dep = fmt.Sprintf("Some(Version { %s })", s.Deprecated)
	}
	switch s.Kind {
	case StabilityStable:
		return fmt.Sprintf("Stable { since: Version { %s }, deprecated: %s }", s.Since, dep)
	case StabilityUnstable:
		return fmt.Sprintf("Unstable { feature: %q, deprecated: %s }", s.Feature, dep)
	}
	return "Unknown"
}
