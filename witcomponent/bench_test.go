package witcomponent

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/weftwasm/weft/component"
	"github.com/weftwasm/weft/internal/conformance"
	"github.com/weftwasm/weft/wit"
)

// BenchmarkDecodeWorld measures turning a decoded wasi-p1 command
// component (120 kB, 19 WASI interfaces) into its WIT world, validation
// included.
func BenchmarkDecodeWorld(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(conformance.Dir(b, "wasi-p1"), "rust", "symlink_filestat.component.wasm"))
	if err != nil {
		b.Fatal(err)
	}
	c, err := component.Decode(data)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeComponent(c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPackageRoundTrip encodes a WIT package as a binary package and
// decodes it again.
func BenchmarkPackageRoundTrip(b *testing.B) {
	r := wit.NewResolve()
	pkg, err := r.PushSource("dep.wit", depWIT)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		bin, err := EncodePackage(r, pkg)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Decode(bin); err != nil {
			b.Fatal(err)
		}
	}
}
