//go:build !linux

package wasip2

import (
	"os"
	"time"
)

// renameAt and linkAt use os.Root's own operations, which work within one
// directory descriptor only; between two they answer cross-device.

func renameAt(a *os.Root, p string, b *os.Root, q string) error {
	if a != b {
		return fsError("cross-device")
	}
	return a.Rename(p, q)
}

func linkAt(a *os.Root, p string, b *os.Root, q string) error {
	if a != b {
		return fsError("cross-device")
	}
	return a.Link(p, q)
}

// fileTimes sets the times of an open file through its path from the
// preopen, the only way os.Root offers.
func fileTimes(d *descriptor, atime, mtime time.Time) error {
	return d.pre.root.Chtimes(d.rel, atime, mtime)
}

// linkTimes cannot change a symbolic link's own times through os.Root.
func linkTimes(*os.Root, string, time.Time, time.Time) error {
	return fsError("unsupported")
}
