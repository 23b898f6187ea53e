package wasihttp

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"

	"github.com/weftwasm/weft/value"
)

// TestResponseOutparam builds an outgoing response as a guest would, writing early
// before response-outparam.set and late after it, then finishing the body
// with a trailer.
func TestResponseOutparam(t *testing.T) {
	th := newTestHost(t, Config{})
	rec := httptest.NewRecorder()
	pending := &pendingResponse{w: rec}
	op := th.h.own(th.h.link.types.responseOutparam, &responseOutparam{resp: pending})

	hd := th.must("[static]fields.from-list", value.List(entry("x-resp", "1")))
	hdV, _ := hd.Payload()
	resp := th.must("[constructor]outgoing-response", hdV)
	if r := th.must("[method]outgoing-response.set-status-code", borrow(resp), value.U16(42)); !r.IsErr() {
		t.Error("status 42 accepted")
	}
	th.must("[method]outgoing-response.set-status-code", borrow(resp), value.U16(201))
	body := th.must("[method]outgoing-response.body", borrow(resp))
	bodyV, _ := body.Payload()
	b, err := lookup[*outgoingBody](th.h, th.h.link.types.outgoingBody, bodyV)
	if err != nil {
		t.Fatal(err)
	}
	b.sink.streamOpened()
	io.WriteString(b.sink, "early ")
	th.must("[static]response-outparam.set", op, value.Ok(resp))
	io.WriteString(b.sink, "late")
	b.sink.streamClosed()
	tr := th.must("[static]fields.from-list", value.List(entry("x-trailer", "t")))
	trV, _ := tr.Payload()
	if r := th.must("[static]outgoing-body.finish", bodyV, value.Some(trV)); r.IsErr() {
		t.Fatalf("finish: %v", r)
	}
	<-pending.sink.delivered()
	res := rec.Result()
	got, _ := io.ReadAll(res.Body)
	if res.StatusCode != 201 || string(got) != "early late" || res.Header.Get("X-Resp") != "1" || res.Trailer.Get("X-Trailer") != "t" {
		t.Fatalf("response %d %q headers %v trailers %v", res.StatusCode, got, res.Header, res.Trailer)
	}
	if _, err := th.call("[static]response-outparam.set", op, value.Ok(resp)); err == nil {
		t.Error("a second set of the same outparam succeeded")
	}
}

func TestResponseOutparamError(t *testing.T) {
	th := newTestHost(t, Config{})
	pending := &pendingResponse{w: httptest.NewRecorder()}
	op := th.h.own(th.h.link.types.responseOutparam, &responseOutparam{resp: pending})
	th.must("[static]response-outparam.set", op, value.Err(value.VariantCase("HTTP-request-denied")))
	if !pending.set || pending.err == nil || pending.err.Case != "HTTP-request-denied" {
		t.Fatalf("pending = %+v", pending)
	}
}

// failingReader fails like a connection reset by the peer.
type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, syscall.ECONNRESET }
func (failingReader) Close() error             { return nil }

// TestHTTPErrorCode: a body that fails gives the guest an io-error that
// http-error-code turns back into the error code.
func TestHTTPErrorCode(t *testing.T) {
	th := newTestHost(t, Config{})
	b := newIncomingBody(failingReader{}, func() http.Header { return nil })
	bodyV := th.h.own(th.h.link.types.incomingBody, b)
	s := th.must("[method]incoming-body.stream", borrow(bodyV))
	sV, _ := s.Payload()
	var read func(ctx context.Context, args []value.Value) ([]value.Value, error)
	for _, f := range th.h.io.Funcs() {
		if f.Name == "[method]input-stream.blocking-read" {
			read = f.Call
		}
	}
	res, err := read(context.Background(), []value.Value{borrow(sV), value.U64(10)})
	if err != nil || !res[0].IsErr() {
		t.Fatalf("blocking-read of a failing body: %v, %v", res, err)
	}
	streamErr, _ := res[0].Payload()
	ioErr, ok := streamErr.Payload()
	if streamErr.Case() != "last-operation-failed" || !ok {
		t.Fatalf("stream error %v", streamErr)
	}
	code := th.must("http-error-code", borrow(ioErr))
	if p, _ := code.Payload(); !code.IsSome() || p.Case() != "connection-terminated" {
		t.Fatalf("http-error-code = %v, want some(connection-terminated)", code)
	}
}

// TestIncomingTrailers: after the body is read to its end, finish gives
// the trailers; a second get is an error.
func TestIncomingTrailers(t *testing.T) {
	th := newTestHost(t, Config{})
	b := newIncomingBody(io.NopCloser(strings.NewReader("data")), func() http.Header {
		return http.Header{"X-Sum": {"abc"}}
	})
	if got, _ := io.ReadAll(b); string(got) != "data" {
		t.Fatalf("body %q", got)
	}
	bodyV := th.h.own(th.h.link.types.incomingBody, b)
	ft := th.must("[static]incoming-body.finish", bodyV)
	got := th.must("[method]future-trailers.get", borrow(ft))
	v, _ := got.Payload()
	v, _ = v.Payload()
	v, _ = v.Payload()
	if !v.IsSome() {
		t.Fatalf("get = %v, want trailers", got)
	}
	fields, _ := v.Payload()
	if s := th.must("[method]fields.get", borrow(fields), value.String("x-sum")).String(); s != "[[97, 98, 99]]" {
		t.Errorf("x-sum = %s", s)
	}
	if again := th.must("[method]future-trailers.get", borrow(ft)); !again.IsSome() {
		t.Errorf("second get = %v", again)
	} else if p, _ := again.Payload(); !p.IsErr() {
		t.Errorf("second get = %v, want some(err)", again)
	}
}
