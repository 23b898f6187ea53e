package wasip2

import (
	"context"
	"io"

	"github.com/weftwasm/weft/value"
)

func (h *Host) stdioFuncs(l *funcList) {
	t := h.types
	l.add(ifaceStdin, "get-stdin", fn(ownT(t.inputStream)),
		func(context.Context, []value.Value) (value.Value, error) {
			if h.stdin == nil {
				return h.own(t.inputStream, closedInput{}), nil
			}
			return h.own(t.inputStream, sharedInput{h.stdin}), nil
		})
	// Every handle to stdout (or stderr) writes to the same stream, in
	// order; dropping one leaves the stream open.
	out := func(iface, name string, s *writerStream) {
		l.add(iface, name, fn(ownT(t.outputStream)), func(context.Context, []value.Value) (value.Value, error) {
			return h.own(t.outputStream, s), nil
		})
	}
	out(ifaceStdout, "get-stdout", h.stdout)
	out(ifaceStderr, "get-stderr", h.stderr)
}

// newWriterStream returns the stream for a configured stdout or stderr; nil
// discards.
func newWriterStream(w io.Writer) *writerStream {
	if w == nil {
		w = io.Discard
	}
	return &writerStream{w: w}
}
