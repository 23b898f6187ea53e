package wit

import (
	"fmt"

	"github.com/weftwasm/weft/wit/internal/ast"
)

func (r *resolver) defineName(id ast.Ident, t typeOrItem) error {
	if r.typeLookup.Has(id.Name) {
		return errAt(id.Span, "name `%s` is defined more than once", id.Name)
	}
	t.span = sp(id.Span)
	r.typeLookup.Set(id.Name, t)
	return nil
}

func (r *resolver) resolveInterface(id InterfaceID, items []ast.InterfaceItem, docs ast.Docs, attrs []ast.Attribute) error {
	r.interfaces[id].Docs = docsOf(docs)
	stab, err := stabilityOf(attrs)
	if err != nil {
		return err
	}
	r.interfaces[id].Stability = stab
	var tis []any
	for _, it := range items {
		switch it.(type) {
		case *ast.Use, *ast.TypeDef:
			tis = append(tis, it)
		}
	}
	if err := r.resolveTypes(Owner{Kind: OwnerInterface, Interface: id}, tis); err != nil {
		return err
	}
	for name, t := range r.typeLookup.All() {
		r.interfaces[id].Types.Set(name, t.id)
	}
	var funcs []Function
	for _, it := range items {
		switch f := it.(type) {
		case *ast.NamedFunc:
			if err := r.defineName(f.Name, typeOrItem{isItem: true, what: "function"}); err != nil {
				return err
			}
			kind := Freestanding
			if f.Func.Async {
				kind = AsyncFreestanding
			}
			fn, err := r.resolveFunction(f.Docs, f.Attrs, f.Name.Name, f.Name.Span, &f.Func, kind, 0)
			if err != nil {
				return err
			}
			funcs = append(funcs, fn)
		case *ast.TypeDef:
			if res, ok := f.Type.(*ast.Resource); ok {
				for i := range res.Funcs {
					fn, err := r.resolveResourceFunc(&res.Funcs[i], f.Name)
					if err != nil {
						return err
					}
					funcs = append(funcs, fn)
				}
			}
		}
	}
	for _, fn := range funcs {
		r.interfaces[id].Functions.Set(fn.Name, fn)
	}
	lookup := map[string]typeOrItem{}
	for k, v := range r.typeLookup.All() {
		lookup[k] = v
	}
	r.interfaceTypes[id] = lookup
	r.typeLookup = OrderedMap[string, typeOrItem]{}
	return nil
}

