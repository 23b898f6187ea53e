package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/weftwasm/weft/internal/conformance"
)

// TestWitCommandUI runs `weft wit --json --features active CASE` over the
// wit-parser UI suite from the suite's root, as its expectations assume.
func TestWitCommandUI(t *testing.T) {
	root := conformance.Dir(t, "wit-parser-ui")
	wd, _ := os.Getwd()
	if err := os.Chdir(root); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	entries, _ := os.ReadDir("tests/ui")
	pass, total := 0, 0
	for _, e := range entries {
		name := e.Name()
		if name == "parse-fail" || !e.IsDir() && filepath.Ext(name) != ".wit" && filepath.Ext(name) != ".wat" {
			continue
		}
		total++
		want, err := os.ReadFile("tests/ui/" + strings.TrimSuffix(strings.TrimSuffix(name, ".wit"), ".wat") + ".wit.json")
		if err != nil {
			t.Fatal(err)
		}
		code, out, stderr := runCLI(t, "wit", "--json", "--features", "active", "tests/ui/"+name)
		if code != 0 {
			t.Logf("%s: exit %d: %s", name, code, stderr)
			continue
		}
		var g, w any
		if json.Unmarshal([]byte(out), &g) != nil || json.Unmarshal(want, &w) != nil || !reflect.DeepEqual(g, w) {
			t.Logf("%s: JSON differs", name)
			continue
		}
		pass++
	}
	t.Logf("weft wit --json: %d/%d success cases equal", pass, total)
	if pass*100 < total*95 {
		t.Errorf("%d/%d below the 95%% bar", pass, total)
	}
	fails, _ := os.ReadDir("tests/ui/parse-fail")
	for _, e := range fails {
		name := e.Name()
		if !e.IsDir() && filepath.Ext(name) != ".wit" {
			continue
		}
		code, _, stderr := runCLI(t, "wit", "tests/ui/parse-fail/"+name)
		if code != 1 || stderr == "" {
			t.Errorf("%s: exit %d, stderr %q; want exit 1 with an error", name, code, stderr)
		}
	}
}

func TestWitCommandUsage(t *testing.T) {
	if code, _, _ := runCLI(t, "wit"); code != 2 {
		t.Errorf("no PATH: exit %d, want 2", code)
	}
	code, _, stderr := runCLI(t, "wit", "missing.wasm")
	if code != 1 || !strings.Contains(stderr, "missing.wasm") {
		t.Errorf("missing.wasm: exit %d, stderr %q", code, stderr)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "a.wit")
	os.WriteFile(p, []byte("package a:b;\ninterface i {\n  @unstable(feature = x)\n  f: func();\n}\n"), 0o644)
	_, out, _ := runCLI(t, "wit", p)
	if strings.Contains(out, "f: func") {
		t.Errorf("gated function printed without its feature:\n%s", out)
	}
	for _, args := range [][]string{{"wit", "--features", "x", p}, {"wit", "--all-features", p}} {
		_, out, _ = runCLI(t, args...)
		if !strings.Contains(out, "@unstable(feature = x)\n  f: func();") {
			t.Errorf("%v: gated function missing:\n%s", args, out)
		}
	}
}

// TestWitCommandComponent prints a component's world as WIT and JSON, and
// rejects a broken binary with its name and offset.
func TestWitCommandComponent(t *testing.T) {
	calc := filepath.Join("..", "..", "examples", "calculator", "calculator.wasm")
	code, out, stderr := runCLI(t, "wit", calc)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"package root:component;", "world root {", "export example:calculator/math;",
		"package example:calculator {", "sqrt: func(x: f64) -> result<f64, string>;"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, stderr = runCLI(t, "wit", "--json", calc)
	var js struct {
		Worlds []struct {
			Name string `json:"name"`
		} `json:"worlds"`
		Packages []struct {
			Name string `json:"name"`
		} `json:"packages"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &js) != nil {
		t.Fatalf("--json: exit %d, %s\n%s", code, stderr, out)
	}
	if len(js.Worlds) != 1 || js.Worlds[0].Name != "root" || len(js.Packages) != 2 || js.Packages[1].Name != "root:component" {
		t.Errorf("--json: %+v", js)
	}

	bad := filepath.Join(t.TempDir(), "bad.wasm")
	os.WriteFile(bad, []byte("\x00asm\x0d\x00\x01\x00\x07\x05\x01"), 0o644)
	code, _, stderr = runCLI(t, "wit", bad)
	if code != 1 || !strings.Contains(stderr, "bad.wasm") || !strings.Contains(stderr, "offset") {
		t.Errorf("bad.wasm: exit %d, stderr %q", code, stderr)
	}
}

// TestWitCommandWasm writes a binary WIT package and reads it back.
func TestWitCommandWasm(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "a.wit")
	os.WriteFile(src, []byte("/// Docs.\npackage a:b@1.0.0;\n\ninterface i {\n  record r {\n    x: u32,\n  }\n\n  f: func(r: r) -> list<r>;\n}\n"), 0o644)
	bin := filepath.Join(dir, "a.wasm")
	if code, _, stderr := runCLI(t, "wit", "--wasm", "-o", bin, src); code != 0 {
		t.Fatalf("--wasm: exit %d: %s", code, stderr)
	}
	_, fromText, _ := runCLI(t, "wit", src)
	code, fromWasm, stderr := runCLI(t, "wit", bin)
	if code != 0 || fromWasm != fromText {
		t.Errorf("exit %d %s\nfrom wasm:\n%s\nfrom text:\n%s", code, stderr, fromWasm, fromText)
	}
	calc := filepath.Join("..", "..", "examples", "calculator", "calculator.wasm")
	if code, _, _ := runCLI(t, "wit", "--wasm", calc); code != 1 {
		t.Errorf("--wasm of a component: exit %d, want 1", code)
	}
}
