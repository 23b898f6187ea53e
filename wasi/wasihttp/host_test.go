package wasihttp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/weftwasm/weft/value"
	"github.com/weftwasm/weft/wasi/wasip2"
)

// testHost is a Host whose functions tests call directly, by name.
type testHost struct {
	t     testing.TB
	h     *Host
	funcs map[string]hostFunc
}

func newTestHost(t testing.TB, cfg Config) *testHost {
	lk := newLink(cfg)
	wasi, err := wasip2.New(wasip2.Config{})
	if err != nil {
		t.Fatal(err)
	}
	th := &testHost{t: t, h: &Host{link: lk, io: wasi}, funcs: map[string]hostFunc{}}
	t.Cleanup(func() { th.h.Close(); wasi.Close() })
	for _, f := range lk.funcs() {
		th.funcs[f.iface+"#"+f.name] = f
	}
	return th
}

// call runs function name ("[method]fields.get" of wasi:http/types, or
// "iface#name") after checking args against its type.
func (th *testHost) call(name string, args ...value.Value) (value.Value, error) {
	th.t.Helper()
	if !strings.Contains(name, "#") {
		name = ifaceTypes + "#" + name
	}
	f, ok := th.funcs[name]
	if !ok {
		th.t.Fatalf("no function %s", name)
	}
	for i, p := range f.typ.Params {
		if err := value.Check(p.Type, args[i]); err != nil {
			th.t.Fatalf("%s: argument %s: %v", name, p.Name, err)
		}
	}
	v, err := f.impl(context.Background(), th.h, args)
	if err == nil && f.typ.Result != nil {
		if cerr := value.Check(f.typ.Result, v); cerr != nil {
			th.t.Fatalf("%s returned %v, not a %v: %v", name, v, f.typ.Result, cerr)
		}
	}
	return v, err
}

func (th *testHost) must(name string, args ...value.Value) value.Value {
	th.t.Helper()
	v, err := th.call(name, args...)
	if err != nil {
		th.t.Fatalf("%s: %v", name, err)
	}
	return v
}

func borrow(v value.Value) value.Value { return value.Borrow(v.Handle()) }

func entry(name, val string) value.Value {
	return value.Tuple(value.String(name), value.Bytes([]byte(val)))
}

func TestFields(t *testing.T) {
	th := newTestHost(t, Config{}.WithForbiddenHeaders("X-Secret"))
	f := th.must("[constructor]fields")
	for _, tc := range []struct {
		fn   string
		args []value.Value
		want string
	}{
		{"[method]fields.append", []value.Value{value.String("Content-Type"), value.Bytes([]byte("text/plain"))}, "ok"},
		{"[method]fields.append", []value.Value{value.String("x-a"), value.Bytes([]byte("1"))}, "ok"},
		{"[method]fields.append", []value.Value{value.String("X-A"), value.Bytes([]byte("2"))}, "ok"},
		{"[method]fields.append", []value.Value{value.String("bad name"), value.Bytes([]byte("v"))}, "invalid-syntax"},
		{"[method]fields.append", []value.Value{value.String("x-b"), value.Bytes([]byte("a\r\nb"))}, "invalid-syntax"},
		{"[method]fields.append", []value.Value{value.String("Connection"), value.Bytes([]byte("close"))}, "forbidden"},
		{"[method]fields.set", []value.Value{value.String("x-secret"), value.List(value.Bytes([]byte("s")))}, "forbidden"},
		{"[method]fields.delete", []value.Value{value.String("")}, "invalid-syntax"},
	} {
		got := th.must(tc.fn, append([]value.Value{borrow(f)}, tc.args...)...)
		if gotCase := resultCase(got); gotCase != tc.want {
			t.Errorf("%s%v = %v, want %s", tc.fn, tc.args, got, tc.want)
		}
	}
	if got := th.must("[method]fields.get", borrow(f), value.String("X-a")).String(); got != `[[49], [50]]` {
		t.Errorf("get x-a = %s", got)
	}
	th.must("[method]fields.set", borrow(f), value.String("x-a"), value.List(value.Bytes([]byte("3"))))
	th.must("[method]fields.delete", borrow(f), value.String("content-type"))
	if got := th.must("[method]fields.has", borrow(f), value.String("content-type")); got.Bool() {
		t.Error("has content-type after delete")
	}
	ents := th.must("[method]fields.entries", borrow(f)).Elems()
	if len(ents) != 1 || ents[0].Elems()[0].Str() != "x-a" {
		t.Errorf("entries = %v, want one x-a", ents)
	}

	bad := th.must("[static]fields.from-list", value.List(entry("ok", "1"), entry("transfer-encoding", "chunked")))
	if resultCase(bad) != "forbidden" {
		t.Errorf("from-list with transfer-encoding = %v, want forbidden", bad)
	}

	// A clone is mutable and independent.
	c := th.must("[method]fields.clone", borrow(f))
	th.must("[method]fields.append", borrow(c), value.String("x-c"), value.Bytes(nil))
	if th.must("[method]fields.has", borrow(f), value.String("x-c")).Bool() {
		t.Error("appending to a clone changed the original")
	}
}

