package witcomponent

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/weftwasm/weft/component"
	"github.com/weftwasm/weft/internal/conformance"
	"github.com/weftwasm/weft/wit"
)

const depWIT = `package dep:io@1.0.0;

interface types {
  resource channel {
    read: func(n: u32) -> result<list<u8>, error-code>;
    constructor(name: string);
    open: static func(name: string) -> channel;
  }

  enum error-code {
    closed,
    denied,
  }

  record stat {
    size: u64,
    kind: option<error-code>,
  }

  type size = u64;
}

interface ops {
  use types.{channel, stat, size};

  get-stat: func(s: borrow<channel>) -> stat;
  total: func(all: list<channel>) -> size;
}

world io {
  import ops;
  export run: func() -> result;
}
`

const mainWIT = `package app:main;

world app {
  import dep:io/ops@1.0.0;
  export dep:io/types@1.0.0;
}
`

// TestBinaryDependency resolves a package whose deps/ folder holds a binary
// WIT package, and checks it resolves exactly as with the text dependency.
func TestBinaryDependency(t *testing.T) {
	src := wit.NewResolve()
	dep, err := src.PushSource("dep.wit", depWIT)
	if err != nil {
		t.Fatal(err)
	}
	bin, err := EncodePackage(src, dep)
	if err != nil {
		t.Fatal(err)
	}

	textDir, binDir := t.TempDir(), t.TempDir()
	for dir, file := range map[string]string{textDir: "dep.wit", binDir: "dep.wasm"} {
		if err := os.MkdirAll(filepath.Join(dir, "deps"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "main.wit"), []byte(mainWIT), 0o644); err != nil {
			t.Fatal(err)
		}
		data := []byte(depWIT)
		if file == "dep.wasm" {
			data = bin
		}
		if err := os.WriteFile(filepath.Join(dir, "deps", file), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rt := wit.NewResolve()
	pt, err := rt.PushPath(textDir)
	if err != nil {
		t.Fatal(err)
	}

	if _, err := wit.NewResolve().PushPath(binDir); !errors.Is(err, wit.ErrBinaryPackage) {
		t.Errorf("without a decoder: %v, want ErrBinaryPackage", err)
	}
	rb := wit.NewResolve().WithBinaryDecoder(BinaryDecoder)
	pb, err := rb.PushPath(binDir)
	if err != nil {
		t.Fatal(err)
	}
	// Docs aside, both print the same, but the decoded dependency puts
	// resource functions first, so compare line sets.
	if got, want := sortedLines(rb.Print(pb)), sortedLines(rt.Print(pt)); got != want {
		t.Errorf("binary dependency resolves differently:\n%s\n---- text dependency:\n%s", rb.Print(pb), rt.Print(pt))
	}
	// The binary package can also be given directly.
	rd := wit.NewResolve().WithBinaryDecoder(BinaryDecoder)
	pd, err := rd.PushPath(filepath.Join(binDir, "deps", "dep.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	if rd.Packages[pd].Name.String() != "dep:io@1.0.0" || rd.Packages[pd].Worlds.Len() != 1 || rd.Packages[pd].Interfaces.Len() != 2 {
		t.Errorf("decoded package: %s", rd.Print(pd))
	}
}

// TestKindsOfDeps runs wit-parser's kinds-of-deps case: its .wasm
// dependency now loads; the .wat one still needs a WAT parser.
func TestKindsOfDeps(t *testing.T) {
	dir := filepath.Join(conformance.Dir(t, "wit-parser-ui"), "tests", "ui", "kinds-of-deps")
	r := wit.NewResolve().WithBinaryDecoder(BinaryDecoder)
	_, err := r.PushPath(dir)
	if !errors.Is(err, wit.ErrBinaryPackage) || !strings.Contains(err.Error(), "d.wat") {
		t.Fatalf("got %v, want ErrBinaryPackage for d.wat", err)
	}
	// Without the .wat dependency (and its import), the rest resolves.
	tmp := t.TempDir()
	copyTree(t, dir, tmp, "d.wat")
	a, err := os.ReadFile(filepath.Join(tmp, "a.wit"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(tmp, "a.wit"), []byte(strings.Replace(string(a), "import d:d/d;", "", 1)), 0o644)
	r = wit.NewResolve().WithBinaryDecoder(BinaryDecoder)
	pkg, err := r.PushPath(tmp)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Print(pkg), "import e:e/e;") {
		t.Errorf("e:e/e missing:\n%s", r.Print(pkg))
	}
}

func copyTree(t *testing.T, from, to, skip string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if info.Name() == skip {
			return nil
		}
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestEncodeMatchesWasmTools compares EncodePackage with the binary package
// wasm-tools wrote for kinds-of-deps (custom sections aside, and names in
// the legacy 0x01 form that older wasm-encoders wrote, now always 0x00).
func TestEncodeMatchesWasmTools(t *testing.T) {
	path := filepath.Join(conformance.Dir(t, "wit-parser-ui"), "tests", "ui", "kinds-of-deps", "deps", "e.wasm")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := component.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	var kept []component.Section
	for _, s := range c.Sections {
		switch s := s.(type) {
		case *component.CustomSection:
			continue
		case *component.ExportSection:
			for i := range s.Exports {
				plainForm(&s.Exports[i].Name)
			}
		case *component.TypeSection:
			for _, ty := range s.Types {
				plainDecls(ty)
			}
		}
		kept = append(kept, s)
	}
	c.Sections = kept
	want, err := component.Encode(c)
	if err != nil {
		t.Fatal(err)
	}
	r := wit.NewResolve()
	pkg, err := r.PushSource("e.wit", "package e:e;\ninterface e {}\n")
	if err != nil {
		t.Fatal(err)
	}
	gc, err := EncodePackageComponent(r, pkg)
	if err != nil {
		t.Fatal(err)
	}
	// e.wasm has no package-docs section; this package's is empty ("{}").
	if last, ok := gc.Sections[len(gc.Sections)-1].(*component.CustomSection); !ok || last.Name != "package-docs" || string(last.Data) != "\x01{}" {
		t.Errorf("last section %#v, want an empty package-docs", gc.Sections[len(gc.Sections)-1])
	}
	got, err := component.Encode(&component.Component{Sections: gc.Sections[:len(gc.Sections)-1]})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("encoded\n% x\nwasm-tools\n% x", got, want)
	}
}

func plainForm(n *component.ExternName) {
	if n.Form == component.NameLegacy {
		n.Form = component.NamePlain
	}
}

func plainDecls(t component.Type) {
	var decls []component.Decl
	switch t := t.(type) {
	case *component.ComponentType:
		decls = t.Decls
	case *component.InstanceType:
		decls = t.Decls
	}
	for _, d := range decls {
		switch d := d.(type) {
		case *component.DeclType:
			plainDecls(d.Type)
		case *component.DeclImport:
			plainForm(&d.Name)
		case *component.DeclExport:
			plainForm(&d.Name)
		}
	}
}
