package wasip2

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/weftwasm/weft/value"
	"github.com/weftwasm/weft/wit"
)

// sharedDir finds ../shared beside the repository root.
func sharedDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("no go.mod above the test directory")
		}
		dir = parent
	}
	shared := filepath.Join(dir, "..", "shared")
	if _, err := os.Stat(shared); err != nil {
		t.Skipf("shared data not found at %s (expected beside the repository)", shared)
	}
	return shared
}

// loadWASI resolves the official WASI 0.2.12 WIT with package wit, all
// unstable features on.
func loadWASI(t *testing.T) *wit.Resolve {
	t.Helper()
	dir := filepath.Join(sharedDir(t), "wit", "wasi-0.2.12")
	r := wit.NewResolve().WithAllFeatures(true)
	// Each folder is one package; push them after the ones they use.
	for _, p := range []string{"io", "clocks", "random", "filesystem", "sockets", "cli"} {
		if _, err := r.PushPath(filepath.Join(dir, p)); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

// unversioned names an interface without its package version.
func unversioned(r *wit.Resolve, id wit.InterfaceID) string {
	name, _, _ := strings.Cut(r.InterfaceName(id), "@")
	return name
}

// witFuncs returns the type of every function of the WASI WIT, keyed
// "interface#name".
func witFuncs(t *testing.T) map[string]*value.FuncType {
	t.Helper()
	r := loadWASI(t)
	vt := r.ValueTypes()
	out := map[string]*value.FuncType{}
	for i := range r.Interfaces {
		iface := &r.Interfaces[i]
		name := unversioned(r, wit.InterfaceID(i))
		for fname, f := range iface.Functions.All() {
			ft, err := vt.Func(&f)
			if err != nil {
				t.Fatalf("%s#%s: %v", name, fname, err)
			}
			out[name+"#"+fname] = ft
		}
	}
	return out
}

// TestHandlersMatchWIT checks that the host has a handler for every
// function of the WASI WIT (wasi:cli/run aside, which the guest exports),
// nothing else, and that each handler declares exactly the WIT's parameter
// names and types and result type. Types are compared in their printed
// form, which names record fields, cases, flags and resources.
func TestHandlersMatchWIT(t *testing.T) {
	want := witFuncs(t)
	delete(want, "wasi:cli/run#run")
	th := newTestHost(t, Config{}.WithTimezone(time.UTC))
	for key, wt := range want {
		f, ok := th.funcs[key]
		if !ok {
			t.Errorf("no handler for %s", key)
			continue
		}
		if got, w := f.Type.String(), wt.String(); got != w {
			t.Errorf("%s:\n  handler %s\n  WIT     %s", key, got, w)
		}
	}
	var extra []string
	for k := range th.funcs {
		if _, ok := want[k]; !ok {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	if len(extra) > 0 {
		t.Errorf("handlers for functions the WIT does not have: %v", extra)
	}
	if len(want) < 120 {
		t.Errorf("the WIT has only %d functions; loading is broken", len(want))
	}
	t.Logf("%d WIT functions, all handled with their declared types", len(want))
}

func TestResourcesMatchWIT(t *testing.T) {
	r := loadWASI(t)
	want := map[string]bool{}
	for _, td := range r.Types {
		if td.Kind.Kind == wit.KindResource && td.Owner.Kind == wit.OwnerInterface {
			want[unversioned(r, td.Owner.Interface)+"#"+td.Name] = true
		}
	}
	th := newTestHost(t, Config{})
	got := map[string]bool{}
	for _, res := range th.h.Resources() {
		key := res.Interface + "#" + res.Name
		if res.Type.Name != res.Name || res.Drop == nil {
			t.Errorf("%s: type %q, drop %v", key, res.Type.Name, res.Drop != nil)
		}
		got[key] = true
		if !want[key] {
			t.Errorf("resource %s is not in the WIT", key)
		}
	}
	for key := range want {
		if !got[key] {
			t.Errorf("no resource %s", key)
		}
	}
	if len(want) < 14 {
		t.Errorf("the WIT has only %d resources; loading is broken", len(want))
	}
}

func TestTimezoneIsGated(t *testing.T) {
	th := newTestHost(t, Config{})
	if _, ok := th.funcs["wasi:clocks/timezone#display"]; ok {
		t.Fatal("timezone offered without WithTimezone")
	}
}
