package plan

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/weftwasm/weft/component"
)

// FuzzBuild plans arbitrary decodable components: planning must return a
// plan or an error, never panic or run away.
func FuzzBuild(f *testing.F) {
	for _, p := range []string{"../../testdata/api.wasm", "../../testdata/host.wasm", "../../examples/calculator/calculator.wasm"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	if files, _ := filepath.Glob("../../../shared/conformance/component-model/linking/*.wasm"); len(files) > 0 {
		for _, p := range files[:min(len(files), 20)] {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := component.Decode(data)
		if err != nil {
			return
		}
		p, err := Build(c)
		if err != nil {
			return
		}
		for _, st := range p.Steps {
			for _, a := range st.Args {
				if int(a.Inst) >= p.CoreInsts {
					t.Fatalf("step argument refers to core instance %d of %d", a.Inst, p.CoreInsts)
				}
			}
		}
	})
}
