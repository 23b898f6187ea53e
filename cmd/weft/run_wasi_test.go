package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The command components these tests run (see testdata/components).
var (
	cliC    = filepath.Join("..", "..", "testdata", "components", "cli-c", "cli-c.wasm")
	exitWat = filepath.Join("..", "..", "testdata", "components", "exit-wat", "exit-wat.wasm")
)

// guestRun is one weft run: flags and arguments, what it is fed and what
// came out.
type guestRun struct {
	t     *testing.T
	cache string
}

func newGuestRun(t *testing.T) *guestRun {
	return &guestRun{t: t, cache: "--cache=" + t.TempDir()}
}

// run runs weft run with args (the cache flag first) and stdin.
func (g *guestRun) run(stdin string, args ...string) (code int, stdout, stderr string) {
	g.t.Helper()
	var out, errb bytes.Buffer
	all := append([]string{"run", g.cache}, args...)
	code = runMain(context.Background(), &cliEnv{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb}, all)
	return code, out.String(), errb.String()
}

// expect checks the exit code, that stdout is exactly stdout, and that
// stderr contains stderr.
func (g *guestRun) expect(code int, stdout, stderr string, args ...string) {
	g.t.Helper()
	c, o, e := g.run("", args...)
	if c != code || o != stdout || !strings.Contains(e, stderr) {
		g.t.Errorf("weft run %s: exit %d, stdout %q, stderr %q; want exit %d, stdout %q, stderr containing %q",
			strings.Join(args, " "), c, o, e, code, stdout, stderr)
	}
}

func TestRunCommandCliC(t *testing.T) {
	g := newGuestRun(t)
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "greeting.txt"), []byte("hi from a preopen\n"), 0o644))
	must(t, os.Mkdir(filepath.Join(dir, "sub"), 0o755))
	g.expect(0, "hello from C\n", "", cliC, "hello")
	g.expect(0, "hi from a preopen\n", "", "--dir", dir+"::/data", cliC, "cat", "/data/greeting.txt")
	g.expect(0, "hi from a preopen\n", "", "--dir-ro", dir+"::/", cliC, "cat", "/greeting.txt")
	g.expect(0, "greeting.txt\nsub\n", "", "--dir-ro", dir+"::/d", cliC, "ls", "/d")
	g.expect(0, "", "", cliC, "exit", "0")
	// The preview1 adapter maps every non-zero proc_exit code to
	// wasi:cli/exit.exit(err), which is status 1.
	g.expect(1, "", "", cliC, "exit", "7")
	if c, o, _ := g.run("piped\ninput\n", cliC, "stdin"); c != 0 || o != "piped\ninput\n" {
		t.Errorf("stdin: exit %d, stdout %q", c, o)
	}
	// Usage errors: the guest's own message and status (2, mapped to 1).
	g.expect(1, "", "usage: cli-c", cliC, "bogus")
}

func TestRunCommandExitCodes(t *testing.T) {
	g := newGuestRun(t)
	g.expect(7, "", "", exitWat, "7")
	g.expect(0, "", "", exitWat, "0")
	g.expect(255, "", "", exitWat, "255")
	g.expect(44, "", "", exitWat, "300")
	g.expect(1, "", "", exitWat) // run returns err
	g.expect(134, "", "wasm trap: unreachable", exitWat, "trap")
	// --invoke links the same WASI host: run() called directly.
	g.expect(0, "err\n", "", "--invoke", "run()", exitWat)
	g.expect(9, "", "", "--invoke", "run()", exitWat, "9")
	g.expect(0, "hello from C\nok\n", "", "--invoke", "wasi:cli/run.run()", cliC, "hello")
	g.expect(0, "hello from C\nok\n", "", "--invoke", "wasi:cli/run.run@0.2.12()", cliC, "hello")
	g.expect(1, "", "no export", "--invoke", "wasi:cli/run.run@0.2.11()", cliC, "hello")
}

func TestRunCommandInterrupted(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	var out, errb bytes.Buffer
	code := runMain(ctx, &cliEnv{stdin: strings.NewReader(""), stdout: &out, stderr: &errb},
		[]string{"run", "--cache=" + t.TempDir(), exitWat, "loop"})
	if code != exitInterrupted || !strings.Contains(errb.String(), "interrupted") {
		t.Fatalf("a spinning guest, interrupted: exit %d, stderr %q", code, errb.String())
	}
}

func TestRunCommandStreamsOutput(t *testing.T) {
	dir := t.TempDir()
	big := bytes.Repeat([]byte("0123456789abcdef"), 16<<10) // 256 KiB
	must(t, os.WriteFile(filepath.Join(dir, "big"), big, 0o644))
	w := &countingWriter{}
	var errb bytes.Buffer
	code := runMain(context.Background(), &cliEnv{stdin: strings.NewReader(""), stdout: w, stderr: &errb},
		[]string{"run", "--cache=" + t.TempDir(), "--dir-ro", dir + "::/", cliC, "cat", "/big"})
	if code != 0 || !bytes.Equal(w.buf.Bytes(), big) {
		t.Fatalf("exit %d, %d bytes out (want %d), stderr %q", code, w.buf.Len(), len(big), errb.String())
	}
	// Written as the guest writes, not collected until it exits.
	if w.writes < 4 {
		t.Errorf("256 KiB reached stdout in %d writes; the output is not streamed", w.writes)
	}
}

type countingWriter struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	writes int
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.writes++
	return w.buf.Write(p)
}

