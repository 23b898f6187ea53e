package witcomponent

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/weftwasm/weft/component"
	"github.com/weftwasm/weft/wit"
)

// componentTypeSection returns the payload of a core module's
// `component-type*` custom section: the binary WIT package of the world the
// module was embedded with.
func componentTypeSection(mod []byte) ([]byte, error) {
	if len(mod) < 8 || string(mod[:4]) != "\x00asm" {
		return nil, errors.New("not a core module")
	}
	p := 8
	leb := func() (int, error) {
		v := 0
		for s := 0; s < 35; s += 7 {
			if p >= len(mod) {
				return 0, errors.New("truncated")
			}
			b := mod[p]
			p++
			v |= int(b&0x7f) << s
			if b < 0x80 {
				return v, nil
			}
		}
		return 0, errors.New("bad LEB128")
	}
	for p < len(mod) {
		id := mod[p]
		p++
		n, err := leb()
		if err != nil {
			return nil, err
		}
		end := p + n
		if end > len(mod) {
			return nil, errors.New("section past the end")
		}
		if id == 0 {
			nl, err := leb()
			if err != nil || p+nl > end {
				return nil, errors.New("bad custom section name")
			}
			name := string(mod[p : p+nl])
			p += nl
			if strings.HasPrefix(name, "component-type") {
				return mod[p:end], nil
			}
		}
		p = end
	}
	return nil, errors.New("no component-type custom section")
}

// checkEmbedded decodes the world wasm-tools embedded in mod and compares
// it with world text of the WIT resolved in r (package pkg): the decoded
// world prints the same, and EncodeWorld gives the same bytes (custom
// sections aside).
func checkEmbedded(t *testing.T, mod []byte, r *wit.Resolve, pkg wit.PackageID) {
	t.Helper()
	payload, err := componentTypeSection(mod)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Decode(payload)
	if err != nil {
		t.Fatal(err)
	}
	if !d.IsPackage() {
		t.Fatal("embedded world decoded as a component")
	}
	w, err := r.SelectWorld(pkg, "")
	if err != nil {
		t.Fatal(err)
	}
	// An embedded world carries no package-docs: compare without docs and gates.
	got, want := stripDocs(worldBlock(d.Resolve.Print(d.Package))), stripDocs(worldBlock(mainSection(r.Print(pkg))))
	if got == "" || sortedLines(got) != sortedLines(want) {
		t.Errorf("decoded world differs:\n%s\n---- want\n%s", got, want)
	}

	c, err := component.Decode(payload)
	if err != nil {
		t.Fatal(err)
	}
	var kept []component.Section
	for _, s := range c.Sections {
		if _, custom := s.(*component.CustomSection); !custom {
			kept = append(kept, s)
		}
	}
	c.Sections = kept
	wantBytes, err := component.Encode(c)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := EncodeWorld(r, w)
	if err != nil {
		t.Fatal(err)
	}
	name := r.Worlds[w].Name
	wrapper := &component.ComponentType{Decls: []component.Decl{
		&component.DeclType{Type: wt},
		&component.DeclExport{Name: plainName(r.Packages[pkg].Name.InterfaceID(name)), Type: &component.ExternComponent{Type: 0}},
	}}
	mine, err := component.Encode(&component.Component{Sections: []component.Section{
		&component.TypeSection{Types: []component.Type{wrapper}},
		&component.ExportSection{Exports: []component.Export{{Name: plainName(name), Item: component.SortIdx{Sort: component.SortType}}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(mine, wantBytes) {
		t.Errorf("EncodeWorld differs from wasm-tools:\n% x\n% x", mine, wantBytes)
	}
}

// worldBlock is the first `world ... { ... }` block of printed WIT.
func worldBlock(s string) string {
	i := strings.Index(s, "\nworld ")
	if i < 0 {
		return ""
	}
	j := strings.Index(s[i+1:], "\n}")
	if j < 0 {
		return ""
	}
	return s[i+1 : i+1+j+2]
}

// TestEmbeddedWorld checks Decode and EncodeWorld against the world
// wasm-tools embedded for depWIT (testdata/dep-embed.wasm, see embed.mjs).
func TestEmbeddedWorld(t *testing.T) {
	mod, err := os.ReadFile(filepath.Join("testdata", "dep-embed.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	r := wit.NewResolve()
	pkg, err := r.PushSource("dep.wit", depWIT)
	if err != nil {
		t.Fatal(err)
	}
	checkEmbedded(t, mod, r, pkg)
}

// TestEmbeddedCorpusWorlds does the same for every single-file case of the
// wit-corpus, when WITCOMPONENT_EMBED_DIR holds their embedded modules
// (made with `node testdata/embed.mjs --dir CODEGEN OUTDIR`).
func TestEmbeddedCorpusWorlds(t *testing.T) {
	dir := os.Getenv("WITCOMPONENT_EMBED_DIR")
	if dir == "" {
		t.Skip("WITCOMPONENT_EMBED_DIR not set (see testdata/embed.mjs)")
	}
	codegen := filepath.Join(repoRoot(t), "..", "shared", "conformance", "wit-corpus", "codegen")
	files, err := filepath.Glob(filepath.Join(dir, "*.wasm"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no modules in %s: %v", dir, err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".wasm")
		t.Run(name, func(t *testing.T) {
			mod, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			r := wit.NewResolve()
			pkg, err := r.PushPath(filepath.Join(codegen, name+".wit"))
			if err != nil {
				t.Fatal(err)
			}
			checkEmbedded(t, mod, r, pkg)
		})
	}
}

// stripDocs drops doc comment and feature gate lines.
func stripDocs(s string) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		tl := strings.TrimSpace(line)
		if strings.HasPrefix(tl, "///") || strings.HasPrefix(tl, "@since") || strings.HasPrefix(tl, "@unstable") || strings.HasPrefix(tl, "@deprecated") {
			continue
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}
