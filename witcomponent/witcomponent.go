package witcomponent

import (
	"errors"
	"fmt"

	"github.com/weftwasm/weft/component"
	"github.com/weftwasm/weft/wit"
)

// Decoded is what a component or a binary WIT package decodes to.
type Decoded struct {
	// Resolve holds the main package and every foreign package its
	// interfaces come from, in dependency order.
	Resolve *wit.Resolve
	// Package is the main package: root:component for a component, the
	// encoded package for a binary WIT package.
	Package wit.PackageID
	// World is the component's world ("root"); it is -1 for a WIT package.
	World wit.WorldID
}

// IsPackage reports whether the input was a binary WIT package rather than
// a component.
func (d *Decoded) IsPackage() bool { return d.World < 0 }

// Error is a failure to decode a component's type as WIT. File is the
// input's name when known.
type Error struct {
	File string
	Err  error
}

// Error returns the message, prefixed with the file name when known.
func (e *Error) Error() string {
	if e.File == "" {
		return e.Err.Error()
	}
	return e.File + ": " + e.Err.Error()
}

// Unwrap returns the underlying error (a *component.DecodeError or
// *component.ValidationError for a bad binary).
func (e *Error) Unwrap() error { return e.Err }

// Decode decodes and validates a component binary and returns its type as
// WIT: for a component, a world named root in package root:component (as
// `wasm-tools component wit` prints it); for a binary WIT package (a
// component whose exports are all component types, as `wasm-tools
// component wit --wasm` writes, or the older single "ns:pkg/wit" export),
// the package it encodes, with the docs and gates of its package-docs
// section.
//
//	d, err := witcomponent.Decode(data)
//	if err != nil {
//		return err
//	}
//	fmt.Print(d.Resolve.Print(d.Package))
func Decode(data []byte) (*Decoded, error) {
	c, err := component.Decode(data)
	if err != nil {
		return nil, &Error{Err: err}
	}
	return DecodeComponent(c)
}

// DecodeComponent is Decode for an already decoded component. It validates
// c first.
func DecodeComponent(c *component.Component) (*Decoded, error) {
	if _, err := component.Validate(c); err != nil {
		return nil, &Error{Err: err}
	}
	s, err := newGrapher().component(c, nil)
	if err != nil {
		return nil, &Error{Err: err}
	}
	d, err := decodeTop(s)
	if err != nil {
		return nil, &Error{Err: err}
	}
	if d.IsPackage() {
		for _, sec := range c.Sections {
			if cs, ok := sec.(*component.CustomSection); ok && cs.Name == packageDocsSection {
				if err := injectPackageDocs(d.Resolve, d.Package, cs.Data); err != nil {
					return nil, &Error{Err: fmt.Errorf("custom section at offset %#x: %w", cs.Pos.Offset, err)}
				}
			}
		}
	}
	return d, nil
}

// BinaryDecoder decodes a binary WIT package for wit.Resolve's
// WithBinaryDecoder hook: it adds the package at path (and the foreign
// packages it refers to that r does not have yet) to r.
//
//	r := wit.NewResolve().WithBinaryDecoder(witcomponent.BinaryDecoder)
//	pkg, err := r.PushPath("wit/") // deps/ may hold .wasm packages
func BinaryDecoder(path string, data []byte, r *wit.Resolve) (wit.PackageID, error) {
	if r == nil {
		return 0, &Error{File: path, Err: errors.New("no Resolve to add the package to")}
	}
	d, err := Decode(data)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.File = path
		}
		return 0, err
	}
	if !d.IsPackage() {
		return 0, &Error{File: path, Err: errors.New("found an actual component instead of an encoded WIT package in wasm")}
	}
	id, err := merge(r, d.Resolve, d.Package)
	if err != nil {
		return 0, &Error{File: path, Err: err}
	}
	return id, nil
}

// isPackage reports whether the top-level externs are those of a binary WIT
// package: exports only, each a component type.
func isPackage(s *scope) bool {
	if len(s.ex) == 0 || len(s.im) != 0 {
		return false
	}
	for _, e := range s.ex {
		if e.sort != component.SortType || peel(e.n) == nil || peel(e.n).kind != tComponent {
			return false
		}
	}
	return true
}

func decodeTop(s *scope) (*Decoded, error) {
	d := newDecoder()
	if isPackage(s) {
		if p, err := component.ParseExternName(s.ex[0].name.Name); err == nil && p.Kind == component.NameInterface &&
			len(p.Projections) == 1 && p.Projections[0] == "wit" {
			return d.witPackageV1(s)
		}
		return d.witPackage(s)
	}
	return d.world(s)
}

