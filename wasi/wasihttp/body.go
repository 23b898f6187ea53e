package wasihttp

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync"

	"github.com/weftwasm/weft/value"
)

// incomingBody is the object behind an incoming-body handle: a Go body
// and the trailers that follow it.
type incomingBody struct {
	r           io.ReadCloser
	cancel      func()             // ends the outgoing request the body belongs to, if any
	trailers    func() http.Header // valid once r returned io.EOF
	streamTaken bool
	eof         chan struct{} // closed when r returned io.EOF or an error
	eofOnce     sync.Once
}

func newIncomingBody(r io.ReadCloser, trailers func() http.Header) *incomingBody {
	return &incomingBody{r: r, trailers: trailers, eof: make(chan struct{})}
}

func (b *incomingBody) close() error {
	err := b.r.Close()
	if b.cancel != nil {
		b.cancel()
	}
	return err
}

// Read reads the body and notes its end, so trailers are known.
func (b *incomingBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil {
		b.eofOnce.Do(func() { close(b.eof) })
		if err != io.EOF {
			err = &bodyError{code: errorCodeOf(err), err: err}
		}
	}
	return n, err
}

// streamReader is the reader behind the input-stream of an incoming body:
// closing the stream leaves the body open until the body itself goes.
type streamReader struct{ b *incomingBody }

func (s streamReader) Read(p []byte) (int, error) { return s.b.Read(p) }
func (s streamReader) Close() error               { return nil }

// futureTrailers is the object behind a future-trailers handle.
type futureTrailers struct {
	body *incomingBody
	done bool // get has returned the trailers
}

func (f *futureTrailers) close() error { return f.body.close() }

// outgoingBody is the object behind an outgoing-body handle: a sink the
// guest's output-stream writes to.
type outgoingBody struct {
	sink        bodySink
	streamTaken bool
}

// bodyStream is the writer behind an outgoing body's output-stream.
// wasip2 delivers the guest's writes from a background goroutine and
// closes the writer once everything is delivered, which is when the body
// may end.
type bodyStream struct {
	s    bodySink
	once sync.Once
}

func (w *bodyStream) Write(p []byte) (int, error) {
	n, err := w.s.Write(p)
	if err != nil {
		err = &bodyError{code: errorCodeOf(err), err: err}
	}
	return n, err
}

// Close tells the sink everything written has been delivered.
func (w *bodyStream) Close() error {
	w.once.Do(w.s.streamClosed)
	return nil
}

// bodySink is where an outgoing body's bytes go: a Go response or the body
// of an outgoing Go request.
type bodySink interface {
	io.Writer
	// finish ends the body with trailers (nil for none); err is an
	// error-code case name when the body cannot end that way.
	finish(trailers http.Header) error
	// abort ends the body unfinished: the receiver sees an error.
	abort()
	// streamOpened and streamClosed bracket the life of the body's
	// output-stream; the body ends when it is finished and its stream is
	// closed.
	streamOpened()
	streamClosed()
}

func newOutgoingBody(s bodySink) *outgoingBody { return &outgoingBody{sink: s} }

// close runs when the guest drops the body without finishing it.
func (b *outgoingBody) close() error {
	b.sink.abort()
	return nil
}

// requestPipe carries an outgoing request's body from the guest to Go's
// client. Writes are buffered (so a guest may write before it calls
// outgoing-handler.handle) up to pipeLimit, then wait for the client.
type requestPipe struct {
	mu      sync.Mutex
	cond    *sync.Cond
	buf     []byte
	done    bool
	writing bool  // the output-stream is open
	err     error // set by abort or by the reader closing
	// trailers, when not nil, is the Go request's Trailer map: the client
	// reads it when the body ends, so Read fills it from finished then, in
	// the client's goroutine.
	trailers http.Header
	finished http.Header
}

const pipeLimit = 1 << 20

func newRequestPipe() *requestPipe {
	p := &requestPipe{}
	p.cond = sync.NewCond(&p.mu)
	return p
}

var errBodyAborted = errors.New("wasi:http: outgoing body dropped before it was finished")

func (p *requestPipe) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.buf) >= pipeLimit && p.err == nil {
		p.cond.Wait()
	}
	if p.err != nil {
		return 0, p.err
	}
	p.buf = append(p.buf, b...)
	p.cond.Broadcast()
	return len(b), nil
}

func (p *requestPipe) streamOpened() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.writing = true
}

func (p *requestPipe) streamClosed() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.writing = false
	p.cond.Broadcast()
}

