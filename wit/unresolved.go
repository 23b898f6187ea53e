package wit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/weftwasm/weft/semver"
	"github.com/weftwasm/weft/wit/internal/ast"
)

// unresolvedPackage is one package resolved against itself only. Its arenas
// start with placeholders for items of foreign packages (interfaces, worlds,
// then types of kind KindUnknown) that are bound when the package is added
// to a Resolve.
type unresolvedPackage struct {
	name     PackageName
	nameSpan span
	docs     Docs

	worlds     []World
	interfaces []Interface
	types      []TypeDef

	foreignDeps           OrderedMap[string, *foreignPackage]
	foreignDepSpans       []span
	unknownTypeSpans      []span
	requiredResourceTypes []requiredResource
}

type requiredResource struct {
	id   TypeID
	span span
}

type foreignPackage struct {
	name  PackageName
	items OrderedMap[string, *foreignItem]
}

type foreignItem struct {
	isWorld     bool
	iface       InterfaceID
	world       WorldID
	stabilities []Stability
}

// astItem is a world or interface of the package being resolved.
type astItem struct {
	isWorld bool
	iface   InterfaceID
	world   WorldID
}

type typeOrItem struct {
	isItem bool
	id     TypeID
	what   string // for items: "function"
	span   span
}

// resolver turns the files of one package into an unresolvedPackage.
type resolver struct {
	name     *ast.PackageName
	docs     Docs
	docsSpan ast.Span
	files    []*ast.File
	pkgSpan  span
	haveDocs bool

	types      []TypeDef
	interfaces []Interface
	worlds     []World
	anonTypes  map[string]TypeID
	firstFile  span // start of the first file, for errors without a better place

	cur          int
	fileItems    []map[string]astItem
	packageItems map[string]astItem

	interfaceTypes []map[string]typeOrItem
	foreignDeps    OrderedMap[string, *foreignPackage]
	foreignIfaces  map[InterfaceID]bool
	typeLookup     OrderedMap[string, typeOrItem]

	unknownTypeSpans      []span
	foreignDepSpans       []span
	requiredResourceTypes []requiredResource
}

func sp(s ast.Span) span { return span{s.Start, s.End} }

type syntaxError struct {
	span span
	msg  string
}

// Error returns the message.
func (e *syntaxError) Error() string { return e.msg }

func errAt(s ast.Span, format string, args ...any) error {
	return &syntaxError{sp(s), fmt.Sprintf(format, args...)}
}

func notFound(id ast.Ident, kind string) error {
	return errAt(id.Span, "%s `%s` does not exist", kind, id.Name)
}

func astPackageName(n *ast.PackageName) PackageName {
	pn := PackageName{Namespace: n.Namespace.Name, Name: n.Name.Name}
	if n.Version != nil {
		v, _ := semver.Parse(n.Version.Text)
		pn.Version = &v
	}
	return pn
}

func (r *resolver) push(f *ast.File) error {
	if f.Package != nil {
		name := astPackageName(f.Package)
		if r.name != nil {
			if prev := astPackageName(r.name); prev.String() != name.String() {
				return errAt(f.Package.Span, "package identifier `%s` does not match previous package name of `%s`", name, prev)
			}
		}
		r.name = f.Package
		if d := docsOf(f.Package.Docs); d.Contents != "" {
			if r.haveDocs {
				return errAt(f.Package.Docs.Span, "found doc comments on multiple 'package' items")
			}
			r.docs, r.haveDocs = d, true
		}
	}
	if len(f.Nested) > 0 {
		return errAt(f.Nested[0].Package.Span, "nested packages must be placed at the top-level")
	}
	if len(r.files) == 0 {
		r.firstFile = span{f.Start, f.Start}
	}
	r.files = append(r.files, f)
	return nil
}

// pathVisit is one use of a path found by forEachPath.
type pathVisit struct {
	owner   *ast.Ident // interface (or world, for include) the path is used from
	attrs   []ast.Attribute
	path    ast.UsePath
	names   []ast.UseName
	isUse   bool // has a name list
	isWorld bool // include: the path names a world
}

