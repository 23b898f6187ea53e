package wasip2

import (
	"context"
	"net"
	"net/netip"
	"os"
	"sync"

	"github.com/weftwasm/weft/value"
)

type udpState uint8

const (
	udpUnbound udpState = iota
	udpBinding
	udpBound
	udpClosed
)

// udpSocket is the object behind a udp-socket handle.
type udpSocket struct {
	mu     sync.Mutex
	v6     bool
	file   *os.File
	state  udpState
	remote *sockAddr // set while streaming to one peer
	conn   *net.UDPConn
	gen    int // streams from an earlier stream() call are stale
	recv   *udpReceiver
}

// udpReceiver reads datagrams in the background into a bounded queue.
type udpReceiver struct {
	mu    sync.Mutex
	queue []datagram
	err   error
	done  bool
	note  notifier
}

type datagram struct {
	data []byte
	from netip.AddrPort
}

// udpQueueLimit is how many received datagrams wait for the guest before
// more are dropped, as a full socket buffer would.
const udpQueueLimit = 1024

func (r *udpReceiver) loop(c *net.UDPConn) {
	buf := make([]byte, 1<<16)
	for {
		n, from, err := c.ReadFromUDPAddrPort(buf)
		r.mu.Lock()
		if err != nil {
			r.err, r.done = err, true
			r.note.notify()
			r.mu.Unlock()
			return
		}
		if len(r.queue) < udpQueueLimit {
			r.queue = append(r.queue, datagram{append([]byte(nil), buf[:n]...), from})
		}
		r.note.notify()
		r.mu.Unlock()
	}
}

func newUDPSocket(v6 bool) (*udpSocket, error) {
	f, err := sockOpen(v6, false)
	if err != nil {
		return nil, err
	}
	return &udpSocket{v6: v6, file: f}, nil
}

func (s *udpSocket) withFD(f func(fd int) error) error {
	if s.state == udpClosed {
		return netError("invalid-state")
	}
	return control(s.file, f)
}

func (s *udpSocket) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state = udpClosed
	if s.conn != nil {
		s.conn.Close()
	}
	return s.file.Close()
}

func (s *udpSocket) stream(h *Host, remote *sockAddr) error {
	if s.state != udpBound {
		return netError("invalid-state")
	}
	if remote != nil {
		if err := checkRemote(s.v6, *remote); err != nil {
			return err
		}
		if !h.allowed(UDP, remote.ap) {
			return netError("access-denied")
		}
		if err := connectFile(s.file, *remote); err != nil {
			return err
		}
	} else if s.remote != nil {
		if err := s.withFD(sockDisconnect); err != nil {
			return err
		}
	}
	s.remote = remote
	if s.conn == nil {
		pc, err := net.FilePacketConn(s.file)
		if err != nil {
			return err
		}
		c, ok := pc.(*net.UDPConn)
		if !ok {
			pc.Close()
			return netError("not-supported")
		}
		s.conn = c
		s.recv = &udpReceiver{}
		go s.recv.loop(c)
	}
	s.gen++
	return nil
}

// incomingStream and outgoingStream are the objects behind the datagram
// stream handles of one stream() call.
type incomingStream struct {
	s   *udpSocket
	gen int
}

type outgoingStream struct {
	readyNow
	s   *udpSocket
	gen int
}

func (in *incomingStream) ready() bool {
	r := in.s.recv
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.queue) > 0 || r.done
}

func (in *incomingStream) wait() <-chan struct{} {
	r := in.s.recv
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.note.wait()
}

func (in *incomingStream) receive(max uint64) ([]datagram, error) {
	in.s.mu.Lock()
	stale := in.gen != in.s.gen || in.s.state == udpClosed
	in.s.mu.Unlock()
	if stale {
		return nil, netError("invalid-state")
	}
	r := in.s.recv
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.queue) == 0 && r.err != nil {
		return nil, r.err
	}
	// At most max datagrams, and no more than maxChunk bytes in all unless
	// one datagram alone is larger.
	n, size := 0, 0
	for n < len(r.queue) && uint64(n) < max && (n == 0 || size+len(r.queue[n].data) <= maxChunk) {
		size += len(r.queue[n].data)
		n++
	}
	out := r.queue[:n:n]
	r.queue = r.queue[n:]
	return out, nil
}

