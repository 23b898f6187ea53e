package component

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/weftwasm/weft/internal/conformance"
)

type wastCommand struct {
	Type           string `json:"type"`
	Line           int    `json:"line"`
	Filename       string `json:"filename"`
	BinaryFilename string `json:"binary_filename"`
	ModuleType     string `json:"module_type"`
	Text           string `json:"text"`
}

type wastScript struct {
	Commands []wastCommand `json:"commands"`
}

// binaryOf returns the path of the command's binary, or "" for text modules.
func (c wastCommand) binaryOf(dir string) string {
	name := c.BinaryFilename
	if name == "" && strings.HasSuffix(c.Filename, ".wasm") {
		name = c.Filename
	}
	if name == "" {
		return ""
	}
	return filepath.Join(dir, name)
}

func loadScripts(t *testing.T) map[string]wastScript {
	root := conformance.Dir(t, "component-model")
	files, err := filepath.Glob(filepath.Join(root, "*", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]wastScript{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var s wastScript
		if err := json.Unmarshal(data, &s); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[f] = s
	}
	if len(out) == 0 {
		t.Skip("no json-from-wast manifests found")
	}
	return out
}

// clearSpans zeroes every section span so that ASTs decoded from different
// byte layouts compare equal.
func clearSpans(c *Component) {
	for _, s := range c.Sections {
		v := reflect.ValueOf(s).Elem().FieldByName("SectionSpan")
		v.Set(reflect.Zero(v.Type()))
		if cs, ok := s.(*ComponentSection); ok {
			clearSpans(cs.Component)
		}
	}
}

// checkRoundTrip decodes data, encodes it and compares. It returns
// exact=false when the bytes differ but re-decoding gives the same AST.
func checkRoundTrip(t *testing.T, name string, data []byte) (exact bool) {
	t.Helper()
	c, err := Decode(data)
	if err != nil {
		t.Errorf("%s: decode: %v", name, err)
		return true
	}
	out, err := Encode(c)
	if err != nil {
		t.Errorf("%s: encode: %v", name, err)
		return true
	}
	if bytes.Equal(out, data) {
		return true
	}
	c2, err := Decode(out)
	if err != nil {
		t.Errorf("%s: re-decode of encoder output: %v", name, err)
		return false
	}
	clearSpans(c)
	clearSpans(c2)
	if !reflect.DeepEqual(c, c2) {
		t.Errorf("%s: encoder output decodes to a different AST", name)
	}
	return false
}

func TestConformanceComponentModel(t *testing.T) {
	scripts := loadScripts(t)
	var malformed, rejected, valid, exact, invalidRejected, invalidTotal int
	var nonMinimal, validatorOnly []string
	names := make([]string, 0, len(scripts))
	for f := range scripts {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		dir := filepath.Dir(f)
		for _, c := range scripts[f].Commands {
			path := c.binaryOf(dir)
			if path == "" {
				continue
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			label := filepath.Base(path)
			switch c.Type {
			case "assert_malformed":
				malformed++
				if _, err := Decode(data); err != nil {
					rejected++
				} else {
					validatorOnly = append(validatorOnly, label+" ("+c.Text+")")
				}
			case "assert_invalid":
				invalidTotal++
				if _, err := Decode(data); err != nil {
					invalidRejected++
					continue
				}
				if !checkRoundTrip(t, label, data) {
					nonMinimal = append(nonMinimal, label)
				}
			case "module", "module_definition", "assert_uninstantiable":
				valid++
				if checkRoundTrip(t, label, data) {
					exact++
				} else {
					nonMinimal = append(nonMinimal, label)
				}
			}
		}
	}
	t.Logf("assert_malformed binaries rejected: %d/%d", rejected, malformed)
	t.Logf("valid binaries round-tripped byte for byte: %d/%d", exact, valid)
	t.Logf("assert_invalid binaries already rejected by the decoder: %d/%d", invalidRejected, invalidTotal)
	t.Logf("non-minimal encodings (AST round trip only): %v", nonMinimal)
	if len(validatorOnly) > 0 {
		t.Logf("malformed cases the decoder accepts (validator's job): %v", validatorOnly)
	}
	if malformed > 0 && rejected*100 < malformed*98 {
		t.Errorf("only %d of %d assert_malformed binaries rejected", rejected, malformed)
	}
}

func TestConformanceWASIComponents(t *testing.T) {
	root := conformance.Dir(t, "wasi-p1")
	files, err := filepath.Glob(filepath.Join(root, "*", "*.component.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skip("no *.component.wasm files")
	}
	exact := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if checkRoundTrip(t, filepath.Base(f), data) {
			exact++
		}
	}
	t.Logf("WASI components round-tripped byte for byte: %d/%d", exact, len(files))
}
