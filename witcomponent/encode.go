package witcomponent

import (
	"fmt"
	"strings"

	"github.com/weftwasm/weft/component"
	"github.com/weftwasm/weft/wit"
)

// EncodePackage encodes package pkg of r as a binary WIT package, the
// format `wasm-tools component wit --wasm` writes: a component that exports,
// for each interface, a component type exporting that interface's instance
// type (importing the interfaces it uses), and for each world, a component
// type exporting the world's component type; docs and feature gates go in a
// `package-docs` custom section. Decode turns it back into WIT.
func EncodePackage(r *wit.Resolve, pkg wit.PackageID) ([]byte, error) {
	c, err := EncodePackageComponent(r, pkg)
	if err != nil {
		return nil, err
	}
	return component.Encode(c)
}

// EncodePackageComponent is EncodePackage returning the component AST.
func EncodePackageComponent(r *wit.Resolve, pkg wit.PackageID) (*component.Component, error) {
	if int(pkg) < 0 || int(pkg) >= len(r.Packages) {
		return nil, fmt.Errorf("package id %d out of range", pkg)
	}
	p := &r.Packages[pkg]
	c := &component.Component{}
	idx := uint32(0)
	exportType := func(name string, t *component.ComponentType) {
		c.Sections = append(c.Sections,
			&component.TypeSection{Types: []component.Type{t}},
			&component.ExportSection{Exports: []component.Export{{
				Name: plainName(name),
				Item: component.SortIdx{Sort: component.SortType, Index: idx},
			}}})
		idx += 2 // the type, and the new name the export gives it
	}
	for name, id := range p.Interfaces.All() {
		t, err := encodeInterfacePackage(r, pkg, id)
		if err != nil {
			return nil, fmt.Errorf("interface `%s`: %w", name, err)
		}
		exportType(name, t)
	}
	for name, id := range p.Worlds.All() {
		wt, err := EncodeWorld(r, id)
		if err != nil {
			return nil, fmt.Errorf("world `%s`: %w", name, err)
		}
		wrapper := &component.ComponentType{Decls: []component.Decl{
			&component.DeclType{Type: wt},
			&component.DeclExport{Name: plainName(p.Name.InterfaceID(name)), Type: &component.ExternComponent{Type: 0}},
		}}
		exportType(name, wrapper)
	}
	c.Sections = append(c.Sections, &component.CustomSection{Name: packageDocsSection, Data: packageDocs(r, pkg)})
	return c, nil
}

func plainName(s string) component.ExternName {
	return component.ExternName{Form: component.NamePlain, Name: s}
}

// externName is name with an `implements` attribute when impl is set and
// an `external-id` attribute when id is set.
func externName(name, impl, id string) component.ExternName {
	n := plainName(name)
	if impl != "" {
		n.Attributes = append(n.Attributes, component.NameAttribute{Kind: component.AttrImplements, Value: impl})
	}
	if id != "" {
		n.Attributes = append(n.Attributes, component.NameAttribute{Kind: component.AttrExternalID, Value: id})
	}
	if n.Attributes != nil {
		n.Form = component.NameWithAttributes
	}
	return n
}

// worldName is the extern name of a world import or export.
func worldName(r *wit.Resolve, k wit.WorldKey, item wit.WorldItem) component.ExternName {
	impl := ""
	if !k.IsInterface && item.Kind == wit.WorldInterface && r.Interfaces[item.Interface].Name != "" {
		impl = r.InterfaceName(item.Interface)
	}
	id := item.ExternalID
	if item.Kind == wit.WorldFunction && item.Function != nil {
		id = item.Function.ExternalID
	}
	return externName(r.WorldKeyName(k), impl, id)
}

