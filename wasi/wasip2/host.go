// Package wasip2 is a WASI 0.2 host: Go handlers for every function of
// wasi:cli, wasi:io, wasi:clocks, wasi:random, wasi:filesystem and
// wasi:sockets, working on the dynamic values of package value.
//
// Nothing is granted unless the Config says so. AddToLinker defines every
// interface once per weft.Linker, at Version (imports of 0.2.0 through
// Version link to it); each instance gets its own Host as its instance
// data, so one InstancePre serves any number of guests:
//
//	l := weft.NewLinker()
//	if err := wasip2.AddToLinker(l); err != nil { ... }
//	pre, err := l.InstantiatePre(ctx, comp)
//	host, err := wasip2.New(wasip2.Config{}.WithArgs("app").WithInheritStdio())
//	defer host.Close()
//	inst, err := pre.InstantiateWithData(ctx, host)
//	err = wasip2.Run(ctx, inst) // wasi:cli/run; errors.As(err, &exitErr) for the exit code
//
// Another host package (wasi:http) keeps its state next to the Host in an
// instance data value implementing Provider, and hands the guest streams
// backed by Go readers and writers with Host.NewInputStream and
// Host.NewOutputStream (FromContext finds the Host in its handlers).
//
// Handles the host gives out carry a value.Handle whose Rep indexes the
// Host's own table; the runtime hands them back unchanged. The resource
// types are shared by every Host (see IO), so the definitions can be too.
// Funcs and Resources give the handlers of one Host directly, for
// embedders that do not use a weft.Linker.
package wasip2

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"strings"
	"sync"

	"github.com/weftwasm/weft/wasi/internal/handles"

	"github.com/weftwasm/weft/value"
)

// Func is the host implementation of one WASI function, e.g. Interface
// "wasi:filesystem/types", Name "[method]descriptor.read". Call takes and
// returns component values exactly as Type declares them (results: zero or
// one value). A returned error is a trap, or an *ExitError when the guest
// exits; WIT result values are ordinary values.
type Func struct {
	Interface string
	Name      string
	Type      *value.FuncType
	Call      func(ctx context.Context, args []value.Value) ([]value.Value, error)
}

// Resource is a host resource type, e.g. Interface "wasi:io/streams", Name
// "output-stream". Drop is called with the handle's Rep when the guest
// drops its last own handle.
type Resource struct {
	Interface string
	Name      string
	Type      *value.ResourceType
	Drop      func(ctx context.Context, rep uint32) error
}

// ExitError is the error a call returns when the guest calls
// wasi:cli/exit; Code is the exit status (0 for exit(ok), 1 for
// exit(err)).
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("wasi: guest exited with status %d", e.Code) }

// Host holds the state of one WASI guest: its configuration, its handle
// table, its open files and sockets. A Host serves one component instance
// at a time; it is safe for the background goroutines it starts itself.
type Host struct {
	cfg     Config
	env     [][2]string
	clock   Clock
	random  *lockedReader
	insec   *lockedReader
	seed    [2]uint64
	rules   []netRule
	types   *types
	table   handles.Table
	pre     []*preopen
	stdin   *pipeReader
	stdout  *writerStream
	stderr  *writerStream
	closeMu sync.Mutex
	closed  bool
}

// New checks cfg, opens its preopened directories and returns a Host.
func New(cfg Config) (*Host, error) {
	h := &Host{cfg: cfg, types: sharedTypes}
	h.clock = cfg.clock
	if h.clock == nil {
		h.clock = SystemClock()
	}
	if err := h.initRandom(); err != nil {
		return nil, err
	}
	h.env = buildEnv(cfg)
	for _, r := range cfg.rules {
		nr, err := parseRule(r)
		if err != nil {
			return nil, err
		}
		h.rules = append(h.rules, nr)
	}
	for _, p := range cfg.preopens {
		root, err := os.OpenRoot(p.host)
		if err != nil {
			h.Close()
			return nil, fmt.Errorf("wasip2: preopen %q: %w", p.host, err)
		}
		h.pre = append(h.pre, &preopen{root: root, guest: p.guest, readOnly: p.readOnly})
	}
	h.stdout, h.stderr = newWriterStream(cfg.stdout), newWriterStream(cfg.stderr)
	if cfg.stdin != nil {
		h.stdin = newPipeReader(cfg.stdin, nil)
	}
	return h, nil
}

