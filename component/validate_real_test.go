package component

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/weftwasm/weft/internal/conformance"
)

// realComponents lists the components built by real toolchains in the shared
// suites (wasi-testsuite programs wrapped with the preview1 adapter).
func realComponents(tb testing.TB) []string {
	root := conformance.Dir(tb, "wasi-p1")
	files, err := filepath.Glob(filepath.Join(root, "*", "*.component.wasm"))
	if err != nil {
		tb.Fatal(err)
	}
	if len(files) == 0 {
		tb.Skip("no *.component.wasm under the wasi-p1 suite")
	}
	return files
}

// TestValidateRealComponents validates every toolchain-built component and
// checks what Info reports for one of them.
func TestValidateRealComponents(t *testing.T) {
	v := NewValidator().WithCoreModuleCheck(wazeroCoreCheck(t))
	for _, file := range realComponents(t) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		c, err := Decode(data)
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		info, err := v.Validate(c)
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		// A wasi command component exports wasi:cli/run and imports WASI
		// interfaces as instances.
		run := false
		for _, e := range info.Exports {
			if len(e.Name.Name) >= 12 && e.Name.Name[:12] == "wasi:cli/run" {
				run = e.Type.Sort == SortInstance
				if _, ok := e.Type.Instance.Export("run"); !ok {
					t.Errorf("%s: %s has no run function", file, e.Name.Name)
				}
			}
		}
		if !run {
			t.Errorf("%s: no wasi:cli/run instance export in %d exports", file, len(info.Exports))
		}
		for _, im := range info.Imports {
			if im.Type.Sort != SortInstance {
				t.Errorf("%s: import %s is a %s, want an instance", file, im.Name.Name, im.Type.desc())
			}
		}
	}
}

// BenchmarkDecodeValidate decodes and validates the largest component of the
// shared suites (without the core module check, which is wazero's cost).
func BenchmarkDecodeValidate(b *testing.B) {
	var largest string
	var size int64
	for _, f := range realComponents(b) {
		if st, err := os.Stat(f); err == nil && st.Size() > size {
			largest, size = f, st.Size()
		}
	}
	data, err := os.ReadFile(largest)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		c, err := Decode(data)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Validate(c); err != nil {
			b.Fatal(err)
		}
	}
}
