package component

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/weftwasm/weft/internal/conformance"
)

// largestComponent returns the largest component binary in the shared suites.
func largestComponent(b *testing.B) (string, []byte) {
	var best string
	var bestSize int64
	for _, sub := range []string{"wasi-p1", "component-model"} {
		root := conformance.Dir(b, sub)
		_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(p) != ".wasm" {
				return nil
			}
			if info, err := d.Info(); err == nil && info.Size() > bestSize {
				if data, err := os.ReadFile(p); err == nil && IsComponent(data) {
					best, bestSize = p, info.Size()
				}
			}
			return nil
		})
	}
	if best == "" {
		b.Skip("no component binaries in the shared suites")
	}
	data, err := os.ReadFile(best)
	if err != nil {
		b.Fatal(err)
	}
	return best, data
}

func BenchmarkDecodeLargest(b *testing.B) {
	name, data := largestComponent(b)
	b.Logf("%s: %d bytes", filepath.Base(name), len(data))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeLargest(b *testing.B) {
	_, data := largestComponent(b)
	c, err := Decode(data)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Encode(c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeSuite decodes every valid binary of the component-model
// suite: mostly component-level structure rather than embedded core modules.
func BenchmarkDecodeSuite(b *testing.B) {
	root := conformance.Dir(b, "component-model")
	files, _ := filepath.Glob(filepath.Join(root, "*", "*.wasm"))
	var inputs [][]byte
	total := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Decode(data); err == nil {
			inputs = append(inputs, data)
			total += len(data)
		}
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for b.Loop() {
		for _, data := range inputs {
			if _, err := Decode(data); err != nil {
				b.Fatal(err)
			}
		}
	}
}
