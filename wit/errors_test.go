package wit

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// TestErrorRendering checks the full rendered text of a few errors against
// golden files (testdata/errors/*.golden; regenerate with -update).
func TestErrorRendering(t *testing.T) {
	entries, err := os.ReadDir("testdata/errors")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".golden") {
			continue
		}
		input := filepath.ToSlash(filepath.Join("testdata/errors", e.Name()))
		t.Run(e.Name(), func(t *testing.T) {
			_, err := NewResolve().PushPath(input)
			if err == nil {
				t.Fatal("expected an error")
			}
			var werr *Error
			if !errors.As(err, &werr) {
				t.Fatalf("error %T is not a *wit.Error: %v", err, err)
			}
			if werr.File == "" || werr.Line == 0 || werr.Column == 0 {
				t.Errorf("error has no location: %+v", werr)
			}
			golden := strings.TrimSuffix(input, ".wit") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(err.Error()+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, rerr := os.ReadFile(golden)
			if rerr != nil {
				t.Fatalf("%v (run with -update to create it)", rerr)
			}
			if got := err.Error() + "\n"; got != string(want) {
				t.Errorf("rendered error:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}
