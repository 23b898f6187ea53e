package wasip2

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/weftwasm/weft/value"
)

type fakeClock struct {
	wall time.Time
	mono atomic.Uint64
}

func (c *fakeClock) Now() time.Time    { return c.wall }
func (c *fakeClock) Monotonic() uint64 { return c.mono.Load() }

func TestClocksAreReplaceable(t *testing.T) {
	clk := &fakeClock{wall: time.Unix(1_700_000_000, 123)}
	clk.mono.Store(500)
	th := newTestHost(t, Config{}.WithClock(clk))
	if got := th.call("wasi:clocks/wall-clock#now").String(); got != "{1700000000, 123}" {
		t.Fatalf("wall now = %s", got)
	}
	if got := th.call("wasi:clocks/monotonic-clock#now").U64(); got != 500 {
		t.Fatalf("monotonic now = %d", got)
	}
	if th.call("wasi:clocks/monotonic-clock#resolution").U64() == 0 {
		t.Fatal("zero resolution")
	}
	at := th.call("wasi:clocks/monotonic-clock#subscribe-instant", value.U64(1000))
	past := th.call("wasi:clocks/monotonic-clock#subscribe-instant", value.U64(100))
	if th.call("wasi:io/poll#[method]pollable.ready", borrow(at)).Bool() {
		t.Fatal("instant 1000 ready at 500")
	}
	if !th.call("wasi:io/poll#[method]pollable.ready", borrow(past)).Bool() {
		t.Fatal("instant 100 not ready at 500")
	}
	clk.mono.Store(1000)
	if !th.call("wasi:io/poll#[method]pollable.ready", borrow(at)).Bool() {
		t.Fatal("instant 1000 not ready at 1000")
	}
	huge := th.call("wasi:clocks/monotonic-clock#subscribe-duration", value.U64(^uint64(0)))
	if th.call("wasi:io/poll#[method]pollable.ready", borrow(huge)).Bool() {
		t.Fatal("a saturated deadline is ready")
	}
}

func TestSystemClockTimers(t *testing.T) {
	th := newTestHost(t, Config{})
	start := time.Now()
	p := th.call("wasi:clocks/monotonic-clock#subscribe-duration", value.U64(uint64(15*time.Millisecond)))
	th.call("wasi:io/poll#[method]pollable.block", borrow(p))
	if d := time.Since(start); d < 15*time.Millisecond {
		t.Fatalf("blocked only %v", d)
	}
	now := th.call("wasi:clocks/wall-clock#now").Elems()[0].U64()
	if diff := int64(now) - time.Now().Unix(); diff < -2 || diff > 2 {
		t.Fatalf("wall clock off by %ds", diff)
	}
}

func TestTimezone(t *testing.T) {
	loc := time.FixedZone("XST", 3600)
	th := newTestHost(t, Config{}.WithTimezone(loc))
	when := value.Record(value.U64(1_700_000_000), value.U32(0))
	if got := th.call("wasi:clocks/timezone#display", when).String(); got != `{3600, "XST", false}` {
		t.Fatalf("display = %s", got)
	}
	if got := th.call("wasi:clocks/timezone#utc-offset", when).S32(); got != 3600 {
		t.Fatalf("utc-offset = %d", got)
	}
}
