package wasip2

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"slices"
	"strings"
	"sync/atomic"
	"time"
)

// descriptor is the object behind a wasi:filesystem descriptor handle: a
// directory (dir set, an os.Root confined to it) or an open file.
type descriptor struct {
	pre     *preopen
	rel     string   // path from the preopen's root, "." for the root itself
	dir     *os.Root // directories
	file    *os.File // everything else
	ref     *fileRef // shares file with the streams made from it
	ownsDir bool     // dir was opened for this descriptor (not the preopen's)
	read    bool
	write   bool
	// mutate is what get-flags reports as mutate-directory: asked for
	// when opened, and held by the parent. Changes are allowed or refused
	// by the preopen, as in wasmtime.
	mutate bool
}

func (d *descriptor) close() error {
	switch {
	case d.ref != nil:
		return d.ref.release()
	case d.ownsDir:
		return d.dir.Close()
	}
	return nil
}

// fileRef shares one open file among a descriptor and the streams made
// from it, so that a stream stays usable after the guest drops the
// descriptor (as in wasmtime); the file closes when the last user lets go.
type fileRef struct {
	f    *os.File
	refs atomic.Int32
}

func newFileRef(f *os.File) *fileRef {
	r := &fileRef{f: f}
	r.refs.Store(1)
	return r
}

func (r *fileRef) acquire() *fileRef {
	r.refs.Add(1)
	return r
}

func (r *fileRef) release() error {
	if r.refs.Add(-1) == 0 {
		return r.f.Close()
	}
	return nil
}

// statExtra is what sysStat reads beyond os.FileInfo.
type statExtra struct {
	nlink        uint64
	atime, ctime time.Time
	times        bool // atime and ctime are known
	dev, ino     uint64
	ids          bool // dev and ino are known
}

func (d *descriptor) asDir() (*os.Root, error) {
	if d.dir == nil {
		return nil, fsError("not-directory")
	}
	return d.dir, nil
}

// at checks that d is a directory and p a path that may name something
// below it, and returns the directory.
func (d *descriptor) at(p string) (*os.Root, error) {
	dir, err := d.asDir()
	if err != nil {
		return nil, err
	}
	return dir, checkPath(p)
}

// atMutable is at for operations that change the directory.
func (d *descriptor) atMutable(p string) (*os.Root, error) {
	dir, err := d.at(p)
	if err != nil {
		return nil, err
	}
	return dir, d.mutable()
}

func (d *descriptor) asFile() (*os.File, error) {
	if d.file == nil {
		return nil, fsError("bad-descriptor")
	}
	return d.file, nil
}

// mutable refuses changes through a read-only preopen, as wasmtime does.
func (d *descriptor) mutable() error {
	if d.pre.readOnly {
		return fsError("not-permitted")
	}
	return nil
}

// checkPath refuses what can never name something inside a directory:
// absolute paths. Everything else ("..", symbolic links) is confined by
// os.Root, which refuses escapes itself.
func checkPath(p string) error {
	switch {
	case strings.HasPrefix(p, "/"):
		return fsError("not-permitted")
	case strings.IndexByte(p, 0) >= 0:
		return fsError("invalid")
	case p == "":
		return fsError("no-entry")
	}
	return nil
}

func (d *descriptor) stat() (fs.FileInfo, error) {
	if d.file != nil {
		return d.file.Stat()
	}
	return d.dir.Stat(".")
}

func (d *descriptor) statAt(follow bool, p string) (fs.FileInfo, error) {
	dir, err := d.at(p)
	if err != nil {
		return nil, err
	}
	if follow {
		return dir.Stat(p)
	}
	return dir.Lstat(p)
}

func descriptorType(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "directory"
	case m.IsRegular():
		return "regular-file"
	case m&fs.ModeSymlink != 0:
		return "symbolic-link"
	case m&fs.ModeNamedPipe != 0:
		return "fifo"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeCharDevice != 0:
		return "character-device"
	case m&fs.ModeDevice != 0:
		return "block-device"
	}
	return "unknown"
}

// metadataHash hashes the identity of a file (device and inode where the
// system has them) so that two descriptors of one file hash alike.
func metadataHash(fi fs.FileInfo) (lo, hi uint64) {
	x := sysStat(fi)
	var b []byte
	if x.ids {
		b = binary.LittleEndian.AppendUint64(b, x.dev)
		b = binary.LittleEndian.AppendUint64(b, x.ino)
	} else {
		b = append(b, fi.Name()...)
		b = binary.LittleEndian.AppendUint64(b, uint64(fi.Size()))
		b = binary.LittleEndian.AppendUint64(b, uint64(fi.ModTime().UnixNano()))
	}
	sum := sha256.Sum256(b)
	return binary.LittleEndian.Uint64(sum[:8]), binary.LittleEndian.Uint64(sum[8:16])
}

