package wasihttp_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/weftwasm/weft"
	"github.com/weftwasm/weft/wasi/wasihttp"
)

// repoRoot walks up from the working directory to the directory holding
// go.mod.
func repoRoot(t testing.TB) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

// compile compiles the component at path (relative to the repository
// root), skipping the test with hint when it is missing.
func compile(t testing.TB, rt *weft.Runtime, path, hint string) *weft.Component {
	bin, err := os.ReadFile(filepath.Join(repoRoot(t), path))
	if os.IsNotExist(err) {
		t.Skipf("%s is missing: %s", path, hint)
	}
	if err != nil {
		t.Fatal(err)
	}
	c, err := rt.Compile(context.Background(), bin)
	if err != nil {
		t.Fatalf("compile %s: %v", path, err)
	}
	return c
}

// readFixture reads a file given relative to the repository root.
func readFixture(path string) ([]byte, error) {
	dir, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return os.ReadFile(filepath.Join(dir, path))
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil, os.ErrNotExist
		}
		dir = parent
	}
}

func newRuntime(t testing.TB) *weft.Runtime {
	ctx := context.Background()
	cfg := weft.NewConfig()
	if dir, err := weft.DefaultCacheDir(); err == nil {
		cfg = cfg.WithCacheDir(dir)
	}
	rt, err := weft.NewRuntime(ctx, cfg.WithCloseOnContextDone(true))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rt.Close(ctx) })
	return rt
}

func TestHelloWAT(t *testing.T) {
	rt := newRuntime(t)
	c := compile(t, rt, "testdata/components/http-wat/http-wat.wasm", "run scripts/fixtures.sh all")
	h, err := wasihttp.NewProxy(context.Background(), c, wasihttp.Config{}, wasihttp.HandlerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	for i := 0; i < 3; i++ {
		resp, err := http.Get(srv.URL + "/")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(body) != "hello, world\n" {
			t.Fatalf("got %d %q, want 200 %q", resp.StatusCode, body, "hello, world\n")
		}
	}
}

// FuzzServeWAT sends requests with arbitrary methods, targets, headers
// and bodies to http-wat: none may panic or fail to get the hello world.
func FuzzServeWAT(f *testing.F) {
	f.Add("GET", "/", "X-A", "1", []byte(nil))
	f.Add("PROPFIND", "/a/b?c=%zz", "Connection", "close", []byte("body"))
	f.Add("post", "*", "x", "\xff", []byte{0, 1, 2})
	rt := newRuntime(f)
	c := compile(f, rt, "testdata/components/http-wat/http-wat.wasm", "run scripts/fixtures.sh all")
	h, err := wasihttp.NewProxy(context.Background(), c, wasihttp.Config{}, wasihttp.HandlerConfig{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, method, target, hname, hvalue string, body []byte) {
		u, err := url.ParseRequestURI(target)
		if err != nil || method == "" {
			return
		}
		r := &http.Request{Method: method, URL: u, RequestURI: target, Host: "127.0.0.1",
			Header: http.Header{hname: {hvalue}}, Body: io.NopCloser(bytes.NewReader(body)),
			Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1}
		r = r.WithContext(context.Background())
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 200 || w.Body.String() != "hello, world\n" {
			t.Fatalf("%s %s: %d %q", method, target, w.Code, w.Body)
		}
	})
}

func TestPrewarm(t *testing.T) {
	rt := newRuntime(t)
	c := compile(t, rt, "testdata/components/http-wat/http-wat.wasm", "run scripts/fixtures.sh all")
	h, err := wasihttp.NewProxy(context.Background(), c, wasihttp.Config{}, wasihttp.HandlerConfig{}.WithPrewarm(2))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	check := func() {
		t.Helper()
		resp, err := http.Get(srv.URL + "/")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(body) != "hello, world\n" {
			t.Fatalf("got %d %q", resp.StatusCode, body)
		}
	}
	for range 5 {
		check()
	}
	if err := h.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Closing stops the pool, not the Handler.
	check()
}