func (r *resolver) resolveWorld(id WorldID, w *ast.World) error {
	r.worlds[id].Docs = docsOf(w.Docs)
	stab, err := stabilityOf(w.Attrs)
	if err != nil {
		return err
	}
	r.worlds[id].Stability = stab
	var tis []any
	for _, it := range w.Items {
		switch it.(type) {
		case *ast.Use, *ast.TypeDef:
			tis = append(tis, it)
		}
	}
	if err := r.resolveTypes(Owner{Kind: OwnerWorld, World: id}, tis); err != nil {
		return err
	}
	for _, it := range w.Items {
		if inc, ok := it.(*ast.Include); ok {
			stab, err := stabilityOf(inc.Attrs)
			if err != nil {
				return err
			}
			item, name, s, err := r.resolvePath(inc.From)
			if err != nil {
				return err
			}
			wid, err := worldOf(item, name, s)
			if err != nil {
				return err
			}
			var names []includeName
			for _, n := range inc.Names {
				names = append(names, includeName{n.Name.Name, n.As.Name})
			}
			r.worlds[id].includes = append(r.worlds[id].includes, worldInclude{stability: stab, world: wid, names: names, span: sp(s)})
		}
	}
	world := &r.worlds[id]
	for name, t := range r.typeLookup.All() {
		if world.Imports.Set(NameKey(name), WorldItem{Kind: WorldType, Type: t.id, span: t.span}) {
			return &syntaxError{t.span, fmt.Sprintf("import `%s` conflicts with prior import of same name", name)}
		}
	}
	imported, exported := map[InterfaceID]bool{}, map[InterfaceID]bool{}
	seq := 0
	for _, it := range w.Items {
		var docs ast.Docs
		var attrs []ast.Attribute
		var kind *ast.Extern
		desc, seen := "import", imported
		switch x := it.(type) {
		case *ast.Import:
			docs, attrs, kind = x.Docs, x.Attrs, &x.Kind
		case *ast.Export:
			docs, attrs, kind, desc, seen = x.Docs, x.Attrs, &x.Kind, "export", exported
		case *ast.TypeDef:
			if res, ok := x.Type.(*ast.Resource); ok {
				for i := range res.Funcs {
					fn, err := r.resolveResourceFunc(&res.Funcs[i], x.Name)
					if err != nil {
						return err
					}
					r.worlds[id].Imports.Set(NameKey(fn.Name), WorldItem{Kind: WorldFunction, Function: &fn, span: fn.span})
				}
			}
			continue
		default:
			continue
		}
		item, err := r.resolveWorldItem(docs, attrs, kind)
		if err != nil {
			return err
		}
		seq++
		item.order = seq
		var key WorldKey
		switch kind.Kind {
		case ast.ExternInterface, ast.ExternNamedPath:
			key = NameKey(kind.Name.Name)
		case ast.ExternFunc:
			key = NameKey(item.Function.Name)
		case ast.ExternPath:
			key = InterfaceKey(item.Interface)
			if seen[item.Interface] {
				return errAt(kind.Span(), "interface cannot be %sed more than once", desc)
			}
			seen[item.Interface] = true
		}
		world := &r.worlds[id]
		dst := &world.Imports
		if desc == "export" {
			dst = &world.Exports
		}
		if prev, ok := dst.Get(key); ok {
			what := [...]string{"interface", "func", "type"}[prev.Kind]
			return errAt(kind.Span(), "%s `%s` conflicts with prior %s of same name", desc, key.Name, what)
		}
		dst.Set(key, item)
	}
	r.typeLookup = OrderedMap[string, typeOrItem]{}
	return nil
}

func (r *resolver) resolveWorldItem(docs ast.Docs, attrs []ast.Attribute, k *ast.Extern) (WorldItem, error) {
	switch k.Kind {
	case ast.ExternInterface:
		prev := r.typeLookup
		r.typeLookup = OrderedMap[string, typeOrItem]{}
		id := r.allocInterface(k.Name.Span)
		if err := r.resolveInterface(id, k.Items, docs, attrs); err != nil {
			return WorldItem{}, err
		}
		r.typeLookup = prev
		ext, err := externalIDOf(attrs)
		if err != nil {
			return WorldItem{}, err
		}
		return WorldItem{Kind: WorldInterface, Interface: id, Stability: r.interfaces[id].Stability, ExternalID: ext, span: sp(k.Name.Span)}, nil
	case ast.ExternPath, ast.ExternNamedPath:
		stab, err := stabilityOf(attrs)
		if err != nil {
			return WorldItem{}, err
		}
		ext, err := externalIDOf(attrs)
		if err != nil {
			return WorldItem{}, err
		}
		item, name, s, err := r.resolvePath(k.Path)
		if err != nil {
			return WorldItem{}, err
		}
		id, err := ifaceOf(item, name, s)
		if err != nil {
			return WorldItem{}, err
		}
		s2 := sp(s)
		if k.Kind == ast.ExternNamedPath {
			s2 = sp(k.Name.Span)
		}
		return WorldItem{Kind: WorldInterface, Interface: id, Stability: stab, ExternalID: ext, Docs: docsOf(docs), span: s2}, nil
	}
	kind := Freestanding
	if k.Func.Async {
		kind = AsyncFreestanding
	}
	fn, err := r.resolveFunction(docs, attrs, k.Name.Name, k.Name.Span, k.Func, kind, 0)
	if err != nil {
		return WorldItem{}, err
	}
	return WorldItem{Kind: WorldFunction, Function: &fn, span: fn.span}, nil
}

