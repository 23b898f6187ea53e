package wast

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/weftwasm/weft"
	"github.com/weftwasm/weft/value"
)

// Result counts the outcomes of a script's commands. Every command counts:
// modules and definitions pass when they compile and instantiate,
// assertions when they hold, and commands the runner cannot run (text
// modules, unknown command types) are skipped.
type Result struct {
	Passed, Failed, Skipped int
	// Failures describes each failed or skipped command, with its location.
	Failures []string
}

// Add accumulates r2 into r.
func (r *Result) Add(r2 Result) {
	r.Passed += r2.Passed
	r.Failed += r2.Failed
	r.Skipped += r2.Skipped
	r.Failures = append(r.Failures, r2.Failures...)
}

// runner holds the state of one script: compiled definitions and instances
// by name, and the current instance.
type runner struct {
	rt      *weft.Runtime
	m       *Manifest
	defs    map[string]*weft.Component
	named   map[string]*weft.Instance
	current *weft.Instance
	all     []*weft.Instance
}

// Run runs every command of m on rt.
func Run(ctx context.Context, rt *weft.Runtime, m *Manifest) Result {
	r := &runner{rt: rt, m: m, defs: map[string]*weft.Component{}, named: map[string]*weft.Instance{}}
	defer func() {
		for _, in := range r.all {
			_ = in.Close(ctx)
		}
	}()
	var res Result
	for i := range m.Commands {
		c := &m.Commands[i]
		skip, err := r.command(ctx, c)
		switch {
		case skip != "":
			res.Skipped++
			res.Failures = append(res.Failures, fmt.Sprintf("%s: skipped %s: %s", m.Where(c), c.Type, skip))
		case err != nil:
			res.Failed++
			res.Failures = append(res.Failures, fmt.Sprintf("%s: %s: %v", m.Where(c), c.Type, err))
		default:
			res.Passed++
		}
	}
	return res
}

func (r *runner) compile(ctx context.Context, c *Command) (*weft.Component, string, error) {
	if c.ModuleType == "text" || c.Filename == "" {
		return nil, "a text module needs a component text parser", nil
	}
	bin, err := os.ReadFile(r.m.File(c.Filename))
	if err != nil {
		return nil, "", err
	}
	comp, err := r.rt.Compile(ctx, bin)
	return comp, "", err
}

func (r *runner) instantiate(ctx context.Context, comp *weft.Component, name string) error {
	in, err := weft.NewLinker().Instantiate(ctx, comp)
	if err != nil {
		return err
	}
	r.all = append(r.all, in)
	r.current = in
	if name != "" {
		r.named[name] = in
	}
	return nil
}

// command runs one command; a non-empty skip says why it was not run.
func (r *runner) command(ctx context.Context, c *Command) (skip string, err error) {
	switch c.Type {
	case "module":
		r.current = nil // later commands must not run against an earlier module
		comp, skip, err := r.compile(ctx, c)
		if skip != "" || err != nil {
			return skip, err
		}
		if c.Name != "" {
			r.defs[c.Name] = comp
		}
		return "", r.instantiate(ctx, comp, c.Name)
	case "module_definition":
		comp, skip, err := r.compile(ctx, c)
		if skip != "" || err != nil {
			return skip, err
		}
		if c.Name != "" {
			r.defs[c.Name] = comp
		}
		return "", nil
	case "module_instance":
		r.current = nil
		comp, ok := r.defs[c.Module]
		if !ok {
			return "", fmt.Errorf("no component definition named %q", c.Module)
		}
		return "", r.instantiate(ctx, comp, c.Instance)
	case "assert_invalid", "assert_malformed":
		comp, skip, err := r.compile(ctx, c)
		if skip != "" {
			return skip, nil
		}
		if err == nil {
			if _, err = weft.NewLinker().InstantiatePre(ctx, comp); err == nil {
				return "", fmt.Errorf("compiled a component expected to be invalid (%q)", c.Text)
			}
		}
		return "", nil
	case "assert_unlinkable", "assert_uninstantiable":
		comp, skip, err := r.compile(ctx, c)
		if skip != "" || err != nil {
			return skip, err
		}
		in, err := weft.NewLinker().Instantiate(ctx, comp)
		if err == nil {
			r.all = append(r.all, in)
			return "", fmt.Errorf("instantiated a component expected to fail with %q", c.Text)
		}
		if c.Type == "assert_uninstantiable" {
			var t *weft.Trap
			if !errors.As(err, &t) {
				return "", fmt.Errorf("expected a trap %q, got %v", c.Text, err)
			}
		}
		return "", nil
	case "assert_return":
		res, err := r.invoke(ctx, c.Action)
		if err != nil {
			return "", err
		}
		want, err := toValues(c.Expected)
		if err != nil {
			return "", fmt.Errorf("expected values: %w", err)
		}
		if len(res) != len(want) {
			return "", fmt.Errorf("got %d results %v, want %d %v", len(res), res, len(want), want)
		}
		for i := range want {
			if !Equal(res[i], want[i]) {
				return "", fmt.Errorf("result %d: got %v, want %v", i, res[i], want[i])
			}
		}
		return "", nil
	case "assert_trap":
		_, err := r.invoke(ctx, c.Action)
		var t *weft.Trap
		if !errors.As(err, &t) {
			return "", fmt.Errorf("expected a trap %q, got %v", c.Text, err)
		}
		if !strings.Contains(err.Error(), c.Text) {
			return "", fmt.Errorf("expected a trap %q, got %v", c.Text, err)
		}
		return "", nil
	case "action":
		_, err := r.invoke(ctx, c.Action)
		return "", err
	}
	return fmt.Sprintf("command type %q is not supported", c.Type), nil
}

func (r *runner) invoke(ctx context.Context, a *Action) ([]value.Value, error) {
	if a == nil || a.Type != "invoke" {
		return nil, errors.New("unsupported action")
	}
	in := r.current
	if a.Module != "" {
		in = r.named[a.Module]
	}
	if in == nil {
		return nil, errors.New("no instance to invoke (the module failed)")
	}
	f, err := in.Func(a.Field)
	if err != nil {
		return nil, err
	}
	args, err := toValues(a.Args)
	if err != nil {
		return nil, fmt.Errorf("arguments: %w", err)
	}
	return f.Call(ctx, args...)
}
