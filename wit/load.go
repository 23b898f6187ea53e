package wit

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/weftwasm/weft/wit/internal/parser"
)

// ErrBinaryPackage is returned for a text-format (.wat) WIT package, and for
// a binary (.wasm) one when no BinaryDecoder is installed: both need the
// component decoder, which this package does not import.
var ErrBinaryPackage = errors.New("binary and text-format (.wasm/.wat) WIT packages are not supported yet")

// BinaryDecoder decodes the binary WIT package data (read from path) and
// adds it, with the foreign packages it refers to that r lacks, to r,
// returning the package's id. Package witcomponent provides one; install it
// with Resolve.WithBinaryDecoder.
type BinaryDecoder func(path string, data []byte, r *Resolve) (PackageID, error)

// WithBinaryDecoder returns a copy of r that loads binary (.wasm) WIT
// packages, given to PushPath or found in a deps/ folder, with dec.
//
//	r := wit.NewResolve().WithBinaryDecoder(witcomponent.BinaryDecoder)
func (r *Resolve) WithBinaryDecoder(dec BinaryDecoder) *Resolve {
	c := r.clone()
	c.binary = dec
	return c
}

// pushBinary reads path and, if it is a binary WIT package and a decoder is
// installed, adds it to r. ok is false when path is WIT text.
func (r *Resolve) pushBinary(path string) (id PackageID, ok bool, err error) {
	if r.binary == nil || strings.HasSuffix(path, ".wat") {
		return 0, false, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, true, fmt.Errorf("failed to read path for WIT [%s]: %w", path, err)
	}
	if !strings.HasSuffix(path, ".wasm") && (len(b) < 4 || string(b[:4]) != "\x00asm") {
		return 0, false, nil
	}
	id, err = r.binary(path, b, r)
	return id, true, err
}

// packageGroup is the packages parsed from one file or directory: nested
// `package x { ... }` blocks and the main package.
type packageGroup struct {
	main   *unresolvedPackage
	nested []*unresolvedPackage
}

// sourceText is one file to parse.
type sourceText struct{ path, text string }

// parseGroup parses and resolves the files of one package. Files are
// processed in path order.
func (r *Resolve) parseGroup(files []sourceText) (*packageGroup, error) {
	sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })
	g := &packageGroup{}
	main := &resolver{}
	for _, f := range files {
		base := r.sources.add(f.path, f.text)
		file, err := parser.ParseFile(f.text, base)
		if err != nil {
			return nil, r.locate(err)
		}
		for _, n := range file.Nested {
			nr := &resolver{}
			if err := nr.push(n); err != nil {
				return nil, r.locate(err)
			}
			u, err := nr.resolve()
			if err != nil {
				return nil, r.locate(err)
			}
			g.nested = append(g.nested, u)
		}
		file.Nested = nil
		if err := main.push(file); err != nil {
			return nil, r.locate(err)
		}
	}
	u, err := main.resolve()
	if err != nil {
		return nil, r.locate(err)
	}
	g.main = u
	return g, nil
}

// locate turns internal errors carrying spans into *Error values.
func (r *Resolve) locate(err error) error {
	var se *syntaxError
	var pe *parser.Error
	switch {
	case errors.As(err, &se):
		return r.sources.errorAt(se.span, se.msg)
	case errors.As(err, &pe):
		return r.sources.errorAt(span{pe.Span.Start, pe.Span.End}, pe.Msg)
	}
	return err
}

// PushSource parses WIT text (one file's contents; path is used in
// messages) and adds its packages. It returns the id of the file's main
// package. On error the Resolve is left unchanged.
func (r *Resolve) PushSource(path, text string) (PackageID, error) {
	g, err := r.parseGroup([]sourceText{{path, text}})
	if err != nil {
		return 0, err
	}
	return r.pushGroups(g, nil)
}

// PushPath adds the WIT at path: a `.wit` file, or a directory holding a
// package's `.wit` files and an optional `deps/` folder of dependencies
// (each a directory or a `.wit` file). With a BinaryDecoder installed
// (WithBinaryDecoder), path and dependencies may also be binary (`.wasm`)
// WIT packages. It returns the main package's id.
// Errors are *Error values (possibly wrapped with the directory being
// loaded) that name file:line:column; on error the Resolve is left unchanged.
func (r *Resolve) PushPath(path string) (PackageID, error) {
	st, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	if st.IsDir() {
		id, err := r.pushDir(path)
		if err != nil {
			return 0, fmt.Errorf("failed to resolve directory while parsing WIT for path [%s]: %w", path, err)
		}
		return id, nil
	}
	if id, ok, err := r.pushBinary(path); ok {
		return id, err
	}
	g, err := r.parseFile(path)
	if err != nil {
		return 0, err
	}
	return r.pushGroups(g, nil)
}

func (r *Resolve) pushDir(path string) (PackageID, error) {
	main, err := r.parseDir(path)
	if err != nil {
		return 0, fmt.Errorf("failed to parse package: %s: %w", path, err)
	}
	depsDir := filepath.Join(path, "deps")
	deps, err := r.parseDeps(depsDir)
	if err != nil {
		return 0, fmt.Errorf("failed to parse dependency directory: %s: %w", depsDir, err)
	}
	return r.pushGroups(main, deps)
}

