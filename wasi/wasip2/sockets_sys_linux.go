//go:build linux

package wasip2

import (
	"net/netip"
	"os"
	"syscall"
	"time"
	"unsafe"
)

// The socket calls of this file are the system's own: Go's net package
// cannot bind a socket without listening or connecting it, which WASI's
// start-bind needs.

// sockOpen creates a non-blocking socket owned by an os.File, so that
// waits go through Go's poller and closing the file interrupts them.
func sockOpen(v6 bool, stream bool) (*os.File, error) {
	domain, typ := syscall.AF_INET, syscall.SOCK_DGRAM
	if v6 {
		domain = syscall.AF_INET6
	}
	if stream {
		typ = syscall.SOCK_STREAM
	}
	fd, err := syscall.Socket(domain, typ|syscall.SOCK_CLOEXEC|syscall.SOCK_NONBLOCK, 0)
	if err != nil {
		return nil, os.NewSyscallError("socket", err)
	}
	if v6 {
		if err := syscall.SetsockoptInt(fd, syscall.IPPROTO_IPV6, syscall.IPV6_V6ONLY, 1); err != nil {
			syscall.Close(fd)
			return nil, os.NewSyscallError("setsockopt", err)
		}
	}
	return os.NewFile(uintptr(fd), "socket"), nil
}

// connectFile connects socket f to sa, waiting for the connection through
// Go's poller; closing f interrupts the wait.
func connectFile(f *os.File, sa sockAddr) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var cerr error
	if err := rc.Control(func(fd uintptr) { cerr = syscall.Connect(int(fd), toSockaddr(sa)) }); err != nil {
		return err
	}
	switch cerr {
	case nil:
		return nil
	case syscall.EINPROGRESS, syscall.EALREADY, syscall.EINTR:
	default:
		return os.NewSyscallError("connect", cerr)
	}
	var result error
	err = rc.Write(func(fd uintptr) bool {
		if _, err := syscall.Getpeername(int(fd)); err == nil {
			return true
		}
		v, err := syscall.GetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_ERROR)
		switch {
		case err != nil:
			result = os.NewSyscallError("getsockopt", err)
		case v != 0:
			result = os.NewSyscallError("connect", syscall.Errno(v))
		default:
			return false // still in progress: wait until writable
		}
		return true
	})
	if err != nil {
		return err
	}
	return result
}

func toSockaddr(sa sockAddr) syscall.Sockaddr {
	a := sa.ap.Addr()
	if a.Is4() {
		return &syscall.SockaddrInet4{Port: int(sa.ap.Port()), Addr: a.As4()}
	}
	return &syscall.SockaddrInet6{Port: int(sa.ap.Port()), Addr: a.As16(), ZoneId: scopeOf(a)}
}

func fromSockaddr(s syscall.Sockaddr) netip.AddrPort {
	switch s := s.(type) {
	case *syscall.SockaddrInet4:
		return netip.AddrPortFrom(netip.AddrFrom4(s.Addr), uint16(s.Port))
	case *syscall.SockaddrInet6:
		a := netip.AddrFrom16(s.Addr)
		if s.ZoneId != 0 {
			a = a.WithZone(zoneOf(s.ZoneId))
		}
		return netip.AddrPortFrom(a, uint16(s.Port))
	}
	return netip.AddrPort{}
}

func sockBind(fd int, sa sockAddr, reuse bool) error {
	if reuse {
		if err := syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 1); err != nil {
			return os.NewSyscallError("setsockopt", err)
		}
	}
	return os.NewSyscallError("bind", syscall.Bind(fd, toSockaddr(sa)))
}

// sockDisconnect dissolves a datagram socket's association with a peer by
// connecting it to an AF_UNSPEC address (which package syscall cannot
// express, hence the raw call).
func sockDisconnect(fd int) error {
	var sa syscall.RawSockaddrInet6 // all zero: family AF_UNSPEC
	_, _, e := syscall.Syscall(syscall.SYS_CONNECT, uintptr(fd), uintptr(unsafe.Pointer(&sa)), unsafe.Sizeof(sa))
	if e != 0 {
		return os.NewSyscallError("connect", e)
	}
	return nil
}