func buildEnv(cfg Config) [][2]string {
	var env [][2]string
	set := map[string]bool{}
	for _, kv := range cfg.env {
		set[kv[0]] = true
	}
	if cfg.inheritEnv {
		for _, e := range os.Environ() {
			k, v, _ := strings.Cut(e, "=")
			if !set[k] {
				env = append(env, [2]string{k, v})
			}
		}
	}
	return append(env, cfg.env...)
}

type netRule struct {
	proto  Protocol
	prefix netip.Prefix
	ports  []uint16
}

func parseRule(r ruleSpec) (netRule, error) {
	pfx, err := netip.ParsePrefix(r.cidr)
	if err != nil {
		addr, aerr := netip.ParseAddr(r.cidr)
		if aerr != nil {
			return netRule{}, fmt.Errorf("wasip2: network rule %q: not an address or CIDR prefix", r.cidr)
		}
		pfx = netip.PrefixFrom(addr, addr.BitLen())
	}
	return netRule{proto: r.proto, prefix: pfx.Masked(), ports: r.ports}, nil
}

// Close releases everything the guest left open: files, directories,
// sockets and background readers. The Host is unusable afterwards.
func (h *Host) Close() error {
	h.closeMu.Lock()
	defer h.closeMu.Unlock()
	if h.closed {
		return nil
	}
	h.closed = true
	var errs []error
	for _, obj := range h.table.Drain() {
		if c, ok := obj.(closer); ok {
			errs = append(errs, c.close())
		}
	}
	for _, p := range h.pre {
		errs = append(errs, p.root.Close())
	}
	if h.stdin != nil {
		h.stdin.close()
	}
	return errors.Join(errs...)
}

// closer is implemented by table objects that hold host resources.
type closer interface{ close() error }

// Funcs returns the handlers of every WASI function this host provides.
// Unstable functions appear only when their feature is configured
// (wasi:clocks/timezone with WithTimezone).
func (h *Host) Funcs() []Func {
	var out []Func
	for _, hd := range handlers() {
		if hd.iface == ifaceTimezone && h.cfg.timezone == nil {
			continue
		}
		out = append(out, Func{Interface: hd.iface, Name: hd.name, Type: hd.ft,
			Call: func(ctx context.Context, args []value.Value) ([]value.Value, error) {
				return hd.invoke(ctx, h, args)
			}})
	}
	return out
}

// handlers are the handlers of every function, unstable ones included,
// always in the same order. They take the calling instance's Host as an
// argument, so the table is built once per process, not once per Host.
var handlers = sync.OnceValue(func() []*handler {
	var fs funcList
	ioErrorFuncs(&fs)
	pollFuncs(&fs)
	streamFuncs(&fs)
	environmentFuncs(&fs)
	exitFuncs(&fs)
	stdioFuncs(&fs)
	terminalFuncs(&fs)
	monotonicFuncs(&fs)
	wallFuncs(&fs)
	timezoneFuncs(&fs)
	randomFuncs(&fs)
	filesystemFuncs(&fs)
	preopensFuncs(&fs)
	networkFuncs(&fs)
	tcpFuncs(&fs)
	udpFuncs(&fs)
	nameLookupFuncs(&fs)
	return fs
})

