package wasip2

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/weftwasm/weft/value"
)

const fsT = "wasi:filesystem/types#"

// fsFixture is a host with one preopen, "/sandbox", holding a file and a
// subdirectory, next to a secret file outside it.
type fsFixture struct {
	*testHost
	root, outside string
	dir           value.Value // the preopen's descriptor
}

func newFSFixture(t *testing.T, readOnly bool) *fsFixture {
	t.Helper()
	base := t.TempDir()
	root := filepath.Join(base, "sandbox")
	outside := filepath.Join(base, "secret.txt")
	must(t, os.MkdirAll(filepath.Join(root, "sub"), 0o755))
	must(t, os.WriteFile(filepath.Join(root, "hello.txt"), []byte("hello, world"), 0o644))
	must(t, os.WriteFile(outside, []byte("top secret"), 0o644))
	th := newTestHost(t, Config{}.WithPreopen(root, "/sandbox", readOnly))
	dirs := th.call("wasi:filesystem/preopens#get-directories").Elems()
	if len(dirs) != 1 || dirs[0].Elems()[1].Str() != "/sandbox" {
		t.Fatalf("preopens = %v", dirs)
	}
	return &fsFixture{testHost: th, root: root, outside: outside, dir: dirs[0].Elems()[0]}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func flags(names ...string) value.Value { return value.Flags(names...) }

// open calls open-at on dir and returns the result value.
func (f *fsFixture) open(dir value.Value, follow bool, path string, oflags, dflags value.Value) value.Value {
	f.t.Helper()
	pf := flags()
	if follow {
		pf = flags("symlink-follow")
	}
	return f.call(fsT+"[method]descriptor.open-at", borrow(dir), pf, str(path), oflags, dflags)
}

// openErr returns the error case of an open-at, "" on success.
func (f *fsFixture) openErr(path string, oflags, dflags value.Value) string {
	f.t.Helper()
	r := f.open(f.dir, true, path, oflags, dflags)
	p, _ := r.Payload()
	if r.IsErr() {
		return p.Case()
	}
	f.drop(p)
	return ""
}

func (f *fsFixture) readAll(d value.Value) string {
	f.t.Helper()
	r := f.ok(fsT+"[method]descriptor.read", borrow(d), value.U64(1<<20), value.U64(0))
	return string(valueBytes(r.Elems()[0]))
}

func TestSandboxRefusesEscapes(t *testing.T) {
	f := newFSFixture(t, false)
	must(t, os.Symlink(f.outside, filepath.Join(f.root, "abs-link")))
	must(t, os.Symlink("../secret.txt", filepath.Join(f.root, "rel-link")))
	must(t, os.Symlink("..", filepath.Join(f.root, "sub", "up")))
	must(t, os.Symlink("../..", filepath.Join(f.root, "sub", "upup")))
	none, read := flags(), flags("read")
	for _, path := range []string{
		"/etc/passwd",
		"../secret.txt",
		"sub/../../secret.txt",
		"./../sandbox/../secret.txt",
		"abs-link",
		"rel-link",
		"sub/upup/secret.txt",
	} {
		if got := f.openErr(path, none, read); got != "not-permitted" {
			t.Errorf("open-at %q: %q, want not-permitted", path, got)
		}
	}
	// Staying inside is fine, through ".." and symbolic links alike.
	for _, path := range []string{"hello.txt", "sub/../hello.txt", "sub/up/hello.txt"} {
		if got := f.openErr(path, none, read); got != "" {
			t.Errorf("open-at %q: %q, want success", path, got)
		}
	}
	// stat-at, readlink-at and friends are confined the same way.
	for _, path := range []string{"/etc", "..", "abs-link", "sub/upup"} {
		if got := f.errCase(fsT+"[method]descriptor.stat-at", borrow(f.dir), flags("symlink-follow"), str(path)); got != "not-permitted" {
			t.Errorf("stat-at %q: %q, want not-permitted", path, got)
		}
	}
	if got := f.errCase(fsT+"[method]descriptor.create-directory-at", borrow(f.dir), str("../evil")); got != "not-permitted" {
		t.Errorf("create-directory-at ../evil: %q", got)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(f.root), "evil")); err == nil {
		t.Error("a directory was created outside the sandbox")
	}
}