// resultCase names the outcome of a result<_, header-error>: "ok" or the
// error case.
func resultCase(v value.Value) string {
	if !v.IsErr() {
		return "ok"
	}
	p, _ := v.Payload()
	return p.Case()
}

func TestIncomingRequestHeadersImmutable(t *testing.T) {
	th := newTestHost(t, Config{})
	hd := http.Header{"X-In": {"v"}, "Connection": {"keep-alive"}}
	req := th.h.own(th.h.link.types.incomingRequest, &incomingRequest{method: "PATCH", scheme: "http",
		authority: "a", pathQuery: "/p?q", headers: th.h.fieldsFromHeader(hd, true),
		body: newIncomingBody(io.NopCloser(strings.NewReader("")), func() http.Header { return nil })})
	if m := th.must("[method]incoming-request.method", borrow(req)); m.Case() != "patch" {
		t.Errorf("method = %v", m)
	}
	h := th.must("[method]incoming-request.headers", borrow(req))
	if got := resultCase(th.must("[method]fields.append", borrow(h), value.String("x"), value.Bytes(nil))); got != "immutable" {
		t.Errorf("append to incoming headers: %s, want immutable", got)
	}
	if th.must("[method]fields.has", borrow(h), value.String("connection")).Bool() {
		t.Error("a forbidden header reached the guest")
	}
	if b := th.must("[method]incoming-request.consume", borrow(req)); b.IsErr() {
		t.Error("first consume failed")
	}
	if b := th.must("[method]incoming-request.consume", borrow(req)); !b.IsErr() {
		t.Error("second consume succeeded")
	}
}

func TestOutgoingRequestSetters(t *testing.T) {
	th := newTestHost(t, Config{})
	r := th.must("[constructor]outgoing-request", th.must("[constructor]fields"))
	for _, tc := range []struct {
		fn  string
		arg value.Value
		ok  bool
	}{
		{"set-method", value.Variant("other", value.String("PROPFIND")), true},
		{"set-method", value.Variant("other", value.String("BAD METHOD")), false},
		{"set-path-with-query", value.Some(value.String("/a?b")), true},
		{"set-path-with-query", value.Some(value.String("no-slash")), false},
		{"set-scheme", value.Some(value.VariantCase("HTTPS")), true},
		{"set-scheme", value.Some(value.Variant("other", value.String("1x"))), false},
		{"set-authority", value.Some(value.String("127.0.0.1:80")), true},
		{"set-authority", value.Some(value.String("a/b")), false},
	} {
		got := th.must("[method]outgoing-request."+tc.fn, borrow(r), tc.arg)
		if got.IsErr() == tc.ok {
			t.Errorf("%s(%v) = %v, want ok=%v", tc.fn, tc.arg, got, tc.ok)
		}
	}
	if m, _ := methodString(th.must("[method]outgoing-request.method", borrow(r))); m != "PROPFIND" {
		t.Errorf("method = %s", m)
	}
	if b := th.must("[method]outgoing-request.body", borrow(r)); b.IsErr() {
		t.Error("first body failed")
	}
	if b := th.must("[method]outgoing-request.body", borrow(r)); !b.IsErr() {
		t.Error("second body succeeded")
	}
}

