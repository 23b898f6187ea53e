package wit

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// witBytes sums the sizes of the .wit files under path.
func witBytes(path string) int64 {
	var n int64
	filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".wit") {
			if st, err := os.Stat(p); err == nil {
				n += st.Size()
			}
		}
		return nil
	})
	return n
}

// BenchmarkResolveLargestCorpusCase parses and resolves the largest
// wit-corpus case (by WIT bytes, dependencies included) from disk.
func BenchmarkResolveLargestCorpusCase(b *testing.B) {
	_, cases := corpusCases(b)
	var best string
	var size int64
	for _, c := range cases {
		if n := witBytes(c); n > size {
			best, size = c, n
		}
	}
	b.Logf("largest case: %s (%d bytes)", best, size)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewResolve().PushPath(best); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkResolveCorpus parses and resolves every wit-corpus case.
func BenchmarkResolveCorpus(b *testing.B) {
	_, cases := corpusCases(b)
	var size int64
	for _, c := range cases {
		size += witBytes(c)
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range cases {
			if _, err := NewResolve().PushPath(c); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkResolveSource parses and resolves the largest corpus case from
// memory, without file system access.
func BenchmarkResolveSource(b *testing.B) {
	_, cases := corpusCases(b)
	var best string
	var size int64
	for _, c := range cases {
		if n := witBytes(c); n > size && strings.HasSuffix(c, ".wit") {
			best, size = c, n
		}
	}
	text, err := os.ReadFile(best)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewResolve().PushSource(best, string(text)); err != nil {
			b.Fatal(err)
		}
	}
}
