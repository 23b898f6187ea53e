package main

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkRunHelloVsWazero times `weft run` of the hello-world command
// component against `wazero run` of the same C program as a wasip1 module
// (testdata/components/hello-p1), both as fresh processes from a warm
// compilation cache, alternating so that both see the same machine load.
// It reports the wall time of each per run and their ratio (weft/wazero):
//
//	go test ./cmd/weft -run '^$' -bench RunHelloVsWazero -benchtime 50x
//
// Both binaries are built first: weft from this package, wazero's CLI
// from the wazero module in go.mod (v1.12.0).
func BenchmarkRunHelloVsWazero(b *testing.B) {
	dir := b.TempDir()
	weftBin, wazeroBin := filepath.Join(dir, "weft"), filepath.Join(dir, "wazero")
	for _, build := range [][]string{
		{"build", "-o", weftBin, "."},
		{"build", "-o", wazeroBin, "github.com/tetratelabs/wazero/cmd/wazero"},
	} {
		if out, err := exec.Command("go", build...).CombinedOutput(); err != nil {
			b.Fatalf("go %v: %v\n%s", build, err, out)
		}
	}
	hello := filepath.Join("..", "..", "testdata", "components", "hello-p1")
	weftCmd := []string{weftBin, "run", "--cache", filepath.Join(dir, "weft-cache"), filepath.Join(hello, "hello-p1.wasm")}
	wazeroCmd := []string{wazeroBin, "run", "-cachedir", filepath.Join(dir, "wazero-cache"), filepath.Join(hello, "hello.wasm")}
	run := func(argv []string) time.Duration {
		var out bytes.Buffer
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Stdout = &out
		start := time.Now()
		if err := cmd.Run(); err != nil || out.String() != "hello, world\n" {
			b.Fatalf("%v: %v, output %q", argv, err, out.String())
		}
		return time.Since(start)
	}
	run(weftCmd) // fill both caches
	run(wazeroCmd)
	var weftT, wazeroT time.Duration
	b.ResetTimer()
	for b.Loop() {
		weftT += run(weftCmd)
		wazeroT += run(wazeroCmd)
	}
	n := float64(b.N)
	b.ReportMetric(float64(weftT.Microseconds())/n/1000, "weft-ms/run")
	b.ReportMetric(float64(wazeroT.Microseconds())/n/1000, "wazero-ms/run")
	b.ReportMetric(float64(weftT)/float64(wazeroT), "ratio")
}
