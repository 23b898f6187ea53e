package main

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// conformanceFile returns a file of ../shared/conformance/component-model,
// skipping the test when the shared data is absent.
func conformanceFile(t *testing.T, name string) string {
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
			t.Skip("no go.mod above the test directory")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "conformance", "component-model", name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("conformance data not found (expected at ../shared/conformance from the repo root): %v", err)
	}
	return p
}

func TestValidateValid(t *testing.T) {
	file := conformanceFile(t, "values/strings.0.wasm")
	code, out, errOut := runCLI(t, "validate", file)
	if code != 0 || out != "" || errOut != "" {
		t.Fatalf("validate %s: exit %d, stdout %q, stderr %q; want 0 and no output", file, code, out, errOut)
	}
}

func TestValidateInvalid(t *testing.T) {
	for _, tc := range []struct{ file, text string }{
		{"validation/resources.0.wasm", "resource types are not the same"},
		{"binary/binary.40.wasm", "section out of order"},
		{"validation/kebab.1.wasm", "not in kebab case"},
	} {
		file := conformanceFile(t, tc.file)
		code, out, _ := runCLI(t, "validate", file)
		if code != 1 {
			t.Errorf("validate %s: exit %d, want 1", tc.file, code)
		}
		want := regexp.MustCompile("^" + regexp.QuoteMeta(file) + `: offset 0x[0-9a-f]+: .*` + regexp.QuoteMeta(tc.text) + ".*\n$")
		if !want.MatchString(out) {
			t.Errorf("validate %s: output %q, want `FILE: offset 0xNN: ...%s`", tc.file, out, tc.text)
		}
	}
}

func TestValidateUsage(t *testing.T) {
	if code, _, _ := runCLI(t, "validate"); code != 2 {
		t.Errorf("validate without files: exit %d, want 2", code)
	}
	code, out, _ := runCLI(t, "validate", filepath.Join(t.TempDir(), "missing.wasm"))
	if code != 1 || !regexp.MustCompile(`missing\.wasm: no such file`).MatchString(out) {
		t.Errorf("validate of a missing file: exit %d, output %q", code, out)
	}
}
