package wasip2

import (
	"context"
	"errors"
	"fmt"

	"github.com/weftwasm/weft"
	"github.com/weftwasm/weft/value"
)

// Version is the WASI version AddToLinker defines every interface at.
// Semver matching links imports of any version 0.2.0 through Version to
// these definitions.
const Version = "0.2.12"

// Provider is what the instance data of a component linked with
// AddToLinker must implement: it leads the WASI handlers to the instance's
// Host. A *Host is a Provider itself; a host that adds more interfaces
// (wasi:http) keeps its own state next to the Host and implements WASIP2:
//
//	type state struct{ wasi *wasip2.Host; http *wasihttp.Host }
//	func (s *state) WASIP2() *wasip2.Host { return s.wasi }
type Provider interface {
	WASIP2() *Host
}

// WASIP2 returns h, so that a *Host can be the instance data itself.
func (h *Host) WASIP2() *Host { return h }

// ErrNoHost is wrapped by the trap of a WASI function called by an instance
// whose instance data is not a Provider.
var ErrNoHost = errors.New("wasip2: the instance has no WASI host (instantiate it with InstantiateWithData and a wasip2.Provider)")

// FromContext returns the Host of the instance whose guest code is calling
// the running host function: the Provider given to
// weft.InstancePre.InstantiateWithData. Other host packages use it to reach
// the instance's streams (NewInputStream, ...).
func FromContext(ctx context.Context) (*Host, error) {
	p, ok := weft.InstanceData(ctx).(Provider)
	if !ok {
		return nil, ErrNoHost
	}
	h := p.WASIP2()
	if h == nil {
		return nil, ErrNoHost
	}
	return h, nil
}

// AddToLinker defines every WASI 0.2 function and resource type in l, at
// Version. The definitions hold no state: each call finds the calling
// instance's Host through FromContext, so one Linker (and one
// weft.InstancePre) serves any number of instances, each with its own
// Host:
//
//	l := weft.NewLinker()
//	if err := wasip2.AddToLinker(l); err != nil { ... }
//	pre, err := l.InstantiatePre(ctx, comp)
//	host, err := wasip2.New(wasip2.Config{}.WithArgs("app").WithInheritStdio())
//	defer host.Close()
//	inst, err := pre.InstantiateWithData(ctx, host)
//	err = wasip2.Run(ctx, inst) // a *ExitError when the guest exits
//
// The unstable wasi:clocks/timezone is defined too; it traps unless the
// Host's Config has WithTimezone.
func AddToLinker(l *weft.Linker) error {
	for _, hd := range handlers() {
		call := func(ctx context.Context, args []value.Value) ([]value.Value, error) {
			h, err := FromContext(ctx)
			if err != nil {
				return nil, err
			}
			return hd.invoke(ctx, h, args)
		}
		if err := l.DefineFunc(hd.iface+"@"+Version+"#"+hd.name, hd.ft, call); err != nil {
			return fmt.Errorf("wasip2: %w", err)
		}
	}
	proto := &Host{types: sharedTypes}
	for _, r := range proto.Resources() {
		rt := r.Type
		dtor := func(ctx context.Context, rep uint32) error {
			h, err := FromContext(ctx)
			if err != nil {
				return err
			}
			return h.drop(rt, rep)
		}
		if err := l.DefineResource(r.Interface+"@"+Version+"#"+r.Name, rt, dtor); err != nil {
			return fmt.Errorf("wasip2: %w", err)
		}
	}
	return nil
}

// Run calls the wasi:cli/run export of a command instance. It returns nil
// when run returns ok, an *ExitError with Code 1 when it returns err, and
// the call's error otherwise: an error wrapping *ExitError when the guest
// called wasi:cli/exit (its code, 0 included), or a *weft.Trap.
func Run(ctx context.Context, inst *weft.Instance) error {
	f, err := runFunc(inst)
	if err != nil {
		return err
	}
	res, err := f.Call(ctx)
	if err != nil {
		return err
	}
	if len(res) == 1 && res[0].IsErr() {
		return &ExitError{Code: 1}
	}
	return nil
}

// RunCommand runs a command component once, on a fresh Host made from
// cfg: New, InstantiateWithData, Run, then it closes the instance and the
// Host. Its errors are those of New (a bad Config), of instantiation and
// of Run.
//
//	err := wasip2.RunCommand(ctx, pre, wasip2.Config{}.WithArgs("app").WithInheritStdio())
//	var exit *wasip2.ExitError
//	if errors.As(err, &exit) { os.Exit(exit.Code) }
func RunCommand(ctx context.Context, pre *weft.InstancePre, cfg Config) error {
	host, err := New(cfg)
	if err != nil {
		return err
	}
	defer host.Close()
	inst, err := pre.InstantiateWithData(ctx, host)
	if err != nil {
		return err
	}
	defer inst.Close(ctx)
	return Run(ctx, inst)
}

// runFunc finds wasi:cli/run#run at whatever 0.2.x version it is exported.
func runFunc(inst *weft.Instance) (*weft.Func, error) {
	for _, name := range inst.Exports() {
		if name == "wasi:cli/run" || len(name) > len("wasi:cli/run@0.2.") && name[:len("wasi:cli/run@0.2.")] == "wasi:cli/run@0.2." {
			return inst.Func(name + "#run")
		}
	}
	return nil, fmt.Errorf("wasip2: not a command: the component exports no wasi:cli/run@0.2.x (exports: %v)", inst.Exports())
}
