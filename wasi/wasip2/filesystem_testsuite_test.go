package wasip2

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/weftwasm/weft/value"
)

// The expectations of wasi-testsuite's filesystem tests (tests/rust/
// wasm32-wasip3, whose error codes are those of WASI 0.2), checked at the
// level of wasi:filesystem handlers on a preopen holding a.txt and b.txt.
type suiteFS struct {
	*fsFixture
	t *testing.T
}

func newSuiteFS(t *testing.T) *suiteFS {
	f := newFSFixture(t, false)
	for _, n := range []string{"hello.txt", "sub"} {
		must(t, os.RemoveAll(filepath.Join(f.root, n)))
	}
	must(t, os.WriteFile(filepath.Join(f.root, "a.txt"), []byte("a"), 0o644))
	must(t, os.WriteFile(filepath.Join(f.root, "b.txt"), []byte("bb"), 0o644))
	s := &suiteFS{f, t}
	if c := s.do("symlink-at", str(".."), str("parent.cleanup")); c != "" {
		t.Fatalf("symlink-at .. parent.cleanup: %q", c)
	}
	return s
}

// do calls a descriptor method on the preopen and returns its error case.
func (s *suiteFS) do(method string, args ...value.Value) string {
	s.t.Helper()
	return s.errCase(fsT+"[method]descriptor."+method, append([]value.Value{borrow(s.dir)}, args...)...)
}

func (s *suiteFS) want(what, got string, want ...string) {
	s.t.Helper()
	if !slices.Contains(want, got) {
		s.t.Errorf("%s: %q, want %q", what, got, want)
	}
}

func TestSuiteOpenAndStatErrors(t *testing.T) {
	s := newSuiteFS(t)
	open := func(pf value.Value, p string) string {
		return s.do("open-at", pf, str(p), flags(), flags("read"))
	}
	s.want("open ''", open(flags(), ""), "no-entry")
	s.want("open ..", open(flags(), ".."), "not-permitted")
	s.want("open parent.cleanup", open(flags("symlink-follow"), "parent.cleanup"), "not-permitted")
	s.want("open /", open(flags(), "/"), "not-permitted")

	stat := func(pf value.Value, p string) string { return s.do("stat-at", pf, str(p)) }
	s.want("stat ''", stat(flags(), ""), "no-entry")
	s.want("stat ..", stat(flags(), ".."), "not-permitted")
	s.want("stat parent.cleanup", stat(flags("symlink-follow"), "parent.cleanup"), "not-permitted")
	s.want("stat parent.cleanup/x", stat(flags("symlink-follow"), "parent.cleanup/fs-tests.dir"), "not-permitted")
	s.want("stat /", stat(flags(), "/"), "not-permitted")
	s.want("stat /etc/passwd", stat(flags(), "/etc/passwd"), "not-permitted")
	s.want("stat z.txt", stat(flags(), "z.txt"), "no-entry")
	afd := s.ok(fsT+"[method]descriptor.open-at", borrow(s.dir), flags(), str("a.txt"), flags(), flags("read"))
	s.want("stat-at on a file", s.errCase(fsT+"[method]descriptor.stat-at", borrow(afd), flags(), str(".")), "not-directory")
	if a, b := s.ok(fsT+"[method]descriptor.stat-at", borrow(s.dir), flags(), str(".")), s.ok(fsT+"[method]descriptor.stat", borrow(s.dir)); a.String() != b.String() {
		t.Errorf("stat . = %v, stat = %v", a, b)
	}

	ts := value.Variant("timestamp", value.Record(value.U64(42), value.U32(0)))
	setAt := func(pf value.Value, p string) string { return s.do("set-times-at", pf, str(p), ts, ts) }
	s.want("set-times-at z.txt", setAt(flags(), "z.txt"), "no-entry")
	s.want("set-times-at ''", setAt(flags("symlink-follow"), ""), "no-entry")
	s.want("set-times-at /", setAt(flags(), "/"), "not-permitted")
	s.want("set-times-at ..", setAt(flags(), ".."), "not-permitted")
	s.want("set-times-at parent.cleanup", setAt(flags("symlink-follow"), "parent.cleanup"), "not-permitted")
	s.want("set-times-at ../foo", setAt(flags(), "../foo"), "not-permitted")
	s.want("set-times-at parent.cleanup/foo", setAt(flags(), "parent.cleanup/foo"), "not-permitted")
	s.want("set-times-at a.txt", setAt(flags(), "a.txt"), "")
	st := s.ok(fsT+"[method]descriptor.stat", borrow(afd)).Elems()
	for _, i := range []int{3, 4} {
		if tm, _ := st[i].Payload(); !st[i].IsSome() || tm.Elems()[0].U64() != 42 {
			t.Errorf("timestamp %d after set-times-at: %v", i, st[i])
		}
	}
}