// Resources returns the host's resource types with their destructors.
func (h *Host) Resources() []Resource {
	t := h.types
	rs := []struct {
		iface string
		rt    *value.ResourceType
	}{
		{ifaceError, t.error},
		{ifacePoll, t.pollable},
		{ifaceStreams, t.inputStream},
		{ifaceStreams, t.outputStream},
		{ifaceTerminalInput, t.terminalInput},
		{ifaceTerminalOutput, t.terminalOutput},
		{ifaceFilesystem, t.descriptor},
		{ifaceFilesystem, t.dirStream},
		{ifaceNetwork, t.network},
		{ifaceTCP, t.tcpSocket},
		{ifaceUDP, t.udpSocket},
		{ifaceUDP, t.incomingStream},
		{ifaceUDP, t.outgoingStream},
		{ifaceNameLookup, t.resolveStream},
	}
	out := make([]Resource, len(rs))
	for i, r := range rs {
		rt := r.rt
		out[i] = Resource{Interface: r.iface, Name: rt.Name, Type: rt, Drop: func(_ context.Context, rep uint32) error {
			return h.drop(rt, rep)
		}}
	}
	return out
}

func (h *Host) drop(rt *value.ResourceType, rep uint32) error {
	obj, err := h.table.Remove(rt, rep)
	if err != nil {
		return handleTrap(err)
	}
	if c, ok := obj.(closer); ok {
		// Failing to close a dropped resource is not the guest's fault and
		// there is nobody to tell; the error is deliberately not a trap.
		_ = c.close()
	}
	return nil
}

// funcList collects Funcs while each interface file registers its own.
// handler implements one WASI function for any Host.
type handler struct {
	iface, name string
	ft          *value.FuncType
	call        func(ctx context.Context, h *Host, args []value.Value) (value.Value, error)
}

// invoke checks the arguments against the function's type, runs the
// handler for h and returns its results (none or one).
func (hd *handler) invoke(ctx context.Context, h *Host, args []value.Value) ([]value.Value, error) {
	if err := checkArgs(hd.iface+"#"+hd.name, hd.ft, args); err != nil {
		return nil, err
	}
	v, err := hd.call(ctx, h, args)
	if err != nil {
		return nil, err
	}
	if hd.ft.Result == nil {
		return nil, nil
	}
	return []value.Value{v}, nil
}

type funcList []*handler

func (l *funcList) add(iface, name string, ft *value.FuncType, call func(ctx context.Context, h *Host, args []value.Value) (value.Value, error)) {
	*l = append(*l, &handler{iface: iface, name: name, ft: ft, call: call})
}

// TrapError is the error a handler returns when the guest broke the
// contract of a WASI function: a wrong argument, a handle that is not
// live, a write beyond what check-write permitted.
type TrapError struct {
	Func string // "interface#name"
	Msg  string
}

func (e *TrapError) Error() string { return "wasi: " + e.Func + ": " + e.Msg }

func checkArgs(fn string, ft *value.FuncType, args []value.Value) error {
	if len(args) != len(ft.Params) {
		return &TrapError{fn, fmt.Sprintf("takes %d arguments, got %d", len(ft.Params), len(args))}
	}
	for i, p := range ft.Params {
		if err := value.Check(p.Type, args[i]); err != nil {
			return &TrapError{fn, fmt.Sprintf("argument %s: %v", p.Name, err)}
		}
	}
	return nil
}

// lookup returns the live object behind handle v, which must be of
// resource type rt and hold a T.
func lookup[T any](h *Host, rt *value.ResourceType, v value.Value) (T, error) {
	var zero T
	hd := v.Handle()
	obj, err := h.table.Get(rt, hd.Rep)
	if err != nil {
		return zero, handleTrap(err)
	}
	t, ok := obj.(T)
	if !ok {
		return zero, &TrapError{Func: "handle", Msg: fmt.Sprintf("%s handle %d holds a %T", rt.Name, hd.Rep, obj)}
	}
	return t, nil
}

// own stores obj in the table and returns an own handle to it.
func (h *Host) own(rt *value.ResourceType, obj any) value.Value {
	return value.Own(&value.Handle{Type: rt, Rep: h.table.Add(rt, obj)})
}

// handleTrap reports a dead or mistyped handle as the guest's broken
// contract.
func handleTrap(err error) error { return &TrapError{Func: "handle", Msg: err.Error()} }
