package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/weftwasm/weft/wit"
)

// witCommand is `weft wit`: parse and resolve WIT, print it canonically or
// as wit-parser's Resolve JSON.
func witCommand() command {
	return command{
		name:    "wit",
		summary: "resolve a WIT file or package directory; print canonical WIT or JSON",
		run:     runWit,
	}
}

func runWit(_ context.Context, env *cliEnv, args []string) int {
	fs := flag.NewFlagSet("wit", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	asJSON := fs.Bool("json", false, "print the resolved packages as wit-parser Resolve JSON")
	features := fs.String("features", "", "comma-separated `@unstable` features to enable")
	all := fs.Bool("all-features", false, "enable every `@unstable` feature")
	fs.Usage = func() {
		fmt.Fprintln(env.stderr, "Usage: weft wit [--json] [--features a,b] [--all-features] PATH")
		fmt.Fprintln(env.stderr, "PATH is a .wit file or a package directory (with an optional deps/ folder).")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	path := fs.Arg(0)
	if strings.HasSuffix(path, ".wasm") {
		fmt.Fprintf(env.stderr, "weft wit: %s: binary components are not supported yet\n", path)
		return 1
	}
	r := wit.NewResolve().WithAllFeatures(*all)
	for _, f := range strings.Split(*features, ",") {
		if f = strings.TrimSpace(f); f != "" {
			r = r.WithFeatures(f)
		}
	}
	pkg, err := r.PushPath(path)
	if err != nil {
		fmt.Fprintln(env.stderr, err)
		return 1
	}
	if *asJSON {
		b, err := r.MarshalJSON()
		if err != nil {
			fmt.Fprintln(env.stderr, err)
			return 1
		}
		fmt.Fprintln(env.stdout, string(b))
		return 0
	}
	fmt.Fprint(env.stdout, r.Print(pkg))
	return 0
}
