package semver

import (
	"errors"
	"testing"
)

func TestParseAndString(t *testing.T) {
	for _, s := range []string{"0.0.0", "1.2.3", "1.2.3-rc.1", "1.2.3+build.5", "1.0.0-alpha-1.0+001", "10.20.30"} {
		v, err := Parse(s)
		if err != nil {
			t.Errorf("Parse(%q): %v", s, err)
			continue
		}
		if v.String() != s {
			t.Errorf("Parse(%q).String() = %q", s, v)
		}
	}
	for _, s := range []string{"", "1", "1.2", "1.2.3.4", "01.2.3", "1.02.3", "1.2.3-", "1.2.3-01", "1.2.3-a..b", "1.2.3+", "1.2.x", "1.2.3-a$"} {
		if _, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) succeeded, want an error", s)
		}
	}
}

func TestCompare(t *testing.T) {
	// Ascending order per semver.org section 11.
	order := []string{"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0"}
	for i := range order {
		for j := range order {
			a, _ := Parse(order[i])
			b, _ := Parse(order[j])
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got := Compare(a, b); got != want {
				t.Errorf("Compare(%s, %s) = %d, want %d", a, b, got, want)
			}
		}
	}
}

func TestCompatible(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{"1.2.3", "1.9.0", true}, {"1.2.3", "2.0.0", false}, {"0.2.0", "0.2.7", true},
		{"0.2.0", "0.3.0", false}, {"0.0.1", "0.0.2", false}, {"1.0.0-rc.1", "1.0.0", false},
	}
	for _, c := range cases {
		a, _ := Parse(c.a)
		b, _ := Parse(c.b)
		if got := Compatible(a, b); got != c.want {
			t.Errorf("Compatible(%s, %s) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestParseMessages(t *testing.T) {
	for in, want := range map[string]string{
		"":                         "empty string, expected a semver version",
		".":                        "unexpected character '.' while parsing major version number",
		"1.":                       "unexpected end of input while parsing minor version number",
		"1.2":                      "unexpected end of input while parsing patch version number",
		"2.0x0":                    "unexpected character 'x' after minor version number",
		"01.0.0":                   "invalid leading zero in major version number",
		"1.0.0-":                   "empty identifier segment in pre-release",
		"1.0.0+":                   "empty identifier segment in build metadata",
		"1.0.0-01":                 "invalid leading zero in pre-release identifier",
		"1.0.0-a$":                 "unexpected character in pre-release",
		"1.0.0x":                   "unexpected character 'x' after patch version number",
		"99999999999999999999.0.0": "value of major version number exceeds u64::MAX",
	} {
		_, err := Parse(in)
		var se *SyntaxError
		if !errors.As(err, &se) || se.Reason != want || se.Text != in {
			t.Errorf("Parse(%q) = %v, want reason %q", in, err, want)
		}
	}
	if v, err := Parse("1.2.3-rc.1+b.01"); err != nil || v.Pre != "rc.1" || v.Build != "b.01" {
		t.Errorf("got %+v, %v", v, err)
	}
}

func TestIsTrack(t *testing.T) {
	for _, s := range []string{"1", "12", "0.2", "0.0.3", "0.0.0"} {
		if !IsTrack(s) {
			t.Errorf("IsTrack(%q) = false", s)
		}
	}
	for _, s := range []string{"", "0", "01", "1.0", "1.2", "0.0", "0.2.1", "1.0.0", "0.0.1-rc", "1.", "0.2.0.0", "x"} {
		if IsTrack(s) {
			t.Errorf("IsTrack(%q) = true", s)
		}
	}
}
