package wasip2

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/weftwasm/weft/value"
)

// benchHost is a testHost for benchmarks: no per-call result checks.
func benchFunc(b *testing.B, h *Host, name string) func(...value.Value) []value.Value {
	b.Helper()
	for _, f := range h.Funcs() {
		if f.Interface+"#"+f.Name == name {
			return func(args ...value.Value) []value.Value {
				res, err := f.Call(context.Background(), args)
				if err != nil {
					b.Fatal(err)
				}
				return res
			}
		}
	}
	b.Fatalf("no %s", name)
	return nil
}

func BenchmarkStdoutWrite4K(b *testing.B) {
	h, err := New(Config{}.WithStdout(io.Discard))
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	out := benchFunc(b, h, "wasi:cli/stdout#get-stdout")()[0]
	write := benchFunc(b, h, "wasi:io/streams#[method]output-stream.blocking-write-and-flush")
	data := bytesValue(make([]byte, 4096))
	b.SetBytes(4096)
	b.ReportAllocs()
	for b.Loop() {
		write(borrow(out), data)
	}
}

func BenchmarkFileRead64K(b *testing.B) {
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "f"), make([]byte, 64<<10), 0o644); err != nil {
		b.Fatal(err)
	}
	h, err := New(Config{}.WithPreopen(dir, "/", true))
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	root := benchFunc(b, h, "wasi:filesystem/preopens#get-directories")()[0].Elems()[0].Elems()[0]
	r := benchFunc(b, h, "wasi:filesystem/types#[method]descriptor.open-at")(borrow(root), value.Flags(), value.String("f"), value.Flags(), value.Flags("read"))[0]
	fd, _ := r.Payload()
	read := benchFunc(b, h, "wasi:filesystem/types#[method]descriptor.read")
	b.SetBytes(64 << 10)
	b.ReportAllocs()
	for b.Loop() {
		read(borrow(fd), value.U64(64<<10), value.U64(0))
	}
}

func BenchmarkPollReady(b *testing.B) {
	h, err := New(Config{})
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	p := benchFunc(b, h, "wasi:clocks/monotonic-clock#subscribe-duration")(value.U64(0))[0]
	poll := benchFunc(b, h, "wasi:io/poll#poll")
	list := value.List(borrow(p))
	b.ReportAllocs()
	for b.Loop() {
		poll(list)
	}
}
