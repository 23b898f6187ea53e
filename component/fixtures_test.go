package component

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// repoRoot returns the directory holding go.mod above the test's working
// directory.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("no go.mod above the test directory")
		}
		dir = parent
	}
}

// TestFixtures decodes and validates the toolchain-built components of
// testdata/components (and the cached ones scripts/fixtures.sh builds) and
// checks their exports.
func TestFixtures(t *testing.T) {
	root := repoRoot(t)
	fixtures := []struct {
		path   string
		export string
		cached bool
	}{
		{path: "testdata/components/cli-c/cli-c.wasm", export: "wasi:cli/run@0.2.12"},
		{path: "testdata/components/hello-p1/hello-p1.wasm", export: "wasi:cli/run@0.2.12"},
		{path: "testdata/components/http-wat/http-wat.wasm", export: "wasi:http/incoming-handler@0.2.0"},
		{path: ".cache/components/http-js.wasm", export: "wasi:http/incoming-handler@0.2.10", cached: true},
	}
	for _, f := range fixtures {
		t.Run(filepath.Base(f.path), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(root, f.path))
			if f.cached && os.IsNotExist(err) {
				t.Skipf("%s is missing: run scripts/fixtures.sh cache to build it", f.path)
			}
			if err != nil {
				t.Fatal(err)
			}
			c, err := Decode(data)
			if err != nil {
				t.Fatalf("%s: %v", f.path, err)
			}
			info, err := Validate(c)
			if err != nil {
				t.Errorf("%s: %v", f.path, err)
			}
			var exports []string
			for _, e := range Summarize(c, info).Exports {
				exports = append(exports, e.Name)
			}
			if !slices.Contains(exports, f.export) {
				t.Errorf("%s exports %q, want %q among them", f.path, exports, f.export)
			}
		})
	}
}
