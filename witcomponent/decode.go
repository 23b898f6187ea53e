package witcomponent

import (
	"errors"
	"fmt"

	"github.com/weftwasm/weft/component"
	"github.com/weftwasm/weft/semver"
	"github.com/weftwasm/weft/wit"
)

// decoder turns tnodes into a wit.Resolve the way wit-parser's
// WitPackageDecoder does.
type decoder struct {
	r *wit.Resolve
	// typeMap maps a type node to the WIT type it became.
	typeMap map[*tnode]wit.TypeID
	// foreign holds the packages interfaces are imported from, in order of
	// first appearance, with their interfaces in order.
	foreign      []*pkgBuilder
	foreignIndex map[string]int
	ifacePkg     map[wit.InterfaceID]int
	// named maps an interface's qualified name to its id.
	named map[string]wit.InterfaceID
	// resources maps an owner and resource name to the resource's TypeID.
	resources map[wit.Owner]map[string]wit.TypeID
}

// pkgBuilder is a package being assembled.
type pkgBuilder struct {
	name       wit.PackageName
	interfaces wit.OrderedMap[string, wit.InterfaceID]
	worlds     wit.OrderedMap[string, wit.WorldID]
}

func newDecoder() *decoder {
	return &decoder{
		r:            wit.NewResolve(),
		typeMap:      map[*tnode]wit.TypeID{},
		foreignIndex: map[string]int{},
		ifacePkg:     map[wit.InterfaceID]int{},
		named:        map[string]wit.InterfaceID{},
		resources:    map[wit.Owner]map[string]wit.TypeID{},
	}
}

var errNotInterfaceName = errors.New("not an interface name")

// qualified splits an interface name "ns:pkg/iface@v" into its package
// name and interface name.
func qualified(name string) (wit.PackageName, string, error) {
	p, err := component.ParseExternName(name)
	if err != nil {
		return wit.PackageName{}, "", err
	}
	if p.Kind != component.NameInterface || len(p.Namespaces) != 1 || len(p.Projections) != 1 {
		return wit.PackageName{}, "", fmt.Errorf("%q: %w", name, errNotInterfaceName)
	}
	pn := wit.PackageName{Namespace: p.Namespaces[0], Name: p.Package}
	if p.Version != "" {
		v, err := semver.Parse(p.Version)
		if err != nil {
			return wit.PackageName{}, "", fmt.Errorf("%q: version: %w", name, err)
		}
		pn.Version = &v
	}
	return pn, p.Projections[0], nil
}

// depInterface returns the interface of a foreign package named by name,
// creating the package and interface on first use.
func (d *decoder) depInterface(name string) (wit.InterfaceID, error) {
	pn, iname, err := qualified(name)
	if err != nil {
		return 0, err
	}
	key := pn.String()
	idx, ok := d.foreignIndex[key]
	if !ok {
		idx = len(d.foreign)
		d.foreign = append(d.foreign, &pkgBuilder{name: pn})
		d.foreignIndex[key] = idx
	}
	pb := d.foreign[idx]
	id, ok := pb.interfaces.Get(iname)
	if !ok {
		id = d.r.AddInterface(wit.Interface{Name: iname})
		pb.interfaces.Set(iname, id)
	}
	d.ifacePkg[id] = idx
	return id, nil
}

// registerImport fills in the interface named name from an instance type:
// either a foreign interface (filled lazily with what the instance has) or
// one already defined here.
func (d *decoder) registerImport(name string, inst *tnode) (wit.InterfaceID, error) {
	id, local := d.named[name]
	if !local {
		var err error
		if id, err = d.depInterface(name); err != nil {
			return 0, err
		}
	}
	owner := wit.Owner{Kind: wit.OwnerInterface, Interface: id}
	for _, e := range inst.ex {
		en := e.name.Name
		switch e.sort {
		case component.SortType:
			if prev, ok := d.r.Interfaces[id].Types.Get(en); ok {
				d.registerExisting(prev, e.n, 0)
				continue
			}
			if local {
				return 0, fmt.Errorf("instance type export `%s` not defined in interface", en)
			}
			t, err := d.typeExport(e.name, e.n, owner)
			if err != nil {
				return 0, err
			}
			d.r.Interfaces[id].Types.Set(en, t)
		case component.SortFunc:
			if d.r.Interfaces[id].Functions.Has(en) {
				continue
			}
			if local {
				return 0, fmt.Errorf("instance function export `%s` not defined in interface", en)
			}
			f, err := d.function(e.name, e.n, owner)
			if err != nil {
				return 0, err
			}
			d.r.Interfaces[id].Functions.Set(en, f)
		default:
			return 0, fmt.Errorf("instance type export `%s` is not a type", en)
		}
	}
	return id, nil
}

