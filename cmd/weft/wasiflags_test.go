package main

import (
	"context"
	"flag"
	"io"
	"testing"

	"github.com/weftwasm/weft/value"
	"github.com/weftwasm/weft/wasi/wasip2"
)

func hostFromFlags(t *testing.T, args ...string) map[string]wasip2.Func {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	w := addWASIFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	cfg, err := w.config(wasip2.Config{})
	if err != nil {
		t.Fatal(err)
	}
	h, err := wasip2.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	funcs := map[string]wasip2.Func{}
	for _, f := range h.Funcs() {
		funcs[f.Interface+"#"+f.Name] = f
	}
	return funcs
}

func callOne(t *testing.T, funcs map[string]wasip2.Func, name string, args ...value.Value) value.Value {
	t.Helper()
	res, err := funcs[name].Call(context.Background(), args)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return res[0]
}

func TestWASIFlagsGrantOnlyWhatIsAsked(t *testing.T) {
	t.Setenv("WEFT_FROM_HOST", "yes")
	t.Setenv("WEFT_NOT_GRANTED", "no")
	dir := t.TempDir()
	funcs := hostFromFlags(t, "--env", "A=1", "--env", "WEFT_FROM_HOST", "--dir-ro", dir+"::/data", "--allow-tcp", "127.0.0.1:80,81")
	if got := callOne(t, funcs, "wasi:cli/environment#get-environment").String(); got != `[("A", "1"), ("WEFT_FROM_HOST", "yes")]` {
		t.Errorf("environment = %s", got)
	}
	if got := callOne(t, funcs, "wasi:filesystem/preopens#get-directories").Elems(); len(got) != 1 || got[0].Elems()[1].Str() != "/data" {
		t.Errorf("preopens = %v", got)
	}
	if r := callOne(t, funcs, "wasi:sockets/tcp-create-socket#create-tcp-socket", value.Enum("ipv4")); r.IsErr() {
		t.Errorf("--allow-tcp did not enable TCP: %v", r)
	}
	if r := callOne(t, funcs, "wasi:sockets/udp-create-socket#create-udp-socket", value.Enum("ipv4")); !r.IsErr() {
		t.Error("UDP enabled by a TCP rule")
	}
	none := hostFromFlags(t)
	if r := callOne(t, none, "wasi:sockets/tcp-create-socket#create-tcp-socket", value.Enum("ipv4")); !r.IsErr() {
		t.Error("TCP enabled without flags")
	}
}

func TestParseNetRule(t *testing.T) {
	for _, c := range []struct {
		in, cidr string
		ports    int
		bad      bool
	}{
		{"127.0.0.1", "127.0.0.1", 0, false},
		{"10.0.0.0/8", "10.0.0.0/8", 0, false},
		{"127.0.0.1:8080", "127.0.0.1", 1, false},
		{"10.0.0.0/8:80,443", "10.0.0.0/8", 2, false},
		{"::1", "::1", 0, false},
		{"[::1]:80", "::1", 1, false},
		{"[fe80::]/10:80", "fe80::/10", 1, false},
		{"example.com:80", "", 0, true},
		{"127.0.0.1:http", "", 0, true},
		{"127.0.0.1:70000", "", 0, true},
	} {
		cidr, ports, err := parseNetRule(c.in)
		if (err != nil) != c.bad || cidr != c.cidr || len(ports) != c.ports {
			t.Errorf("parseNetRule(%q) = %q, %v, %v", c.in, cidr, ports, err)
		}
	}
}

// FuzzParseNetRule checks that any rule parseNetRule accepts is one the
// WASI host accepts too, and that nothing panics.
func FuzzParseNetRule(f *testing.F) {
	for _, s := range []string{"127.0.0.1", "10.0.0.0/8:80,443", "[::1]:80", "[fe80::]/10:80",
		"::1", "1.2.3.4:", ":80", "[]:1", "a:b:c", "0.0.0.0/0:0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cidr, ports, err := parseNetRule(s)
		if err != nil {
			return
		}
		h, err := wasip2.New(wasip2.Config{}.WithAllowNet(cidr, ports...))
		if err != nil {
			t.Fatalf("parseNetRule(%q) accepted %q, %v, which the host refuses: %v", s, cidr, ports, err)
		}
		h.Close()
	})
}
