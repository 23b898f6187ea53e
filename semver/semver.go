// Package semver holds semantic versions (https://semver.org) and the
// component model's compatibility rule: parsing with the error messages of
// Rust's semver crate, ordering, and compatibility tracks ("1", "0.2",
// "0.0.3"), as used by WIT package names and component import names.
package semver

import (
	"fmt"
	"strconv"
	"strings"
)

// Version is a semantic version. The zero value is 0.0.0.
type Version struct {
	Major, Minor, Patch uint64
	Pre                 string // dot-separated pre-release identifiers, without '-'
	Build               string // dot-separated build metadata, without '+'
}

// SyntaxError is the error of [Parse]: Text is not a valid version because
// of Reason, worded like Rust's semver crate (e.g. "unexpected end of input
// while parsing minor version number").
type SyntaxError struct {
	Text   string
	Reason string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("`%s` is not a valid semver: %s", e.Text, e.Reason)
}

// Parse parses "MAJOR.MINOR.PATCH[-PRE][+BUILD]". Errors are *SyntaxError.
func Parse(s string) (Version, error) {
	bad := func(format string, args ...any) (Version, error) {
		return Version{}, &SyntaxError{Text: s, Reason: fmt.Sprintf(format, args...)}
	}
	if s == "" {
		return bad("empty string, expected a semver version")
	}
	var v Version
	nums := [3]*uint64{&v.Major, &v.Minor, &v.Patch}
	parts := [3]string{"major", "minor", "patch"}
	pos := 0
	for i, part := range parts {
		start := pos
		for pos < len(s) && s[pos] >= '0' && s[pos] <= '9' {
			pos++
		}
		if pos == start {
			if pos == len(s) {
				return bad("unexpected end of input while parsing %s version number", part)
			}
			return bad("unexpected character %q while parsing %s version number", s[pos], part)
		}
		if pos-start > 1 && s[start] == '0' {
			return bad("invalid leading zero in %s version number", part)
		}
		n, err := strconv.ParseUint(s[start:pos], 10, 64)
		if err != nil {
			return bad("value of %s version number exceeds u64::MAX", part)
		}
		*nums[i] = n
		if i < 2 {
			if pos == len(s) {
				return bad("unexpected end of input while parsing %s version number", parts[i+1])
			}
			if s[pos] != '.' {
				return bad("unexpected character %q after %s version number", s[pos], part)
			}
			pos++
		}
	}
	rest := s[pos:]
	if rest == "" {
		return v, nil
	}
	switch rest[0] {
	case '-':
		pre, build, hasBuild := strings.Cut(rest[1:], "+")
		if reason := checkIdents(pre, "pre-release", true); reason != "" {
			return bad("%s", reason)
		}
		v.Pre = pre
		if hasBuild {
			if reason := checkIdents(build, "build metadata", false); reason != "" {
				return bad("%s", reason)
			}
			v.Build = build
		}
		return v, nil
	case '+':
		if reason := checkIdents(rest[1:], "build metadata", false); reason != "" {
			return bad("%s", reason)
		}
		v.Build = rest[1:]
		return v, nil
	}
	return bad("unexpected character %q after patch version number", rest[0])
}

// checkIdents checks dot-separated identifiers of [0-9A-Za-z-]; numeric
// pre-release identifiers may not have leading zeros. It returns the reason
// s is invalid, or "".
func checkIdents(s, what string, noLeadingZero bool) string {
	for _, id := range strings.Split(s, ".") {
		if id == "" {
			return "empty identifier segment in " + what
		}
		if strings.Trim(id, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-") != "" {
			return "unexpected character in " + what
		}
		if noLeadingZero && len(id) > 1 && id[0] == '0' && strings.Trim(id, "0123456789") == "" {
			return "invalid leading zero in " + what + " identifier"
		}
	}
	return ""
}

// String formats the version.
func (v Version) String() string {
	s := fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch)
	if v.Pre != "" {
		s += "-" + v.Pre
	}
	if v.Build != "" {
		s += "+" + v.Build
	}
	return s
}

// Compare orders versions by precedence; build metadata breaks remaining ties
// so that the order is total. It returns -1, 0 or +1.
func Compare(a, b Version) int {
	for _, d := range [3][2]uint64{{a.Major, b.Major}, {a.Minor, b.Minor}, {a.Patch, b.Patch}} {
		if d[0] != d[1] {
			if d[0] < d[1] {
				return -1
			}
			return 1
		}
	}
	switch {
	case a.Pre == "" && b.Pre != "":
		return 1
	case a.Pre != "" && b.Pre == "":
		return -1
	}
	if c := compareIdents(a.Pre, b.Pre); c != 0 {
		return c
	}
	return compareIdents(a.Build, b.Build)
}

func compareIdents(a, b string) int {
	if a == b {
		return 0
	}
	if a == "" {
		return -1
	}
	if b == "" {
		return 1
	}
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		x, y := as[i], bs[i]
		xn, xerr := strconv.ParseUint(x, 10, 64)
		yn, yerr := strconv.ParseUint(y, 10, 64)
		switch {
		case xerr == nil && yerr == nil:
			if xn != yn {
				if xn < yn {
					return -1
				}
				return 1
			}
		case xerr == nil:
			return -1
		case yerr == nil:
			return 1
		default:
			if c := strings.Compare(x, y); c != 0 {
				return c
			}
		}
	}
	switch {
	case len(as) < len(bs):
		return -1
	case len(as) > len(bs):
		return 1
	}
	return 0
}

// Track returns the compatibility track of v as the component model defines
// it: "1" for 1.x.y, "0.2" for 0.2.y, "0.0.3" for 0.0.3, and the full version
// for pre-releases (which are compatible only with themselves).
func (v Version) Track() string {
	switch {
	case v.Pre != "":
		return v.String()
	case v.Major != 0:
		return strconv.FormatUint(v.Major, 10)
	case v.Minor != 0:
		return fmt.Sprintf("0.%d", v.Minor)
	}
	return fmt.Sprintf("0.0.%d", v.Patch)
}

// Compatible reports whether a and b are on the same compatibility track.
func Compatible(a, b Version) bool { return a.Track() == b.Track() }

// IsTrack reports whether s names a compatibility track the way the
// component model writes it in names (🔗 canonversion): "1", "0.2", "0.0.3",
// as [Version.Track] returns it for a release.
func IsTrack(s string) bool {
	full := s
	for range 2 - strings.Count(s, ".") {
		full += ".0"
	}
	v, err := Parse(full)
	return err == nil && v.Pre == "" && v.Build == "" && v.Track() == s
}
