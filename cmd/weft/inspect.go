package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/weftwasm/weft/component"
)

func inspectCommand() command {
	return command{
		name:    "inspect",
		summary: "show a component's imports, exports, core modules and producers",
		run:     runInspect,
	}
}

func runInspect(_ context.Context, env *cliEnv, args []string) int {
	fs := flag.NewFlagSet("inspect", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	sections := fs.Bool("sections", false, "also list every section with its offset and size")
	fs.Usage = func() {
		fmt.Fprintln(env.stderr, "Usage: weft inspect [-sections] FILE.wasm")
		fmt.Fprintln(env.stderr)
		fmt.Fprintln(env.stderr, "Prints the imports and exports of a component with their types in a")
		fmt.Fprintln(env.stderr, "WIT-like syntax, its embedded core modules with their sizes, and its")
		fmt.Fprintln(env.stderr, "producers metadata.")
		fmt.Fprintln(env.stderr)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	file := fs.Arg(0)
	data, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(env.stderr, "weft inspect: %v\n", err)
		return 1
	}
	c, err := component.Decode(data)
	if err != nil {
		fmt.Fprintf(env.stderr, "%s: %v\n", file, err)
		return 1
	}
	// Types come from validation; a component that does not validate is
	// still described, by names and sorts.
	info, err := component.Validate(c)
	if err != nil {
		fmt.Fprintf(env.stderr, "%s: not valid, so types are not shown: %v\n", file, err)
		info = nil
	}
	printSummary(env.stdout, file, len(data), component.Summarize(c, info))
	if *sections {
		fmt.Fprintln(env.stdout, "\nsections:")
		printSections(env.stdout, "  ", c)
	}
	return 0
}

// printSections lists the sections of c, nested components indented.
func printSections(w io.Writer, indent string, c *component.Component) {
	for _, s := range c.Sections {
		sp := s.Span()
		fmt.Fprintf(w, "%s%#08x %-22s %8d bytes", indent, sp.Offset, s.ID(), sp.End-sp.Body)
		switch s := s.(type) {
		case *component.CustomSection:
			fmt.Fprintf(w, "  %q", s.Name)
		case *component.ComponentSection:
			fmt.Fprintln(w)
			printSections(w, indent+"  ", s.Component)
			continue
		}
		fmt.Fprintln(w)
	}
}

func printSummary(w io.Writer, file string, size int, s *component.Summary) {
	fmt.Fprintf(w, "%s: component, %d bytes\n", file, size)
	printItems(w, "imports", s.Imports)
	printItems(w, "exports", s.Exports)
	printPackages(w, s)
	fmt.Fprintf(w, "\ncore modules (%d):\n", len(s.Modules))
	for _, m := range s.Modules {
		fmt.Fprintf(w, "  %-24s %9d bytes at offset %#x\n", m.Path, m.Size, m.Offset)
		if m.Producers != nil {
			printProducers(w, "    ", m.Producers)
		}
	}
	if s.Components > 0 {
		fmt.Fprintf(w, "\nnested components: %d\n", s.Components)
	}
	if s.Producers != nil {
		fmt.Fprintln(w, "\nproducers:")
		printProducers(w, "  ", s.Producers)
	}
}

func printItems(w io.Writer, title string, items []component.ItemSummary) {
	fmt.Fprintf(w, "\n%s (%d):\n", title, len(items))
	for _, it := range items {
		if it.Type == "" {
			fmt.Fprintf(w, "  %s (%s)\n", it.Name, it.Sort)
			continue
		}
		typ := strings.ReplaceAll(it.Type, "\n", "\n  ")
		fmt.Fprintf(w, "  %s: %s\n", it.Name, typ)
	}
}

// printPackages lists the packages that the interface names among the
// imports and exports come from, with the interfaces used of each.
func printPackages(w io.Writer, s *component.Summary) {
	type use struct{ imports, exports []string }
	var order []string
	uses := map[string]*use{}
	add := func(items []component.ItemSummary, export bool) {
		for _, it := range items {
			n, err := component.ParseExternName(it.Name)
			if err != nil || n.Kind != component.NameInterface {
				continue
			}
			pkg := strings.Join(n.Namespaces, ":") + ":" + n.Package
			if n.Version != "" {
				pkg += "@" + n.Version
			}
			u := uses[pkg]
			if u == nil {
				u = &use{}
				uses[pkg] = u
				order = append(order, pkg)
			}
			iface := strings.Join(n.Projections, "/")
			if export {
				u.exports = append(u.exports, iface)
			} else {
				u.imports = append(u.imports, iface)
			}
		}
	}
	add(s.Imports, false)
	add(s.Exports, true)
	if len(order) == 0 {
		return
	}
	fmt.Fprintf(w, "\npackages (%d):\n", len(order))
	for _, pkg := range order {
		var parts []string
		if u := uses[pkg]; len(u.imports) > 0 {
			parts = append(parts, "imports "+strings.Join(u.imports, ", "))
		}
		if u := uses[pkg]; len(u.exports) > 0 {
			parts = append(parts, "exports "+strings.Join(u.exports, ", "))
		}
		fmt.Fprintf(w, "  %s: %s\n", pkg, strings.Join(parts, "; "))
	}
}

func printProducers(w io.Writer, indent string, p *component.Producers) {
	for _, f := range p.Fields {
		vals := make([]string, 0, len(f.Values))
		for _, v := range f.Values {
			vals = append(vals, strings.TrimSpace(v.Name+" "+v.Version))
		}
		fmt.Fprintf(w, "%s%s: %s\n", indent, f.Name, strings.Join(vals, ", "))
	}
}
