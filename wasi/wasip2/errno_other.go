//go:build !unix

package wasip2

import "syscall"

// errnoCode leaves the classification of errors on systems without POSIX
// error numbers to the portable checks of fsCode.
func errnoCode(syscall.Errno) string { return "" }
