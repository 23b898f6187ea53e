package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/weftwasm/weft/component"
	"github.com/weftwasm/weft/internal/corecheck"
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
	check := corecheck.New(ctx)
	defer check.Close(ctx)
	v := component.NewValidator().WithCoreModuleCheck(check.Module)
	code := 0
	for _, file := range fs.Args() {
		if err := validateFile(v, file); err != nil {
			fmt.Fprintf(env.stdout, "%s: %s\n", file, describe(err))
			code = 1
		}
	}
	return code
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

// describe renders an error as `offset 0xNN: message` when it has an offset.
func describe(err error) string {
	var de *component.DecodeError
	var ve *component.ValidationError
	switch {
	case errors.As(err, &ve), errors.As(err, &de):
		return err.Error()
	case errors.Is(err, os.ErrNotExist):
		return "no such file"
	}
	return err.Error()
}
