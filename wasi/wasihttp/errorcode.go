package wasihttp

import (
	"context"
	"errors"
	"net"
	"net/url"
	"os"
	"syscall"

	"github.com/weftwasm/weft/value"
)

// ErrorCode is a wasi:http error-code a guest reported, e.g. when it set
// its response to an error.
type ErrorCode struct {
	Case    string // the error-code case, e.g. "HTTP-request-denied"
	Payload string // the payload as text, if any
}

func (e *ErrorCode) Error() string {
	if e.Payload != "" {
		return "wasi:http error-code " + e.Case + ": " + e.Payload
	}
	return "wasi:http error-code " + e.Case
}

func internalError(msg string) value.Value {
	return value.Variant("internal-error", value.Some(value.String(msg)))
}

// errorCodeOf maps an error of Go's HTTP client to an error-code value.
func errorCodeOf(err error) value.Value {
	var dnsErr *net.DNSError
	switch {
	case errors.Is(err, errBetweenBytes):
		return value.VariantCase("connection-read-timeout")
	case errors.As(err, &dnsErr):
		if dnsErr.IsTimeout {
			return value.VariantCase("DNS-timeout")
		}
		return value.Variant("DNS-error", value.Record(value.Some(value.String(dnsErr.Err)), value.None()))
	case errors.Is(err, syscall.ECONNREFUSED):
		return value.VariantCase("connection-refused")
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return value.VariantCase("connection-terminated")
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		return value.VariantCase("destination-unavailable")
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return value.VariantCase("HTTP-response-timeout")
	}
	var uerr *url.Error
	if errors.As(err, &uerr) && uerr.Timeout() {
		return value.VariantCase("connection-timeout")
	}
	return internalError(err.Error())
}

// errorCodeFrom converts an error-code value a guest handed over.
func errorCodeFrom(v value.Value) *ErrorCode {
	e := &ErrorCode{Case: v.Case()}
	if p, ok := v.Payload(); ok {
		e.Payload = p.String()
	}
	return e
}

// bodyError is the error a body stream fails with: the stream's reader or
// writer returns it, wasip2 hands the guest an io-error for it, and
// http-error-code finds the code again.
type bodyError struct {
	code value.Value // an error-code
	err  error
}

func (e *bodyError) Error() string { return "wasi:http body: " + e.err.Error() }
func (e *bodyError) Unwrap() error { return e.err }

func (l *link) errorCodeFuncs(fs *funcList) {
	t := l.types
	fs.add(ifaceTypes, "http-error-code", fn(optionT(t.errorCode), "err", borrowT(t.io.Error)),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			cause, err := h.io.IOError(args[0])
			if err != nil {
				return value.Value{}, &TrapError{Func: ifaceTypes + "#http-error-code", Msg: err.Error()}
			}
			var be *bodyError
			if errors.As(cause, &be) {
				return value.Some(be.code), nil
			}
			return value.None(), nil
		})
}
