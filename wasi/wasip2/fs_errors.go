package wasip2

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"strings"
	"syscall"
)

// The cases of wasi:filesystem/types.error-code, in WIT order.
var fsErrorCodes = []string{
	"access", "would-block", "already", "bad-descriptor", "busy", "deadlock", "quota", "exist",
	"file-too-large", "illegal-byte-sequence", "in-progress", "interrupted", "invalid", "io",
	"is-directory", "loop", "too-many-links", "message-size", "name-too-long", "no-device",
	"no-entry", "no-lock", "insufficient-memory", "insufficient-space", "not-directory",
	"not-empty", "not-recoverable", "unsupported", "no-tty", "no-such-device", "overflow",
	"not-permitted", "pipe", "read-only", "invalid-seek", "text-file-busy", "cross-device",
}

// fsError is a filesystem failure the host decided on itself (not one the
// operating system reported), named by its error-code case.
type fsError string

func (e fsError) Error() string { return "wasi filesystem: " + string(e) }

// fsCode classifies err as a wasi:filesystem error-code.
func fsCode(err error) string {
	var fe fsError
	if errors.As(err, &fe) {
		return string(fe)
	}
	// os.Root refuses a path that leaves it ("..", an absolute symbolic
	// link, a link to outside) with an unexported error; a guest trying
	// to escape its preopen is not permitted to.
	if strings.Contains(err.Error(), "path escapes from parent") {
		return "not-permitted"
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		if c := errnoCode(errno); c != "" {
			return c
		}
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no-entry"
	case errors.Is(err, fs.ErrExist):
		return "exist"
	case errors.Is(err, fs.ErrPermission):
		return "access"
	case errors.Is(err, fs.ErrClosed):
		return "bad-descriptor"
	case errors.Is(err, os.ErrInvalid):
		return "invalid"
	}
	return "io"
}

// isTrap reports whether err must stop the guest rather than become an
// error-code: a broken contract or a cancelled context.
func isTrap(err error) bool {
	var te *TrapError
	return errors.As(err, &te) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
