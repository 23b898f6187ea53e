package wasihttp

import (
	"context"
	"strings"
	"time"

	"github.com/weftwasm/weft/value"
)

// incomingRequest is the object behind an incoming-request handle.
type incomingRequest struct {
	method, scheme, authority, pathQuery string
	headers                              *fields
	body                                 *incomingBody // nil once consumed
}

func (r *incomingRequest) close() error {
	if r.body != nil {
		return r.body.close()
	}
	return nil
}

// outgoingRequest is the object behind an outgoing-request handle.
type outgoingRequest struct {
	method    string
	scheme    *string
	authority *string
	pathQuery *string
	headers   *fields
	body      *outgoingBody
	bodyTaken bool
}

// requestOptions is the object behind a request-options handle.
type requestOptions struct {
	connect, firstByte, betweenBytes *time.Duration
}

// methodValue converts a Go method to a method variant value.
func methodValue(m string) value.Value {
	switch strings.ToUpper(m) {
	case "GET":
		return value.VariantCase("get")
	case "HEAD":
		return value.VariantCase("head")
	case "POST":
		return value.VariantCase("post")
	case "PUT":
		return value.VariantCase("put")
	case "DELETE":
		return value.VariantCase("delete")
	case "CONNECT":
		return value.VariantCase("connect")
	case "OPTIONS":
		return value.VariantCase("options")
	case "TRACE":
		return value.VariantCase("trace")
	case "PATCH":
		return value.VariantCase("patch")
	}
	return value.Variant("other", value.String(m))
}

// methodString converts a method variant value to a Go method; ok is false
// for an other(...) that is not an HTTP token.
func methodString(v value.Value) (string, bool) {
	if v.Case() == "other" {
		p, _ := v.Payload()
		s := p.Str()
		return s, validName(s)
	}
	return strings.ToUpper(v.Case()), true
}

func schemeValue(s string) value.Value {
	switch strings.ToLower(s) {
	case "http":
		return value.VariantCase("HTTP")
	case "https":
		return value.VariantCase("HTTPS")
	}
	return value.Variant("other", value.String(s))
}

func schemeString(v value.Value) string {
	switch v.Case() {
	case "HTTP":
		return "http"
	case "HTTPS":
		return "https"
	}
	p, _ := v.Payload()
	return p.Str()
}

func optString(s *string) value.Value {
	if s == nil {
		return value.None()
	}
	return value.Some(value.String(*s))
}

func stringOpt(v value.Value) *string {
	if !v.IsSome() {
		return nil
	}
	p, _ := v.Payload()
	s := p.Str()
	return &s
}

