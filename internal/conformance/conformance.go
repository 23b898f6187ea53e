// Package conformance locates the shared conformance suites that tests read
// from ../shared/conformance beside the repository checkout.
//
//	dir := conformance.Dir(t, "component-model") // skips t when absent
package conformance

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the absolute path of ../shared/conformance/<suite> relative to
// the module root (the first directory above the working directory that holds
// go.mod). When the suite is absent it skips t with a message saying where it
// was looked for, so a checkout without the shared data still tests green.
func Dir(t testing.TB, suite string) string {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Skipf("conformance suite %s: %v", suite, err)
	}
	p := filepath.Join(root, "..", "shared", "conformance", suite)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("conformance suite %s is absent (looked for %s); skipping", suite, p)
	}
	return p
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Abs(dir)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
