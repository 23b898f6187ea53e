package wit

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/weftwasm/weft/internal/conformance"
)

type uiCase struct {
	input    string // relative to the suite root, e.g. tests/ui/foo.wit
	expected string
	fail     bool
}

func uiCases(t *testing.T, root string) []uiCase {
	var cases []uiCase
	for _, sub := range []string{"tests/ui", "tests/ui/parse-fail"} {
		entries, err := os.ReadDir(filepath.Join(root, sub))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() && name == "parse-fail" {
				continue
			}
			ext := filepath.Ext(name)
			if !e.IsDir() && ext != ".wit" && ext != ".wat" && ext != ".wasm" && ext != ".md" {
				continue
			}
			base := strings.TrimSuffix(name, ext)
			if e.IsDir() {
				base = name
			}
			c := uiCase{input: sub + "/" + name, fail: sub != "tests/ui"}
			if c.fail {
				c.expected = sub + "/" + base + ".wit.result"
			} else {
				c.expected = sub + "/" + base + ".wit.json"
			}
			cases = append(cases, c)
		}
	}
	sort.Slice(cases, func(i, j int) bool { return cases[i].input < cases[j].input })
	return cases
}

// runUICase resolves one case the way wit-parser's runner does, from the
// suite root as working directory.
func runUICase(root string, c uiCase) (string, error) {
	wd, _ := os.Getwd()
	if err := os.Chdir(root); err != nil {
		return "", err
	}
	defer os.Chdir(wd)
	r := NewResolve().WithFeatures("active")
	if _, err := r.PushPath(c.input); err != nil {
		return "", err
	}
	b, err := r.MarshalJSON()
	return string(b), err
}

func TestWitParserUI(t *testing.T) {
	root := conformance.Dir(t, "wit-parser-ui")
	cases := uiCases(t, root)
	var pass, total, failPass, failTotal, exactMsg, exactJSON int
	for _, c := range cases {
		want, err := os.ReadFile(filepath.Join(root, c.expected))
		if err != nil {
			t.Errorf("%s: %v", c.input, err)
			continue
		}
		got, err := runUICase(root, c)
		if c.fail {
			failTotal++
			if err == nil {
				t.Logf("FAIL %s: expected an error, got success", c.input)
				continue
			}
			wantLoc := locationLine(string(want))
			gotLoc := locationLine(err.Error())
			// Where wit-parser gives no location we may give one.
			if wantLoc != gotLoc && !(wantLoc == "" && gotLoc != "") {
				t.Logf("FAIL %s: location %q, want %q\n got: %s\nwant: %s", c.input, gotLoc, wantLoc, err, want)
				continue
			}
			failPass++
			if strings.TrimSpace(err.Error()) == strings.TrimSpace(string(want)) || wantLoc == "" && strings.HasPrefix(err.Error(), strings.TrimSpace(string(want))+"\n") {
				exactMsg++
			} else {
				t.Logf("message differs for %s:\n got: %s\nwant: %s", c.input, err, want)
			}
			continue
		}
		total++
		if err != nil {
			t.Logf("FAIL %s: %v", c.input, err)
			continue
		}
		var g, w any
		if err := json.Unmarshal([]byte(got), &g); err != nil {
			t.Errorf("%s: invalid JSON: %v", c.input, err)
			continue
		}
		if err := json.Unmarshal(want, &w); err != nil {
			t.Errorf("%s: %v", c.input, err)
			continue
		}
		if !reflect.DeepEqual(g, w) {
			t.Logf("FAIL %s: JSON differs", c.input)
			if os.Getenv("WIT_UI_DIFF") != "" {
				os.WriteFile("/tmp/got.json", []byte(got), 0o644)
				os.WriteFile("/tmp/want.json", want, 0o644)
			}
			continue
		}
		pass++
		if strings.TrimSpace(got) == strings.TrimSpace(strings.ReplaceAll(string(want), "\r\n", "\n")) {
			exactJSON++
		}
	}
	t.Logf("wit-parser-ui: success cases %d/%d equal (%d byte-identical); failure cases %d/%d located (%d with identical text)", pass, total, exactJSON, failPass, failTotal, exactMsg)
	if total == 0 || pass*100 < total*95 {
		t.Errorf("success cases: %d/%d pass, below the 95%% bar", pass, total)
	}
	if failPass != failTotal {
		t.Errorf("failure cases: %d/%d located correctly", failPass, failTotal)
	}
}

// locationLine returns the "path:line:col" of a rendered error, or "" when
// it has none.
func locationLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "--> ") {
			return strings.TrimPrefix(l, "--> ")
		}
	}
	return ""
}
