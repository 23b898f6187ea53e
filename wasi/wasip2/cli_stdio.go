package wasip2

import (
	"context"
	"io"

	"github.com/weftwasm/weft/value"
)

func stdioFuncs(l *funcList) {
	t := sharedTypes
	l.add(ifaceStdin, "get-stdin", fn(ownT(t.inputStream)),
		func(_ context.Context, h *Host, _ []value.Value) (value.Value, error) {
			if h.stdin == nil {
				return h.own(t.inputStream, closedInput{}), nil
			}
			return h.own(t.inputStream, sharedInput{h.stdin}), nil
		})
	// Every handle to stdout (or stderr) writes to the same stream, in
	// order; dropping one leaves the stream open.
	out := func(iface, name string, stream func(*Host) *writerStream) {
		l.add(iface, name, fn(ownT(t.outputStream)), func(_ context.Context, h *Host, _ []value.Value) (value.Value, error) {
			return h.own(t.outputStream, stream(h)), nil
		})
	}
	out(ifaceStdout, "get-stdout", func(h *Host) *writerStream { return h.stdout })
	out(ifaceStderr, "get-stderr", func(h *Host) *writerStream { return h.stderr })
}

// newWriterStream returns the stream for a configured stdout or stderr; nil
// discards.
func newWriterStream(w io.Writer) *writerStream {
	if w == nil {
		w = io.Discard
	}
	return &writerStream{w: w}
}