func TestSuiteFlagsAndType(t *testing.T) {
	s := newSuiteFS(t)
	getFlags := func(d value.Value) string {
		return s.ok(fsT+"[method]descriptor.get-flags", borrow(d)).String()
	}
	if got := getFlags(s.dir); got != "{read, mutate-directory}" {
		t.Errorf("preopen flags %s", got)
	}
	openFD := func(p string, of, df value.Value) value.Value {
		return s.ok(fsT+"[method]descriptor.open-at", borrow(s.dir), flags(), str(p), of, df)
	}
	if got := getFlags(openFD(".", flags(), flags())); got != "{read}" {
		t.Errorf(". opened without flags: %s", got)
	}
	s.want("open . for writing", s.do("open-at", flags(), str("."), flags(), flags("write")), "", "is-directory")
	if got := getFlags(openFD("a.txt", flags(), flags("read"))); got != "{read}" {
		t.Errorf("a.txt read: %s", got)
	}
	for _, c := range []struct {
		df   value.Value
		want string
	}{
		{flags("read", "write"), "{read, write}"},
		{flags(), "{read, write}"},
		{flags("read"), "{read, write}"},
		{flags("write"), "{write}"},
	} {
		fd := openFD("c.cleanup", flags("create", "exclusive"), c.df)
		if got := getFlags(fd); got != c.want {
			t.Errorf("created with %v: %s, want %s", c.df, got, c.want)
		}
		s.drop(fd)
		s.want("rm c.cleanup", s.do("unlink-file-at", str("c.cleanup")), "")
	}
	if got := getFlags(openFD("a.txt", flags("exclusive"), flags())); got != "{read}" {
		t.Errorf("a.txt exclusive: %s", got)
	}
	if got := getFlags(openFD("a.txt", flags(), flags("write"))); got != "{write}" {
		t.Errorf("a.txt write: %s", got)
	}
	child := openFD(".", flags("directory"), flags("mutate-directory"))
	if got := getFlags(child); got != "{read, mutate-directory}" {
		t.Errorf("directory opened with mutate-directory: %s", got)
	}
	s.want("advise on a directory", s.do("advise", value.U64(0), value.U64(0), value.Enum("normal")), "bad-descriptor")
}

