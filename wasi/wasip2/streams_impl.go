package wasip2

import (
	"errors"
	"io"
	"sync"
)

// inputStream is the object behind a wasi:io/streams input-stream handle.
type inputStream interface {
	pollSource
	// read returns up to n bytes without blocking: none when nothing is
	// available yet, errClosed at the end, a *streamFailure on failure.
	read(n int) ([]byte, error)
}

// outputStream is the object behind an output-stream handle.
type outputStream interface {
	pollSource
	// checkWrite returns how many bytes write accepts now without
	// blocking (0 while earlier data is still being written).
	checkWrite() (uint64, error)
	// write accepts at most what checkWrite permitted.
	write(b []byte) error
	// flush asks for buffered data to be written; the stream is ready
	// again once it is.
	flush() error
}

// maxChunk bounds what one read allocates, whatever length the guest asks.
const maxChunk = 1 << 20

func clampLen(n uint64) int {
	if n > maxChunk {
		return maxChunk
	}
	return int(n)
}

// closedInput is an input stream at its end (stdin when none is
// configured).
type closedInput struct{ readyNow }

func (closedInput) read(int) ([]byte, error) { return nil, errClosed }

// pipeReader reads an io.Reader ahead in a background goroutine, so that
// reads can be non-blocking and pollable. It buffers at most pipeLimit
// bytes before waiting for the guest to consume them.
type pipeReader struct {
	mu      sync.Mutex
	cond    *sync.Cond
	r       io.Reader
	c       io.Closer // closed by close, when the pipe owns the source
	origin  errorOrigin
	buf     []byte
	err     error
	started bool
	closed  bool
	note    notifier
}

const pipeLimit = 64 << 10

func newPipeReader(r io.Reader, c io.Closer) *pipeReader {
	p := &pipeReader{r: r, c: c}
	p.cond = sync.NewCond(&p.mu)
	return p
}

// startLocked starts the reading goroutine on first use, so that a stdin
// the guest never reads is never consumed.
func (p *pipeReader) startLocked() {
	if !p.started {
		p.started = true
		go p.loop()
	}
}

func (p *pipeReader) loop() {
	tmp := make([]byte, 16<<10)
	for {
		p.mu.Lock()
		for len(p.buf) >= pipeLimit && !p.closed {
			p.cond.Wait()
		}
		if p.closed {
			p.mu.Unlock()
			return
		}
		p.mu.Unlock()
		n, err := p.r.Read(tmp)
		p.mu.Lock()
		p.buf = append(p.buf, tmp[:n]...)
		if err != nil {
			p.err = err
		}
		p.note.notify()
		p.mu.Unlock()
		if err != nil {
			return
		}
	}
}

func (p *pipeReader) read(n int) ([]byte, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, errClosed
	}
	p.startLocked()
	if len(p.buf) > 0 {
		n = min(n, len(p.buf))
		out := make([]byte, n)
		copy(out, p.buf)
		p.buf = p.buf[n:]
		if len(p.buf) == 0 {
			p.buf = nil
		}
		p.cond.Signal()
		return out, nil
	}
	switch {
	case p.err == nil:
		return nil, nil
	case errors.Is(p.err, io.EOF):
		return nil, errClosed
	}
	return nil, &streamFailure{err: p.err, origin: p.origin}
}

func (p *pipeReader) ready() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.startLocked()
	return len(p.buf) > 0 || p.err != nil || p.closed
}

func (p *pipeReader) wait() <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.note.wait()
}

func (p *pipeReader) close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil
	}
	p.closed = true
	p.cond.Broadcast()
	p.note.notify()
	if p.c != nil {
		return p.c.Close()
	}
	return nil
}

// sharedInput is one handle to the host's stdin; dropping it leaves the
// stdin itself open for the next get-stdin.
type sharedInput struct{ *pipeReader }

func (sharedInput) close() error { return nil }

// fileReader reads a file from an offset; files are always ready.
type fileReader struct {
	readyNow
	ref *fileRef
	off int64
}

func (r *fileReader) close() error { return r.ref.release() }

func (r *fileReader) read(n int) ([]byte, error) {
	if n == 0 {
		return nil, nil
	}
	buf := make([]byte, n)
	k, err := r.ref.f.ReadAt(buf, r.off)
	r.off += int64(k)
	if k > 0 {
		return buf[:k], nil
	}
	if errors.Is(err, io.EOF) {
		return nil, errClosed
	}
	if err != nil {
		return nil, &streamFailure{err: err, origin: originFilesystem}
	}
	return nil, nil
}

// writeBudget is what check-write permits on streams that write
// synchronously.
const writeBudget = 1 << 20

// failState remembers a failed write: the first operation after it reports
// the failure, later ones report a closed stream.
type failState struct {
	err      error
	reported bool
}

func (f *failState) check() error {
	if f.err == nil {
		return nil
	}
	if f.reported {
		return errClosed
	}
	f.reported = true
	return f.err
}