// udpSendPermit is what check-send allows per call.
const udpSendPermit = 64

func (out *outgoingStream) send(h *Host, dgs []value.Value) (int, error) {
	s := out.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if out.gen != s.gen || s.state == udpClosed {
		return 0, netError("invalid-state")
	}
	for i, dg := range dgs {
		f := dg.Elems()
		data := valueBytes(f[0])
		err := func() error {
			var to *sockAddr
			if p, ok := f[1].Payload(); ok && f[1].IsSome() {
				sa := addrFromValue(p)
				to = &sa
			}
			switch {
			case s.remote != nil && to != nil && to.ap != s.remote.ap:
				return netError("invalid-argument")
			case s.remote != nil:
				_, err := s.conn.Write(data)
				return err
			case to == nil:
				return netError("invalid-argument")
			}
			if err := checkRemote(s.v6, *to); err != nil {
				return err
			}
			if !h.allowed(UDP, to.ap) {
				return netError("access-denied")
			}
			_, err := s.conn.WriteToUDPAddrPort(data, to.ap)
			return err
		}()
		if err != nil {
			if i == 0 {
				return 0, err
			}
			return i, nil
		}
	}
	return len(dgs), nil
}

func udpFuncs(l *funcList) {
	t := sharedTypes
	us := t.udpSocket
	ec := t.netErrorCode
	unitRes := resultT(nil, ec)
	sock := func(name string, ft *value.FuncType, body func(h *Host, s *udpSocket, args []value.Value) (value.Value, error)) {
		l.add(ifaceUDP, "[method]udp-socket."+name, ft, func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			s, err := lookup[*udpSocket](h, us, args[0])
			if err != nil {
				return value.Value{}, err
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			return body(h, s, args)
		})
	}
	l.add(ifaceUDPCreate, "create-udp-socket", fn(resultT(ownT(us), ec), "address-family", t.ipFamily),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			if !h.cfg.udp {
				return netResult(value.Value{}, netError("access-denied"))
			}
			s, err := newUDPSocket(args[0].Case() == "ipv6")
			if err != nil {
				return netResult(value.Value{}, err)
			}
			return value.Ok(h.own(us, s)), nil
		})
	sock("start-bind", method(us, unitRes, "network", borrowT(t.network), "local-address", t.ipSocketAddress),
		func(h *Host, s *udpSocket, args []value.Value) (value.Value, error) {
			if _, err := lookup[network](h, t.network, args[1]); err != nil {
				return value.Value{}, err
			}
			if s.state != udpUnbound {
				return netUnit(netError("invalid-state"))
			}
			sa := addrFromValue(args[2])
			if err := checkLocal(s.v6, sa.ap.Addr()); err != nil {
				return netUnit(err)
			}
			if !h.allowed(UDP, sa.ap) {
				return netUnit(netError("access-denied"))
			}
			if err := s.withFD(func(fd int) error { return sockBind(fd, sa, false) }); err != nil {
				return netUnit(err)
			}
			s.state = udpBinding
			return value.OkEmpty(), nil
		})
	sock("finish-bind", method(us, unitRes), func(h *Host, s *udpSocket, _ []value.Value) (value.Value, error) {
		if s.state != udpBinding {
			return netUnit(netError("not-in-progress"))
		}
		s.state = udpBound
		return value.OkEmpty(), nil
	})
	sock("stream", method(us, resultT(tupleT(ownT(t.incomingStream), ownT(t.outgoingStream)), ec), "remote-address", optionT(t.ipSocketAddress)),
		func(h *Host, s *udpSocket, args []value.Value) (value.Value, error) {
			var remote *sockAddr
			if p, ok := args[1].Payload(); ok && args[1].IsSome() {
				sa := addrFromValue(p)
				remote = &sa
			}
			if err := s.stream(h, remote); err != nil {
				return netResult(value.Value{}, err)
			}
			in := h.own(t.incomingStream, &incomingStream{s: s, gen: s.gen})
			out := h.own(t.outgoingStream, &outgoingStream{s: s, gen: s.gen})
			return value.Ok(value.Tuple(in, out)), nil
		})
	sock("local-address", method(us, resultT(t.ipSocketAddress, ec)), func(h *Host, s *udpSocket, _ []value.Value) (value.Value, error) {
		if s.state == udpUnbound {
			return netResult(value.Value{}, netError("invalid-state"))
		}
		var ap netip.AddrPort
		err := s.withFD(func(fd int) (err error) { ap, err = sockName(fd); return err })
		return netResult(addrValue(ap, s.v6), err)
	})
	sock("remote-address", method(us, resultT(t.ipSocketAddress, ec)), func(h *Host, s *udpSocket, _ []value.Value) (value.Value, error) {
		if s.remote == nil {
			return netResult(value.Value{}, netError("invalid-state"))
		}
		var ap netip.AddrPort
		err := s.withFD(func(fd int) (err error) { ap, err = peerName(fd); return err })
		return netResult(addrValue(ap, s.v6), err)
	})
	sock("address-family", method(us, t.ipFamily), func(h *Host, s *udpSocket, _ []value.Value) (value.Value, error) {
		return familyValue(s.v6), nil
	})
	commonOptions(sock, us, ec, "unicast-hop-limit")
	sock("subscribe", method(us, ownT(t.pollable)), func(h *Host, s *udpSocket, _ []value.Value) (value.Value, error) {
		return h.subscribe(readyNow{}), nil
	})

	in := t.incomingStream
	l.add(ifaceUDP, "[method]incoming-datagram-stream.receive", method(in, resultT(listT(t.incomingDatagram), ec), "max-results", u64T),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			st, err := lookup[*incomingStream](h, in, args[0])
			if err != nil {
				return value.Value{}, err
			}
			dgs, err := st.receive(args[1].U64())
			if err != nil {
				return netResult(value.Value{}, err)
			}
			vs := make([]value.Value, len(dgs))
			for i, d := range dgs {
				vs[i] = value.Record(bytesValue(d.data), addrValue(d.from, st.s.v6))
			}
			return value.Ok(value.List(vs...)), nil
		})
	l.add(ifaceUDP, "[method]incoming-datagram-stream.subscribe", method(in, ownT(t.pollable)),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			st, err := lookup[*incomingStream](h, in, args[0])
			if err != nil {
				return value.Value{}, err
			}
			return h.subscribe(st), nil
		})
	out := t.outgoingStream
	l.add(ifaceUDP, "[method]outgoing-datagram-stream.check-send", method(out, resultT(u64T, ec)),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			if _, err := lookup[*outgoingStream](h, out, args[0]); err != nil {
				return value.Value{}, err
			}
			return value.Ok(value.U64(udpSendPermit)), nil
		})
	l.add(ifaceUDP, "[method]outgoing-datagram-stream.send", method(out, resultT(u64T, ec), "datagrams", listT(t.outgoingDatagram)),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			st, err := lookup[*outgoingStream](h, out, args[0])
			if err != nil {
				return value.Value{}, err
			}
			if len(args[1].Elems()) > udpSendPermit {
				return value.Value{}, &TrapError{ifaceUDP + "#[method]outgoing-datagram-stream.send", "more datagrams than check-send permitted"}
			}
			n, err := st.send(h, args[1].Elems())
			if err != nil {
				return netResult(value.Value{}, err)
			}
			return value.Ok(value.U64(uint64(n))), nil
		})
	l.add(ifaceUDP, "[method]outgoing-datagram-stream.subscribe", method(out, ownT(t.pollable)),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			st, err := lookup[*outgoingStream](h, out, args[0])
			if err != nil {
				return value.Value{}, err
			}
			return h.subscribe(st), nil
		})
}
