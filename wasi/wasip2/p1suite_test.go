package wasip2_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/weftwasm/weft"
	"github.com/weftwasm/weft/internal/conformance"
	"github.com/weftwasm/weft/wasi/wasip2"
)

// p1Spec is the legacy form of a wasi-testsuite spec (NAME.json).
type p1Spec struct {
	Args     []string          `json:"args"`
	Env      map[string]string `json:"env"`
	Root     *string           `json:"root"`
	ExitCode int               `json:"exit_code"`
	Stdout   *string           `json:"stdout"`
	Stderr   *string           `json:"stderr"`
}

// p1KnownFailures are the suite's tests weft does not pass, with the
// reason. The harness checks they still fail, so a fix shows up.
// All three fail the same way under jco run, the reference P2 host, so the
// cause is the preview1 adapter with AssemblyScript, not the host.
var p1KnownFailures = map[string]string{
	// The adapter answers fd_write with no iovecs with success before it
	// looks at the descriptor, so the expected BADF never comes.
	"assemblyscript/fd_write-to-invalid-fd": "adapter: fd_write without iovecs succeeds for any fd",
	// Most likely: the adapter's state page, grown on the first WASI call, is claimed
	// by AssemblyScript's allocator when it starts afterwards (it takes
	// all memory above its heap base); the buffer then overwrites the
	// state and the adapter's magic-number assertion fails.
	"assemblyscript/args_get-multiple-arguments":    "adapter state overwritten by the AssemblyScript heap",
	"assemblyscript/environ_get-multiple-variables": "adapter state overwritten by the AssemblyScript heap",
}

// TestP1Suite runs the preview1 tests of wasi-testsuite, adapted to
// wasi:cli/command components, on the WASI host, applying each test's
// spec: arguments, exactly the given environment, a fresh copy of the
// root folder preopened as "/", the exit code and the output.
func TestP1Suite(t *testing.T) {
	dir := conformance.Dir(t, "wasi-p1")
	ctx := context.Background()
	rt, err := weft.NewRuntime(ctx, weft.NewConfig().WithCacheDir(filepath.Join(t.TempDir(), "cache")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rt.Close(ctx) })
	l := weft.NewLinker()
	if err := wasip2.AddToLinker(l); err != nil {
		t.Fatal(err)
	}
	var cases []string
	for _, lang := range []string{"assemblyscript", "c", "rust"} {
		ms, _ := filepath.Glob(filepath.Join(dir, lang, "*.wasm"))
		for _, m := range ms {
			if !strings.HasSuffix(m, ".component.wasm") {
				cases = append(cases, m)
			}
		}
	}
	if len(cases) < 70 {
		t.Fatalf("found only %d tests in %s", len(cases), dir)
	}
	var mu sync.Mutex
	var passed int
	var failed []string
	t.Run("cases", func(t *testing.T) {
		for _, m := range cases {
			name := filepath.Base(filepath.Dir(m)) + "/" + strings.TrimSuffix(filepath.Base(m), ".wasm")
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				problem := runP1Case(t, ctx, rt, l, m)
				mu.Lock()
				defer mu.Unlock()
				reason, known := p1KnownFailures[name]
				switch {
				case problem == "" && known:
					t.Errorf("passes now; remove it from p1KnownFailures (%s)", reason)
					passed++
				case problem == "":
					passed++
				case known:
					failed = append(failed, name)
					t.Logf("known failure (%s): %s", reason, problem)
				default:
					failed = append(failed, name)
					t.Error(problem)
				}
			})
		}
	})
	sort.Strings(failed)
	t.Logf("wasi-p1 components: %d of %d pass (%.1f%%); failing: %v", passed, len(cases), 100*float64(passed)/float64(len(cases)), failed)
	if passed*100 < 95*len(cases) {
		t.Errorf("pass rate below 95%%")
	}
}

// runP1Case runs the component of the test module m and returns what went
// wrong ("" when it passed).
func runP1Case(t *testing.T, ctx context.Context, rt *weft.Runtime, l *weft.Linker, m string) string {
	spec := p1Spec{}
	if data, err := os.ReadFile(strings.TrimSuffix(m, ".wasm") + ".json"); err == nil {
		if err := json.Unmarshal(data, &spec); err != nil {
			t.Fatalf("%s.json: %v", m, err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	wasm, err := os.ReadFile(strings.TrimSuffix(m, ".wasm") + ".component.wasm")
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	cfg := wasip2.Config{}.WithArgs(append([]string{filepath.Base(m)}, spec.Args...)...).
		WithStdout(&stdout).WithStderr(&stderr)
	for k, v := range spec.Env {
		cfg = cfg.WithEnv(k, v)
	}
	if spec.Root != nil {
		root := filepath.Join(t.TempDir(), "root")
		if err := copyTree(filepath.Join(filepath.Dir(m), *spec.Root), root); err != nil {
			t.Fatal(err)
		}
		cfg = cfg.WithPreopen(root, "/", false)
	}
	comp, err := rt.Compile(ctx, wasm)
	if err != nil {
		return "compile: " + err.Error()
	}
	pre, err := l.InstantiatePre(ctx, comp)
	if err != nil {
		return "link: " + err.Error()
	}
	code := 0
	err = wasip2.RunCommand(ctx, pre, cfg)
	var exit *wasip2.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.Code
	case err != nil:
		return "run: " + err.Error() + "; stderr: " + stderr.String()
	}
	want := spec.ExitCode
	if want != 0 {
		want = 1 // the preview1 adapter reports every non-zero exit as exit(err)
	}
	var problems []string
	if code != want {
		problems = append(problems, "exit code "+itoa(code)+", want "+itoa(want))
	}
	if spec.Stdout != nil && !strings.HasPrefix(stdout.String(), *spec.Stdout) {
		problems = append(problems, "stdout "+quote(stdout.String())+", want "+quote(*spec.Stdout))
	}
	if spec.Stderr != nil && !strings.HasPrefix(stderr.String(), *spec.Stderr) {
		problems = append(problems, "stderr "+quote(stderr.String())+", want "+quote(*spec.Stderr))
	}
	if len(problems) > 0 && spec.Stderr == nil && stderr.Len() > 0 {
		problems = append(problems, "stderr: "+quote(stderr.String()))
	}
	return strings.Join(problems, "; ")
}

func itoa(n int) string { return jsonString(n) }

func quote(s string) string {
	if len(s) > 400 {
		s = s[:400] + "..."
	}
	return jsonString(s)
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// copyTree copies the folder src to dst (created; an absent src gives an
// empty dst, as git keeps no empty folder).
func copyTree(src, dst string) error {
	if _, err := os.Stat(src); errors.Is(err, fs.ErrNotExist) {
		return os.MkdirAll(dst, 0o755)
	}
	return os.CopyFS(dst, os.DirFS(src))
}
