package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/weftwasm/weft/wit"
	"github.com/weftwasm/weft/witcomponent"
)

// witCommand is `weft wit`: parse and resolve WIT, print it canonically or
// as wit-parser's Resolve JSON.
func witCommand() command {
	return command{
		name:    "wit",
		summary: "print the WIT of a file, package directory or component; or its JSON",
		run:     runWit,
	}
}

func runWit(_ context.Context, env *cliEnv, args []string) int {
	fs := flag.NewFlagSet("wit", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	asJSON := fs.Bool("json", false, "print the resolved packages as wit-parser Resolve JSON")
	features := fs.String("features", "", "comma-separated `@unstable` features to enable")
	all := fs.Bool("all-features", false, "enable every `@unstable` feature")
	asWasm := fs.Bool("wasm", false, "write the main package as a binary WIT package (to -o, or stdout)")
	out := fs.String("o", "", "with --wasm, the `file` to write")
	fs.Usage = func() {
		fmt.Fprintln(env.stderr, "Usage: weft wit [--json | --wasm [-o FILE]] [--features a,b] [--all-features] PATH")
		fmt.Fprintln(env.stderr, "PATH is a .wit file, a package directory (with an optional deps/ folder),")
		fmt.Fprintln(env.stderr, "or a .wasm component (its world) or binary WIT package.")
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
	r := wit.NewResolve().WithAllFeatures(*all).WithBinaryDecoder(witcomponent.BinaryDecoder)
	for _, f := range strings.Split(*features, ",") {
		if f = strings.TrimSpace(f); f != "" {
			r = r.WithFeatures(f)
		}
	}
	var pkg wit.PackageID
	isComponent := false
	if isComponentFile(path) {
		d, err := decodeComponentFile(path)
		if err != nil {
			fmt.Fprintf(env.stderr, "weft wit: %v\n", err)
			return 1
		}
		r, pkg, isComponent = d.Resolve, d.Package, !d.IsPackage()
	} else {
		var err error
		if pkg, err = r.PushPath(path); err != nil {
			fmt.Fprintln(env.stderr, err)
			return 1
		}
	}
	if *asWasm {
		if isComponent {
			fmt.Fprintln(env.stderr, "weft wit: --wasm encodes a WIT package; give WIT or a binary WIT package, not a component")
			return 1
		}
		return writeWasmPackage(env, r, pkg, *out)
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

// isComponentFile reports whether path is a file starting with the wasm
// magic number.
func isComponentFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var magic [4]byte
	n, _ := f.Read(magic[:])
	return n == 4 && string(magic[:]) == "\x00asm"
}

// decodeComponentFile decodes a component's world, or a binary WIT package.
func decodeComponentFile(path string) (*witcomponent.Decoded, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	d, err := witcomponent.Decode(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// writeWasmPackage encodes package pkg as a binary WIT package.
func writeWasmPackage(env *cliEnv, r *wit.Resolve, pkg wit.PackageID, out string) int {
	b, err := witcomponent.EncodePackage(r, pkg)
	if err != nil {
		fmt.Fprintf(env.stderr, "weft wit: %v\n", err)
		return 1
	}
	if out == "" {
		if _, err := env.stdout.Write(b); err != nil {
			fmt.Fprintf(env.stderr, "weft wit: %v\n", err)
			return 1
		}
		return 0
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		fmt.Fprintf(env.stderr, "weft wit: %v\n", err)
		return 1
	}
	return 0
}
