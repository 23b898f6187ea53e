package component

import (
	"errors"
	"fmt"
	"strings"

	"github.com/weftwasm/weft/semver"
	"github.com/weftwasm/weft/value"
)

// nameKey is the identity of the extern name raw, parsed as p, for strong
// uniqueness (Explainer.md, "Name Uniqueness"): acronyms are lowercased,
// `[method]l.l` and `[static]l.l` equal the label `l`, and `[method]` and
// `[static]` names collide.
func nameKey(p ParsedName, raw string) string {
	switch p.Kind {
	case NameLabel:
		return "l:" + lowerASCII(raw)
	case NameConstructor:
		return "c:" + lowerASCII(p.Resource)
	case NameMethod, NameStatic:
		if lowerASCII(p.Resource) == lowerASCII(p.Label) {
			return "l:" + lowerASCII(p.Resource)
		}
		return "m:" + lowerASCII(p.Resource) + "." + lowerASCII(p.Label)
	case NameInterface:
		return "i:" + lowerASCII(raw)
	case NameDependency:
		return "d:" + raw
	case NameURL:
		return "u:" + raw
	}
	return "h:" + raw
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

// interfaceVersion checks the version of an interface name, completed by
// the versionsuffix attribute when present.
func interfaceVersion(name, suffix string, hasSuffix bool) error {
	v, ok := interfaceVersionText(name)
	if !ok {
		return nil
	}
	if hasSuffix {
		v += suffix
	}
	if _, err := semver.Parse(v); err != nil {
		return fmt.Errorf("invalid interface version: %w", err)
	}
	return nil
}

// validateExtern checks an import or export name against its item's type
// and records it in names and list.
func (v *validator) validateExtern(s *vscope, ctx *nameContext, name ExternName, kind externKind, e EntityType, names nameSet, list *[]Extern) error {
	pn, err := parseExternName(name.Name, false)
	if err != nil {
		return fmt.Errorf("%s name `%s` is not a valid extern name: %w", kind, name.Name, err)
	}
	if kind == externExport {
		switch pn.Kind {
		case NameDependency, NameURL, NameHash:
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
		if pn.Kind != NameLabel {
			return fmt.Errorf("name `%s` is not valid with `implements`", name.Name)
		}
		if e.Sort != SortInstance {
			return errors.New("only instances can have an `implements`")
		}
		ip, err := parseExternName(impl, false)
		if err != nil {
			return fmt.Errorf("`%s` is not a valid name: %w", impl, err)
		}
		if ip.Kind != NameInterface {
			return fmt.Errorf("name `%s` must be an interface", impl)
		}
	}
	suffix, hasSuffix := name.Attribute(AttrVersionSuffix)
	if hasSuffix && e.Sort != SortInstance {
		return errors.New("only instances can have an `versionsuffix`")
	}
	if err := checkNameAgainstType(ctx, name.Name, pn, suffix, hasSuffix, e); err != nil {
		return fmt.Errorf("%s name `%s` is not valid: %w", kind, name.Name, err)
	}
	key := nameKey(pn, name.Name)
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
func checkNameAgainstType(ctx *nameContext, name string, pn ParsedName, suffix string, hasSuffix bool, e EntityType) error {
	fn := func() (*value.FuncType, error) {
		if e.Sort != SortFunc {
			return nil, errors.New("item is not a func")
		}
		return e.Func, nil
	}
	switch pn.Kind {
	case NameInterface:
		return interfaceVersion(name, suffix, hasSuffix)
	case NameConstructor:
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
		return ctx.checkResourceName(r, pn.Resource)
	case NameMethod:
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
		return ctx.checkResourceName(b.Resource, pn.Resource)
	case NameStatic:
		if _, err := fn(); err != nil {
			return err
		}
		if !ctx.all[pn.Resource] {
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
