package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/weftwasm/weft"
	"github.com/weftwasm/weft/wasi/wasip2"
	"github.com/weftwasm/weft/wave"
)

func runCommand() command {
	return command{
		name:    "run",
		summary: "run a wasi:cli/command component (weft run [--dir D] FILE.wasm ARGS...), or call one export with --invoke",
		run:     runRun,
	}
}

// exitTrap is the exit status of a guest that trapped (as wasmtime: 128 +
// SIGABRT).
const exitTrap = 134

// exitInterrupted is the exit status when a signal stops the guest (128 +
// SIGINT).
const exitInterrupted = 130

func runRun(ctx context.Context, env *cliEnv, args []string) int {
	fs := flag.NewFlagSet("weft run", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	invoke := fs.String("invoke", "", "call `CALL`, a WAVE function call such as 'add(2.0, 3.0)', and print its results")
	cache := fs.String("cache", "", "compilation cache `DIR` (default: the user cache directory's weft/; \"off\" disables it)")
	interp := fs.Bool("interpreter", false, "run on the interpreter instead of the compiler")
	wf := addWASIFlags(fs)
	fs.Usage = func() {
		fmt.Fprintln(env.stderr, "Usage: weft run [flags] FILE.wasm [ARGS...]")
		fmt.Fprintln(env.stderr, "Runs wasi:cli/run; the exit status is the guest's (1 when run returns err, 134 on a trap).")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() < 1 {
		fs.Usage()
		return 2
	}
	file := fs.Arg(0)
	guestErr := &lineEndWriter{w: env.stderr}
	wcfg, err := wf.config(wasip2.Config{}.
		WithArgs(append([]string{filepath.Base(file)}, fs.Args()[1:]...)...).
		WithStdin(env.stdin).WithStdout(env.stdout).WithStderr(guestErr))
	if err != nil {
		fmt.Fprintln(env.stderr, "weft run:", err)
		return 2
	}
	cfg, _, err := runtimeConfig(*cache, *interp)
	if err != nil {
		fmt.Fprintln(env.stderr, "weft run:", err)
		return 1
	}
	var call *wave.Call
	if *invoke != "" {
		if call, err = wave.ParseCall(*invoke); err != nil {
			fmt.Fprintf(env.stderr, "weft run: --invoke %q: %v\n", *invoke, err)
			return 1
		}
	}
	wasm, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(env.stderr, "weft run: %v\n", err)
		return 1
	}
	rt, err := weft.NewRuntime(ctx, cfg)
	if err != nil {
		fmt.Fprintf(env.stderr, "weft run: %v\n", err)
		return 1
	}
	defer rt.Close(ctx)
	comp, err := rt.Compile(ctx, wasm)
	if err != nil {
		fmt.Fprintf(env.stderr, "weft run: %s: %v\n", file, err)
		return 1
	}
	l := weft.NewLinker()
	if err := wasip2.AddToLinker(l); err != nil {
		fmt.Fprintf(env.stderr, "weft run: %v\n", err)
		return 1
	}
	pre, err := l.InstantiatePre(ctx, comp)
	if err != nil {
		fmt.Fprintf(env.stderr, "weft run: %s: %v\n", file, err)
		return 1
	}
	host, err := wasip2.New(wcfg)
	if err != nil {
		fmt.Fprintf(env.stderr, "weft run: %v\n", err)
		return 1
	}
	defer host.Close()
	// weft's own messages start on a line of their own.
	env = &cliEnv{stdin: env.stdin, stdout: env.stdout, stderr: guestErr}
	inst, err := pre.InstantiateWithData(ctx, host)
	if err != nil {
		return guestFailed(ctx, env, file, err)
	}
	defer inst.Close(ctx)
	if call != nil {
		return invoke1(ctx, env, inst, file, *invoke, call)
	}
	return guestFailed(ctx, env, file, wasip2.Run(ctx, inst))
}

// guestFailed turns the outcome of guest code into the exit status: the
// guest's own exit code, 130 when interrupted, 134 and the message for a
// trap, 1 for any other failure.
func guestFailed(ctx context.Context, env *cliEnv, file string, err error) int {
	if err == nil {
		return 0
	}
	var exit *wasip2.ExitError
	if errors.As(err, &exit) {
		return exit.Code
	}
	if l, ok := env.stderr.(*lineEndWriter); ok {
		l.endLine()
	}
	if ctx.Err() != nil {
		fmt.Fprintf(env.stderr, "weft run: %s: interrupted\n", file)
		return exitInterrupted
	}
	fmt.Fprintf(env.stderr, "weft run: %s: %v\n", file, err)
	var trap *weft.Trap
	if errors.As(err, &trap) {
		return exitTrap
	}
	return 1
}

// lineEndWriter passes writes through and, when the next writer of the
// stream is not the guest, ends a line the guest left unfinished.
type lineEndWriter struct {
	mu      sync.Mutex
	w       io.Writer
	midLine bool
}

// endLine writes a newline if the guest's last write did not end one.
func (l *lineEndWriter) endLine() {
	l.mu.Lock()
	mid := l.midLine
	l.mu.Unlock()
	if mid {
		l.Write([]byte{'\n'})
	}
}

func (l *lineEndWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	n, err := l.w.Write(p)
	if n > 0 {
		l.midLine = p[n-1] != '\n'
	}
	return n, err
}

// invoke1 calls the WAVE call text on inst, printing the result in WAVE on
// one line.
func invoke1(ctx context.Context, env *cliEnv, inst *weft.Instance, file, callText string, call *wave.Call) int {
	fn, err := lookupFunc(inst, call.Name)
	if err != nil {
		fmt.Fprintf(env.stderr, "weft run: %s: %v\n", file, err)
		return 1
	}
	ft := fn.Type()
	params, err := call.Args(ft)
	if err != nil {
		fmt.Fprintf(env.stderr, "weft run: --invoke %q: %v (%s is %s)\n", callText, err, call.Name, ft)
		return 1
	}
	results, err := fn.Call(ctx, params...)
	if err != nil {
		return guestFailed(ctx, env, call.Name, err)
	}
	if ft.Result != nil && len(results) == 1 {
		out, err := wave.Format(results[0], ft.Result)
		if err != nil {
			fmt.Fprintf(env.stderr, "weft run: printing the result of %s: %v\n", call.Name, err)
			return 1
		}
		fmt.Fprintln(env.stdout, out)
	}
	return 0
}

// lookupFunc finds the export a WAVE call names: "f" at the root or, if not
// there, in exactly one exported instance; "iface.f" or "ns:pkg/iface.f@v"
// in the named exported instance ("ns:pkg/iface.f" in it at whatever
// version it is exported).
func lookupFunc(inst *weft.Instance, name string) (*weft.Func, error) {
	if iface, fn, ok := splitCallName(name); ok {
		f, err := inst.Func(iface + "#" + fn)
		if err == nil || strings.Contains(iface, "@") {
			return f, err
		}
		// "ns:pkg/iface.f" without a version: the one exported version.
		for _, exp := range inst.Exports() {
			if base, _, _ := strings.Cut(exp, "@"); base == iface && exp != iface {
				return inst.Func(exp + "#" + fn)
			}
		}
		return f, err
	}
	if fn, err := inst.Func(name); err == nil {
		return fn, nil
	}
	var found *weft.Func
	var where []string
	for _, exp := range inst.Exports() {
		if fn, err := inst.Func(exp + "#" + name); err == nil {
			found = fn
			where = append(where, exp)
		}
	}
	switch len(where) {
	case 0:
		_, err := inst.Func(name)
		return nil, err
	case 1:
		return found, nil
	}
	return nil, fmt.Errorf("function %q is ambiguous: exported by %s; qualify it, e.g. %s.%s",
		name, strings.Join(where, ", "), where[0], name)
}

// splitCallName splits a qualified WAVE call name into the exported
// instance and the function: "iface.f" → ("iface", "f"),
// "ns:pkg/iface.f@1.2.3" → ("ns:pkg/iface@1.2.3", "f"). A bare name is not
// qualified.
func splitCallName(name string) (instance, fn string, ok bool) {
	base, version := name, ""
	if at := strings.LastIndexByte(name, '@'); at > strings.LastIndexByte(name, '/') {
		base, version = name[:at], name[at:]
	}
	dot := strings.LastIndexByte(base, '.')
	if dot <= 0 || dot == len(base)-1 {
		return "", "", false
	}
	return base[:dot] + version, base[dot+1:], true
}

// runtimeConfig is the runtime configuration the -cache and -interpreter
// flags ask for, and the cache directory it uses ("" for none); run and
// compile share it, so a compiled component is found in the cache by a later
// run. Guest code stops when the command is interrupted (Ctrl-C, SIGTERM).
func runtimeConfig(cache string, interpreter bool) (weft.Config, string, error) {
	cfg := weft.NewConfig().WithCloseOnContextDone(true)
	if interpreter {
		cfg = cfg.WithEngine(weft.EngineInterpreter)
	}
	switch cache {
	case "off":
		return cfg, "", nil
	case "":
		dir, err := weft.DefaultCacheDir()
		if err != nil {
			return cfg, "", err
		}
		cache = dir
	}
	return cfg.WithCacheDir(cache), cache, nil
}
