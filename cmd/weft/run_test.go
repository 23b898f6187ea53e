package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestRunInvokeCalculator(t *testing.T) {
	calc := filepath.Join("..", "..", "examples", "calculator", "calculator.wasm")
	cache := "-cache=" + t.TempDir()
	tests := []struct {
		call   string
		code   int
		stdout string
		stderr string
	}{
		{"add(2.0, 3.0)", 0, "5\n", ""},
		{"sqrt(-1.0)", 0, "err(\"square root of a negative number\")\n", ""},
		{"sqrt(16.0)", 0, "ok(4)\n", ""},
		{"example:calculator/math.add(0.5, 0.25)", 0, "0.75\n", ""},
		{"nope(1.0)", 1, "", `no export named "nope"`},
		{"add(1.0)", 1, "", "missing required param"},
		{`add("x", 1.0)`, 1, "", "invalid value type"},
		{"add(1.0, 2.0", 1, "", "--invoke"},
	}
	for _, tt := range tests {
		t.Run(tt.call, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "run", cache, "--invoke", tt.call, calc)
			if code != tt.code || stdout != tt.stdout || !strings.Contains(stderr, tt.stderr) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit %d, stdout %q, stderr containing %q",
					code, stdout, stderr, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
}

func TestRunUsage(t *testing.T) {
	if code, _, _ := runCLI(t, "run"); code != 2 {
		t.Fatalf("weft run without a file: exit %d, want 2", code)
	}
	if code, _, stderr := runCLI(t, "run", "--invoke", "f()", "does-not-exist.wasm"); code != 1 || !strings.Contains(stderr, "does-not-exist.wasm") {
		t.Fatalf("missing file: exit %d, stderr %q", code, stderr)
	}
}

func TestSplitCallName(t *testing.T) {
	tests := []struct{ name, instance, fn string }{
		{"math.add", "math", "add"},
		{"example:calculator/math.add", "example:calculator/math", "add"},
		{"wasi:cli/run.run@0.2.12", "wasi:cli/run@0.2.12", "run"},
		{"add", "", ""},
	}
	for _, tt := range tests {
		inst, fn, ok := splitCallName(tt.name)
		if ok != (tt.fn != "") || inst != tt.instance || fn != tt.fn {
			t.Errorf("splitCallName(%q) = %q, %q, %v", tt.name, inst, fn, ok)
		}
	}
}
