package component

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// addConformanceSeeds adds the shared suite's binaries to the fuzz corpus when
// the data is present (it is not part of this repository).
func addConformanceSeeds(f *testing.F) {
	dir, err := os.Getwd()
	if err != nil {
		return
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		if filepath.Dir(dir) == dir {
			return
		}
		dir = filepath.Dir(dir)
	}
	root := filepath.Join(dir, "..", "shared", "conformance", "component-model")
	files, _ := filepath.Glob(filepath.Join(root, "*", "*.wasm"))
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil && len(data) < 1<<16 {
			f.Add(data)
		}
	}
}

// FuzzDecode checks that Decode never panics and that whatever it accepts
// encodes, re-decodes to the same AST, and encodes to the same bytes again.
func FuzzDecode(f *testing.F) {
	for _, tc := range codecCases {
		f.Add(tc.bin)
	}
	f.Add(comp(0x07, 0x81, 0x80, 0x80, 0x80, 0x00, 0x00))
	f.Add(comp(0x04, 0x08, 0, 'a', 's', 'm', 0x0d, 0, 1, 0))
	addConformanceSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Decode(data)
		if err != nil {
			return
		}
		info, _ := Validate(c)
		Summarize(c, info) // must neither panic nor hang on any decodable input
		Summarize(c, nil)
		out, err := Encode(c)
		if err != nil {
			t.Fatalf("decoded AST does not encode: %v", err)
		}
		c2, err := Decode(out)
		if err != nil {
			t.Fatalf("encoder output does not decode: %v\n% x", err, out)
		}
		out2, err := Encode(c2)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		if !bytes.Equal(out, out2) {
			t.Fatalf("encoding is not stable:\n% x\n% x", out, out2)
		}
		clearSpans(c)
		clearSpans(c2)
		if !reflect.DeepEqual(c, c2) {
			t.Fatalf("round trip changed the AST")
		}
	})
}

// FuzzCustomSections checks that the custom-section views never panic.
func FuzzCustomSections(f *testing.F) {
	f.Add([]byte{0x00, 0x02, 0x01, 'c', 0x01, 0x05, 0x01, 0x01, 0x02, 0x01, 'f'})
	f.Add([]byte{0x01, 0x0c, 'p', 'r', 'o', 'c', 'e', 's', 's', 'e', 'd', '-', 'b', 'y', 0x01, 0x01, 'x', 0x03, '1', '.', '0'})
	f.Add([]byte{0, 'a', 's', 'm', 1, 0, 0, 0, 0x00, 0x04, 0x01, 'n', 0xaa, 0xbb})
	f.Fuzz(func(t *testing.T, data []byte) {
		if ns, err := ParseNameSection(data); err == nil {
			for _, s := range ns.Sorts {
				if s.Sort == 0 {
					t.Fatal("zero sort accepted")
				}
			}
		}
		if p, err := ParseProducers(data); err == nil && p == nil {
			t.Fatal("nil producers without error")
		}
		if cs, err := ModuleCustomSections(data); err == nil {
			for _, c := range cs {
				if len(c.Data) > len(data) {
					t.Fatal("custom section larger than the module")
				}
			}
		}
	})
}
