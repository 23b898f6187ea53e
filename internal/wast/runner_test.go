package wast

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/weftwasm/weft"
	"github.com/weftwasm/weft/internal/conformance"
)

// TestRuntimeSuite runs the values, resources and linking scripts on both
// engines and requires 95% of their commands to pass (skips count as
// failures).
func TestRuntimeSuite(t *testing.T) {
	cm := conformance.Dir(t, "component-model")
	for _, kind := range []weft.EngineKind{weft.EngineInterpreter, weft.EngineCompiler} {
		t.Run(kind.String(), func(t *testing.T) {
			ctx := context.Background()
			rt, err := weft.NewRuntime(ctx, weft.NewConfig().WithEngine(kind).
				WithCoreFeatures(weft.DefaultFeatures|weft.FeatureExceptionHandling))
			if err != nil {
				t.Fatal(err)
			}
			defer rt.Close(ctx)
			var total Result
			for _, sub := range []string{"values", "resources", "linking"} {
				files, _ := filepath.Glob(filepath.Join(cm, sub, "*.json"))
				for _, f := range files {
					m, err := ReadManifest(f)
					if err != nil {
						t.Fatal(err)
					}
					r := Run(ctx, rt, m)
					t.Logf("%s: %d passed, %d failed, %d skipped", filepath.Base(f), r.Passed, r.Failed, r.Skipped)
					total.Add(r)
				}
			}
			for _, f := range total.Failures {
				t.Log(f)
			}
			all := total.Passed + total.Failed + total.Skipped
			t.Logf("%d passed, %d failed, %d skipped", total.Passed, total.Failed, total.Skipped)
			if all == 0 || total.Passed*100 < all*95 {
				t.Errorf("only %d of %d commands passed; want at least 95%%", total.Passed, all)
			}
		})
	}
}
