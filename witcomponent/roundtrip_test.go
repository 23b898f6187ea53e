package witcomponent

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/weftwasm/weft/component"
	"github.com/weftwasm/weft/internal/conformance"
	"github.com/weftwasm/weft/wit"
)

// TestWITCorpusRoundTrip encodes every package of wit-bindgen's codegen
// corpus as a binary WIT package, decodes it, and checks that the main
// package prints as before (docs and gates aside, which the binary does not
// carry) and that encoding the decoded package gives the same bytes.
func TestWITCorpusRoundTrip(t *testing.T) {
	dir := conformance.Dir(t, "wit-corpus")
	f, err := os.Open(filepath.Join(dir, "cases.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		c := strings.TrimSpace(sc.Text())
		if c == "" || strings.HasPrefix(c, "#") {
			continue
		}
		n++
		t.Run(c, func(t *testing.T) {
			r := wit.NewResolve()
			pkg, err := r.PushPath(filepath.Join(dir, "codegen", c))
			if err != nil {
				t.Fatal(err)
			}
			roundTrip(t, r, pkg)
		})
	}
	if n != 101 {
		t.Errorf("ran %d cases, want 101", n)
	}
}

// TestWITParserUIRoundTrip does the same for the passing wit-parser UI cases.
func TestWITParserUIRoundTrip(t *testing.T) {
	dir := filepath.Join(conformance.Dir(t, "wit-parser-ui"), "tests", "ui")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		if name == "parse-fail" || !(e.IsDir() || strings.HasSuffix(name, ".wit")) {
			continue
		}
		r := wit.NewResolve().WithBinaryDecoder(BinaryDecoder)
		pkg, err := r.PushPath(filepath.Join(dir, name))
		if err != nil {
			continue // needs a feature, or a .wat dependency
		}
		n++
		t.Run(name, func(t *testing.T) { roundTrip(t, r, pkg) })
		// The other packages of the case too (nested ones, dependencies).
		for i := range r.Packages {
			if p := wit.PackageID(i); p != pkg && r.Packages[p].Interfaces.Len()+r.Packages[p].Worlds.Len() > 0 {
				t.Run(name+"/"+r.Packages[p].Name.String(), func(t *testing.T) { roundTrip(t, r, p) })
			}
		}
	}
	if n < 60 {
		t.Errorf("only %d cases resolved", n)
	}
}

func roundTrip(t *testing.T, r *wit.Resolve, pkg wit.PackageID) {
	t.Helper()
	if p := &r.Packages[pkg]; p.Interfaces.Len() == 0 && p.Worlds.Len() == 0 {
		t.Skip("an empty package encodes as a component without exports")
	}
	for _, td := range r.Types {
		if k := td.Kind.Kind; (k == wit.KindRecord && len(td.Kind.Fields) == 0) ||
			((k == wit.KindFlags || k == wit.KindEnum) && len(td.Kind.Flags) == 0) ||
			(k == wit.KindVariant && len(td.Kind.Cases) == 0) {
			t.Skipf("type %q: WIT allows an empty %s, a component does not", td.Name, k)
		}
	}
	bin, err := EncodePackage(r, pkg)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Decode(bin)
	if err != nil {
		t.Fatal(err)
	}
	if !d.IsPackage() {
		t.Fatal("decoded as a component")
	}
	if got, want := d.Resolve.Packages[d.Package].Name.String(), r.Packages[pkg].Name.String(); got != want {
		t.Fatalf("package %s, want %s", got, want)
	}
	want := mainSection(r.Print(pkg))
	got := mainSection(d.Resolve.Print(d.Package))
	if got != want && sortedLines(got) != sortedLines(want) {
		// Sorted lines compare equal when only the order of functions
		// differs: the encoding puts resource functions first.
		t.Errorf("decoded package differs: %s\n%s", firstDiff(got, want), got)
	}
	again, err := EncodePackage(d.Resolve, d.Package)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, bin) && !sameExceptDocsOrder(t, again, bin) {
		t.Errorf("re-encoding the decoded package gives other bytes (%d vs %d)", len(again), len(bin))
	}
	// The decoded WIT resolves as text too.
	if _, err := wit.NewResolve().PushSource("decoded.wit", d.Resolve.Print(d.Package)); err != nil {
		t.Errorf("printed WIT does not resolve: %v", err)
	}
}

// mainSection is the printed main package without nested packages.
func mainSection(s string) string {
	var out []string
	for i, line := range strings.Split(s, "\n") {
		if i > 0 && strings.HasPrefix(line, "package ") && strings.HasSuffix(line, "{") {
			break
		}
		out = append(out, line)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// sameExceptDocsOrder reports whether two binary packages have the same
// sections, with package-docs JSON equal up to key order (the functions of
// a decoded interface come resource functions first).
func sameExceptDocsOrder(t *testing.T, a, b []byte) bool {
	t.Helper()
	ca, err := component.Decode(a)
	if err != nil {
		t.Fatal(err)
	}
	cb, err := component.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(ca.Sections) != len(cb.Sections) {
		return false
	}
	for i := range ca.Sections {
		x, y := ca.Sections[i], cb.Sections[i]
		if xc, ok := x.(*component.CustomSection); ok {
			yc, ok := y.(*component.CustomSection)
			if !ok || xc.Name != yc.Name {
				return false
			}
			var xj, yj any
			if json.Unmarshal(xc.Data[1:], &xj) != nil || json.Unmarshal(yc.Data[1:], &yj) != nil || !reflect.DeepEqual(xj, yj) {
				return false
			}
			continue
		}
		if !bytes.Equal(a[x.Span().Offset:x.Span().End], b[y.Span().Offset:y.Span().End]) {
			return false
		}
	}
	return true
}

// firstDiff describes the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return fmt.Sprintf("line %d: got %q, want %q", i+1, a, b)
		}
	}
	return "no difference"
}

func sortedLines(s string) string {
	lines := strings.Split(s, "\n")
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// docsWIT has docs and gates on every kind of item.
const docsWIT = `/// The package.
package d:docs@1.2.0;

/// An interface.
@since(version = 1.0.0)
interface i {
  /// A record.
  record r {
    /// Field a, with "quotes", a \ backslash,
    /// and a tab:	.
    a: u32,
  }

  /// A variant.
  @unstable(feature = fancy)
  variant v {
    /// Case c.
    c(string),
    d,
  }

  /// Flags.
  flags f {
    /// Flag x.
    x,
  }

  /// A resource.
  resource res {
    /// Its constructor.
    constructor();
  }

  /// A function.
  @since(version = 1.1.0)
  @deprecated(version = 1.2.0)
  g: func(x: r) -> f;
}

/// A world.
world w {
  /// An import of a named interface.
  @since(version = 1.0.0)
  import i;

  /// A type.
  type t = u8;

  /// A world function.
  export k: func() -> t;

  /// An inline interface.
  export e: interface {
    /// h.
    h: func();
  }
}
`

// TestDocsRoundTrip checks that docs and feature gates of every kind of
// item survive a binary package, through its package-docs section.
func TestDocsRoundTrip(t *testing.T) {
	r := wit.NewResolve().WithAllFeatures(true)
	pkg, err := r.PushSource("docs.wit", docsWIT)
	if err != nil {
		t.Fatal(err)
	}
	bin, err := EncodePackage(r, pkg)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Decode(bin)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := d.Resolve.Print(d.Package), r.Print(pkg); got != want {
		t.Errorf("docs lost: %s\n%s", firstDiff(got, want), got)
	}
}