func TestSandboxRefusesRenameAndLinkTricks(t *testing.T) {
	f := newFSFixture(t, false)
	sub := f.ok(fsT+"[method]descriptor.open-at", borrow(f.dir), flags(), str("sub"), flags("directory"), flags("read"))
	cases := []struct {
		name string
		args []value.Value
	}{
		{"rename-at", []value.Value{borrow(f.dir), str("hello.txt"), borrow(f.dir), str("../stolen.txt")}},
		{"rename-at", []value.Value{borrow(f.dir), str("../secret.txt"), borrow(f.dir), str("mine.txt")}},
		{"rename-at", []value.Value{borrow(sub), str("../hello.txt"), borrow(f.dir), str("x.txt")}},
		{"rename-at", []value.Value{borrow(f.dir), str("/etc/passwd"), borrow(f.dir), str("x.txt")}},
		{"link-at", []value.Value{borrow(f.dir), flags(), str("../secret.txt"), borrow(f.dir), str("mine.txt")}},
		{"link-at", []value.Value{borrow(f.dir), flags(), str("hello.txt"), borrow(sub), str("../../out.txt")}},
		{"symlink-at", []value.Value{borrow(f.dir), str("/etc/passwd"), str("passwd")}},
	}
	for _, c := range cases {
		if got := f.errCase(fsT+"[method]descriptor."+c.name, c.args...); got != "not-permitted" {
			t.Errorf("%s %v: %q, want not-permitted", c.name, c.args[1:], got)
		}
	}
	// A relative symbolic link that points outside can be made (as on any
	// POSIX system) but never followed.
	if got := f.errCase(fsT+"[method]descriptor.symlink-at", borrow(f.dir), str("../secret.txt"), str("sneaky")); got != "" {
		t.Fatalf("symlink-at: %q", got)
	}
	if got := f.openErr("sneaky", flags(), flags("read")); got != "not-permitted" {
		t.Errorf("following sneaky: %q", got)
	}
	if b, _ := os.ReadFile(f.outside); string(b) != "top secret" {
		t.Error("the file outside changed")
	}
	// A subdirectory's descriptor is a sandbox of its own.
	if got := f.errCase(fsT+"[method]descriptor.stat-at", borrow(sub), flags(), str("../hello.txt")); got != "not-permitted" {
		t.Errorf("sub stat-at ../hello.txt: %q", got)
	}
	// Across two descriptors of one preopen, rename works when it stays inside.
	if got := f.errCase(fsT+"[method]descriptor.rename-at", borrow(f.dir), str("hello.txt"), borrow(sub), str("moved.txt")); got != "" {
		t.Fatalf("rename into sub: %q", got)
	}
	if _, err := os.Stat(filepath.Join(f.root, "sub", "moved.txt")); err != nil {
		t.Fatal(err)
	}
}

func TestReadOnlyPreopenRefusesChanges(t *testing.T) {
	f := newFSFixture(t, true)
	if got := f.openErr("new.txt", flags("create"), flags("write")); got != "not-permitted" {
		t.Errorf("create: %q", got)
	}
	if got := f.openErr("hello.txt", flags(), flags("read", "write")); got != "not-permitted" {
		t.Errorf("open for write: %q", got)
	}
	if got := f.openErr("hello.txt", flags("truncate"), flags("read")); got != "not-permitted" {
		t.Errorf("truncate: %q", got)
	}
	d := borrow(f.dir)
	for _, c := range []struct {
		name string
		args []value.Value
	}{
		{"create-directory-at", []value.Value{d, str("x")}},
		{"unlink-file-at", []value.Value{d, str("hello.txt")}},
		{"remove-directory-at", []value.Value{d, str("sub")}},
		{"rename-at", []value.Value{d, str("hello.txt"), d, str("x.txt")}},
		{"symlink-at", []value.Value{d, str("hello.txt"), str("l")}},
		{"link-at", []value.Value{d, flags(), str("hello.txt"), d, str("l")}},
		{"set-times-at", []value.Value{d, flags(), str("hello.txt"), value.VariantCase("now"), value.VariantCase("now")}},
	} {
		if got := f.errCase(fsT+"[method]descriptor."+c.name, c.args...); got != "not-permitted" {
			t.Errorf("%s: %q, want not-permitted", c.name, got)
		}
	}
	// Reading still works.
	fd := f.ok(fsT+"[method]descriptor.open-at", d, flags(), str("hello.txt"), flags(), flags("read"))
	if got := f.readAll(fd); got != "hello, world" {
		t.Errorf("read = %q", got)
	}
	fl := f.ok(fsT+"[method]descriptor.get-flags", borrow(f.dir))
	if fl.HasFlag("mutate-directory") {
		t.Error("read-only preopen reports mutate-directory")
	}
}

