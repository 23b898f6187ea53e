package wasihttp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/weftwasm/weft"
	"github.com/weftwasm/weft/wasi/wasip2"
)

// HTTPHost returns h, so that a *Host can be an instance's data itself.
func (h *Host) HTTPHost() *Host { return h }

// WASIP2 returns the instance's WASI host, so that a *Host can be an
// instance's data itself.
func (h *Host) WASIP2() *wasip2.Host { return h.io }

// HandlerConfig configures a Handler. It is an immutable value: each With
// method returns a changed copy.
type HandlerConfig struct {
	wasi          wasip2.Config
	timeout       time.Duration
	maxConcurrent int
	prewarm       int
	errorLog      func(r *http.Request, err error)
}

// WithWASI returns a copy whose instances get a WASI host made from cfg
// (by default, one that grants nothing).
func (c HandlerConfig) WithWASI(cfg wasip2.Config) HandlerConfig {
	c.wasi = cfg
	return c
}

// WithTimeout returns a copy that bounds each request, from instantiation
// to the end of the response body, by d (0: only the client's request
// context bounds it). Interrupting a guest that computes without calling
// the host needs a Runtime configured WithCloseOnContextDone.
func (c HandlerConfig) WithTimeout(d time.Duration) HandlerConfig {
	c.timeout = d
	return c
}

// WithMaxConcurrent returns a copy that runs at most n requests at once;
// others wait for a slot until their context ends (0: no bound).
func (c HandlerConfig) WithMaxConcurrent(n int) HandlerConfig {
	c.maxConcurrent = n
	return c
}

// WithPrewarm returns a copy that keeps up to n fresh instances made ahead
// of requests, so a request does not wait for instantiation (0: none). Each
// is still used for one request only; the Handler's Close frees them.
func (c HandlerConfig) WithPrewarm(n int) HandlerConfig {
	c.prewarm = n
	return c
}

// WithErrorLog returns a copy that reports failed requests (traps, guests
// that set no response) to log.
func (c HandlerConfig) WithErrorLog(log func(r *http.Request, err error)) HandlerConfig {
	c.errorLog = log
	return c
}

// Handler is an http.Handler that serves each request with a fresh
// instance of a wasi:http/proxy component: the request goes to the
// component's wasi:http/incoming-handler export, and the response it sets
// streams back. A guest trap answers 500 (or cuts the response short if its
// headers were already sent) and affects no other request.
type Handler struct {
	pre    *weft.InstancePre
	defs   *Definitions
	cfg    HandlerConfig
	slots  chan struct{}
	pool   *pool // nil without WithPrewarm
	export atomic.Pointer[string]
}

// NewHandler returns a Handler that instantiates pre, which must have been
// made by a Linker holding wasip2.AddToLinker and the definitions defs.
//
//	l := weft.NewLinker()
//	_ = wasip2.AddToLinker(l)
//	defs, _ := wasihttp.Define(l, wasihttp.Config{}.WithAllowedHosts("127.0.0.1"))
//	pre, _ := l.InstantiatePre(ctx, component)
//	h := wasihttp.NewHandler(pre, defs, wasihttp.HandlerConfig{}.WithTimeout(10*time.Second))
//	http.ListenAndServe("127.0.0.1:8080", h)
func NewHandler(pre *weft.InstancePre, defs *Definitions, cfg HandlerConfig) *Handler {
	h := &Handler{pre: pre, defs: defs, cfg: cfg}
	if cfg.maxConcurrent > 0 {
		h.slots = make(chan struct{}, cfg.maxConcurrent)
	}
	if cfg.prewarm > 0 {
		h.pool = startPool(h, cfg.prewarm)
	}
	return h
}

// Close stops making instances ahead of requests and frees those made;
// requests still in flight finish, and later ones instantiate on demand.
func (h *Handler) Close(ctx context.Context) error {
	h.pool.stop(ctx)
	return nil
}

// NewProxy links c with WASI 0.2 and wasi:http (configured by httpCfg) and
// returns a Handler for it. The memory limit of each instance is the
// Runtime's (weft.Config.WithMemoryLimitPages).
func NewProxy(ctx context.Context, c *weft.Component, httpCfg Config, cfg HandlerConfig) (*Handler, error) {
	l := weft.NewLinker()
	if err := wasip2.AddToLinker(l); err != nil {
		return nil, err
	}
	defs, err := Define(l, httpCfg)
	if err != nil {
		return nil, err
	}
	pre, err := l.InstantiatePre(ctx, c)
	if err != nil {
		return nil, fmt.Errorf("wasihttp: %w", err)
	}
	return NewHandler(pre, defs, cfg), nil
}

