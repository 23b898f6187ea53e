//go:build darwin

package wasip2

import (
	"os"
	"syscall"
	"time"
)

// sysStat reads what os.FileInfo does not carry portably.
func sysStat(fi os.FileInfo) statExtra {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return statExtra{nlink: 1}
	}
	return statExtra{
		nlink: uint64(st.Nlink),
		atime: time.Unix(st.Atimespec.Unix()), ctime: time.Unix(st.Ctimespec.Unix()), times: true,
		dev: uint64(st.Dev), ino: st.Ino, ids: true,
	}
}
