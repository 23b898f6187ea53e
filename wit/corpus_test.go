package wit

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func corpusCases(t testing.TB) (string, []string) {
	root := conformanceDir(t, "wit-corpus")
	f, err := os.Open(filepath.Join(root, "cases.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			cases = append(cases, filepath.Join(root, "codegen", l))
		}
	}
	return root, cases
}

// roundTrip resolves path, prints it, resolves the printed text and
// compares the two JSON serializations.
func roundTrip(t *testing.T, path string, features ...string) {
	t.Helper()
	r := NewResolve().WithFeatures(features...)
	pkg, err := r.PushPath(path)
	if err != nil {
		t.Fatalf("resolve: %v", err)
	}
	text := r.Print(pkg)
	r2 := NewResolve().WithFeatures(features...)
	if _, err := r2.PushSource(filepath.Base(path)+".printed.wit", text); err != nil {
		t.Fatalf("printed text does not resolve: %v\n%s", err, text)
	}
	a, _ := r.MarshalJSON()
	b, _ := r2.MarshalJSON()
	var ja, jb any
	if err := json.Unmarshal(a, &ja); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &jb); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ja, jb) {
		if dir := os.Getenv("WIT_ROUNDTRIP_DIFF"); dir != "" {
			os.WriteFile(filepath.Join(dir, "a.json"), a, 0o644)
			os.WriteFile(filepath.Join(dir, "b.json"), b, 0o644)
			os.WriteFile(filepath.Join(dir, "printed.wit"), []byte(text), 0o644)
		}
		t.Fatalf("JSON after printing and re-resolving differs")
	}
}

func TestCorpusRoundTrip(t *testing.T) {
	_, cases := corpusCases(t)
	if len(cases) == 0 {
		t.Fatal("no corpus cases")
	}
	for _, c := range cases {
		t.Run(strings.TrimPrefix(c, filepath.Dir(filepath.Dir(c))+"/"), func(t *testing.T) {
			r := NewResolve()
			pkg, err := r.PushPath(c)
			if err != nil {
				t.Fatalf("resolve: %v", err)
			}
			if n := r.Packages[pkg].Worlds.Len(); n != 1 {
				t.Fatalf("package has %d worlds, want 1", n)
			}
			roundTrip(t, c)
		})
	}
}

// uiRoundTripExceptions are wit-parser UI cases whose printed form
// resolves to an equivalent model with different id numbering.
var uiRoundTripExceptions = map[string]string{
	"tests/ui/foreign-interface-dep-gated.wit": "the only dependency edge between packages is feature-gated out, so the printed packages sort differently",
	"tests/ui/foreign-world-dep-gated.wit":     "the only dependency edge between packages is feature-gated out, so the printed packages sort differently",
	"tests/ui/unstable-resource.wit":           "the only dependency edge between packages is feature-gated out, so the printed packages sort differently",
	"tests/ui/with-resource-as.wit":            "types copied into a world by `include` are numbered in copy order, printed ones in definition order",
	"tests/ui/kinds-of-deps":                   "needs the component decoder for a .wat dependency",
	"tests/ui/simple-wasm-text.wat":            "needs the component decoder",
}

func TestUIRoundTrip(t *testing.T) {
	root := conformanceDir(t, "wit-parser-ui")
	for _, c := range uiCases(t, root) {
		if c.fail {
			continue
		}
		t.Run(c.input, func(t *testing.T) {
			if why, ok := uiRoundTripExceptions[c.input]; ok {
				t.Skip(why)
			}
			roundTrip(t, filepath.Join(root, c.input), "active")
		})
	}
}
