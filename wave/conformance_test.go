package wave

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/weftwasm/weft/internal/conformance"
	"github.com/weftwasm/weft/value"
)

// uiResult is the output for one input of a .waves file: its leading
// comment lines and the result line.
type uiResult struct {
	input  string
	lines  []string
	failed bool
}

// runUIFile runs one .waves script the way wasm-wave's ui test does: split
// into inputs on ";\n", copy leading // comment lines, then parse each input
// as a call, type its arguments and print `name(param: value, ...)` or the
// error.
func runUIFile(funcs map[string]*value.FuncType, script string) []uiResult {
	script = strings.TrimRight(strings.TrimRightFunc(script, isSpace), ";")
	var results []uiResult
	for _, input := range strings.Split(script, ";\n") {
		var r uiResult
		for strings.HasPrefix(input, "//") {
			comment, rest, ok := strings.Cut(input, "\n")
			if !ok {
				break
			}
			r.lines = append(r.lines, comment)
			input = rest
		}
		r.input = input
		line, failed := runUICall(input, funcs)
		r.lines = append(r.lines, line)
		r.failed = failed
		results = append(results, r)
	}
	return results
}

func isSpace(r rune) bool { return strings.ContainsRune(" \t\n\r\v\f\u0085\u00a0", r) }

func runUICall(input string, funcs map[string]*value.FuncType) (string, bool) {
	call, err := ParseCall(input)
	if err != nil {
		return err.Error(), true
	}
	ft, ok := funcs[call.Name]
	if !ok {
		return "unknown test func " + strconv.Quote(call.Name), true
	}
	args, err := call.Args(ft)
	if err != nil {
		return err.Error(), true
	}
	out, err := FormatCall(call.Name, ft, args)
	if err != nil {
		return "format: " + err.Error(), true
	}
	return out, false
}

func TestConformanceUI(t *testing.T) {
	dir := filepath.Join(conformance.Dir(t, "wave"), "ui")
	funcs := uiFuncTypes(t, dir)
	scripts, err := filepath.Glob(filepath.Join(dir, "*.waves"))
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no .waves files in %s (%v)", dir, err)
	}
	total, matched := 0, 0
	for _, path := range scripts {
		name := strings.TrimSuffix(filepath.Base(path), ".waves")
		t.Run(name, func(t *testing.T) {
			script, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			golden, err := os.ReadFile(strings.TrimSuffix(path, ".waves") + ".out")
			if err != nil {
				t.Fatal(err)
			}
			want := strings.Split(strings.TrimSuffix(string(golden), "\n"), "\n")
			var got strings.Builder
			for _, r := range runUIFile(funcs, string(script)) {
				total++
				n := len(r.lines)
				var exp []string
				if len(want) >= n {
					exp, want = want[:n], want[n:]
				}
				if strings.Join(exp, "\n") == strings.Join(r.lines, "\n") {
					matched++
				} else {
					t.Errorf("input %q:\n got: %s\nwant: %s", r.input, strings.Join(r.lines, "\n"), strings.Join(exp, "\n"))
				}
				switch {
				case strings.HasPrefix(name, "accept-") && r.failed:
					t.Errorf("accept file rejected %q: %s", r.input, r.lines[len(r.lines)-1])
				case strings.HasPrefix(name, "reject-") && !r.failed:
					t.Errorf("reject file accepted %q: %s", r.input, r.lines[len(r.lines)-1])
				}
				for _, l := range r.lines {
					got.WriteString(l + "\n")
				}
			}
			if got.String() != string(golden) {
				t.Errorf("output differs from %s.out", name)
			}
		})
	}
	t.Logf("WAVE conformance: %d of %d inputs match exactly", matched, total)
}
