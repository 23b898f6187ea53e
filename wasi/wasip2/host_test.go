package wasip2

import (
	"context"
	"errors"
	"testing"

	"github.com/weftwasm/weft/value"
)

// testHost calls a Host's handlers the way a runtime would, checking every
// result against the function's declared type.
type testHost struct {
	t     *testing.T
	h     *Host
	funcs map[string]Func
	drops map[*value.ResourceType]func(context.Context, uint32) error
}

func newTestHost(t *testing.T, cfg Config) *testHost {
	t.Helper()
	h, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	th := &testHost{t: t, h: h, funcs: map[string]Func{}, drops: map[*value.ResourceType]func(context.Context, uint32) error{}}
	for _, f := range h.Funcs() {
		key := f.Interface + "#" + f.Name
		if _, dup := th.funcs[key]; dup {
			t.Fatalf("%s registered twice", key)
		}
		th.funcs[key] = f
	}
	for _, r := range h.Resources() {
		th.drops[r.Type] = r.Drop
	}
	return th
}

// try calls a function and returns its result (the zero Value for none) or
// the trap.
func (th *testHost) try(name string, args ...value.Value) (value.Value, error) {
	th.t.Helper()
	return th.tryCtx(context.Background(), name, args...)
}

func (th *testHost) tryCtx(ctx context.Context, name string, args ...value.Value) (value.Value, error) {
	th.t.Helper()
	f, ok := th.funcs[name]
	if !ok {
		th.t.Fatalf("no function %s", name)
	}
	res, err := f.Call(ctx, args)
	if err != nil {
		return value.Value{}, err
	}
	if f.Type.Result == nil {
		if len(res) != 0 {
			th.t.Fatalf("%s: %d results for a function without result", name, len(res))
		}
		return value.Value{}, nil
	}
	if len(res) != 1 {
		th.t.Fatalf("%s: %d results, want 1", name, len(res))
	}
	if err := value.Check(f.Type.Result, res[0]); err != nil {
		th.t.Fatalf("%s returned %v, not a %s: %v", name, res[0], f.Type.Result, err)
	}
	return res[0], nil
}

// call calls a function that must not trap.
func (th *testHost) call(name string, args ...value.Value) value.Value {
	th.t.Helper()
	v, err := th.try(name, args...)
	if err != nil {
		th.t.Fatalf("%s: %v", name, err)
	}
	return v
}

// ok unwraps a result value that must be ok.
func (th *testHost) ok(name string, args ...value.Value) value.Value {
	th.t.Helper()
	v := th.call(name, args...)
	if v.IsErr() {
		p, _ := v.Payload()
		th.t.Fatalf("%s: err(%v)", name, p)
	}
	p, _ := v.Payload()
	return p
}

// errCase calls a function returning result<_, error-code> and returns the
// error case, or "" when the result is ok.
func (th *testHost) errCase(name string, args ...value.Value) string {
	th.t.Helper()
	v := th.call(name, args...)
	if !v.IsErr() {
		return ""
	}
	p, _ := v.Payload()
	if p.Kind() == value.KindVariant || p.Kind() == value.KindEnum {
		return p.Case()
	}
	return p.String()
}

func (th *testHost) drop(v value.Value) {
	th.t.Helper()
	hd := v.Handle()
	if err := th.drops[hd.Type](context.Background(), hd.Rep); err != nil {
		th.t.Fatalf("drop %v: %v", v, err)
	}
}

func borrow(v value.Value) value.Value { return value.Borrow(v.Handle()) }

func str(s string) value.Value { return value.String(s) }

func TestFuncsTrapOnBadArguments(t *testing.T) {
	th := newTestHost(t, Config{})
	var te *TrapError
	if _, err := th.try("wasi:random/random#get-random-bytes"); !errors.As(err, &te) {
		t.Fatalf("missing argument: %v", err)
	}
	if _, err := th.try("wasi:random/random#get-random-bytes", value.String("x")); !errors.As(err, &te) {
		t.Fatalf("wrong argument type: %v", err)
	}
	// A handle of the wrong resource type, and one that is not live.
	out := th.call("wasi:cli/stdout#get-stdout")
	if _, err := th.try("wasi:io/streams#[method]input-stream.read", borrow(out), value.U64(1)); !errors.As(err, &te) {
		t.Fatalf("wrong resource: %v", err)
	}
	bogus := value.Borrow(&value.Handle{Type: th.h.types.inputStream, Rep: 999})
	if _, err := th.try("wasi:io/streams#[method]input-stream.read", bogus, value.U64(1)); !errors.As(err, &te) {
		t.Fatalf("dead handle: %v", err)
	}
	th.drop(out)
	if err := th.drops[th.h.types.outputStream](context.Background(), out.Handle().Rep); err == nil {
		t.Fatal("dropping a handle twice succeeded")
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	if _, err := New(Config{}.WithPreopen(t.TempDir()+"/missing", "/x", false)); err == nil {
		t.Fatal("missing preopen directory accepted")
	}
	if _, err := New(Config{}.WithAllowNet("not-an-address")); err == nil {
		t.Fatal("malformed CIDR accepted")
	}
}

func TestConfigIsImmutable(t *testing.T) {
	base := Config{}.WithEnv("A", "1")
	a := base.WithEnv("B", "2")
	b := base.WithEnv("C", "3")
	if len(base.env) != 1 || a.env[1][0] != "B" || b.env[1][0] != "C" {
		t.Fatalf("With* shared state: base %v a %v b %v", base.env, a.env, b.env)
	}
}

// BenchmarkNew is the per-instance cost of a Host, paid on every
// instantiation (every request under wasihttp): the handler table is shared,
// so it stays small.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		h, err := New(Config{})
		if err != nil {
			b.Fatal(err)
		}
		h.Close()
	}
}
