package witcomponent

import (
	"fmt"

	"github.com/weftwasm/weft/wit"
)

// merger copies the packages of one Resolve into another. A package dst
// already has is unified with the copy by name: its interfaces and their
// types are reused, so a binary package's view of a foreign interface
// (only the parts it uses) joins the full definition.
type merger struct {
	dst, src *wit.Resolve
	ifaces   map[wit.InterfaceID]wit.InterfaceID
	worlds   map[wit.WorldID]wit.WorldID
	types    map[wit.TypeID]wit.TypeID
	// fresh lists the src interfaces that are copied (not unified).
	fresh []wit.InterfaceID
}

// merge adds src's packages to dst and returns the id main has in dst.
func merge(dst, src *wit.Resolve, main wit.PackageID) (wit.PackageID, error) {
	m := &merger{dst: dst, src: src, ifaces: map[wit.InterfaceID]wit.InterfaceID{},
		worlds: map[wit.WorldID]wit.WorldID{}, types: map[wit.TypeID]wit.TypeID{}}
	if id, ok := dst.Package(src.Packages[main].Name); ok && dst.Packages[id].Name.String() == src.Packages[main].Name.String() {
		return 0, fmt.Errorf("package `%s` is already present in this Resolve", src.Packages[main].Name)
	}
	// Unify or allocate every interface.
	for si := range src.Interfaces {
		sid := wit.InterfaceID(si)
		if err := m.placeInterface(sid); err != nil {
			return 0, err
		}
	}
	for wi := range src.Worlds {
		m.worlds[wit.WorldID(wi)] = dst.AddWorld(wit.World{Name: src.Worlds[wi].Name})
	}
	for ti := range src.Types {
		tid := wit.TypeID(ti)
		if _, ok := m.types[tid]; ok {
			continue
		}
		t := src.Types[ti]
		t.Owner = m.owner(t.Owner)
		t.Kind = m.kind(t.Kind)
		m.types[tid] = dst.AddType(t)
	}
	for _, sid := range m.fresh {
		si := src.Interfaces[sid]
		di := &dst.Interfaces[m.ifaces[sid]]
		for name, t := range si.Types.All() {
			di.Types.Set(name, m.types[t])
		}
		for name, f := range si.Functions.All() {
			di.Functions.Set(name, m.function(f))
		}
	}
	for wi := range src.Worlds {
		sw := &src.Worlds[wi]
		dw := &dst.Worlds[m.worlds[wit.WorldID(wi)]]
		for k, item := range sw.Imports.All() {
			dw.Imports.Set(m.key(k), m.item(item))
		}
		for k, item := range sw.Exports.All() {
			dw.Exports.Set(m.key(k), m.item(item))
		}
	}
	var mainID wit.PackageID
	for pi := range src.Packages {
		sp := &src.Packages[pi]
		id, ok := dst.Package(sp.Name)
		if !ok || dst.Packages[id].Name.String() != sp.Name.String() {
			id = dst.AddPackage(wit.Package{Name: sp.Name, Docs: sp.Docs})
		}
		for name, sid := range sp.Interfaces.All() {
			did := m.ifaces[sid]
			dst.Packages[id].Interfaces.Set(name, did)
			pid := id
			dst.Interfaces[did].Package = &pid
		}
		for name, swid := range sp.Worlds.All() {
			dwid := m.worlds[swid]
			dst.Packages[id].Worlds.Set(name, dwid)
			pid := id
			dst.Worlds[dwid].Package = &pid
		}
		if wit.PackageID(pi) == main {
			mainID = id
		}
	}
	for _, sid := range m.fresh {
		if src.Interfaces[sid].Name == "" && src.Interfaces[sid].Package != nil {
			pid := m.packageOf(*src.Interfaces[sid].Package)
			dst.Interfaces[m.ifaces[sid]].Package = &pid
		}
	}
	return mainID, nil
}

