package wasip2

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/weftwasm/weft/value"
)

// closeTracker is a reader or writer that records being closed.
type closeTracker struct {
	io.Reader
	mu     sync.Mutex
	buf    bytes.Buffer
	closed chan struct{}
}

func newCloseTracker(r io.Reader) *closeTracker {
	return &closeTracker{Reader: r, closed: make(chan struct{})}
}

func (c *closeTracker) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.Write(p)
}

func (c *closeTracker) Close() error { close(c.closed); return nil }

func (c *closeTracker) waitClosed(t *testing.T) {
	t.Helper()
	select {
	case <-c.closed:
	case <-time.After(5 * time.Second):
		t.Fatal("not closed")
	}
}

func TestHostNewInputStream(t *testing.T) {
	th := newTestHost(t, Config{})
	src := newCloseTracker(strings.NewReader("from go"))
	in := th.h.NewInputStream(src)
	if in.Handle().Type != IO().InputStream {
		t.Fatalf("handle of type %v", in.Handle().Type)
	}
	got := th.ok(streamsT+"[method]input-stream.blocking-read", borrow(in), value.U64(100))
	if string(valueBytes(got)) != "from go" {
		t.Fatalf("read %v", got)
	}
	if c := th.errCase(streamsT+"[method]input-stream.blocking-read", borrow(in), value.U64(1)); c != "closed" {
		t.Fatalf("at the end: %q, want closed", c)
	}
	th.drop(in)
	src.waitClosed(t)
}

func TestHostNewOutputStreamDeliversBeforeClosing(t *testing.T) {
	th := newTestHost(t, Config{})
	dst := newCloseTracker(nil)
	out := th.h.NewOutputStream(dst)
	th.ok(streamsT+"[method]output-stream.blocking-write-and-flush", borrow(out), bytesValue([]byte("one ")))
	th.ok(streamsT+"[method]output-stream.write", borrow(out), bytesValue([]byte("two")))
	th.drop(out) // right after a write that may still be in flight
	dst.waitClosed(t)
	dst.mu.Lock()
	defer dst.mu.Unlock()
	if got := dst.buf.String(); got != "one two" {
		t.Fatalf("delivered %q", got)
	}
}

func TestHostNewPollable(t *testing.T) {
	th := newTestHost(t, Config{})
	ch := make(chan struct{})
	p := th.h.NewPollable(ch)
	if th.call("wasi:io/poll#[method]pollable.ready", borrow(p)).Bool() {
		t.Fatal("ready before the channel closed")
	}
	go func() { time.Sleep(10 * time.Millisecond); close(ch) }()
	th.call("wasi:io/poll#[method]pollable.block", borrow(p))
	if !th.call("wasi:io/poll#[method]pollable.ready", borrow(p)).Bool() {
		t.Fatal("not ready after the channel closed")
	}
	th.drop(p)
}

func TestHostStreamLookup(t *testing.T) {
	var rec recorder
	th := newTestHost(t, Config{}.WithStdout(&rec))
	ctx := context.Background()
	in := th.h.NewInputStream(strings.NewReader("abc"))
	r, err := th.h.InputStream(ctx, borrow(in))
	if err != nil {
		t.Fatal(err)
	}
	if b, err := io.ReadAll(r); err != nil || string(b) != "abc" {
		t.Fatalf("ReadAll: %q, %v", b, err)
	}
	out := th.call("wasi:cli/stdout#get-stdout")
	w, err := th.h.OutputStream(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(w, "to stdout"); err != nil || rec.all() != "to stdout" {
		t.Fatalf("write: %q, %v", rec.all(), err)
	}
	// Wrong kinds and types are errors, not panics.
	if _, err := th.h.InputStream(ctx, out); err == nil || !strings.Contains(err.Error(), "output-stream") {
		t.Errorf("an output-stream as input: %v", err)
	}
	if _, err := th.h.OutputStream(ctx, value.U32(1)); err == nil {
		t.Error("a u32 as output-stream: no error")
	}
	if err := th.h.Release(in); err != nil {
		t.Fatal(err)
	}
	if _, err := th.h.InputStream(ctx, in); err == nil {
		t.Error("a released handle is still found")
	}
	if err := th.h.Release(in); err == nil {
		t.Error("releasing twice: no error")
	}
}

// failingReader fails with its own error type after its data.
type failingReader struct{ done bool }

type bodyError struct{ code string }

func (e *bodyError) Error() string { return "body: " + e.code }

func (r *failingReader) Read(p []byte) (int, error) {
	if !r.done {
		r.done = true
		return copy(p, "partial"), nil
	}
	return 0, &bodyError{"connection-terminated"}
}

func TestHostIOErrorCarriesTheReadersError(t *testing.T) {
	th := newTestHost(t, Config{})
	in := th.h.NewInputStream(&failingReader{})
	got := th.ok(streamsT+"[method]input-stream.blocking-read", borrow(in), value.U64(100))
	if string(valueBytes(got)) != "partial" {
		t.Fatalf("read %v", got)
	}
	res := th.call(streamsT+"[method]input-stream.blocking-read", borrow(in), value.U64(100))
	if !res.IsErr() {
		t.Fatalf("read after the failure: %v", res)
	}
	se, _ := res.Payload()
	if se.Case() != "last-operation-failed" {
		t.Fatalf("stream-error %v", se)
	}
	ev, _ := se.Payload()
	cause, err := th.h.IOError(borrow(ev))
	var be *bodyError
	if err != nil || !errors.As(cause, &be) || be.code != "connection-terminated" {
		t.Fatalf("IOError: %v, %v", cause, err)
	}
	if _, err := th.h.IOError(in); err == nil {
		t.Error("IOError of an input-stream: no error")
	}
}
