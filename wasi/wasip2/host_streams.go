package wasip2

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/weftwasm/weft/value"
)

// IOTypes are the wasi:io resource types every Host shares, for the
// function types of other interfaces that hand out or take streams (e.g.
// wasi:http's incoming-body.stream returns an own InputStream).
type IOTypes struct {
	Error, Pollable, InputStream, OutputStream *value.ResourceType
}

// IO returns the wasi:io resource types.
func IO() IOTypes {
	t := sharedTypes
	return IOTypes{Error: t.error, Pollable: t.pollable, InputStream: t.inputStream, OutputStream: t.outputStream}
}

// NewInputStream puts an input-stream reading r into h's handle table and
// returns an own handle to give the guest. r is read ahead by a background
// goroutine (at most 64 KiB ahead), so the guest's reads never block the
// host and the stream is pollable; io.EOF ends the stream, another error
// becomes last-operation-failed. If r is an io.Closer, it is closed when
// the guest drops the stream or h is closed.
func (h *Host) NewInputStream(r io.Reader) value.Value {
	c, _ := r.(io.Closer)
	return h.own(h.types.inputStream, newPipeReader(r, c))
}

// NewOutputStream puts an output-stream writing to w into h's handle
// table and returns an own handle to give the guest. Writes are handed to
// w by a background goroutine, so a slow w never blocks the guest (it
// sees check-write 0 and waits on the stream's pollable). When the guest
// drops the stream, what it wrote is still delivered, and then w, if it is
// an io.Closer, is closed (also when h is closed).
func (h *Host) NewOutputStream(w io.Writer) value.Value {
	a := newAsyncWriter(w, originOther)
	c, _ := w.(io.Closer)
	return h.own(h.types.outputStream, &hostOutput{asyncWriter: a, c: c})
}

// hostOutput is an output stream made by NewOutputStream.
type hostOutput struct {
	*asyncWriter
	c io.Closer
}

// close drains what was written, then closes the destination.
func (o *hostOutput) close() error {
	o.shutdown(func() {
		// Runs in the writer's goroutine with its lock held.
		o.asyncWriter.closed = true
		o.note.notify()
		if o.c != nil {
			_ = o.c.Close()
		}
	})
	return nil
}

// NewPollable puts a pollable into h's handle table that is ready once
// ready is closed, and returns an own handle to give the guest.
func (h *Host) NewPollable(ready <-chan struct{}) value.Value {
	return h.subscribe(chanSource(ready))
}

// chanSource is ready once its channel is closed.
type chanSource <-chan struct{}

func (c chanSource) ready() bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

func (c chanSource) wait() <-chan struct{} { return c }

// InputStream returns a blocking io.Reader over the input-stream handle v
// (own or borrow) of h's guest; each Read waits, until ctx is done, for at
// least one byte, and returns io.EOF at the end of the stream. The handle
// stays in the table (see Release).
func (h *Host) InputStream(ctx context.Context, v value.Value) (io.Reader, error) {
	if err := isHandle(v, h.types.inputStream); err != nil {
		return nil, err
	}
	s, err := lookup[inputStream](h, h.types.inputStream, v)
	if err != nil {
		return nil, err
	}
	return &streamReader{ctx: ctx, s: s}, nil
}

type streamReader struct {
	ctx context.Context
	s   inputStream
}

func (r *streamReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	b, err := blockingRead(r.ctx, r.s, len(p))
	if errors.Is(err, errClosed) {
		return copy(p, b), io.EOF
	}
	return copy(p, b), err
}

// OutputStream returns a blocking io.Writer over the output-stream handle
// v (own or borrow) of h's guest; each Write waits, until ctx is done, for
// the stream to accept and flush all of it. The handle stays in the table
// (see Release).
func (h *Host) OutputStream(ctx context.Context, v value.Value) (io.Writer, error) {
	if err := isHandle(v, h.types.outputStream); err != nil {
		return nil, err
	}
	s, err := lookup[outputStream](h, h.types.outputStream, v)
	if err != nil {
		return nil, err
	}
	return &streamWriter{ctx: ctx, s: s}, nil
}

type streamWriter struct {
	ctx context.Context
	s   outputStream
}

func (w *streamWriter) Write(p []byte) (int, error) {
	if err := blockingWrite(w.ctx, w.s, p); err != nil {
		return 0, err
	}
	return len(p), nil
}

// IOError returns the Go error behind the wasi:io/error handle v (own or
// borrow): for a stream made by NewInputStream or NewOutputStream, what its
// reader or writer returned, so that the host that made the stream can
// classify it (as wasi:http's http-error-code does) with errors.As. err
// says why v is not a live error handle.
func (h *Host) IOError(v value.Value) (cause error, err error) {
	if err := isHandle(v, h.types.error); err != nil {
		return nil, err
	}
	e, err := lookup[*ioError](h, h.types.error, v)
	if err != nil {
		return nil, err
	}
	return e.err, nil
}

// Release removes the handle v (an own handle the guest passed to the
// host, of any WASI resource type) from h's table and closes what it
// held, as if the guest had dropped it.
func (h *Host) Release(v value.Value) error {
	hd := handleOf(v)
	if hd == nil {
		return fmt.Errorf("wasip2: release: %s value is not a handle", v.Kind())
	}
	return h.drop(hd.Type, hd.Rep)
}

func handleOf(v value.Value) *value.Handle {
	if k := v.Kind(); k != value.KindOwn && k != value.KindBorrow {
		return nil
	}
	return v.Handle()
}

func isHandle(v value.Value, rt *value.ResourceType) error {
	hd := handleOf(v)
	if hd == nil {
		return fmt.Errorf("wasip2: expected a %s handle, got a %s value", rt.Name, v.Kind())
	}
	if hd.Type != rt {
		return fmt.Errorf("wasip2: expected a %s handle, got a %s handle", rt.Name, hd.Type.Name)
	}
	return nil
}
