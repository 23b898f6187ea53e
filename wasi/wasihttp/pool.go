package wasihttp

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/weftwasm/weft"
	"github.com/weftwasm/weft/wasi/wasip2"
)

// fresh is an instance that has not served a request yet, with its hosts.
type fresh struct {
	inst *weft.Instance
	host *Host
	wasi *wasip2.Host
}

func (f *fresh) close(ctx context.Context) {
	f.host.Close()
	f.wasi.Close()
	f.inst.Close(ctx)
}

// instantiate makes a fresh instance with its own WASI and wasi:http hosts.
func (h *Handler) instantiate(ctx context.Context) (*fresh, error) {
	wasi, err := wasip2.New(h.cfg.wasi)
	if err != nil {
		return nil, err
	}
	host := h.defs.NewHost(wasi)
	inst, err := h.pre.InstantiateWithData(ctx, host)
	if err != nil {
		wasi.Close()
		return nil, fmt.Errorf("wasihttp: instantiate: %w", err)
	}
	return &fresh{inst: inst, host: host, wasi: wasi}, nil
}

// pool keeps fresh instances made ahead of requests by one goroutine. An
// instance leaves the pool for exactly one request and is never returned.
type pool struct {
	ready    chan *fresh
	quit     chan struct{}
	done     chan struct{}
	stopOnce sync.Once
}

// retryDelay is how long the pool waits after a failed instantiation.
const retryDelay = 100 * time.Millisecond

func startPool(h *Handler, n int) *pool {
	p := &pool{ready: make(chan *fresh, n), quit: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		ctx := context.Background()
		for {
			f, err := h.instantiate(ctx)
			if err != nil {
				// The request that finds the pool empty instantiates on
				// its own and reports the error.
				select {
				case <-time.After(retryDelay):
					continue
				case <-p.quit:
					return
				}
			}
			select {
			case p.ready <- f:
			case <-p.quit:
				f.close(ctx)
				return
			}
		}
	}()
	return p
}

// take returns a fresh instance, or nil when none is ready (or p is nil).
func (p *pool) take() *fresh {
	if p == nil {
		return nil
	}
	select {
	case f := <-p.ready:
		return f
	default:
		return nil
	}
}

// stop ends the pool's goroutine and frees the instances it holds.
func (p *pool) stop(ctx context.Context) {
	if p == nil {
		return
	}
	p.stopOnce.Do(func() {
		close(p.quit)
		<-p.done
		for {
			select {
			case f := <-p.ready:
				f.close(ctx)
			default:
				return
			}
		}
	})
}
