package weft_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/weftwasm/weft"
)

// FuzzInstantiate compiles, instantiates and calls arbitrary components:
// whatever a hostile component does, weft returns errors, never panics or
// hangs (calls are bounded by a context deadline).
func FuzzInstantiate(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.wasm")
	more, _ := filepath.Glob("../shared/conformance/component-model/values/*.wasm")
	seeds = append(seeds, more...)
	for _, p := range seeds {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	ctx := context.Background()
	rt, err := weft.NewRuntime(ctx, weft.NewConfig().WithEngine(weft.EngineInterpreter).
		WithCloseOnContextDone(true).WithMemoryLimitPages(64))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { rt.Close(ctx) })
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		c, err := rt.Compile(ctx, data)
		if err != nil {
			return
		}
		in, err := weft.NewLinker().Instantiate(ctx, c)
		if err != nil {
			return
		}
		defer in.Close(ctx)
		for _, name := range in.Exports() {
			fn, err := in.Func(name)
			if err != nil || len(fn.Type().Params) > 0 {
				continue
			}
			_, _ = fn.Call(ctx)
		}
	})
}
