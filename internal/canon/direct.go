package canon

import (
	"context"
)

// The functions below are the typed fast path for the commonest values:
// Go strings and byte slices move between the host and a guest without
// building a value.Value. They follow exactly the same contract (checks,
// traps, realloc calls) as lifting and lowering string and list<u8> values.

// LowerString allocates s in the guest in the options' string encoding and
// returns the pointer and the (tagged) length in code units, the two flat
// values of a string.
//
//	ptr, n, err := canon.LowerString(ctx, opts, "hello")
func LowerString(ctx context.Context, opts *Options, s string) (ptr, taggedLen uint32, err error) {
	lw := newLowerer(ctx, opts)
	return lw.storeString(s)
}

// LiftString reads the string of taggedLen code units at ptr in the
// options' encoding. It traps on bad bounds, alignment or encoding.
func LiftString(opts *Options, ptr, taggedLen uint32) (string, error) {
	lf := newLifter(opts)
	return lf.loadStr(ptr, taggedLen)
}

// LowerBytes allocates b as a list<u8> in the guest and returns its
// pointer and length.
func LowerBytes(ctx context.Context, opts *Options, b []byte) (ptr, n uint32, err error) {
	lw := newLowerer(ctx, opts)
	ptr, err = lw.storeBytes(b)
	return ptr, uint32(len(b)), err
}

// LiftBytes returns a copy of the list<u8> of n bytes at ptr. It traps on
// bad bounds or a list longer than MaxListByteLength.
func LiftBytes(opts *Options, ptr, n uint32) ([]byte, error) {
	if n > MaxListByteLength {
		return nil, trapf(TrapListTooLong, "list of %d bytes is longer than the limit of %d", n, MaxListByteLength)
	}
	lf := newLifter(opts)
	if err := lf.checkRange(uint64(ptr), uint64(n), 1, siteList); err != nil {
		return nil, err
	}
	if err := lf.consume(uint64(n), 1); err != nil {
		return nil, err
	}
	return append([]byte(nil), lf.mem[ptr:ptr+n]...), nil
}
