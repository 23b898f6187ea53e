package wasip2_test

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/weftwasm/weft/value"
	"github.com/weftwasm/weft/wasi/wasip2"
)

// A runtime links every Func by interface and name; here one is called by
// hand, as the runtime would after lifting the guest's arguments.
func ExampleNew() {
	cfg := wasip2.Config{}.
		WithArgs("app", "--verbose").
		WithStdout(os.Stdout)
	host, err := wasip2.New(cfg)
	if err != nil {
		panic(err)
	}
	defer host.Close()
	funcs := map[string]wasip2.Func{}
	for _, f := range host.Funcs() {
		funcs[f.Interface+"#"+f.Name] = f
	}
	ctx := context.Background()

	args, _ := funcs["wasi:cli/environment#get-arguments"].Call(ctx, nil)
	fmt.Println(args[0])

	out, _ := funcs["wasi:cli/stdout#get-stdout"].Call(ctx, nil)
	msg := []value.Value{}
	for _, b := range []byte("hello from the guest\n") {
		msg = append(msg, value.U8(b))
	}
	funcs["wasi:io/streams#[method]output-stream.blocking-write-and-flush"].Call(ctx,
		[]value.Value{value.Borrow(out[0].Handle()), value.List(msg...)})

	_, err = funcs["wasi:cli/exit#exit"].Call(ctx, []value.Value{value.ErrEmpty()})
	var exit *wasip2.ExitError
	fmt.Println(errors.As(err, &exit), exit.Code)
	// Output:
	// ["app", "--verbose"]
	// hello from the guest
	// true 1
}
