package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/weftwasm/weft"
	"github.com/weftwasm/weft/wasi/wasihttp"
	"github.com/weftwasm/weft/wasi/wasip2"
)

func serveCommand() command {
	return command{
		name:    "serve",
		summary: "serve HTTP with a wasi:http/proxy component, a fresh instance per request (weft serve [--addr A] FILE.wasm)",
		run:     runServe,
	}
}

// shutdownGrace is how long a shutdown waits for requests in flight.
const shutdownGrace = 10 * time.Second

func runServe(ctx context.Context, env *cliEnv, args []string) int {
	fs := flag.NewFlagSet("weft serve", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen on `HOST:PORT`")
	allow := fs.String("allow-http", "", "let the guest's outgoing requests reach `HOST[:PORT],...` (\"*\" for any)")
	maxConc := fs.Int("max-concurrent", 0, "serve at most `N` requests at once (0: no limit)")
	prewarm := fs.Int("prewarm", 0, "keep `N` fresh instances made ahead of requests (each still serves one request)")
	timeout := fs.Duration("timeout", 30*time.Second, "bound each request by `DUR` (0: no bound)")
	maxMem := fs.Uint("max-memory", 0, "cap each linear memory of an instance at `MIB` mebibytes (0: 4 GiB)")
	cache := fs.String("cache", "", "compilation cache `DIR` (default: the user cache directory's weft/; \"off\" disables it)")
	interp := fs.Bool("interpreter", false, "run on the interpreter instead of the compiler")
	wf := addWASIFlags(fs)
	fs.Usage = func() {
		fmt.Fprintln(env.stderr, "Usage: weft serve [flags] FILE.wasm")
		fmt.Fprintln(env.stderr, "Serves wasi:http/incoming-handler; SIGINT or SIGTERM shuts down gracefully.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	if *maxMem > 65536/16 {
		fmt.Fprintln(env.stderr, "weft serve: --max-memory is at most 4096 MiB")
		return 2
	}
	file := fs.Arg(0)
	wcfg, err := wf.config(wasip2.Config{}.WithArgs(file).WithStdout(env.stdout).WithStderr(env.stderr))
	if err != nil {
		fmt.Fprintln(env.stderr, "weft serve:", err)
		return 2
	}
	cfg, _, err := runtimeConfig(*cache, *interp)
	if err != nil {
		fmt.Fprintln(env.stderr, "weft serve:", err)
		return 1
	}
	cfg = cfg.WithCloseOnContextDone(*timeout > 0).WithMemoryLimitPages(uint32(*maxMem) * 16)
	wasm, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(env.stderr, "weft serve: %v\n", err)
		return 1
	}
	rt, err := weft.NewRuntime(ctx, cfg)
	if err != nil {
		fmt.Fprintf(env.stderr, "weft serve: %v\n", err)
		return 1
	}
	defer rt.Close(context.WithoutCancel(ctx))
	comp, err := rt.Compile(ctx, wasm)
	if err != nil {
		fmt.Fprintf(env.stderr, "weft serve: %s: %v\n", file, err)
		return 1
	}
	httpCfg := wasihttp.Config{}
	for _, h := range strings.Split(*allow, ",") {
		if h = strings.TrimSpace(h); h != "" {
			httpCfg = httpCfg.WithAllowedHosts(h)
		}
	}
	log := &lineLog{w: env.stderr}
	hcfg := wasihttp.HandlerConfig{}.WithWASI(wcfg).WithTimeout(*timeout).WithMaxConcurrent(*maxConc).WithPrewarm(*prewarm).
		WithErrorLog(func(r *http.Request, err error) { log.printf("%s %s: %v", r.Method, r.URL.RequestURI(), err) })
	handler, err := wasihttp.NewProxy(ctx, comp, httpCfg, hcfg)
	if err != nil {
		fmt.Fprintf(env.stderr, "weft serve: %s: %v\n", file, err)
		return 1
	}
	defer handler.Close(context.WithoutCancel(ctx))
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(env.stderr, "weft serve: %v\n", err)
		return 1
	}
	log.printf("Serving HTTP on http://%s/", ln.Addr())
	srv := &http.Server{Handler: accessLog(log, handler), ReadHeaderTimeout: 30 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		fmt.Fprintf(env.stderr, "weft serve: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	log.printf("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		fmt.Fprintf(env.stderr, "weft serve: shutdown: %v\n", err)
		return 1
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(env.stderr, "weft serve: %v\n", err)
		return 1
	}
	return 0
}

// lineLog writes whole lines to a writer shared by concurrent requests.
type lineLog struct {
	mu sync.Mutex
	w  interface{ Write([]byte) (int, error) }
}

func (l *lineLog) printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, format+"\n", args...)
}

// statusRecorder remembers the status a handler sent.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (flush, full
// duplex).
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// accessLog logs one line per request: method, path, status, duration.
func accessLog(log *lineLog, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			status := rec.status
			if p := recover(); p != nil {
				log.printf("%s %s aborted %s", r.Method, r.URL.RequestURI(), time.Since(start).Round(time.Microsecond))
				panic(p)
			}
			log.printf("%s %s %d %s", r.Method, r.URL.RequestURI(), status, time.Since(start).Round(time.Microsecond))
		}()
		next.ServeHTTP(rec, r)
	})
}
