package wasip2

import (
	"context"

	"github.com/weftwasm/weft/value"
)

func environmentFuncs(l *funcList) {
	l.add(ifaceEnvironment, "get-environment", fn(listT(tupleT(stringT, stringT))),
		func(_ context.Context, h *Host, _ []value.Value) (value.Value, error) {
			vs := make([]value.Value, len(h.env))
			for i, kv := range h.env {
				vs[i] = value.Tuple(value.String(kv[0]), value.String(kv[1]))
			}
			return value.List(vs...), nil
		})
	l.add(ifaceEnvironment, "get-arguments", fn(listT(stringT)),
		func(_ context.Context, h *Host, _ []value.Value) (value.Value, error) {
			vs := make([]value.Value, len(h.cfg.args))
			for i, a := range h.cfg.args {
				vs[i] = value.String(a)
			}
			return value.List(vs...), nil
		})
	l.add(ifaceEnvironment, "initial-cwd", fn(optionT(stringT)),
		func(_ context.Context, h *Host, _ []value.Value) (value.Value, error) {
			if h.cfg.cwd == "" {
				return value.None(), nil
			}
			return value.Some(value.String(h.cfg.cwd)), nil
		})
}