func (m *merger) packageOf(sp wit.PackageID) wit.PackageID {
	id, _ := m.dst.Package(m.src.Packages[sp].Name)
	return id
}

// placeInterface unifies a named interface of a package dst already has
// with dst's interface, mapping its types by name; any other interface is
// allocated afresh.
func (m *merger) placeInterface(sid wit.InterfaceID) error {
	si := &m.src.Interfaces[sid]
	if si.Name != "" && si.Package != nil {
		pn := m.src.Packages[*si.Package].Name
		if pid, ok := m.dst.Package(pn); ok && m.dst.Packages[pid].Name.String() == pn.String() {
			did, ok := m.dst.Packages[pid].Interfaces.Get(si.Name)
			if !ok {
				return fmt.Errorf("interface `%s` not found in package `%s`", si.Name, pn)
			}
			m.ifaces[sid] = did
			for name, t := range si.Types.All() {
				dt, ok := m.dst.Interfaces[did].Types.Get(name)
				if !ok {
					return fmt.Errorf("type `%s` not defined in interface `%s`", name, m.dst.InterfaceName(did))
				}
				m.types[t] = dt
			}
			return nil
		}
	}
	m.ifaces[sid] = m.dst.AddInterface(wit.Interface{Name: si.Name, Docs: si.Docs, Stability: si.Stability})
	m.fresh = append(m.fresh, sid)
	return nil
}

func (m *merger) owner(o wit.Owner) wit.Owner {
	switch o.Kind {
	case wit.OwnerInterface:
		o.Interface = m.ifaces[o.Interface]
	case wit.OwnerWorld:
		o.World = m.worlds[o.World]
	}
	return o
}

func (m *merger) typ(t wit.Type) wit.Type {
	if t.IsRef() {
		return wit.Ref(m.types[t.ID])
	}
	return t
}

func (m *merger) optType(t *wit.Type) *wit.Type {
	if t == nil {
		return nil
	}
	n := m.typ(*t)
	return &n
}

func (m *merger) kind(k wit.TypeDefKind) wit.TypeDefKind {
	k.Fields = append([]wit.Field(nil), k.Fields...)
	for i := range k.Fields {
		k.Fields[i].Type = m.typ(k.Fields[i].Type)
	}
	k.Types = append([]wit.Type(nil), k.Types...)
	for i := range k.Types {
		k.Types[i] = m.typ(k.Types[i])
	}
	k.Cases = append([]wit.Case(nil), k.Cases...)
	for i := range k.Cases {
		k.Cases[i].Type = m.optType(k.Cases[i].Type)
	}
	if k.Kind == wit.KindHandle {
		k.Handle = m.types[k.Handle]
	}
	k.Elem, k.Value = m.typ(k.Elem), m.typ(k.Value)
	k.Ok, k.Err, k.Opt = m.optType(k.Ok), m.optType(k.Err), m.optType(k.Opt)
	return k
}

func (m *merger) function(f wit.Function) wit.Function {
	f.Params = append([]wit.Param(nil), f.Params...)
	for i := range f.Params {
		f.Params[i].Type = m.typ(f.Params[i].Type)
	}
	f.Result = m.optType(f.Result)
	if f.Kind != wit.Freestanding && f.Kind != wit.AsyncFreestanding {
		f.Resource = m.types[f.Resource]
	}
	return f
}

func (m *merger) key(k wit.WorldKey) wit.WorldKey {
	if k.IsInterface {
		return wit.InterfaceKey(m.ifaces[k.Interface])
	}
	return k
}

func (m *merger) item(it wit.WorldItem) wit.WorldItem {
	switch it.Kind {
	case wit.WorldInterface:
		it.Interface = m.ifaces[it.Interface]
	case wit.WorldFunction:
		f := m.function(*it.Function)
		it.Function = &f
	case wit.WorldType:
		it.Type = m.types[it.Type]
	}
	return it
}
