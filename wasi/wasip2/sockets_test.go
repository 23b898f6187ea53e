package wasip2

import (
	"io"
	"net"
	"net/netip"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/weftwasm/weft/value"
)

const tcpT = "wasi:sockets/tcp#[method]tcp-socket."

func sockAddrValue(ap netip.AddrPort) value.Value { return addrValue(ap, ap.Addr().Is6()) }

func loopback(port uint16) value.Value {
	return sockAddrValue(netip.AddrPortFrom(netip.MustParseAddr("127.0.0.1"), port))
}

func needSockets(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("sockets are offered on Linux only")
	}
}

func TestSocketsDeniedByDefault(t *testing.T) {
	th := newTestHost(t, Config{})
	ipv4 := value.Enum("ipv4")
	if c := th.errCase("wasi:sockets/tcp-create-socket#create-tcp-socket", ipv4); c != "access-denied" {
		t.Errorf("create-tcp-socket: %q", c)
	}
	if c := th.errCase("wasi:sockets/udp-create-socket#create-udp-socket", ipv4); c != "access-denied" {
		t.Errorf("create-udp-socket: %q", c)
	}
	netw := th.call("wasi:sockets/instance-network#instance-network")
	if c := th.errCase("wasi:sockets/ip-name-lookup#resolve-addresses", borrow(netw), str("example.com")); c != "permanent-resolver-failure" {
		t.Errorf("resolve-addresses without DNS: %q", c)
	}
}

