package wit

import (
	"fmt"
	"strings"

	"github.com/weftwasm/weft/semver"
)

// SelectWorld picks a world of package pkg. An empty name selects the
// package's only world. A plain name ("w") is looked up in pkg; a qualified
// name ("ns:pkg/w" or "ns:pkg/w@1.2.3") in the named package, using
// semver-compatible package lookup.
func (r *Resolve) SelectWorld(pkg PackageID, name string) (WorldID, error) {
	if name == "" {
		p := &r.Packages[pkg]
		switch p.Worlds.Len() {
		case 1:
			_, id := p.Worlds.At(0)
			return id, nil
		case 0:
			return 0, fmt.Errorf("package `%s` contains no worlds", p.Name)
		}
		return 0, fmt.Errorf("package `%s` contains %d worlds; name the one to use: %s", p.Name, p.Worlds.Len(), strings.Join(p.Worlds.Keys(), ", "))
	}
	worldName := name
	if pkgPart, w, ok := strings.Cut(name, "/"); ok {
		ns, rest, ok := strings.Cut(pkgPart, ":")
		if !ok {
			return 0, fmt.Errorf("invalid world name %q: expected ns:pkg/world[@version]", name)
		}
		pn := PackageName{Namespace: ns, Name: rest}
		if w2, ver, ok := strings.Cut(w, "@"); ok {
			v, err := semver.Parse(ver)
			if err != nil {
				return 0, fmt.Errorf("invalid version in world name %q: %w", name, err)
			}
			pn.Version, w = &v, w2
		}
		id, found := r.Package(pn)
		if !found {
			return 0, fmt.Errorf("package `%s` not found", pn)
		}
		pkg, worldName = id, w
	}
	id, ok := r.Packages[pkg].Worlds.Get(worldName)
	if !ok {
		return 0, fmt.Errorf("world `%s` not found in package `%s`", worldName, r.Packages[pkg].Name)
	}
	return id, nil
}
