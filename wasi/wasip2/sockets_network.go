package wasip2

import (
	"context"
	"errors"
	"net/netip"
	"strconv"
	"syscall"

	"github.com/weftwasm/weft/value"
)

// The cases of wasi:sockets/network.error-code, in WIT order.
var netErrorCodes = []string{
	"unknown", "access-denied", "not-supported", "invalid-argument", "out-of-memory", "timeout",
	"concurrency-conflict", "not-in-progress", "would-block", "invalid-state", "new-socket-limit",
	"address-not-bindable", "address-in-use", "remote-unreachable", "connection-refused",
	"connection-reset", "connection-aborted", "datagram-too-large", "name-unresolvable",
	"temporary-resolver-failure", "permanent-resolver-failure",
}

// netError is a socket failure the host decided on itself, named by its
// error-code case.
type netError string

func (e netError) Error() string { return "wasi sockets: " + string(e) }

// netCode classifies err as a wasi:sockets error-code.
func netCode(err error) string {
	var ne netError
	if errors.As(err, &ne) {
		return string(ne)
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errnoNetCode(errno)
	}
	return "unknown"
}

// network is the object behind a network handle: the capability to use
// the host's network, within the configured allow rules.
type network struct{}

func networkFuncs(l *funcList) {
	t := sharedTypes
	l.add(ifaceNetwork, "network-error-code", fn(optionT(t.netErrorCode), "err", borrowT(t.error)),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			e, err := lookup[*ioError](h, t.error, args[0])
			if err != nil {
				return value.Value{}, err
			}
			if e.origin != originNetwork {
				return value.None(), nil
			}
			return value.Some(value.Enum(netCode(e.err))), nil
		})
	l.add(ifaceInstanceNet, "instance-network", fn(ownT(t.network)), func(_ context.Context, h *Host, _ []value.Value) (value.Value, error) {
		return h.own(t.network, network{}), nil
	})
}

// netResult wraps a socket operation's outcome as result<T, error-code>,
// keeping traps as traps.
func netResult(v value.Value, err error) (value.Value, error) {
	if err != nil {
		if isTrap(err) {
			return value.Value{}, err
		}
		return value.Err(value.Enum(netCode(err))), nil
	}
	return value.Ok(v), nil
}

func netUnit(err error) (value.Value, error) {
	if err != nil {
		return netResult(value.Value{}, err)
	}
	return value.OkEmpty(), nil
}

// sockAddr is a socket address as WASI describes it.
type sockAddr struct {
	ap       netip.AddrPort
	flowInfo uint32
}

// addrFromValue converts a checked ip-socket-address.
func addrFromValue(v value.Value) sockAddr {
	p, _ := v.Payload()
	f := p.Elems()
	port := f[0].U16()
	if v.Case() == "ipv4" {
		a := f[1].Elems()
		return sockAddr{ap: netip.AddrPortFrom(netip.AddrFrom4([4]byte{a[0].U8(), a[1].U8(), a[2].U8(), a[3].U8()}), port)}
	}
	var b [16]byte
	for i, w := range f[2].Elems() {
		b[2*i], b[2*i+1] = byte(w.U16()>>8), byte(w.U16())
	}
	addr := netip.AddrFrom16(b)
	if scope := f[3].U32(); scope != 0 {
		addr = addr.WithZone(zoneOf(scope))
	}
	return sockAddr{ap: netip.AddrPortFrom(addr, port), flowInfo: f[1].U32()}
}

// zoneOf renders an IPv6 scope id as the zone of a netip.Addr, and
// scopeOf reads it back (0 for none or a named zone).
func zoneOf(scope uint32) string { return strconv.FormatUint(uint64(scope), 10) }

func scopeOf(a netip.Addr) uint32 {
	n, err := strconv.ParseUint(a.Zone(), 10, 32)
	if err != nil {
		return 0
	}
	return uint32(n)
}

// ipValue converts an address to ip-address.
func ipValue(a netip.Addr) value.Value {
	if a.Is4() {
		b := a.As4()
		return value.Variant("ipv4", value.Tuple(value.U8(b[0]), value.U8(b[1]), value.U8(b[2]), value.U8(b[3])))
	}
	b := a.As16()
	ws := make([]value.Value, 8)
	for i := range ws {
		ws[i] = value.U16(uint16(b[2*i])<<8 | uint16(b[2*i+1]))
	}
	return value.Variant("ipv6", value.Tuple(ws...))
}

// addrValue converts a socket address to ip-socket-address.
func addrValue(ap netip.AddrPort, v6 bool) value.Value {
	a := ap.Addr()
	if !v6 {
		ip, _ := ipValue(a.Unmap()).Payload()
		return value.Variant("ipv4", value.Record(value.U16(ap.Port()), ip))
	}
	ip, _ := ipValue(netip.AddrFrom16(a.As16())).Payload()
	return value.Variant("ipv6", value.Record(value.U16(ap.Port()), value.U32(0), ip, value.U32(scopeOf(a))))
}

// allowed reports whether the rules let proto reach ap. Port 0 (an
// ephemeral port chosen at bind) needs only the address to be allowed.
func (h *Host) allowed(proto Protocol, ap netip.AddrPort) bool {
	addr := ap.Addr().Unmap().WithZone("")
	for _, r := range h.rules {
		if r.proto&proto == 0 || !r.prefix.Contains(addr) {
			continue
		}
		if len(r.ports) == 0 || ap.Port() == 0 {
			return true
		}
		for _, p := range r.ports {
			if p == ap.Port() {
				return true
			}
		}
	}
	return false
}

// checkFamily refuses an address of the wrong family for a socket, and
// IPv4-mapped IPv6 addresses, which WASI does not allow.
func checkFamily(v6 bool, a netip.Addr) error {
	if v6 != a.Is6() || (a.Is6() && a.Is4In6()) {
		return netError("invalid-argument")
	}
	return nil
}

// checkLocal validates an address to bind to: of the socket's family and
// not multicast or broadcast.
func checkLocal(v6 bool, a netip.Addr) error {
	if err := checkFamily(v6, a); err != nil {
		return err
	}
	if a.IsMulticast() || (a.Is4() && a == netip.AddrFrom4([4]byte{255, 255, 255, 255})) {
		return netError("invalid-argument")
	}
	return nil
}

// checkRemote validates a destination address: a unicast address and a
// non-zero port.
func checkRemote(v6 bool, sa sockAddr) error {
	if err := checkFamily(v6, sa.ap.Addr()); err != nil {
		return err
	}
	a := sa.ap.Addr()
	if a.IsUnspecified() || a.IsMulticast() || sa.ap.Port() == 0 || (a.Is4() && a == netip.AddrFrom4([4]byte{255, 255, 255, 255})) {
		return netError("invalid-argument")
	}
	return nil
}
