package wit

import (
	"fmt"
	"sort"
	"strings"
)

// Print renders every package of r as canonical WIT text: the package main
// first with a `package ...;` header, every other package as a nested
// `package ... { }` block. Resolving the text again yields the same model.
func (r *Resolve) Print(main PackageID) string {
	p := &printer{r: r}
	p.pkgHeader(main)
	p.pkgBody(main)
	for i := range r.Packages {
		if PackageID(i) == main {
			continue
		}
		p.out.WriteString("\n")
		p.docs(r.Packages[i].Docs)
		fmt.Fprintf(&p.out, "package %s {\n", pkgName(r.Packages[i].Name))
		p.indent++
		p.pkgBody(PackageID(i))
		p.indent--
		p.out.WriteString("}\n")
	}
	return p.out.String()
}

type printer struct {
	r      *Resolve
	out    strings.Builder
	indent int
	pkg    PackageID
	last   string // what the current block printed last: "", "use" or "item"
}

// sep separates items of a block with blank lines, keeping runs of `use`
// (and of path imports) together.
func (p *printer) sep(kind string) {
	if p.last != "" && (kind != p.last || kind == "item") {
		p.out.WriteString("\n")
	}
	p.last = kind
}

func (p *printer) line(format string, args ...any) {
	p.out.WriteString(strings.Repeat("  ", p.indent))
	fmt.Fprintf(&p.out, format, args...)
	p.out.WriteString("\n")
}

func (p *printer) pkgHeader(id PackageID) {
	p.docs(p.r.Packages[id].Docs)
	p.line("package %s;", pkgName(p.r.Packages[id].Name))
}

func (p *printer) pkgBody(id PackageID) {
	p.pkg = id
	pkg := &p.r.Packages[id]
	for name, iid := range pkg.Interfaces.All() {
		p.out.WriteString("\n")
		iface := &p.r.Interfaces[iid]
		p.docs(iface.Docs)
		p.stability(iface.Stability)
		p.line("interface %s {", ident(name))
		p.indent++
		p.last = ""
		p.interfaceBody(iid)
		p.indent--
		p.line("}")
	}
	for _, wid := range pkg.Worlds.All() {
		p.out.WriteString("\n")
		p.world(wid)
	}
}

var keywordSet = func() map[string]bool {
	m := map[string]bool{}
	for _, kw := range []string{"use", "type", "func", "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "f32", "f64", "char",
		"resource", "own", "borrow", "record", "flags", "variant", "enum", "bool", "string", "option", "result", "future",
		"stream", "error-context", "list", "map", "as", "from", "static", "interface", "tuple", "world", "import",
		"export", "package", "constructor", "include", "with", "async"} {
		m[kw] = true
	}
	return m
}()

// ident escapes a name that is a keyword with '%'.
func ident(name string) string {
	if keywordSet[name] {
		return "%" + name
	}
	return name
}

func (p *printer) docs(d Docs) {
	if d.Contents == "" {
		return
	}
	for _, l := range strings.Split(d.Contents, "\n") {
		if l == "" {
			p.line("///")
		} else {
			p.line("/// %s", l)
		}
	}
}

func (p *printer) stability(s Stability) {
	switch s.Kind {
	case StabilityStable:
		p.line("@since(version = %s)", s.Since)
	case StabilityUnstable:
		p.line("@unstable(feature = %s)", ident(s.Feature))
	}
	if s.Kind != StabilityUnknown && s.Deprecated != nil {
		p.line("@deprecated(version = %s)", s.Deprecated)
	}
}

func (p *printer) externalID(id string) {
	if id != "" {
		p.line("@external-id(%s)", quoteWIT(id))
	}
}

