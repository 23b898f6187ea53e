package weft_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/weftwasm/weft"
	"github.com/weftwasm/weft/internal/conformance"
	"github.com/weftwasm/weft/value"
)

// TestRealComponentsLink compiles the components real toolchains built
// (wasi-testsuite programs wrapped with the preview1 adapter), links every
// import to a host function that fails, and instantiates them: planning,
// linking imported WASI interfaces and their resources, and instantiation
// (the adapter's start-up included) must all succeed.
func TestRealComponentsLink(t *testing.T) {
	dir := conformance.Dir(t, "wasi-p1")
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*.component.wasm"))
	if len(files) == 0 {
		t.Skip("no *.component.wasm under the wasi-p1 suite")
	}
	if len(files) > 12 {
		files = files[:12] // enough for coverage; keep the test fast
	}
	ctx := context.Background()
	rt := newRuntime(t)
	errNotImplemented := errors.New("not implemented by this test")
	for _, f := range files {
		bin, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c, err := rt.Compile(ctx, bin)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		if _, err := weft.NewLinker().InstantiatePre(ctx, c); !errors.As(err, new(*weft.UnknownImportError)) {
			t.Errorf("%s: empty linker: got %v, want an unknown import", filepath.Base(f), err)
		}
		l := weft.NewLinker()
		for _, im := range c.Imports() {
			switch {
			case im.Func != nil:
				err = l.DefineFunc(im.Name, im.Func, func(context.Context, []value.Value) ([]value.Value, error) {
					return nil, errNotImplemented
				})
			case im.Resource != nil:
				err = l.DefineResource(im.Name, im.Resource, nil)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		in, err := l.Instantiate(ctx, c)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		t.Logf("%s: %d imports linked, exports %v", filepath.Base(f), len(c.Imports()), in.Exports())
		// Running the program reaches a WASI function, which fails here: a
		// trap naming it, not a crash.
		run, err := in.Func("wasi:cli/run@0.2.12#run")
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
		} else if _, err := run.Call(ctx); !errors.Is(err, errNotImplemented) {
			t.Errorf("%s: run: got %v, want a trap from a stub", filepath.Base(f), err)
		}
		in.Close(ctx)
	}
}