func TestAllowList(t *testing.T) {
	cfg := Config{}.WithAllowedHosts("Example.com", "127.0.0.1:8080", "[::1]")
	for _, tc := range []struct {
		authority, port string
		want            bool
	}{
		{"example.com", "80", true},
		{"EXAMPLE.COM:9000", "80", true},
		{"127.0.0.1:8080", "80", true},
		{"127.0.0.1:8081", "80", false},
		{"127.0.0.1", "80", false},
		{"[::1]:5", "80", true},
		{"evil.com", "80", false},
		{"example.com.evil.com", "80", false},
	} {
		if got := cfg.allows(tc.authority, tc.port); got != tc.want {
			t.Errorf("allows(%q) = %v, want %v", tc.authority, got, tc.want)
		}
	}
	if (Config{}).allows("127.0.0.1", "80") {
		t.Error("the zero Config allows a request")
	}
	if !(Config{}.WithAllowedHosts("*")).allows("anything:1", "80") {
		t.Error(`"*" does not allow everything`)
	}
}

// outgoing makes an outgoing GET request to authority with a body of
// bodyText, and returns what outgoing-handler.handle returned.
func (th *testHost) outgoing(authority, bodyText string) value.Value {
	r := th.must("[constructor]outgoing-request", th.must("[constructor]fields"))
	th.must("[method]outgoing-request.set-authority", borrow(r), value.Some(value.String(authority)))
	th.must("[method]outgoing-request.set-path-with-query", borrow(r), value.Some(value.String("/up?x=1")))
	th.must("[method]outgoing-request.set-method", borrow(r), value.VariantCase("post"))
	body := th.must("[method]outgoing-request.body", borrow(r))
	bodyV, _ := body.Payload()
	res := th.must(ifaceOutgoing+"#handle", r, value.None())
	// The body is written after handle, as guests usually do.
	b, err := lookup[*outgoingBody](th.h, th.h.link.types.outgoingBody, bodyV)
	if err != nil {
		th.t.Fatal(err)
	}
	b.sink.streamOpened()
	io.WriteString(b.sink, bodyText)
	b.sink.streamClosed()
	tr := th.must("[static]fields.from-list", value.List(entry("x-trailer", "t1")))
	trV, _ := tr.Payload()
	if fin := th.must("[static]outgoing-body.finish", bodyV, value.Some(trV)); fin.IsErr() && !res.IsErr() {
		th.t.Fatalf("finish: %v", fin)
	}
	return res
}