// encodeInterfacePackage encodes one interface of the package as a
// component type that imports every interface it depends on.
func encodeInterfacePackage(r *wit.Resolve, pkg wit.PackageID, id wit.InterfaceID) (*component.ComponentType, error) {
	var live []wit.InterfaceID
	seen := map[wit.InterfaceID]bool{}
	var add func(i wit.InterfaceID, depth int) error
	add = func(i wit.InterfaceID, depth int) error {
		if seen[i] {
			return nil
		}
		if depth > maxDepth {
			return fmt.Errorf("interface dependencies nested deeper than %d", maxDepth)
		}
		seen[i] = true
		for _, d := range r.InterfaceDeps(i) {
			if err := add(d, depth+1); err != nil {
				return err
			}
		}
		live = append(live, i)
		return nil
	}
	if err := add(id, 0); err != nil {
		return nil, err
	}
	e := newTypeEncoder(r)
	for _, i := range live {
		e.iface = i
		name := r.InterfaceName(i)
		if name == "" {
			return nil, fmt.Errorf("interface %d has no name", i)
		}
		if i == id {
			idx, err := e.instance(i)
			if err != nil {
				return nil, err
			}
			e.outer.add(&component.DeclExport{Name: plainName(name), Type: &component.ExternInstance{Type: component.TypeIdx(idx)}})
			continue
		}
		e.push()
		for _, t := range r.Interfaces[i].Types.All() {
			if _, err := e.valType(wit.Ref(t)); err != nil {
				return nil, err
			}
		}
		inst := e.pop()
		idx := e.outer.defType(inst)
		e.importMap[i] = e.instances
		e.instances++
		e.outer.add(&component.DeclImport{Name: plainName(name), Type: &component.ExternInstance{Type: component.TypeIdx(idx)}})
	}
	return &component.ComponentType{Decls: e.outer.decls}, nil
}

// EncodeWorld encodes a world as a component type, exactly as
// wit-component does (the type `wasm-tools component embed` stores, and a
// component built for the world must have): its interface imports and
// exports are instance types, types used across interfaces are aliased
// from the instance that defines them.
func EncodeWorld(r *wit.Resolve, id wit.WorldID) (*component.ComponentType, error) {
	if int(id) < 0 || int(id) >= len(r.Worlds) {
		return nil, fmt.Errorf("world id %d out of range", id)
	}
	e := newTypeEncoder(r)
	w := &r.Worlds[id]
	for k, item := range w.Imports.All() {
		name := worldName(r, k, item)
		var ty component.ExternType
		switch item.Kind {
		case wit.WorldInterface:
			e.iface = item.Interface
			idx, err := e.instance(item.Interface)
			if err != nil {
				return nil, err
			}
			ty = &component.ExternInstance{Type: component.TypeIdx(idx)}
		case wit.WorldFunction:
			e.iface = -1
			idx, err := e.funcType(item.Function)
			if err != nil {
				return nil, err
			}
			ty = &component.ExternFunc{Type: component.TypeIdx(idx)}
		case wit.WorldType:
			e.iface = -1
			e.importTypes = true
			_, err := e.valType(wit.Ref(item.Type))
			e.importTypes = false
			if err != nil {
				return nil, err
			}
			continue
		}
		e.outer.add(&component.DeclImport{Name: name, Type: ty})
	}
	for k, item := range w.Exports.All() {
		name := worldName(r, k, item)
		var ty component.ExternType
		switch item.Kind {
		case wit.WorldInterface:
			e.iface = item.Interface
			idx, err := e.instance(item.Interface)
			if err != nil {
				return nil, err
			}
			ty = &component.ExternInstance{Type: component.TypeIdx(idx)}
		case wit.WorldFunction:
			e.iface = -1
			idx, err := e.funcType(item.Function)
			if err != nil {
				return nil, err
			}
			ty = &component.ExternFunc{Type: component.TypeIdx(idx)}
		default:
			return nil, fmt.Errorf("world export `%s` is a type", name.Name)
		}
		e.outer.add(&component.DeclExport{Name: name, Type: ty})
	}
	return &component.ComponentType{Decls: e.outer.decls}, nil
}

// declList is the declarations of a component or instance type being
// built, with its type index count.
type declList struct {
	decls []component.Decl
	types uint32
}

func (l *declList) add(d component.Decl) {
	l.decls = append(l.decls, d)
	switch d := d.(type) {
	case *component.DeclType:
		l.types++
	case *component.DeclAlias:
		l.types++ // only type aliases are made
	case *component.DeclImport:
		if component.ExternSort(d.Type) == component.SortType {
			l.types++
		}
	case *component.DeclExport:
		if component.ExternSort(d.Type) == component.SortType {
			l.types++
		}
	}
}

func (l *declList) defType(t component.Type) uint32 {
	l.add(&component.DeclType{Type: t})
	return l.types - 1
}