// openAt opens path below d following the rules of open-at.
func (d *descriptor) openAt(follow bool, p string, create, directory, exclusive, truncate, read, write, mutate bool) (*descriptor, error) {
	dir, err := d.at(p)
	if err != nil {
		return nil, err
	}
	if directory && (create || exclusive || truncate) {
		return nil, fsError("invalid")
	}
	if directory && write {
		return nil, fsError("is-directory") // as open(2) with O_DIRECTORY|O_RDWR
	}
	// As in wasmtime: without the write flag a descriptor reads; creating
	// or truncating also writes.
	if !write {
		read = true
	}
	if create || truncate {
		write = true
	}
	if write && d.pre.readOnly {
		return nil, fsError("not-permitted")
	}
	if !follow {
		if fi, err := dir.Lstat(p); err == nil && fi.Mode()&fs.ModeSymlink != 0 && !(create && exclusive) {
			return nil, fsError("loop")
		}
	}
	flag := os.O_RDONLY
	switch {
	case read && write:
		flag = os.O_RDWR
	case write:
		flag = os.O_WRONLY
	}
	if create {
		flag |= os.O_CREATE
	}
	if exclusive {
		flag |= os.O_EXCL
	}
	if truncate {
		flag |= os.O_TRUNC
	}
	nd := &descriptor{pre: d.pre, rel: path.Join(d.rel, p), read: read, write: write}
	if !directory {
		f, err := dir.OpenFile(p, flag, 0o666)
		if err != nil {
			return nil, err
		}
		fi, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, err
		}
		if !fi.IsDir() {
			nd.file, nd.ref = f, newFileRef(f)
			return nd, nil
		}
		f.Close()
	}
	// os.Root.OpenRoot of a file fails with an error that names no
	// errno; look first.
	if fi, err := dir.Stat(p); err != nil {
		return nil, err
	} else if !fi.IsDir() {
		return nil, fsError("not-directory")
	}
	sub, err := dir.OpenRoot(p)
	if err != nil {
		return nil, err
	}
	nd.dir, nd.ownsDir = sub, true
	nd.mutate = mutate && d.mutate
	return nd, nil
}

// twoDirs checks the operands of an operation on (d, p) and (other, q),
// a rename or a link, and returns the two directories.
func (d *descriptor) twoDirs(p string, other *descriptor, q string) (*os.Root, *os.Root, error) {
	a, err := d.atMutable(p)
	if err != nil {
		return nil, nil, err
	}
	b, err := other.atMutable(q)
	if err != nil {
		return nil, nil, err
	}
	return a, b, nil
}

func trimSlashes(s string) string { return strings.TrimRight(s, "/") }

// splitLast splits p into its directory ("." when none) and its last
// component, which keeps its trailing slashes (they ask for a directory).
func splitLast(p string) (dir, name string) {
	trimmed := trimSlashes(p)
	i := strings.LastIndexByte(trimmed, '/')
	if i < 0 {
		return ".", p
	}
	return p[:i+1], p[i+1:]
}

// dirEntries lists a directory, sorted by name, without "." and "..".
func (d *descriptor) dirEntries() ([]fs.DirEntry, error) {
	dir, err := d.asDir()
	if err != nil {
		return nil, err
	}
	f, err := dir.Open(".")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	es, err := f.ReadDir(-1)
	slices.SortFunc(es, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return es, err
}

// readAt reads up to n bytes at off. As in wasmtime, the end is reported
// by a read that returns nothing.
func (d *descriptor) readAt(n int, off uint64) ([]byte, bool, error) {
	f, err := d.asFile()
	if err != nil {
		return nil, false, err
	}
	if !d.read {
		return nil, false, fsError("bad-descriptor")
	}
	if off > math.MaxInt64 {
		return nil, false, fsError("invalid")
	}
	if n == 0 {
		return nil, false, nil
	}
	buf := make([]byte, n)
	k, err := f.ReadAt(buf, int64(off))
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, false, err
	}
	return buf[:k], k == 0, nil
}

// writable checks that d is a file that may be written.
func (d *descriptor) writable() (*os.File, error) {
	f, err := d.asFile()
	if err != nil {
		return nil, err
	}
	if err := d.mutable(); err != nil {
		return nil, err
	}
	if !d.write {
		return nil, fsError("bad-descriptor")
	}
	return f, nil
}

func (d *descriptor) writeAt(b []byte, off uint64) (int, error) {
	f, err := d.writable()
	if err != nil {
		return 0, err
	}
	if off > math.MaxInt64 {
		return 0, fsError("invalid")
	}
	return f.WriteAt(b, int64(off))
}

// setTimes changes the times of the descriptor's file or of path p below
// it; a nil time stays unchanged.
func (d *descriptor) setTimes(p string, atime, mtime *time.Time) error {
	if err := d.mutable(); err != nil {
		return err
	}
	var a, m time.Time // the zero Time leaves a time unchanged
	if atime != nil {
		a = *atime
	}
	if mtime != nil {
		m = *mtime
	}
	switch {
	case p == "" && d.dir != nil:
		return d.dir.Chtimes(".", a, m)
	case p == "":
		return fileTimes(d, a, m)
	}
	dir, err := d.asDir()
	if err != nil {
		return err
	}
	return dir.Chtimes(p, a, m)
}

// setLinkTimes is setTimes for the symbolic link p itself.
func (d *descriptor) setLinkTimes(p string, atime, mtime *time.Time) error {
	if err := d.mutable(); err != nil {
		return err
	}
	dir, err := d.asDir()
	if err != nil {
		return err
	}
	var a, m time.Time
	if atime != nil {
		a = *atime
	}
	if mtime != nil {
		m = *mtime
	}
	return linkTimes(dir, p, a, m)
}

func (d *descriptor) removeAt(p string, wantDir bool) error {
	dir, err := d.atMutable(p)
	if err != nil {
		return err
	}
	fi, err := dir.Lstat(p)
	if err != nil {
		return err
	}
	switch {
	case wantDir && !fi.IsDir():
		return fsError("not-directory")
	case !wantDir && fi.IsDir():
		return fsError("is-directory")
	case !wantDir && strings.HasSuffix(p, "/"):
		return fsError("not-directory")
	}
	return dir.Remove(p)
}
