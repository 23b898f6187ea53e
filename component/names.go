package component

import (
	"errors"
	"fmt"
	"strings"

	"github.com/weftwasm/weft/semver"
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
	p, err := parseExternName(name, true)
	if err == nil && p.Kind == NameInterface {
		if v, ok := interfaceVersionText(name); ok && !semver.IsTrack(v) {
			_, err = semver.Parse(v)
		}
	}
	if err != nil {
		return ParsedName{}, fmt.Errorf("%w: %q: %v", ErrBadName, name, err)
	}
	return p, nil
}

// interfaceVersionText returns the text after the '@' of an interface name.
func interfaceVersionText(name string) (string, bool) {
	_, v, ok := strings.Cut(name, "@")
	return v, ok
}

// parseExternName classifies and checks an extern name the way wasmparser's
// ComponentNameParser does, with its messages. nested enables the 🪺 nested
// namespaces and projections, and 🔗 compatibility tracks as dependency
// versions. The version of an interface name is not checked: the validator
// checks it together with a versionsuffix attribute.
func parseExternName(name string, nested bool) (ParsedName, error) {
	p := &nameParser{next: name, nested: nested}
	var out ParsedName
	var err error
	switch {
	case p.eat("[constructor]"):
		out.Kind = NameConstructor
		out.Resource, err = p.expectKebab()
	case p.eat("[method]"), p.eat("[static]"):
		out.Kind = NameMethod
		if strings.HasPrefix(name, "[static]") {
			out.Kind = NameStatic
		}
		if out.Resource, err = p.takeUntil('.'); err != nil {
			break
		}
		if !isKebab(out.Resource) {
			err = kebabErr(out.Resource)
			break
		}
		out.Label, err = p.expectKebab()
	case p.eat("unlocked-dep="):
		out.Kind = NameDependency
		err = p.unlockedDep(&out)
	case p.eat("locked-dep="):
		out.Kind = NameDependency
		err = p.lockedDep(&out)
	case p.eat("url="):
		out.Kind = NameURL
		err = p.url(&out)
	case p.eat("integrity="):
		out.Kind = NameHash
		if err = p.expect("<"); err == nil {
			if out.Target, err = p.hash(); err == nil {
				err = p.expect(">")
			}
		}
	case strings.Contains(name, ":"):
		out.Kind = NameInterface
		err = p.pkgName(&out, true)
	default:
		out.Kind = NameLabel
		out.Label, err = p.expectKebab()
	}
	if err == nil && p.next != "" {
		err = fmt.Errorf("trailing characters found: `%s`", p.next)
	}
	return out, err
}

// nameParser consumes an extern name from the front.
type nameParser struct {
	next   string
	nested bool
}

func (p *nameParser) eat(prefix string) bool {
	if strings.HasPrefix(p.next, prefix) {
		p.next = p.next[len(prefix):]
		return true
	}
	return false
}

func (p *nameParser) expect(prefix string) error {
	if !p.eat(prefix) {
		return fmt.Errorf("expected `%s` at `%s`", prefix, p.next)
	}
	return nil
}

func kebabErr(s string) error { return fmt.Errorf("`%s` is not in kebab case", s) }

func (p *nameParser) expectKebab() (string, error) {
	s := p.next
	p.next = ""
	if !isKebab(s) {
		return "", kebabErr(s)
	}
	return s, nil
}

func (p *nameParser) takeKebab() (string, error) {
	i := strings.IndexFunc(p.next, func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')
	})
	if i < 0 {
		return p.expectKebab()
	}
	s := p.next[:i]
	p.next = p.next[i:]
	if !isKebab(s) {
		return "", kebabErr(s)
	}
	return s, nil
}

func (p *nameParser) takeLowerKebab() (string, error) {
	s, err := p.takeKebab()
	if err != nil {
		return "", err
	}
	for _, c := range s {
		if c >= 'A' && c <= 'Z' {
			return "", fmt.Errorf("character `%c` is not lowercase in package name/namespace", c)
		}
	}
	return s, nil
}

// takeUntil returns the text before c and consumes c too.
func (p *nameParser) takeUntil(c byte) (string, error) {
	s, err := p.takeUpTo(c)
	if err == nil {
		p.next = p.next[1:]
	}
	return s, err
}

// takeUpTo returns the text before c, leaving c.
func (p *nameParser) takeUpTo(c byte) (string, error) {
	i := strings.IndexByte(p.next, c)
	if i < 0 {
		return "", fmt.Errorf("failed to find `%c` character", c)
	}
	s := p.next[:i]
	p.next = p.next[i:]
	return s, nil
}

// target runs parse on the text after `<` and records what it consumed as
// out.Target.
func (p *nameParser) target(out *ParsedName, parse func() error) error {
	if err := p.expect("<"); err != nil {
		return err
	}
	start := p.next
	if err := parse(); err != nil {
		return err
	}
	out.Target = start[:len(start)-len(p.next)]
	return p.expect(">")
}

func (p *nameParser) unlockedDep(out *ParsedName) error {
	return p.target(out, func() error {
		if err := p.pkgPath(out, false); err != nil {
			return err
		}
		if !p.eat("@") || p.eat("*") {
			return nil
		}
		if err := p.expect("{"); err != nil {
			return err
		}
		r, err := p.takeUntil('}')
		if err != nil {
			return err
		}
		return semverRange(r)
	})
}