// registerExisting maps a type node (and the anonymous types inside it) to
// the WIT type already made for the same name, so a type seen again through
// another import is not duplicated.
func (d *decoder) registerExisting(id wit.TypeID, n *tnode, depth int) {
	if n == nil || depth > maxDepth {
		return
	}
	if _, ok := d.typeMap[n]; ok {
		return
	}
	d.typeMap[n] = id
	if n.kind == tAlias {
		if _, ok := d.findAlias(n.of); !ok {
			d.registerExisting(id, n.of, depth+1)
		}
	}
}

// findAlias follows n's alias chain to a type already converted.
func (d *decoder) findAlias(n *tnode) (wit.TypeID, bool) {
	for i := 0; n != nil && i < maxAliasChain; i++ {
		if id, ok := d.typeMap[n]; ok {
			return id, true
		}
		if n.kind != tAlias {
			break
		}
		n = n.of
	}
	return 0, false
}

// typeExport converts a named type of an interface or world. A type whose
// source was converted already becomes an alias of it (a `use`).
func (d *decoder) typeExport(en component.ExternName, n *tnode, owner wit.Owner) (wit.TypeID, error) {
	name := en.Name
	if _, dup := d.typeMap[n]; dup {
		return 0, fmt.Errorf("cannot represent this component in WIT: the type `%s` appears more than once", name)
	}
	ref := n
	if n.kind == tAlias {
		ref = n.of
	}
	var kind wit.TypeDefKind
	if prev, ok := d.findAlias(ref); ok && ref != n {
		kind = wit.TypeDefKind{Kind: wit.KindType, Elem: wit.Ref(prev)}
	} else {
		def := peel(ref)
		if def == nil {
			return 0, fmt.Errorf("type `%s` refers to nothing", name)
		}
		if def.kind == tResource {
			kind = wit.TypeDefKind{Kind: wit.KindResource}
		} else {
			var err error
			if kind, err = d.defined(def); err != nil {
				return 0, fmt.Errorf("type `%s`: %w", name, err)
			}
		}
	}
	id := d.r.AddType(wit.TypeDef{Name: name, Kind: kind, Owner: owner, ExternalID: externalID(en)})
	if kind.Kind == wit.KindResource {
		m := d.resources[owner]
		if m == nil {
			m = map[string]wit.TypeID{}
			d.resources[owner] = m
		}
		m[name] = id
	}
	d.typeMap[n] = id
	return id, nil
}

// valType converts a value type reference.
func (d *decoder) valType(n *tnode) (wit.Type, error) {
	if n == nil {
		return wit.Type{}, errors.New("missing type")
	}
	if n.kind == tPrim && n.inline {
		return wit.Prim(n.prim), nil
	}
	if id, ok := d.typeMap[n]; ok {
		return wit.Ref(id), nil
	}
	if n.kind == tAlias {
		// A type named by an import or export WIT has not seen: an anonymous
		// alias of its source.
		if id, ok := d.findAlias(n.of); ok {
			return wit.Ref(id), nil
		}
		return d.valType(n.of)
	}
	kind, err := d.defined(n)
	if err != nil {
		return wit.Type{}, err
	}
	switch kind.Kind {
	case wit.KindRecord, wit.KindVariant, wit.KindEnum, wit.KindFlags, wit.KindResource:
		return wit.Type{}, fmt.Errorf("unexpected unnamed type of kind '%s'", kind.Kind)
	}
	id := d.r.AddType(wit.TypeDef{Kind: kind})
	d.typeMap[n] = id
	return wit.Ref(id), nil
}