// witPackageV1 decodes the first binary WIT package encoding: a single
// export "ns:pkg/wit" whose component type imports the foreign interfaces
// and exports the package's interfaces (instances) and worlds (components).
func (d *decoder) witPackageV1(s *scope) (*Decoded, error) {
	if len(s.ex) != 1 {
		return nil, errors.New("more than one top-level exported component type found")
	}
	pn, _, err := qualified(s.ex[0].name.Name)
	if err != nil {
		return nil, fmt.Errorf("package name is not a valid id: %w", err)
	}
	ct := peel(s.ex[0].n)
	for _, im := range ct.im {
		if im.sort != component.SortInstance {
			return nil, fmt.Errorf("import `%s` is not an instance", im.name.Name)
		}
		if _, err := d.registerImport(im.name.Name, im.n); err != nil {
			return nil, fmt.Errorf("failed to process import `%s`: %w", im.name.Name, err)
		}
	}
	pkg := &pkgBuilder{name: pn}
	for _, e := range ct.ex {
		switch e.sort {
		case component.SortInstance:
			if _, _, err := d.registerInterface(e.name.Name, e.n, pkg); err != nil {
				return nil, fmt.Errorf("failed to process export `%s`: %w", e.name.Name, err)
			}
		case component.SortComponent:
			if err := d.registerWorld(e.name.Name, peel(e.n), pkg); err != nil {
				return nil, fmt.Errorf("failed to process export `%s`: %w", e.name.Name, err)
			}
		default:
			return nil, fmt.Errorf("component export `%s` is not an instance or component", e.name.Name)
		}
	}
	id, err := d.finish(pkg)
	if err != nil {
		return nil, err
	}
	return &Decoded{Resolve: d.r, Package: id, World: -1}, nil
}

// world decodes a component's imports and exports as world root.
func (d *decoder) world(s *scope) (*Decoded, error) {
	pkg := &pkgBuilder{name: wit.PackageName{Namespace: "root", Name: "component"}}
	wid := d.r.AddWorld(wit.World{Name: "root"})
	pkg.worlds.Set("root", wid)
	owner := wit.Owner{Kind: wit.OwnerWorld, World: wid}
	for _, e := range s.im {
		key, item, ok, err := d.worldItem(e, owner, pkg, true)
		if err != nil {
			return nil, fmt.Errorf("failed to decode WIT from import `%s`: %w", e.name.Name, err)
		}
		if ok {
			d.r.Worlds[wid].Imports.Set(key, item)
		}
	}
	for _, e := range s.ex {
		key, item, ok, err := d.worldItem(e, owner, pkg, false)
		if err != nil {
			return nil, fmt.Errorf("failed to decode WIT from export `%s`: %w", e.name.Name, err)
		}
		if !ok {
			return nil, fmt.Errorf("component export `%s` was not a function or instance", e.name.Name)
		}
		d.r.Worlds[wid].Exports.Set(key, item)
	}
	id, err := d.finish(pkg)
	if err != nil {
		return nil, err
	}
	return &Decoded{Resolve: d.r, Package: id, World: wid}, nil
}

// worldItem converts one import or export of a world. ok is false for
// items WIT has no place for (core modules, values, components).
func (d *decoder) worldItem(e textern, owner wit.Owner, pkg *pkgBuilder, isImport bool) (wit.WorldKey, wit.WorldItem, bool, error) {
	name := e.name.Name
	switch e.sort {
	case component.SortInstance:
		key, item, err := d.worldInstance(e, pkg)
		return key, item, true, err
	case component.SortFunc:
		f, err := d.function(e.name, e.n, owner)
		return wit.NameKey(name), wit.WorldItem{Kind: wit.WorldFunction, Function: &f}, true, err
	case component.SortType:
		if !isImport {
			return wit.WorldKey{}, wit.WorldItem{}, false, fmt.Errorf("component export `%s` is a type", name)
		}
		id, err := d.typeExport(e.name, e.n, owner)
		return wit.NameKey(name), wit.WorldItem{Kind: wit.WorldType, Type: id}, true, err
	}
	return wit.WorldKey{}, wit.WorldItem{}, false, nil
}

