package weft_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/weftwasm/weft"
	"github.com/weftwasm/weft/value"
)

func newRuntime(t testing.TB) *weft.Runtime {
	t.Helper()
	ctx := context.Background()
	rt, err := weft.NewRuntime(ctx, weft.NewConfig())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rt.Close(ctx) })
	return rt
}

func compileFile(t testing.TB, rt *weft.Runtime, path string) *weft.Component {
	t.Helper()
	bin, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := rt.Compile(context.Background(), bin)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func instantiate(t testing.TB, path string) *weft.Instance {
	t.Helper()
	rt := newRuntime(t)
	in, err := weft.NewLinker().Instantiate(context.Background(), compileFile(t, rt, path))
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func call(t *testing.T, in *weft.Instance, name string, args ...value.Value) []value.Value {
	t.Helper()
	f, err := in.Func(name)
	if err != nil {
		t.Fatal(err)
	}
	res, err := f.Call(context.Background(), args...)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return res
}

func TestCalculator(t *testing.T) {
	in := instantiate(t, "examples/calculator/calculator.wasm")
	if got := call(t, in, "example:calculator/math#add", value.F64(1.5), value.F64(2))[0].F64(); got != 3.5 {
		t.Errorf("add = %v, want 3.5", got)
	}
	r := call(t, in, "example:calculator/math#sqrt", value.F64(16))[0]
	if p, _ := r.Payload(); r.IsErr() || p.F64() != 4 {
		t.Errorf("sqrt(16) = %v, want ok(4)", r)
	}
	math, err := in.Instance("example:calculator/math")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(math.Exports(), ","); got != "add,sqrt" {
		t.Errorf("math exports %s", got)
	}
	sqrt, err := math.Func("sqrt")
	if err != nil {
		t.Fatal(err)
	}
	res, err := sqrt.Call(context.Background(), value.F64(-1))
	if err != nil {
		t.Fatal(err)
	}
	r = res[0]
	if p, _ := r.Payload(); !r.IsErr() || !strings.Contains(p.Str(), "negative") {
		t.Errorf("sqrt(-1) = %v, want an error string", r)
	}
}

func TestValues(t *testing.T) {
	in := instantiate(t, "testdata/api.wasm")
	s := strings.Repeat("héllo ", 200)
	if got := call(t, in, "echo", value.String(s))[0].Str(); got != s {
		t.Errorf("echo returned %q", got)
	}
	pts := make([]value.Value, 100)
	want := int64(0)
	for i := range pts {
		pts[i] = value.Record(value.S32(int32(i)), value.S32(int32(-2*i)))
		want += int64(-i)
	}
	if got := call(t, in, "sum", value.List(pts...))[0].S64(); got != want {
		t.Errorf("sum = %d, want %d", got, want)
	}
}

func TestErrors(t *testing.T) {
	ctx := context.Background()
	in := instantiate(t, "testdata/api.wasm")
	add, err := in.Func("add")
	if err != nil {
		t.Fatal(err)
	}

	_, err = add.Call(ctx, value.F64(1))
	var ae *weft.ArgumentError
	if !errors.As(err, &ae) || ae.Index != -1 || ae.Want != 2 || ae.Got != 1 {
		t.Errorf("wrong count: got %v", err)
	}
	_, err = add.Call(ctx, value.F64(1), value.String("x"))
	var me *value.MismatchError
	if !errors.As(err, &ae) || ae.Index != 1 || !errors.As(err, &me) {
		t.Errorf("wrong type: got %v", err)
	}

	_, err = in.Func("nope")
	var mx *weft.MissingExportError
	if !errors.As(err, &mx) || mx.Name != "nope" {
		t.Errorf("missing export: got %v", err)
	}

	// Invalid values from the guest are traps naming the problem.
	for name, want := range map[string]string{"bad-char": "char", "bad-enum": "discriminant"} {
		in := instantiate(t, "testdata/api.wasm")
		f, _ := in.Func(name)
		_, err := f.Call(ctx)
		var trap *weft.Trap
		if !errors.As(err, &trap) || !strings.Contains(trap.Reason, want) {
			t.Errorf("%s: got %v, want a trap about %s", name, err, want)
		}
	}

	boom, _ := in.Func("boom")
	_, err = boom.Call(ctx)
	var trap *weft.Trap
	if !errors.As(err, &trap) || !strings.Contains(trap.Reason, "unreachable") {
		t.Errorf("trap: got %v", err)
	}
	_, err = add.Call(ctx, value.F64(1), value.F64(2))
	if !errors.Is(err, weft.ErrPoisoned) {
		t.Errorf("call after a trap: got %v, want ErrPoisoned", err)
	}
}

func TestUnknownImport(t *testing.T) {
	rt := newRuntime(t)
	c := compileFile(t, rt, "testdata/host.wasm")
	var names []string
	for _, im := range c.Imports() {
		names = append(names, im.Name+" "+im.Func.String())
	}
	if got := strings.Join(names, "; "); got != "example:host/log@0.2.1#log func(msg: string); double func(x: u32) -> u32" {
		t.Errorf("imports: %s", got)
	}
	_, err := weft.NewLinker().Instantiate(context.Background(), c)
	var ue *weft.UnknownImportError
	if !errors.As(err, &ue) || err.Error() != "unknown import: example:host/log@0.2.1#log" {
		t.Errorf("got %v", err)
	}
}

func hostLinker(t *testing.T, logVersion string, logged *[]string) *weft.Linker {
	l := weft.NewLinker()
	err := l.DefineFunc("example:host/log@"+logVersion+"#log",
		&value.FuncType{Params: []value.Param{{Name: "msg", Type: value.StringType}}},
		func(ctx context.Context, args []value.Value) ([]value.Value, error) {
			*logged = append(*logged, args[0].Str())
			return nil, nil
		})
	if err != nil {
		t.Fatal(err)
	}
	err = l.DefineFunc("double",
		&value.FuncType{Params: []value.Param{{Name: "x", Type: value.U32Type}}, Result: value.U32Type},
		func(ctx context.Context, args []value.Value) ([]value.Value, error) {
			return []value.Value{value.U32(2 * args[0].U32())}, nil
		})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestLinker(t *testing.T) {
	ctx := context.Background()
	rt := newRuntime(t)
	c := compileFile(t, rt, "testdata/host.wasm")
	var logged []string
	l := hostLinker(t, "0.2.3", &logged)
	var seen []any
	l.DefineFunc("example:host/log@0.2.9#log", &value.FuncType{Params: []value.Param{{Name: "msg", Type: value.StringType}}},
		func(ctx context.Context, args []value.Value) ([]value.Value, error) {
			// the newest compatible version wins over 0.2.3
			logged = append(logged, args[0].Str())
			seen = append(seen, weft.InstanceData(ctx))
			return nil, nil
		})
	pre, err := l.InstantiatePre(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		in, err := pre.InstantiateWithData(ctx, i)
		if err != nil {
			t.Fatal(err)
		}
		call(t, in, "hello")
		if got := call(t, in, "quad", value.U32(3))[0].U32(); got != 12 {
			t.Errorf("quad(3) = %d", got)
		}
		in.Close(ctx)
	}
	if strings.Join(logged, ",") != "hello,hello" || len(seen) != 2 || seen[0] != 0 || seen[1] != 1 {
		t.Errorf("logged %q from instances %v", logged, seen)
	}

	// 0.3.0 is not compatible with 0.2.1.
	_, err = hostLinker(t, "0.3.0", &logged).InstantiatePre(ctx, c)
	var ue *weft.UnknownImportError
	if !errors.As(err, &ue) {
		t.Errorf("incompatible version: got %v", err)
	}

	// A definition of the wrong type.
	l = weft.NewLinker()
	l.DefineFunc("example:host/log@0.2.1#log", &value.FuncType{Params: []value.Param{{Name: "msg", Type: value.U32Type}}},
		func(ctx context.Context, args []value.Value) ([]value.Value, error) { return nil, nil })
	_, err = l.InstantiatePre(ctx, c)
	var te *weft.ImportTypeError
	if !errors.As(err, &te) {
		t.Errorf("wrong type: got %v", err)
	}
}

func TestHostTrap(t *testing.T) {
	ctx := context.Background()
	rt := newRuntime(t)
	c := compileFile(t, rt, "testdata/host.wasm")
	l := weft.NewLinker()
	l.DefineFunc("example:host/log@0.2.1#log", &value.FuncType{Params: []value.Param{{Name: "msg", Type: value.StringType}}},
		func(ctx context.Context, args []value.Value) ([]value.Value, error) {
			return nil, errors.New("disk full")
		})
	l.DefineFunc("double", &value.FuncType{Params: []value.Param{{Name: "x", Type: value.U32Type}}, Result: value.U32Type},
		func(ctx context.Context, args []value.Value) ([]value.Value, error) { return nil, nil })
	in, err := l.Instantiate(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	hello, _ := in.Func("hello")
	_, err = hello.Call(ctx)
	var trap *weft.Trap
	if !errors.As(err, &trap) || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("host error: got %v", err)
	}
	in, _ = l.Instantiate(ctx, c)
	quad, _ := in.Func("quad")
	if _, err = quad.Call(ctx, value.U32(1)); !errors.As(err, &trap) || !strings.Contains(err.Error(), "returned 0 results") {
		t.Errorf("bad host result: got %v", err)
	}
}

func TestResources(t *testing.T) {
	ctx := context.Background()
	in := instantiate(t, "testdata/api.wasm")
	c := call(t, in, "make-counter", value.U32(7))[0]
	if c.Kind() != value.KindOwn {
		t.Fatalf("make-counter returned %v", c)
	}
	if got := call(t, in, "counter-get", value.Borrow(c.Handle()))[0].U32(); got != 7 {
		t.Errorf("counter-get = %d, want 7", got)
	}
	if err := in.Drop(ctx, c); err != nil {
		t.Fatal(err)
	}
	if got := call(t, in, "dropped")[0].U32(); got != 1 {
		t.Errorf("dropped = %d, want 1", got)
	}
	if err := in.Drop(ctx, c); err == nil {
		t.Error("second drop succeeded")
	}
}

func TestDeepArgumentMismatch(t *testing.T) {
	ctx := context.Background()
	in := instantiate(t, "testdata/api.wasm")
	sum, _ := in.Func("sum")
	_, err := sum.Call(ctx, value.List(value.Record(value.S32(1), value.String("y"))))
	var ae *weft.ArgumentError
	var me *value.MismatchError
	if !errors.As(err, &ae) || ae.Index != 0 || !errors.As(err, &me) {
		t.Fatalf("got %v, want an argument error", err)
	}
	// The instance is still usable: a bad argument is not a trap.
	if got := call(t, in, "sum", value.List(value.Record(value.S32(1), value.S32(2))))[0].S64(); got != 3 {
		t.Errorf("sum = %d", got)
	}
}

func TestHostResources(t *testing.T) {
	ctx := context.Background()
	rt := newRuntime(t)
	c := compileFile(t, rt, "testdata/hostres.wasm")
	thing := &value.ResourceType{Name: "thing"}
	values := map[uint32]uint32{} // rep → value
	var dropped []uint32
	l := weft.NewLinker()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(l.DefineResource("example:host/things@1.0.2#thing", thing, func(ctx context.Context, rep uint32) error {
		dropped = append(dropped, rep)
		return nil
	}))
	must(l.DefineFunc("example:host/things@1.0.2#[constructor]thing",
		&value.FuncType{Params: []value.Param{{Name: "v", Type: value.U32Type}}, Result: &value.OwnType{Resource: thing}},
		func(ctx context.Context, args []value.Value) ([]value.Value, error) {
			rep := uint32(len(values) + 100)
			values[rep] = args[0].U32()
			return []value.Value{value.Own(&value.Handle{Type: thing, Rep: rep})}, nil
		}))
	var kept *value.Handle
	must(l.DefineFunc("example:host/things@1.0.2#[method]thing.get",
		&value.FuncType{Params: []value.Param{{Name: "self", Type: &value.BorrowType{Resource: thing}}}, Result: value.U32Type},
		func(ctx context.Context, args []value.Value) ([]value.Value, error) {
			h := args[0].Handle()
			kept = h
			if h.Type != thing {
				return nil, errors.New("not a thing")
			}
			return []value.Value{value.U32(values[h.Rep])}, nil
		}))
	in, err := l.Instantiate(ctx, c)
	must(err)
	if got := call(t, in, "run", value.U32(21))[0].U32(); got != 42 {
		t.Errorf("run(21) = %d, want 42", got)
	}
	if len(dropped) != 1 || dropped[0] != 100 {
		t.Errorf("dropped %v, want [100]", dropped)
	}
	call(t, in, "keep", value.U32(5))
	h := call(t, in, "give")[0]
	if h.Kind() != value.KindOwn || h.Handle().Type != thing || values[h.Handle().Rep] != 5 {
		t.Errorf("give returned %v", h)
	}
	// A host-owned handle lent to the guest, which lends it back to the host.
	if got := call(t, in, "peek", value.Borrow(h.Handle()))[0].U32(); got != 5 {
		t.Errorf("peek = %d, want 5", got)
	}
	// The borrow the host received ended with that call.
	peek, _ := in.Func("peek")
	var ae *weft.ArgumentError
	if _, err := peek.Call(ctx, value.Borrow(kept)); !errors.As(err, &ae) || !strings.Contains(err.Error(), "borrowed handle") {
		t.Errorf("stale borrow: got %v", err)
	}
}

// TestConcurrentInstances runs one Instance per goroutine from a shared
// InstancePre.
func TestConcurrentInstances(t *testing.T) {
	ctx := context.Background()
	rt := newRuntime(t)
	pre, err := weft.NewLinker().InstantiatePre(ctx, compileFile(t, rt, "testdata/api.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	for g := range 4 {
		go func() {
			in, err := pre.Instantiate(ctx)
			if err != nil {
				errs <- err
				return
			}
			defer in.Close(ctx)
			echo, err := in.Func("echo")
			if err != nil {
				errs <- err
				return
			}
			for i := range 50 {
				s := strings.Repeat("ab", g*10+i)
				res, err := echo.Call(ctx, value.String(s))
				if err != nil || res[0].Str() != s {
					errs <- fmt.Errorf("goroutine %d call %d: %v", g, i, err)
					return
				}
			}
			errs <- nil
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestResourceIdentityPerInstance: resource types are generative, so a
// handle from one instance is refused by another instance of the same
// component.
func TestResourceIdentityPerInstance(t *testing.T) {
	ctx := context.Background()
	rt := newRuntime(t)
	pre, err := weft.NewLinker().InstantiatePre(ctx, compileFile(t, rt, "testdata/api.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := pre.Instantiate(ctx)
	b, _ := pre.Instantiate(ctx)
	ta, _ := a.ExportedType("counter")
	tb, _ := b.ExportedType("counter")
	if ta == nil || ta == tb || ta.Name != "counter" {
		t.Fatalf("resource types %v and %v", ta, tb)
	}
	h := call(t, a, "make-counter", value.U32(1))[0]
	if h.Handle().Type != ta {
		t.Errorf("handle type %v, want %v", h.Handle().Type, ta)
	}
	get, _ := b.Func("counter-get")
	var ae *weft.ArgumentError
	if _, err := get.Call(ctx, value.Borrow(h.Handle())); !errors.As(err, &ae) {
		t.Errorf("instance b given a handle of instance a: got %v, want an argument error", err)
	}
	call(t, b, "dropped") // b is still usable
	if err := b.Drop(ctx, h); err == nil {
		t.Error("instance b dropped a handle of instance a")
	}
	if err := a.Drop(ctx, h); err != nil {
		t.Error(err)
	}
}

func TestContextInterrupt(t *testing.T) {
	ctx := context.Background()
	rt, err := weft.NewRuntime(ctx, weft.NewConfig().WithCloseOnContextDone(true))
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close(ctx)
	in, err := weft.NewLinker().Instantiate(ctx, compileFile(t, rt, "testdata/api.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	spin, _ := in.Func("spin")
	tctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := spin.Call(tctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("got %v, want the context's deadline error", err)
	}
	add, _ := in.Func("add")
	if _, err := add.Call(ctx, value.F64(1), value.F64(2)); !errors.Is(err, weft.ErrPoisoned) {
		t.Errorf("call after an interrupted call: got %v, want ErrPoisoned", err)
	}
}

// TestReallocMayNotLeave: a realloc that calls an import traps.
func TestReallocMayNotLeave(t *testing.T) {
	ctx := context.Background()
	rt := newRuntime(t)
	var logged []string
	in, err := hostLinker(t, "0.2.1", &logged).Instantiate(ctx, compileFile(t, rt, "testdata/host.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	length, _ := in.Func("length")
	_, err = length.Call(ctx, value.String("abc"))
	var trap *weft.Trap
	if !errors.As(err, &trap) || !strings.Contains(trap.Reason, "cannot leave component instance") {
		t.Errorf("got %v, want a trap: cannot leave component instance", err)
	}
}

func TestConfigIsImmutable(t *testing.T) {
	ctx := context.Background()
	base := weft.NewConfig()
	_ = base.WithCacheDir("/nonexistent/\x00bad").WithEngine(weft.EngineInterpreter)
	rt, err := weft.NewRuntime(ctx, base)
	if err != nil {
		t.Fatalf("the base config was changed by With calls: %v", err)
	}
	rt.Close(ctx)
	f, err := os.CreateTemp(t.TempDir(), "file")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	// A cache "directory" that is a file: the error surfaces in NewRuntime.
	if _, err := weft.NewRuntime(ctx, base.WithCacheDir(f.Name())); err == nil {
		t.Error("NewRuntime accepted a file as its cache directory")
	}
}

// TestHostReentrance: a call from the host enters the callee and all its
// ancestors, so a host function called during it may not call into the
// component again: not into the enclosing component, nor into a sibling of
// the caller (whose entering needs the enclosing component too).
func TestHostReentrance(t *testing.T) {
	ctx := context.Background()
	rt := newRuntime(t)
	c := compileFile(t, rt, "testdata/reenter.wasm")
	var in *weft.Instance
	var got []string
	l := weft.NewLinker()
	l.DefineFunc("cb", &value.FuncType{Params: []value.Param{{Name: "what", Type: value.U32Type}}},
		func(ctx context.Context, args []value.Value) ([]value.Value, error) {
			name := map[uint32]string{0: "sibling-ping", 1: "parent-ping"}[args[0].U32()]
			f, err := in.Func(name)
			if err != nil {
				return nil, err
			}
			res, err := f.Call(ctx)
			if err != nil {
				got = append(got, name+": "+err.Error())
				return nil, nil
			}
			got = append(got, fmt.Sprintf("%s: %d", name, res[0].U32()))
			return nil, nil
		})
	for what, name := range []string{"sibling-ping", "parent-ping"} {
		var err error
		if in, err = l.Instantiate(ctx, c); err != nil {
			t.Fatal(err)
		}
		call(t, in, "run", value.U32(uint32(what)))
		if len(got) != what+1 || !strings.Contains(got[what], name+": trap in "+name+": cannot enter component instance") {
			t.Errorf("host calling %s during a call: %q", name, got)
		}
		// Outside a call, the host may call it.
		if in, err = l.Instantiate(ctx, c); err != nil {
			t.Fatal(err)
		}
		call(t, in, name)
	}
}