// ServeHTTP serves r with a fresh instance.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.slots != nil {
		select {
		case h.slots <- struct{}{}:
			defer func() { <-h.slots }()
		case <-r.Context().Done():
			http.Error(w, "server busy", http.StatusServiceUnavailable)
			return
		}
	}
	ctx := r.Context()
	if h.cfg.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, h.cfg.timeout)
		defer cancel()
	}
	if err := h.serve(ctx, w, r); err != nil {
		if h.cfg.errorLog != nil {
			h.cfg.errorLog(r, err)
		}
		var sent *responseSentError
		if errors.As(err, &sent) {
			// The status line is out; all that is left is to cut the
			// response short so the client sees it incomplete.
			panic(http.ErrAbortHandler)
		}
		http.Error(w, "internal server error", http.StatusInternalServerError)
	}
}

// responseSentError is a failure after the response headers were sent.
type responseSentError struct{ err error }

func (e *responseSentError) Error() string { return e.err.Error() }
func (e *responseSentError) Unwrap() error { return e.err }

// serve runs one request; an error means the guest gave no (complete)
// response.
func (h *Handler) serve(ctx context.Context, w http.ResponseWriter, r *http.Request) (err error) {
	fresh := h.pool.take()
	if fresh == nil {
		if fresh, err = h.instantiate(ctx); err != nil {
			return err
		}
	}
	inst, host, wasi := fresh.inst, fresh.host, fresh.wasi
	pending := &pendingResponse{w: w}
	defer func() {
		if pending.sink != nil {
			pending.sink.detach()
		}
		fresh.close(context.WithoutCancel(ctx))
	}()
	handle, err := h.handleFunc(inst)
	if err != nil {
		return err
	}
	t := h.defs.link.types
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	req := &incomingRequest{method: r.Method, scheme: scheme, authority: r.Host, pathQuery: r.URL.RequestURI(),
		headers: host.fieldsFromHeader(r.Header, true),
		body:    newIncomingBody(r.Body, func() http.Header { return r.Trailer })}
	// The guest may stream its response while it still reads the request
	// (an echo does); HTTP/1 servers otherwise discard the unread request
	// body once the response starts. HTTP/2 is always full duplex and
	// reports an error here, which is fine.
	_ = http.NewResponseController(w).EnableFullDuplex()
	reqV := host.own(t.incomingRequest, req)
	outV := host.own(t.responseOutparam, &responseOutparam{resp: pending})
	_, callErr := handle.Call(ctx, reqV, outV)
	if pending.sink != nil {
		// Close the streams the guest left open: wasip2 delivers what was
		// written to them, then closes the body's writer.
		wasi.Close()
		select {
		case <-pending.sink.delivered():
		case <-ctx.Done():
			return &responseSentError{fmt.Errorf("wasihttp: response body: %w", ctx.Err())}
		}
	}
	switch {
	case callErr != nil && pending.sink != nil:
		return &responseSentError{fmt.Errorf("wasihttp: %w", callErr)}
	case callErr != nil:
		return fmt.Errorf("wasihttp: %w", callErr)
	case !pending.set:
		return errors.New("wasihttp: the guest returned without setting a response")
	case pending.err != nil:
		return fmt.Errorf("wasihttp: the guest answered with an error: %w", pending.err)
	case pending.sink.aborted:
		return &responseSentError{errors.New("wasihttp: the guest dropped the response body before finishing it")}
	}
	return nil
}

// handleFunc finds the instance's wasi:http/incoming-handler#handle.
func (h *Handler) handleFunc(inst *weft.Instance) (*weft.Func, error) {
	if name := h.export.Load(); name != nil {
		return inst.Func(*name)
	}
	for _, e := range inst.Exports() {
		if strings.HasPrefix(e, IncomingHandler+"@0.2.") || e == IncomingHandler {
			name := e + "#handle"
			f, err := inst.Func(name)
			if err != nil {
				return nil, err
			}
			h.export.Store(&name)
			return f, nil
		}
	}
	return nil, fmt.Errorf("wasihttp: the component exports no %s@0.2.x", IncomingHandler)
}
