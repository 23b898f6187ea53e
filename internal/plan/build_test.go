package plan

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/weftwasm/weft/component"
	"github.com/weftwasm/weft/internal/conformance"
)

// TestBuildConformance plans every component the runtime suites
// instantiate or define (not those they expect to be invalid).
func TestBuildConformance(t *testing.T) {
	cm := conformance.Dir(t, "component-model")
	n := 0
	for _, sub := range []string{"values", "resources", "linking"} {
		manifests, _ := filepath.Glob(filepath.Join(cm, sub, "*.json"))
		for _, mf := range manifests {
			data, err := os.ReadFile(mf)
			if err != nil {
				t.Fatal(err)
			}
			var m struct {
				Commands []struct{ Type, Filename string }
			}
			if err := json.Unmarshal(data, &m); err != nil {
				t.Fatal(err)
			}
			for _, c := range m.Commands {
				if (c.Type != "module" && c.Type != "module_definition") || !strings.HasSuffix(c.Filename, ".wasm") {
					continue
				}
				bin, err := os.ReadFile(filepath.Join(cm, sub, c.Filename))
				if err != nil {
					t.Fatal(err)
				}
				comp, err := component.Decode(bin)
				if err != nil {
					t.Errorf("%s: %v", c.Filename, err)
					continue
				}
				p, err := Build(comp)
				if err != nil {
					t.Errorf("%s: %v", c.Filename, err)
					continue
				}
				n++
				if len(p.Unresolved) == 0 && len(p.Steps) == 0 && len(p.Lifts) > 0 {
					t.Errorf("%s: lifts but no steps", c.Filename)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no component planned")
	}
}

func TestBuildErrors(t *testing.T) {
	bad := []*component.Component{
		{Sections: []component.Section{&component.CoreInstanceSection{Instances: []component.CoreInstance{
			&component.CoreInstantiate{Module: 3}}}}},
		{Sections: []component.Section{&component.AliasSection{Aliases: []component.Alias{
			&component.AliasOuter{Sort: component.SortType, Count: 1, Index: 0}}}}},
		{Sections: []component.Section{&component.CanonSection{Canons: []component.Canon{
			{Op: component.CanonLift, CoreFunc: 0, Type: 0}}}}},
		{Sections: []component.Section{&component.ExportSection{Exports: []component.Export{
			{Name: component.ExternName{Name: "f"}, Item: component.SortIdx{Sort: component.SortFunc, Index: 9}}}}}},
	}
	for i, c := range bad {
		if _, err := Build(c); err == nil {
			t.Errorf("component %d: planned without error", i)
		}
	}
}
