package wasip2

import (
	"context"
	"os"

	"github.com/weftwasm/weft/value"
)

// preopen is one directory granted by WithPreopen.
type preopen struct {
	root     *os.Root
	guest    string
	readOnly bool
}

func preopensFuncs(l *funcList) {
	t := sharedTypes
	l.add(ifacePreopens, "get-directories", fn(listT(tupleT(ownT(t.descriptor), stringT))),
		func(_ context.Context, h *Host, _ []value.Value) (value.Value, error) {
			vs := make([]value.Value, len(h.pre))
			for i, p := range h.pre {
				d := &descriptor{pre: p, rel: ".", dir: p.root, read: true, mutate: !p.readOnly}
				vs[i] = value.Tuple(h.own(t.descriptor, d), value.String(p.guest))
			}
			return value.List(vs...), nil
		})
}
