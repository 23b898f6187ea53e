package wasip2

import (
	"context"
	"sync"
	"time"

	"github.com/weftwasm/weft/value"
)

// The resolutions the host reports: nanosecond readings for both clocks.
const clockResolution = 1

func monotonicFuncs(l *funcList) {
	t := sharedTypes
	l.add(ifaceMonotonic, "now", fn(u64T), func(_ context.Context, h *Host, _ []value.Value) (value.Value, error) {
		return value.U64(h.clock.Monotonic()), nil
	})
	l.add(ifaceMonotonic, "resolution", fn(u64T), func(_ context.Context, h *Host, _ []value.Value) (value.Value, error) {
		return value.U64(clockResolution), nil
	})
	l.add(ifaceMonotonic, "subscribe-instant", fn(ownT(t.pollable), "when", u64T),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			return h.timerPollable(args[0].U64()), nil
		})
	l.add(ifaceMonotonic, "subscribe-duration", fn(ownT(t.pollable), "when", u64T),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			now := h.clock.Monotonic()
			d := args[0].U64()
			deadline := now + d
			if deadline < now { // saturate instead of wrapping
				deadline = ^uint64(0)
			}
			return h.timerPollable(deadline), nil
		})
}

// timer is a pollable that becomes ready when the monotonic clock reaches
// deadline.
type timer struct {
	clock    Clock
	deadline uint64
	mu       sync.Mutex
	note     notifier
	armed    *time.Timer
}

// timerPollable returns a pollable that is ready once the monotonic clock
// reaches deadline; dropping it stops its timer.
func (h *Host) timerPollable(deadline uint64) value.Value {
	tm := &timer{clock: h.clock, deadline: deadline}
	return h.own(h.types.pollable, &pollable{src: tm, stop: tm.stop})
}

func (t *timer) ready() bool { return t.clock.Monotonic() >= t.deadline }

func (t *timer) wait() <-chan struct{} {
	t.mu.Lock()
	defer t.mu.Unlock()
	ch := t.note.wait()
	if t.armed == nil {
		now := t.clock.Monotonic()
		d := time.Duration(0)
		if t.deadline > now {
			d = time.Duration(min(t.deadline-now, uint64(1<<62)))
		}
		t.armed = time.AfterFunc(d, func() {
			t.mu.Lock()
			defer t.mu.Unlock()
			t.armed = nil
			t.note.notify()
		})
	}
	return ch
}

func (t *timer) stop() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.armed != nil {
		t.armed.Stop()
		t.armed = nil
	}
}

func datetimeValue(tm time.Time) value.Value {
	sec := tm.Unix()
	if sec < 0 { // before 1970: not representable, clamp to the epoch
		return value.Record(value.U64(0), value.U32(0))
	}
	return value.Record(value.U64(uint64(sec)), value.U32(uint32(tm.Nanosecond())))
}

func wallFuncs(l *funcList) {
	t := sharedTypes
	l.add(ifaceWall, "now", fn(t.datetime), func(_ context.Context, h *Host, _ []value.Value) (value.Value, error) {
		return datetimeValue(h.clock.Now()), nil
	})
	l.add(ifaceWall, "resolution", fn(t.datetime), func(_ context.Context, h *Host, _ []value.Value) (value.Value, error) {
		return value.Record(value.U64(0), value.U32(clockResolution)), nil
	})
}

// datetimeTime converts a checked datetime record to a time.Time.
func datetimeTime(v value.Value) time.Time {
	f := v.Elems()
	sec := f[0].U64()
	if sec > 1<<62 {
		sec = 1 << 62
	}
	return time.Unix(int64(sec), int64(f[1].U32()))
}

// timezoneFuncs are always built, so that one Linker serves hosts with
// and without the unstable feature; without it they trap.
func timezoneFuncs(l *funcList) {
	t := sharedTypes
	zone := func(h *Host, fn string, v value.Value) (time.Time, error) {
		loc := h.cfg.timezone
		if loc == nil {
			return time.Time{}, &TrapError{Func: ifaceTimezone + "#" + fn, Msg: "the unstable clocks-timezone feature is not enabled (Config.WithTimezone)"}
		}
		return datetimeTime(v).In(loc), nil
	}
	l.add(ifaceTimezone, "display", fn(t.timezoneDisplay, "when", t.datetime),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			tm, err := zone(h, "display", args[0])
			if err != nil {
				return value.Value{}, err
			}
			name, off := tm.Zone()
			return value.Record(value.S32(int32(off)), value.String(name), value.Bool(tm.IsDST())), nil
		})
	l.add(ifaceTimezone, "utc-offset", fn(value.S32Type, "when", t.datetime),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			tm, err := zone(h, "utc-offset", args[0])
			if err != nil {
				return value.Value{}, err
			}
			_, off := tm.Zone()
			return value.S32(int32(off)), nil
		})
}