func (l *link) requestFuncs(fs *funcList) {
	t := l.types
	in, out, opts := t.incomingRequest, t.outgoingRequest, t.requestOptions
	inFn := func(name string, ft *value.FuncType, body func(h *Host, r *incomingRequest) value.Value) {
		fs.add(ifaceTypes, "[method]incoming-request."+name, ft, func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			r, err := lookup[*incomingRequest](h, in, args[0])
			if err != nil {
				return value.Value{}, err
			}
			return body(h, r), nil
		})
	}
	inFn("method", method(in, t.method), func(_ *Host, r *incomingRequest) value.Value { return methodValue(r.method) })
	inFn("path-with-query", method(in, optionT(stringT)), func(_ *Host, r *incomingRequest) value.Value {
		return value.Some(value.String(r.pathQuery))
	})
	inFn("scheme", method(in, optionT(t.scheme)), func(_ *Host, r *incomingRequest) value.Value {
		return value.Some(schemeValue(r.scheme))
	})
	inFn("authority", method(in, optionT(stringT)), func(_ *Host, r *incomingRequest) value.Value {
		return value.Some(value.String(r.authority))
	})
	inFn("headers", method(in, ownT(t.fields)), func(h *Host, r *incomingRequest) value.Value {
		return h.own(t.fields, r.headers)
	})
	inFn("consume", method(in, resultT(ownT(t.incomingBody), nil)), func(h *Host, r *incomingRequest) value.Value {
		if r.body == nil {
			return value.ErrEmpty()
		}
		b := r.body
		r.body = nil
		// The guest wants the body: a read of nothing lets Go's server
		// send "100 Continue" to a client waiting for it, before the
		// guest's response headers can make the client give up on it.
		_, _ = b.r.Read(nil)
		return value.Ok(h.own(t.incomingBody, b))
	})

	fs.add(ifaceTypes, "[constructor]outgoing-request", fn(ownT(out), "headers", ownT(t.fields)),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			f, err := take[*fields](h, t.fields, args[0])
			if err != nil {
				return value.Value{}, err
			}
			return h.own(out, &outgoingRequest{method: "GET", headers: f}), nil
		})
	outFn := func(name string, ft *value.FuncType, body func(h *Host, r *outgoingRequest, args []value.Value) value.Value) {
		fs.add(ifaceTypes, "[method]outgoing-request."+name, ft, func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			r, err := lookup[*outgoingRequest](h, out, args[0])
			if err != nil {
				return value.Value{}, err
			}
			return body(h, r, args), nil
		})
	}
	outFn("body", method(out, resultT(ownT(t.outgoingBody), nil)), func(h *Host, r *outgoingRequest, _ []value.Value) value.Value {
		if r.bodyTaken {
			return value.ErrEmpty()
		}
		r.bodyTaken = true
		r.body = newOutgoingBody(newRequestPipe())
		return value.Ok(h.own(t.outgoingBody, r.body))
	})
	outFn("method", method(out, t.method), func(_ *Host, r *outgoingRequest, _ []value.Value) value.Value { return methodValue(r.method) })
	outFn("set-method", method(out, resultT(nil, nil), "method", t.method), func(_ *Host, r *outgoingRequest, args []value.Value) value.Value {
		m, ok := methodString(args[1])
		if !ok {
			return value.ErrEmpty()
		}
		r.method = m
		return value.OkEmpty()
	})
	outFn("path-with-query", method(out, optionT(stringT)), func(_ *Host, r *outgoingRequest, _ []value.Value) value.Value { return optString(r.pathQuery) })
	outFn("set-path-with-query", method(out, resultT(nil, nil), "path-with-query", optionT(stringT)), func(_ *Host, r *outgoingRequest, args []value.Value) value.Value {
		p := stringOpt(args[1])
		if p != nil && (strings.ContainsAny(*p, " \r\n\x00") || (*p != "" && !strings.HasPrefix(*p, "/") && *p != "*")) {
			return value.ErrEmpty()
		}
		r.pathQuery = p
		return value.OkEmpty()
	})
	outFn("scheme", method(out, optionT(t.scheme)), func(_ *Host, r *outgoingRequest, _ []value.Value) value.Value {
		if r.scheme == nil {
			return value.None()
		}
		return value.Some(schemeValue(*r.scheme))
	})
	outFn("set-scheme", method(out, resultT(nil, nil), "scheme", optionT(t.scheme)), func(_ *Host, r *outgoingRequest, args []value.Value) value.Value {
		if !args[1].IsSome() {
			r.scheme = nil
			return value.OkEmpty()
		}
		p, _ := args[1].Payload()
		s := schemeString(p)
		if !validScheme(s) {
			return value.ErrEmpty()
		}
		r.scheme = &s
		return value.OkEmpty()
	})
	outFn("authority", method(out, optionT(stringT)), func(_ *Host, r *outgoingRequest, _ []value.Value) value.Value { return optString(r.authority) })
	outFn("set-authority", method(out, resultT(nil, nil), "authority", optionT(stringT)), func(_ *Host, r *outgoingRequest, args []value.Value) value.Value {
		a := stringOpt(args[1])
		if a != nil && strings.ContainsAny(*a, " /?#@\r\n\x00") {
			return value.ErrEmpty()
		}
		r.authority = a
		return value.OkEmpty()
	})
	outFn("headers", method(out, ownT(t.fields)), func(h *Host, r *outgoingRequest, _ []value.Value) value.Value {
		return h.own(t.fields, r.headers)
	})

	durT := optionT(u64T)
	fs.add(ifaceTypes, "[constructor]request-options", fn(ownT(opts)), func(_ context.Context, h *Host, _ []value.Value) (value.Value, error) {
		return h.own(opts, &requestOptions{}), nil
	})
	optFns := []struct {
		name string
		ref  func(o *requestOptions) **time.Duration
	}{
		{"connect-timeout", func(o *requestOptions) **time.Duration { return &o.connect }},
		{"first-byte-timeout", func(o *requestOptions) **time.Duration { return &o.firstByte }},
		{"between-bytes-timeout", func(o *requestOptions) **time.Duration { return &o.betweenBytes }},
	}
	for _, of := range optFns {
		of := of
		fs.add(ifaceTypes, "[method]request-options."+of.name, method(opts, durT), func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			o, err := lookup[*requestOptions](h, opts, args[0])
			if err != nil {
				return value.Value{}, err
			}
			if d := *of.ref(o); d != nil {
				return value.Some(value.U64(uint64(*d))), nil
			}
			return value.None(), nil
		})
		fs.add(ifaceTypes, "[method]request-options.set-"+of.name, method(opts, resultT(nil, nil), "duration", durT), func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			o, err := lookup[*requestOptions](h, opts, args[0])
			if err != nil {
				return value.Value{}, err
			}
			if !args[1].IsSome() {
				*of.ref(o) = nil
				return value.OkEmpty(), nil
			}
			p, _ := args[1].Payload()
			if p.U64() > uint64(1<<63-1) {
				return value.ErrEmpty(), nil
			}
			d := time.Duration(p.U64())
			*of.ref(o) = &d
			return value.OkEmpty(), nil
		})
	}
}

// validScheme reports whether s is a URI scheme (RFC 3986).
func validScheme(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		alpha := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !alpha && (i == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return true
}
