package wit

import (
	"fmt"
	"slices"
	"strings"
)

func semErr(s span, format string, args ...any) error {
	return &syntaxError{s, fmt.Sprintf(format, args...)}
}

// remap translates ids of an unresolvedPackage into ids of the Resolve.
// A nil entry marks an item left out by a feature gate.
type remap struct {
	types      []*TypeID
	interfaces []*InterfaceID
	worlds     []*WorldID
	ownHandles map[TypeID]TypeID
	hasBorrow  map[TypeID]bool
}

func ptr[T any](v T) *T { return &v }

func (m *remap) mapType(id TypeID, s span) (TypeID, error) {
	if int(id) >= len(m.types) {
		return 0, fmt.Errorf("internal error: type %d not yet mapped", id)
	}
	if m.types[id] == nil {
		return 0, semErr(s, "found a reference to a type which is excluded due to its feature not being activated")
	}
	return *m.types[id], nil
}

func (m *remap) mapInterface(id InterfaceID, s span) (InterfaceID, error) {
	if int(id) >= len(m.interfaces) {
		return 0, fmt.Errorf("internal error: interface %d not yet mapped", id)
	}
	if m.interfaces[id] == nil {
		return 0, semErr(s, "found a reference to a interface which is excluded due to its feature not being activated")
	}
	return *m.interfaces[id], nil
}

func (m *remap) mapWorld(id WorldID, s span) (WorldID, error) {
	if int(id) >= len(m.worlds) {
		return 0, fmt.Errorf("internal error: world %d not yet mapped", id)
	}
	if m.worlds[id] == nil {
		return 0, semErr(s, "found a reference to a world which is excluded due to its feature not being activated")
	}
	return *m.worlds[id], nil
}

// includeStability reports whether an item with stability st is present.
func (r *Resolve) includeStability(st Stability, pkg PackageID, s span) (bool, error) {
	switch st.Kind {
	case StabilityStable:
		p := r.Packages[pkg]
		if p.Name.Version == nil {
			return false, semErr(s, "package [%s] contains a feature gate with a version specifier, so it must have a version", p.Name)
		}
		if compareVersions(st.Since, *p.Name.Version) > 0 {
			return false, semErr(s, "feature gate cannot reference unreleased version %s of package [%s] (current version %s)", st.Since, p.Name, p.Name.Version)
		}
		return true, nil
	case StabilityUnstable:
		return r.FeatureEnabled(st.Feature), nil
	}
	return true, nil
}

