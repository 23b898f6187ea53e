package witcomponent

import (
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/weftwasm/weft/internal/conformance"
	"github.com/weftwasm/weft/wit"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// repoRoot is the directory holding go.mod.
func repoRoot(t *testing.T) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("no caller information")
	}
	return filepath.Dir(filepath.Dir(file))
}

// goldenCases are components whose decoded WIT is checked against
// testdata/golden/<name>.wit (and .json). Each entry is a suite and a path
// in it, or "" and a path in the repository.
var goldenCases = []struct{ name, suite, path string }{
	{"calculator", "", "examples/calculator/calculator.wasm"},
	{"exported-resource", "", "witcomponent/testdata/exported-resource.wasm"},
	{"clock-getres-monotonic", "wasi-p1", "c/clock_getres-monotonic.component.wasm"},
	{"symlink-filestat", "wasi-p1", "rust/symlink_filestat.component.wasm"},
	{"resource-aliases", "component-model", "validation/resources.10.wasm"},
	{"resource-constructors", "component-model", "validation/annotated-names.0.wasm"},
	{"two-resources-named-r", "component-model", "validation/resources.27.wasm"},
	{"exported-records-variants", "component-model", "async/big-interleaving-test.0.wasm"},
}

// TestGolden compares the decoded WIT text and Resolve JSON with golden
// files; run with -update to rewrite them after checking the output by
// hand against `wasm-tools component wit`.
func TestGolden(t *testing.T) {
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(repoRoot(t), c.path)
			if c.suite != "" {
				path = filepath.Join(conformance.Dir(t, c.suite), c.path)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			d, err := Decode(data)
			if err != nil {
				t.Fatal(err)
			}
			text := d.Resolve.Print(d.Package)
			js, err := d.Resolve.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, c.name+".wit", text)
			checkGolden(t, c.name+".json", string(js)+"\n")

			// Decoding is deterministic.
			d2, err := Decode(data)
			if err != nil {
				t.Fatal(err)
			}
			js2, _ := d2.Resolve.MarshalJSON()
			if string(js2) != string(js) {
				t.Error("decoding twice gives different JSON")
			}
		})
	}
}

// TestJSONStable checks that component → WIT → Resolve is a fixpoint: the
// printed WIT parses to a Resolve whose JSON survives another print/parse.
func TestJSONStable(t *testing.T) {
	for _, c := range goldenCases {
		if c.name == "exported-records-variants" {
			continue // not expressible as WIT text (see inexpressible)
		}
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(repoRoot(t), c.path)
			if c.suite != "" {
				path = filepath.Join(conformance.Dir(t, c.suite), c.path)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			d, err := Decode(data)
			if err != nil {
				t.Fatal(err)
			}
			text := d.Resolve.Print(d.Package)
			r1 := wit.NewResolve()
			p1, err := r1.PushSource("a.wit", text)
			if err != nil {
				t.Fatal(err)
			}
			j1, err := r1.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			r2 := wit.NewResolve()
			if _, err := r2.PushSource("b.wit", r1.Print(p1)); err != nil {
				t.Fatal(err)
			}
			j2, err := r2.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			if string(j1) != string(j2) {
				t.Errorf("JSON changes on a second print/parse:\n%s", firstDiff(string(j2), string(j1)))
			}
			if len(r1.Worlds) != len(d.Resolve.Worlds) || len(r1.Interfaces) != len(d.Resolve.Interfaces) || len(r1.Packages) != len(d.Resolve.Packages) {
				t.Errorf("re-parsed: %d worlds, %d interfaces, %d packages; decoded: %d, %d, %d",
					len(r1.Worlds), len(r1.Interfaces), len(r1.Packages),
					len(d.Resolve.Worlds), len(d.Resolve.Interfaces), len(d.Resolve.Packages))
			}
		})
	}
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs: %s", name, firstDiff(got, string(want)))
	}
}