func (p *nameParser) lockedDep(out *ParsedName) error {
	if err := p.target(out, func() error { return p.pkgName(out, false) }); err != nil {
		return err
	}
	return p.optionalHash(out)
}

func (p *nameParser) url(out *ParsedName) error {
	err := p.target(out, func() error {
		u, err := p.takeUpTo('>')
		if err == nil && strings.Contains(u, "<") {
			err = errors.New("url cannot contain `<`")
		}
		return err
	})
	if err != nil {
		return err
	}
	return p.optionalHash(out)
}

func (p *nameParser) optionalHash(out *ParsedName) error {
	if !p.eat(",") {
		return nil
	}
	if err := p.expect("integrity=<"); err != nil {
		return err
	}
	var err error
	if out.Integrity, err = p.hash(); err != nil {
		return err
	}
	return p.expect(">")
}

// hash parses the integrity metadata up to `>`: space-separated
// sha256/sha384/sha512 hashes in base64, each with optional ?options.
func (p *nameParser) hash() (string, error) {
	integrity, err := p.takeUpTo('>')
	if err != nil {
		return "", err
	}
	fields := strings.Fields(integrity)
	if len(fields) == 0 {
		return "", errors.New("integrity hash cannot be empty")
	}
	for _, h := range fields {
		rest, ok := strings.CutPrefix(h, "sha256")
		if !ok {
			if rest, ok = strings.CutPrefix(h, "sha384"); !ok {
				if rest, ok = strings.CutPrefix(h, "sha512"); !ok {
					return "", fmt.Errorf("unrecognized hash algorithm: `%s`", h)
				}
			}
		}
		rest, ok = strings.CutPrefix(rest, "-")
		if !ok {
			return "", fmt.Errorf("expected `-` after hash algorithm: %s", h)
		}
		if i := strings.IndexByte(rest, '?'); i >= 0 {
			rest = rest[:i]
		}
		if !isBase64(rest) {
			return "", fmt.Errorf("not valid base64: `%s`", rest)
		}
	}
	return integrity, nil
}

func isBase64(s string) bool {
	body := strings.TrimRight(s, "=")
	if body == "" || len(s)-len(body) > 2 {
		return false
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '/') {
			return false
		}
	}
	return true
}

// pkgName parses `ns:pkg(/iface)*(@version)?` into out. Interface names
// (iface) must have a projection and their version is left to the caller;
// a dependency's version must be a semver (or, nested, a track).
func (p *nameParser) pkgName(out *ParsedName, iface bool) error {
	if err := p.pkgPath(out, iface); err != nil {
		return err
	}
	if !p.eat("@") {
		return nil
	}
	if i := strings.IndexByte(p.next, '>'); i >= 0 {
		out.Version, p.next = p.next[:i], p.next[i:]
	} else {
		out.Version, p.next = p.next, ""
	}
	if iface || p.nested && semver.IsTrack(out.Version) {
		return nil
	}
	_, err := semver.Parse(out.Version)
	return err
}

// pkgPath parses `ns:pkg(/iface)?` into out, or with nested, the 🪺 form
// `ns:...:pkg(/iface)*`.
func (p *nameParser) pkgPath(out *ParsedName, requireProjection bool) error {
	ns, err := p.takeLowerKebab()
	if err != nil {
		return err
	}
	if err := p.expect(":"); err != nil {
		return err
	}
	pkg, err := p.takeLowerKebab()
	if err != nil {
		return err
	}
	out.Namespaces = []string{ns}
	for p.nested && p.eat(":") {
		out.Namespaces = append(out.Namespaces, pkg)
		if pkg, err = p.takeLowerKebab(); err != nil {
			return err
		}
	}
	out.Package = pkg
	if !strings.HasPrefix(p.next, "/") {
		if requireProjection {
			return errors.New("expected `/` after package name")
		}
		return nil
	}
	for first := true; first || p.nested && strings.HasPrefix(p.next, "/"); first = false {
		p.next = p.next[1:]
		proj, err := p.takeKebab()
		if err != nil {
			return err
		}
		out.Projections = append(out.Projections, proj)
	}
	return nil
}

// semverRange checks the version range of an unlocked dependency: `*`,
// `>=v`, `>=v <w` or `<w`.
func semverRange(r string) error {
	if r == "*" {
		return nil
	}
	if rest, ok := strings.CutPrefix(r, ">="); ok {
		lower, upper, hasUpper := strings.Cut(rest, " ")
		if _, err := semver.Parse(lower); err != nil {
			return err
		}
		if hasUpper {
			u, ok := strings.CutPrefix(upper, "<")
			if !ok {
				return errors.New("expected `<` at start of version range upper bounds")
			}
			_, err := semver.Parse(u)
			return err
		}
		return nil
	}
	if u, ok := strings.CutPrefix(r, "<"); ok {
		_, err := semver.Parse(u)
		return err
	}
	return errors.New("expected `>=` or `<` at start of version range")
}

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
		if i == 0 && !(frag[0] >= 'a' && frag[0] <= 'z' || frag[0] >= 'A' && frag[0] <= 'Z') {
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
