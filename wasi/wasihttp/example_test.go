package wasihttp_test

import (
	"context"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/weftwasm/weft"
	"github.com/weftwasm/weft/wasi/wasihttp"
)

// A wasi:http/proxy component served on loopback: a fresh instance per
// request, at most 10 s each, outgoing requests only to 127.0.0.1.
func ExampleNewProxy() {
	ctx := context.Background()
	rt, err := weft.NewRuntime(ctx, weft.NewConfig().WithCloseOnContextDone(true).WithMemoryLimitPages(1024))
	if err != nil {
		log.Fatal(err)
	}
	defer rt.Close(ctx)
	wasm, err := os.ReadFile("proxy.wasm")
	if err != nil {
		log.Fatal(err)
	}
	c, err := rt.Compile(ctx, wasm)
	if err != nil {
		log.Fatal(err)
	}
	h, err := wasihttp.NewProxy(ctx, c,
		wasihttp.Config{}.WithAllowedHosts("127.0.0.1"),
		wasihttp.HandlerConfig{}.WithTimeout(10*time.Second).WithMaxConcurrent(64))
	if err != nil {
		log.Fatal(err)
	}
	defer h.Close(ctx)
	log.Fatal(http.ListenAndServe("127.0.0.1:8080", h))
}