func TestTCPNeedsAnAllowRule(t *testing.T) {
	needSockets(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := uint16(ln.Addr().(*net.TCPAddr).Port)
	th := newTestHost(t, Config{}.WithTCP(true).WithAllowTCP("127.0.0.1", port+1))
	netw := th.call("wasi:sockets/instance-network#instance-network")
	s := th.ok("wasi:sockets/tcp-create-socket#create-tcp-socket", value.Enum("ipv4"))
	if c := th.errCase(tcpT+"start-connect", borrow(s), borrow(netw), loopback(port)); c != "access-denied" {
		t.Errorf("connect to a port not allowed: %q", c)
	}
	if c := th.errCase(tcpT+"start-bind", borrow(s), borrow(netw), sockAddrValue(netip.MustParseAddrPort("0.0.0.0:0"))); c != "access-denied" {
		t.Errorf("bind to an address not allowed: %q", c)
	}
	// UDP rules do not open TCP.
	udpOnly := newTestHost(t, Config{}.WithTCP(true).WithAllowUDP("127.0.0.0/8"))
	netw2 := udpOnly.call("wasi:sockets/instance-network#instance-network")
	s2 := udpOnly.ok("wasi:sockets/tcp-create-socket#create-tcp-socket", value.Enum("ipv4"))
	if c := udpOnly.errCase(tcpT+"start-connect", borrow(s2), borrow(netw2), loopback(port)); c != "access-denied" {
		t.Errorf("connect with a UDP-only rule: %q", c)
	}
}

func TestTCPConnect(t *testing.T) {
	needSockets(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := uint16(ln.Addr().(*net.TCPAddr).Port)
	served := make(chan string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			served <- err.Error()
			return
		}
		defer c.Close()
		buf := make([]byte, 4)
		io.ReadFull(c, buf)
		c.Write([]byte("pong"))
		rest, _ := io.ReadAll(c) // until the guest shuts down sending
		served <- string(buf) + "+" + string(rest)
	}()
	th := newTestHost(t, Config{}.WithTCP(true).WithAllowNet("127.0.0.1/32", port))
	netw := th.call("wasi:sockets/instance-network#instance-network")
	s := th.ok("wasi:sockets/tcp-create-socket#create-tcp-socket", value.Enum("ipv4"))
	th.ok(tcpT+"start-connect", borrow(s), borrow(netw), loopback(port))
	if c := th.errCase(tcpT+"start-connect", borrow(s), borrow(netw), loopback(port)); c != "concurrency-conflict" {
		t.Errorf("second start-connect: %q", c)
	}
	p := th.call(tcpT+"subscribe", borrow(s))
	th.call("wasi:io/poll#[method]pollable.block", borrow(p))
	streams := th.ok(tcpT+"finish-connect", borrow(s)).Elems()
	in, out := streams[0], streams[1]
	if ra := th.ok(tcpT+"remote-address", borrow(s)); ra.String() != loopback(port).String() {
		t.Errorf("remote-address = %v", ra)
	}
	if la := th.ok(tcpT+"local-address", borrow(s)); la.Case() != "ipv4" {
		t.Errorf("local-address = %v", la)
	}
	th.ok("wasi:io/streams#[method]output-stream.blocking-write-and-flush", borrow(out), bytesValue([]byte("ping")))
	got := ""
	for len(got) < 4 {
		b := th.ok("wasi:io/streams#[method]input-stream.blocking-read", borrow(in), value.U64(4))
		got += string(valueBytes(b))
	}
	if got != "pong" {
		t.Fatalf("read %q", got)
	}
	th.ok("wasi:io/streams#[method]output-stream.blocking-write-and-flush", borrow(out), bytesValue([]byte("bye")))
	th.ok(tcpT+"shutdown", borrow(s), value.Enum("send"))
	select {
	case r := <-served:
		if r != "ping+bye" {
			t.Fatalf("server saw %q", r)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("server did not see the end of the stream")
	}
	if c := th.errCase("wasi:io/streams#[method]input-stream.blocking-read", borrow(in), value.U64(4)); c != "closed" {
		t.Errorf("read after the peer closed: %q", c)
	}
	th.drop(in)
	th.drop(out)
	th.drop(p)
	th.drop(s)
}

func TestTCPConnectRefused(t *testing.T) {
	needSockets(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := uint16(ln.Addr().(*net.TCPAddr).Port)
	ln.Close() // nothing listens there now
	th := newTestHost(t, Config{}.WithTCP(true).WithAllowNet("127.0.0.1"))
	netw := th.call("wasi:sockets/instance-network#instance-network")
	s := th.ok("wasi:sockets/tcp-create-socket#create-tcp-socket", value.Enum("ipv4"))
	if c := th.errCase(tcpT+"finish-connect", borrow(s)); c != "not-in-progress" {
		t.Errorf("finish-connect before start: %q", c)
	}
	th.ok(tcpT+"start-connect", borrow(s), borrow(netw), loopback(port))
	p := th.call(tcpT+"subscribe", borrow(s))
	th.call("wasi:io/poll#[method]pollable.block", borrow(p))
	if c := th.errCase(tcpT+"finish-connect", borrow(s)); c != "connection-refused" {
		t.Errorf("connect to a closed port: %q", c)
	}
	if c := th.errCase(tcpT+"start-connect", borrow(s), borrow(netw), sockAddrValue(netip.MustParseAddrPort("127.0.0.1:0"))); c != "invalid-state" && c != "invalid-argument" {
		t.Errorf("connect after failure: %q", c)
	}
}

func TestTCPListenAccept(t *testing.T) {
	needSockets(t)
	th := newTestHost(t, Config{}.WithTCP(true).WithAllowTCP("127.0.0.1/8"))
	netw := th.call("wasi:sockets/instance-network#instance-network")
	s := th.ok("wasi:sockets/tcp-create-socket#create-tcp-socket", value.Enum("ipv4"))
	if c := th.errCase(tcpT+"start-listen", borrow(s)); c != "invalid-state" {
		t.Errorf("listen before bind: %q", c)
	}
	if c := th.errCase(tcpT+"local-address", borrow(s)); c != "invalid-state" {
		t.Errorf("local-address before bind: %q", c)
	}
	if c := th.errCase(tcpT+"start-bind", borrow(s), borrow(netw), sockAddrValue(netip.MustParseAddrPort("[::1]:0"))); c != "invalid-argument" {
		t.Errorf("bind an IPv4 socket to an IPv6 address: %q", c)
	}
	th.ok(tcpT+"start-bind", borrow(s), borrow(netw), loopback(0))
	th.ok(tcpT+"finish-bind", borrow(s))
	la := th.ok(tcpT+"local-address", borrow(s))
	addr, _ := la.Payload()
	port := addr.Elems()[0].U16()
	if port == 0 {
		t.Fatal("bound to port 0")
	}
	th.ok(tcpT+"set-listen-backlog-size", borrow(s), value.U64(16))
	th.ok(tcpT+"start-listen", borrow(s))
	th.ok(tcpT+"finish-listen", borrow(s))
	if !th.call(tcpT+"is-listening", borrow(s)).Bool() {
		t.Fatal("not listening")
	}
	if c := th.errCase(tcpT+"accept", borrow(s)); c != "would-block" {
		t.Fatalf("accept with nobody connecting: %q", c)
	}
	go func() {
		c, err := net.Dial("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(int(port))))
		if err == nil {
			c.Write([]byte("hello from the client"))
			c.Close()
		}
	}()
	p := th.call(tcpT+"subscribe", borrow(s))
	th.call("wasi:io/poll#[method]pollable.block", borrow(p))
	acc := th.ok(tcpT+"accept", borrow(s)).Elems()
	conn, in := acc[0], acc[1]
	var got []byte
	for {
		r := th.call("wasi:io/streams#[method]input-stream.blocking-read", borrow(in), value.U64(100))
		if r.IsErr() {
			break
		}
		b, _ := r.Payload()
		got = append(got, valueBytes(b)...)
	}
	if string(got) != "hello from the client" {
		t.Fatalf("accepted stream read %q", got)
	}
	if ra := th.ok(tcpT+"remote-address", borrow(conn)); ra.Case() != "ipv4" {
		t.Errorf("accepted remote-address = %v", ra)
	}
	// Options on the accepted socket.
	th.ok(tcpT+"set-keep-alive-enabled", borrow(conn), value.Bool(true))
	if !th.ok(tcpT+"keep-alive-enabled", borrow(conn)).Bool() {
		t.Error("keep-alive not enabled")
	}
	th.ok(tcpT+"set-keep-alive-idle-time", borrow(conn), value.U64(uint64(30*time.Second)))
	if d := th.ok(tcpT+"keep-alive-idle-time", borrow(conn)).U64(); d != uint64(30*time.Second) {
		t.Errorf("keep-alive-idle-time = %d", d)
	}
	if c := th.errCase(tcpT+"set-keep-alive-count", borrow(conn), value.U32(0)); c != "invalid-argument" {
		t.Errorf("keep-alive-count 0: %q", c)
	}
	th.ok(tcpT+"set-hop-limit", borrow(conn), value.U8(42))
	if h := th.ok(tcpT+"hop-limit", borrow(conn)).U8(); h != 42 {
		t.Errorf("hop-limit = %d", h)
	}
	if n := th.ok(tcpT+"receive-buffer-size", borrow(conn)).U64(); n == 0 {
		t.Error("receive-buffer-size 0")
	}
	if f := th.call(tcpT+"address-family", borrow(conn)); f.Case() != "ipv4" {
		t.Errorf("address-family = %v", f)
	}
}

func TestUDPRoundTrip(t *testing.T) {
	needSockets(t)
	peer, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer peer.Close()
	peerAddr := peer.LocalAddr().(*net.UDPAddr).AddrPort()
	th := newTestHost(t, Config{}.WithUDP(true).WithAllowUDP("127.0.0.1", 0, peerAddr.Port()))
	netw := th.call("wasi:sockets/instance-network#instance-network")
	s := th.ok("wasi:sockets/udp-create-socket#create-udp-socket", value.Enum("ipv4"))
	if c := th.errCase("wasi:sockets/udp#[method]udp-socket.stream", borrow(s), value.None()); c != "invalid-state" {
		t.Errorf("stream before bind: %q", c)
	}
	th.ok("wasi:sockets/udp#[method]udp-socket.start-bind", borrow(s), borrow(netw), loopback(0))
	th.ok("wasi:sockets/udp#[method]udp-socket.finish-bind", borrow(s))
	la, _ := th.ok("wasi:sockets/udp#[method]udp-socket.local-address", borrow(s)).Payload()
	myPort := la.Elems()[0].U16()
	pair := th.ok("wasi:sockets/udp#[method]udp-socket.stream", borrow(s), value.None()).Elems()
	in, out := pair[0], pair[1]
	if n := th.ok("wasi:sockets/udp#[method]outgoing-datagram-stream.check-send", borrow(out)).U64(); n == 0 {
		t.Fatal("check-send permits nothing")
	}
	dg := value.Record(bytesValue([]byte("to peer")), value.Some(sockAddrValue(peerAddr)))
	if n := th.ok("wasi:sockets/udp#[method]outgoing-datagram-stream.send", borrow(out), value.List(dg)).U64(); n != 1 {
		t.Fatalf("sent %d", n)
	}
	buf := make([]byte, 100)
	peer.SetReadDeadline(time.Now().Add(5 * time.Second))
	n, from, err := peer.ReadFromUDPAddrPort(buf)
	if err != nil || string(buf[:n]) != "to peer" || from.Port() != myPort {
		t.Fatalf("peer got %q from %v: %v", buf[:n], from, err)
	}
	denied := value.Record(bytesValue([]byte("x")), value.Some(sockAddrValue(netip.MustParseAddrPort("127.0.0.1:9"))))
	if c := th.errCase("wasi:sockets/udp#[method]outgoing-datagram-stream.send", borrow(out), value.List(denied)); c != "access-denied" {
		t.Errorf("send to a port not allowed: %q", c)
	}
	peer.WriteToUDPAddrPort([]byte("to guest"), from)
	p := th.call("wasi:sockets/udp#[method]incoming-datagram-stream.subscribe", borrow(in))
	th.call("wasi:io/poll#[method]pollable.block", borrow(p))
	got := th.ok("wasi:sockets/udp#[method]incoming-datagram-stream.receive", borrow(in), value.U64(10)).Elems()
	if len(got) != 1 || string(valueBytes(got[0].Elems()[0])) != "to guest" || got[0].Elems()[1].String() != sockAddrValue(peerAddr).String() {
		t.Fatalf("received %v", got)
	}
	// A new stream() makes the old streams stale.
	th.ok("wasi:sockets/udp#[method]udp-socket.stream", borrow(s), value.Some(sockAddrValue(peerAddr)))
	if c := th.errCase("wasi:sockets/udp#[method]incoming-datagram-stream.receive", borrow(in), value.U64(1)); c != "invalid-state" {
		t.Errorf("receive on a stale stream: %q", c)
	}
	if ra := th.ok("wasi:sockets/udp#[method]udp-socket.remote-address", borrow(s)); ra.String() != sockAddrValue(peerAddr).String() {
		t.Errorf("remote-address = %v", ra)
	}
}

func TestNameLookup(t *testing.T) {
	th := newTestHost(t, Config{}.WithDNS(true))
	netw := th.call("wasi:sockets/instance-network#instance-network")
	if c := th.errCase("wasi:sockets/ip-name-lookup#resolve-addresses", borrow(netw), str("not a name!")); c != "invalid-argument" {
		t.Errorf("bad name: %q", c)
	}
	rs := th.ok("wasi:sockets/ip-name-lookup#resolve-addresses", borrow(netw), str("127.0.0.1"))
	p := th.call("wasi:sockets/ip-name-lookup#[method]resolve-address-stream.subscribe", borrow(rs))
	th.call("wasi:io/poll#[method]pollable.block", borrow(p))
	a := th.ok("wasi:sockets/ip-name-lookup#[method]resolve-address-stream.resolve-next-address", borrow(rs))
	if a.String() != "some(ipv4((127, 0, 0, 1)))" {
		t.Fatalf("first address = %v", a)
	}
	if a := th.ok("wasi:sockets/ip-name-lookup#[method]resolve-address-stream.resolve-next-address", borrow(rs)); a.IsSome() {
		t.Fatalf("second address = %v", a)
	}
}

func TestAddressConversionRoundTrips(t *testing.T) {
	for _, s := range []string{"127.0.0.1:80", "[::1]:443", "[fe80::1%3]:8080", "0.0.0.0:0"} {
		ap := netip.MustParseAddrPort(s)
		back := addrFromValue(sockAddrValue(ap)).ap
		if back != ap {
			t.Errorf("%s came back as %s", ap, back)
		}
	}
}

func TestTCPOverIPv6Loopback(t *testing.T) {
	needSockets(t)
	ln, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback: %v", err)
	}
	defer ln.Close()
	go func() {
		if c, err := ln.Accept(); err == nil {
			c.Write([]byte("six"))
			c.Close()
		}
	}()
	ap := ln.Addr().(*net.TCPAddr).AddrPort()
	th := newTestHost(t, Config{}.WithTCP(true).WithAllowNet("::1/128", ap.Port()))
	netw := th.call("wasi:sockets/instance-network#instance-network")
	s := th.ok("wasi:sockets/tcp-create-socket#create-tcp-socket", value.Enum("ipv6"))
	if c := th.errCase(tcpT+"start-connect", borrow(s), borrow(netw), loopback(ap.Port())); c != "invalid-argument" {
		t.Errorf("IPv4 address on an IPv6 socket: %q", c)
	}
	th.ok(tcpT+"start-connect", borrow(s), borrow(netw), sockAddrValue(ap))
	th.call("wasi:io/poll#[method]pollable.block", borrow(th.call(tcpT+"subscribe", borrow(s))))
	in := th.ok(tcpT+"finish-connect", borrow(s)).Elems()[0]
	if b := th.ok("wasi:io/streams#[method]input-stream.blocking-read", borrow(in), value.U64(10)); string(valueBytes(b)) != "six" {
		t.Fatalf("read %q", valueBytes(b))
	}
	if ra := th.ok(tcpT+"remote-address", borrow(s)); ra.String() != sockAddrValue(ap).String() {
		t.Errorf("remote-address = %v, want %v", ra, sockAddrValue(ap))
	}
}

func TestTCPStreamErrorCarriesNetworkCode(t *testing.T) {
	needSockets(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		if c, err := ln.Accept(); err == nil {
			// Once the guest has written, reset the connection: linger 0
			// then close.
			io.ReadFull(c, make([]byte, 1))
			c.(*net.TCPConn).SetLinger(0)
			c.Close()
		}
	}()
	port := uint16(ln.Addr().(*net.TCPAddr).Port)
	th := newTestHost(t, Config{}.WithTCP(true).WithAllowNet("127.0.0.1", port))
	netw := th.call("wasi:sockets/instance-network#instance-network")
	s := th.ok("wasi:sockets/tcp-create-socket#create-tcp-socket", value.Enum("ipv4"))
	th.ok(tcpT+"start-connect", borrow(s), borrow(netw), loopback(port))
	th.call("wasi:io/poll#[method]pollable.block", borrow(th.call(tcpT+"subscribe", borrow(s))))
	streams := th.ok(tcpT+"finish-connect", borrow(s)).Elems()
	in, out := streams[0], streams[1]
	th.ok("wasi:io/streams#[method]output-stream.blocking-write-and-flush", borrow(out), bytesValue([]byte("x")))
	r := th.call("wasi:io/streams#[method]input-stream.blocking-read", borrow(in), value.U64(10))
	se, _ := r.Payload()
	if !r.IsErr() {
		t.Fatalf("read from a reset connection: %v", r)
	}
	if se.Case() == "closed" {
		t.Skip("the peer's reset arrived as an orderly close")
	}
	e, _ := se.Payload()
	code := th.call("wasi:sockets/network#network-error-code", borrow(e))
	if c, _ := code.Payload(); !code.IsSome() || c.Case() != "connection-reset" {
		t.Errorf("network-error-code = %v", code)
	}
	if fc := th.call("wasi:filesystem/types#filesystem-error-code", borrow(e)); fc.IsSome() {
		t.Errorf("filesystem-error-code of a socket error = %v", fc)
	}
}

func TestUDPDisconnect(t *testing.T) {
	needSockets(t)
	th := newTestHost(t, Config{}.WithUDP(true).WithAllowUDP("127.0.0.1"))
	netw := th.call("wasi:sockets/instance-network#instance-network")
	s := th.ok("wasi:sockets/udp-create-socket#create-udp-socket", value.Enum("ipv4"))
	th.ok("wasi:sockets/udp#[method]udp-socket.start-bind", borrow(s), borrow(netw), loopback(0))
	th.ok("wasi:sockets/udp#[method]udp-socket.finish-bind", borrow(s))
	th.ok("wasi:sockets/udp#[method]udp-socket.stream", borrow(s), value.Some(loopback(9)))
	if ra := th.ok("wasi:sockets/udp#[method]udp-socket.remote-address", borrow(s)); ra.String() != loopback(9).String() {
		t.Fatalf("remote-address = %v", ra)
	}
	th.ok("wasi:sockets/udp#[method]udp-socket.stream", borrow(s), value.None())
	if c := th.errCase("wasi:sockets/udp#[method]udp-socket.remote-address", borrow(s)); c != "invalid-state" {
		t.Errorf("remote-address after disconnecting: %q", c)
	}
	th.ok("wasi:sockets/udp#[method]udp-socket.set-unicast-hop-limit", borrow(s), value.U8(7))
	if h := th.ok("wasi:sockets/udp#[method]udp-socket.unicast-hop-limit", borrow(s)).U8(); h != 7 {
		t.Errorf("unicast-hop-limit = %d", h)
	}
	th.ok("wasi:sockets/udp#[method]udp-socket.set-send-buffer-size", borrow(s), value.U64(1<<16))
	if n := th.ok("wasi:sockets/udp#[method]udp-socket.send-buffer-size", borrow(s)).U64(); n < 1<<16 {
		t.Errorf("send-buffer-size = %d", n)
	}
}

// Cases of wasi-testsuite's sockets-tcp-bind.
func TestTCPBindErrors(t *testing.T) {
	needSockets(t)
	th := newTestHost(t, Config{}.WithTCP(true).WithAllowNet("0.0.0.0/0").WithAllowNet("::/0"))
	netw := th.call("wasi:sockets/instance-network#instance-network")
	newSock := func(family string) value.Value {
		return th.ok("wasi:sockets/tcp-create-socket#create-tcp-socket", value.Enum(family))
	}
	bind := func(s value.Value, addr string) string {
		return th.errCase(tcpT+"start-bind", borrow(s), borrow(netw), sockAddrValue(netip.MustParseAddrPort(addr)))
	}
	for _, c := range []struct{ family, addr, want string }{
		{"ipv4", "[::1]:0", "invalid-argument"},
		{"ipv4", "224.0.0.1:0", "invalid-argument"},
		{"ipv4", "255.255.255.255:0", "invalid-argument"},
		{"ipv6", "[ff02::1]:0", "invalid-argument"},
		{"ipv6", "[::ffff:127.0.0.1]:0", "invalid-argument"},
		{"ipv4", "192.0.2.1:0", "address-not-bindable"},
	} {
		if got := bind(newSock(c.family), c.addr); got != c.want {
			t.Errorf("%s bind %s: %q, want %q", c.family, c.addr, got, c.want)
		}
	}
	s1 := newSock("ipv4")
	if got := bind(s1, "127.0.0.1:0"); got != "" {
		t.Fatalf("bind: %q", got)
	}
	if got := bind(s1, "127.0.0.1:0"); got != "invalid-state" {
		t.Errorf("second bind: %q", got)
	}
	th.ok(tcpT+"finish-bind", borrow(s1))
	th.ok(tcpT+"start-listen", borrow(s1))
	th.ok(tcpT+"finish-listen", borrow(s1))
	bound, _ := th.ok(tcpT+"local-address", borrow(s1)).Payload()
	port := bound.Elems()[0].U16()
	if got := bind(newSock("ipv4"), "127.0.0.1:"+strconv.Itoa(int(port))); got != "address-in-use" {
		t.Errorf("bind to a listening port: %q", got)
	}
}