// resolveTypes defines the uses and type definitions of one interface or
// world in dependency order. items holds *ast.Use and *ast.TypeDef.
func (r *resolver) resolveTypes(owner Owner, items []any) error {
	for _, it := range items {
		if u, ok := it.(*ast.Use); ok {
			if err := r.resolveUse(owner, u); err != nil {
				return err
			}
		}
	}
	var deps OrderedMap[string, []ast.Ident]
	defs := map[string]*ast.TypeDef{}
	for _, it := range items {
		switch t := it.(type) {
		case *ast.TypeDef:
			if _, dup := defs[t.Name.Name]; dup {
				return errAt(t.Name.Span, "name `%s` is defined more than once", t.Name.Name)
			}
			defs[t.Name.Name] = t
			var d []ast.Ident
			collectDeps(t.Type, &d)
			deps.Set(t.Name.Name, d)
		case *ast.Use:
			for _, n := range t.Names {
				name := n.Name
				if n.As != nil {
					name = *n.As
				}
				deps.Set(name.Name, nil)
				defs[name.Name] = nil
			}
		}
	}
	order, err := toposort("type", &deps)
	if err != nil {
		if se, ok := err.(*syntaxError); ok {
			for old, repl := range map[string]string{"float32": "f32", "float64": "f64"} {
				if se.msg == "type `"+old+"` does not exist" {
					se.msg += fmt.Sprintf("\nthe `%s` type has been renamed to `%s` and is no longer accepted, but the `WIT_REQUIRE_F32_F64=0` environment variable can be used to temporarily disable this error", old, repl)
				}
			}
		}
		return err
	}
	for _, name := range order {
		def := defs[name]
		delete(defs, name)
		if def == nil {
			continue
		}
		stab, err := stabilityOf(def.Attrs)
		if err != nil {
			return err
		}
		ext, err := externalIDOf(def.Attrs)
		if err != nil {
			return err
		}
		kind, err := r.resolveTypeDef(def.Type, stab)
		if err != nil {
			return err
		}
		id := r.allocType(TypeDef{Name: name, Kind: kind, Owner: owner, Docs: docsOf(def.Docs), Stability: stab, ExternalID: ext, span: sp(def.Name.Span)})
		if err := r.defineName(def.Name, typeOrItem{id: id}); err != nil {
			return err
		}
	}
	return nil
}

func (r *resolver) resolveUse(owner Owner, u *ast.Use) error {
	item, name, s, err := r.resolvePath(u.From)
	if err != nil {
		return err
	}
	from, err := ifaceOf(item, name, s)
	if err != nil {
		return err
	}
	stab, err := stabilityOf(u.Attrs)
	if err != nil {
		return err
	}
	ext, err := externalIDOf(u.Attrs)
	if err != nil {
		return err
	}
	for _, n := range u.Names {
		t, ok := r.interfaceTypes[from][n.Name.Name]
		if !ok {
			return notFound(n.Name, "name")
		}
		if t.isItem {
			return errAt(n.Name.Span, "cannot import %s `%s`", t.what, n.Name.Name)
		}
		local := n.Name
		if n.As != nil {
			local = *n.As
		}
		id := r.allocType(TypeDef{Name: local.Name, Kind: TypeDefKind{Kind: KindType, Elem: Ref(t.id)}, Owner: owner, Stability: stab, ExternalID: ext, span: sp(n.Name.Span)})
		if err := r.defineName(local, typeOrItem{id: id}); err != nil {
			return err
		}
	}
	return nil
}