// forEachPath visits every use path of a file in wit-parser's order.
func forEachPath(f *ast.File, fn func(v pathVisit) error) error {
	for _, item := range f.Items {
		switch it := item.(type) {
		case *ast.World:
			var imports, exports []*ast.Extern
			var importAttrs, exportAttrs [][]ast.Attribute
			for _, wi := range it.Items {
				switch w := wi.(type) {
				case *ast.Use:
					if err := fn(pathVisit{attrs: w.Attrs, path: w.From, names: w.Names, isUse: true}); err != nil {
						return err
					}
				case *ast.Include:
					name := it.Name
					if err := fn(pathVisit{owner: &name, attrs: w.Attrs, path: w.From, isWorld: true}); err != nil {
						return err
					}
				case *ast.Import:
					imports, importAttrs = append(imports, &w.Kind), append(importAttrs, w.Attrs)
				case *ast.Export:
					exports, exportAttrs = append(exports, &w.Kind), append(exportAttrs, w.Attrs)
				}
			}
			visit := func(k *ast.Extern, attrs []ast.Attribute) error {
				switch k.Kind {
				case ast.ExternInterface:
					for _, ii := range k.Items {
						if u, ok := ii.(*ast.Use); ok {
							if err := fn(pathVisit{attrs: u.Attrs, path: u.From, names: u.Names, isUse: true}); err != nil {
								return err
							}
						}
					}
				case ast.ExternPath, ast.ExternNamedPath:
					return fn(pathVisit{attrs: attrs, path: k.Path})
				}
				return nil
			}
			for i, k := range imports {
				if err := visit(k, importAttrs[i]); err != nil {
					return err
				}
			}
			for i, k := range exports {
				if err := visit(k, exportAttrs[i]); err != nil {
					return err
				}
			}
		case *ast.Interface:
			for _, ii := range it.Items {
				if u, ok := ii.(*ast.Use); ok {
					name := it.Name
					if err := fn(pathVisit{owner: &name, attrs: u.Attrs, path: u.From, names: u.Names, isUse: true}); err != nil {
						return err
					}
				}
			}
		case *ast.TopUse:
			if err := fn(pathVisit{attrs: it.Attrs, path: it.Path}); err != nil {
				return err
			}
		}
	}
	return nil
}

func (r *resolver) resolve() (*unresolvedPackage, error) {
	if r.name == nil {
		// Point at the start of the first file, when there is one.
		at := noSpan
		if len(r.files) > 0 {
			at = r.firstFile
		}
		return nil, &syntaxError{at, "no `package` header was found in any WIT file for this package"}
	}
	r.anonTypes = map[string]TypeID{}
	r.foreignIfaces = map[InterfaceID]bool{}
	if err := r.populateForeignDeps(); err != nil {
		return nil, err
	}
	ifaceOrder, worldOrder, err := r.populateASTItems()
	if err != nil {
		return nil, err
	}
	if err := r.populateForeignTypes(); err != nil {
		return nil, err
	}
	ifaceAST := map[InterfaceID]*ast.Interface{}
	worldAST := map[WorldID]*ast.World{}
	fileOf := map[any]int{}
	for i, f := range r.files {
		for _, item := range f.Items {
			switch it := item.(type) {
			case *ast.Interface:
				id := r.fileItems[i][it.Name.Name].iface
				ifaceAST[id] = it
				fileOf[it] = i
			case *ast.World:
				id := r.fileItems[i][it.Name.Name].world
				worldAST[id] = it
				fileOf[it] = i
			}
		}
	}
	for _, id := range ifaceOrder {
		it := ifaceAST[id]
		r.cur = fileOf[it]
		if err := r.resolveInterface(id, it.Items, it.Docs, it.Attrs); err != nil {
			return nil, err
		}
	}
	for _, id := range worldOrder {
		w := worldAST[id]
		r.cur = fileOf[w]
		if err := r.resolveWorld(id, w); err != nil {
			return nil, err
		}
	}
	return &unresolvedPackage{
		name:                  astPackageName(r.name),
		nameSpan:              sp(r.name.Span),
		docs:                  r.docs,
		worlds:                r.worlds,
		interfaces:            r.interfaces,
		types:                 r.types,
		foreignDeps:           r.foreignDeps,
		foreignDepSpans:       r.foreignDepSpans,
		unknownTypeSpans:      r.unknownTypeSpans,
		requiredResourceTypes: r.requiredResourceTypes,
	}, nil
}

func (r *resolver) allocInterface(s ast.Span) InterfaceID {
	r.interfaceTypes = append(r.interfaceTypes, map[string]typeOrItem{})
	r.interfaces = append(r.interfaces, Interface{span: sp(s)})
	return InterfaceID(len(r.interfaces) - 1)
}