// appendPackage adds an unresolved package whose dependencies are already
// present, binding its foreign references and elaborating its worlds.
func (r *Resolve) appendPackage(u *unresolvedPackage) (PackageID, error) {
	m := &remap{ownHandles: map[TypeID]TypeID{}, hasBorrow: map[TypeID]bool{}}
	pkg := r.AddPackage(Package{Name: u.name, Docs: u.docs})
	if err := m.processForeignDeps(r, pkg, u); err != nil {
		return 0, err
	}
	foreignTypes, foreignIfaces, foreignWorlds := len(m.types), len(m.interfaces), len(m.worlds)
	r.Types = slices.Grow(r.Types, len(u.types)-foreignTypes)
	r.Interfaces = slices.Grow(r.Interfaces, len(u.interfaces)-foreignIfaces)

	for i := foreignTypes; i < len(u.types); i++ {
		ty := u.types[i]
		ok, err := r.includeStability(ty.Stability, pkg, ty.span)
		if err != nil {
			return 0, err
		}
		if !ok {
			m.types = append(m.types, nil)
			continue
		}
		if err := m.updateTypeDef(r, &ty); err != nil {
			return 0, err
		}
		id := r.AddType(ty)
		if ty.Name == "" && ty.Owner.Kind == OwnerNone && ty.Kind.Kind == KindHandle && !ty.Kind.Borrow {
			if prev, ok := m.ownHandles[ty.Kind.Handle]; ok {
				id = prev
			} else {
				m.ownHandles[ty.Kind.Handle] = id
			}
		}
		m.types = append(m.types, ptr(id))
	}

	for i := foreignIfaces; i < len(u.interfaces); i++ {
		iface := u.interfaces[i]
		ok, err := r.includeStability(iface.Stability, pkg, iface.span)
		if err != nil {
			return 0, err
		}
		if !ok {
			m.interfaces = append(m.interfaces, nil)
			continue
		}
		iface.Package = ptr(pkg)
		if err := m.updateInterface(r, &iface); err != nil {
			return 0, err
		}
		id := r.AddInterface(iface)
		m.interfaces = append(m.interfaces, ptr(id))
	}

	for _, id := range m.types[foreignTypes:] {
		if id == nil {
			continue
		}
		t := &r.Types[*id]
		if t.Owner.Kind == OwnerInterface {
			nid, err := m.mapInterface(t.Owner.Interface, t.span)
			if err != nil {
				return 0, semErr(t.span, "%v; this type is not gated by a feature but its interface is", err)
			}
			r.Types[*id].Owner.Interface = nid
		}
	}

	for i := foreignWorlds; i < len(u.worlds); i++ {
		w := u.worlds[i]
		ok, err := r.includeStability(w.Stability, pkg, w.span)
		if err != nil {
			return 0, err
		}
		if !ok {
			m.worlds = append(m.worlds, nil)
			continue
		}
		if err := m.updateWorld(r, &w, pkg); err != nil {
			return 0, err
		}
		id := r.AddWorld(w)
		m.worlds = append(m.worlds, ptr(id))
	}

	for _, id := range m.types[foreignTypes:] {
		if id == nil {
			continue
		}
		t := &r.Types[*id]
		if t.Owner.Kind == OwnerWorld {
			nid, err := m.mapWorld(t.Owner.World, t.span)
			if err != nil {
				return 0, semErr(t.span, "%v; this type is not gated by a feature but its world is", err)
			}
			r.Types[*id].Owner.World = nid
		}
	}

	for _, id := range m.worlds[foreignWorlds:] {
		if id == nil {
			continue
		}
		if err := m.processWorldIncludes(r, *id, pkg); err != nil {
			return 0, err
		}
		if err := r.elaborateWorld(*id, r.Worlds[*id].span); err != nil {
			return 0, err
		}
	}

	for _, id := range m.interfaces[foreignIfaces:] {
		if id == nil {
			continue
		}
		iface := &r.Interfaces[*id]
		iface.Package = ptr(pkg)
		if iface.Name != "" {
			r.Packages[pkg].Interfaces.Set(iface.Name, *id)
		}
	}
	for _, id := range m.worlds[foreignWorlds:] {
		if id == nil {
			continue
		}
		w := &r.Worlds[*id]
		w.Package = ptr(pkg)
		r.Packages[pkg].Worlds.Set(w.Name, *id)
	}
	return pkg, nil
}

