package wasihttp

import (
	"bytes"
	"strings"
	"testing"

	"github.com/weftwasm/weft/value"
)

// FuzzFields drives a fields resource with guest-chosen names and values:
// no input may panic, an accepted set must read back exactly, and every
// entry the guest sees has a valid, lower-case, allowed name and a valid
// value.
func FuzzFields(f *testing.F) {
	f.Add("Content-Type", []byte("text/plain"), []byte("a"))
	f.Add("x-a", []byte(""), []byte(" padded "))
	f.Add("bad name", []byte("v"), []byte("w"))
	f.Add("Connection", []byte("close"), []byte("x"))
	f.Add("X-\xff", []byte("\r\n"), []byte("\x00"))
	f.Fuzz(func(t *testing.T, name string, v1, v2 []byte) {
		th := newTestHost(t, Config{})
		fl := th.must("[constructor]fields")
		set := th.must("[method]fields.set", borrow(fl), value.String(name), value.List(value.Bytes(v1), value.Bytes(v2)))
		if !set.IsErr() {
			got := th.must("[method]fields.get", borrow(fl), value.String(strings.ToUpper(name))).Elems()
			if len(got) != 2 {
				t.Fatalf("set %q then get: %d values", name, len(got))
			}
			for i, want := range [][]byte{v1, v2} {
				if b, _ := got[i].Bytes(); !bytes.Equal(b, want) {
					t.Fatalf("value %d = %q, want %q", i, b, want)
				}
			}
		}
		th.must("[method]fields.append", borrow(fl), value.String(name), value.Bytes(v1))
		th.must("[static]fields.from-list", value.List(value.Tuple(value.String(name), value.Bytes(v2))))
		for _, e := range th.must("[method]fields.entries", borrow(fl)).Elems() {
			n := e.Elems()[0].Str()
			b, _ := e.Elems()[1].Bytes()
			if !validName(n) || n != strings.ToLower(n) || th.h.link.forbidden[n] || !validValue(b) {
				t.Fatalf("entry %q: %q got in", n, b)
			}
		}
	})
}

// FuzzAllows checks the allow-list never panics, never allows anything
// when empty, and always allows a listed host name.
func FuzzAllows(f *testing.F) {
	f.Add("127.0.0.1:8080", "127.0.0.1")
	f.Add("[::1]:80", "[::1]")
	f.Add("example.com", "EXAMPLE.com:1")
	f.Add(":", "")
	f.Fuzz(func(t *testing.T, authority, allowed string) {
		if (Config{}).allows(authority, "80") {
			t.Fatalf("empty allow-list allowed %q", authority)
		}
		Config{}.WithAllowedHosts(allowed).allows(authority, "80")
	})
}
