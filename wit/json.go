package wit

import (
	"encoding/json"
	"strconv"
	"strings"
)

// jsonValue is an ordered JSON value: nil, bool, int, string, []jsonValue or
// *jsonObject.
type jsonValue any

type jsonObject struct {
	keys []string
	vals []jsonValue
}

func obj() *jsonObject { return &jsonObject{} }

func (o *jsonObject) set(k string, v jsonValue) *jsonObject {
	o.keys = append(o.keys, k)
	o.vals = append(o.vals, v)
	return o
}

// MarshalJSON serializes the Resolve exactly as wit-parser's serde
// serialization does: {"worlds", "interfaces", "types", "packages"}, every
// cross reference an index into those arrays. The output is pretty-printed
// with two-space indentation.
func (r *Resolve) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	writeJSON(&b, r.jsonTree(), 0)
	return []byte(b.String()), nil
}

func (r *Resolve) jsonTree() jsonValue {
	worlds := []jsonValue{}
	for i := range r.Worlds {
		worlds = append(worlds, r.worldJSON(&r.Worlds[i]))
	}
	ifaces := []jsonValue{}
	for i := range r.Interfaces {
		ifaces = append(ifaces, r.interfaceJSON(&r.Interfaces[i]))
	}
	types := []jsonValue{}
	for i := range r.Types {
		types = append(types, typeDefJSON(&r.Types[i]))
	}
	pkgs := []jsonValue{}
	for i := range r.Packages {
		p := &r.Packages[i]
		o := obj().set("name", p.Name.String())
		docsJSON(o, p.Docs)
		is := obj()
		for k, v := range p.Interfaces.All() {
			is.set(k, int(v))
		}
		ws := obj()
		for k, v := range p.Worlds.All() {
			ws.set(k, int(v))
		}
		pkgs = append(pkgs, o.set("interfaces", is).set("worlds", ws))
	}
	return obj().set("worlds", worlds).set("interfaces", ifaces).set("types", types).set("packages", pkgs)
}

func docsJSON(o *jsonObject, d Docs) {
	if d.Contents != "" {
		o.set("docs", obj().set("contents", d.Contents))
	}
}

func stabilityJSON(o *jsonObject, s Stability) {
	switch s.Kind {
	case StabilityStable:
		in := obj().set("since", s.Since.String())
		if s.Deprecated != nil {
			in.set("deprecated", s.Deprecated.String())
		}
		o.set("stability", obj().set("stable", in))
	case StabilityUnstable:
		in := obj().set("feature", s.Feature)
		if s.Deprecated != nil {
			in.set("deprecated", s.Deprecated.String())
		}
		o.set("stability", obj().set("unstable", in))
	}
}

func optID[T ~int](p *T) jsonValue {
	if p == nil {
		return nil
	}
	return int(*p)
}

func (r *Resolve) worldJSON(w *World) jsonValue {
	items := func(m *OrderedMap[WorldKey, WorldItem]) *jsonObject {
		o := obj()
		for k, it := range m.All() {
			o.set(k.String(), worldItemJSON(it))
		}
		return o
	}
	o := obj().set("name", w.Name).set("imports", items(&w.Imports)).set("exports", items(&w.Exports)).set("package", optID(w.Package))
	docsJSON(o, w.Docs)
	stabilityJSON(o, w.Stability)
	return o
}

func worldItemJSON(it WorldItem) jsonValue {
	switch it.Kind {
	case WorldFunction:
		return obj().set("function", functionJSON(it.Function))
	case WorldType:
		return obj().set("type", int(it.Type))
	}
	o := obj().set("id", int(it.Interface))
	stabilityJSON(o, it.Stability)
	if it.ExternalID != "" {
		o.set("external_id", it.ExternalID)
	}
	docsJSON(o, it.Docs)
	return obj().set("interface", o)
}

func (r *Resolve) interfaceJSON(i *Interface) jsonValue {
	var name jsonValue
	if i.Name != "" {
		name = i.Name
	}
	types := obj()
	for k, v := range i.Types.All() {
		types.set(k, int(v))
	}
	funcs := obj()
	for k, f := range i.Functions.All() {
		funcs.set(k, functionJSON(&f))
	}
	o := obj().set("name", name).set("types", types).set("functions", funcs)
	docsJSON(o, i.Docs)
	stabilityJSON(o, i.Stability)
	o.set("package", optID(i.Package))
	if i.CloneOf != nil {
		o.set("clone_of", int(*i.CloneOf))
	}
	return o
}

func typeJSON(t Type) jsonValue {
	if t.IsRef() {
		return int(t.ID)
	}
	return t.Prim.String()
}

func optTypeJSON(t *Type) jsonValue {
	if t == nil {
		return nil
	}
	return typeJSON(*t)
}

