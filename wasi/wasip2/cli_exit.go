package wasip2

import (
	"context"

	"github.com/weftwasm/weft/value"
)

func exitFuncs(l *funcList) {
	l.add(ifaceExit, "exit", fn(nil, "status", resultT(nil, nil)),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			if args[0].IsErr() {
				return value.Value{}, &ExitError{Code: 1}
			}
			return value.Value{}, &ExitError{Code: 0}
		})
	l.add(ifaceExit, "exit-with-code", fn(nil, "status-code", u8T),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			return value.Value{}, &ExitError{Code: int(args[0].U8())}
		})
}