func TestSuiteMkdirRmdirUnlink(t *testing.T) {
	s := newSuiteFS(t)
	mkdir := func(p string) string { return s.do("create-directory-at", str(p)) }
	rmdir := func(p string) string { return s.do("remove-directory-at", str(p)) }
	rm := func(p string) string { return s.do("unlink-file-at", str(p)) }
	s.want("mkdir ''", mkdir(""), "no-entry")
	s.want("mkdir .", mkdir("."), "exist")
	s.want("mkdir ..", mkdir(".."), "not-permitted")
	s.want("mkdir parent.cleanup/foo", mkdir("parent.cleanup/foo"), "not-permitted")
	s.want("mkdir /", mkdir("/"), "not-permitted")
	s.want("mkdir ../q", mkdir("../q.cleanup"), "not-permitted")
	s.want("mkdir a.txt", mkdir("a.txt"), "exist")
	s.want("mkdir q", mkdir("q.cleanup"), "")
	s.want("rmdir ../q", rmdir("../q.cleanup"), "not-permitted")
	s.want("rmdir parent.cleanup/q", rmdir("parent.cleanup/q.cleanup"), "not-permitted")
	s.want("rmdir q/../../q", rmdir("q.cleanup/../../q.cleanup"), "not-permitted")
	s.want("rmdir q", rmdir("q.cleanup"), "")
	s.want("mkdir q/", mkdir("q.cleanup/"), "")
	s.want("rmdir q", rmdir("q.cleanup"), "")
	s.want("rmdir ''", rmdir(""), "no-entry")
	s.want("rmdir .", rmdir("."), "invalid", "access")
	s.want("rmdir ..", rmdir(".."), "not-permitted")
	s.want("rmdir /", rmdir("/"), "not-permitted")
	s.want("rmdir a.txt", rmdir("a.txt"), "not-directory")
	s.want("rmdir z.txt", rmdir("z.txt"), "no-entry", "not-directory")
	s.want("rmdir parent.cleanup/", rmdir("parent.cleanup/"), "not-permitted")

	s.want("rm ''", rm(""), "no-entry")
	for _, p := range []string{".", "..", "../", "/"} {
		s.want("rm "+p, rm(p), "not-permitted", "is-directory", "access")
	}
	s.want("rm /etc/passwd", rm("/etc/passwd"), "not-permitted")
	s.want("rm z.txt", rm("z.txt"), "no-entry")
	s.want("rm parent.cleanup/z.txt", rm("parent.cleanup/z.txt"), "not-permitted")

	s.want("mkdir child", mkdir("child.cleanup"), "")
	s.want("mkdir sibling", mkdir("sibling.cleanup"), "")
	child := s.ok(fsT+"[method]descriptor.open-at", borrow(s.dir), flags(), str("child.cleanup"), flags("directory"), flags("mutate-directory"))
	in := func(m, p string) string { return s.errCase(fsT+"[method]descriptor."+m, borrow(child), str(p)) }
	s.want("child mkdir z", in("create-directory-at", "z.cleanup"), "")
	s.want("child rmdir z", in("remove-directory-at", "z.cleanup"), "")
	for _, c := range [][2]string{
		{"create-directory-at", "../z.cleanup"},
		{"remove-directory-at", "../z.cleanup"},
		{"create-directory-at", "../sibling.cleanup/z.cleanup"},
		{"remove-directory-at", "../sibling.cleanup/z.cleanup"},
		{"remove-directory-at", "../sibling.cleanup"},
	} {
		s.want("child "+c[0]+" "+c[1], in(c[0], c[1]), "not-permitted")
	}
}