func functionJSON(f *Function) jsonValue {
	var kind jsonValue = f.Kind.String()
	if f.Kind >= Method {
		kind = obj().set(f.Kind.String(), int(f.Resource))
	}
	params := []jsonValue{}
	for _, p := range f.Params {
		po := obj()
		if p.Name != "" {
			po.set("name", p.Name)
		}
		params = append(params, po.set("type", typeJSON(p.Type)))
	}
	o := obj().set("name", f.Name).set("kind", kind).set("params", params)
	if f.Result != nil {
		o.set("result", typeJSON(*f.Result))
	}
	docsJSON(o, f.Docs)
	stabilityJSON(o, f.Stability)
	if f.ExternalID != "" {
		o.set("external_id", f.ExternalID)
	}
	return o
}

func typeDefJSON(t *TypeDef) jsonValue {
	var name jsonValue
	if t.Name != "" {
		name = t.Name
	}
	var owner jsonValue
	switch t.Owner.Kind {
	case OwnerInterface:
		owner = obj().set("interface", int(t.Owner.Interface))
	case OwnerWorld:
		owner = obj().set("world", int(t.Owner.World))
	}
	o := obj().set("name", name).set("kind", kindJSON(&t.Kind)).set("owner", owner)
	docsJSON(o, t.Docs)
	stabilityJSON(o, t.Stability)
	if t.ExternalID != "" {
		o.set("external_id", t.ExternalID)
	}
	return o
}

func kindJSON(k *TypeDefKind) jsonValue {
	switch k.Kind {
	case KindRecord:
		fs := []jsonValue{}
		for _, f := range k.Fields {
			fo := obj().set("name", f.Name).set("type", typeJSON(f.Type))
			docsJSON(fo, f.Docs)
			fs = append(fs, fo)
		}
		return obj().set("record", obj().set("fields", fs))
	case KindResource:
		return "resource"
	case KindHandle:
		which := "own"
		if k.Borrow {
			which = "borrow"
		}
		return obj().set("handle", obj().set(which, int(k.Handle)))
	case KindFlags:
		fs := []jsonValue{}
		for _, f := range k.Flags {
			fo := obj().set("name", f.Name)
			docsJSON(fo, f.Docs)
			fs = append(fs, fo)
		}
		return obj().set("flags", obj().set("flags", fs))
	case KindTuple:
		ts := []jsonValue{}
		for _, t := range k.Types {
			ts = append(ts, typeJSON(t))
		}
		return obj().set("tuple", obj().set("types", ts))
	case KindVariant:
		cs := []jsonValue{}
		for _, c := range k.Cases {
			co := obj().set("name", c.Name).set("type", optTypeJSON(c.Type))
			docsJSON(co, c.Docs)
			cs = append(cs, co)
		}
		return obj().set("variant", obj().set("cases", cs))
	case KindEnum:
		cs := []jsonValue{}
		for _, c := range k.Flags {
			co := obj().set("name", c.Name)
			docsJSON(co, c.Docs)
			cs = append(cs, co)
		}
		return obj().set("enum", obj().set("cases", cs))
	case KindOption:
		return obj().set("option", typeJSON(k.Elem))
	case KindResult:
		return obj().set("result", obj().set("ok", optTypeJSON(k.Ok)).set("err", optTypeJSON(k.Err)))
	case KindList:
		return obj().set("list", typeJSON(k.Elem))
	case KindMap:
		return obj().set("map", []jsonValue{typeJSON(k.Elem), typeJSON(k.Value)})
	case KindFixedLengthList:
		return obj().set("fixed-length-list", []jsonValue{typeJSON(k.Elem), int(k.Size)})
	case KindFuture:
		return obj().set("future", optTypeJSON(k.Opt))
	case KindStream:
		return obj().set("stream", optTypeJSON(k.Opt))
	case KindType:
		return obj().set("type", typeJSON(k.Elem))
	}
	return "unknown"
}

// writeJSON pretty-prints v like serde_json: two-space indentation, empty
// arrays and objects as [] and {}.
func writeJSON(b *strings.Builder, v jsonValue, indent int) {
	nl := func(n int) {
		b.WriteByte('\n')
		b.WriteString(strings.Repeat("  ", n))
	}
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case int:
		b.WriteString(strconv.Itoa(v))
	case string:
		var q strings.Builder
		enc := json.NewEncoder(&q)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(v)
		b.WriteString(strings.TrimSuffix(q.String(), "\n"))
	case []jsonValue:
		if len(v) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			nl(indent + 1)
			writeJSON(b, e, indent+1)
		}
		nl(indent)
		b.WriteByte(']')
	case *jsonObject:
		if len(v.keys) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteByte('{')
		for i, k := range v.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			nl(indent + 1)
			writeJSON(b, k, indent+1)
			b.WriteString(": ")
			writeJSON(b, v.vals[i], indent+1)
		}
		nl(indent)
		b.WriteByte('}')
	}
}
