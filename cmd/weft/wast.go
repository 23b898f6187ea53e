package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/weftwasm/weft"
	"github.com/weftwasm/weft/internal/wast"
)

func wastCommand() command {
	return command{
		name:    "wast",
		summary: "run json-from-wast component test manifests",
		run:     runWast,
	}
}

func runWast(ctx context.Context, env *cliEnv, args []string) int {
	fs := flag.NewFlagSet("wast", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	interp := fs.Bool("interpreter", false, "use the interpreter instead of the compiler")
	verbose := fs.Bool("v", false, "print a summary line per manifest")
	fs.Usage = func() {
		fmt.Fprintln(env.stderr, "usage: weft wast [-interpreter] [-v] MANIFEST.json...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	// Interruptible, so that a guest spinning forever stops on Ctrl-C.
	cfg := weft.NewConfig().WithCoreFeatures(weft.DefaultFeatures | weft.FeatureExceptionHandling).
		WithCloseOnContextDone(true)
	if *interp {
		cfg = cfg.WithEngine(weft.EngineInterpreter)
	}
	rt, err := weft.NewRuntime(ctx, cfg)
	if err != nil {
		fmt.Fprintln(env.stderr, "weft:", err)
		return 1
	}
	defer rt.Close(ctx)
	var total wast.Result
	for _, path := range fs.Args() {
		m, err := wast.ReadManifest(path)
		if err != nil {
			fmt.Fprintln(env.stderr, "weft:", err)
			return 1
		}
		r := wast.Run(ctx, rt, m)
		for _, f := range r.Failures {
			line, _, _ := strings.Cut(f, "\n") // engine errors may append a stack trace
			fmt.Fprintln(env.stdout, line)
		}
		if *verbose {
			fmt.Fprintf(env.stdout, "%s: %d passed, %d failed, %d skipped\n", path, r.Passed, r.Failed, r.Skipped)
		}
		total.Add(r)
	}
	fmt.Fprintf(env.stdout, "%d passed, %d failed, %d skipped\n", total.Passed, total.Failed, total.Skipped)
	if total.Failed > 0 || total.Skipped > 0 {
		return 1
	}
	return 0
}
