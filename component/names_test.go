package component

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseExternName(t *testing.T) {
	good := []struct {
		in   string
		want ParsedName
	}{
		{"a", ParsedName{Kind: NameLabel, Label: "a"}},
		{"foo-bar-BAZ-1", ParsedName{Kind: NameLabel, Label: "foo-bar-BAZ-1"}},
		{"[constructor]r", ParsedName{Kind: NameConstructor, Resource: "r"}},
		{"[method]my-res.get-x", ParsedName{Kind: NameMethod, Resource: "my-res", Label: "get-x"}},
		{"[static]r.make", ParsedName{Kind: NameStatic, Resource: "r", Label: "make"}},
		{"wasi:http/types@0.2.0", ParsedName{Kind: NameInterface, Namespaces: []string{"wasi"}, Package: "http", Projections: []string{"types"}, Version: "0.2.0"}},
		{"a:b/c", ParsedName{Kind: NameInterface, Namespaces: []string{"a"}, Package: "b", Projections: []string{"c"}}},
		{"a:b:c/d/e@1.0.0-rc.1+build.5", ParsedName{Kind: NameInterface, Namespaces: []string{"a", "b"}, Package: "c", Projections: []string{"d", "e"}, Version: "1.0.0-rc.1+build.5"}},
		{"a:b/c@0.2", ParsedName{Kind: NameInterface, Namespaces: []string{"a"}, Package: "b", Projections: []string{"c"}, Version: "0.2"}},
		{"locked-dep=<a:b@1.2.3>", ParsedName{Kind: NameDependency, Target: "a:b@1.2.3", Namespaces: []string{"a"}, Package: "b", Version: "1.2.3"}},
		{"unlocked-dep=<a:b@{>=1.0.0}>", ParsedName{Kind: NameDependency, Target: "a:b@{>=1.0.0}", Namespaces: []string{"a"}, Package: "b"}},
		{"url=<https://x/y>,integrity=<sha256-abc=>", ParsedName{Kind: NameURL, Target: "https://x/y", Integrity: "sha256-abc="}},
		{"integrity=<sha512-AAAA>", ParsedName{Kind: NameHash, Target: "sha512-AAAA"}},
		{"unlocked-dep=<a:b@{>=1.0.0 <2.0.0}>", ParsedName{Kind: NameDependency, Target: "a:b@{>=1.0.0 <2.0.0}", Namespaces: []string{"a"}, Package: "b"}},
		{"unlocked-dep=<a:b@{<2.0.0}>", ParsedName{Kind: NameDependency, Target: "a:b@{<2.0.0}", Namespaces: []string{"a"}, Package: "b"}},
		{"unlocked-dep=<a:b@*>", ParsedName{Kind: NameDependency, Target: "a:b@*", Namespaces: []string{"a"}, Package: "b"}},
		{"locked-dep=<a:b:c@1>,integrity=<sha384-x/y+==>", ParsedName{Kind: NameDependency, Target: "a:b:c@1", Namespaces: []string{"a", "b"}, Package: "c", Version: "1", Integrity: "sha384-x/y+=="}},
		{"a:b/c@1", ParsedName{Kind: NameInterface, Namespaces: []string{"a"}, Package: "b", Projections: []string{"c"}, Version: "1"}},
	}
	for _, tc := range good {
		got, err := ParseExternName(tc.in)
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: got %+v, want %+v", tc.in, got, tc.want)
		}
	}
	bad := []string{
		"", "Foo", "a-", "-a", "a--b", "1a", "a_b", "aB", "[method]r", "[method]r.", "[constructor]",
		"[foo]a", "A:b/c", "a:b", "a:b/", "a/b", "a:b/c@", "a:b/c@01.0.0", "a:b/c@1.0", "a:b/c@0",
		"url=<a<b>", "integrity=<>", "integrity=<md5-abc>", "locked-dep=<a>", "url=https://x",
		"unlocked-dep=<a:b@{1.0.0}>", "unlocked-dep=<a:b@{>=1.0.0 2.0.0}>", "unlocked-dep=<a:b@{>=x}>", "unlocked-dep=<a:b@{<1}>",
		"unlocked-dep=<a:b@1.0.0>", "locked-dep=<a:b@1.0>", "url=<x>,integrity=<sha256-a===>", "integrity=<sha256-a> ",
	}
	for _, in := range bad {
		if p, err := ParseExternName(in); !errors.Is(err, ErrBadName) {
			t.Errorf("%q: accepted as %+v", in, p)
		}
	}
}

func FuzzParseExternName(f *testing.F) {
	for _, s := range []string{"a", "[method]r.m", "wasi:cli/run@0.2.0", "a:b:c/d/e@1.0.0-rc.1", "url=<x>,integrity=<sha256-a>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseExternName(s)
		if err != nil {
			return
		}
		if p.Kind == NameInterface {
			back := p.Interface()
			if p.Version != "" {
				back += "@" + p.Version
			}
			if back != s {
				t.Fatalf("%q parsed as %+v, which prints as %q", s, p, back)
			}
		}
		if p.Kind == NameLabel && strings.ContainsAny(s, ":[]=<>/@.") {
			t.Fatalf("%q accepted as a label", s)
		}
	})
}

// TestExternNameMessages checks the validator's (wasmparser's) wording and
// that it rejects the nested forms ParseExternName accepts.
func TestExternNameMessages(t *testing.T) {
	for in, want := range map[string]string{
		"foo:bar:baz/qux":           "expected `/` after package name",
		"foo:bar/baz/qux":           "trailing characters found: `/qux`",
		"locked-dep=<a:b@1>":        "`1` is not a valid semver: unexpected end of input while parsing minor version number",
		"[method]a":                 "failed to find `.` character",
		"a:B/c":                     "character `B` is not lowercase in package name/namespace",
		"integrity=<sha1-x>":        "unrecognized hash algorithm: `sha1-x`",
		"unlocked-dep=<a:b@{=1.0}>": "expected `>=` or `<` at start of version range",
	} {
		if _, err := parseExternName(in, false); err == nil || err.Error() != want {
			t.Errorf("%q: got %v, want %q", in, err, want)
		}
	}
	if _, err := parseExternName("foo:bar:baz/qux/quux", true); err != nil {
		t.Errorf("nested: %v", err)
	}
}