func (m *remap) processForeignDeps(r *Resolve, pkg PackageID, u *unresolvedPackage) error {
	type target struct {
		pkg   PackageName
		name  string
		span  span
		stabs []Stability
	}
	ifaceTo := map[InterfaceID]target{}
	worldTo := map[WorldID]target{}
	for i, key := range u.foreignDeps.Keys() {
		dep, _ := u.foreignDeps.Get(key)
		for name, item := range dep.items.All() {
			t := target{dep.name, name, u.foreignDepSpans[i], item.stabilities}
			if item.isWorld {
				worldTo[item.world] = t
			} else {
				ifaceTo[item.iface] = t
			}
		}
	}
	enabled := func(stabs []Stability, s span) (bool, error) {
		for _, st := range stabs {
			ok, err := r.includeStability(st, pkg, s)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	}
	for i := range u.interfaces {
		t, ok := ifaceTo[InterfaceID(i)]
		if !ok {
			break
		}
		pid, err := r.lookupPackage(t.pkg, t.span)
		if err != nil {
			return err
		}
		on, err := enabled(t.stabs, u.interfaces[i].span)
		if err != nil {
			return err
		}
		if !on {
			m.interfaces = append(m.interfaces, nil)
			continue
		}
		id, ok := r.Packages[pid].Interfaces.Get(t.name)
		if !ok {
			return semErr(u.interfaces[i].span, "interface '%s' not found in package '%s'", t.name, r.Packages[pid].Name)
		}
		m.interfaces = append(m.interfaces, ptr(id))
	}
	for i := range u.worlds {
		t, ok := worldTo[WorldID(i)]
		if !ok {
			break
		}
		pid, err := r.lookupPackage(t.pkg, t.span)
		if err != nil {
			return err
		}
		on, err := enabled(t.stabs, u.worlds[i].span)
		if err != nil {
			return err
		}
		if !on {
			m.worlds = append(m.worlds, nil)
			continue
		}
		id, ok := r.Packages[pid].Worlds.Get(t.name)
		if !ok {
			return semErr(u.worlds[i].span, "world '%s' not found in package '%s'", t.name, r.Packages[pid].Name)
		}
		m.worlds = append(m.worlds, ptr(id))
	}
	for i, ty := range u.types {
		if ty.Kind.Kind != KindUnknown {
			break
		}
		ok, err := r.includeStability(ty.Stability, pkg, ty.span)
		if err != nil {
			return err
		}
		if !ok {
			m.types = append(m.types, nil)
			continue
		}
		iface, err := m.mapInterface(ty.Owner.Interface, noSpan)
		if err != nil {
			return err
		}
		id, ok := r.Interfaces[iface].Types.Get(ty.Name)
		if !ok {
			return semErr(u.unknownTypeSpans[i], "type `%s` not defined in interface", ty.Name)
		}
		m.types = append(m.types, ptr(id))
	}
	for _, req := range u.requiredResourceTypes {
		id, err := m.mapType(req.id, req.span)
		if err != nil {
			continue
		}
		for {
			k := r.Types[id].Kind
			if k.Kind == KindType && k.Elem.IsRef() {
				id = k.Elem.ID
				continue
			}
			if k.Kind != KindResource {
				return semErr(req.span, "type used in a handle must be a resource")
			}
			break
		}
	}
	return nil
}

func (r *Resolve) lookupPackage(name PackageName, s span) (PackageID, error) {
	if id, ok := r.packageNames[name.String()]; ok {
		return id, nil
	}
	if len(r.packageNames) == 0 {
		return 0, semErr(s, "package '%s' not found", name)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "package '%s' not found. known packages:", name)
	for _, p := range r.Packages {
		fmt.Fprintf(&b, "\n    %s", p.Name)
	}
	return 0, semErr(s, "%s", b.String())
}

func (m *remap) updateTypeDef(r *Resolve, t *TypeDef) error {
	k := &t.Kind
	s := t.span
	switch k.Kind {
	case KindHandle:
		id, err := m.mapType(k.Handle, s)
		k.Handle = id
		return err
	case KindRecord:
		k.Fields = append([]Field(nil), k.Fields...)
		for i := range k.Fields {
			if err := m.updateTy(r, &k.Fields[i].Type, k.Fields[i].span); err != nil {
				return err
			}
		}
	case KindTuple:
		k.Types = append([]Type(nil), k.Types...)
		for i := range k.Types {
			if err := m.updateTy(r, &k.Types[i], s); err != nil {
				return err
			}
		}
	case KindVariant:
		k.Cases = append([]Case(nil), k.Cases...)
		for i := range k.Cases {
			if k.Cases[i].Type != nil {
				c := *k.Cases[i].Type
				if err := m.updateTy(r, &c, s); err != nil {
					return err
				}
				k.Cases[i].Type = &c
			}
		}
	case KindOption, KindList, KindFixedLengthList:
		return m.updateTy(r, &k.Elem, s)
	case KindMap:
		if err := m.updateTy(r, &k.Elem, s); err != nil {
			return err
		}
		return m.updateTy(r, &k.Value, s)
	case KindResult:
		for _, p := range []**Type{&k.Ok, &k.Err} {
			if *p != nil {
				c := **p
				if err := m.updateTy(r, &c, s); err != nil {
					return err
				}
				*p = &c
			}
		}
	case KindFuture, KindStream:
		if k.Opt != nil {
			c := *k.Opt
			if err := m.updateTy(r, &c, s); err != nil {
				return err
			}
			k.Opt = &c
		}
	case KindType:
		if k.Elem.IsRef() {
			id, err := m.mapType(k.Elem.ID, s)
			k.Elem.ID = id
			return err
		}
	}
	return nil
}

// updateTy maps a type reference; a reference to a resource becomes an
// own<T> handle, created on first use.
func (m *remap) updateTy(r *Resolve, t *Type, s span) error {
	if !t.IsRef() {
		return nil
	}
	id, err := m.mapType(t.ID, s)
	if err != nil {
		return err
	}
	t.ID = id
	cur := id
	for {
		k := r.Types[cur].Kind
		if k.Kind == KindType && k.Elem.IsRef() {
			cur = k.Elem.ID
			continue
		}
		if k.Kind == KindResource {
			h, ok := m.ownHandles[id]
			if !ok {
				h = r.AddType(TypeDef{Kind: TypeDefKind{Kind: KindHandle, Handle: id}, span: noSpan})
				m.ownHandles[id] = h
			}
			t.ID = h
		}
		return nil
	}
}

func (m *remap) updateInterface(r *Resolve, iface *Interface) error {
	var types OrderedMap[string, TypeID]
	for name, id := range iface.Types.All() {
		if m.types[id] == nil {
			continue
		}
		nid, err := m.mapType(id, iface.span)
		if err != nil {
			return err
		}
		types.Set(name, nid)
	}
	iface.Types = types
	var funcs OrderedMap[string, Function]
	for name, f := range iface.Functions.All() {
		ok, err := r.includeStability(f.Stability, *iface.Package, f.span)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if err := m.updateFunction(r, &f, f.span); err != nil {
			return err
		}
		funcs.Set(name, f)
	}
	iface.Functions = funcs
	return nil
}

func (m *remap) updateFunction(r *Resolve, f *Function, s span) error {
	if f.Kind >= Method {
		id, err := m.mapType(f.Resource, s)
		if err != nil {
			return err
		}
		f.Resource = id
	}
	f.Params = append([]Param(nil), f.Params...)
	for i := range f.Params {
		if err := m.updateTy(r, &f.Params[i].Type, s); err != nil {
			return err
		}
	}
	if f.Result != nil {
		c := *f.Result
		if err := m.updateTy(r, &c, s); err != nil {
			return err
		}
		f.Result = &c
		if m.typeHasBorrow(r, c) {
			return semErr(s, "function `%s` returns a type which contains a `borrow<T>` which is not supported", f.Name)
		}
	}
	return nil
}

func (m *remap) typeHasBorrow(r *Resolve, t Type) bool {
	if !t.IsRef() {
		return false
	}
	if v, ok := m.hasBorrow[t.ID]; ok {
		return v
	}
	k := r.Types[t.ID].Kind
	res := false
	opt := func(p *Type) bool { return p != nil && m.typeHasBorrow(r, *p) }
	switch k.Kind {
	case KindType, KindList, KindFixedLengthList, KindOption:
		res = m.typeHasBorrow(r, k.Elem)
	case KindMap:
		res = m.typeHasBorrow(r, k.Elem) || m.typeHasBorrow(r, k.Value)
	case KindVariant:
		for _, c := range k.Cases {
			res = res || opt(c.Type)
		}
	case KindHandle:
		res = k.Borrow
	case KindRecord:
		for _, f := range k.Fields {
			res = res || m.typeHasBorrow(r, f.Type)
		}
	case KindTuple:
		for _, e := range k.Types {
			res = res || m.typeHasBorrow(r, e)
		}
	case KindResult:
		res = opt(k.Ok) || opt(k.Err)
	case KindFuture, KindStream:
		res = opt(k.Opt)
	}
	m.hasBorrow[t.ID] = res
	return res
}

func (m *remap) updateWorld(r *Resolve, w *World, pkg PackageID) error {
	imports, exports := w.Imports, w.Exports
	w.Imports, w.Exports = OrderedMap[WorldKey, WorldItem]{}, OrderedMap[WorldKey, WorldItem]{}
	for pass, src := range []*OrderedMap[WorldKey, WorldItem]{&imports, &exports} {
		for key, item := range src.All() {
			s := item.span
			if item.Kind == WorldType {
				id, err := m.mapType(item.Type, s)
				if err != nil {
					return err
				}
				item.Type = id
			}
			ok, err := r.includeStability(r.itemStability(item), pkg, s)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			if key.IsInterface {
				id, err := m.mapInterface(key.Interface, s)
				if err != nil {
					return err
				}
				key.Interface = id
			}
			switch item.Kind {
			case WorldInterface:
				id, err := m.mapInterface(item.Interface, s)
				if err != nil {
					return err
				}
				item.Interface = id
			case WorldFunction:
				f := *item.Function
				if err := m.updateFunction(r, &f, s); err != nil {
					return err
				}
				item.Function = &f
			}
			if pass == 0 {
				w.Imports.Set(key, item)
			} else {
				w.Exports.Set(key, item)
			}
		}
	}
	return nil
}

// itemStability is the stability of a world item: its own for interfaces
// and functions, its type's for types.
func (r *Resolve) itemStability(item WorldItem) Stability {
	switch item.Kind {
	case WorldFunction:
		return item.Function.Stability
	case WorldType:
		return r.Types[item.Type].Stability
	}
	return item.Stability
}