func (p *requestPipe) finish(trailers http.Header) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(trailers) > 0 && p.trailers == nil {
		return errors.New("trailers need a request body of unknown length (no content-length)")
	}
	p.finished = trailers
	p.done = true
	p.cond.Broadcast()
	return nil
}

func (p *requestPipe) abort() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.done && p.err == nil {
		p.err = errBodyAborted
	}
	p.cond.Broadcast()
}

// Read is the client's side.
func (p *requestPipe) Read(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.buf) == 0 && (!p.done || p.writing) && p.err == nil {
		p.cond.Wait()
	}
	if len(p.buf) > 0 {
		n := copy(b, p.buf)
		p.buf = p.buf[n:]
		if len(p.buf) == 0 {
			p.buf = nil
		}
		p.cond.Broadcast()
		return n, nil
	}
	if p.err != nil {
		return 0, p.err
	}
	for k, vs := range p.finished {
		p.trailers[k] = vs
	}
	p.finished = nil
	return 0, io.EOF
}

// Close is the client's side giving up on the body.
func (p *requestPipe) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err == nil {
		p.err = errors.New("wasi:http: the request body is no longer read")
	}
	p.cond.Broadcast()
	return nil
}

func trailerValue(h *Host, hd http.Header) value.Value {
	if len(hd) == 0 {
		return value.None()
	}
	return value.Some(h.own(h.link.types.fields, h.fieldsFromHeader(hd, true)))
}

func (l *link) bodyFuncs(fs *funcList) {
	t := l.types
	inB, outB, ft := t.incomingBody, t.outgoingBody, t.futureTrailers
	fs.add(ifaceTypes, "[method]incoming-body.stream", method(inB, resultT(ownT(t.io.InputStream), nil)),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			b, err := lookup[*incomingBody](h, inB, args[0])
			if err != nil {
				return value.Value{}, err
			}
			if b.streamTaken {
				return value.ErrEmpty(), nil
			}
			b.streamTaken = true
			return value.Ok(h.io.NewInputStream(streamReader{b})), nil
		})
	fs.add(ifaceTypes, "[static]incoming-body.finish", fn(ownT(ft), "this", ownT(inB)),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			b, err := take[*incomingBody](h, inB, args[0])
			if err != nil {
				return value.Value{}, err
			}
			return h.own(ft, &futureTrailers{body: b}), nil
		})
	fs.add(ifaceTypes, "[method]future-trailers.subscribe", method(ft, ownT(t.io.Pollable)),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			if _, err := lookup[*futureTrailers](h, ft, args[0]); err != nil {
				return value.Value{}, err
			}
			return h.io.NewPollable(closedChan), nil
		})
	trailersRes := resultT(optionT(ownT(t.fields)), t.errorCode)
	fs.add(ifaceTypes, "[method]future-trailers.get", method(ft, optionT(resultT(trailersRes, nil))),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			f, err := lookup[*futureTrailers](h, ft, args[0])
			if err != nil {
				return value.Value{}, err
			}
			if f.done {
				return value.Some(value.ErrEmpty()), nil
			}
			f.done = true
			select {
			case <-f.body.eof:
				return value.Some(value.Ok(value.Ok(trailerValue(h, f.body.trailers())))), nil
			default:
				// The guest finished the body without reading it to the
				// end: there are no trailers to give.
				return value.Some(value.Ok(value.Ok(value.None()))), nil
			}
		})

	fs.add(ifaceTypes, "[method]outgoing-body.write", method(outB, resultT(ownT(t.io.OutputStream), nil)),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			b, err := lookup[*outgoingBody](h, outB, args[0])
			if err != nil {
				return value.Value{}, err
			}
			if b.streamTaken {
				return value.ErrEmpty(), nil
			}
			b.streamTaken = true
			b.sink.streamOpened()
			return value.Ok(h.io.NewOutputStream(&bodyStream{s: b.sink})), nil
		})
	fs.add(ifaceTypes, "[static]outgoing-body.finish", fn(resultT(nil, t.errorCode), "this", ownT(outB), "trailers", optionT(ownT(t.fields))),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			b, err := take[*outgoingBody](h, outB, args[0])
			if err != nil {
				return value.Value{}, err
			}
			var hd http.Header
			if args[1].IsSome() {
				p, _ := args[1].Payload()
				f, err := take[*fields](h, t.fields, p)
				if err != nil {
					return value.Value{}, err
				}
				hd = f.header()
			}
			if err := b.sink.finish(hd); err != nil {
				return value.Err(internalError(err.Error())), nil
			}
			return value.OkEmpty(), nil
		})
}

// closedChan is a channel that is always closed.
var closedChan = func() chan struct{} {
	ch := make(chan struct{})
	close(ch)
	return ch
}()
