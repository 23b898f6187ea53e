package wit

import (
	"strings"
	"testing"

	"github.com/weftwasm/weft/value"
)

func TestValueTypes(t *testing.T) {
	r := NewResolve()
	pkgID, err := r.PushSource("t.wit", `package t:t@1.0.0;
interface types {
  resource file { read: func(n: u32) -> list<u8>; }
  record point { x: f64, y: option<f64> }
  variant shape { circle(f64), none }
  enum color { red, green }
  flags perms { read, write }
  type alias = point;
}
interface api {
  use types.{file, point, alias, shape, color, perms};
  open: func(p: string) -> result<file, string>;
  look: func(f: borrow<file>, a: alias, s: shape, c: color, p: perms) -> tuple<point, list<u8, 4>>;
  wait: async func() -> future<u32>;
}
`)
	if err != nil {
		t.Fatal(err)
	}
	vt := r.ValueTypes()
	apiID, _ := r.Packages[pkgID].Interfaces.Get("api")
	api := &r.Interfaces[apiID]
	want := map[string]string{
		"open": "func(p: string) -> result<own<file>, string>",
		"look": "func(f: borrow<file>, a: record { x: f64, y: option<f64> }, s: variant { circle(f64), none }, c: enum { red, green }, p: flags { read, write }) -> tuple<record { x: f64, y: option<f64> }, list<u8, 4>>",
		"wait": "async func() -> future<u32>",
	}
	fts := map[string]*value.FuncType{}
	for name, f := range api.Functions.All() {
		ft, err := vt.Func(&f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		fts[name] = ft
		if got := ft.String(); got != want[name] {
			t.Errorf("%s:\n got %s\nwant %s", name, got, want[name])
		}
	}
	// The resource reached through `use` in api and through the method in
	// types is one resource type.
	typesID, _ := r.Packages[pkgID].Interfaces.Get("types")
	read, _ := r.Interfaces[typesID].Functions.Get("[method]file.read")
	rft, err := vt.Func(&read)
	if err != nil {
		t.Fatal(err)
	}
	self := rft.Params[0].Type.(*value.BorrowType).Resource
	opened := fts["open"].Result.(*value.ResultType).Ok.(*value.OwnType).Resource
	if self != opened || self != fts["look"].Params[0].Type.(*value.BorrowType).Resource {
		t.Fatal("one resource became several value.ResourceTypes")
	}
	fileID, _ := r.Interfaces[typesID].Types.Get("file")
	if _, err := vt.Type(Ref(fileID)); err == nil || !strings.Contains(err.Error(), "not a value type") {
		t.Fatalf("converting a resource definition: %v", err)
	}
	if _, err := vt.Type(Ref(TypeID(len(r.Types) + 5))); err == nil {
		t.Fatal("out-of-range id converted")
	}
}
