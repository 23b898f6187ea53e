package component

import (
	"errors"
	"fmt"
	"strings"

	"github.com/weftwasm/weft/value"
)

// nameKind classifies an import or export name (Explainer.md, "Import and
// Export Definitions").
type nameKind uint8

const (
	nameLabel       nameKind = iota // plain kebab label
	nameConstructor                 // [constructor]r
	nameMethod                      // [method]r.m
	nameStatic                      // [static]r.f
	nameInterface                   // ns:pkg/iface@version
	nameDependency                  // locked-dep=<...> / unlocked-dep=<...>
	nameURL                         // url=<...>
	nameHash                        // integrity=<...>
)

// parsedName is a classified extern name.
type parsedName struct {
	kind     nameKind
	raw      string
	resource string // constructor, method, static: the resource label
	item     string // method, static: the function label
}

// key is the name's identity for strong uniqueness (Explainer.md, "Name
// Uniqueness"): acronyms are lowercased, `[method]l.l` and `[static]l.l`
// equal the label `l`, and `[method]` and `[static]` names collide.
func (p parsedName) key() string {
	switch p.kind {
	case nameLabel:
		return "l:" + lowerASCII(p.raw)
	case nameConstructor:
		return "c:" + lowerASCII(p.resource)
	case nameMethod, nameStatic:
		if lowerASCII(p.resource) == lowerASCII(p.item) {
			return "l:" + lowerASCII(p.resource)
		}
		return "m:" + lowerASCII(p.resource) + "." + lowerASCII(p.item)
	case nameInterface:
		return "i:" + lowerASCII(p.raw)
	case nameDependency:
		return "d:" + p.raw
	case nameURL:
		return "u:" + p.raw
	}
	return "h:" + p.raw
}

// nameSet holds the names already used by imports (or exports), by key.
type nameSet map[string]string

// nameContext knows the names of the resources imported (or exported) at
// the top level, for checking `[method]r.m` and friends.
type nameContext struct {
	byResource map[*value.ResourceType]string
	all        map[string]bool
}

func newNameContext() nameContext {
	return nameContext{byResource: map[*value.ResourceType]string{}, all: map[string]bool{}}
}

func (c *nameContext) register(name string, r *value.ResourceType) {
	if _, ok := c.byResource[r]; !ok {
		c.byResource[r] = name
	}
	c.all[name] = true
}

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// checkKebabLabel checks a record field, case, flag or parameter name.
func checkKebabLabel(s, desc string) error {
	if s == "" {
		return fmt.Errorf("%s name cannot be empty", desc)
	}
	if !isKebab(s) {
		return fmt.Errorf("%s name `%s` is not in kebab case", desc, s)
	}
	return nil
}

// nameParser parses extern names the way wasmparser's ComponentNameParser
// does.
type nameParser struct{ next string }

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

func (p *nameParser) takeUntil(c byte) (string, error) {
	i := strings.IndexByte(p.next, c)
	if i < 0 {
		return "", fmt.Errorf("failed to find `%c` character", c)
	}
	s := p.next[:i]
	p.next = p.next[i+1:]
	return s, nil
}

func (p *nameParser) takeUpTo(c byte) (string, error) {
	i := strings.IndexByte(p.next, c)
	if i < 0 {
		return "", fmt.Errorf("failed to find `%c` character", c)
	}
	s := p.next[:i]
	p.next = p.next[i:]
	return s, nil
}

