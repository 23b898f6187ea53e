package wasip2

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"syscall"
	"testing"
)

// Every code the error tables produce must be a case of the WIT enum, or
// the value would not lower.
func TestErrorTablesNameRealCases(t *testing.T) {
	for e := syscall.Errno(0); e < 256; e++ {
		if c := errnoCode(e); c != "" && !slices.Contains(fsErrorCodes, c) {
			t.Errorf("errno %d (%v) maps to %q, not a filesystem error-code", int(e), e, c)
		}
		if c := errnoNetCode(e); !slices.Contains(netErrorCodes, c) {
			t.Errorf("errno %d (%v) maps to %q, not a sockets error-code", int(e), e, c)
		}
	}
}

func TestFSCodeClassifiesWrappedErrors(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{fsError("loop"), "loop"},
		{fmt.Errorf("op: %w", fsError("invalid")), "invalid"},
		{&fs.PathError{Op: "open", Path: "x", Err: fs.ErrNotExist}, "no-entry"},
		{&fs.PathError{Op: "open", Path: "x", Err: errors.New("path escapes from parent")}, "not-permitted"},
		{os.ErrClosed, "bad-descriptor"},
		{errors.New("something odd"), "io"},
	} {
		if got := fsCode(c.err); got != c.want {
			t.Errorf("fsCode(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}
