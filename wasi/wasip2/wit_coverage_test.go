package wasip2

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
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

// witFunc is one function scanned from the WIT text.
type witFunc struct {
	key    string   // "wasi:io/streams#[method]input-stream.read"
	params []string // parameter names (without self)
}

// scanWIT lists the functions of every interface in the WIT files of dir,
// by a small scanner of its own: package, interface and resource blocks
// and "name: func(params)" items.
func scanWIT(t *testing.T, dir string) []witFunc {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*", "*.wit"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no WIT files in %s", dir)
	}
	var out []witFunc
	for _, file := range files {
		if strings.Contains(file, string(filepath.Separator)+"http"+string(filepath.Separator)) {
			continue // wasi:http is not part of this host
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, l := range strings.Split(string(b), "\n") {
			l = strings.TrimSpace(l)
			if strings.HasPrefix(l, "//") || strings.HasPrefix(l, "@") {
				continue
			}
			lines = append(lines, l)
		}
		text := strings.Join(lines, " ")
		// A package's files need not all repeat the package line; the
		// directory names the package.
		pkg := "wasi:" + filepath.Base(filepath.Dir(file))
		var iface, resource string
		depth, resDepth := 0, -1
		toks := strings.Fields(strings.NewReplacer("{", " { ", "}", " } ", ";", " ; ").Replace(text))
		for i := 0; i < len(toks); i++ {
			tok := toks[i]
			switch {
			case tok == "{":
				depth++
			case tok == "}":
				depth--
				if depth == resDepth {
					resource, resDepth = "", -1
				}
			case tok == "interface" && depth == 0:
				iface = pkg + "/" + toks[i+1]
			case tok == "world" && depth == 0:
				iface = ""
			case tok == "resource" && iface != "":
				if toks[i+2] == "{" {
					resource, resDepth = toks[i+1], depth
				}
			case iface != "" && strings.HasSuffix(tok, ":") && i+1 < len(toks) && (strings.HasPrefix(toks[i+1], "func(") || toks[i+1] == "static"):
				name := strings.TrimPrefix(strings.TrimSuffix(tok, ":"), "%")
				j := i + 1
				kind := "[method]"
				if toks[j] == "static" {
					kind, j = "[static]", j+1
				}
				sig := strings.Join(toks[j:], " ")
				sig = sig[len("func("):]
				params := paramNames(sig)
				key := iface + "#" + name
				if resource != "" {
					key = iface + "#" + kind + resource + "." + name
				}
				out = append(out, witFunc{key, params})
			}
		}
	}
	return out
}

// paramNames returns the names of the parameters at the start of s, which
// follows the opening parenthesis of func(.
func paramNames(s string) []string {
	depth := 0
	end := 0
	for i, c := range s {
		if c == '<' || c == '(' {
			depth++
		}
		if c == '>' {
			depth--
		}
		if c == ')' {
			if depth == 0 {
				end = i
				break
			}
			depth--
		}
	}
	var names []string
	depth = 0
	start := 0
	inner := s[:end]
	for i := 0; i <= len(inner); i++ {
		if i < len(inner) && (inner[i] == '<' || inner[i] == '(') {
			depth++
		}
		if i < len(inner) && (inner[i] == '>' || inner[i] == ')') {
			depth--
		}
		if i == len(inner) || (inner[i] == ',' && depth == 0) {
			part := strings.TrimSpace(inner[start:i])
			if name, _, ok := strings.Cut(part, ":"); ok {
				names = append(names, strings.TrimPrefix(strings.TrimSpace(name), "%"))
			}
			start = i + 1
		}
	}
	return names
}

func TestEveryWITFunctionHasAHandler(t *testing.T) {
	wit := scanWIT(t, filepath.Join(sharedDir(t), "wit", "wasi-0.2.12"))
	th := newTestHost(t, Config{}.WithTimezone(time.UTC))
	seen := map[string]bool{}
	for _, wf := range wit {
		if wf.key == "wasi:cli/run#run" {
			continue // exported by the guest, not imported
		}
		seen[wf.key] = true
		f, ok := th.funcs[wf.key]
		if !ok {
			t.Errorf("no handler for %s", wf.key)
			continue
		}
		var got []string
		for i, p := range f.Type.Params {
			if i == 0 && p.Name == "self" && strings.Contains(wf.key, "[method]") {
				continue
			}
			got = append(got, p.Name)
		}
		if strings.Join(got, ",") != strings.Join(wf.params, ",") {
			t.Errorf("%s: parameters %v, WIT says %v", wf.key, got, wf.params)
		}
	}
	var extra []string
	for k := range th.funcs {
		if !seen[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	if len(extra) > 0 {
		t.Errorf("handlers for functions the WIT does not have: %v", extra)
	}
	if len(wit) < 120 {
		t.Errorf("scanned only %d WIT functions; the scanner is broken", len(wit))
	}
	t.Logf("%d WIT functions, all handled", len(wit))
}

func TestTimezoneIsGated(t *testing.T) {
	th := newTestHost(t, Config{})
	if _, ok := th.funcs["wasi:clocks/timezone#display"]; ok {
		t.Fatal("timezone offered without WithTimezone")
	}
}
