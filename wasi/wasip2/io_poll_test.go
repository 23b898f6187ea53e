package wasip2

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/weftwasm/weft/value"
)

func TestPollManyReturnsTheReadyOnes(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	th := newTestHost(t, Config{}.WithStdin(pr))
	soon := th.call("wasi:clocks/monotonic-clock#subscribe-duration", value.U64(uint64(10*time.Millisecond)))
	late := th.call("wasi:clocks/monotonic-clock#subscribe-duration", value.U64(uint64(time.Hour)))
	in := th.call("wasi:cli/stdin#get-stdin")
	stdin := th.call("wasi:io/streams#[method]input-stream.subscribe", borrow(in))
	list := value.List(borrow(late), borrow(stdin), borrow(soon))
	got := th.call("wasi:io/poll#poll", list)
	if got.String() != "[2]" {
		t.Fatalf("poll = %v, want [2]", got)
	}
	go pw.Write([]byte("x"))
	th.call("wasi:io/poll#[method]pollable.block", borrow(stdin))
	got = th.call("wasi:io/poll#poll", list)
	if got.String() != "[1, 2]" {
		t.Fatalf("poll = %v, want [1, 2]", got)
	}
	th.drop(late) // stops its timer
}

func TestPollTrapsOnEmptyListAndHonoursContext(t *testing.T) {
	th := newTestHost(t, Config{})
	var te *TrapError
	if _, err := th.try("wasi:io/poll#poll", value.List()); !errors.As(err, &te) {
		t.Fatalf("empty poll: %v", err)
	}
	late := th.call("wasi:clocks/monotonic-clock#subscribe-duration", value.U64(uint64(time.Hour)))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := th.tryCtx(ctx, "wasi:io/poll#poll", value.List(borrow(late))); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("poll with deadline: %v", err)
	}
}
