package wit

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/weftwasm/weft/semver"
)

func ExampleResolve_PushSource() {
	r := NewResolve()
	pkg, err := r.PushSource("greet.wit", `
package example:greet@0.1.0;

interface names {
  type name = string;
}

world greeter {
  use names.{name};
  export greet: func(who: name) -> string;
}
`)
	if err != nil {
		fmt.Println(err)
		return
	}
	_, wid := r.Packages[pkg].Worlds.At(0)
	w := r.Worlds[wid]
	for k := range w.Imports.All() {
		fmt.Println("import", r.WorldKeyName(k))
	}
	fmt.Print(r.Print(pkg))
	// Output:
	// import example:greet/names@0.1.0
	// import name
	// package example:greet@0.1.0;
	//
	// interface names {
	//   type name = string;
	// }
	//
	// world greeter {
	//   import names;
	//
	//   use names.{name};
	//
	//   export greet: func(who: name) -> string;
	// }
}

func TestWithFeaturesIsImmutable(t *testing.T) {
	base := NewResolve()
	on := base.WithFeatures("x")
	if base.FeatureEnabled("x") || !on.FeatureEnabled("x") {
		t.Fatal("WithFeatures changed the receiver or did not enable the feature")
	}
	src := "package a:b;\ninterface i {\n  @unstable(feature = x)\n  f: func();\n}\n"
	if _, err := base.PushSource("a.wit", src); err != nil {
		t.Fatal(err)
	}
	if _, err := on.PushSource("a.wit", src); err != nil {
		t.Fatal(err)
	}
	if base.Interfaces[0].Functions.Len() != 0 || on.Interfaces[0].Functions.Len() != 1 {
		t.Errorf("gated function: base has %d, with feature has %d", base.Interfaces[0].Functions.Len(), on.Interfaces[0].Functions.Len())
	}
	all := NewResolve().WithAllFeatures(true)
	if !all.FeatureEnabled("anything") {
		t.Error("WithAllFeatures(true) does not enable every feature")
	}
}

func TestPackageSemverLookup(t *testing.T) {
	r := NewResolve()
	for _, v := range []string{"0.2.0", "0.2.3", "0.3.0"} {
		if _, err := r.PushSource("io.wit", "package wasi:io@"+v+";\ninterface streams {}\n"); err != nil {
			t.Fatal(err)
		}
	}
	get := func(v string) string {
		ver, _ := semver.Parse(v)
		id, ok := r.Package(PackageName{Namespace: "wasi", Name: "io", Version: &ver})
		if !ok {
			return "none"
		}
		return r.Packages[id].Name.String()
	}
	for req, want := range map[string]string{"0.2.0": "wasi:io@0.2.0", "0.2.1": "wasi:io@0.2.3", "0.3.5": "wasi:io@0.3.0", "1.0.0": "none"} {
		if got := get(req); got != want {
			t.Errorf("Package(wasi:io@%s) = %s, want %s", req, got, want)
		}
	}
}

func TestBuildProgrammatically(t *testing.T) {
	r := NewResolve()
	pkg := r.AddPackage(Package{Name: PackageName{Namespace: "my", Name: "pkg"}})
	iface := r.AddInterface(Interface{Name: "api", Package: &pkg})
	// A named type whose body is a type expression stores that kind itself.
	bytes := r.AddType(TypeDef{Name: "bytes", Kind: TypeDefKind{Kind: KindList, Elem: Prim(U8)}, Owner: Owner{Kind: OwnerInterface, Interface: iface}})
	r.Interfaces[iface].Types.Set("bytes", bytes)
	res := Ref(bytes)
	r.Interfaces[iface].Functions.Set("read", Function{Name: "read", Params: []Param{{Name: "n", Type: Prim(U32)}}, Result: &res})
	r.Packages[pkg].Interfaces.Set("api", iface)
	text := r.Print(pkg)
	want := "package my:pkg;\n\ninterface api {\n  type bytes = list<u8>;\n\n  read: func(n: u32) -> bytes;\n}\n"
	if text != want {
		t.Fatalf("printed:\n%s\nwant:\n%s", text, want)
	}
	r2 := NewResolve()
	if _, err := r2.PushSource("p.wit", text); err != nil {
		t.Fatal(err)
	}
	a, _ := r.MarshalJSON()
	b, _ := r2.MarshalJSON()
	if string(a) != string(b) {
		t.Errorf("JSON of built and re-parsed model differ:\n%s\n%s", a, b)
	}
}

func TestErrorsAreInspectable(t *testing.T) {
	_, err := NewResolve().PushSource("x.wit", "package a:b;\ninterface i {\n  f: func() -> nope;\n}\n")
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%T is not *wit.Error", err)
	}
	if e.File != "x.wit" || e.Line != 3 || e.Column != 16 || e.Message != "name `nope` does not exist" {
		t.Errorf("got %+v", e)
	}
	if !strings.Contains(err.Error(), "   3 |   f: func() -> nope;\n      |                ^---") {
		t.Errorf("rendering:\n%s", err)
	}
	_, err = NewResolve().PushPath("testdata/does-not-exist.wit")
	if err == nil {
		t.Error("missing file: no error")
	}
	_, err = NewResolve().PushPath("x.wasm")
	if err == nil {
		t.Error("missing wasm file: no error")
	}
}

