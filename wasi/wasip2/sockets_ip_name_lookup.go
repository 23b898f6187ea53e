package wasip2

import (
	"context"
	"net"
	"net/netip"
	"strings"
	"sync"

	"github.com/weftwasm/weft/value"
)

// resolveStream is the object behind a resolve-address-stream handle: a
// lookup running in the background, then its addresses one by one.
type resolveStream struct {
	mu     sync.Mutex
	done   bool
	addrs  []netip.Addr
	err    error
	note   notifier
	cancel context.CancelFunc
}

func (r *resolveStream) ready() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.done
}

func (r *resolveStream) wait() <-chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.note.wait()
}

func (r *resolveStream) close() error {
	r.cancel()
	return nil
}

func (r *resolveStream) next() (netip.Addr, bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case !r.done:
		return netip.Addr{}, false, netError("would-block")
	case r.err != nil:
		err := r.err
		r.err = nil
		return netip.Addr{}, false, err
	case len(r.addrs) == 0:
		return netip.Addr{}, false, nil
	}
	a := r.addrs[0]
	r.addrs = r.addrs[1:]
	return a, true, nil
}

// validHostName checks the syntax of a name to resolve: what a DNS name or
// an IP address literal may contain.
func validHostName(name string) bool {
	if name == "" || len(name) > 253 {
		return false
	}
	if _, err := netip.ParseAddr(strings.Trim(name, "[]")); err == nil {
		return true
	}
	for _, label := range strings.Split(strings.TrimSuffix(name, "."), ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for _, c := range label {
			if !(c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
				return false
			}
		}
	}
	return true
}

func resolveError(err error) error {
	if dnsErr, ok := err.(*net.DNSError); ok {
		switch {
		case dnsErr.IsNotFound:
			return netError("name-unresolvable")
		case dnsErr.IsTemporary || dnsErr.IsTimeout:
			return netError("temporary-resolver-failure")
		}
	}
	return netError("permanent-resolver-failure")
}

func nameLookupFuncs(l *funcList) {
	t := sharedTypes
	rs := t.resolveStream
	ec := t.netErrorCode
	l.add(ifaceNameLookup, "resolve-addresses", fn(resultT(ownT(rs), ec), "network", borrowT(t.network), "name", stringT),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			if _, err := lookup[network](h, t.network, args[0]); err != nil {
				return value.Value{}, err
			}
			name := args[1].Str()
			if !validHostName(name) {
				return netResult(value.Value{}, netError("invalid-argument"))
			}
			if !h.cfg.dns {
				return netResult(value.Value{}, netError("permanent-resolver-failure"))
			}
			ctx, cancel := context.WithCancel(context.Background())
			r := &resolveStream{cancel: cancel}
			if a, err := netip.ParseAddr(strings.Trim(name, "[]")); err == nil {
				r.done, r.addrs = true, []netip.Addr{a.WithZone("")}
				return value.Ok(h.own(rs, r)), nil
			}
			go func() {
				addrs, err := net.DefaultResolver.LookupNetIP(ctx, "ip", name)
				r.mu.Lock()
				defer r.mu.Unlock()
				r.done = true
				if err != nil {
					r.err = resolveError(err)
				}
				for _, a := range addrs {
					r.addrs = append(r.addrs, a.Unmap().WithZone(""))
				}
				r.note.notify()
			}()
			return value.Ok(h.own(rs, r)), nil
		})
	l.add(ifaceNameLookup, "[method]resolve-address-stream.resolve-next-address", method(rs, resultT(optionT(t.ipAddress), ec)),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			r, err := lookup[*resolveStream](h, rs, args[0])
			if err != nil {
				return value.Value{}, err
			}
			a, ok, err := r.next()
			if err != nil {
				return netResult(value.Value{}, err)
			}
			if !ok {
				return value.Ok(value.None()), nil
			}
			return value.Ok(value.Some(ipValue(a))), nil
		})
	l.add(ifaceNameLookup, "[method]resolve-address-stream.subscribe", method(rs, ownT(t.pollable)),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			r, err := lookup[*resolveStream](h, rs, args[0])
			if err != nil {
				return value.Value{}, err
			}
			return h.subscribe(r), nil
		})
}
