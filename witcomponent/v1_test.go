package witcomponent

import (
	"testing"

	"github.com/weftwasm/weft/component"
	"github.com/weftwasm/weft/wit"
)

// encodeV1 writes package pkg in the first binary WIT package encoding
// (one export "ns:pkg/wit"; foreign interfaces imported, the package's
// interfaces exported as instances and its worlds as components), which
// wit-component wrote before the per-item encoding.
func encodeV1(t *testing.T, r *wit.Resolve, pkg wit.PackageID) []byte {
	t.Helper()
	p := &r.Packages[pkg]
	e := newTypeEncoder(r)
	seen := map[wit.InterfaceID]bool{}
	var visit func(id wit.InterfaceID)
	visit = func(id wit.InterfaceID) {
		if seen[id] {
			return
		}
		seen[id] = true
		for _, dep := range r.InterfaceDeps(id) {
			visit(dep)
		}
		e.iface = id
		idx, err := e.instance(id)
		if err != nil {
			t.Fatal(err)
		}
		ty := &component.ExternInstance{Type: component.TypeIdx(idx)}
		if iface := &r.Interfaces[id]; iface.Package != nil && *iface.Package == pkg {
			e.outer.add(&component.DeclExport{Name: plainName(r.InterfaceName(id)), Type: ty})
		} else {
			e.outer.add(&component.DeclImport{Name: plainName(r.InterfaceName(id)), Type: ty})
		}
	}
	for _, id := range p.Interfaces.All() {
		visit(id)
	}
	for name, id := range p.Worlds.All() {
		wt, err := EncodeWorld(r, id)
		if err != nil {
			t.Fatal(err)
		}
		idx := e.outer.defType(wt)
		e.outer.add(&component.DeclExport{Name: plainName(p.Name.InterfaceID(name)), Type: &component.ExternComponent{Type: component.TypeIdx(idx)}})
	}
	c := &component.Component{Sections: []component.Section{
		&component.TypeSection{Types: []component.Type{&component.ComponentType{Decls: e.outer.decls}}},
		&component.ExportSection{Exports: []component.Export{{Name: plainName(p.Name.InterfaceID("wit")), Item: component.SortIdx{Sort: component.SortType}}}},
	}}
	b, err := component.Encode(c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDecodeV1Package decodes the first binary WIT package encoding.
func TestDecodeV1Package(t *testing.T) {
	for name, src := range map[string]string{"dep": depWIT, "docs": docsWIT} {
		t.Run(name, func(t *testing.T) {
			r := wit.NewResolve().WithAllFeatures(true)
			pkg, err := r.PushSource(name+".wit", src)
			if err != nil {
				t.Fatal(err)
			}
			d, err := Decode(encodeV1(t, r, pkg))
			if err != nil {
				t.Fatal(err)
			}
			if !d.IsPackage() {
				t.Fatal("decoded as a component")
			}
			// The v1 form has no package-docs here: compare without docs and gates.
			got, want := stripDocs(mainSection(d.Resolve.Print(d.Package))), stripDocs(mainSection(r.Print(pkg)))
			if got != want && sortedLines(got) != sortedLines(want) {
				t.Errorf("v1 package differs: %s\n%s", firstDiff(got, want), got)
			}
		})
	}
}