func TestOutgoingHandler(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Up", "1")
		fmt.Fprintf(w, "%s %s %s %s", r.Method, r.URL.RequestURI(), b, r.Trailer.Get("X-Trailer"))
	}))
	defer up.Close()
	authority := strings.TrimPrefix(up.URL, "http://")

	denied := newTestHost(t, Config{}.WithAllowedHosts("localhost"))
	res := denied.outgoing(authority, "")
	if p, _ := res.Payload(); !res.IsErr() || p.Case() != "HTTP-request-denied" {
		t.Fatalf("denied request: %v, want err(HTTP-request-denied)", res)
	}

	th := newTestHost(t, Config{}.WithAllowedHosts("127.0.0.1"))
	res = th.outgoing(authority, "payload")
	if res.IsErr() {
		t.Fatalf("allowed request: %v", res)
	}
	fut, _ := res.Payload()
	f, _ := lookup[*futureResponse](th.h, th.h.link.types.futureIncomingRe, fut)
	select {
	case <-f.done:
	case <-time.After(10 * time.Second):
		t.Fatal("no response")
	}
	got := th.must("[method]future-incoming-response.get", borrow(fut))
	inner, _ := got.Payload()
	inner, _ = inner.Payload()
	if inner.IsErr() {
		t.Fatalf("response: %v", got)
	}
	resp, _ := inner.Payload()
	if s := th.must("[method]incoming-response.status", borrow(resp)).U16(); s != 200 {
		t.Errorf("status %d", s)
	}
	hd := th.must("[method]incoming-response.headers", borrow(resp))
	if v := th.must("[method]fields.get", borrow(hd), value.String("x-up")).String(); v != "[[49]]" {
		t.Errorf("x-up = %s", v)
	}
	body := th.must("[method]incoming-response.consume", borrow(resp))
	bv, _ := body.Payload()
	b, _ := lookup[*incomingBody](th.h, th.h.link.types.incomingBody, bv)
	text, _ := io.ReadAll(b)
	if string(text) != "POST /up?x=1 payload t1" {
		t.Errorf("upstream saw %q", text)
	}
	if again := th.must("[method]future-incoming-response.get", borrow(fut)); !again.IsSome() {
		t.Errorf("second get = %v, want some(err)", again)
	} else if p, _ := again.Payload(); !p.IsErr() {
		t.Errorf("second get = %v, want some(err)", again)
	}

	// Nothing listens on port 1: a connection error becomes an error code.
	th2 := newTestHost(t, Config{}.WithAllowedHosts("*"))
	res = th2.outgoing("127.0.0.1:1", "")
	fut, _ = res.Payload()
	f, _ = lookup[*futureResponse](th2.h, th2.h.link.types.futureIncomingRe, fut)
	<-f.done
	got = th2.must("[method]future-incoming-response.get", borrow(fut))
	inner, _ = got.Payload()
	inner, _ = inner.Payload()
	if p, _ := inner.Payload(); !inner.IsErr() || p.Case() != "connection-refused" {
		t.Errorf("request to a closed port: %v, want connection-refused", got)
	}
}

// TestBetweenBytesTimeout: a response body that stalls longer than the
// between-bytes-timeout fails with connection-read-timeout.
func TestBetweenBytesTimeout(t *testing.T) {
	stall := make(chan struct{})
	defer close(stall)
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "first")
		http.NewResponseController(w).Flush()
		select {
		case <-stall:
		case <-r.Context().Done():
		}
	}))
	defer up.Close()
	th := newTestHost(t, Config{}.WithAllowedHosts("127.0.0.1"))
	r := th.must("[constructor]outgoing-request", th.must("[constructor]fields"))
	th.must("[method]outgoing-request.set-authority", borrow(r), value.Some(value.String(strings.TrimPrefix(up.URL, "http://"))))
	opts := th.must("[constructor]request-options")
	th.must("[method]request-options.set-between-bytes-timeout", borrow(opts), value.Some(value.U64(uint64(100*time.Millisecond))))
	res := th.must(ifaceOutgoing+"#handle", r, value.Some(opts))
	fut, _ := res.Payload()
	f, _ := lookup[*futureResponse](th.h, th.h.link.types.futureIncomingRe, fut)
	<-f.done
	got := th.must("[method]future-incoming-response.get", borrow(fut))
	inner, _ := got.Payload()
	inner, _ = inner.Payload()
	resp, _ := inner.Payload()
	body := th.must("[method]incoming-response.consume", borrow(resp))
	bv, _ := body.Payload()
	b, _ := lookup[*incomingBody](th.h, th.h.link.types.incomingBody, bv)
	text, err := io.ReadAll(b)
	var be *bodyError
	if string(text) != "first" || !errors.As(err, &be) || be.code.Case() != "connection-read-timeout" {
		t.Fatalf("read %q, %v; want \"first\" then connection-read-timeout", text, err)
	}
}
