package wasip2

import (
	"math"
	"syscall"

	"github.com/weftwasm/weft/value"
)

// fdRunner is what a socket offers for reading and setting its options.
type fdRunner interface {
	withFD(f func(fd int) error) error
}

// optSocket is a TCP or UDP socket, for the options both have.
type optSocket interface {
	fdRunner
	ipv6() bool
}

func (s *tcpSocket) ipv6() bool { return s.v6 }
func (s *udpSocket) ipv6() bool { return s.v6 }

// commonOptions registers the options TCP and UDP sockets share: the hop
// limit (named hop) and the buffer sizes.
func commonOptions[S optSocket](sock func(string, *value.FuncType, func(*Host, S, []value.Value) (value.Value, error)), rt *value.ResourceType, ec value.Type, hop string) {
	unitRes := resultT(nil, ec)
	sock(hop, method(rt, resultT(u8T, ec)), func(_ *Host, s S, _ []value.Value) (value.Value, error) {
		return optGet(s, hopOpt(s.ipv6()), func(x int) value.Value { return value.U8(uint8(min(max(x, 0), 255))) })
	})
	sock("set-"+hop, method(rt, unitRes, "value", u8T), func(_ *Host, s S, args []value.Value) (value.Value, error) {
		return optSet(s, hopOpt(s.ipv6()), uint64(args[1].U8()), false)
	})
	for _, b := range []struct {
		name string
		opt  sockOpt
	}{{"receive-buffer-size", optRcvBuf}, {"send-buffer-size", optSndBuf}} {
		sock(b.name, method(rt, resultT(u64T, ec)), func(_ *Host, s S, _ []value.Value) (value.Value, error) {
			return optGet(s, b.opt, u64Of)
		})
		sock("set-"+b.name, method(rt, unitRes, "value", u64T), func(_ *Host, s S, args []value.Value) (value.Value, error) {
			return optSet(s, b.opt, args[1].U64(), false)
		})
	}
}

// control runs f on the descriptor of a socket (an *os.File or a
// net.Conn).
func control(sc syscall.Conn, f func(fd int) error) error {
	rc, err := sc.SyscallConn()
	if err != nil {
		return err
	}
	var ferr error
	if err := rc.Control(func(fd uintptr) { ferr = f(int(fd)) }); err != nil {
		return err
	}
	return ferr
}

// optGet reads an integer option and converts it to a value.
func optGet(s fdRunner, o sockOpt, conv func(int) value.Value) (value.Value, error) {
	var v value.Value
	err := s.withFD(func(fd int) error {
		x, err := getOpt(fd, o)
		v = conv(x)
		return err
	})
	return netResult(v, err)
}

// optSet sets an integer option; zero is an invalid argument for every
// option but keep-alive-enabled.
func optSet(s fdRunner, o sockOpt, x uint64, zeroOK bool) (value.Value, error) {
	if x == 0 && !zeroOK {
		return netUnit(netError("invalid-argument"))
	}
	n := int(min(x, math.MaxInt32))
	return netUnit(s.withFD(func(fd int) error { return setOpt(fd, o, n) }))
}

func u64Of(x int) value.Value { return value.U64(uint64(max(x, 0))) }

// secondsOf converts a keep-alive time option (whole units) to a duration
// in nanoseconds.
func secondsOf(x int) value.Value { return value.U64(uint64(max(x, 0)) * uint64(keepAliveUnit)) }

// toUnits converts a duration in nanoseconds to whole option units,
// rounding up, within what the system accepts.
func toUnits(ns uint64) uint64 {
	u := ns / uint64(keepAliveUnit)
	if ns%uint64(keepAliveUnit) != 0 {
		u++
	}
	return min(u, 32767)
}

func hopOpt(v6 bool) sockOpt {
	if v6 {
		return optHops
	}
	return optTTL
}

func tcpOptions(sock func(string, *value.FuncType, func(*Host, *tcpSocket, []value.Value) (value.Value, error)), ts *value.ResourceType, ec value.Type) {
	unitRes := resultT(nil, ec)
	durT := u64T
	sock("keep-alive-enabled", method(ts, resultT(boolT, ec)), func(_ *Host, s *tcpSocket, _ []value.Value) (value.Value, error) {
		return optGet(s, optKeepAlive, func(x int) value.Value { return value.Bool(x != 0) })
	})
	sock("set-keep-alive-enabled", method(ts, unitRes, "value", boolT), func(_ *Host, s *tcpSocket, args []value.Value) (value.Value, error) {
		var x uint64
		if args[1].Bool() {
			x = 1
		}
		return optSet(s, optKeepAlive, x, true)
	})
	sock("keep-alive-idle-time", method(ts, resultT(durT, ec)), func(_ *Host, s *tcpSocket, _ []value.Value) (value.Value, error) {
		return optGet(s, optKeepIdle, secondsOf)
	})
	sock("set-keep-alive-idle-time", method(ts, unitRes, "value", durT), func(_ *Host, s *tcpSocket, args []value.Value) (value.Value, error) {
		return optSet(s, optKeepIdle, toUnits(args[1].U64()), false)
	})
	sock("keep-alive-interval", method(ts, resultT(durT, ec)), func(_ *Host, s *tcpSocket, _ []value.Value) (value.Value, error) {
		return optGet(s, optKeepIntvl, secondsOf)
	})
	sock("set-keep-alive-interval", method(ts, unitRes, "value", durT), func(_ *Host, s *tcpSocket, args []value.Value) (value.Value, error) {
		return optSet(s, optKeepIntvl, toUnits(args[1].U64()), false)
	})
	sock("keep-alive-count", method(ts, resultT(u32T, ec)), func(_ *Host, s *tcpSocket, _ []value.Value) (value.Value, error) {
		return optGet(s, optKeepCnt, func(x int) value.Value { return value.U32(uint32(max(x, 0))) })
	})
	sock("set-keep-alive-count", method(ts, unitRes, "value", u32T), func(_ *Host, s *tcpSocket, args []value.Value) (value.Value, error) {
		return optSet(s, optKeepCnt, uint64(args[1].U32()), false)
	})
	commonOptions(sock, ts, ec, "hop-limit")
}
