package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServeHelloWAT runs "weft serve" on a loopback port, sends requests,
// then cancels it as SIGINT would and checks the log lines and the exit
// status.
func TestServeHelloWAT(t *testing.T) {
	file := filepath.Join("..", "..", "testdata", "components", "http-wat", "http-wat.wasm")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	env := &cliEnv{stdin: strings.NewReader(""), stdout: io.Discard, stderr: pw}
	code := make(chan int, 1)
	go func() {
		code <- runMain(ctx, env, []string{"serve", "--addr", "127.0.0.1:0", "--max-concurrent", "4", "--prewarm", "1", "--timeout", "5s", file})
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	if !lines.Scan() {
		t.Fatalf("no output from weft serve (exit %d)", <-code)
	}
	m := regexp.MustCompile(`^Serving HTTP on (http://127\.0\.0\.1:\d+/)$`).FindStringSubmatch(lines.Text())
	if m == nil {
		t.Fatalf("first line %q, want Serving HTTP on http://127.0.0.1:PORT/", lines.Text())
	}
	logged := make(chan string, 16)
	go func() {
		for lines.Scan() {
			logged <- lines.Text()
		}
		close(logged)
	}()
	for _, path := range []string{"", "a/b?c=d"} {
		resp, err := http.Get(m[1] + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(body) != "hello, world\n" {
			t.Fatalf("GET /%s: %d %q", path, resp.StatusCode, body)
		}
		select {
		case line := <-logged:
			if !regexp.MustCompile(`^GET /` + regexp.QuoteMeta(path) + ` 200 \S+s$`).MatchString(line) {
				t.Fatalf("log line %q, want GET /%s 200 DURATION", line, path)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("no log line for the request")
		}
	}
	cancel()
	select {
	case c := <-code:
		if c != 0 {
			t.Fatalf("weft serve exited %d after a graceful shutdown, want 0", c)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("weft serve did not shut down")
	}
}

func TestServeUsage(t *testing.T) {
	code, _, stderr := runWeft(t, "serve")
	if code != 2 || !strings.Contains(stderr, "Usage: weft serve") {
		t.Fatalf("weft serve without a file: exit %d, stderr %q", code, stderr)
	}
}
