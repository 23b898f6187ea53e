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

const streamsT = "wasi:io/streams#"

// recorder is an io.Writer that remembers each write separately.
type recorder struct {
	mu     sync.Mutex
	writes []string
}

func (r *recorder) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.writes = append(r.writes, string(p))
	return len(p), nil
}

func (r *recorder) all() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.writes, "")
}

func TestStdoutIsStreamedAsWritten(t *testing.T) {
	var rec recorder
	th := newTestHost(t, Config{}.WithStdout(&rec))
	out := th.call("wasi:cli/stdout#get-stdout")
	n := th.ok(streamsT+"[method]output-stream.check-write", borrow(out)).U64()
	if n == 0 {
		t.Fatal("check-write permits nothing")
	}
	th.ok(streamsT+"[method]output-stream.write", borrow(out), bytesValue([]byte("first ")))
	// No flush yet: the writer already has it.
	if rec.all() != "first " {
		t.Fatalf("after write, the writer holds %q", rec.all())
	}
	th.ok(streamsT+"[method]output-stream.blocking-write-and-flush", borrow(out), bytesValue([]byte("second")))
	th.ok(streamsT+"[method]output-stream.write-zeroes", borrow(out), value.U64(2))
	th.ok(streamsT+"[method]output-stream.blocking-flush", borrow(out))
	if got := rec.all(); got != "first second\x00\x00" {
		t.Fatalf("stdout = %q", got)
	}
	// A second handle writes to the same stream; dropping one keeps it open.
	out2 := th.call("wasi:cli/stdout#get-stdout")
	th.drop(out)
	th.ok(streamsT+"[method]output-stream.write", borrow(out2), bytesValue([]byte("!")))
	if got := rec.all(); !strings.HasSuffix(got, "!") {
		t.Fatalf("stdout = %q", got)
	}
}

func TestBlockingWriteLimit(t *testing.T) {
	th := newTestHost(t, Config{})
	out := th.call("wasi:cli/stderr#get-stderr")
	_, err := th.try(streamsT+"[method]output-stream.blocking-write-and-flush", borrow(out), bytesValue(make([]byte, 4097)))
	var te *TrapError
	if !errors.As(err, &te) {
		t.Fatalf("4097-byte blocking write: %v", err)
	}
	// Unconfigured stderr discards without error.
	th.ok(streamsT+"[method]output-stream.blocking-write-and-flush", borrow(out), bytesValue(make([]byte, 4096)))
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestWriteFailureThenClosed(t *testing.T) {
	th := newTestHost(t, Config{}.WithStdout(failingWriter{}))
	out := th.call("wasi:cli/stdout#get-stdout")
	r := th.call(streamsT+"[method]output-stream.write", borrow(out), bytesValue([]byte("x")))
	se, _ := r.Payload()
	if !r.IsErr() || se.Case() != "last-operation-failed" {
		t.Fatalf("failed write: %v", r)
	}
	e, _ := se.Payload()
	if msg := th.call("wasi:io/error#[method]error.to-debug-string", borrow(e)).Str(); !strings.Contains(msg, "disk on fire") {
		t.Errorf("debug string %q", msg)
	}
	if c := th.errCase(streamsT+"[method]output-stream.check-write", borrow(out)); c != "closed" {
		t.Errorf("after a failure: %q, want closed", c)
	}
}

func TestStdinBlockingAndNonBlocking(t *testing.T) {
	pr, pw := io.Pipe()
	th := newTestHost(t, Config{}.WithStdin(pr))
	in := th.call("wasi:cli/stdin#get-stdin")
	// Nothing written yet: a non-blocking read returns nothing.
	if b := th.ok(streamsT+"[method]input-stream.read", borrow(in), value.U64(10)); len(b.Elems()) != 0 {
		t.Fatalf("read before input = %v", b)
	}
	p := th.call(streamsT+"[method]input-stream.subscribe", borrow(in))
	if th.call("wasi:io/poll#[method]pollable.ready", borrow(p)).Bool() {
		t.Fatal("stdin ready before input")
	}
	go func() {
		time.Sleep(20 * time.Millisecond)
		pw.Write([]byte("line one\n"))
	}()
	th.call("wasi:io/poll#[method]pollable.block", borrow(p))
	b := th.ok(streamsT+"[method]input-stream.blocking-read", borrow(in), value.U64(4))
	if string(valueBytes(b)) != "line" {
		t.Fatalf("blocking-read = %q", valueBytes(b))
	}
	if n := th.ok(streamsT+"[method]input-stream.skip", borrow(in), value.U64(1)); n.U64() != 1 {
		t.Fatalf("skip = %v", n)
	}
	b = th.ok(streamsT+"[method]input-stream.blocking-read", borrow(in), value.U64(100))
	if string(valueBytes(b)) != "one\n" {
		t.Fatalf("blocking-read = %q", valueBytes(b))
	}
	pw.Close()
	if c := th.errCase(streamsT+"[method]input-stream.blocking-read", borrow(in), value.U64(1)); c != "closed" {
		t.Fatalf("read at EOF: %q", c)
	}
}

func TestStdinClosedByDefault(t *testing.T) {
	th := newTestHost(t, Config{})
	in := th.call("wasi:cli/stdin#get-stdin")
	if c := th.errCase(streamsT+"[method]input-stream.blocking-read", borrow(in), value.U64(1)); c != "closed" {
		t.Fatalf("default stdin: %q", c)
	}
}

func TestBlockingReadHonoursContext(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	th := newTestHost(t, Config{}.WithStdin(pr))
	in := th.call("wasi:cli/stdin#get-stdin")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	_, err := th.tryCtx(ctx, streamsT+"[method]input-stream.blocking-read", borrow(in), value.U64(1))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("blocking-read with a deadline: %v", err)
	}
}

func TestSplice(t *testing.T) {
	var out bytes.Buffer
	th := newTestHost(t, Config{}.WithStdin(strings.NewReader("spliced data")).WithStdout(&out))
	in := th.call("wasi:cli/stdin#get-stdin")
	o := th.call("wasi:cli/stdout#get-stdout")
	total := uint64(0)
	for total < 12 {
		n := th.ok(streamsT+"[method]output-stream.blocking-splice", borrow(o), borrow(in), value.U64(5))
		if n.U64() > 5 {
			t.Fatalf("splice moved %d > 5", n.U64())
		}
		total += n.U64()
	}
	if out.String() != "spliced data" {
		t.Fatalf("out = %q", out.String())
	}
	if c := th.errCase(streamsT+"[method]output-stream.blocking-splice", borrow(o), borrow(in), value.U64(5)); c != "closed" {
		t.Fatalf("splice at end: %q", c)
	}
}

func TestHugeReadLengthIsBounded(t *testing.T) {
	th := newTestHost(t, Config{}.WithStdin(strings.NewReader("abc")))
	in := th.call("wasi:cli/stdin#get-stdin")
	b := th.ok(streamsT+"[method]input-stream.blocking-read", borrow(in), value.U64(^uint64(0)))
	if string(valueBytes(b)) != "abc" {
		t.Fatalf("read %q", valueBytes(b))
	}
}
