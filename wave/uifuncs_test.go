package wave

import (
	"path/filepath"
	"testing"

	"github.com/weftwasm/weft/value"
	"github.com/weftwasm/weft/wit"
)

// uiFuncTypes loads the conformance suite's ui.wit (package ui:tests@0.1.0)
// and returns the types of its functions keyed by every name a test may call
// them by: "f", "iface.f", "ui:tests/iface.f" and "ui:tests/iface.f@0.1.0".
func uiFuncTypes(t testing.TB, dir string) map[string]*value.FuncType {
	t.Helper()
	r := wit.NewResolve()
	pkgID, err := r.PushPath(filepath.Join(dir, "ui.wit"))
	if err != nil {
		t.Fatal(err)
	}
	pkg := r.Packages[pkgID]
	vt := r.ValueTypes()
	all := map[string]*value.FuncType{}
	for ifaceName, ifaceID := range pkg.Interfaces.All() {
		iface := &r.Interfaces[ifaceID]
		for name, f := range iface.Functions.All() {
			ft, err := vt.Func(&f)
			if err != nil {
				t.Fatal(err)
			}
			unversioned := wit.PackageName{Namespace: pkg.Name.Namespace, Name: pkg.Name.Name}
			all[name] = ft
			all[ifaceName+"."+name] = ft
			qualified := unversioned.InterfaceID(ifaceName) + "." + name
			all[qualified] = ft
			if pkg.Name.Version != nil {
				all[qualified+"@"+pkg.Name.Version.String()] = ft
			}
		}
	}
	return all
}