func sockListen(fd, backlog int) error {
	return os.NewSyscallError("listen", syscall.Listen(fd, backlog))
}

func sockName(fd int) (netip.AddrPort, error) {
	s, err := syscall.Getsockname(fd)
	if err != nil {
		return netip.AddrPort{}, os.NewSyscallError("getsockname", err)
	}
	return fromSockaddr(s), nil
}

func peerName(fd int) (netip.AddrPort, error) {
	s, err := syscall.Getpeername(fd)
	if err != nil {
		return netip.AddrPort{}, os.NewSyscallError("getpeername", err)
	}
	return fromSockaddr(s), nil
}

// sockOpt names one integer socket option.
type sockOpt struct{ level, name int }

var (
	optKeepAlive = sockOpt{syscall.SOL_SOCKET, syscall.SO_KEEPALIVE}
	optKeepIdle  = sockOpt{syscall.IPPROTO_TCP, syscall.TCP_KEEPIDLE}
	optKeepIntvl = sockOpt{syscall.IPPROTO_TCP, syscall.TCP_KEEPINTVL}
	optKeepCnt   = sockOpt{syscall.IPPROTO_TCP, syscall.TCP_KEEPCNT}
	optRcvBuf    = sockOpt{syscall.SOL_SOCKET, syscall.SO_RCVBUF}
	optSndBuf    = sockOpt{syscall.SOL_SOCKET, syscall.SO_SNDBUF}
	optTTL       = sockOpt{syscall.IPPROTO_IP, syscall.IP_TTL}
	optHops      = sockOpt{syscall.IPPROTO_IPV6, syscall.IPV6_UNICAST_HOPS}
)

func getOpt(fd int, o sockOpt) (int, error) {
	v, err := syscall.GetsockoptInt(fd, o.level, o.name)
	return v, os.NewSyscallError("getsockopt", err)
}

func setOpt(fd int, o sockOpt, v int) error {
	return os.NewSyscallError("setsockopt", syscall.SetsockoptInt(fd, o.level, o.name, v))
}

// keepAliveUnit is the unit of the keep-alive time options.
const keepAliveUnit = time.Second

func errnoNetCode(e syscall.Errno) string {
	switch e {
	case syscall.EACCES, syscall.EPERM:
		return "access-denied"
	case syscall.EAFNOSUPPORT, syscall.EOPNOTSUPP, syscall.EPROTONOSUPPORT:
		return "not-supported"
	case syscall.EINVAL:
		return "invalid-argument"
	case syscall.ENOMEM, syscall.ENOBUFS:
		return "out-of-memory"
	case syscall.ETIMEDOUT:
		return "timeout"
	case syscall.EALREADY:
		return "concurrency-conflict"
	case syscall.EAGAIN, syscall.EINPROGRESS:
		return "would-block"
	case syscall.EISCONN, syscall.ENOTCONN, syscall.EDESTADDRREQ:
		return "invalid-state"
	case syscall.EMFILE, syscall.ENFILE:
		return "new-socket-limit"
	case syscall.EADDRNOTAVAIL:
		return "address-not-bindable"
	case syscall.EADDRINUSE:
		return "address-in-use"
	case syscall.EHOSTUNREACH, syscall.ENETUNREACH, syscall.ENETDOWN, syscall.EHOSTDOWN:
		return "remote-unreachable"
	case syscall.ECONNREFUSED:
		return "connection-refused"
	case syscall.ECONNRESET, syscall.EPIPE:
		return "connection-reset"
	case syscall.ECONNABORTED:
		return "connection-aborted"
	case syscall.EMSGSIZE:
		return "datagram-too-large"
	}
	return "unknown"
}
