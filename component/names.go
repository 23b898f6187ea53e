package component

import (
	"errors"
	"fmt"
	"strings"
)

// NameKind classifies an import or export name.
type NameKind uint8

// The kinds of extern names. NameDependency, NameURL and NameHash are the
// `locked-dep=`/`unlocked-dep=`, `url=` and `integrity=` forms that older
// versions of Explainer.md defined and wasm-tools still accepts.
const (
	NameLabel       NameKind = iota + 1 // a-b-c
	NameConstructor                     // [constructor]r
	NameMethod                          // [method]r.m
	NameStatic                          // [static]r.m
	NameInterface                       // ns:pkg/iface@1.2.3
	NameDependency                      // locked-dep=<ns:pkg@1.0.0> or unlocked-dep=<ns:pkg@{>=1.0.0}>
	NameURL                             // url=<https://...>
	NameHash                            // integrity=<sha256-...>
)

// String names the kind, such as "interface".
func (k NameKind) String() string {
	switch k {
	case NameLabel:
		return "label"
	case NameConstructor:
		return "constructor"
	case NameMethod:
		return "method"
	case NameStatic:
		return "static"
	case NameInterface:
		return "interface"
	case NameDependency:
		return "dependency"
	case NameURL:
		return "url"
	case NameHash:
		return "hash"
	}
	return fmt.Sprintf("name-kind(%d)", uint8(k))
}

// ErrBadName is wrapped by every ParseExternName error.
var ErrBadName = errors.New("not a valid extern name")

// ParsedName is an extern name taken apart.
type ParsedName struct {
	Kind NameKind
	// Label is the plain label (NameLabel), or the function's label for
	// NameMethod and NameStatic.
	Label string
	// Resource is the resource label of NameConstructor, NameMethod and
	// NameStatic.
	Resource string
	// Namespaces, Package, Projections and Version describe a NameInterface
	// (or a dependency's package): "wasi:http/types@0.2.0" has Namespaces
	// ["wasi"], Package "http", Projections ["types"] and Version "0.2.0".
	Namespaces  []string
	Package     string
	Projections []string
	Version     string
	// Target is the text between <> of NameDependency, NameURL and NameHash;
	// Integrity the optional ",integrity=<...>" of the first two.
	Target, Integrity string
}

// Interface returns "ns:pkg/iface" without the version, for NameInterface.
func (p ParsedName) Interface() string {
	return strings.Join(p.Namespaces, ":") + ":" + p.Package + "/" + strings.Join(p.Projections, "/")
}

// ParseExternName parses an import or export name per the Explainer grammar
// (externname), accepting nested namespaces and projections (🪺) and the
// canonical versions of 🔗 ("@1", "@0.2"). Errors wrap ErrBadName.
func ParseExternName(name string) (ParsedName, error) {
	fail := func(format string, args ...any) (ParsedName, error) {
		return ParsedName{}, fmt.Errorf("%w: %q: %s", ErrBadName, name, fmt.Sprintf(format, args...))
	}
	resourceFunc := func(kind NameKind, rest string) (ParsedName, error) {
		r, f, ok := strings.Cut(rest, ".")
		if !ok {
			return fail("expected `.` between the resource and function labels")
		}
		if !isKebab(r) || !isKebab(f) {
			return fail("`%s` or `%s` is not in kebab case", r, f)
		}
		return ParsedName{Kind: kind, Resource: r, Label: f}, nil
	}
	switch {
	case strings.HasPrefix(name, "[constructor]"):
		r := name[len("[constructor]"):]
		if !isKebab(r) {
			return fail("`%s` is not in kebab case", r)
		}
		return ParsedName{Kind: NameConstructor, Resource: r}, nil
	case strings.HasPrefix(name, "[method]"):
		return resourceFunc(NameMethod, name[len("[method]"):])
	case strings.HasPrefix(name, "[static]"):
		return resourceFunc(NameStatic, name[len("[static]"):])
	case strings.HasPrefix(name, "locked-dep="), strings.HasPrefix(name, "unlocked-dep="),
		strings.HasPrefix(name, "url="), strings.HasPrefix(name, "integrity="):
		p, err := parseDependency(name)
		if err != nil {
			return fail("%v", err)
		}
		return p, nil
	case strings.Contains(name, ":"):
		p, err := parsePackagePath(name, true)
		if err != nil {
			return fail("%v", err)
		}
		p.Kind = NameInterface
		return p, nil
	}
	if !isKebab(name) {
		return fail("not in kebab case")
	}
	return ParsedName{Kind: NameLabel, Label: name}, nil
}

// parsePackagePath parses `ns:...:pkg(/proj)*(@version)?`.
func parsePackagePath(s string, requireProjection bool) (ParsedName, error) {
	var p ParsedName
	path, version, hasVersion := strings.Cut(s, "@")
	if hasVersion {
		if !isSemver(version) && !isCanonVersion(version) {
			return p, fmt.Errorf("`%s` is not a valid semver", version)
		}
		p.Version = version
	}
	pkgPart, projections, hasProj := strings.Cut(path, "/")
	parts := strings.Split(pkgPart, ":")
	if len(parts) < 2 {
		return p, errors.New("expected `namespace:package`")
	}
	for _, w := range parts {
		if !isWords(w) {
			return p, fmt.Errorf("`%s` is not lowercase kebab case", w)
		}
	}
	p.Namespaces, p.Package = parts[:len(parts)-1], parts[len(parts)-1]
	if !hasProj {
		if requireProjection {
			return p, errors.New("expected `/` after package name")
		}
		return p, nil
	}
	p.Projections = strings.Split(projections, "/")
	for _, l := range p.Projections {
		if !isKebab(l) {
			return p, fmt.Errorf("`%s` is not in kebab case", l)
		}
	}
	return p, nil
}

