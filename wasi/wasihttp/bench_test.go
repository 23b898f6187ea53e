package wasihttp_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/weftwasm/weft/wasi/wasihttp"
)

// load sends n GET requests to url from conc goroutines over keep-alive
// loopback connections and returns the requests per second and the 99th
// percentile latency.
func load(b *testing.B, url string, n, conc int) (rps float64, p99 time.Duration) {
	tr := &http.Transport{MaxIdleConnsPerHost: conc, MaxConnsPerHost: conc}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	lat := make([]time.Duration, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	var failed atomic.Value
	start := time.Now()
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(n) {
					return
				}
				t0 := time.Now()
				resp, err := client.Get(url)
				if err != nil {
					failed.Store(err)
					return
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 {
					failed.Store(err)
					return
				}
				lat[i] = time.Since(t0)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err := failed.Load(); err != nil {
		b.Fatalf("request failed: %v", err)
	}
	slices.Sort(lat)
	return float64(n) / elapsed.Seconds(), lat[(len(lat)*99)/100]
}

// BenchmarkHelloLoad measures http-wat served by a Handler (instantiating
// per request, or with 4 instances made ahead: -prewarm) against a plain
// net/http hello-world handler, both on loopback, at concurrency 1 and 32;
// each b.N is the number of requests sent to each server. Metrics: req/s
// and p99 of both, and weft/go ratios (rps-ratio: higher is better,
// p99-ratio: lower is better).
//
//	go test ./wasi/wasihttp -run '^$' -bench HelloLoad -benchtime 2000x
func BenchmarkHelloLoad(b *testing.B) {
	rt := newRuntime(b)
	c := compile(b, rt, "testdata/components/http-wat/http-wat.wasm", "run scripts/fixtures.sh all")
	goSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, "hello, world\n")
	}))
	defer goSrv.Close()
	for _, prewarm := range []int{0, 4} {
		h, err := wasihttp.NewProxy(context.Background(), c, wasihttp.Config{}, wasihttp.HandlerConfig{}.WithPrewarm(prewarm))
		if err != nil {
			b.Fatal(err)
		}
		weftSrv := httptest.NewServer(h)
		for _, conc := range []int{1, 32} {
			name := fmt.Sprintf("c%d", conc)
			if prewarm > 0 {
				name += "-prewarm"
			}
			b.Run(name, func(b *testing.B) {
				n := max(b.N, conc)
				goRPS, goP99 := load(b, goSrv.URL, n, conc)
				b.ResetTimer()
				weftRPS, weftP99 := load(b, weftSrv.URL, n, conc)
				b.StopTimer()
				b.ReportMetric(weftRPS, "weft-req/s")
				b.ReportMetric(float64(weftP99.Microseconds())/1000, "weft-p99-ms")
				b.ReportMetric(goRPS, "go-req/s")
				b.ReportMetric(float64(goP99.Microseconds())/1000, "go-p99-ms")
				b.ReportMetric(weftRPS/goRPS, "rps-ratio")
				b.ReportMetric(float64(weftP99)/float64(goP99), "p99-ratio")
			})
		}
		weftSrv.Close()
		h.Close(context.Background())
	}
}
