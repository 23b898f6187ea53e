package wasip2

import (
	"errors"
	"os"
	"testing"

	"github.com/weftwasm/weft/value"
)

func TestEnvironmentDeniedByDefault(t *testing.T) {
	t.Setenv("WEFT_SECRET", "hunter2")
	th := newTestHost(t, Config{})
	if env := th.call("wasi:cli/environment#get-environment"); len(env.Elems()) != 0 {
		t.Fatalf("environment leaked: %v", env)
	}
	if args := th.call("wasi:cli/environment#get-arguments"); len(args.Elems()) != 0 {
		t.Fatalf("arguments: %v", args)
	}
	if cwd := th.call("wasi:cli/environment#initial-cwd"); cwd.IsSome() {
		t.Fatalf("cwd: %v", cwd)
	}
}

func TestEnvironmentGranted(t *testing.T) {
	t.Setenv("WEFT_SECRET", "hunter2")
	th := newTestHost(t, Config{}.WithArgs("app", "-v").WithEnv("A", "1").WithInitialCwd("/work"))
	if got := th.call("wasi:cli/environment#get-environment").String(); got != `[("A", "1")]` {
		t.Fatalf("environment = %s", got)
	}
	if got := th.call("wasi:cli/environment#get-arguments").String(); got != `["app", "-v"]` {
		t.Fatalf("arguments = %s", got)
	}
	if got := th.call("wasi:cli/environment#initial-cwd").String(); got != `some("/work")` {
		t.Fatalf("cwd = %s", got)
	}
	inherit := newTestHost(t, Config{}.WithInheritEnv().WithEnv("WEFT_SECRET", "override"))
	found := 0
	for _, kv := range inherit.call("wasi:cli/environment#get-environment").Elems() {
		if kv.Elems()[0].Str() == "WEFT_SECRET" {
			found++
			if kv.Elems()[1].Str() != "override" {
				t.Errorf("WEFT_SECRET = %v", kv.Elems()[1])
			}
		}
	}
	if found != 1 {
		t.Errorf("WEFT_SECRET appears %d times", found)
	}
}

func TestExit(t *testing.T) {
	th := newTestHost(t, Config{})
	for _, c := range []struct {
		name string
		arg  value.Value
		code int
	}{
		{"exit", value.OkEmpty(), 0},
		{"exit", value.ErrEmpty(), 1},
		{"exit-with-code", value.U8(42), 42},
	} {
		_, err := th.try("wasi:cli/exit#"+c.name, c.arg)
		var ee *ExitError
		if !errors.As(err, &ee) || ee.Code != c.code {
			t.Errorf("%s(%v) = %v, want exit %d", c.name, c.arg, err, c.code)
		}
	}
}

func TestTerminalsOnlyForTerminals(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	th := newTestHost(t, Config{}.WithStdout(f))
	for _, name := range []string{"wasi:cli/terminal-stdin#get-terminal-stdin", "wasi:cli/terminal-stdout#get-terminal-stdout", "wasi:cli/terminal-stderr#get-terminal-stderr"} {
		if v := th.call(name); v.IsSome() {
			t.Errorf("%s = %v for a non-terminal", name, v)
		}
	}
}