func (r *resolver) allocWorld(s ast.Span) WorldID {
	r.worlds = append(r.worlds, World{span: sp(s)})
	return WorldID(len(r.worlds) - 1)
}

func (r *resolver) allocType(t TypeDef) TypeID {
	r.types = append(r.types, t)
	return TypeID(len(r.types) - 1)
}

func (r *resolver) populateForeignDeps() error {
	for _, f := range r.files {
		err := forEachPath(f, func(v pathVisit) error {
			if v.path.Package == nil {
				return nil
			}
			stab, err := stabilityOf(v.attrs)
			if err != nil {
				return err
			}
			pn := astPackageName(v.path.Package)
			key := pn.String()
			deps, ok := r.foreignDeps.Get(key)
			if !ok {
				r.foreignDepSpans = append(r.foreignDepSpans, sp(v.path.Package.Span))
				deps = &foreignPackage{name: pn}
				r.foreignDeps.Set(key, deps)
			}
			item, ok := deps.items.Get(v.path.Name.Name)
			if !ok {
				item = &foreignItem{}
				if v.isWorld {
					item.isWorld = true
					item.world = r.allocWorld(v.path.Name.Span)
				} else {
					item.iface = r.allocInterface(v.path.Name.Span)
					r.foreignIfaces[item.iface] = true
				}
				deps.items.Set(v.path.Name.Name, item)
			}
			item.stabilities = append(item.stabilities, stab)
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (r *resolver) populateASTItems() ([]InterfaceID, []WorldID, error) {
	packageSpans := map[string]ast.Span{}
	kinds := map[string]bool{} // name -> isWorld
	var order OrderedMap[string, []ast.Ident]
	for _, f := range r.files {
		for _, item := range f.Items {
			var name ast.Ident
			isWorld := false
			switch it := item.(type) {
			case *ast.Interface:
				name = it.Name
			case *ast.World:
				name, isWorld = it.Name, true
			default:
				continue
			}
			if _, dup := packageSpans[name.Name]; dup {
				return nil, nil, errAt(name.Span, "duplicate item named `%s`", name.Name)
			}
			packageSpans[name.Name] = name.Span
			kinds[name.Name] = isWorld
			order.Set(name.Name, nil)
		}
	}
	type source struct {
		foreign bool
		id      ast.Ident
	}
	for _, f := range r.files {
		ns := map[string]source{}
		for _, item := range f.Items {
			var name ast.Ident
			var src source
			switch it := item.(type) {
			case *ast.TopUse:
				name = it.Path.Name
				if it.As != nil {
					name = *it.As
				}
				if it.Path.Package != nil {
					src.foreign = true
				} else {
					src.id = it.Path.Name
				}
			case *ast.Interface:
				name, src.id = it.Name, it.Name
			case *ast.World:
				name, src.id = it.Name, it.Name
			}
			if _, dup := ns[name.Name]; dup {
				return nil, nil, errAt(name.Span, "duplicate name `%s` in this file", name.Name)
			}
			ns[name.Name] = src
		}
		err := forEachPath(f, func(v pathVisit) error {
			if v.owner == nil || v.path.Package != nil {
				return nil
			}
			used := v.path.Name
			deps, _ := order.Get(v.owner.Name)
			if s, ok := ns[used.Name]; ok {
				if s.foreign {
					return nil
				}
				order.Set(v.owner.Name, append(deps, s.id))
				return nil
			}
			if _, ok := packageSpans[used.Name]; ok {
				order.Set(v.owner.Name, append(deps, used))
				return nil
			}
			return notFound(used, "interface or world")
		})
		if err != nil {
			return nil, nil, err
		}
	}
	sorted, err := toposort("interface or world", &order)
	if err != nil {
		return nil, nil, err
	}
	ids := map[string]astItem{}
	var ifaceOrder []InterfaceID
	var worldOrder []WorldID
	for _, name := range sorted {
		if kinds[name] {
			id := r.allocWorld(packageSpans[name])
			r.worlds[id].Name = name
			ids[name] = astItem{isWorld: true, world: id}
			worldOrder = append(worldOrder, id)
		} else {
			id := r.allocInterface(packageSpans[name])
			r.interfaces[id].Name = name
			ids[name] = astItem{iface: id}
			ifaceOrder = append(ifaceOrder, id)
		}
	}
	r.packageItems = map[string]astItem{}
	for _, f := range r.files {
		items := map[string]astItem{}
		for _, item := range f.Items {
			switch it := item.(type) {
			case *ast.TopUse:
				if len(it.Attrs) > 0 {
					return nil, nil, errAt(it.Span, "attributes not allowed on top-level use")
				}
				name := it.Path.Name
				if it.As != nil {
					name = *it.As
				}
				var ai astItem
				if it.Path.Package == nil {
					var ok bool
					if ai, ok = ids[it.Path.Name.Name]; !ok {
						return nil, nil, notFound(it.Path.Name, "interface or world")
					}
				} else {
					dep, _ := r.foreignDeps.Get(astPackageName(it.Path.Package).String())
					fi, _ := dep.items.Get(it.Path.Name.Name)
					ai = astItem{isWorld: fi.isWorld, iface: fi.iface, world: fi.world}
				}
				items[name.Name] = ai
			case *ast.Interface:
				items[it.Name.Name] = ids[it.Name.Name]
				r.packageItems[it.Name.Name] = ids[it.Name.Name]
			case *ast.World:
				items[it.Name.Name] = ids[it.Name.Name]
				r.packageItems[it.Name.Name] = ids[it.Name.Name]
			}
		}
		r.fileItems = append(r.fileItems, items)
	}
	return ifaceOrder, worldOrder, nil
}

func (r *resolver) populateForeignTypes() error {
	for i, f := range r.files {
		r.cur = i
		err := forEachPath(f, func(v pathVisit) error {
			if !v.isUse {
				return nil
			}
			stab, err := stabilityOf(v.attrs)
			if err != nil {
				return err
			}
			extID, err := externalIDOf(v.attrs)
			if err != nil {
				return err
			}
			item, name, s, err := r.resolvePath(v.path)
			if err != nil {
				return err
			}
			iface, err := ifaceOf(item, name, s)
			if err != nil {
				return err
			}
			if !r.foreignIfaces[iface] {
				return nil
			}
			lookup := r.interfaceTypes[iface]
			for _, n := range v.names {
				if _, ok := lookup[n.Name.Name]; ok {
					continue
				}
				id := r.allocType(TypeDef{
					Name: n.Name.Name, Kind: TypeDefKind{Kind: KindUnknown}, Stability: stab,
					Owner: Owner{Kind: OwnerInterface, Interface: iface}, ExternalID: extID, span: sp(n.Name.Span),
				})
				r.unknownTypeSpans = append(r.unknownTypeSpans, sp(n.Name.Span))
				lookup[n.Name.Name] = typeOrItem{id: id, span: sp(n.Name.Span)}
				r.interfaces[iface].Types.Set(n.Name.Name, id)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (r *resolver) resolvePath(p ast.UsePath) (astItem, string, ast.Span, error) {
	if p.Package != nil {
		dep, _ := r.foreignDeps.Get(astPackageName(p.Package).String())
		fi, _ := dep.items.Get(p.Name.Name)
		return astItem{isWorld: fi.isWorld, iface: fi.iface, world: fi.world}, p.Name.Name, p.Name.Span, nil
	}
	if it, ok := r.fileItems[r.cur][p.Name.Name]; ok {
		return it, p.Name.Name, p.Name.Span, nil
	}
	if it, ok := r.packageItems[p.Name.Name]; ok {
		return it, p.Name.Name, p.Name.Span, nil
	}
	return astItem{}, "", p.Name.Span, notFound(p.Name, "interface or world")
}

func ifaceOf(it astItem, name string, s ast.Span) (InterfaceID, error) {
	if it.isWorld {
		return 0, errAt(s, "name `%s` is defined as a world, not an interface", name)
	}
	return it.iface, nil
}

func worldOf(it astItem, name string, s ast.Span) (WorldID, error) {
	if !it.isWorld {
		return 0, errAt(s, "name `%s` is defined as an interface, not a world", name)
	}
	return it.world, nil
}

// toposort orders the keys of deps so that every key comes after the keys it
// depends on, preferring source order among the ready ones.
func toposort(kind string, deps *OrderedMap[string, []ast.Ident]) ([]string, error) {
	n := deps.Len()
	remaining := make([]int, n)
	reverse := make([][]int, n)
	index := map[string]int{}
	for i, k := range deps.Keys() {
		index[k] = i
	}
	for i := range n {
		_, edges := deps.At(i)
		remaining[i] = len(edges)
		for _, e := range edges {
			j, ok := index[e.Name]
			if !ok {
				return nil, notFound(e, kind)
			}
			reverse[j] = append(reverse[j], i)
		}
	}
	var ready []int // kept sorted ascending
	for i := range n {
		if remaining[i] == 0 {
			ready = append(ready, i)
		}
	}
	order := make([]string, 0, n)
	for len(ready) > 0 {
		i := ready[0]
		ready = ready[1:]
		k, _ := deps.At(i)
		order = append(order, k)
		for _, j := range reverse[i] {
			remaining[j]--
			if remaining[j] == 0 {
				pos, _ := slices.BinarySearch(ready, j)
				ready = slices.Insert(ready, pos, j)
			}
		}
		reverse[i] = nil
	}
	if len(order) == n {
		return order, nil
	}
	for i := range n {
		if remaining[i] == 0 {
			continue
		}
		_, edges := deps.At(i)
		for _, e := range edges {
			if remaining[index[e.Name]] != 0 {
				return nil, errAt(e.Span, "%s `%s` depends on itself", kind, e.Name)
			}
		}
	}
	return nil, fmt.Errorf("internal error: toposort found no cycle")
}

func docsOf(d ast.Docs) Docs {
	var lines []string
	for _, c := range d.Comments {
		var s string
		if strings.HasPrefix(c, "/**") {
			s = strings.TrimSuffix(strings.TrimPrefix(c, "/**"), "*/")
		} else {
			s = strings.TrimLeft(c, "/")
		}
		lines = append(lines, strings.TrimRightFunc(s, isSpace))
	}
	if len(lines) == 0 {
		return Docs{}
	}
	minWS := -1
	for _, l := range lines {
		if l == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " \t\n\r\f\v"))
		if minWS < 0 || n < minWS {
			minWS = n
		}
	}
	if minWS > 0 {
		pat := strings.Repeat(" ", minWS)
		for i, l := range lines {
			lines[i] = strings.TrimPrefix(l, pat)
		}
	}
	var b strings.Builder
	for _, l := range lines {
		if l == "" {
			b.WriteString("\n")
			continue
		}
		for _, part := range splitLines(l) {
			b.WriteString(part)
			b.WriteString("\n")
		}
	}
	return Docs{Contents: strings.TrimRight(b.String(), "\n")}
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v' || r > 0x7f && strings.ContainsRune("\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000", r)
}

// splitLines splits like Rust's str::lines: on '\n', dropping a trailing
// '\r' from each line and a final empty line.
func splitLines(s string) []string {
	parts := strings.Split(s, "\n")
	if len(parts) > 0 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	for i, p := range parts {
		parts[i] = strings.TrimSuffix(p, "\r")
	}
	return parts
}

func stabilityOf(attrs []ast.Attribute) (Stability, error) {
	var since, deprecated *ast.Attribute
	var unstable *ast.Attribute
	for i := range attrs {
		a := &attrs[i]
		switch a.Kind {
		case ast.AttrSince:
			if since != nil {
				return Stability{}, errAt(a.Span, "cannot specify @since twice")
			}
			since = a
		case ast.AttrDeprecated:
			if deprecated != nil {
				return Stability{}, errAt(a.Span, "cannot specify @deprecated twice")
			}
			deprecated = a
		case ast.AttrUnstable:
			if unstable != nil {
				return Stability{}, errAt(a.Span, "cannot specify @unstable twice")
			}
			unstable = a
		}
	}
	var dep *semver.Version
	if deprecated != nil {
		v, _ := semver.Parse(deprecated.Version.Text)
		dep = &v
	}
	switch {
	case since != nil && unstable != nil:
		return Stability{}, errAt(since.Span, "cannot specify both @since and @unstable")
	case since != nil:
		v, _ := semver.Parse(since.Version.Text)
		return Stability{Kind: StabilityStable, Since: v, Deprecated: dep}, nil
	case unstable != nil:
		return Stability{Kind: StabilityUnstable, Feature: unstable.Feature.Name, Deprecated: dep}, nil
	case deprecated != nil:
		return Stability{}, errAt(deprecated.Span, "cannot specify both @deprecated without @since or @unstable")
	}
	return Stability{}, nil
}

func externalIDOf(attrs []ast.Attribute) (string, error) {
	id, seen := "", false
	for _, a := range attrs {
		if a.Kind == ast.AttrExternalID {
			if seen {
				return "", errAt(a.Span, "cannot specify @external-id twice")
			}
			id, seen = a.Value, true
		}
	}
	return id, nil
}
