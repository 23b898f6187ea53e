package witcomponent

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/weftwasm/weft/wit"
)

// FuzzDecode feeds arbitrary bytes to Decode. Whatever decodes and
// validates must convert to WIT, print and serialize without a panic.
func FuzzDecode(f *testing.F) {
	for _, p := range []string{
		filepath.Join("..", "examples", "calculator", "calculator.wasm"),
		filepath.Join("..", "..", "shared", "conformance", "component-model", "validation", "resources.10.wasm"),
		filepath.Join("..", "..", "shared", "conformance", "component-model", "validation", "annotated-names.0.wasm"),
		filepath.Join("..", "..", "shared", "conformance", "component-model", "validation", "resources.27.wasm"),
	} {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	for _, src := range []string{depWIT, docsWIT} {
		r := wit.NewResolve().WithAllFeatures(true)
		if pkg, err := r.PushSource("seed.wit", src); err == nil {
			if bin, err := EncodePackage(r, pkg); err == nil {
				f.Add(bin)
			}
		}
	}
	f.Add([]byte("\x00asm\x0d\x00\x01\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Decode(data)
		if err != nil {
			return
		}
		_ = d.Resolve.Print(d.Package)
		if _, err := d.Resolve.MarshalJSON(); err != nil {
			t.Fatalf("decoded Resolve does not serialize: %v", err)
		}
		if d.IsPackage() {
			if _, err := EncodePackage(d.Resolve, d.Package); err != nil {
				t.Fatalf("decoded package does not encode: %v", err)
			}
		}
	})
}

// FuzzEncodeDecode resolves arbitrary WIT, encodes its package as a binary
// WIT package and decodes it again: neither side may panic, and a package
// with items must decode as a package of the same name.
func FuzzEncodeDecode(f *testing.F) {
	f.Add(depWIT)
	f.Add(mainWIT)
	f.Add(docsWIT)
	f.Add("package a:b;\ninterface i {\n  type t = list<tuple<u8, string>>;\n  variant v { a(t), b }\n  f: func(x: v) -> result<option<t>>;\n}\n")
	f.Add("package a:b@1.0.0;\nworld w {\n  import x: interface { resource r { constructor(); } }\n  export f: async func(s: stream<u8>) -> future<string>;\n}\n")
	f.Fuzz(func(t *testing.T, text string) {
		r := wit.NewResolve()
		pkg, err := r.PushSource("fuzz.wit", text)
		if err != nil {
			return
		}
		bin, err := EncodePackage(r, pkg)
		if err != nil {
			return
		}
		d, err := Decode(bin)
		if err != nil {
			return // e.g. an empty record, valid WIT but not a valid component
		}
		p := &r.Packages[pkg]
		if p.Interfaces.Len()+p.Worlds.Len() > 0 {
			if !d.IsPackage() {
				t.Fatal("a package with items decoded as a component")
			}
			if got := d.Resolve.Packages[d.Package].Name.String(); got != p.Name.String() {
				t.Fatalf("package %s, want %s", got, p.Name)
			}
		}
		_ = d.Resolve.Print(d.Package)
	})
}