// parseName classifies and checks an extern name.
func parseName(name string) (parsedName, error) {
	p := &nameParser{next: name}
	out := parsedName{raw: name}
	var err error
	switch {
	case p.eat("[constructor]"):
		out.kind = nameConstructor
		out.resource, err = p.expectKebab()
	case p.eat("[method]"), p.eat("[static]"):
		out.kind = nameMethod
		if strings.HasPrefix(name, "[static]") {
			out.kind = nameStatic
		}
		if out.resource, err = p.takeUntil('.'); err != nil {
			break
		}
		if !isKebab(out.resource) {
			err = kebabErr(out.resource)
			break
		}
		out.item, err = p.expectKebab()
	case p.eat("unlocked-dep="):
		out.kind = nameDependency
		err = p.unlockedDep()
	case p.eat("locked-dep="):
		out.kind = nameDependency
		err = p.lockedDep()
	case p.eat("url="):
		out.kind = nameURL
		err = p.url()
	case p.eat("integrity="):
		out.kind = nameHash
		if err = p.expect("<"); err == nil {
			if err = p.hash(); err == nil {
				err = p.expect(">")
			}
		}
	case strings.Contains(name, ":"):
		out.kind = nameInterface
		err = p.pkgName(true)
	default:
		out.kind = nameLabel
		_, err = p.expectKebab()
	}
	if err == nil && p.next != "" {
		err = fmt.Errorf("trailing characters found: `%s`", p.next)
	}
	return out, err
}

func (p *nameParser) unlockedDep() error {
	if err := p.expect("<"); err != nil {
		return err
	}
	if err := p.pkgPath(false); err != nil {
		return err
	}
	if p.eat("@") {
		if !p.eat("*") {
			if err := p.expect("{"); err != nil {
				return err
			}
			r, err := p.takeUpTo('}')
			if err != nil {
				return err
			}
			p.next = p.next[1:]
			if err := semverRange(r); err != nil {
				return err
			}
		}
	}
	return p.expect(">")
}

func (p *nameParser) lockedDep() error {
	if err := p.expect("<"); err != nil {
		return err
	}
	if err := p.pkgName(false); err != nil {
		return err
	}
	if err := p.expect(">"); err != nil {
		return err
	}
	return p.optionalHash()
}

func (p *nameParser) url() error {
	if err := p.expect("<"); err != nil {
		return err
	}
	u, err := p.takeUpTo('>')
	if err != nil {
		return err
	}
	if strings.Contains(u, "<") {
		return errors.New("url cannot contain `<`")
	}
	if err := p.expect(">"); err != nil {
		return err
	}
	return p.optionalHash()
}

func (p *nameParser) optionalHash() error {
	if !p.eat(",") {
		return nil
	}
	if err := p.expect("integrity=<"); err != nil {
		return err
	}
	if err := p.hash(); err != nil {
		return err
	}
	return p.expect(">")
}

func (p *nameParser) hash() error {
	integrity, err := p.takeUpTo('>')
	if err != nil {
		return err
	}
	fields := strings.Fields(integrity)
	if len(fields) == 0 {
		return errors.New("integrity hash cannot be empty")
	}
	for _, h := range fields {
		rest, ok := strings.CutPrefix(h, "sha256")
		if !ok {
			if rest, ok = strings.CutPrefix(h, "sha384"); !ok {
				if rest, ok = strings.CutPrefix(h, "sha512"); !ok {
					return fmt.Errorf("unrecognized hash algorithm: `%s`", h)
				}
			}
		}
		rest, ok = strings.CutPrefix(rest, "-")
		if !ok {
			return fmt.Errorf("expected `-` after hash algorithm: %s", h)
		}
		if i := strings.IndexByte(rest, '?'); i >= 0 {
			rest = rest[:i]
		}
		if !isBase64(rest) {
			return fmt.Errorf("not valid base64: `%s`", rest)
		}
	}
	return nil
}

