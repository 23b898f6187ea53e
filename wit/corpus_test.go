package wit

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/weftwasm/weft/internal/conformance"
)

func corpusCases(t testing.TB) (string, []string) {
	root := conformance.Dir(t, "wit-corpus")
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
	root := conformance.Dir(t, "wit-parser-ui")
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

func TestPrintRoundTripEdgeCases(t *testing.T) {
	cases := map[string]string{
		"funcs-before-resources": "package a:b;\ninterface i {\n  f: func(x: list<u8>);\n  resource r { m: func(y: option<u8>); }\n  g: func() -> tuple<u8, u16>;\n  resource s;\n  h: func(x: borrow<s>) -> s;\n}\n",
		"exports-first":          "package a:b;\nworld w {\n  export e: func(x: list<u32>);\n  export x: interface { f: func(y: option<u32>); }\n  import y: interface { g: func(z: result<u32>); }\n  import h: func(q: list<u64>);\n}\n",
		"keywords":               "package %interface:%world;\ninterface %type {\n  record %record { %list: u8 }\n  %func: func(%use: %record);\n}\n",
		"all-types":              "package a:b;\ninterface i {\n  type a = result<_, string>;\n  type b = result;\n  type c = result<u8>;\n  type d = future;\n  type e = stream<u8>;\n  type f = list<u8, 3>;\n  type g = map<string, list<a>>;\n  type h = error-context;\n  type i = tuple<>;\n  flags fl { x, y }\n  enum en { p, q }\n  variant v { n, m(fl) }\n}\n",
		"docs":                   "/// pkg\npackage a:b;\n/// line one\n///\n///    indented\ninterface i {\n  /** block */\n  type t = u8;\n  record r {\n    /// field\n    f: t,\n  }\n}\n",
		"gates":                  "package a:b@2.0.0;\n@since(version = 1.0.0)\n@deprecated(version = 2.0.0)\ninterface i {\n  @since(version = 1.5.0)\n  f: func();\n}\n@since(version = 1.0.0)\nworld w {\n  @since(version = 1.0.0)\n  import i;\n}\n",
		"async-resources":        "package a:b;\ninterface i {\n  resource r {\n    constructor(x: u8) -> result<r, string>;\n    m: async func() -> stream<r>;\n    s: static async func(x: r) -> future<r>;\n  }\n  f: async func(x: own<r>);\n}\n",
		"named-import":           "package a:b;\ninterface i { type t = u8; }\nworld w {\n  import first: i;\n  import second: i;\n  export third: i;\n}\n",
		"world-types":            "package a:b;\ninterface i { resource r; type u = u32; }\nworld w {\n  use i.{r, u as v};\n  type local = list<v>;\n  resource wr { m: func(x: local) -> r; }\n  import f: func(x: borrow<wr>);\n  export g: func() -> local;\n}\n",
		"nested-packages":        "package a:main;\nworld w { import b:dep/i@1.0.0; import c:other/j; }\npackage b:dep@1.0.0 { interface i { type t = u8; } }\npackage c:other { interface j { use b:dep/i@1.0.0.{t}; f: func(x: t); } }\n",
	}
	dir := t.TempDir()
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(dir, name+".wit")
			if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			roundTrip(t, p)
		})
	}
}
