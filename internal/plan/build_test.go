package plan

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/weftwasm/weft/component"
)

// conformanceDir returns ../shared/conformance/component-model relative to
// the repository root, or skips the test.
func conformanceDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("repository root not found")
		}
		dir = parent
	}
	cm := filepath.Join(dir, "..", "shared", "conformance", "component-model")
	if _, err := os.Stat(cm); err != nil {
		t.Skipf("conformance data not found at %s", cm)
	}
	return cm
}

// TestBuildConformance plans every component of the runtime suites.
func TestBuildConformance(t *testing.T) {
	cm := conformanceDir(t)
	n := 0
	for _, sub := range []string{"values", "resources", "linking"} {
		files, _ := filepath.Glob(filepath.Join(cm, sub, "*.wasm"))
		for _, f := range files {
			bin, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			c, err := component.Decode(bin)
			if err != nil {
				continue // assert_malformed material
			}
			p, err := Build(c)
			if err != nil {
				t.Errorf("%s: %v", filepath.Base(f), err)
				continue
			}
			n++
			if len(p.Unresolved) == 0 && len(p.Steps) == 0 && len(p.Lifts) > 0 {
				t.Errorf("%s: lifts but no steps", filepath.Base(f))
			}
		}
	}
	if n == 0 {
		t.Fatal("no component planned")
	}
}
