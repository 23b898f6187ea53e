package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/weftwasm/weft"
)

func compileCommand() command {
	return command{
		name:    "compile",
		summary: "compile a component into the on-disk cache so later runs start fast",
		run:     runCompile,
	}
}

func runCompile(ctx context.Context, env *cliEnv, args []string) int {
	fs := flag.NewFlagSet("compile", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	cache := fs.String("cache", "", "compilation cache `DIR` (default: the user cache directory's weft/)")
	interp := fs.Bool("interpreter", false, "prepare for the interpreter instead of the compiler")
	fs.Usage = func() {
		fmt.Fprintln(env.stderr, "usage: weft compile [-cache DIR] [-interpreter] FILE.wasm...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	cfg, dir, err := runtimeConfig(*cache, *interp)
	if err != nil {
		fmt.Fprintln(env.stderr, "weft compile:", err)
		return 1
	}
	rt, err := weft.NewRuntime(ctx, cfg)
	if err != nil {
		fmt.Fprintln(env.stderr, "weft compile:", err)
		return 1
	}
	defer rt.Close(ctx)
	code := 0
	for _, path := range fs.Args() {
		bin, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(env.stderr, "weft compile:", err)
			code = 1
			continue
		}
		start := time.Now()
		if _, err := rt.Compile(ctx, bin); err != nil {
			fmt.Fprintf(env.stderr, "weft compile: %s: %v\n", path, err)
			code = 1
			continue
		}
		fmt.Fprintf(env.stdout, "%s: compiled in %v (cache %s)\n", path, time.Since(start).Round(time.Millisecond), dir)
	}
	return code
}