func TestFileLifecycle(t *testing.T) {
	f := newFSFixture(t, false)
	d := borrow(f.dir)
	fd := f.ok(fsT+"[method]descriptor.open-at", d, flags(), str("new.txt"), flags("create", "exclusive"), flags("read", "write"))
	if got := f.openErr("new.txt", flags("create", "exclusive"), flags("write")); got != "exist" {
		t.Errorf("exclusive create of an existing file: %q", got)
	}
	n := f.ok(fsT+"[method]descriptor.write", borrow(fd), bytesValue([]byte("abcdef")), value.U64(0))
	if n.U64() != 6 {
		t.Fatalf("wrote %d", n.U64())
	}
	// Write through a stream at an offset, then append.
	out := f.ok(fsT+"[method]descriptor.write-via-stream", borrow(fd), value.U64(3))
	f.ok("wasi:io/streams#[method]output-stream.blocking-write-and-flush", borrow(out), bytesValue([]byte("XYZ")))
	f.drop(out)
	app := f.ok(fsT+"[method]descriptor.append-via-stream", borrow(fd))
	f.ok("wasi:io/streams#[method]output-stream.write", borrow(app), bytesValue([]byte("!")))
	f.drop(app)
	if got := f.readAll(fd); got != "abcXYZ!" {
		t.Fatalf("content %q", got)
	}
	r := f.ok(fsT+"[method]descriptor.read", borrow(fd), value.U64(2), value.U64(5))
	if string(valueBytes(r.Elems()[0])) != "Z!" || r.Elems()[1].Bool() {
		t.Errorf("read(2, 5) = %v", r)
	}
	r = f.ok(fsT+"[method]descriptor.read", borrow(fd), value.U64(10), value.U64(7))
	if len(r.Elems()[0].Elems()) != 0 || !r.Elems()[1].Bool() {
		t.Errorf("read at the end: %v", r)
	}
	// Read through a stream until closed.
	in := f.ok(fsT+"[method]descriptor.read-via-stream", borrow(fd), value.U64(1))
	got := f.ok("wasi:io/streams#[method]input-stream.blocking-read", borrow(in), value.U64(100))
	if string(valueBytes(got)) != "bcXYZ!" {
		t.Errorf("stream read %q", valueBytes(got))
	}
	if c := f.errCase("wasi:io/streams#[method]input-stream.read", borrow(in), value.U64(100)); c != "closed" {
		t.Errorf("read at end: %q", c)
	}
	f.drop(in)
	st := f.ok(fsT+"[method]descriptor.stat", borrow(fd))
	if st.Elems()[0].Case() != "regular-file" || st.Elems()[2].U64() != 7 {
		t.Errorf("stat = %v", st)
	}
	f.ok(fsT+"[method]descriptor.set-size", borrow(fd), value.U64(3))
	if st := f.ok(fsT+"[method]descriptor.stat-at", d, flags(), str("new.txt")); st.Elems()[2].U64() != 3 {
		t.Errorf("size after set-size: %v", st)
	}
	h1 := f.ok(fsT+"[method]descriptor.metadata-hash", borrow(fd))
	h2 := f.ok(fsT+"[method]descriptor.metadata-hash-at", d, flags(), str("new.txt"))
	h3 := f.ok(fsT+"[method]descriptor.metadata-hash-at", d, flags(), str("hello.txt"))
	if h1.String() != h2.String() || h1.String() == h3.String() {
		t.Errorf("metadata hashes: same file %v %v, other %v", h1, h2, h3)
	}
	fd2 := f.ok(fsT+"[method]descriptor.open-at", d, flags(), str("new.txt"), flags(), flags("read"))
	if !f.call(fsT+"[method]descriptor.is-same-object", borrow(fd), borrow(fd2)).Bool() {
		t.Error("is-same-object false for one file")
	}
	if f.call(fsT+"[method]descriptor.is-same-object", borrow(fd), d).Bool() {
		t.Error("is-same-object true for a file and a directory")
	}
	// A descriptor opened read-only refuses writes.
	if c := f.errCase(fsT+"[method]descriptor.write", borrow(fd2), bytesValue([]byte("x")), value.U64(0)); c != "bad-descriptor" {
		t.Errorf("write to read-only descriptor: %q", c)
	}
	f.ok(fsT+"[method]descriptor.set-times", borrow(fd),
		value.VariantCase("no-change"), value.Variant("timestamp", value.Record(value.U64(1_000_000_000), value.U32(5))))
	st = f.ok(fsT+"[method]descriptor.stat", borrow(fd))
	if mt, _ := st.Elems()[4].Payload(); mt.Elems()[0].U64() != 1_000_000_000 {
		t.Errorf("mtime after set-times: %v", st.Elems()[4])
	}
	f.drop(fd)
	f.drop(fd2)
	if c := f.errCase(fsT+"[method]descriptor.remove-directory-at", d, str("new.txt")); c != "not-directory" {
		t.Errorf("remove-directory-at on a file: %q", c)
	}
	if c := f.errCase(fsT+"[method]descriptor.unlink-file-at", d, str("sub")); c != "is-directory" {
		t.Errorf("unlink-file-at on a directory: %q", c)
	}
	f.ok(fsT+"[method]descriptor.unlink-file-at", d, str("new.txt"))
	if c := f.errCase(fsT+"[method]descriptor.stat-at", d, flags(), str("new.txt")); c != "no-entry" {
		t.Errorf("stat-at after unlink: %q", c)
	}
}

