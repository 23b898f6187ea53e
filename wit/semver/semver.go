// Package semver parses, orders and matches semantic versions
// (https://semver.org) as used in WIT package names and component import
// names.
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

// Parse parses "MAJOR.MINOR.PATCH[-PRE][+BUILD]".
func Parse(s string) (Version, error) {
	var v Version
	rest := s
	if i := strings.IndexByte(rest, '+'); i >= 0 {
		v.Build = rest[i+1:]
		rest = rest[:i]
		if err := checkIdents(v.Build, "build metadata", false); err != nil {
			return Version{}, err
		}
	}
	if i := strings.IndexByte(rest, '-'); i >= 0 {
		v.Pre = rest[i+1:]
		rest = rest[:i]
		if err := checkIdents(v.Pre, "pre-release version", true); err != nil {
			return Version{}, err
		}
	}
	parts := strings.Split(rest, ".")
	if len(parts) != 3 {
		return Version{}, fmt.Errorf("unexpected end of input while parsing version %q: expected MAJOR.MINOR.PATCH", s)
	}
	names := [3]string{"major", "minor", "patch"}
	var nums [3]uint64
	for i, p := range parts {
		n, err := parseNumber(p, names[i]+" version number")
		if err != nil {
			return Version{}, err
		}
		nums[i] = n
	}
	v.Major, v.Minor, v.Patch = nums[0], nums[1], nums[2]
	return v, nil
}

func parseNumber(p, what string) (uint64, error) {
	if p == "" {
		return 0, fmt.Errorf("empty %s", what)
	}
	for _, c := range p {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("unexpected character %q in %s", c, what)
		}
	}
	if len(p) > 1 && p[0] == '0' {
		return 0, fmt.Errorf("invalid leading zero in %s", what)
	}
	n, err := strconv.ParseUint(p, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("value of %s exceeds u64::MAX", what)
	}
	return n, nil
}

func checkIdents(s, what string, noLeadingZero bool) error {
	for _, id := range strings.Split(s, ".") {
		if id == "" {
			return fmt.Errorf("empty identifier segment in %s", what)
		}
		numeric := true
		for _, c := range id {
			switch {
			case c >= '0' && c <= '9':
			case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-':
				numeric = false
			default:
				return fmt.Errorf("unexpected character %q in %s", c, what)
			}
		}
		if noLeadingZero && numeric && len(id) > 1 && id[0] == '0' {
			return fmt.Errorf("invalid leading zero in %s identifier", what)
		}
	}
	return nil
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