func isBase64(s string) bool {
	if s == "" {
		return false
	}
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

// pkgName parses `ns:pkg(/iface)*(@version)?`. Interface names must have a
// projection; their version is checked later with the versionsuffix.
func (p *nameParser) pkgName(iface bool) error {
	if err := p.pkgPath(iface); err != nil {
		return err
	}
	if p.eat("@") {
		var v string
		if i := strings.IndexByte(p.next, '>'); i >= 0 {
			v, p.next = p.next[:i], p.next[i:]
		} else {
			v, p.next = p.next, ""
		}
		if !iface {
			if err := checkSemver(v); err != nil {
				return err
			}
		}
	}
	return nil
}

func (p *nameParser) pkgPath(requireProjection bool) error {
	if _, err := p.takeLowerKebab(); err != nil {
		return err
	}
	if err := p.expect(":"); err != nil {
		return err
	}
	if _, err := p.takeLowerKebab(); err != nil {
		return err
	}
	if strings.HasPrefix(p.next, "/") {
		p.next = p.next[1:]
		if _, err := p.takeKebab(); err != nil {
			return err
		}
	} else if requireProjection {
		return errors.New("expected `/` after package name")
	}
	return nil
}

func semverRange(r string) error {
	if r == "*" {
		return nil
	}
	if rest, ok := strings.CutPrefix(r, ">="); ok {
		lower, upper, hasUpper := strings.Cut(rest, " ")
		if err := checkSemver(lower); err != nil {
			return err
		}
		if hasUpper {
			u, ok := strings.CutPrefix(upper, "<")
			if !ok {
				return errors.New("expected `<` at start of version range upper bounds")
			}
			return checkSemver(u)
		}
		return nil
	}
	if u, ok := strings.CutPrefix(r, "<"); ok {
		return checkSemver(u)
	}
	return errors.New("expected `>=` or `<` at start of version range")
}

// checkSemver checks a semantic version, MAJOR.MINOR.PATCH with optional
// -prerelease and +build parts, with the messages of Rust's semver crate.
func checkSemver(v string) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("`%s` is not a valid semver: %s", v, fmt.Sprintf(format, args...))
	}
	if v == "" {
		return bad("empty string, expected a semver version")
	}
	pos := 0
	for i, part := range []string{"major", "minor", "patch"} {
		start := pos
		for pos < len(v) && v[pos] >= '0' && v[pos] <= '9' {
			pos++
		}
		if pos == start {
			if pos == len(v) {
				return bad("unexpected end of input while parsing %s version number", part)
			}
			return bad("unexpected character %q while parsing %s version number", v[pos], part)
		}
		if pos-start > 1 && v[start] == '0' {
			return bad("invalid leading zero in %s version number", part)
		}
		if i < 2 {
			if pos == len(v) {
				return bad("unexpected end of input while parsing %s version number", []string{"minor", "patch"}[i])
			}
			if v[pos] != '.' {
				return bad("unexpected character %q after %s version number", v[pos], part)
			}
			pos++
		}
	}
	rest := v[pos:]
	if rest == "" {
		return nil
	}
	ident := func(s, what string, noLeadingZero bool) error {
		for _, id := range strings.Split(s, ".") {
			if id == "" {
				return bad("empty identifier segment in %s", what)
			}
			if strings.Trim(id, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-") != "" {
				return bad("unexpected character in %s", what)
			}
			if noLeadingZero && len(id) > 1 && id[0] == '0' && strings.Trim(id, "0123456789") == "" {
				return bad("invalid leading zero in %s identifier", what)
			}
		}
		return nil
	}
	switch rest[0] {
	case '-':
		pre, build, hasBuild := strings.Cut(rest[1:], "+")
		if err := ident(pre, "pre-release", true); err != nil {
			return err
		}
		if hasBuild {
			return ident(build, "build metadata", false)
		}
		return nil
	case '+':
		return ident(rest[1:], "build metadata", false)
	}
	return bad("unexpected character %q after patch version number", rest[0])
}

// interfaceVersion checks the version of an interface name, completed by
// the versionsuffix attribute when present.
func interfaceVersion(name, suffix string, hasSuffix bool) error {
	i := strings.IndexByte(name, '@')
	if i < 0 {
		return nil
	}
	v := name[i+1:]
	if hasSuffix {
		v += suffix
	}
	if err := checkSemver(v); err != nil {
		return fmt.Errorf("invalid interface version: %w", err)
	}
	return nil
}

