package witcomponent_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/weftwasm/weft/component"
	"github.com/weftwasm/weft/wit"
	"github.com/weftwasm/weft/witcomponent"
)

func ExampleDecode() {
	data, err := os.ReadFile(filepath.Join("..", "examples", "calculator", "calculator.wasm"))
	if err != nil {
		fmt.Println(err)
		return
	}
	d, err := witcomponent.Decode(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(d.Resolve.Print(d.Package))
	// Output:
	// package root:component;
	//
	// world root {
	//   export example:calculator/math;
	// }
	//
	// package example:calculator {
	//
	//   interface math {
	//     add: func(a: f64, b: f64) -> f64;
	//
	//     sqrt: func(x: f64) -> result<f64, string>;
	//   }
	// }
}

// TestErrors checks that bad binaries give errors that name the offset and
// unwrap to the component package's error types.
func TestErrors(t *testing.T) {
	_, err := witcomponent.Decode([]byte("\x00asm\x0d\x00\x01\x00\x07\x05\x01"))
	var de *component.DecodeError
	var we *witcomponent.Error
	if !errors.As(err, &de) || !errors.As(err, &we) {
		t.Fatalf("malformed: %v (%T)", err, err)
	}
	// An import of a type index that does not exist: valid binary, invalid component.
	_, err = witcomponent.Decode([]byte("\x00asm\x0d\x00\x01\x00\x0a\x06\x01\x00\x01f\x01\x05"))
	var ve *component.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("invalid: %v (%T)", err, err)
	}
	_, err = witcomponent.BinaryDecoder("dir/x.wasm", []byte("\x00asm\x0d\x00\x01\x00"), wit.NewResolve())
	if !errors.As(err, &we) || we.File != "dir/x.wasm" {
		t.Fatalf("empty component as a package: %v", err)
	}
}
