package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runWeft(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := runMain(context.Background(), &cliEnv{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}, args)
	return code, out.String(), errb.String()
}

func TestCompileCommand(t *testing.T) {
	dir := t.TempDir()
	wasm := filepath.Join("..", "..", "examples", "calculator", "calculator.wasm")
	code, out, errs := runWeft(t, "compile", "-cache", dir, wasm)
	if code != 0 || !strings.Contains(out, "compiled in") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if entries, _ := os.ReadDir(dir); len(entries) == 0 {
		t.Error("the cache directory is empty after compile")
	}
	if code, _, _ := runWeft(t, "compile", "-cache", dir, "no-such-file.wasm"); code != 1 {
		t.Errorf("missing file: exit %d, want 1", code)
	}
	if code, _, _ := runWeft(t, "compile"); code != 2 {
		t.Errorf("no arguments: exit %d, want 2", code)
	}
}

func TestWastCommand(t *testing.T) {
	manifest := filepath.Join("..", "..", "..", "shared", "conformance", "component-model", "values", "strings.json")
	if _, err := os.Stat(manifest); err != nil {
		t.Skipf("conformance data not found: %v", err)
	}
	code, out, errs := runWeft(t, "wast", manifest)
	if code != 0 || !strings.HasSuffix(out, "17 passed, 0 failed, 0 skipped\n") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
}