func TestSuiteHardLinksAndRename(t *testing.T) {
	s := newSuiteFS(t)
	ln := func(from, to string) string {
		return s.do("link-at", flags(), str(from), borrow(s.dir), str(to))
	}
	s.want("ln . foo", ln(".", "foo"), "not-permitted", "access")
	s.want("ln '' foo", ln("", "foo"), "no-entry")
	s.want("ln '' ''", ln("", ""), "no-entry")
	s.want("ln a.txt ''", ln("a.txt", ""), "no-entry")
	s.want("ln a.txt a.txt", ln("a.txt", "a.txt"), "exist")
	s.want("ln / a.txt", ln("/", "a.txt"), "not-permitted")
	s.want("ln a.txt /", ln("a.txt", "/"), "not-permitted")
	s.want("ln a.txt /a.txt", ln("a.txt", "/a.txt"), "not-permitted")
	s.want("ln .. a.txt", ln("..", "a.txt"), "not-permitted")
	s.want("ln a.txt ..", ln("a.txt", ".."), "not-permitted")
	s.want("ln parent.cleanup/foo a.txt", ln("parent.cleanup/foo", "a.txt"), "not-permitted")
	s.want("ln a.txt parent.cleanup/foo", ln("a.txt", "parent.cleanup/foo"), "not-permitted")
	s.want("ln a.txt c", ln("a.txt", "c.cleanup"), "")
	s.want("rm c", s.do("unlink-file-at", str("c.cleanup")), "")
	s.want("mkdir d", s.do("create-directory-at", str("d.cleanup")), "")
	s.want("ln a.txt d/q.txt", ln("a.txt", "d.cleanup/q.txt"), "")
	s.want("rm d/q.txt", s.do("unlink-file-at", str("d.cleanup/q.txt")), "")
	s.want("ln d e", ln("d.cleanup", "e.cleanup"), "not-permitted", "access")
	s.want("rmdir d", s.do("remove-directory-at", str("d.cleanup")), "")

	s.want("mkdir child", s.do("create-directory-at", str("child.cleanup")), "")
	child := s.ok(fsT+"[method]descriptor.open-at", borrow(s.dir), flags(), str("child.cleanup"), flags("directory"), flags("mutate-directory"))
	mv := func(a value.Value, from string, b value.Value, to string) string {
		return s.errCase(fsT+"[method]descriptor.rename-at", borrow(a), str(from), borrow(b), str(to))
	}
	d := s.dir
	s.want("mv a a", mv(d, "a.txt", d, "a.txt"), "")
	s.want("ln -s a.txt c", s.do("symlink-at", str("a.txt"), str("c.cleanup")), "")
	s.want("mv a c", mv(d, "a.txt", d, "c.cleanup"), "")
	s.want("mv a a (gone)", mv(d, "a.txt", d, "a.txt"), "no-entry")
	s.want("mv c a", mv(d, "c.cleanup", d, "a.txt"), "")
	s.want("mv missing", mv(d, "does-not-exist.txt", d, "q.txt"), "no-entry")
	s.want("mv . q", mv(d, ".", d, "q.txt"), "busy", "invalid", "access")
	s.want("mv a ../q", mv(d, "a.txt", d, "../q.txt"), "not-permitted")
	s.want("mv a parent.cleanup/q", mv(d, "a.txt", d, "parent.cleanup/q.txt"), "not-permitted")
	s.want("mv a /tmp/q", mv(d, "a.txt", d, "/tmp/q.txt"), "not-permitted")
	s.want("mv a child/whatever", mv(d, "a.txt", child, "whatever"), "")
	s.want("mv a whatever (gone)", mv(d, "a.txt", d, "whatever"), "no-entry")
	s.want("mv child/whatever a", mv(child, "whatever", d, "a.txt"), "")
	s.want("mv child/whatever a (gone)", mv(child, "whatever", d, "a.txt"), "no-entry")
	s.drop(child)
	s.want("rmdir child", s.do("remove-directory-at", str("child.cleanup")), "")
}

func TestSuiteReadDirectoryAndDotdot(t *testing.T) {
	s := newSuiteFS(t)
	stream := s.ok(fsT+"[method]descriptor.read-directory", borrow(s.dir))
	var got []string
	for {
		e := s.ok(fsT+"[method]directory-entry-stream.read-directory-entry", borrow(stream))
		p, ok := e.Payload()
		if !ok {
			break
		}
		got = append(got, p.String())
	}
	want := []string{`{regular-file, "a.txt"}`, `{regular-file, "b.txt"}`, `{symbolic-link, "parent.cleanup"}`}
	if !slices.Equal(got, want) {
		t.Errorf("entries %v, want %v", got, want)
	}
	s.want("mkdir child", s.do("create-directory-at", str("child.cleanup")), "")
	child := s.ok(fsT+"[method]descriptor.open-at", borrow(s.dir), flags(), str("child.cleanup"), flags("directory"), flags("mutate-directory"))
	s.want("create x", s.do("open-at", flags(), str("x.cleanup"), flags("create", "exclusive"), flags("read")), "")
	s.want("child open ../x", s.errCase(fsT+"[method]descriptor.open-at", borrow(child), flags(), str("../x.cleanup"), flags(), flags("read")), "not-permitted")
}
