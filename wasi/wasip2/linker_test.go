package wasip2_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/weftwasm/weft"
	"github.com/weftwasm/weft/wasi/wasip2"
)

var (
	cliCFile    = filepath.Join("..", "..", "testdata", "components", "cli-c", "cli-c.wasm")
	exitWatFile = filepath.Join("..", "..", "testdata", "components", "exit-wat", "exit-wat.wasm")
)

// linkedPre compiles file and resolves it against a Linker with the WASI
// definitions.
func linkedPre(t testing.TB, file string) *weft.InstancePre {
	t.Helper()
	ctx := context.Background()
	wasm, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	rt, err := weft.NewRuntime(ctx, weft.NewConfig())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rt.Close(ctx) })
	comp, err := rt.Compile(ctx, wasm)
	if err != nil {
		t.Fatal(err)
	}
	l := weft.NewLinker()
	if err := wasip2.AddToLinker(l); err != nil {
		t.Fatal(err)
	}
	pre, err := l.InstantiatePre(ctx, comp)
	if err != nil {
		t.Fatal(err)
	}
	return pre
}

// state is instance data of an embedder that keeps more than WASI.
type state struct {
	wasi *wasip2.Host
	name string
}

func (s *state) WASIP2() *wasip2.Host { return s.wasi }

// One InstancePre, several instances, each with its own Host: their
// arguments, output and exit codes do not mix.
func TestAddToLinkerHostPerInstance(t *testing.T) {
	ctx := context.Background()
	pre := linkedPre(t, cliCFile)
	var outs [3]bytes.Buffer
	for i := range outs {
		host, err := wasip2.New(wasip2.Config{}.WithArgs("cli-c", "env", "N").
			WithEnv("N", fmt.Sprint(i)).WithStdout(&outs[i]))
		if err != nil {
			t.Fatal(err)
		}
		defer host.Close()
		var data wasip2.Provider = host
		if i == 2 {
			data = &state{wasi: host, name: "embedder"}
		}
		inst, err := pre.InstantiateWithData(ctx, data)
		if err != nil {
			t.Fatal(err)
		}
		if err := wasip2.Run(ctx, inst); err != nil {
			t.Fatalf("instance %d: %v", i, err)
		}
		inst.Close(ctx)
	}
	for i := range outs {
		if got, want := outs[i].String(), fmt.Sprintf("%d\n", i); got != want {
			t.Errorf("instance %d printed %q, want %q", i, got, want)
		}
	}
}

// exit-wat imports wasi:cli/environment@0.2.0 and wasi:cli/exit@0.2.3;
// both link to the 0.2.12 definitions, and exit-with-code carries its code.
func TestAddToLinkerOlderVersionsAndExitCodes(t *testing.T) {
	ctx := context.Background()
	pre := linkedPre(t, exitWatFile)
	run := func(args ...string) error {
		return wasip2.RunCommand(ctx, pre, wasip2.Config{}.WithArgs(append([]string{"exit-wat"}, args...)...))
	}
	var exit *wasip2.ExitError
	if err := run("42"); !errors.As(err, &exit) || exit.Code != 42 {
		t.Errorf("exit-wat 42: %v", err)
	}
	if err := run(); !errors.As(err, &exit) || exit.Code != 1 {
		t.Errorf("run returning err: %v, want an *ExitError with code 1", err)
	}
	if err := run("0"); !errors.As(err, &exit) || exit.Code != 0 {
		t.Errorf("exit-wat 0: %v", err)
	}
	var trap *weft.Trap
	if err := run("trap"); !errors.As(err, &trap) || errors.As(err, &exit) {
		t.Errorf("exit-wat trap: %v, want a *weft.Trap", err)
	}
}

func TestAddToLinkerWithoutHost(t *testing.T) {
	ctx := context.Background()
	pre := linkedPre(t, exitWatFile)
	inst, err := pre.Instantiate(ctx) // no instance data
	if err != nil {
		t.Fatal(err)
	}
	defer inst.Close(ctx)
	if err := wasip2.Run(ctx, inst); !errors.Is(err, wasip2.ErrNoHost) {
		t.Fatalf("run without a Host: %v, want ErrNoHost", err)
	}
	if _, err := wasip2.FromContext(ctx); !errors.Is(err, wasip2.ErrNoHost) {
		t.Fatalf("FromContext outside a call: %v", err)
	}
}

func TestRunNotACommand(t *testing.T) {
	ctx := context.Background()
	calc := filepath.Join("..", "..", "examples", "calculator", "calculator.wasm")
	pre := linkedPre(t, calc)
	inst, err := pre.Instantiate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer inst.Close(ctx)
	if err := wasip2.Run(ctx, inst); err == nil {
		t.Fatal("Run of a component without wasi:cli/run: no error")
	}
}

func TestRunCommandBadConfig(t *testing.T) {
	pre := linkedPre(t, exitWatFile)
	cfg := wasip2.Config{}.WithPreopen(filepath.Join(t.TempDir(), "missing"), "/", true)
	if err := wasip2.RunCommand(context.Background(), pre, cfg); err == nil || !strings.Contains(err.Error(), "preopen") {
		t.Fatalf("a missing preopen: %v", err)
	}
}

func TestAddToLinkerTwice(t *testing.T) {
	l := weft.NewLinker()
	if err := wasip2.AddToLinker(l); err != nil {
		t.Fatal(err)
	}
	if err := wasip2.AddToLinker(l); err == nil {
		t.Fatal("defining WASI twice in one Linker: no error")
	}
}

// AddToLinker once, then one Host per instance.
func ExampleAddToLinker() {
	ctx := context.Background()
	wasm, _ := os.ReadFile("../../testdata/components/cli-c/cli-c.wasm")
	rt, _ := weft.NewRuntime(ctx, weft.NewConfig())
	defer rt.Close(ctx)
	comp, _ := rt.Compile(ctx, wasm)

	l := weft.NewLinker()
	if err := wasip2.AddToLinker(l); err != nil {
		panic(err)
	}
	pre, _ := l.InstantiatePre(ctx, comp)

	host, _ := wasip2.New(wasip2.Config{}.WithArgs("cli-c", "hello").WithStdout(os.Stdout))
	defer host.Close()
	inst, _ := pre.InstantiateWithData(ctx, host)
	defer inst.Close(ctx)
	err := wasip2.Run(ctx, inst)
	fmt.Println("error:", err)
	// Output:
	// hello from C
	// error: <nil>
}