func TestOrderedMap(t *testing.T) {
	var m OrderedMap[string, int]
	m.Set("b", 1)
	m.Set("a", 2)
	if m.Set("b", 3) != true || m.Len() != 2 {
		t.Fatal("Set on an existing key")
	}
	m.Set("c", 4)
	m.Delete("a")
	var keys []string
	for k, v := range m.All() {
		keys = append(keys, fmt.Sprint(k, v))
	}
	if strings.Join(keys, ",") != "b3,c4" {
		t.Errorf("entries %v", keys)
	}
	if v, ok := m.Get("c"); !ok || v != 4 || m.Has("a") {
		t.Error("Get/Has after Delete")
	}
	c := m.Clone()
	c.Set("d", 5)
	if m.Len() != 2 || c.Len() != 3 {
		t.Error("Clone shares storage")
	}
}

func TestSelectWorld(t *testing.T) {
	r := NewResolve()
	dep, err := r.PushSource("dep.wit", "package a:dep@1.2.0;\nworld d {}\n")
	if err != nil {
		t.Fatal(err)
	}
	main, err := r.PushSource("main.wit", "package a:main;\nworld one {}\nworld two {}\n")
	if err != nil {
		t.Fatal(err)
	}
	if id, err := r.SelectWorld(dep, ""); err != nil || r.Worlds[id].Name != "d" {
		t.Errorf("only world: %v %v", id, err)
	}
	if _, err := r.SelectWorld(main, ""); err == nil {
		t.Error("two worlds and no name: no error")
	}
	if id, err := r.SelectWorld(main, "two"); err != nil || r.Worlds[id].Name != "two" {
		t.Errorf("by name: %v %v", id, err)
	}
	if id, err := r.SelectWorld(main, "a:dep/d@1.0.0"); err != nil || r.Worlds[id].Name != "d" {
		t.Errorf("qualified, semver-compatible: %v %v", id, err)
	}
	for _, bad := range []string{"three", "a:dep/x", "a:nope/d", "nocolon/d", "a:dep/d@x"} {
		if _, err := r.SelectWorld(main, bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestPushSamePackageTwice(t *testing.T) {
	r := NewResolve()
	if _, err := r.PushSource("a.wit", "package a:b;\ninterface i {}\n"); err != nil {
		t.Fatal(err)
	}
	_, err := r.PushSource("again.wit", "package a:b;\ninterface j {}\n")
	if err == nil || !strings.Contains(err.Error(), "already present") || !strings.Contains(err.Error(), "again.wit:1:9") {
		t.Errorf("second push: %v", err)
	}
	if len(r.Packages) != 1 {
		t.Errorf("%d packages after a rejected push", len(r.Packages))
	}
}

func TestFailedPushLeavesResolveUnchanged(t *testing.T) {
	r := NewResolve()
	if _, err := r.PushSource("a.wit", "package a:b;\ninterface i { type t = u8; }\n"); err != nil {
		t.Fatal(err)
	}
	before, _ := r.MarshalJSON()
	_, err := r.PushSource("c.wit", "package c:d;\ninterface j { use a:b/i.{t}; }\nworld w { export j; import j; export a:b/missing; }\n")
	if err == nil {
		t.Fatal("expected an error")
	}
	after, _ := r.MarshalJSON()
	if string(before) != string(after) {
		t.Errorf("failed push changed the Resolve:\n%s", after)
	}
	if _, err := r.PushSource("c.wit", "package c:d;\ninterface j { use a:b/i.{t}; }\n"); err != nil {
		t.Errorf("pushing a fixed package after a failed one: %v", err)
	}
}

func TestExternalIDRoundTrip(t *testing.T) {
	src := "package a:b;\nworld w {\n  @external-id(\"q\\\"\\\\ \\u{1} \\u{e9}\\n\")\n  import f: func();\n}\n"
	r := NewResolve()
	pkg, err := r.PushSource("a.wit", src)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := r.Worlds[0].Imports.Get(NameKey("f"))
	if want := "q\"\\ \x01 \u00e9\n"; f.Function.ExternalID != want {
		t.Fatalf("external id %q, want %q", f.Function.ExternalID, want)
	}
	r2 := NewResolve()
	if _, err := r2.PushSource("b.wit", r.Print(pkg)); err != nil {
		t.Fatalf("%v\n%s", err, r.Print(pkg))
	}
	g, _ := r2.Worlds[0].Imports.Get(NameKey("f"))
	if g.Function.ExternalID != f.Function.ExternalID {
		t.Errorf("after printing: %q", g.Function.ExternalID)
	}
}

func TestOrderedMapLarge(t *testing.T) {
	var m OrderedMap[int, int]
	for i := range 100 {
		m.Set(i, i*i)
	}
	m.Delete(3)
	m.Delete(50)
	m.Set(7, -7)
	c := m.Clone()
	c.Delete(99)
	if m.Len() != 98 || c.Len() != 97 {
		t.Fatalf("lengths %d %d", m.Len(), c.Len())
	}
	for i := range 100 {
		v, ok := m.Get(i)
		switch {
		case i == 3 || i == 50:
			if ok {
				t.Errorf("deleted key %d present", i)
			}
		case i == 7:
			if v != -7 {
				t.Errorf("key 7 = %d", v)
			}
		case !ok || v != i*i:
			t.Errorf("key %d = %d, %v", i, v, ok)
		}
	}
	k, v := m.At(3)
	if k != 4 || v != 16 {
		t.Errorf("At(3) = %d, %d", k, v)
	}
}

func TestEmptyDirectory(t *testing.T) {
	r := NewResolve()
	if _, err := r.PushSource("a.wit", "package a:b;\n"); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	_, err := r.PushPath(dir)
	if err == nil || !strings.Contains(err.Error(), "no `package` header") || strings.Contains(err.Error(), "a.wit") {
		t.Errorf("empty directory: %v", err)
	}
}
