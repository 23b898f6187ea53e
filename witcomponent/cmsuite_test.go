package witcomponent

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/weftwasm/weft/component"
	"github.com/weftwasm/weft/internal/conformance"
	"github.com/weftwasm/weft/wit"
)

// inexpressible lists valid components whose world WIT text cannot state:
// a world function uses a type of an exported anonymous interface, which
// has no name a world can refer to. wasm-tools prints the same text.
var inexpressible = map[string]bool{
	"async/big-interleaving-test.0.wasm":     true,
	"validation/external-visibility.46.wasm": true,
	"validation/external-visibility.47.wasm": true,
	"validation/external-visibility.54.wasm": true,
	"validation/external-visibility.56.wasm": true,
}

// TestComponentModelSuite decodes every valid component of the Component
// Model reference tests. Those WIT can express must print WIT that resolves
// again; the others must fail with an error, never a panic.
func TestComponentModelSuite(t *testing.T) {
	dir := conformance.Dir(t, "component-model")
	files, err := filepath.Glob(filepath.Join(dir, "*", "*.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	valid, decoded := 0, 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c, err := component.Decode(data)
		if err != nil {
			continue
		}
		if _, err := component.Validate(c); err != nil {
			continue
		}
		valid++
		d, err := DecodeComponent(c)
		if err != nil {
			t.Logf("%s: %v", f, err)
			continue
		}
		decoded++
		text := d.Resolve.Print(d.Package)
		rel, _ := filepath.Rel(dir, f)
		_, err = wit.NewResolve().PushSource("x.wit", text)
		switch {
		case err != nil && !inexpressible[filepath.ToSlash(rel)]:
			t.Errorf("%s: printed WIT does not resolve: %v\n%s", rel, err, text)
		case err == nil && inexpressible[filepath.ToSlash(rel)]:
			t.Errorf("%s: expected to be inexpressible in WIT, but resolves:\n%s", rel, text)
		}
	}
	t.Logf("%d valid components, %d decoded to WIT", valid, decoded)
	if valid < 280 || decoded < 260 {
		t.Errorf("only %d valid components, %d decoded", valid, decoded)
	}
}
