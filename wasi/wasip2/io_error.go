package wasip2

import (
	"context"
	"errors"

	"github.com/weftwasm/weft/value"
)

// ioError is the object behind a wasi:io/error handle: the failure of a
// stream operation, with where it came from so that
// filesystem-error-code and network-error-code can classify it.
type ioError struct {
	err    error
	origin errorOrigin
}

type errorOrigin uint8

const (
	originOther errorOrigin = iota
	originFilesystem
	originNetwork
)

// errClosed is what a stream operation returns when the stream has ended;
// it becomes stream-error.closed.
var errClosed = errors.New("stream closed")

// streamFailure is a failed stream operation; it becomes
// stream-error.last-operation-failed with an error resource.
type streamFailure struct {
	err    error
	origin errorOrigin
}

func (f *streamFailure) Error() string { return f.err.Error() }
func (f *streamFailure) Unwrap() error { return f.err }

func ioErrorFuncs(l *funcList) {
	t := sharedTypes
	l.add(ifaceError, "[method]error.to-debug-string", method(t.error, stringT),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			e, err := lookup[*ioError](h, t.error, args[0])
			if err != nil {
				return value.Value{}, err
			}
			return value.String(e.err.Error()), nil
		})
}

// streamResult turns the error of a stream operation into the err side of
// a result<_, stream-error>, or into a trap when it is neither a closed
// stream nor a failure of the operation.
func (h *Host) streamResult(err error) (value.Value, error) {
	var f *streamFailure
	switch {
	case errors.Is(err, errClosed):
		return value.Err(value.VariantCase("closed")), nil
	case errors.As(err, &f):
		e := h.own(h.types.error, &ioError{err: f.err, origin: f.origin})
		return value.Err(value.Variant("last-operation-failed", e)), nil
	}
	return value.Value{}, err
}
