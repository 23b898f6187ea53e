package wasip2

import (
	"bytes"
	"errors"
	"testing"

	"github.com/weftwasm/weft/value"
)

func TestRandomSourcesAreReplaceable(t *testing.T) {
	src := bytes.NewReader([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})
	th := newTestHost(t, Config{}.WithRandom(src).WithInsecureSeed(7, 9))
	if got := th.call("wasi:random/random#get-random-bytes", value.U64(3)).String(); got != "[1, 2, 3]" {
		t.Fatalf("bytes = %s", got)
	}
	if got := th.call("wasi:random/random#get-random-u64").U64(); got != 0x0b0a090807060504 {
		t.Fatalf("u64 = %#x", got)
	}
	// The source is exhausted: a failing source traps rather than
	// handing out non-random bytes.
	if _, err := th.try("wasi:random/random#get-random-u64"); err == nil {
		t.Fatal("exhausted source gave a value")
	}
	if got := th.call("wasi:random/insecure-seed#insecure-seed").String(); got != "(7, 9)" {
		t.Fatalf("seed = %s", got)
	}
}

func TestRandomDefaults(t *testing.T) {
	th := newTestHost(t, Config{})
	a := th.call("wasi:random/random#get-random-bytes", value.U64(32)).String()
	b := th.call("wasi:random/random#get-random-bytes", value.U64(32)).String()
	if a == b {
		t.Fatal("two random draws are equal")
	}
	x := th.call("wasi:random/insecure#get-insecure-random-bytes", value.U64(16))
	if len(x.Elems()) != 16 {
		t.Fatalf("insecure bytes: %v", x)
	}
	th.call("wasi:random/insecure#get-insecure-random-u64")
	var te *TrapError
	if _, err := th.try("wasi:random/random#get-random-bytes", value.U64(1<<40)); !errors.As(err, &te) {
		t.Fatalf("a terabyte of random: %v", err)
	}
}
