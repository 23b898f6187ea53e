package wasip2

import (
	"io"
	"os"
	"slices"
	"time"
)

// Config is the immutable description of what a guest may reach. The zero
// Config grants nothing: no arguments, no environment, stdin closed,
// stdout and stderr discarded, no preopened directories, no sockets and no
// name lookup. Every With method returns a changed copy and never fails;
// mistakes (a missing directory, a malformed CIDR) are reported by New.
//
//	cfg := wasip2.Config{}.
//		WithArgs("app", "-v").
//		WithEnv("HOME", "/home/guest").
//		WithStdout(os.Stdout).
//		WithPreopen("./data", "/data", true).
//		WithTCP(true).
//		WithAllowNet("127.0.0.1/32", 8080)
//	host, err := wasip2.New(cfg)
type Config struct {
	args       []string
	env        [][2]string
	inheritEnv bool
	cwd        string
	stdin      io.Reader
	stdout     io.Writer
	stderr     io.Writer
	preopens   []preopenSpec
	tcp, udp   bool
	rules      []ruleSpec
	dns        bool
	clock      Clock
	random     io.Reader
	insecure   io.Reader
	seed       *[2]uint64
	timezone   *time.Location
}

type preopenSpec struct {
	host, guest string
	readOnly    bool
}

// Protocol selects the transport a network allow rule applies to.
type Protocol uint8

// The transports of a network allow rule.
const (
	TCP Protocol = 1 << iota
	UDP
)

type ruleSpec struct {
	proto Protocol
	cidr  string
	ports []uint16
}

// WithArgs sets the guest's command-line arguments (the first is
// conventionally the program name).
func (c Config) WithArgs(args ...string) Config {
	c.args = slices.Clone(args)
	return c
}

// WithEnv adds one environment variable. Variables set this way win over
// inherited ones of the same name.
func (c Config) WithEnv(key, val string) Config {
	c.env = append(slices.Clip(c.env), [2]string{key, val})
	return c
}

// WithInheritEnv grants the guest the whole environment of this process,
// read when New is called.
func (c Config) WithInheritEnv() Config {
	c.inheritEnv = true
	return c
}

// WithInitialCwd sets what wasi:cli/environment.initial-cwd returns (by
// default none).
func (c Config) WithInitialCwd(dir string) Config {
	c.cwd = dir
	return c
}

// WithStdin sets the guest's stdin. nil (the default) is a closed stream.
// The reader is read ahead by a background goroutine while the guest waits
// for input, like a terminal.
func (c Config) WithStdin(r io.Reader) Config {
	c.stdin = r
	return c
}

// WithStdout sets where the guest's stdout goes; every write reaches w as
// the guest makes it. nil (the default) discards the output.
func (c Config) WithStdout(w io.Writer) Config {
	c.stdout = w
	return c
}

// WithStderr sets where the guest's stderr goes; nil discards it.
func (c Config) WithStderr(w io.Writer) Config {
	c.stderr = w
	return c
}

// WithInheritStdio connects the guest's stdin, stdout and stderr to this
// process's.
func (c Config) WithInheritStdio() Config {
	return c.WithStdin(os.Stdin).WithStdout(os.Stdout).WithStderr(os.Stderr)
}

// WithPreopen grants the guest the host directory hostDir under the name
// guestPath. A read-only preopen refuses every change (writes, creation,
// removal, renames) with error-code not-permitted. The guest can never
// reach outside hostDir, whatever path or symbolic link it uses.
func (c Config) WithPreopen(hostDir, guestPath string, readOnly bool) Config {
	c.preopens = append(slices.Clip(c.preopens), preopenSpec{hostDir, guestPath, readOnly})
	return c
}

// WithTCP lets the guest create TCP sockets. Which addresses they may bind
// or connect to is still limited by the allow rules (WithAllowNet,
// WithAllowTCP).
func (c Config) WithTCP(on bool) Config {
	c.tcp = on
	return c
}

// WithUDP lets the guest create UDP sockets, limited by the allow rules
// (WithAllowNet, WithAllowUDP).
func (c Config) WithUDP(on bool) Config {
	c.udp = on
	return c
}

// WithAllowNet allows TCP and UDP sockets to bind to, connect to and send
// to addresses within cidr ("10.0.0.0/8", "::1/128" or a single address
// such as "127.0.0.1") on the given ports (all ports when none are given).
// Rules only widen what WithTCP and WithUDP enabled.
func (c Config) WithAllowNet(cidr string, ports ...uint16) Config {
	return c.withRule(TCP|UDP, cidr, ports)
}

// WithAllowTCP is WithAllowNet for TCP only.
func (c Config) WithAllowTCP(cidr string, ports ...uint16) Config {
	return c.withRule(TCP, cidr, ports)
}

// WithAllowUDP is WithAllowNet for UDP only.
func (c Config) WithAllowUDP(cidr string, ports ...uint16) Config {
	return c.withRule(UDP, cidr, ports)
}

func (c Config) withRule(p Protocol, cidr string, ports []uint16) Config {
	c.rules = append(slices.Clip(c.rules), ruleSpec{p, cidr, slices.Clone(ports)})
	return c
}

// WithDNS turns wasi:sockets/ip-name-lookup on or off (off by default).
func (c Config) WithDNS(on bool) Config {
	c.dns = on
	return c
}

// WithClock replaces the wall and monotonic clocks (by default the
// system's), e.g. with a fixed clock in tests.
func (c Config) WithClock(clk Clock) Config {
	c.clock = clk
	return c
}

// WithRandom replaces the source of wasi:random/random (by default
// crypto/rand).
func (c Config) WithRandom(r io.Reader) Config {
	c.random = r
	return c
}

// WithInsecureRandom replaces the source of wasi:random/insecure (by
// default a generator seeded from crypto/rand).
func (c Config) WithInsecureRandom(r io.Reader) Config {
	c.insecure = r
	return c
}

// WithInsecureSeed fixes what wasi:random/insecure-seed returns (by default
// a value drawn once from crypto/rand).
func (c Config) WithInsecureSeed(lo, hi uint64) Config {
	c.seed = &[2]uint64{lo, hi}
	return c
}

// WithTimezone turns on the unstable wasi:clocks/timezone interface
// (feature gate clocks-timezone), answering for loc.
func (c Config) WithTimezone(loc *time.Location) Config {
	c.timezone = loc
	return c
}

// Clock is a source of wall-clock and monotonic time.
type Clock interface {
	// Now returns the wall-clock time.
	Now() time.Time
	// Monotonic returns nanoseconds since an arbitrary fixed point; it never
	// goes backwards.
	Monotonic() uint64
}

// SystemClock returns the host's clocks.
func SystemClock() Clock { return systemClock{start: time.Now()} }

type systemClock struct{ start time.Time }

func (systemClock) Now() time.Time      { return time.Now() }
func (s systemClock) Monotonic() uint64 { return uint64(time.Since(s.start)) }
