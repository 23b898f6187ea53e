package wasihttp

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/weftwasm/weft/value"
)

// futureResponse is the object behind a future-incoming-response handle:
// an outgoing request in flight.
type futureResponse struct {
	done   chan struct{}
	cancel context.CancelFunc
	mu     sync.Mutex
	resp   *http.Response
	err    value.Value // an error-code, when resp is nil
	taken  bool
}

func (f *futureResponse) close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.taken {
		// The response's body owns the request now.
		return nil
	}
	f.cancel()
	if f.resp != nil {
		return f.resp.Body.Close()
	}
	return nil
}

// goRequest builds the Go request for r; a non-empty error is an
// error-code value.
func (h *Host) goRequest(ctx context.Context, r *outgoingRequest) (*http.Request, value.Value, bool) {
	scheme := "http"
	if r.scheme != nil {
		scheme = strings.ToLower(*r.scheme)
	}
	if scheme != "http" && scheme != "https" {
		return nil, value.VariantCase("HTTP-protocol-error"), false
	}
	if r.authority == nil || *r.authority == "" {
		return nil, value.VariantCase("HTTP-request-URI-invalid"), false
	}
	defPort := "80"
	if scheme == "https" {
		defPort = "443"
	}
	if !h.link.cfg.allows(*r.authority, defPort) {
		return nil, value.VariantCase("HTTP-request-denied"), false
	}
	path := "/"
	if r.pathQuery != nil && *r.pathQuery != "" {
		path = *r.pathQuery
	}
	var body *requestPipe
	if r.body != nil {
		body = r.body.sink.(*requestPipe)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, scheme+"://"+*r.authority+path, nil)
	if err != nil {
		return nil, value.VariantCase("HTTP-request-URI-invalid"), false
	}
	req.Header = r.headers.header()
	if body != nil {
		req.Body = body
		req.ContentLength = -1
		if cl := req.Header.Get("Content-Length"); cl != "" {
			n, err := strconv.ParseInt(cl, 10, 64)
			if err != nil || n < 0 {
				return nil, value.Variant("HTTP-request-body-size", value.None()), false
			}
			req.ContentLength = n
			if n == 0 {
				req.Body = http.NoBody
			}
		} else {
			// A body of unknown length goes chunked, which can carry the
			// trailers the guest gives outgoing-body.finish.
			req.Trailer = http.Header{}
			body.mu.Lock()
			body.trailers = req.Trailer
			body.mu.Unlock()
		}
	}
	return req, value.Value{}, true
}

func (l *link) outgoingFuncs(fs *funcList) {
	t := l.types
	fr := t.futureIncomingRe
	fs.add(ifaceOutgoing, "handle",
		fn(resultT(ownT(fr), t.errorCode), "request", ownT(t.outgoingRequest), "options", optionT(ownT(t.requestOptions))),
		func(ctx context.Context, h *Host, args []value.Value) (value.Value, error) {
			r, err := take[*outgoingRequest](h, t.outgoingRequest, args[0])
			if err != nil {
				return value.Value{}, err
			}
			var opts *requestOptions
			if args[1].IsSome() {
				p, _ := args[1].Payload()
				if opts, err = take[*requestOptions](h, t.requestOptions, p); err != nil {
					return value.Value{}, err
				}
			}
			r.headers.mu.Lock()
			r.headers.immutable = true
			r.headers.mu.Unlock()
			// The request outlives this call: it is bound to the Host's
			// lifetime, not to the guest's call.
			rctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
			if d := h.link.cfg.timeout; d > 0 {
				rctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), d)
			}
			req, ecode, ok := h.goRequest(rctx, r)
			if !ok {
				cancel()
				if r.body != nil {
					r.body.sink.abort()
				}
				return value.Err(ecode), nil
			}
			f := &futureResponse{done: make(chan struct{}), cancel: cancel}
			go h.send(req, opts, f)
			return value.Ok(h.own(fr, f)), nil
		})
	fs.add(ifaceTypes, "[method]future-incoming-response.subscribe", method(fr, ownT(t.io.Pollable)),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			f, err := lookup[*futureResponse](h, fr, args[0])
			if err != nil {
				return value.Value{}, err
			}
			return h.io.NewPollable(f.done), nil
		})
	respRes := resultT(ownT(t.incomingResponse), t.errorCode)
	fs.add(ifaceTypes, "[method]future-incoming-response.get", method(fr, optionT(resultT(respRes, nil))),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			f, err := lookup[*futureResponse](h, fr, args[0])
			if err != nil {
				return value.Value{}, err
			}
			select {
			case <-f.done:
			default:
				return value.None(), nil
			}
			f.mu.Lock()
			defer f.mu.Unlock()
			if f.taken {
				return value.Some(value.ErrEmpty()), nil
			}
			f.taken = true
			if f.resp == nil {
				f.cancel()
				return value.Some(value.Ok(value.Err(f.err))), nil
			}
			resp := f.resp
			body := newIncomingBody(resp.Body, func() http.Header { return resp.Trailer })
			body.cancel = f.cancel
			ir := &incomingResponse{status: resp.StatusCode, headers: h.fieldsFromHeader(resp.Header, true), body: body}
			return value.Some(value.Ok(value.Ok(h.own(t.incomingResponse, ir)))), nil
		})
}

// send runs one outgoing request and completes f.
func (h *Host) send(req *http.Request, opts *requestOptions, f *futureResponse) {
	defer close(f.done)
	client := h.link.client
	if opts != nil && (opts.connect != nil || opts.firstByte != nil) {
		if tr, ok := client.Transport.(*http.Transport); ok {
			tr = tr.Clone()
			if opts.connect != nil {
				tr.DialContext = (&net.Dialer{Timeout: *opts.connect}).DialContext
			}
			if opts.firstByte != nil {
				tr.ResponseHeaderTimeout = *opts.firstByte
			}
			defer tr.CloseIdleConnections()
			c := *client
			c.Transport = tr
			client = &c
		}
	}
	resp, err := client.Do(req)
	f.mu.Lock()
	defer f.mu.Unlock()
	if err != nil {
		f.err = errorCodeOf(err)
		return
	}
	if opts != nil && opts.betweenBytes != nil {
		resp.Body = newIdleReader(resp.Body, *opts.betweenBytes, f.cancel)
	}
	f.resp = resp
}

// idleReader ends a response body (through cancel) when no byte arrives
// for d: the between-bytes-timeout of request-options.
type idleReader struct {
	r     io.ReadCloser
	d     time.Duration
	timer *time.Timer
	fired atomic.Bool
}

func newIdleReader(r io.ReadCloser, d time.Duration, cancel func()) *idleReader {
	ir := &idleReader{r: r, d: d}
	ir.timer = time.AfterFunc(d, func() {
		ir.fired.Store(true)
		cancel()
	})
	return ir
}

func (ir *idleReader) Read(p []byte) (int, error) {
	n, err := ir.r.Read(p)
	if ir.fired.Load() {
		return n, errBetweenBytes
	}
	if n > 0 {
		ir.timer.Reset(ir.d)
	}
	return n, err
}

func (ir *idleReader) Close() error {
	ir.timer.Stop()
	return ir.r.Close()
}

// errBetweenBytes is the error of a body whose between-bytes-timeout
// passed.
var errBetweenBytes = errors.New("wasi:http: no response bytes within the between-bytes-timeout")
