package wasip2

import (
	"context"
	"net"
	"os"
	"sync"
	"syscall"

	"github.com/weftwasm/weft/value"
)

type tcpState uint8

const (
	tcpUnbound tcpState = iota
	tcpBinding
	tcpBound
	tcpListenStarted
	tcpListening
	tcpConnecting
	tcpConnected
	tcpClosed
)

// tcpSocket is the object behind a tcp-socket handle, a state machine over
// one system socket.
type tcpSocket struct {
	mu      sync.Mutex
	v6      bool
	file    *os.File // the system socket; nil for accepted sockets
	state   tcpState
	backlog int
	note    notifier

	connDone bool
	connErr  error

	ln         net.Listener
	acceptBusy bool
	accepted   net.Conn
	acceptErr  error

	conn net.Conn
	in   *pipeReader
	out  *asyncWriter
}

const defaultBacklog = 128

func newTCPSocket(v6 bool) (*tcpSocket, error) {
	f, err := sockOpen(v6, true)
	if err != nil {
		return nil, err
	}
	return &tcpSocket{v6: v6, file: f, backlog: defaultBacklog}, nil
}

// withFD runs f on the system socket.
func (s *tcpSocket) withFD(f func(fd int) error) error {
	if s.state == tcpClosed {
		return netError("invalid-state")
	}
	if s.file != nil {
		return control(s.file, f)
	}
	sc, ok := s.conn.(syscall.Conn)
	if !ok {
		return netError("not-supported")
	}
	return control(sc, f)
}

func (s *tcpSocket) startBind(h *Host, sa sockAddr) error {
	if s.state != tcpUnbound {
		return netError("invalid-state")
	}
	if err := checkLocal(s.v6, sa.ap.Addr()); err != nil {
		return err
	}
	if !h.allowed(TCP, sa.ap) {
		return netError("access-denied")
	}
	if err := s.withFD(func(fd int) error { return sockBind(fd, sa, true) }); err != nil {
		return err
	}
	s.state = tcpBinding
	return nil
}

func (s *tcpSocket) startConnect(h *Host, sa sockAddr) error {
	switch s.state {
	case tcpUnbound, tcpBound:
	case tcpConnecting:
		return netError("concurrency-conflict")
	default:
		return netError("invalid-state")
	}
	if err := checkRemote(s.v6, sa); err != nil {
		return err
	}
	if !h.allowed(TCP, sa.ap) {
		return netError("access-denied")
	}
	s.state = tcpConnecting
	s.connDone, s.connErr = false, nil
	file := s.file
	go func() {
		err := connectFile(file, sa)
		s.mu.Lock()
		defer s.mu.Unlock()
		s.connDone, s.connErr = true, err
		s.note.notify()
	}()
	return nil
}

func (s *tcpSocket) finishConnect() error {
	if s.state != tcpConnecting {
		return netError("not-in-progress")
	}
	if !s.connDone {
		return netError("would-block")
	}
	if s.connErr != nil {
		s.state = tcpClosed
		return s.connErr
	}
	c, err := net.FileConn(s.file)
	if err != nil {
		s.state = tcpClosed
		return err
	}
	s.connected(c)
	return nil
}

func (s *tcpSocket) connected(c net.Conn) {
	s.conn = c
	s.in = newPipeReader(c, nil)
	s.in.origin = originNetwork
	s.out = newAsyncWriter(c, originNetwork)
	s.state = tcpConnected
}

func (s *tcpSocket) startListen() error {
	switch s.state {
	case tcpBound:
	case tcpUnbound:
		return netError("invalid-state")
	case tcpBinding, tcpListenStarted:
		return netError("concurrency-conflict")
	default:
		return netError("invalid-state")
	}
	if err := s.withFD(func(fd int) error { return sockListen(fd, s.backlog) }); err != nil {
		return err
	}
	ln, err := net.FileListener(s.file)
	if err != nil {
		return err
	}
	s.ln = ln
	s.state = tcpListenStarted
	return nil
}