func (r *Resolve) parseDir(path string) (*packageGroup, error) {
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, fmt.Errorf("failed to read directory %q: %w", path, err)
	}
	var files []sourceText
	for _, e := range entries {
		full := filepath.Join(path, e.Name())
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".wit") {
			continue
		}
		if st, err := os.Stat(full); err != nil || st.IsDir() {
			continue
		}
		text, err := readText(full)
		if err != nil {
			return nil, err
		}
		files = append(files, sourceText{full, text})
	}
	return r.parseGroup(files)
}

func readText(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("failed to read file %q: %w", path, err)
	}
	if !utf8.Valid(b) {
		return "", fmt.Errorf("input file is not valid utf-8 [%s]", path)
	}
	return string(b), nil
}

func (r *Resolve) parseFile(path string) (*packageGroup, error) {
	if strings.HasSuffix(path, ".wasm") || strings.HasSuffix(path, ".wat") {
		return nil, fmt.Errorf("%s: %w", path, ErrBinaryPackage)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("failed to read path for WIT [%s]: %w", path, err)
	}
	if len(b) >= 4 && string(b[:4]) == "\x00asm" {
		return nil, fmt.Errorf("%s: %w", path, ErrBinaryPackage)
	}
	if !utf8.Valid(b) {
		return nil, fmt.Errorf("input file is not valid utf-8 [%s]", path)
	}
	return r.parseGroup([]sourceText{{path, string(b)}})
}

func (r *Resolve) parseDeps(path string) ([]*packageGroup, error) {
	entries, err := os.ReadDir(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("failed to read directory: %w", err)
	}
	var groups []*packageGroup
	for _, e := range entries { // os.ReadDir sorts by file name
		full := filepath.Join(path, e.Name())
		st, err := os.Stat(full)
		if err != nil {
			return nil, err
		}
		var g *packageGroup
		if st.IsDir() {
			if g, err = r.parseDir(full); err != nil {
				return nil, fmt.Errorf("failed to parse package: %s: %w", full, err)
			}
		} else {
			switch filepath.Ext(e.Name()) {
			case ".wit", ".wat", ".wasm":
				if _, ok, err := r.pushBinary(full); ok {
					if err != nil {
						return nil, err
					}
					continue
				}
				if g, err = r.parseFile(full); err != nil {
					return nil, err
				}
			default:
				continue
			}
		}
		groups = append(groups, g)
	}
	return groups, nil
}

// pushGroups adds a main group and its dependency groups in dependency
// order (packages visited in name order, each after its dependencies).
func (r *Resolve) pushGroups(main *packageGroup, deps []*packageGroup) (PackageID, error) {
	byName := map[string]*unresolvedPackage{}
	var names []PackageName
	add := func(g *packageGroup) error {
		for _, u := range append(append([]*unresolvedPackage(nil), g.nested...), g.main) {
			key := u.name.String()
			if _, ok := r.packageNames[key]; ok {
				return r.sources.errorAt(u.nameSpan, fmt.Sprintf("package `%s` is already present in this Resolve", key))
			}
			if prev, ok := byName[key]; ok {
				a, b := r.sources.errorAt(u.nameSpan, ""), r.sources.errorAt(prev.nameSpan, "")
				return &Error{Message: fmt.Sprintf("package `%s` is defined in two different locations:\n  * %s:%d:%d\n  * %s:%d:%d", key, a.File, a.Line, a.Column, b.File, b.Line, b.Column), File: a.File, Line: a.Line, Column: a.Column}
			}
			byName[key] = u
			names = append(names, u.name)
		}
		return nil
	}
	if err := add(main); err != nil {
		return 0, err
	}
	for _, d := range deps {
		if err := add(d); err != nil {
			return 0, err
		}
	}
	sort.Slice(names, func(i, j int) bool { return names[i].compare(names[j]) < 0 })
	var order []string
	done := map[string]bool{}
	visiting := map[string]bool{}
	var visit func(u *unresolvedPackage) error
	visit = func(u *unresolvedPackage) error {
		if done[u.name.String()] {
			return nil
		}
		for i, key := range u.foreignDeps.Keys() {
			if visiting[key] {
				return r.sources.errorAt(u.foreignDepSpans[i], fmt.Sprintf("package `%s` creates a dependency cycle", key))
			}
			visiting[key] = true
			if dep, ok := byName[key]; ok {
				if err := visit(dep); err != nil {
					return err
				}
			}
			delete(visiting, key)
		}
		done[u.name.String()] = true
		order = append(order, u.name.String())
		return nil
	}
	for _, n := range names {
		if err := visit(byName[n.String()]); err != nil {
			return 0, err
		}
	}
	mainKey := main.main.name.String()
	var mainID PackageID
	nw, ni, nt, np := len(r.Worlds), len(r.Interfaces), len(r.Types), len(r.Packages)
	for _, key := range order {
		id, err := r.appendPackage(byName[key])
		if err != nil {
			// Leave the Resolve as it was before this push.
			for _, p := range r.Packages[np:] {
				delete(r.packageNames, p.Name.String())
			}
			r.Worlds, r.Interfaces, r.Types, r.Packages = r.Worlds[:nw], r.Interfaces[:ni], r.Types[:nt], r.Packages[:np]
			return 0, r.locate(err)
		}
		if key == mainKey {
			mainID = id
		}
	}
	return mainID, nil
}