// quoteWIT formats s as a WIT string literal.
func quoteWIT(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u{%x}`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// interfacePath names an interface as seen from the package being printed.
func (p *printer) interfacePath(id InterfaceID) string {
	iface := &p.r.Interfaces[id]
	if iface.Package == nil || *iface.Package == p.pkg {
		return ident(iface.Name)
	}
	name := p.r.Packages[*iface.Package].Name
	s := ident(name.Namespace) + ":" + ident(name.Name) + "/" + ident(iface.Name)
	if name.Version != nil {
		s += "@" + name.Version.String()
	}
	return s
}

// pkgName formats a package name with keywords escaped.
func pkgName(n PackageName) string {
	s := ident(n.Namespace) + ":" + ident(n.Name)
	if n.Version != nil {
		s += "@" + n.Version.String()
	}
	return s
}

// typeDefs prints the named types of a scope (in order) and the functions
// (resource functions inline in their resource), keeping the function order.
func (p *printer) typeDefs(owner Owner, types []TypeID, funcs []*Function) {
	printed := map[int]bool{}
	resourceFuncs := map[TypeID][]*Function{}
	for _, f := range funcs {
		if f.Kind >= Method {
			resourceFuncs[f.Resource] = append(resourceFuncs[f.Resource], f)
		}
	}
	firstFunc := func(res TypeID) int {
		for i, f := range funcs {
			if f.Kind >= Method && f.Resource == res {
				return i
			}
		}
		return -1
	}
	flushUntil := func(limit int) {
		for i, f := range funcs {
			if i >= limit {
				break
			}
			if f.Kind < Method && !printed[i] {
				printed[i] = true
				p.function(f)
			}
		}
	}
	// `use` statements come first, as wit-component prints them: a use joins
	// the previous one when it names the same interface with the same gates.
	type useGroup struct {
		from InterfaceID
		ids  []TypeID
	}
	var uses []useGroup
	var declared []TypeID
	for _, id := range types {
		from, ok := p.useSource(owner, id)
		if !ok {
			declared = append(declared, id)
			continue
		}
		if n := len(uses); n > 0 {
			last := &uses[n-1]
			prev, t := &p.r.Types[last.ids[0]], &p.r.Types[id]
			if last.from == from && prev.Stability.equal(t.Stability) && prev.ExternalID == t.ExternalID {
				last.ids = append(last.ids, id)
				continue
			}
		}
		uses = append(uses, useGroup{from, []TypeID{id}})
	}
	for _, u := range uses {
		p.use(u.from, u.ids)
	}
	for _, id := range declared {
		t := &p.r.Types[id]
		if t.Kind.Kind == KindResource {
			if i := firstFunc(id); i >= 0 {
				flushUntil(i)
			}
		}
		p.typeDef(id, resourceFuncs[id])
	}
	flushUntil(len(funcs))
}

// useSource reports whether type id is a `use` of a type of another
// interface, and which interface.
func (p *printer) useSource(owner Owner, id TypeID) (InterfaceID, bool) {
	k := &p.r.Types[id].Kind
	if k.Kind != KindType || !k.Elem.IsRef() {
		return 0, false
	}
	target := &p.r.Types[k.Elem.ID]
	if target.Owner == owner || target.Owner.Kind != OwnerInterface {
		return 0, false
	}
	return target.Owner.Interface, true
}

// use prints one `use` statement for alias types of interface from.
func (p *printer) use(from InterfaceID, ids []TypeID) {
	first := &p.r.Types[ids[0]]
	p.sep("use")
	p.stability(first.Stability)
	p.externalID(first.ExternalID)
	var names []string
	for _, id := range ids {
		t := &p.r.Types[id]
		target := &p.r.Types[t.Kind.Elem.ID]
		if target.Name == t.Name {
			names = append(names, ident(t.Name))
		} else {
			names = append(names, ident(target.Name)+" as "+ident(t.Name))
		}
	}
	p.line("use %s.{%s};", p.interfacePath(from), strings.Join(names, ", "))
}

func (p *printer) interfaceBody(id InterfaceID) {
	iface := &p.r.Interfaces[id]
	var types []TypeID
	for _, t := range iface.Types.All() {
		types = append(types, t)
	}
	var funcs []*Function
	for _, f := range iface.Functions.All() {
		funcs = append(funcs, &f)
	}
	p.typeDefs(Owner{Kind: OwnerInterface, Interface: id}, types, funcs)
}

func (p *printer) typeDef(id TypeID, funcs []*Function) {
	t := &p.r.Types[id]
	k := &t.Kind
	p.sep("item")
	p.docs(t.Docs)
	p.stability(t.Stability)
	p.externalID(t.ExternalID)
	name := ident(t.Name)
	switch k.Kind {
	case KindRecord:
		p.line("record %s {", name)
		p.indent++
		for _, f := range k.Fields {
			p.docs(f.Docs)
			p.line("%s: %s,", ident(f.Name), p.typeName(f.Type))
		}
		p.indent--
		p.line("}")
	case KindFlags, KindEnum:
		kw := "flags"
		if k.Kind == KindEnum {
			kw = "enum"
		}
		p.line("%s %s {", kw, name)
		p.indent++
		for _, f := range k.Flags {
			p.docs(f.Docs)
			p.line("%s,", ident(f.Name))
		}
		p.indent--
		p.line("}")
	case KindVariant:
		p.line("variant %s {", name)
		p.indent++
		for _, c := range k.Cases {
			p.docs(c.Docs)
			if c.Type != nil {
				p.line("%s(%s),", ident(c.Name), p.typeName(*c.Type))
			} else {
				p.line("%s,", ident(c.Name))
			}
		}
		p.indent--
		p.line("}")
	case KindResource:
		if len(funcs) == 0 {
			p.line("resource %s;", name)
			return
		}
		p.line("resource %s {", name)
		p.indent++
		for _, f := range funcs {
			p.function(f)
		}
		p.indent--
		p.line("}")
	default:
		p.line("type %s = %s;", name, p.kindExpr(k))
	}
}

func (p *printer) function(f *Function) {
	if f.Kind < Method {
		p.sep("item")
	}
	p.docs(f.Docs)
	p.stability(f.Stability)
	p.externalID(f.ExternalID)
	params := f.Params
	async := ""
	if f.Kind.IsAsync() {
		async = "async "
	}
	var head string
	switch f.Kind {
	case Freestanding, AsyncFreestanding:
		head = ident(f.Name) + ": " + async + "func"
	case Method, AsyncMethod:
		_, m, _ := strings.Cut(f.Name, ".")
		head = ident(m) + ": " + async + "func"
		params = params[1:]
	case Static, AsyncStatic:
		_, m, _ := strings.Cut(f.Name, ".")
		head = ident(m) + ": static " + async + "func"
	case Constructor:
		head = "constructor"
	}
	var ps []string
	for _, pa := range params {
		ps = append(ps, ident(pa.Name)+": "+p.typeName(pa.Type))
	}
	s := head + "(" + strings.Join(ps, ", ") + ")"
	if f.Result != nil && !(f.Kind == Constructor && p.isOwnOf(*f.Result, f.Resource)) {
		s += " -> " + p.typeName(*f.Result)
	}
	p.line("%s;", s)
}

func (p *printer) isOwnOf(t Type, res TypeID) bool {
	if !t.IsRef() {
		return false
	}
	td := &p.r.Types[t.ID]
	if t.ID == res {
		return true
	}
	return td.Name == "" && td.Kind.Kind == KindHandle && !td.Kind.Borrow && td.Kind.Handle == res
}

// typeName prints a reference to a type: a name for named types, the
// structure for anonymous ones.
func (p *printer) typeName(t Type) string {
	if !t.IsRef() {
		return t.Prim.String()
	}
	td := &p.r.Types[t.ID]
	if td.Name != "" {
		return ident(td.Name)
	}
	if td.Kind.Kind == KindHandle && !td.Kind.Borrow {
		// An anonymous own<T> is what a bare resource name means.
		return ident(p.r.Types[td.Kind.Handle].Name)
	}
	return p.kindExpr(&td.Kind)
}

func (p *printer) optTypeName(t *Type) string {
	if t == nil {
		return "_"
	}
	return p.typeName(*t)
}

func (p *printer) kindExpr(k *TypeDefKind) string {
	switch k.Kind {
	case KindType:
		return p.typeName(k.Elem)
	case KindHandle:
		name := ident(p.r.Types[k.Handle].Name)
		if k.Borrow {
			return "borrow<" + name + ">"
		}
		return "own<" + name + ">"
	case KindTuple:
		var ts []string
		for _, t := range k.Types {
			ts = append(ts, p.typeName(t))
		}
		return "tuple<" + strings.Join(ts, ", ") + ">"
	case KindOption:
		return "option<" + p.typeName(k.Elem) + ">"
	case KindList:
		return "list<" + p.typeName(k.Elem) + ">"
	case KindFixedLengthList:
		return fmt.Sprintf("list<%s, %d>", p.typeName(k.Elem), k.Size)
	case KindMap:
		return "map<" + p.typeName(k.Elem) + ", " + p.typeName(k.Value) + ">"
	case KindResult:
		switch {
		case k.Ok == nil && k.Err == nil:
			return "result"
		case k.Err == nil:
			return "result<" + p.typeName(*k.Ok) + ">"
		}
		return "result<" + p.optTypeName(k.Ok) + ", " + p.typeName(*k.Err) + ">"
	case KindFuture, KindStream:
		kw := "future"
		if k.Kind == KindStream {
			kw = "stream"
		}
		if k.Opt == nil {
			return kw
		}
		return kw + "<" + p.typeName(*k.Opt) + ">"
	}
	return fmt.Sprintf("/* unprintable type kind %d */ u8", k.Kind)
}

func (p *printer) world(id WorldID) {
	w := &p.r.Worlds[id]
	p.docs(w.Docs)
	p.stability(w.Stability)
	p.line("world %s {", ident(w.Name))
	p.indent++
	p.last = ""
	owner := Owner{Kind: OwnerWorld, World: id}
	var types []TypeID
	var funcs []*Function
	for _, item := range w.Imports.All() {
		switch item.Kind {
		case WorldType:
			types = append(types, item.Type)
		case WorldFunction:
			if item.Function.Kind >= Method {
				funcs = append(funcs, item.Function)
			}
		}
	}
	// Imports of interfaces by path come first; they never allocate ids, so
	// their position does not affect numbering.
	for k, item := range w.Imports.All() {
		if k.IsInterface {
			p.worldItem("import", k, item)
		}
	}
	p.typeDefs(owner, types, funcs)
	type stmt struct {
		dir  string
		key  WorldKey
		item WorldItem
	}
	var stmts []stmt
	for k, item := range w.Imports.All() {
		if item.Kind == WorldInterface && !k.IsInterface || item.Kind == WorldFunction && item.Function.Kind < Method {
			stmts = append(stmts, stmt{"import", k, item})
		}
	}
	for k, item := range w.Exports.All() {
		stmts = append(stmts, stmt{"export", k, item})
	}
	// Statements are printed in their source order so that anonymous
	// interfaces and types are numbered as in the original.
	sort.SliceStable(stmts, func(i, j int) bool { return stmts[i].item.order < stmts[j].item.order })
	for _, st := range stmts {
		p.worldItem(st.dir, st.key, st.item)
	}
	p.indent--
	p.line("}")
}

func (p *printer) worldItem(dir string, k WorldKey, item WorldItem) {
	if k.IsInterface {
		p.sep("path")
	} else {
		p.sep("item")
	}
	switch item.Kind {
	case WorldFunction:
		f := item.Function
		p.docs(f.Docs)
		p.stability(f.Stability)
		p.externalID(f.ExternalID)
		async := ""
		if f.Kind.IsAsync() {
			async = "async "
		}
		var ps []string
		for _, pa := range f.Params {
			ps = append(ps, ident(pa.Name)+": "+p.typeName(pa.Type))
		}
		s := fmt.Sprintf("%s %s: %sfunc(%s)", dir, ident(k.Name), async, strings.Join(ps, ", "))
		if f.Result != nil {
			s += " -> " + p.typeName(*f.Result)
		}
		p.line("%s;", s)
	case WorldInterface:
		iface := &p.r.Interfaces[item.Interface]
		if k.IsInterface {
			p.docs(item.Docs)
			p.stability(item.Stability)
			p.externalID(item.ExternalID)
			p.line("%s %s;", dir, p.interfacePath(item.Interface))
			return
		}
		if iface.Name != "" {
			p.docs(item.Docs)
			p.stability(item.Stability)
			p.externalID(item.ExternalID)
			p.line("%s %s: %s;", dir, ident(k.Name), p.interfacePath(item.Interface))
			return
		}
		p.docs(iface.Docs)
		p.stability(iface.Stability)
		p.externalID(item.ExternalID)
		p.line("%s %s: interface {", dir, ident(k.Name))
		p.indent++
		p.last = ""
		p.interfaceBody(item.Interface)
		p.indent--
		p.line("}")
		p.last = "item"
	}
}