func collectDeps(t ast.Type, deps *[]ast.Ident) {
	switch t := t.(type) {
	case *ast.Name:
		*deps = append(*deps, t.Ident)
	case *ast.Handle:
		*deps = append(*deps, t.Resource)
	case *ast.Record:
		for _, f := range t.Fields {
			collectDeps(f.Type, deps)
		}
	case *ast.Tuple:
		for _, e := range t.Types {
			collectDeps(e, deps)
		}
	case *ast.Variant:
		for _, c := range t.Cases {
			if c.Type != nil {
				collectDeps(c.Type, deps)
			}
		}
	case *ast.Option:
		collectDeps(t.Elem, deps)
	case *ast.List:
		collectDeps(t.Elem, deps)
	case *ast.Map:
		collectDeps(t.Key, deps)
		collectDeps(t.Value, deps)
	case *ast.Result:
		if t.Ok != nil {
			collectDeps(t.Ok, deps)
		}
		if t.Err != nil {
			collectDeps(t.Err, deps)
		}
	case *ast.Future:
		if t.Elem != nil {
			collectDeps(t.Elem, deps)
		}
	case *ast.Stream:
		if t.Elem != nil {
			collectDeps(t.Elem, deps)
		}
	}
}

func (r *resolver) resolveResourceFunc(f *ast.ResourceFunc, resource ast.Ident) (Function, error) {
	t, _ := r.typeLookup.Get(resource.Name)
	rid := t.id
	nf := &f.Func
	var name string
	var kind FuncKind
	switch f.Kind {
	case ast.ResourceMethod:
		name = "[method]" + resource.Name + "." + nf.Name.Name
		kind = Method
		if nf.Func.Async {
			kind = AsyncMethod
		}
	case ast.ResourceStatic:
		name = "[static]" + resource.Name + "." + nf.Name.Name
		kind = Static
		if nf.Func.Async {
			kind = AsyncStatic
		}
	default:
		name = "[constructor]" + resource.Name
		kind = Constructor
	}
	return r.resolveFunction(nf.Docs, nf.Attrs, name, nf.Name.Span, &nf.Func, kind, rid)
}

func (r *resolver) resolveFunction(docs ast.Docs, attrs []ast.Attribute, name string, nameSpan ast.Span, f *ast.Func, kind FuncKind, resource TypeID) (Function, error) {
	stab, err := stabilityOf(attrs)
	if err != nil {
		return Function{}, err
	}
	ext, err := externalIDOf(attrs)
	if err != nil {
		return Function{}, err
	}
	fn := Function{Name: name, Kind: kind, Resource: resource, Docs: docsOf(docs), Stability: stab, ExternalID: ext, span: sp(nameSpan)}
	if kind == Method || kind == AsyncMethod {
		k := TypeDefKind{Kind: KindHandle, Borrow: true, Handle: resource}
		st := r.findStability(k, Stability{})
		fn.Params = append(fn.Params, Param{Name: "self", Type: r.anonType(TypeDef{Kind: k, Stability: st, span: sp(f.Span)})})
	}
	for _, p := range f.Params {
		for _, q := range fn.Params {
			if q.Name == p.Name.Name {
				return Function{}, errAt(p.Name.Span, "param `%s` is defined more than once", p.Name.Name)
			}
		}
		t, err := r.resolveType(p.Type, Stability{})
		if err != nil {
			return Function{}, err
		}
		fn.Params = append(fn.Params, Param{Name: p.Name.Name, Type: t})
	}
	if kind == Constructor {
		if f.Result == nil {
			t := Ref(resource)
			fn.Result = &t
			return fn, nil
		}
		t, err := r.resolveType(f.Result, Stability{})
		if err != nil {
			return Function{}, err
		}
		var ok *Type
		isResult := false
		if t.IsRef() && r.types[t.ID].Kind.Kind == KindResult {
			ok, isResult = r.types[t.ID].Kind.Ok, true
		}
		if !isResult {
			return Function{}, errAt(f.Result.TypeSpan(), "if a constructor return type is declared it must be a `result`")
		}
		if ok == nil || !ok.IsRef() || ok.ID != resource {
			s := f.Result.TypeSpan()
			if res, isRes := f.Result.(*ast.Result); isRes && res.Ok != nil {
				s = res.Ok.TypeSpan()
			}
			return Function{}, errAt(s, "the `ok` type must be the resource being constructed")
		}
		fn.Result = &t
		return fn, nil
	}
	if f.Result != nil {
		t, err := r.resolveType(f.Result, Stability{})
		if err != nil {
			return Function{}, err
		}
		fn.Result = &t
	}
	return fn, nil
}