// startAccept runs one Accept in the background if none is pending.
func (s *tcpSocket) startAccept() {
	if s.acceptBusy || s.accepted != nil || s.acceptErr != nil {
		return
	}
	s.acceptBusy = true
	ln := s.ln
	go func() {
		c, err := ln.Accept()
		s.mu.Lock()
		defer s.mu.Unlock()
		s.acceptBusy = false
		if s.state != tcpListening {
			if c != nil {
				c.Close()
			}
			return
		}
		s.accepted, s.acceptErr = c, err
		s.note.notify()
	}()
}

func (s *tcpSocket) accept() (*tcpSocket, error) {
	if s.state != tcpListening {
		return nil, netError("invalid-state")
	}
	if s.accepted == nil && s.acceptErr == nil {
		s.startAccept()
		return nil, netError("would-block")
	}
	c, err := s.accepted, s.acceptErr
	s.accepted, s.acceptErr = nil, nil
	if err != nil {
		return nil, err
	}
	ns := &tcpSocket{v6: s.v6, backlog: defaultBacklog}
	ns.connected(c)
	return ns, nil
}

func (s *tcpSocket) ready() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch s.state {
	case tcpConnecting:
		return s.connDone
	case tcpListening:
		s.startAccept()
		return s.accepted != nil || s.acceptErr != nil
	}
	return true
}

func (s *tcpSocket) wait() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.note.wait()
}

func (s *tcpSocket) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state = tcpClosed
	if s.ln != nil {
		s.ln.Close()
	}
	if s.accepted != nil {
		s.accepted.Close()
	}
	if s.in != nil {
		s.in.close()
	}
	if s.out != nil {
		s.out.close()
	}
	if s.conn != nil {
		s.conn.Close()
	}
	if s.file != nil {
		return s.file.Close() // also ends a connect still in progress
	}
	return nil
}