func TestDirectories(t *testing.T) {
	f := newFSFixture(t, false)
	d := borrow(f.dir)
	f.ok(fsT+"[method]descriptor.create-directory-at", d, str("made"))
	if c := f.errCase(fsT+"[method]descriptor.create-directory-at", d, str("made")); c != "exist" {
		t.Errorf("mkdir twice: %q", c)
	}
	f.ok(fsT+"[method]descriptor.symlink-at", d, str("hello.txt"), str("link"))
	if got := f.ok(fsT+"[method]descriptor.readlink-at", d, str("link")).Str(); got != "hello.txt" {
		t.Errorf("readlink = %q", got)
	}
	if st := f.ok(fsT+"[method]descriptor.stat-at", d, flags(), str("link")); st.Elems()[0].Case() != "symbolic-link" {
		t.Errorf("lstat of link: %v", st)
	}
	if st := f.ok(fsT+"[method]descriptor.stat-at", d, flags("symlink-follow"), str("link")); st.Elems()[0].Case() != "regular-file" {
		t.Errorf("stat of link: %v", st)
	}
	// Without symlink-follow, opening a link fails with loop.
	if r := f.open(f.dir, false, "link", flags(), flags("read")); !r.IsErr() {
		t.Error("open-at of a link without symlink-follow succeeded")
	} else if p, _ := r.Payload(); p.Case() != "loop" {
		t.Errorf("open-at of a link without follow: %v", p)
	}
	stream := f.ok(fsT+"[method]descriptor.read-directory", d)
	var names []string
	for {
		e := f.ok(fsT+"[method]directory-entry-stream.read-directory-entry", borrow(stream))
		p, ok := e.Payload()
		if !e.IsSome() || !ok {
			break
		}
		names = append(names, p.Elems()[1].Str()+":"+p.Elems()[0].Case())
	}
	want := "hello.txt:regular-file link:symbolic-link made:directory sub:directory"
	if strings.Join(names, " ") != want {
		t.Errorf("entries %v, want %s", names, want)
	}
	if c := f.errCase(fsT+"[method]descriptor.open-at", d, flags(), str("hello.txt"), flags("directory"), flags("read")); c != "not-directory" {
		t.Errorf("open-at directory flag on a file: %q", c)
	}
	if c := f.errCase(fsT+"[method]descriptor.open-at", d, flags(), str("sub"), flags("directory", "create"), flags("read")); c != "invalid" {
		t.Errorf("open-at directory|create: %q", c)
	}
	for _, of := range []value.Value{flags("directory"), flags()} {
		if c := f.errCase(fsT+"[method]descriptor.open-at", d, flags(), str("sub"), of, flags("read", "write")); c != "is-directory" {
			t.Errorf("open-at %v of a directory for writing: %q", of, c)
		}
	}
	if c := f.errCase(fsT+"[method]descriptor.open-at", d, flags(), str("nope"), flags(), flags("read")); c != "no-entry" {
		t.Errorf("open-at missing: %q", c)
	}
	if c := f.errCase(fsT+"[method]descriptor.read-via-stream", d, value.U64(0)); c != "is-directory" {
		t.Errorf("read-via-stream on a directory: %q", c)
	}
	for _, c := range []struct {
		name string
		args []value.Value
	}{
		{"read", []value.Value{d, value.U64(1), value.U64(0)}},
		{"write", []value.Value{d, bytesValue(nil), value.U64(0)}},
		{"write-via-stream", []value.Value{d, value.U64(0)}},
		{"set-size", []value.Value{d, value.U64(0)}},
		{"advise", []value.Value{d, value.U64(0), value.U64(0), value.Enum("normal")}},
	} {
		if got := f.errCase(fsT+"[method]descriptor."+c.name, c.args...); got != "bad-descriptor" {
			t.Errorf("%s on a directory: %q, want bad-descriptor", c.name, got)
		}
	}
	if ty := f.ok(fsT+"[method]descriptor.get-type", d); ty.Case() != "directory" {
		t.Errorf("get-type = %v", ty)
	}
	f.ok(fsT+"[method]descriptor.remove-directory-at", d, str("made"))
	if c := f.errCase(fsT+"[method]descriptor.remove-directory-at", d, str("sub/..")); c == "" {
		t.Error("removing sub/.. succeeded")
	}
	f.ok(fsT+"[method]descriptor.sync", d)
}

