// Package wasihttp is a wasi:http 0.2 host: Go handlers for wasi:http/types
// and wasi:http/outgoing-handler, and an http.Handler that serves a
// wasi:http/proxy component, one fresh instance per request.
//
// The bodies of requests and responses are wasi:io streams of the
// instance's wasip2.Host, so a Linker has both wasip2.AddToLinker and
// Define, and each instance's data implements both wasip2.Provider and
// Provider.
package wasihttp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/weftwasm/weft/wasi/internal/handles"

	"github.com/weftwasm/weft"
	"github.com/weftwasm/weft/value"
	"github.com/weftwasm/weft/wasi/wasip2"
)

// Version is the wasi:http version the definitions are made under; the
// Linker's semver matching lets them satisfy imports of any 0.2.x.
const Version = "0.2.12"

// Provider is implemented by the instance data (weft.InstanceData) of
// instances that use wasi:http.
type Provider interface {
	HTTPHost() *Host
}

// TrapError is the error a handler returns when the guest broke the
// contract of a wasi:http function: a handle that is not live, a body
// taken twice.
type TrapError struct {
	Func string // "interface#name"
	Msg  string
}

func (e *TrapError) Error() string { return "wasi:http: " + e.Func + ": " + e.Msg }

// link is what one Define call shares among the instances of a Linker.
type link struct {
	cfg       Config
	types     *types
	forbidden map[string]bool
	client    *http.Client
}

// Host is the wasi:http state of one component instance: its handle table
// and the wasi:io host its bodies live in. Make one per instance with
// NewHost.
type Host struct {
	link  *link
	io    *wasip2.Host
	table handles.Table
}

// Definitions holds the wasi:http definitions made in a Linker; NewHost
// makes the per-instance state they serve.
type Definitions struct{ link *link }

// Define defines wasi:http/types and wasi:http/outgoing-handler in l, at
// Version. l also needs wasip2.AddToLinker. Each instance's data must
// implement Provider (and wasip2.Provider).
func Define(l *weft.Linker, cfg Config) (*Definitions, error) {
	lk := newLink(cfg)
	for _, f := range lk.funcs() {
		if err := l.DefineFunc(f.iface+"@"+Version+"#"+f.name, f.typ, f.call); err != nil {
			return nil, fmt.Errorf("wasihttp: %w", err)
		}
	}
	t := lk.types
	for _, rt := range []*value.ResourceType{t.fields, t.incomingRequest, t.outgoingRequest, t.requestOptions,
		t.responseOutparam, t.incomingResponse, t.incomingBody, t.futureTrailers, t.outgoingResponse,
		t.outgoingBody, t.futureIncomingRe} {
		rt := rt
		err := l.DefineResource(ifaceTypes+"@"+Version+"#"+rt.Name, rt, func(ctx context.Context, rep uint32) error {
			h, err := hostOf(ctx)
			if err != nil {
				return err
			}
			return h.drop(rt, rep)
		})
		if err != nil {
			return nil, fmt.Errorf("wasihttp: %w", err)
		}
	}
	return &Definitions{link: lk}, nil
}

func newLink(cfg Config) *link {
	lk := &link{cfg: cfg, types: newTypes(wasip2.IO()), forbidden: map[string]bool{}, client: cfg.newClient()}
	for _, n := range defaultForbidden {
		lk.forbidden[n] = true
	}
	for _, n := range cfg.forbidden {
		lk.forbidden[strings.ToLower(n)] = true
	}
	return lk
}

func (lk *link) funcs() funcList {
	var fs funcList
	lk.fieldsFuncs(&fs)
	lk.requestFuncs(&fs)
	lk.responseFuncs(&fs)
	lk.bodyFuncs(&fs)
	lk.outgoingFuncs(&fs)
	lk.errorCodeFuncs(&fs)
	return fs
}

// NewHost returns the wasi:http state of one new instance whose bodies are
// streams of wasi, the instance's WASI host.
func (d *Definitions) NewHost(wasi *wasip2.Host) *Host {
	return &Host{link: d.link, io: wasi}
}

// Close releases what the guest left open: request and response bodies,
// outgoing requests in flight.
func (h *Host) Close() error {
	var errs []error
	for _, obj := range h.table.Drain() {
		if c, ok := obj.(closer); ok {
			errs = append(errs, c.close())
		}
	}
	return errors.Join(errs...)
}

// closer is implemented by table objects that hold Go resources.
type closer interface{ close() error }

func hostOf(ctx context.Context) (*Host, error) {
	p, ok := weft.InstanceData(ctx).(Provider)
	if !ok || p.HTTPHost() == nil {
		return nil, errors.New("wasihttp: the instance's data does not provide a wasi:http Host")
	}
	return p.HTTPHost(), nil
}

func (h *Host) drop(rt *value.ResourceType, rep uint32) error {
	obj, err := h.table.Remove(rt, rep)
	if err != nil {
		return handleTrap(err)
	}
	if c, ok := obj.(closer); ok {
		// Nobody is left to tell about a failure to release a dropped
		// resource; it is not the guest's fault, so not a trap.
		_ = c.close()
	}
	return nil
}

type hostFunc struct {
	iface, name string
	typ         *value.FuncType
	call        weft.HostFunc
	// impl is call's body once the Host is found and the arguments are
	// checked.
	impl func(ctx context.Context, h *Host, args []value.Value) (value.Value, error)
}

type funcList []hostFunc

func (l *funcList) add(iface, name string, ft *value.FuncType, call func(ctx context.Context, h *Host, args []value.Value) (value.Value, error)) {
	qualified := iface + "#" + name
	*l = append(*l, hostFunc{iface: iface, name: name, typ: ft, call: func(ctx context.Context, args []value.Value) ([]value.Value, error) {
		h, err := hostOf(ctx)
		if err != nil {
			return nil, err
		}
		if len(args) != len(ft.Params) {
			return nil, &TrapError{qualified, fmt.Sprintf("takes %d arguments, got %d", len(ft.Params), len(args))}
		}
		for i, p := range ft.Params {
			if err := value.Check(p.Type, args[i]); err != nil {
				return nil, &TrapError{qualified, fmt.Sprintf("argument %s: %v", p.Name, err)}
			}
		}
		v, err := call(ctx, h, args)
		if err != nil {
			return nil, err
		}
		if ft.Result == nil {
			return nil, nil
		}
		return []value.Value{v}, nil
	}, impl: call})
}

// lookup returns the live object behind handle v, of resource type rt.
func lookup[T any](h *Host, rt *value.ResourceType, v value.Value) (T, error) {
	var zero T
	hd := v.Handle()
	if hd == nil {
		return zero, &TrapError{Func: "handle", Msg: "not a handle"}
	}
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

// take removes the object behind an own handle the guest passed in.
func take[T any](h *Host, rt *value.ResourceType, v value.Value) (T, error) {
	var zero T
	hd := v.Handle()
	if hd == nil {
		return zero, &TrapError{Func: "handle", Msg: "not a handle"}
	}
	obj, err := h.table.Remove(rt, hd.Rep)
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
