package main

import (
	"path/filepath"
	"regexp"
	"testing"

	"github.com/weftwasm/weft/internal/conformance"
)

func TestValidateValid(t *testing.T) {
	file := filepath.Join(conformance.Dir(t, "component-model"), "values/strings.0.wasm")
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
		file := filepath.Join(conformance.Dir(t, "component-model"), tc.file)
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
