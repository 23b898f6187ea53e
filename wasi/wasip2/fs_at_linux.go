//go:build linux

package wasip2

import (
	"errors"
	"os"
	"syscall"
	"time"
	"unsafe"
)

// renameAt and linkAt work between any two directories, as renameat(2) and
// linkat(2) do: each path's parent is resolved inside its own os.Root (so
// it cannot escape), and the system call acts on the last component
// itself, without following it. os.Root's own Rename and Link work within
// one root only, and its Rename refuses to replace an empty directory,
// which POSIX rename allows.

func renameAt(a *os.Root, p string, b *os.Root, q string) error {
	err := atPair(a, p, b, q, func(fa int, na string, fb int, nb string) error {
		return os.NewSyscallError("renameat", syscall.Renameat(fa, na, fb, nb))
	})
	if err == errDotEntry {
		return fsError("invalid") // as rename(2) of "." or ".."
	}
	return err
}

func linkAt(a *os.Root, p string, b *os.Root, q string) error {
	err := atPair(a, p, b, q, func(fa int, na string, fb int, nb string) error {
		pa, err := syscall.BytePtrFromString(na)
		if err != nil {
			return err
		}
		pb, err := syscall.BytePtrFromString(nb)
		if err != nil {
			return err
		}
		_, _, e := syscall.Syscall6(syscall.SYS_LINKAT, uintptr(fa), uintptr(unsafe.Pointer(pa)),
			uintptr(fb), uintptr(unsafe.Pointer(pb)), 0, 0)
		if e != 0 {
			return os.NewSyscallError("linkat", e)
		}
		return nil
	})
	if err == errDotEntry {
		return fsError("not-permitted") // as link(2) of a directory
	}
	return err
}

// errDotEntry is atPair's answer for a last component "." or "..", which
// renameAt and linkAt each turn into their system call's answer.
var errDotEntry = errors.New("last path component is . or ..")

func atPair(a *os.Root, p string, b *os.Root, q string, op func(fa int, na string, fb int, nb string) error) error {
	da, na := splitLast(p)
	db, nb := splitLast(q)
	for _, n := range []string{na, nb} {
		switch trimSlashes(n) {
		case ".", "..":
			return errDotEntry // not an entry of its directory
		}
	}
	fa, err := a.Open(da)
	if err != nil {
		return err
	}
	defer fa.Close()
	fb, err := b.Open(db)
	if err != nil {
		return err
	}
	defer fb.Close()
	return op(int(fa.Fd()), na, int(fb.Fd()), nb)
}

// fileTimes sets the times of an open file with utimensat(fd, NULL, ...),
// whatever became of its name; a zero time is left unchanged.
func fileTimes(d *descriptor, atime, mtime time.Time) error {
	ts := timespecs(atime, mtime)
	rc, err := d.file.SyscallConn()
	if err != nil {
		return err
	}
	var e syscall.Errno
	if err := rc.Control(func(fd uintptr) {
		_, _, e = syscall.Syscall6(syscall.SYS_UTIMENSAT, fd, 0, uintptr(unsafe.Pointer(&ts[0])), 0, 0, 0)
	}); err != nil {
		return err
	}
	if e != 0 {
		return os.NewSyscallError("utimensat", e)
	}
	return nil
}

// linkTimes sets the times of the symbolic link p itself (not its target)
// with utimensat(AT_SYMLINK_NOFOLLOW) on p's parent, resolved inside root;
// a zero time is left unchanged.
func linkTimes(root *os.Root, p string, atime, mtime time.Time) error {
	const atSymlinkNofollow = 0x100
	dir, name := splitLast(p)
	switch trimSlashes(name) {
	case ".", "..", "":
		return fsError("invalid")
	}
	f, err := root.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	ts := timespecs(atime, mtime)
	pn, err := syscall.BytePtrFromString(name)
	if err != nil {
		return err
	}
	_, _, e := syscall.Syscall6(syscall.SYS_UTIMENSAT, f.Fd(), uintptr(unsafe.Pointer(pn)),
		uintptr(unsafe.Pointer(&ts[0])), atSymlinkNofollow, 0, 0)
	if e != 0 {
		return os.NewSyscallError("utimensat", e)
	}
	return nil
}

// timespecs is the times argument of utimensat; a zero time is UTIME_OMIT.
func timespecs(atime, mtime time.Time) [2]syscall.Timespec {
	const utimeOmit = (1 << 30) - 2
	ts := [2]syscall.Timespec{{Nsec: utimeOmit}, {Nsec: utimeOmit}}
	if !atime.IsZero() {
		ts[0] = syscall.NsecToTimespec(atime.UnixNano())
	}
	if !mtime.IsZero() {
		ts[1] = syscall.NsecToTimespec(mtime.UnixNano())
	}
	return ts
}
