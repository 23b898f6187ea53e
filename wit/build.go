package wit

import "github.com/weftwasm/weft/semver"

// AddPackage appends a package to the arena and registers its name for
// lookups. Its Interfaces and Worlds maps should point at items added with
// AddInterface and AddWorld.
func (r *Resolve) AddPackage(p Package) PackageID {
	if r.packageNames == nil {
		r.packageNames = map[string]PackageID{}
	}
	r.Packages = append(r.Packages, p)
	id := PackageID(len(r.Packages) - 1)
	r.packageNames[p.Name.String()] = id
	return id
}

// AddInterface appends an interface to the arena.
func (r *Resolve) AddInterface(i Interface) InterfaceID {
	if i.span == (span{}) {
		i.span = noSpan
	}
	r.Interfaces = append(r.Interfaces, i)
	return InterfaceID(len(r.Interfaces) - 1)
}

// AddWorld appends a world to the arena.
func (r *Resolve) AddWorld(w World) WorldID {
	if w.span == (span{}) {
		w.span = noSpan
	}
	r.Worlds = append(r.Worlds, w)
	return WorldID(len(r.Worlds) - 1)
}

// AddType appends a type definition to the arena. Types must be added after
// the types they refer to.
func (r *Resolve) AddType(t TypeDef) TypeID {
	if t.span == (span{}) {
		t.span = noSpan
	}
	r.Types = append(r.Types, t)
	return TypeID(len(r.Types) - 1)
}

// Package looks up a package by exact name, or failing that, the package
// with the greatest version on the same semver compatibility track as the
// requested version (so "wasi:io@0.2.0" finds "wasi:io@0.2.3").
func (r *Resolve) Package(name PackageName) (PackageID, bool) {
	if id, ok := r.packageNames[name.String()]; ok {
		return id, true
	}
	best, found := PackageID(0), false
	for i, p := range r.Packages {
		if p.Name.Namespace != name.Namespace || p.Name.Name != name.Name {
			continue
		}
		if (p.Name.Version == nil) != (name.Version == nil) {
			continue
		}
		if name.Version != nil && !semver.Compatible(*p.Name.Version, *name.Version) {
			continue
		}
		if !found || p.Name.Version != nil && semver.Compare(*p.Name.Version, *r.Packages[best].Name.Version) > 0 {
			best, found = PackageID(i), true
		}
	}
	return best, found
}

func compareVersions(a, b semver.Version) int { return semver.Compare(a, b) }