// validateExtern checks an import or export name against its item's type
// and records it in names and list.
func (v *validator) validateExtern(s *vscope, ctx *nameContext, name ExternName, kind externKind, e EntityType, names nameSet, list *[]Extern) error {
	pn, err := parseName(name.Name)
	if err != nil {
		return fmt.Errorf("%s name `%s` is not a valid extern name: %w", kind, name.Name, err)
	}
	if kind == externExport {
		switch pn.kind {
		case nameDependency, nameURL, nameHash:
			return fmt.Errorf("name `%s` is not a valid export name", name.Name)
		}
	}
	seenAttr := map[AttributeKind]bool{}
	for _, a := range name.Attributes {
		if seenAttr[a.Kind] {
			return fmt.Errorf("duplicate name attribute %s", a.Kind)
		}
		seenAttr[a.Kind] = true
	}
	if impl, ok := name.Attribute(AttrImplements); ok {
		if pn.kind != nameLabel {
			return fmt.Errorf("name `%s` is not valid with `implements`", name.Name)
		}
		if e.Sort != SortInstance {
			return errors.New("only instances can have an `implements`")
		}
		ip, err := parseName(impl)
		if err != nil {
			return fmt.Errorf("`%s` is not a valid name: %w", impl, err)
		}
		if ip.kind != nameInterface {
			return fmt.Errorf("name `%s` must be an interface", impl)
		}
	}
	suffix, hasSuffix := name.Attribute(AttrVersionSuffix)
	if hasSuffix && e.Sort != SortInstance {
		return errors.New("only instances can have an `versionsuffix`")
	}
	if err := checkNameAgainstType(ctx, pn, suffix, hasSuffix, e); err != nil {
		return fmt.Errorf("%s name `%s` is not valid: %w", kind, name.Name, err)
	}
	key := pn.key()
	if prev, dup := names[key]; dup {
		return fmt.Errorf("%s name `%s` conflicts with previous name `%s`", kind, name.Name, prev)
	}
	names[key] = name.Name
	*list = append(*list, Extern{Name: name, Type: e})
	return nil
}

// checkNameAgainstType checks the annotated names: constructors return an
// own handle of the named resource, methods take a borrow of it first, and
// statics name a known resource.
func checkNameAgainstType(ctx *nameContext, pn parsedName, suffix string, hasSuffix bool, e EntityType) error {
	fn := func() (*value.FuncType, error) {
		if e.Sort != SortFunc {
			return nil, errors.New("item is not a func")
		}
		return e.Func, nil
	}
	switch pn.kind {
	case nameInterface:
		return interfaceVersion(pn.raw, suffix, hasSuffix)
	case nameConstructor:
		f, err := fn()
		if err != nil {
			return err
		}
		if f.Async {
			return errors.New("constructor function cannot be async")
		}
		if f.Result == nil {
			return errors.New("function should return one value")
		}
		var r *value.ResourceType
		switch t := f.Result.(type) {
		case *value.OwnType:
			r = t.Resource
		case *value.ResultType:
			if o, ok := t.Ok.(*value.OwnType); ok {
				r = o.Resource
			}
		}
		if r == nil {
			return errors.New("function should return `(own $T)` or `(result (own $T))`")
		}
		return ctx.checkResourceName(r, pn.resource)
	case nameMethod:
		f, err := fn()
		if err != nil {
			return err
		}
		if len(f.Params) == 0 {
			return errors.New("function should have at least one argument")
		}
		if f.Params[0].Name != "self" {
			return errors.New("function should have a first argument called `self`")
		}
		b, ok := f.Params[0].Type.(*value.BorrowType)
		if !ok {
			return errors.New("function should take a first argument of `(borrow $T)`")
		}
		return ctx.checkResourceName(b.Resource, pn.resource)
	case nameStatic:
		if _, err := fn(); err != nil {
			return err
		}
		if !ctx.all[pn.resource] {
			return errors.New("static resource name is not known in this context")
		}
	}
	return nil
}

func (c *nameContext) checkResourceName(r *value.ResourceType, name string) error {
	want, ok := c.byResource[r]
	if !ok {
		return errors.New("resource used in function does not have a name in this context")
	}
	if want != name {
		return fmt.Errorf("function does not match expected resource name `%s`", want)
	}
	return nil
}
