package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/weftwasm/weft/component"
	"github.com/weftwasm/weft/internal/engine"
)

// validateCommand is `weft validate FILE.wasm...`: decode and validate each
// component, printing nothing for valid ones and `FILE: offset 0xNN: message`
// for the others.
func validateCommand() command {
	return command{
		name:    "validate",
		summary: "check that components are valid",
		run:     runValidate,
	}
}

func runValidate(ctx context.Context, env *cliEnv, args []string) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		fmt.Fprintln(env.stderr, "usage: weft validate FILE.wasm...")
		fmt.Fprintln(env.stderr, "Exits 0 when every file is a valid component, 1 otherwise.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	check, closeCheck, err := coreModuleCheck(ctx)
	if err != nil {
		fmt.Fprintf(env.stderr, "weft validate: %v\n", err)
		return 1
	}
	defer closeCheck()
	v := component.NewValidator().WithCoreModuleCheck(check)
	code := 0
	for _, file := range fs.Args() {
		if err := validateFile(v, file); err != nil {
			fmt.Fprintf(env.stdout, "%s: %s\n", file, describe(err))
			code = 1
		}
	}
	return code
}

// coreModuleCheck returns a function that validates a core module by
// compiling it with the engine's interpreter (which starts fastest), and a
// function that releases the engine.
func coreModuleCheck(ctx context.Context) (check func([]byte) error, release func(), err error) {
	cfg := engine.NewConfig().WithBackend(engine.BackendInterpreter).
		WithFeatures(engine.DefaultFeatures | engine.FeatureExceptionHandling)
	eng, err := engine.New(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	check = func(module []byte) error {
		m, err := eng.Compile(ctx, module)
		if err != nil {
			return err
		}
		return m.Close(ctx)
	}
	return check, func() { eng.Close(ctx) }, nil
}

func validateFile(v *component.Validator, file string) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	c, err := component.Decode(data)
	if err != nil {
		return err
	}
	_, err = v.Validate(c)
	return err
}

// describe renders an error on one line, as `offset 0xNN: message` when it
// has an offset.
func describe(err error) string {
	if errors.Is(err, os.ErrNotExist) {
		return "no such file"
	}
	return strings.Join(strings.Fields(strings.ReplaceAll(err.Error(), "\n", "; ")), " ")
}
