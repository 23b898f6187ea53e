package wasihttp_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/weftwasm/weft"
	"github.com/weftwasm/weft/wasi/wasihttp"
)

const httpJS = ".cache/components/http-js.wasm"

var (
	jsOnce sync.Once
	jsRT   *weft.Runtime
	jsC    *weft.Component
	jsSkip string
	jsErr  error
)

// serveJS starts a loopback server for http-js with the outgoing
// allow-list allow.
func serveJS(t *testing.T, allow ...string) *httptest.Server {
	srv, _ := serveJSLogged(t, 30*time.Second, allow...)
	return srv
}

// serveJSLogged is serveJS that also returns the errors the handler
// reported so far.
func serveJSLogged(t *testing.T, timeout time.Duration, allow ...string) (*httptest.Server, func() []error) {
	t.Helper()
	jsOnce.Do(func() {
		bin, err := readFixture(httpJS)
		if err != nil {
			jsSkip = fmt.Sprintf("%s: %v (run scripts/fixtures.sh cache)", httpJS, err)
			return
		}
		ctx := context.Background()
		cfg := weft.NewConfig().WithCloseOnContextDone(true)
		if dir, err := weft.DefaultCacheDir(); err == nil {
			cfg = cfg.WithCacheDir(dir)
		}
		if jsRT, jsErr = weft.NewRuntime(ctx, cfg); jsErr != nil {
			return
		}
		jsC, jsErr = jsRT.Compile(ctx, bin)
	})
	if jsSkip != "" {
		t.Skip(jsSkip)
	}
	if jsErr != nil {
		t.Fatal(jsErr)
	}
	var logged []error
	var mu sync.Mutex
	hcfg := wasihttp.HandlerConfig{}.WithTimeout(timeout).WithErrorLog(func(_ *http.Request, err error) {
		mu.Lock()
		logged = append(logged, err)
		mu.Unlock()
	})
	h, err := wasihttp.NewProxy(context.Background(), jsC, wasihttp.Config{}.WithAllowedHosts(allow...), hcfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, func() []error {
		mu.Lock()
		defer mu.Unlock()
		return append([]error(nil), logged...)
	}
}

func get(t *testing.T, u string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

func TestJSHello(t *testing.T) {
	srv := serveJS(t)
	resp, body := get(t, srv.URL+"/hello")
	if resp.StatusCode != 200 || body != "hello" || resp.Header.Get("X-Fixture") != "http-js" {
		t.Fatalf("GET /hello: %d %q x-fixture=%q", resp.StatusCode, body, resp.Header.Get("X-Fixture"))
	}
	resp, body = get(t, srv.URL+"/nowhere")
	if resp.StatusCode != 404 || !strings.Contains(body, "GET /nowhere") {
		t.Fatalf("GET /nowhere: %d %q", resp.StatusCode, body)
	}
}

func TestJSEchoLargeBody(t *testing.T) {
	srv := serveJS(t)
	for _, size := range []int{0, 5, 3<<20 + 17} {
		payload := make([]byte, size)
		for i := range payload {
			payload[i] = byte(i*7 + i>>8)
		}
		// An io.Reader without a length: the request is sent chunked and
		// streamed, not buffered.
		req, err := http.NewRequest("POST", srv.URL+"/echo", io.MultiReader(bytes.NewReader(payload)))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("X-Test", "weft")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatalf("size %d: reading the echo: %v", size, err)
		}
		if resp.StatusCode != 200 || !bytes.Equal(got, payload) {
			t.Fatalf("size %d: status %d, echoed %d bytes (equal %v)", size, resp.StatusCode, len(got), bytes.Equal(got, payload))
		}
		if v := resp.Header.Get("X-Echo-X-Test"); v != "weft" {
			t.Fatalf("size %d: x-echo-x-test = %q, want weft (headers %v)", size, v, resp.Header)
		}
	}
}

func TestJSTrapIsolated(t *testing.T) {
	srv, logged := serveJSLogged(t, 30*time.Second)
	resp, _ := get(t, srv.URL+"/trap")
	if resp.StatusCode != 500 {
		t.Fatalf("GET /trap: %d, want 500", resp.StatusCode)
	}
	errs := logged()
	var trap *weft.Trap
	if len(errs) != 1 || !errors.As(errs[0], &trap) {
		t.Fatalf("logged %v, want one *weft.Trap", errs)
	}
	resp, body := get(t, srv.URL+"/hello")
	if resp.StatusCode != 200 || body != "hello" {
		t.Fatalf("GET /hello after a trap: %d %q", resp.StatusCode, body)
	}
}

func TestJSFetch(t *testing.T) {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
		fmt.Fprintf(w, "upstream saw %s %s", r.Method, r.URL.RequestURI())
	}))
	defer upstream.Close()
	host := strings.TrimPrefix(upstream.URL, "http://")
	target := url.QueryEscape(upstream.URL + "/x?y=1")

	srv := serveJS(t, "127.0.0.1")
	resp, body := get(t, srv.URL+"/fetch?url="+target)
	if resp.StatusCode != 200 || body != "418\nupstream saw GET /x?y=1" || resp.Header.Get("X-Upstream-Status") != "418" {
		t.Fatalf("allowed fetch of %s: %d %q", host, resp.StatusCode, body)
	}

	denied := serveJS(t, "example.com")
	resp, body = get(t, denied.URL+"/fetch?url="+target)
	if resp.StatusCode != 502 || !strings.Contains(body, "HTTP-request-denied") {
		t.Fatalf("denied fetch: %d %q", resp.StatusCode, body)
	}
}

// TestJSTimeout: a guest waiting on an upstream that never answers is cut
// off by the per-request timeout with a 500, and the server goes on.
func TestJSTimeout(t *testing.T) {
	release := make(chan struct{})
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer upstream.Close()
	defer close(release)
	srv, logged := serveJSLogged(t, 300*time.Millisecond, "127.0.0.1")
	start := time.Now()
	resp, _ := get(t, srv.URL+"/fetch?url="+url.QueryEscape(upstream.URL+"/slow"))
	if resp.StatusCode != 500 {
		t.Fatalf("timed-out request: %d, want 500", resp.StatusCode)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("the timeout took %v", d)
	}
	if errs := logged(); len(errs) != 1 || !errors.Is(errs[0], context.DeadlineExceeded) {
		t.Fatalf("logged %v, want a deadline error", errs)
	}
	resp, body := get(t, srv.URL+"/hello")
	if resp.StatusCode != 200 || body != "hello" {
		t.Fatalf("GET /hello after a timeout: %d %q", resp.StatusCode, body)
	}
}

// TestJSExpectContinue: a client that waits for "100 Continue" before
// sending its body gets it once the guest consumes the body (the client
// here would wait an hour otherwise and hit its 20 s timeout).
func TestJSExpectContinue(t *testing.T) {
	srv := serveJS(t)
	tr := &http.Transport{ExpectContinueTimeout: time.Hour}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 20 * time.Second}
	payload := bytes.Repeat([]byte("weft"), 100000)
	req, err := http.NewRequest("POST", srv.URL+"/echo", bytes.NewReader(payload))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Expect", "100-continue")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 || !bytes.Equal(got, payload) {
		t.Fatalf("echo with Expect: 100-continue: %d, %d bytes, %v", resp.StatusCode, len(got), err)
	}
}
