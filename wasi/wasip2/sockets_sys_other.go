//go:build !linux

package wasip2

import (
	"net/netip"
	"os"
	"syscall"
	"time"
)

// Sockets are offered on Linux only: WASI's separate bind, listen and
// connect steps need the system calls package net hides. Elsewhere every
// socket creation answers not-supported.

var errNoSockets = netError("not-supported")

func sockOpen(bool, bool) (*os.File, error) { return nil, errNoSockets }
func connectFile(*os.File, sockAddr) error  { return errNoSockets }
func sockBind(int, sockAddr, bool) error    { return errNoSockets }
func sockDisconnect(int) error              { return errNoSockets }
func sockListen(int, int) error             { return errNoSockets }
func sockName(int) (netip.AddrPort, error)  { return netip.AddrPort{}, errNoSockets }
func peerName(int) (netip.AddrPort, error)  { return netip.AddrPort{}, errNoSockets }
func getOpt(int, sockOpt) (int, error)      { return 0, errNoSockets }
func setOpt(int, sockOpt, int) error        { return errNoSockets }
func errnoNetCode(syscall.Errno) string     { return "unknown" }

type sockOpt struct{ level, name int }

var (
	optKeepAlive, optKeepIdle, optKeepIntvl, optKeepCnt sockOpt
	optRcvBuf, optSndBuf, optTTL, optHops               sockOpt
)

const keepAliveUnit = time.Second
