package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/weftwasm/weft/component"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = runMain(context.Background(), &cliEnv{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}, args)
	return code, out.String(), errb.String()
}

func TestInspect(t *testing.T) {
	c := &component.Component{Sections: []component.Section{
		&component.CoreModuleSection{Module: []byte{0, 'a', 's', 'm', 1, 0, 0, 0}},
		&component.TypeSection{Types: []component.Type{
			&component.FuncType{Params: []component.Field{{Name: "x", Type: component.Prim(component.U32)}}, Result: ptrTo(component.Prim(component.String))},
		}},
		&component.TypeSection{Types: []component.Type{&component.InstanceType{}}},
		&component.ImportSection{Imports: []component.Import{
			{Name: component.ExternName{Name: "f"}, Type: &component.ExternFunc{Type: 0}},
			{Name: component.ExternName{Name: "wasi:cli/env@0.2.0"}, Type: &component.ExternInstance{Type: 1}},
			{Name: component.ExternName{Name: "wasi:cli/exit@0.2.0"}, Type: &component.ExternInstance{Type: 1}},
		}},
		&component.ExportSection{Exports: []component.Export{
			{Name: component.ExternName{Name: "g"}, Item: component.SortIdx{Sort: component.SortFunc, Index: 0}},
		}},
	}}
	data, err := component.Encode(c)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	good := filepath.Join(dir, "good.wasm")
	if err := os.WriteFile(good, data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, "inspect", good)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"f: func(x: u32) -> string", "g: func(x: u32) -> string", "module 0", "8 bytes",
		"wasi:cli/env@0.2.0: instance {}", "packages (1):\n  wasi:cli@0.2.0: imports env, exit\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	code, out, _ = runCLI(t, "inspect", "-sections", good)
	if code != 0 || !strings.Contains(out, "core module section") || !strings.Contains(out, "export section") {
		t.Errorf("-sections: exit %d:\n%s", code, out)
	}

	// A component that decodes but does not validate: described without
	// types, with a message saying why.
	c.Sections = append(c.Sections, &component.ExportSection{Exports: []component.Export{
		{Name: component.ExternName{Name: "Not-Kebab"}, Item: component.SortIdx{Sort: component.SortFunc, Index: 0}},
	}})
	invalidData, err := component.Encode(c)
	if err != nil {
		t.Fatal(err)
	}
	invalid := filepath.Join(dir, "invalid.wasm")
	if err := os.WriteFile(invalid, invalidData, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs = runCLI(t, "inspect", invalid)
	if code != 0 || !strings.Contains(out, "  f (func)\n") || !strings.Contains(out, "  Not-Kebab (func)\n") ||
		!strings.Contains(errs, invalid+": not valid, so types are not shown: offset 0x") || !strings.Contains(errs, "kebab") {
		t.Errorf("invalid file: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}

	bad := filepath.Join(dir, "bad.wasm")
	if err := os.WriteFile(bad, append(data[:len(data):len(data)], 0x0d, 0x00), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs = runCLI(t, "inspect", bad)
	if code != 1 || !strings.HasPrefix(errs, bad+": offset 0x") {
		t.Errorf("bad file: exit %d, stderr %q", code, errs)
	}
	if code, _, _ := runCLI(t, "inspect"); code != 2 {
		t.Errorf("no argument: exit %d, want 2", code)
	}
	if code, _, _ := runCLI(t, "inspect", filepath.Join(dir, "missing.wasm")); code != 1 {
		t.Errorf("missing file: exit %d, want 1", code)
	}
}

func ptrTo[T any](v T) *T { return &v }