func (d *decoder) optValType(n *tnode) (*wit.Type, error) {
	if n == nil {
		return nil, nil
	}
	t, err := d.valType(n)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// defined converts the structure of a defined value type.
func (d *decoder) defined(n *tnode) (wit.TypeDefKind, error) {
	var k wit.TypeDefKind
	var err error
	elem := func(i int) *wit.Type {
		if err != nil || i >= len(n.elems) {
			return nil
		}
		var t *wit.Type
		t, err = d.optValType(n.elems[i])
		return t
	}
	switch n.kind {
	case tPrim:
		k.Kind = wit.KindType
		k.Elem = wit.Prim(n.prim)
	case tRecord:
		k.Kind = wit.KindRecord
		for _, f := range n.fields {
			t, err := d.valType(f.typ)
			if err != nil {
				return k, fmt.Errorf("failed to convert record field '%s': %w", f.name, err)
			}
			k.Fields = append(k.Fields, wit.Field{Name: f.name, Type: t})
		}
	case tVariant:
		k.Kind = wit.KindVariant
		for _, c := range n.fields {
			t, err := d.optValType(c.typ)
			if err != nil {
				return k, fmt.Errorf("case '%s': %w", c.name, err)
			}
			k.Cases = append(k.Cases, wit.Case{Name: c.name, Type: t})
		}
	case tFlags, tEnum:
		k.Kind = wit.KindFlags
		if n.kind == tEnum {
			k.Kind = wit.KindEnum
		}
		for _, name := range n.names {
			k.Flags = append(k.Flags, wit.Flag{Name: name})
		}
	case tTuple:
		k.Kind = wit.KindTuple
		k.Types = []wit.Type{}
		for _, e := range n.elems {
			t, err := d.valType(e)
			if err != nil {
				return k, err
			}
			k.Types = append(k.Types, t)
		}
	case tList, tFixedList, tOption:
		k.Kind = map[tkind]wit.Kind{tList: wit.KindList, tFixedList: wit.KindFixedLengthList, tOption: wit.KindOption}[n.kind]
		k.Size = n.size
		if t := elem(0); t != nil {
			k.Elem = *t
		} else if err == nil {
			err = errors.New("missing element type")
		}
	case tResult:
		k.Kind = wit.KindResult
		k.Ok = elem(0)
		k.Err = elem(1)
	case tFuture, tStream:
		k.Kind = wit.KindFuture
		if n.kind == tStream {
			k.Kind = wit.KindStream
		}
		k.Opt = elem(0)
	case tMap:
		k.Kind = wit.KindMap
		key, val := elem(0), elem(1)
		if key == nil || val == nil {
			if err == nil {
				err = errors.New("missing map key or value type")
			}
			break
		}
		k.Elem, k.Value = *key, *val
	case tOwn, tBorrow:
		k.Kind = wit.KindHandle
		k.Borrow = n.kind == tBorrow
		id, ok := d.findAlias(n.of)
		if !ok {
			return k, errors.New("handle to a resource that has no name in WIT")
		}
		k.Handle = id
	case tAlias:
		t, err := d.valType(n)
		if err != nil {
			return k, err
		}
		k.Kind, k.Elem = wit.KindType, t
	default:
		return k, fmt.Errorf("not a value type (kind %d)", n.kind)
	}
	return k, err
}

// function converts a function named name of owner.
func (d *decoder) function(en component.ExternName, n *tnode, owner wit.Owner) (wit.Function, error) {
	name := en.Name
	f := wit.Function{Name: name, ExternalID: externalID(en)}
	if n == nil || n.kind != tFunc {
		return f, fmt.Errorf("`%s` is not a function", name)
	}
	for _, p := range n.fields {
		t, err := d.valType(p.typ)
		if err != nil {
			return f, fmt.Errorf("failed to convert params of `%s`: %w", name, err)
		}
		f.Params = append(f.Params, wit.Param{Name: p.name, Type: t})
	}
	r, err := d.optValType(n.result)
	if err != nil {
		return f, fmt.Errorf("failed to convert result of `%s`: %w", name, err)
	}
	f.Result = r
	pn, err := component.ParseExternName(name)
	if err != nil {
		return f, err
	}
	resource := func() (wit.TypeID, error) {
		id, ok := d.resources[owner][pn.Resource]
		if !ok {
			return 0, fmt.Errorf("function `%s` refers to resource `%s`, which is not defined before it", name, pn.Resource)
		}
		return id, nil
	}
	switch pn.Kind {
	case component.NameLabel:
		f.Kind = wit.Freestanding
		if n.async {
			f.Kind = wit.AsyncFreestanding
		}
		return f, nil
	case component.NameConstructor:
		f.Kind = wit.Constructor
	case component.NameMethod:
		f.Kind = wit.Method
		if n.async {
			f.Kind = wit.AsyncMethod
		}
	case component.NameStatic:
		f.Kind = wit.Static
		if n.async {
			f.Kind = wit.AsyncStatic
		}
	default:
		return f, fmt.Errorf("function `%s` has a %s name", name, pn.Kind)
	}
	f.Resource, err = resource()
	return f, err
}

// interfaceName is the interface part of an instance's name: "iface" of
// "ns:pkg/iface@1.0.0", or "" (anonymous) for a plain label.
func interfaceName(name string) (string, bool, error) {
	p, err := component.ParseExternName(name)
	if err != nil {
		return "", false, err
	}
	switch p.Kind {
	case component.NameLabel:
		return "", false, nil
	case component.NameInterface:
		if len(p.Projections) != 1 {
			return "", false, fmt.Errorf("%q: %w", name, errNotInterfaceName)
		}
		return p.Projections[0], true, nil
	}
	return "", false, fmt.Errorf("cannot extract item name from: %s", name)
}

// registerInterface defines the interface an instance type describes, in
// pkg when its name is qualified.
func (d *decoder) registerInterface(name string, inst *tnode, pkg *pkgBuilder) (wit.WorldKey, wit.InterfaceID, error) {
	if _, ok := d.named[name]; ok {
		id, err := d.registerImport(name, inst)
		return wit.InterfaceKey(id), id, err
	}
	iname, isNamed, err := interfaceName(name)
	if err != nil {
		return wit.WorldKey{}, 0, err
	}
	id := d.r.AddInterface(wit.Interface{Name: iname})
	owner := wit.Owner{Kind: wit.OwnerInterface, Interface: id}
	for _, e := range inst.ex {
		en := e.name.Name
		switch e.sort {
		case component.SortType:
			t, err := d.typeExport(e.name, e.n, owner)
			if err != nil {
				return wit.WorldKey{}, 0, fmt.Errorf("failed to register type export '%s': %w", en, err)
			}
			d.r.Interfaces[id].Types.Set(en, t)
		case component.SortFunc:
			f, err := d.function(e.name, e.n, owner)
			if err != nil {
				return wit.WorldKey{}, 0, fmt.Errorf("failed to convert function '%s': %w", en, err)
			}
			d.r.Interfaces[id].Functions.Set(en, f)
		default:
			return wit.WorldKey{}, 0, fmt.Errorf("instance type export `%s` is not a type or function", en)
		}
	}
	if !isNamed {
		return wit.NameKey(name), id, nil
	}
	if pkg == nil {
		return wit.WorldKey{}, 0, fmt.Errorf("interface %q has no package to belong to", name)
	}
	pkg.interfaces.Set(iname, id)
	d.named[name] = id
	return wit.InterfaceKey(id), id, nil
}

// externalID is the `external-id` attribute of a name, or "".
func externalID(n component.ExternName) string {
	v, _ := n.Attribute(component.AttrExternalID)
	return v
}

// worldInstance converts an imported or exported instance of a world.
func (d *decoder) worldInstance(ex textern, pkg *pkgBuilder) (wit.WorldKey, wit.WorldItem, error) {
	name := ex.name.Name
	if impl, ok := ex.name.Attribute(component.AttrImplements); ok {
		id, err := d.registerImport(impl, ex.n)
		return wit.NameKey(name), wit.WorldItem{Kind: wit.WorldInterface, Interface: id, ExternalID: externalID(ex.name)}, err
	}
	p, err := component.ParseExternName(name)
	if err != nil {
		return wit.WorldKey{}, wit.WorldItem{}, err
	}
	if p.Kind == component.NameInterface {
		id, err := d.registerImport(name, ex.n)
		return wit.InterfaceKey(id), wit.WorldItem{Kind: wit.WorldInterface, Interface: id, ExternalID: externalID(ex.name)}, err
	}
	key, id, err := d.registerInterface(name, ex.n, pkg)
	return key, wit.WorldItem{Kind: wit.WorldInterface, Interface: id, ExternalID: externalID(ex.name)}, err
}
