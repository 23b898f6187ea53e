package witcomponent

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/weftwasm/weft/component"
	"github.com/weftwasm/weft/internal/conformance"
	"github.com/weftwasm/weft/wit"
)

// TestWASIP1Components is the acceptance test: every adapted wasi-testsuite
// component decodes to a world that imports exactly the wasi:*@0.2.12
// interfaces the binary imports and exports wasi:cli/run, and the printed
// WIT resolves again to the same world.
func TestWASIP1Components(t *testing.T) {
	dir := conformance.Dir(t, "wasi-p1")
	files, err := filepath.Glob(filepath.Join(dir, "*", "*.component.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 72 {
		t.Fatalf("found %d components, want 72", len(files))
	}
	for _, f := range files {
		t.Run(strings.TrimPrefix(f, dir+string(filepath.Separator)), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			c, err := component.Decode(data)
			if err != nil {
				t.Fatal(err)
			}
			info, err := component.Validate(c)
			if err != nil {
				t.Fatal(err)
			}
			d, err := DecodeComponent(c)
			if err != nil {
				t.Fatal(err)
			}
			if d.IsPackage() {
				t.Fatal("decoded as a WIT package")
			}
			var want []string
			for _, im := range info.Imports {
				want = append(want, im.Name.Name)
			}
			got := keyNames(d.Resolve, &d.Resolve.Worlds[d.World].Imports)
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("imports:\n got %v\nwant %v", got, want)
			}
			for _, name := range got {
				if !strings.HasPrefix(name, "wasi:") || !strings.HasSuffix(name, "@0.2.12") {
					t.Errorf("import %q is not a wasi:*@0.2.12 interface", name)
				}
			}
			exports := keyNames(d.Resolve, &d.Resolve.Worlds[d.World].Exports)
			if !contains(exports, "wasi:cli/run@0.2.12") {
				t.Errorf("exports %v lack wasi:cli/run@0.2.12", exports)
			}

			text := d.Resolve.Print(d.Package)
			r := wit.NewResolve()
			pkg, err := r.PushSource("root.wit", text)
			if err != nil {
				t.Fatalf("printed WIT does not resolve: %v\n%s", err, text)
			}
			if again := r.Print(pkg); again != text {
				t.Errorf("printing the re-resolved WIT differs:\n%s\n----\n%s", again, text)
			}
			w, err := r.SelectWorld(pkg, "root")
			if err != nil {
				t.Fatal(err)
			}
			sort.Strings(got)
			re := keyNames(r, &r.Worlds[w].Imports)
			sort.Strings(re)
			if strings.Join(re, " ") != strings.Join(got, " ") {
				t.Errorf("re-resolved imports %v, want %v", re, got)
			}
		})
	}
}

func keyNames(r *wit.Resolve, m *wit.OrderedMap[wit.WorldKey, wit.WorldItem]) []string {
	var out []string
	for k := range m.All() {
		out = append(out, r.WorldKeyName(k))
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