func parseDependency(name string) (ParsedName, error) {
	prefix, rest, _ := strings.Cut(name, "=")
	if !strings.HasPrefix(rest, "<") {
		return ParsedName{}, errors.New("expected `<`")
	}
	target, tail, ok := strings.Cut(rest[1:], ">")
	if prefix == "unlocked-dep" {
		// A version range such as @{>=1.0.0 <2.0.0} holds '>' itself; the
		// name ends at the last one.
		target, tail, ok = rest[1:len(rest)-1], "", strings.HasSuffix(rest, ">") && len(rest) > 1
	}
	if !ok {
		return ParsedName{}, errors.New("expected `>`")
	}
	p := ParsedName{Target: target}
	switch prefix {
	case "locked-dep", "unlocked-dep":
		p.Kind = NameDependency
		pkg := target
		if prefix == "unlocked-dep" {
			// The version range (@* or @{...}) is kept in Target only.
			pkg, _, _ = strings.Cut(target, "@")
		}
		pp, err := parsePackagePath(pkg, false)
		if err != nil {
			return p, err
		}
		p.Namespaces, p.Package, p.Projections, p.Version = pp.Namespaces, pp.Package, pp.Projections, pp.Version
	case "url":
		p.Kind = NameURL
		if strings.Contains(target, "<") {
			return p, errors.New("url cannot contain `<`")
		}
	default:
		p.Kind = NameHash
		if tail != "" {
			return p, errors.New("unexpected text after `>`")
		}
		return p, checkIntegrity(target)
	}
	if tail == "" {
		return p, nil
	}
	if prefix == "unlocked-dep" || !strings.HasPrefix(tail, ",integrity=<") || !strings.HasSuffix(tail, ">") {
		return p, fmt.Errorf("unexpected `%s`", tail)
	}
	p.Integrity = tail[len(",integrity=<") : len(tail)-1]
	return p, checkIntegrity(p.Integrity)
}

func checkIntegrity(s string) error {
	hashes := strings.Fields(s)
	if len(hashes) == 0 {
		return errors.New("integrity hash cannot be empty")
	}
	for _, h := range hashes {
		alg, rest, ok := strings.Cut(h, "-")
		if !ok || (alg != "sha256" && alg != "sha384" && alg != "sha512") {
			return fmt.Errorf("unrecognized hash algorithm in `%s`", h)
		}
		b64, _, _ := strings.Cut(rest, "?")
		if b64 == "" || strings.TrimRight(strings.TrimLeft(b64, base64Chars), "=") != "" {
			return fmt.Errorf("not valid base64: `%s`", b64)
		}
	}
	return nil
}

const base64Chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// isKebab reports whether s is a label: fragments joined by '-', each all
// lowercase ([a-z0-9]) or all uppercase ([A-Z0-9]), the first starting with a
// letter.
func isKebab(s string) bool {
	if s == "" {
		return false
	}
	for i, frag := range strings.Split(s, "-") {
		if frag == "" {
			return false
		}
		if i == 0 && !isLetter(frag[0]) {
			return false
		}
		lower, upper := true, true
		for j := 0; j < len(frag); j++ {
			c := frag[j]
			switch {
			case c >= 'a' && c <= 'z':
				upper = false
			case c >= 'A' && c <= 'Z':
				lower = false
			case c >= '0' && c <= '9':
			default:
				return false
			}
		}
		if !lower && !upper {
			return false
		}
	}
	return true
}

// isWords reports whether s is a lowercase-only label (namespaces, packages).
func isWords(s string) bool {
	return isKebab(s) && strings.ToLower(s) == s
}

func isLetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

// isSemver reports whether s is a valid semver 2.0.0 version.
func isSemver(s string) bool {
	core, build, hasBuild := strings.Cut(s, "+")
	if hasBuild && !identifiers(build, false) {
		return false
	}
	core, pre, hasPre := strings.Cut(core, "-")
	if hasPre && !identifiers(pre, true) {
		return false
	}
	nums := strings.Split(core, ".")
	if len(nums) != 3 {
		return false
	}
	for _, n := range nums {
		if !isNumeric(n) {
			return false
		}
	}
	return true
}

// isCanonVersion reports whether s is a 🔗 canonversion: "1", "0.2", "0.0.3"
// or "0.0.0".
func isCanonVersion(s string) bool {
	nums := strings.Split(s, ".")
	for _, n := range nums {
		if !isNumeric(n) {
			return false
		}
	}
	switch len(nums) {
	case 1:
		return nums[0] != "0"
	case 2:
		return nums[0] == "0" && nums[1] != "0"
	case 3:
		return nums[0] == "0" && nums[1] == "0"
	}
	return false
}

// isNumeric reports whether s is a number without leading zeros.
func isNumeric(s string) bool {
	if s == "" || (len(s) > 1 && s[0] == '0') {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// identifiers checks dot-separated semver identifiers; numeric ones may not
// have leading zeros in pre-release versions.
func identifiers(s string, pre bool) bool {
	for _, id := range strings.Split(s, ".") {
		if id == "" {
			return false
		}
		digits := true
		for i := 0; i < len(id); i++ {
			c := id[i]
			switch {
			case c >= '0' && c <= '9':
			case isLetter(c) || c == '-':
				digits = false
			default:
				return false
			}
		}
		if pre && digits && len(id) > 1 && id[0] == '0' {
			return false
		}
	}
	return true
}