// encodingMaps remembers what has been encoded in one index space.
type encodingMaps struct {
	ids   map[wit.TypeID]uint32
	defs  map[string]uint32 // anonymous types by structure
	funcs map[string]uint32
}

func newMaps() encodingMaps {
	return encodingMaps{ids: map[wit.TypeID]uint32{}, defs: map[string]uint32{}, funcs: map[string]uint32{}}
}

// typeEncoder encodes WIT types into a component type, and into instance
// types nested in it, the way wit-component does.
type typeEncoder struct {
	r           *wit.Resolve
	outer       declList
	inst        *declList
	maps, saved encodingMaps
	importMap   map[wit.InterfaceID]uint32
	outerTypes  map[wit.TypeID]uint32
	instances   uint32
	importTypes bool
	iface       wit.InterfaceID // -1 outside interfaces
}

func newTypeEncoder(r *wit.Resolve) *typeEncoder {
	return &typeEncoder{r: r, maps: newMaps(), importMap: map[wit.InterfaceID]uint32{},
		outerTypes: map[wit.TypeID]uint32{}, iface: -1}
}

func (e *typeEncoder) push() {
	e.saved, e.maps = e.maps, newMaps()
	e.inst = &declList{}
}

func (e *typeEncoder) pop() *component.InstanceType {
	e.maps = e.saved
	t := &component.InstanceType{Decls: e.inst.decls}
	e.inst = nil
	return t
}

func (e *typeEncoder) cur() *declList {
	if e.inst != nil {
		return e.inst
	}
	return &e.outer
}

// instance encodes interface id as an instance type in the outer list and
// returns its type index.
func (e *typeEncoder) instance(id wit.InterfaceID) (uint32, error) {
	e.push()
	iface := &e.r.Interfaces[id]
	order := map[wit.TypeID]int{}
	for _, t := range iface.Types.All() {
		if _, err := e.valType(wit.Ref(t)); err != nil {
			return 0, err
		}
		order[t] = len(order)
	}
	// Resource functions first, in the order of their resources; the
	// others after (a stable sort, as wit-component does).
	type fn struct {
		name string
		f    *wit.Function
		key  int
	}
	var funcs []fn
	for name, f := range iface.Functions.All() {
		k := len(order)
		if f.Kind != wit.Freestanding && f.Kind != wit.AsyncFreestanding {
			if o, ok := order[f.Resource]; ok {
				k = o
			}
		}
		fc := f
		funcs = append(funcs, fn{name, &fc, k})
	}
	for i := 1; i < len(funcs); i++ {
		for j := i; j > 0 && funcs[j].key < funcs[j-1].key; j-- {
			funcs[j], funcs[j-1] = funcs[j-1], funcs[j]
		}
	}
	for _, f := range funcs {
		idx, err := e.funcType(f.f)
		if err != nil {
			return 0, err
		}
		e.inst.add(&component.DeclExport{Name: externName(f.name, "", f.f.ExternalID), Type: &component.ExternFunc{Type: component.TypeIdx(idx)}})
	}
	inst := e.pop()
	idx := e.outer.defType(inst)
	e.importMap[id] = e.instances
	e.instances++
	return idx, nil
}

func (e *typeEncoder) funcType(f *wit.Function) (uint32, error) {
	key := e.funcKey(f)
	if idx, ok := e.maps.funcs[key]; ok {
		return idx, nil
	}
	ft := &component.FuncType{Async: f.Kind.IsAsync(), Params: []component.Field{}}
	for _, p := range f.Params {
		t, err := e.valType(p.Type)
		if err != nil {
			return 0, err
		}
		ft.Params = append(ft.Params, component.Field{Name: p.Name, Type: t})
	}
	if f.Result != nil {
		t, err := e.valType(*f.Result)
		if err != nil {
			return 0, err
		}
		ft.Result = &t
	}
	idx := e.cur().defType(ft)
	e.maps.funcs[key] = idx
	return idx, nil
}

func (e *typeEncoder) funcKey(f *wit.Function) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v(", f.Kind.IsAsync())
	for _, p := range f.Params {
		fmt.Fprintf(&b, "%s:%v,", p.Name, p.Type)
	}
	if f.Result != nil {
		fmt.Fprintf(&b, ")->%v", *f.Result)
	}
	return b.String()
}