func TestRunSandboxFilesystem(t *testing.T) {
	g := newGuestRun(t)
	root := t.TempDir()
	dir := filepath.Join(root, "granted")
	must(t, os.Mkdir(dir, 0o755))
	must(t, os.WriteFile(filepath.Join(root, "secret.txt"), []byte("outside\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "inside.txt"), []byte("inside\n"), 0o644))
	must(t, os.Symlink("/etc/passwd", filepath.Join(dir, "passwd")))
	must(t, os.Symlink("../secret.txt", filepath.Join(dir, "up-file")))
	must(t, os.Symlink("..", filepath.Join(dir, "up-dir")))
	must(t, os.Symlink(root, filepath.Join(dir, "abs-dir")))

	// Nothing granted: no file at all, not even /etc/passwd.
	g.expect(1, "", "open /etc/passwd", cliC, "cat", "/etc/passwd")
	// The granted directory is readable (so the refusals below are the
	// sandbox's, not a broken setup)...
	g.expect(0, "inside\n", "", "--dir", dir+"::/", cliC, "cat", "/inside.txt")
	// ...but nothing outside it, by any path or link.
	for _, p := range []string{"/etc/passwd", "/../secret.txt", "/../../../../etc/passwd",
		"/passwd", "/up-file", "/up-dir/secret.txt", "/abs-dir/secret.txt"} {
		g.expect(1, "", "open "+p, "--dir", dir+"::/", cliC, "cat", p)
	}
	g.expect(1, "", "open /data/../secret.txt", "--dir", dir+"::/data", cliC, "cat", "/data/../secret.txt")
	g.expect(1, "", "", "--dir", dir+"::/", cliC, "ls", "/up-dir")
	// Writing through a link out of the preopen fails and changes nothing.
	g.expect(1, "", "", "--dir", dir+"::/", cliC, "write", "/up-file", "pwned")
	if b, _ := os.ReadFile(filepath.Join(root, "secret.txt")); string(b) != "outside\n" {
		t.Errorf("a file outside the preopen was changed: %q", b)
	}
	// Read-only preopens refuse writes; read-write ones take them.
	g.expect(1, "", "", "--dir-ro", dir+"::/", cliC, "write", "/new.txt", "text")
	if _, err := os.Stat(filepath.Join(dir, "new.txt")); err == nil {
		t.Errorf("a read-only preopen was written to")
	}
	g.expect(0, "", "", "--dir", dir+"::/", cliC, "write", "/new.txt", "text")
	if b, err := os.ReadFile(filepath.Join(dir, "new.txt")); err != nil || string(b) != "text" {
		t.Errorf("write through a read-write preopen: %q, %v", b, err)
	}
}

func TestRunSandboxEnvironment(t *testing.T) {
	g := newGuestRun(t)
	t.Setenv("WEFT_TEST_SECRET", "s3cret")
	g.expect(0, "unset\n", "", cliC, "env", "WEFT_TEST_SECRET")
	g.expect(0, "unset\n", "", "--env", "OTHER=1", cliC, "env", "WEFT_TEST_SECRET")
	g.expect(0, "unset\n", "", "--env", "WEFT_TEST_UNSET_VAR", cliC, "env", "WEFT_TEST_UNSET_VAR")
	g.expect(0, "s3cret\n", "", "--env", "WEFT_TEST_SECRET", cliC, "env", "WEFT_TEST_SECRET")
	g.expect(0, "s3cret\n", "", "--inherit-env", cliC, "env", "WEFT_TEST_SECRET")
	g.expect(0, "given\n", "", "--inherit-env", "--env", "WEFT_TEST_SECRET=given", cliC, "env", "WEFT_TEST_SECRET")
}

func TestRunSandboxNetwork(t *testing.T) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Skipf("no loopback TCP: %v", err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	port := fmt.Sprint(ln.Addr().(*net.TCPAddr).Port)
	target := "127.0.0.1:" + port
	g := newGuestRun(t)
	connect := []string{cliC, "connect", "127.0.0.1", port}
	denied := func(flags ...string) {
		t.Helper()
		c, o, e := g.run("", append(flags, connect...)...)
		if c != 1 || !strings.Contains(o+e, "access-denied") {
			t.Errorf("connect with %q: exit %d, output %q %q; want access-denied", flags, c, o, e)
		}
	}
	denied()
	denied("--udp")
	denied("--allow-net", "127.0.0.1:1")
	denied("--allow-net", "10.0.0.0/8")
	denied("--allow-udp", target)
	for _, flags := range [][]string{{"--tcp"}, {"--allow-net", target}, {"--allow-tcp", "127.0.0.0/8"}} {
		g.expect(0, "connected to "+target+"\n", "", append(flags, connect...)...)
	}
}

func TestRunCommandErrors(t *testing.T) {
	g := newGuestRun(t)
	g.expect(2, "", "bad port", "--allow-net", "127.0.0.1:http", cliC, "hello")
	g.expect(1, "", "preopen", "--dir", filepath.Join(t.TempDir(), "missing"), cliC, "hello")
	calc := filepath.Join("..", "..", "examples", "calculator", "calculator.wasm")
	g.expect(1, "", "no wasi:cli/run", calc)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestLineEndWriter(t *testing.T) {
	var b bytes.Buffer
	l := &lineEndWriter{w: &b}
	l.endLine() // nothing written: nothing to end
	l.Write([]byte("guest says"))
	l.endLine()
	l.Write([]byte("whole line\n"))
	l.endLine()
	if got := b.String(); got != "guest says\nwhole line\n" {
		t.Fatalf("%q", got)
	}
}
