package wasihttp

import (
	"context"
	"errors"
	"net/http"
	"sync"

	"github.com/weftwasm/weft/value"
)

// outgoingResponse is the object behind an outgoing-response handle.
type outgoingResponse struct {
	status    int
	headers   *fields
	sink      *responseSink
	bodyTaken bool
}

// incomingResponse is the object behind an incoming-response handle.
type incomingResponse struct {
	status  int
	headers *fields
	body    *incomingBody // nil once consumed
}

func (r *incomingResponse) close() error {
	if r.body != nil {
		return r.body.close()
	}
	return nil
}

// responseOutparam is the object behind a response-outparam handle: where
// the guest's answer to an incoming request goes.
type responseOutparam struct{ resp *pendingResponse }

// pendingResponse is the answer to one incoming request, filled in by
// response-outparam.set.
type pendingResponse struct {
	w    http.ResponseWriter
	set  bool
	err  *ErrorCode
	sink *responseSink // the response's body, once set
}

// responseSink writes the body of an outgoing-response to a Go
// http.ResponseWriter. Body bytes written before the response is set are
// held (up to pipeLimit) until it is.
type responseSink struct {
	mu       sync.Mutex
	w        http.ResponseWriter
	started  bool
	held     []byte
	finished bool
	aborted  bool
	stream   chan struct{} // closed when the body's output-stream is; nil if there is none
}

func (s *responseSink) streamOpened() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stream = make(chan struct{})
}

func (s *responseSink) streamClosed() {
	s.mu.Lock()
	defer s.mu.Unlock()
	close(s.stream)
}

// delivered returns a channel closed once everything the guest wrote to
// the body has been handed to the ResponseWriter.
func (s *responseSink) delivered() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stream == nil {
		return closedChan
	}
	return s.stream
}

func (s *responseSink) start(w http.ResponseWriter, status int, hd http.Header) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.w = w
	dst := s.w.Header()
	for k, vs := range hd {
		dst[k] = vs
	}
	s.w.WriteHeader(status)
	s.started = true
	if len(s.held) > 0 {
		_, err := s.w.Write(s.held)
		s.held = nil
		if err != nil {
			return err
		}
	}
	// The status and headers go out now, as the guest set them: a client
	// waiting for them (one that sent Expect: 100-continue, or a streaming
	// one) must not wait for the first body bytes.
	return http.NewResponseController(s.w).Flush()
}

func (s *responseSink) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.aborted || (s.started && s.w == nil) {
		return 0, errors.New("wasi:http: write after the body was dropped unfinished")
	}
	if !s.started {
		if len(s.held)+len(b) > pipeLimit {
			return 0, errors.New("wasi:http: too much body written before response-outparam.set")
		}
		s.held = append(s.held, b...)
		return len(b), nil
	}
	n, err := s.w.Write(b)
	if err == nil {
		// wasip2 hands over what the guest wrote since the last delivery
		// in one Write: pass it on now, so a streaming guest streams.
		err = http.NewResponseController(s.w).Flush()
	}
	return n, err
}

// detach stops all writing to the ResponseWriter: the handler is
// returning, after which a late write would be an error.
func (s *responseSink) detach() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.finished {
		s.aborted = true
	}
	s.w = nil
}

func (s *responseSink) finish(trailers http.Header) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.started {
		return errors.New("the response was not set")
	}
	s.finished = true
	for k, vs := range trailers {
		s.w.Header()[http.TrailerPrefix+k] = vs
	}
	return nil
}

func (s *responseSink) abort() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.finished {
		s.aborted = true
	}
}

func (l *link) responseFuncs(fs *funcList) {
	t := l.types
	outR, inR, op := t.outgoingResponse, t.incomingResponse, t.responseOutparam
	fs.add(ifaceTypes, "[constructor]outgoing-response", fn(ownT(outR), "headers", ownT(t.fields)),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			f, err := take[*fields](h, t.fields, args[0])
			if err != nil {
				return value.Value{}, err
			}
			return h.own(outR, &outgoingResponse{status: 200, headers: f, sink: &responseSink{}}), nil
		})
	outFn := func(name string, ft *value.FuncType, body func(h *Host, r *outgoingResponse, args []value.Value) value.Value) {
		fs.add(ifaceTypes, "[method]outgoing-response."+name, ft, func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			r, err := lookup[*outgoingResponse](h, outR, args[0])
			if err != nil {
				return value.Value{}, err
			}
			return body(h, r, args), nil
		})
	}
	outFn("status-code", method(outR, u16T), func(_ *Host, r *outgoingResponse, _ []value.Value) value.Value {
		return value.U16(uint16(r.status))
	})
	outFn("set-status-code", method(outR, resultT(nil, nil), "status-code", u16T), func(_ *Host, r *outgoingResponse, args []value.Value) value.Value {
		s := int(args[1].U16())
		if s < 100 || s > 999 {
			return value.ErrEmpty()
		}
		r.status = s
		return value.OkEmpty()
	})
	outFn("headers", method(outR, ownT(t.fields)), func(h *Host, r *outgoingResponse, _ []value.Value) value.Value {
		return h.own(t.fields, r.headers)
	})
	outFn("body", method(outR, resultT(ownT(t.outgoingBody), nil)), func(h *Host, r *outgoingResponse, _ []value.Value) value.Value {
		if r.bodyTaken {
			return value.ErrEmpty()
		}
		r.bodyTaken = true
		return value.Ok(h.own(t.outgoingBody, newOutgoingBody(r.sink)))
	})

	fs.add(ifaceTypes, "[static]response-outparam.set", fn(nil, "param", ownT(op), "response", resultT(ownT(outR), t.errorCode)),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			p, err := take[*responseOutparam](h, op, args[0])
			if err != nil {
				return value.Value{}, err
			}
			payload, _ := args[1].Payload()
			pr := p.resp
			pr.set = true
			if args[1].IsErr() {
				pr.err = errorCodeFrom(payload)
				return value.Value{}, nil
			}
			r, err := take[*outgoingResponse](h, outR, payload)
			if err != nil {
				return value.Value{}, err
			}
			pr.sink = r.sink
			if !r.bodyTaken {
				r.sink.finished = true
			}
			if err := r.sink.start(pr.w, r.status, r.headers.header()); err != nil {
				r.sink.abort()
			}
			return value.Value{}, nil
		})

	inFn := func(name string, ft *value.FuncType, body func(h *Host, r *incomingResponse) value.Value) {
		fs.add(ifaceTypes, "[method]incoming-response."+name, ft, func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			r, err := lookup[*incomingResponse](h, inR, args[0])
			if err != nil {
				return value.Value{}, err
			}
			return body(h, r), nil
		})
	}
	inFn("status", method(inR, u16T), func(_ *Host, r *incomingResponse) value.Value { return value.U16(uint16(r.status)) })
	inFn("headers", method(inR, ownT(t.fields)), func(h *Host, r *incomingResponse) value.Value { return h.own(t.fields, r.headers) })
	inFn("consume", method(inR, resultT(ownT(t.incomingBody), nil)), func(h *Host, r *incomingResponse) value.Value {
		if r.body == nil {
			return value.ErrEmpty()
		}
		b := r.body
		r.body = nil
		return value.Ok(h.own(t.incomingBody, b))
	})
}