// writerStream writes synchronously to an io.Writer: stdout and stderr.
// Every write reaches the writer before the call returns, so the guest's
// output is streamed, not held back.
type writerStream struct {
	readyNow
	mu   sync.Mutex
	w    io.Writer
	fail failState
}

func (s *writerStream) checkWrite() (uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fail.check(); err != nil {
		return 0, err
	}
	return writeBudget, nil
}

func (s *writerStream) write(b []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fail.check(); err != nil {
		return err
	}
	if _, err := s.w.Write(b); err != nil {
		s.fail = failState{err: &streamFailure{err: err}, reported: true}
		return s.fail.err
	}
	return nil
}

func (s *writerStream) flush() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fail.check(); err != nil {
		return err
	}
	if f, ok := s.w.(interface{ Flush() error }); ok {
		if err := f.Flush(); err != nil {
			s.fail = failState{err: &streamFailure{err: err}, reported: true}
			return s.fail.err
		}
	}
	return nil
}

// fileWriter writes a file at an offset, or at its end when appending.
type fileWriter struct {
	readyNow
	ref    *fileRef
	off    int64
	append bool
	fail   failState
}

func (w *fileWriter) close() error { return w.ref.release() }

func (w *fileWriter) checkWrite() (uint64, error) {
	if err := w.fail.check(); err != nil {
		return 0, err
	}
	return writeBudget, nil
}

func (w *fileWriter) write(b []byte) error {
	if err := w.fail.check(); err != nil {
		return err
	}
	if w.append {
		st, err := w.ref.f.Stat()
		if err != nil {
			w.fail = failState{err: &streamFailure{err: err, origin: originFilesystem}, reported: true}
			return w.fail.err
		}
		w.off = st.Size()
	}
	n, err := w.ref.f.WriteAt(b, w.off)
	w.off += int64(n)
	if err != nil {
		w.fail = failState{err: &streamFailure{err: err, origin: originFilesystem}, reported: true}
		return w.fail.err
	}
	return nil
}

func (w *fileWriter) flush() error { return w.fail.check() }

// asyncWriter hands writes to a background goroutine so that a slow
// destination (a socket) never blocks the guest: check-write is 0 while a
// write is in flight.
type asyncWriter struct {
	mu      sync.Mutex
	cond    *sync.Cond
	w       io.Writer
	origin  errorOrigin
	pending []byte
	busy    bool
	fail    failState
	closed  bool
	shut    bool // no more writes after shutdown
	started bool
	note    notifier
	// afterDrain, when set, runs once everything written so far is out
	// (used to shut down the sending side of a socket).
	afterDrain func()
}

const asyncBudget = 64 << 10

func newAsyncWriter(w io.Writer, origin errorOrigin) *asyncWriter {
	a := &asyncWriter{w: w, origin: origin}
	a.cond = sync.NewCond(&a.mu)
	return a
}

func (a *asyncWriter) loop() {
	a.mu.Lock()
	defer a.mu.Unlock()
	for {
		for len(a.pending) == 0 && !a.closed {
			if a.afterDrain != nil {
				a.afterDrain()
				a.afterDrain = nil
			}
			a.cond.Wait()
		}
		if a.closed {
			return
		}
		data := a.pending
		a.pending = nil
		a.busy = true
		a.mu.Unlock()
		_, err := a.w.Write(data)
		a.mu.Lock()
		a.busy = false
		if err != nil {
			a.fail = failState{err: &streamFailure{err: err, origin: a.origin}}
			a.closed = true
		}
		a.note.notify()
	}
}

func (a *asyncWriter) checkWrite() (uint64, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.fail.check(); err != nil {
		return 0, err
	}
	if a.closed || a.shut {
		return 0, errClosed
	}
	if a.busy || len(a.pending) > 0 {
		return 0, nil
	}
	return asyncBudget, nil
}

func (a *asyncWriter) write(b []byte) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.fail.check(); err != nil {
		return err
	}
	if a.closed || a.shut {
		return errClosed
	}
	if len(a.pending)+len(b) > asyncBudget {
		return errors.New("wasi: write of more bytes than check-write permitted")
	}
	if !a.started {
		a.started = true
		go a.loop()
	}
	a.pending = append(a.pending, b...)
	a.cond.Signal()
	return nil
}

func (a *asyncWriter) flush() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.fail.check(); err != nil {
		return err
	}
	if a.closed {
		return errClosed
	}
	return nil
}

func (a *asyncWriter) ready() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.closed || a.fail.err != nil || (!a.busy && len(a.pending) == 0)
}

func (a *asyncWriter) wait() <-chan struct{} {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.note.wait()
}

// shutdown stops accepting writes once what was written is out, then runs
// done.
func (a *asyncWriter) shutdown(done func()) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.started {
		a.started = true
		go a.loop()
	}
	a.shut = true
	a.afterDrain = done
	a.cond.Signal()
}

func (a *asyncWriter) close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.closed = true
	a.cond.Broadcast()
	a.note.notify()
	return nil
}
