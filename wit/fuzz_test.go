package wit

import (
	"strings"
	"testing"
)

var fuzzSeeds = []string{
	"package a:b;\ninterface i { type t = u32; f: func(x: t) -> list<t>; }\nworld w { import i; export f: func(); }",
	"package a:b@1.2.3-rc.1+b;\ninterface i { resource r { constructor(x: u8); m: func() -> borrow<r>; s: static func() -> r; } }",
	"package a:b;\nworld w { import x: interface { enum e { a, b } variant v { c(e), d } } include w2 with { x as y } }\nworld w2 { import x: func(); }",
	"package a:b { interface i { flags f { a, b } } }\npackage c:d { world w { import a:b/i; } }",
	"package a:b;\n@since(version = 1.0.0)\ninterface i { @unstable(feature = x) @deprecated(version = 1.0.0) f: async func(); }",
	"package a:b;\ninterface i { type t = tuple<option<result<_, string>>, map<string, list<u8, 4>>, future<stream<u8>>, error-context>; }",
	"package a:b;\n/// docs\n/** block */ interface %interface { record r { /// f\n a: s64, } use i.{r as q}; }",
	"package a:b;\nuse c:d/e@1.0.0 as f;\ninterface i { use f.{t}; }",
	"package a:b;\ninterface i { type a = b; type b = a; }",
	"package a:b;\nworld w { @external-id(\"x\\u{41}\") import f: func(); }",
}

// FuzzResolve feeds arbitrary text through the lexer, parser, resolver,
// printer and JSON encoder; nothing may panic, and printed text must
// resolve again.
func FuzzResolve(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		r := NewResolve().WithFeatures("x")
		pkg, err := r.PushSource("fuzz.wit", src)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if _, err := r.MarshalJSON(); err != nil {
			t.Fatal(err)
		}
		text := r.Print(pkg)
		r2 := NewResolve().WithFeatures("x")
		if _, err := r2.PushSource("printed.wit", text); err != nil && !strings.Contains(err.Error(), "feature gate") {
			t.Fatalf("printed text does not resolve: %v\ninput:\n%s\nprinted:\n%s", err, src, text)
		}
	})
}

// FuzzRoundTripJSON checks that printing and re-resolving keeps the JSON
// byte for byte, for inputs without includes or feature gates (whose
// printed forms may be numbered differently, see uiRoundTripExceptions).
func FuzzRoundTripJSON(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if strings.Contains(src, "include") || strings.Contains(src, "@unstable") {
			return
		}
		r := NewResolve()
		pkg, err := r.PushSource("fuzz.wit", src)
		if err != nil {
			return
		}
		text := r.Print(pkg)
		r2 := NewResolve()
		if _, err := r2.PushSource("printed.wit", text); err != nil {
			return
		}
		a, _ := r.MarshalJSON()
		b, _ := r2.MarshalJSON()
		if string(a) != string(b) {
			t.Fatalf("JSON differs\ninput:\n%s\nprinted:\n%s", src, text)
		}
	})
}
