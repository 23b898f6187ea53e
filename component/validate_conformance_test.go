package component

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/weftwasm/weft/internal/engine"
)

// wazeroCoreCheck returns a core module check that compiles modules with
// the engine (wazero's interpreter).
func wazeroCoreCheck(tb testing.TB) func([]byte) error {
	ctx := context.Background()
	cfg := engine.NewConfig().WithBackend(engine.BackendInterpreter).
		WithFeatures(engine.DefaultFeatures | engine.FeatureExceptionHandling)
	eng, err := engine.New(ctx, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { eng.Close(ctx) })
	return func(module []byte) error {
		m, err := eng.Compile(ctx, module)
		if err != nil {
			return err
		}
		return m.Close(ctx)
	}
}

// TestValidateConformance runs the component-model suite's module,
// module_definition, assert_invalid and assert_malformed commands through
// Decode and Validate and requires at least 98% of each kind to pass.
func TestValidateConformance(t *testing.T) {
	scripts := loadScripts(t)
	v := NewValidator().WithCoreModuleCheck(wazeroCoreCheck(t))
	type tally struct {
		pass, total, textMatch int
		fails, wrongText       []string
	}
	kinds := map[string]*tally{}
	names := make([]string, 0, len(scripts))
	for n := range scripts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, file := range names {
		dir := filepath.Dir(file)
		rel := filepath.Join(filepath.Base(dir), filepath.Base(file))
		for _, cmd := range scripts[file].Commands {
			switch cmd.Type {
			case "module", "module_definition", "assert_invalid", "assert_malformed":
			default:
				continue
			}
			path := cmd.binaryOf(dir)
			if path == "" {
				continue // text-only module: nothing to decode
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			kind := cmd.Type
			if kind == "module_definition" {
				kind = "module"
			}
			tl := kinds[kind]
			if tl == nil {
				tl = &tally{}
				kinds[kind] = tl
			}
			tl.total++
			err = decodeAndValidate(v, data)
			ok := false
			switch kind {
			case "module":
				ok = err == nil
			default:
				ok = err != nil
			}
			if ok {
				tl.pass++
				if err != nil && strings.Contains(err.Error(), cmd.Text) {
					tl.textMatch++
				} else if err != nil {
					tl.wrongText = append(tl.wrongText, fmt.Sprintf("%s:%d want %q, got %s", rel, cmd.Line, cmd.Text, err))
				}
				continue
			}
			what := "accepted"
			if err != nil {
				what = err.Error()
			}
			tl.fails = append(tl.fails, fmt.Sprintf("%s:%d %s (%s): want %q, got %s", rel, cmd.Line, cmd.Type, filepath.Base(path), cmd.Text, what))
		}
	}
	for _, kind := range []string{"module", "assert_invalid", "assert_malformed"} {
		tl := kinds[kind]
		if tl == nil {
			t.Fatalf("no %s commands found", kind)
		}
		pct := 100 * float64(tl.pass) / float64(tl.total)
		t.Logf("%-16s %d/%d pass (%.1f%%)", kind, tl.pass, tl.total, pct)
		for _, f := range tl.fails {
			t.Logf("  FAIL %s", f)
		}
		if kind != "module" {
			t.Logf("%-16s %d/%d rejected with the expected message text", kind, tl.textMatch, tl.pass)
			for _, f := range tl.wrongText {
				t.Logf("  other text: %s", f)
			}
		}
		if pct < 98 {
			t.Errorf("%s: %.1f%% pass, want at least 98%%", kind, pct)
		}
	}
}

func decodeAndValidate(v *Validator, data []byte) (err error) {
	c, err := Decode(data)
	if err != nil {
		return err
	}
	_, err = v.Validate(c)
	if err != nil {
		var ve *ValidationError
		var de *DecodeError
		if !errors.As(err, &ve) && !errors.As(err, &de) {
			return fmt.Errorf("error of unexpected type %T: %w", err, err)
		}
		if strings.TrimSpace(err.Error()) == "" {
			return fmt.Errorf("empty error message")
		}
	}
	return err
}