func TestFilesystemErrorCodeOfStreamError(t *testing.T) {
	f := newFSFixture(t, false)
	fd := f.ok(fsT+"[method]descriptor.open-at", borrow(f.dir), flags(), str("hello.txt"), flags(), flags("read"))
	in := f.ok(fsT+"[method]descriptor.read-via-stream", borrow(fd), value.U64(0))
	// Closing the file under the stream makes the next read fail.
	obj, _ := f.h.table.Get(f.h.types.descriptor, fd.Handle().Rep)
	obj.(*descriptor).file.Close()
	r := f.call("wasi:io/streams#[method]input-stream.read", borrow(in), value.U64(4))
	se, _ := r.Payload()
	if !r.IsErr() || se.Case() != "last-operation-failed" {
		t.Fatalf("read of a closed file: %v", r)
	}
	e, _ := se.Payload()
	code := f.call(fsT+"filesystem-error-code", borrow(e))
	if c, _ := code.Payload(); !code.IsSome() || c.Case() != "bad-descriptor" {
		t.Errorf("filesystem-error-code = %v", code)
	}
	if msg := f.call("wasi:io/error#[method]error.to-debug-string", borrow(e)).Str(); msg == "" {
		t.Error("empty debug string")
	}
}

func FuzzOpenAtStaysInside(f *testing.F) {
	for _, s := range []string{"hello.txt", "../secret.txt", "/etc/passwd", "sub/../../secret.txt", "link/secret.txt", "sub/./../hello.txt", "", ".", "..", "a\x00b"} {
		f.Add(s)
	}
	base := f.TempDir()
	root := filepath.Join(base, "sandbox")
	if err := os.MkdirAll(filepath.Join(root, "sub"), 0o755); err != nil {
		f.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "hello.txt"), []byte("inside"), 0o644); err != nil {
		f.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(base, "secret.txt"), []byte("outside"), 0o644); err != nil {
		f.Fatal(err)
	}
	if err := os.Symlink("..", filepath.Join(root, "link")); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, path string) {
		th := newTestHost(t, Config{}.WithPreopen(root, "/", true))
		fx := &fsFixture{testHost: th, root: root}
		fx.dir = th.call("wasi:filesystem/preopens#get-directories").Elems()[0].Elems()[0]
		r := fx.open(fx.dir, true, path, flags(), flags("read"))
		if r.IsErr() {
			return
		}
		fd, _ := r.Payload()
		if ty := fx.ok(fsT+"[method]descriptor.get-type", borrow(fd)); ty.Case() != "regular-file" {
			return
		}
		if got := fx.readAll(fd); got != "inside" {
			t.Fatalf("open-at %q read %q from outside the sandbox", path, got)
		}
	})
}

