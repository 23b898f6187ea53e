package wasip2

import (
	"context"
	"fmt"
	"reflect"

	"github.com/weftwasm/weft/value"
)

// pollSource is anything a pollable can wait for.
type pollSource interface {
	// ready reports whether the event has happened; once true it stays
	// true.
	ready() bool
	// wait returns a channel that is closed when the state of the source
	// changes (it may then still not be ready).
	wait() <-chan struct{}
}

// pollable is the object behind a wasi:io/poll pollable handle.
type pollable struct {
	src  pollSource
	stop func() // releases what the pollable alone holds (a timer)
}

func (p *pollable) close() error {
	if p.stop != nil {
		p.stop()
	}
	return nil
}

// readyNow is a source that is always ready.
type readyNow struct{}

func (readyNow) ready() bool           { return true }
func (readyNow) wait() <-chan struct{} { return closedChan }

// closedChan is a channel that is always closed (never written).
var closedChan = func() chan struct{} {
	ch := make(chan struct{})
	close(ch)
	return ch
}()

// notifier lets a source's waiters know its state changed. Its owner
// guards it with its own mutex.
type notifier struct{ ch chan struct{} }

func (n *notifier) wait() <-chan struct{} {
	if n.ch == nil {
		n.ch = make(chan struct{})
	}
	return n.ch
}

func (n *notifier) notify() {
	if n.ch != nil {
		close(n.ch)
		n.ch = nil
	}
}

// block waits until src is ready or ctx is done.
func block(ctx context.Context, src pollSource) error {
	for {
		ch := src.wait() // before ready, so a change in between is seen
		if src.ready() {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (h *Host) subscribe(src pollSource) value.Value {
	return h.own(h.types.pollable, &pollable{src: src})
}

func pollFuncs(l *funcList) {
	t := sharedTypes
	l.add(ifacePoll, "[method]pollable.ready", method(t.pollable, boolT),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			p, err := lookup[*pollable](h, t.pollable, args[0])
			if err != nil {
				return value.Value{}, err
			}
			return value.Bool(p.src.ready()), nil
		})
	l.add(ifacePoll, "[method]pollable.block", method(t.pollable, nil),
		func(ctx context.Context, h *Host, args []value.Value) (value.Value, error) {
			p, err := lookup[*pollable](h, t.pollable, args[0])
			if err != nil {
				return value.Value{}, err
			}
			return value.Value{}, block(ctx, p.src)
		})
	l.add(ifacePoll, "poll", fn(listT(u32T), "in", listT(borrowT(t.pollable))),
		func(ctx context.Context, h *Host, args []value.Value) (value.Value, error) {
			in := args[0].Elems()
			if len(in) == 0 {
				return value.Value{}, &TrapError{ifacePoll + "#poll", "empty list of pollables"}
			}
			srcs := make([]pollSource, len(in))
			for i, v := range in {
				p, err := lookup[*pollable](h, t.pollable, v)
				if err != nil {
					return value.Value{}, err
				}
				srcs[i] = p.src
			}
			ready, err := pollMany(ctx, srcs)
			if err != nil {
				return value.Value{}, err
			}
			out := make([]value.Value, len(ready))
			for i, r := range ready {
				out[i] = value.U32(r)
			}
			return value.List(out...), nil
		})
}

// pollMany waits until at least one source is ready and returns the
// indexes of all that are.
func pollMany(ctx context.Context, srcs []pollSource) ([]uint32, error) {
	if len(srcs) > 1<<16-1 {
		return nil, fmt.Errorf("wasi: poll over %d pollables (at most 65535)", len(srcs))
	}
	cases := make([]reflect.SelectCase, len(srcs)+1)
	for {
		for i, s := range srcs {
			cases[i+1] = reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(s.wait())}
		}
		var ready []uint32
		for i, s := range srcs {
			if s.ready() {
				ready = append(ready, uint32(i))
			}
		}
		if len(ready) > 0 {
			return ready, nil
		}
		cases[0] = reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(ctx.Done())}
		if chosen, _, _ := reflect.Select(cases); chosen == 0 {
			return nil, ctx.Err()
		}
	}
}