func tcpFuncs(l *funcList) {
	t := sharedTypes
	ts := t.tcpSocket
	ec := t.netErrorCode
	unitRes := resultT(nil, ec)
	sock := func(name string, ft *value.FuncType, body func(h *Host, s *tcpSocket, args []value.Value) (value.Value, error)) {
		l.add(ifaceTCP, "[method]tcp-socket."+name, ft, func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			s, err := lookup[*tcpSocket](h, ts, args[0])
			if err != nil {
				return value.Value{}, err
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			return body(h, s, args)
		})
	}
	streams := func(h *Host, s *tcpSocket) (value.Value, value.Value) {
		return h.own(t.inputStream, s.in), h.own(t.outputStream, s.out)
	}

	l.add(ifaceTCPCreate, "create-tcp-socket", fn(resultT(ownT(ts), ec), "address-family", t.ipFamily),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			if !h.cfg.tcp {
				return netResult(value.Value{}, netError("access-denied"))
			}
			s, err := newTCPSocket(args[0].Case() == "ipv6")
			if err != nil {
				return netResult(value.Value{}, err)
			}
			return value.Ok(h.own(ts, s)), nil
		})
	sock("start-bind", method(ts, unitRes, "network", borrowT(t.network), "local-address", t.ipSocketAddress),
		func(h *Host, s *tcpSocket, args []value.Value) (value.Value, error) {
			if _, err := lookup[network](h, t.network, args[1]); err != nil {
				return value.Value{}, err
			}
			return netUnit(s.startBind(h, addrFromValue(args[2])))
		})
	sock("finish-bind", method(ts, unitRes), func(h *Host, s *tcpSocket, _ []value.Value) (value.Value, error) {
		if s.state != tcpBinding {
			return netUnit(netError("not-in-progress"))
		}
		s.state = tcpBound
		return value.OkEmpty(), nil
	})
	sock("start-connect", method(ts, unitRes, "network", borrowT(t.network), "remote-address", t.ipSocketAddress),
		func(h *Host, s *tcpSocket, args []value.Value) (value.Value, error) {
			if _, err := lookup[network](h, t.network, args[1]); err != nil {
				return value.Value{}, err
			}
			return netUnit(s.startConnect(h, addrFromValue(args[2])))
		})
	sock("finish-connect", method(ts, resultT(tupleT(ownT(t.inputStream), ownT(t.outputStream)), ec)),
		func(h *Host, s *tcpSocket, _ []value.Value) (value.Value, error) {
			if err := s.finishConnect(); err != nil {
				return netResult(value.Value{}, err)
			}
			in, out := streams(h, s)
			return value.Ok(value.Tuple(in, out)), nil
		})
	sock("start-listen", method(ts, unitRes), func(h *Host, s *tcpSocket, _ []value.Value) (value.Value, error) {
		return netUnit(s.startListen())
	})
	sock("finish-listen", method(ts, unitRes), func(h *Host, s *tcpSocket, _ []value.Value) (value.Value, error) {
		if s.state != tcpListenStarted {
			return netUnit(netError("not-in-progress"))
		}
		s.state = tcpListening
		return value.OkEmpty(), nil
	})
	sock("accept", method(ts, resultT(tupleT(ownT(ts), ownT(t.inputStream), ownT(t.outputStream)), ec)),
		func(h *Host, s *tcpSocket, _ []value.Value) (value.Value, error) {
			ns, err := s.accept()
			if err != nil {
				return netResult(value.Value{}, err)
			}
			in, out := streams(h, ns)
			return value.Ok(value.Tuple(h.own(ts, ns), in, out)), nil
		})
	sock("local-address", method(ts, resultT(t.ipSocketAddress, ec)), func(h *Host, s *tcpSocket, _ []value.Value) (value.Value, error) {
		if s.state == tcpUnbound {
			return netResult(value.Value{}, netError("invalid-state"))
		}
		var v value.Value
		err := s.withFD(func(fd int) error {
			ap, err := sockName(fd)
			v = addrValue(ap, s.v6)
			return err
		})
		return netResult(v, err)
	})
	sock("remote-address", method(ts, resultT(t.ipSocketAddress, ec)), func(h *Host, s *tcpSocket, _ []value.Value) (value.Value, error) {
		if s.state != tcpConnected {
			return netResult(value.Value{}, netError("invalid-state"))
		}
		var v value.Value
		err := s.withFD(func(fd int) error {
			ap, err := peerName(fd)
			v = addrValue(ap, s.v6)
			return err
		})
		return netResult(v, err)
	})
	sock("is-listening", method(ts, boolT), func(h *Host, s *tcpSocket, _ []value.Value) (value.Value, error) {
		return value.Bool(s.state == tcpListening), nil
	})
	sock("address-family", method(ts, t.ipFamily), func(h *Host, s *tcpSocket, _ []value.Value) (value.Value, error) {
		return familyValue(s.v6), nil
	})
	sock("set-listen-backlog-size", method(ts, unitRes, "value", u64T), func(h *Host, s *tcpSocket, args []value.Value) (value.Value, error) {
		n := args[1].U64()
		switch {
		case n == 0:
			return netUnit(netError("invalid-argument"))
		case s.state == tcpConnecting || s.state == tcpConnected:
			return netUnit(netError("invalid-state"))
		}
		s.backlog = int(min(n, 1<<16))
		if s.state == tcpListening || s.state == tcpListenStarted {
			return netUnit(s.withFD(func(fd int) error { return sockListen(fd, s.backlog) }))
		}
		return value.OkEmpty(), nil
	})
	tcpOptions(sock, ts, ec)
	sock("subscribe", method(ts, ownT(t.pollable)), func(h *Host, s *tcpSocket, _ []value.Value) (value.Value, error) {
		return h.subscribe(s), nil
	})
	sock("shutdown", method(ts, unitRes, "shutdown-type", t.shutdownType), func(h *Host, s *tcpSocket, args []value.Value) (value.Value, error) {
		if s.state != tcpConnected {
			return netUnit(netError("invalid-state"))
		}
		how := args[1].Case()
		tc, _ := s.conn.(*net.TCPConn)
		if how != "send" {
			if tc != nil {
				_ = tc.CloseRead()
			}
			s.in.close()
		}
		if how != "receive" && tc != nil {
			s.out.shutdown(func() { _ = tc.CloseWrite() })
		}
		return value.OkEmpty(), nil
	})
}

func familyValue(v6 bool) value.Value {
	if v6 {
		return value.Enum("ipv6")
	}
	return value.Enum("ipv4")
}