func TestStreamOutlivesDescriptor(t *testing.T) {
	f := newFSFixture(t, false)
	fd := f.ok(fsT+"[method]descriptor.open-at", borrow(f.dir), flags(), str("hello.txt"), flags(), flags("read"))
	in := f.ok(fsT+"[method]descriptor.read-via-stream", borrow(fd), value.U64(7))
	f.drop(fd)
	if b := f.ok("wasi:io/streams#[method]input-stream.read", borrow(in), value.U64(100)); string(valueBytes(b)) != "world" {
		t.Fatalf("read after the descriptor was dropped: %q", valueBytes(b))
	}
	f.drop(in)
}

// The path cases of wasi-testsuite's interesting_paths and nofollow_errors,
// at the level of wasi:filesystem.
func TestInterestingPaths(t *testing.T) {
	f := newFSFixture(t, false)
	d := borrow(f.dir)
	f.ok(fsT+"[method]descriptor.create-directory-at", d, str("dir"))
	f.ok(fsT+"[method]descriptor.create-directory-at", d, str("dir/nested"))
	fd := f.ok(fsT+"[method]descriptor.open-at", d, flags(), str("dir/nested/file"), flags("create"), flags("write"))
	f.drop(fd)
	nofollow := func(path string, of value.Value) string {
		r := f.open(f.dir, false, path, of, flags())
		p, _ := r.Payload()
		if r.IsErr() {
			return p.Case()
		}
		f.drop(p)
		return ""
	}
	for _, c := range []struct {
		path string
		want []string
	}{
		{"/dir/nested/file", []string{"not-permitted"}},
		{"dir/.//nested/../../dir/nested/../nested///./file", []string{""}},
		{"dir/nested/file\x00", []string{"invalid", "illegal-byte-sequence", "no-entry"}},
		{"dir/nested/file/", []string{"not-directory", "no-entry"}},
		{"dir/nested/file///", []string{"not-directory", "no-entry"}},
		{"dir/nested/", []string{""}},
		{"dir/nested///", []string{""}},
		{"dir/nested/../../../dir/nested/file", []string{"not-permitted"}},
	} {
		if got := nofollow(c.path, flags()); !slices.Contains(c.want, got) {
			t.Errorf("open-at %q: %q, want one of %q", c.path, got, c.want)
		}
	}
	f.ok(fsT+"[method]descriptor.symlink-at", d, str("dir"), str("symlink"))
	if got := nofollow("symlink", flags("directory")); got != "loop" && got != "not-directory" {
		t.Errorf("nofollow open of a directory symlink as a directory: %q", got)
	}
	if got := nofollow("symlink", flags()); got != "loop" {
		t.Errorf("nofollow open of a symlink: %q", got)
	}
	if r := f.open(f.dir, true, "symlink", flags("directory"), flags()); r.IsErr() {
		t.Errorf("following a directory symlink: %v", r)
	}
	f.ok(fsT+"[method]descriptor.unlink-file-at", d, str("symlink"))
	f.ok(fsT+"[method]descriptor.unlink-file-at", d, str("dir/nested/file"))
	f.ok(fsT+"[method]descriptor.remove-directory-at", d, str("dir/nested"))
	f.ok(fsT+"[method]descriptor.remove-directory-at", d, str("dir"))
}