// witPackage decodes a binary WIT package (the v2 encoding: one export per
// interface or world, each a component type with a single export).
func (d *decoder) witPackage(s *scope) (*Decoded, error) {
	var pkg *pkgBuilder
	for _, top := range s.ex {
		ct := peel(top.n)
		if len(ct.ex) != 1 {
			return nil, fmt.Errorf("expected a single export, but found %d instead", len(ct.ex))
		}
		e := ct.ex[0]
		pn, _, err := qualified(e.name.Name)
		if err != nil {
			return nil, fmt.Errorf("expected world name to be fully qualified: %w", err)
		}
		if pkg == nil {
			pkg = &pkgBuilder{name: pn}
		} else if pkg.name.String() != pn.String() {
			return nil, errors.New("item defined with mismatched package name")
		}
		switch e.sort {
		case component.SortComponent:
			if err := d.registerWorld(e.name.Name, peel(e.n), pkg); err != nil {
				return nil, fmt.Errorf("failed to decode world `%s`: %w", e.name.Name, err)
			}
		case component.SortInstance:
			for _, im := range ct.im {
				if im.sort != component.SortInstance {
					return nil, fmt.Errorf("import `%s` is not an instance", im.name.Name)
				}
				if _, err := d.registerImport(im.name.Name, im.n); err != nil {
					return nil, fmt.Errorf("failed to process import `%s`: %w", im.name.Name, err)
				}
			}
			if _, _, err := d.registerInterface(e.name.Name, e.n, pkg); err != nil {
				return nil, fmt.Errorf("failed to decode interface `%s`: %w", e.name.Name, err)
			}
		default:
			return nil, fmt.Errorf("export `%s` of a WIT package is a %s", e.name.Name, e.sort)
		}
	}
	id, err := d.finish(pkg)
	if err != nil {
		return nil, err
	}
	return &Decoded{Resolve: d.r, Package: id, World: -1}, nil
}

// registerWorld decodes a world encoded as a component type.
func (d *decoder) registerWorld(name string, ct *tnode, pkg *pkgBuilder) error {
	if ct == nil || ct.kind != tComponent {
		return fmt.Errorf("`%s` is not a component type", name)
	}
	_, wname, err := qualified(name)
	if err != nil {
		return err
	}
	wid := d.r.AddWorld(wit.World{Name: wname})
	owner := wit.Owner{Kind: wit.OwnerWorld, World: wid}
	for _, e := range ct.im {
		key, item, ok, err := d.worldItem(e, owner, pkg, true)
		if err != nil {
			return fmt.Errorf("import `%s`: %w", e.name.Name, err)
		}
		if !ok {
			return fmt.Errorf("component import `%s` is not an instance, func, or type", e.name.Name)
		}
		d.r.Worlds[wid].Imports.Set(key, item)
	}
	for _, e := range ct.ex {
		key, item, ok, err := d.worldItem(e, owner, pkg, false)
		if err != nil {
			return fmt.Errorf("export `%s`: %w", e.name.Name, err)
		}
		if !ok {
			return fmt.Errorf("component export `%s` is not an instance or function", e.name.Name)
		}
		d.r.Worlds[wid].Exports.Set(key, item)
	}
	pkg.worlds.Set(wname, wid)
	return nil
}

// finish adds the foreign packages in dependency order, then the main one.
func (d *decoder) finish(main *pkgBuilder) (wit.PackageID, error) {
	order := make([]int, 0, len(d.foreign))
	state := make([]uint8, len(d.foreign)) // 0 new, 1 visiting, 2 done
	var visit func(i int)
	visit = func(i int) {
		if state[i] != 0 {
			return
		}
		state[i] = 1
		for _, iid := range d.foreign[i].interfaces.All() {
			for _, dep := range d.r.InterfaceDeps(iid) {
				if j, ok := d.ifacePkg[dep]; ok && j != i {
					visit(j)
				}
			}
		}
		state[i] = 2
		order = append(order, i)
	}
	// The main package may also have been seen as the package of an import
	// (one of its interfaces using another): it is one package, added last.
	mainIdx, shared := d.foreignIndex[main.name.String()]
	if shared {
		state[mainIdx] = 2
		pb := d.foreign[mainIdx]
		for name, iid := range main.interfaces.All() {
			pb.interfaces.Set(name, iid)
		}
		pb.worlds = main.worlds
		main = pb
	}
	for i := range d.foreign {
		visit(i)
	}
	for _, i := range order {
		d.addPackage(d.foreign[i])
	}
	return d.addPackage(main), nil
}

func (d *decoder) addPackage(pb *pkgBuilder) wit.PackageID {
	id := d.r.AddPackage(wit.Package{Name: pb.name, Interfaces: pb.interfaces, Worlds: pb.worlds})
	for _, iid := range pb.interfaces.All() {
		d.r.Interfaces[iid].Package = &id
	}
	for _, wid := range pb.worlds.All() {
		w := &d.r.Worlds[wid]
		w.Package = &id
		for k, item := range w.Imports.All() {
			d.ownAnonymous(k, item, id)
		}
		for k, item := range w.Exports.All() {
			d.ownAnonymous(k, item, id)
		}
	}
	return id
}

func (d *decoder) ownAnonymous(k wit.WorldKey, item wit.WorldItem, id wit.PackageID) {
	if !k.IsInterface && item.Kind == wit.WorldInterface && d.r.Interfaces[item.Interface].Name == "" {
		d.r.Interfaces[item.Interface].Package = &id
	}
}