// Cases of wasi-testsuite's path_symlink_trailing_slashes, path_link and
// path_rename, at the level of wasi:filesystem (the POSIX answers).
func TestLinkSymlinkRenameErrors(t *testing.T) {
	f := newFSFixture(t, false)
	d := borrow(f.dir)
	mkdir := func(p string) { f.ok(fsT+"[method]descriptor.create-directory-at", d, str(p)) }
	rmdir := func(p string) { f.ok(fsT+"[method]descriptor.remove-directory-at", d, str(p)) }
	touch := func(p string) {
		f.drop(f.ok(fsT+"[method]descriptor.open-at", d, flags(), str(p), flags("create"), flags("write")))
	}
	unlink := func(p string) { f.ok(fsT+"[method]descriptor.unlink-file-at", d, str(p)) }
	symlink := func(target, p string) string {
		return f.errCase(fsT+"[method]descriptor.symlink-at", d, str(target), str(p))
	}
	link := func(follow bool, old, p string) string {
		pf := flags()
		if follow {
			pf = flags("symlink-follow")
		}
		return f.errCase(fsT+"[method]descriptor.link-at", d, pf, str(old), d, str(p))
	}
	rename := func(old, p string) string {
		return f.errCase(fsT+"[method]descriptor.rename-at", d, str(old), d, str(p))
	}
	check := func(what, got string, want ...string) {
		t.Helper()
		if !slices.Contains(want, got) {
			t.Errorf("%s: %q, want one of %q", what, got, want)
		}
	}

	check("symlink to target/ (absent)", symlink("source", "target/"), "no-entry")
	mkdir("target")
	check("symlink over a directory/", symlink("source", "target/"), "exist")
	check("symlink over a directory", symlink("source", "target"), "exist")
	rmdir("target")
	touch("target")
	check("symlink over file/", symlink("source", "target/"), "not-directory", "exist")
	check("symlink over a file", symlink("source", "target"), "exist")
	unlink("target")

	touch("file")
	touch("link")
	check("link over an existing file", link(false, "file", "link"), "exist")
	unlink("link")
	check("link to itself", link(false, "file", "file"), "exist")
	mkdir("link")
	check("link over a directory", link(false, "file", "link"), "exist")
	rmdir("link")
	mkdir("subdir")
	check("link to a directory", link(false, "subdir", "link"), "not-permitted", "access")
	rmdir("subdir")
	check("link to link/", link(false, "file", "link/"), "no-entry")
	check("symlink dangling", symlink("target", "symlink"), "")
	check("link over a dangling symlink", link(false, "file", "symlink"), "exist")
	check("link following a symlink", link(true, "symlink", "link"), "invalid")
	unlink("symlink")

	mkdir("source")
	mkdir("target")
	touch("target/file")
	check("rename a directory onto a nonempty one", rename("source", "target"), "not-empty")
	unlink("target/file")
	check("rename a directory onto an empty one", rename("source", "target"), "")
	touch("source")
	check("rename a file onto a directory", rename("source", "target"), "is-directory")
	check("rename a file onto a file", rename("source", "file"), "")
	check("rename a missing file", rename("source", "x"), "no-entry")
}

func TestSetTimesFollowsTheOpenFile(t *testing.T) {
	f := newFSFixture(t, false)
	d := borrow(f.dir)
	fd := f.ok(fsT+"[method]descriptor.open-at", d, flags(), str("hello.txt"), flags(), flags("read", "write"))
	f.ok(fsT+"[method]descriptor.rename-at", d, str("hello.txt"), d, str("renamed.txt"))
	when := value.Record(value.U64(1_234_567_890), value.U32(0))
	f.ok(fsT+"[method]descriptor.set-times", borrow(fd), value.Variant("timestamp", when), value.Variant("timestamp", when))
	st := f.ok(fsT+"[method]descriptor.stat-at", d, flags(), str("renamed.txt"))
	if mt, _ := st.Elems()[4].Payload(); mt.Elems()[0].U64() != 1_234_567_890 {
		t.Errorf("mtime of the renamed file: %v", st.Elems()[4])
	}
	sub := f.ok(fsT+"[method]descriptor.open-at", d, flags(), str("sub"), flags("directory"), flags("read"))
	f.ok(fsT+"[method]descriptor.set-times", borrow(sub), value.VariantCase("no-change"), value.Variant("timestamp", when))
	st = f.ok(fsT+"[method]descriptor.stat", borrow(sub))
	if mt, _ := st.Elems()[4].Payload(); mt.Elems()[0].U64() != 1_234_567_890 {
		t.Errorf("mtime of the directory: %v", st.Elems()[4])
	}
}
