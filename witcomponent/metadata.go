package witcomponent

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/weftwasm/weft/semver"
	"github.com/weftwasm/weft/wit"
)

// The component model binary has no place for docs and feature gates, so
// wit-component keeps them in a `package-docs` custom section of a binary
// WIT package: a version byte, then JSON (wit-parser's PackageMetadata).
const (
	packageDocsSection = "package-docs"
	packageDocsVersion = 1
)

// jsonWriter writes compact JSON objects with keys in insertion order, as
// serde_json does (which escapes only quotes, backslashes and control
// characters).
type jsonWriter struct {
	b     strings.Builder
	first []bool
}

func (w *jsonWriter) open() {
	w.b.WriteByte('{')
	w.first = append(w.first, true)
}

func (w *jsonWriter) close() {
	w.b.WriteByte('}')
	w.first = w.first[:len(w.first)-1]
}

func (w *jsonWriter) key(k string) {
	if !w.first[len(w.first)-1] {
		w.b.WriteByte(',')
	}
	w.first[len(w.first)-1] = false
	w.str(k)
	w.b.WriteByte(':')
}

func (w *jsonWriter) str(s string) {
	w.b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			w.b.WriteString(`\"`)
		case '\\':
			w.b.WriteString(`\\`)
		case '\n':
			w.b.WriteString(`\n`)
		case '\r':
			w.b.WriteString(`\r`)
		case '\t':
			w.b.WriteString(`\t`)
		case '\b':
			w.b.WriteString(`\b`)
		case '\f':
			w.b.WriteString(`\f`)
		default:
			if r < 0x20 {
				fmt.Fprintf(&w.b, `\u%04x`, r)
			} else {
				w.b.WriteRune(r)
			}
		}
	}
	w.b.WriteByte('"')
}

func (w *jsonWriter) docs(d wit.Docs) {
	if d.Contents != "" {
		w.key("docs")
		w.str(d.Contents)
	}
}

func (w *jsonWriter) stability(s wit.Stability) {
	if s.Kind == wit.StabilityUnknown {
		return
	}
	w.key("stability")
	w.stabilityValue(s)
}

// stabilityValue writes serde's externally tagged form:
// {"stable":{"since":"1.0.0"}} or {"unstable":{"feature":"x"}}.
func (w *jsonWriter) stabilityValue(s wit.Stability) {
	w.open()
	if s.Kind == wit.StabilityStable {
		w.key("stable")
		w.open()
		w.key("since")
		w.str(s.Since.String())
	} else {
		w.key("unstable")
		w.open()
		w.key("feature")
		w.str(s.Feature)
	}
	if s.Deprecated != nil {
		w.key("deprecated")
		w.str(s.Deprecated.String())
	}
	w.close()
	w.close()
}

// sub writes a nested object under key k when fill writes anything.
func (w *jsonWriter) sub(k string, fill func(*jsonWriter)) {
	var inner jsonWriter
	inner.open()
	fill(&inner)
	inner.close()
	if s := inner.b.String(); s != "{}" {
		w.key(k)
		w.b.WriteString(s)
	}
}

// packageDocs encodes the package-docs section of package pkg.
func packageDocs(r *wit.Resolve, pkg wit.PackageID) []byte {
	p := &r.Packages[pkg]
	var w jsonWriter
	w.open()
	w.docs(p.Docs)
	w.sub("worlds", func(w *jsonWriter) {
		for name, id := range p.Worlds.All() {
			w.sub(name, func(w *jsonWriter) { worldDocs(w, r, id) })
		}
	})
	w.sub("interfaces", func(w *jsonWriter) {
		for name, id := range p.Interfaces.All() {
			w.sub(name, func(w *jsonWriter) { interfaceDocs(w, r, id) })
		}
	})
	w.close()
	return append([]byte{packageDocsVersion}, w.b.String()...)
}

func interfaceDocs(w *jsonWriter, r *wit.Resolve, id wit.InterfaceID) {
	iface := &r.Interfaces[id]
	w.docs(iface.Docs)
	w.stability(iface.Stability)
	w.sub("funcs", func(w *jsonWriter) {
		for name, f := range iface.Functions.All() {
			w.sub(name, func(w *jsonWriter) { w.docs(f.Docs); w.stability(f.Stability) })
		}
	})
	w.sub("types", func(w *jsonWriter) {
		for name, t := range iface.Types.All() {
			w.sub(name, func(w *jsonWriter) { typeDocs(w, &r.Types[t]) })
		}
	})
}

func typeDocs(w *jsonWriter, t *wit.TypeDef) {
	w.docs(t.Docs)
	w.stability(t.Stability)
	w.sub("items", func(w *jsonWriter) {
		item := func(name string, d wit.Docs) {
			if d.Contents != "" {
				w.key(name)
				w.str(d.Contents)
			}
		}
		switch t.Kind.Kind {
		case wit.KindRecord:
			for _, f := range t.Kind.Fields {
				item(f.Name, f.Docs)
			}
		case wit.KindFlags, wit.KindEnum:
			for _, f := range t.Kind.Flags {
				item(f.Name, f.Docs)
			}
		case wit.KindVariant:
			for _, c := range t.Kind.Cases {
				item(c.Name, c.Docs)
			}
		}
	})
}

func worldDocs(w *jsonWriter, r *wit.Resolve, id wit.WorldID) {
	world := &r.Worlds[id]
	w.docs(world.Docs)
	w.stability(world.Stability)
	type entry struct {
		key      wit.WorldKey
		item     wit.WorldItem
		isImport bool
	}
	var all []entry
	for k, it := range world.Imports.All() {
		all = append(all, entry{k, it, true})
	}
	for k, it := range world.Exports.All() {
		all = append(all, entry{k, it, false})
	}
	// Anonymous interfaces, types and functions by name; named interfaces'
	// gates and docs by their world key.
	anon := func(imports bool) func(*jsonWriter) {
		return func(w *jsonWriter) {
			for _, e := range all {
				if e.isImport == imports && !e.key.IsInterface && e.item.Kind == wit.WorldInterface && r.Interfaces[e.item.Interface].Name == "" {
					w.sub(e.key.Name, func(w *jsonWriter) { interfaceDocs(w, r, e.item.Interface) })
				}
			}
		}
	}
	funcs := func(imports bool) func(*jsonWriter) {
		return func(w *jsonWriter) {
			for _, e := range all {
				if e.isImport == imports && e.item.Kind == wit.WorldFunction {
					f := e.item.Function
					w.sub(e.key.Name, func(w *jsonWriter) { w.docs(f.Docs); w.stability(f.Stability) })
				}
			}
		}
	}
	named := func(imports bool, stab bool) func(*jsonWriter) {
		return func(w *jsonWriter) {
			for _, e := range all {
				if e.isImport != imports || e.item.Kind != wit.WorldInterface {
					continue
				}
				if !e.key.IsInterface && r.Interfaces[e.item.Interface].Name == "" {
					continue
				}
				name := r.WorldKeyName(e.key)
				if stab && e.item.Stability.Kind != wit.StabilityUnknown {
					w.key(name)
					w.stabilityValue(e.item.Stability)
				}
				if !stab && e.item.Docs.Contents != "" {
					w.key(name)
					w.str(e.item.Docs.Contents)
				}
			}
		}
	}
	w.sub("interfaces", anon(true))
	w.sub("types", func(w *jsonWriter) {
		for _, e := range all {
			if e.isImport && e.item.Kind == wit.WorldType {
				w.sub(e.key.Name, func(w *jsonWriter) { typeDocs(w, &r.Types[e.item.Type]) })
			}
		}
	})
	w.sub("funcs", funcs(true))
	w.sub("interface_exports", anon(false))
	w.sub("func_exports", funcs(false))
	w.sub("interface_import_stability", named(true, true))
	w.sub("interface_export_stability", named(false, true))
	w.sub("interface_import_docs", named(true, false))
	w.sub("interface_export_docs", named(false, false))
}

// Decoding: the JSON shapes of wit-parser's metadata.

type stabilityJSON struct {
	Stable *struct {
		Since      string  `json:"since"`
		Deprecated *string `json:"deprecated"`
	} `json:"stable"`
	Unstable *struct {
		Feature    string  `json:"feature"`
		Deprecated *string `json:"deprecated"`
	} `json:"unstable"`
}

type itemDocsJSON struct {
	Docs      *string         `json:"docs"`
	Stability json.RawMessage `json:"stability"`
}

type typeDocsJSON struct {
	itemDocsJSON
	Items map[string]string `json:"items"`
}

type interfaceDocsJSON struct {
	itemDocsJSON
	Funcs map[string]json.RawMessage `json:"funcs"`
	Types map[string]typeDocsJSON    `json:"types"`
}

type worldDocsJSON struct {
	itemDocsJSON
	Interfaces               map[string]interfaceDocsJSON `json:"interfaces"`
	Types                    map[string]typeDocsJSON      `json:"types"`
	Funcs                    map[string]json.RawMessage   `json:"funcs"`
	InterfaceExports         map[string]interfaceDocsJSON `json:"interface_exports"`
	FuncExports              map[string]json.RawMessage   `json:"func_exports"`
	InterfaceImportStability map[string]json.RawMessage   `json:"interface_import_stability"`
	InterfaceExportStability map[string]json.RawMessage   `json:"interface_export_stability"`
	InterfaceImportDocs      map[string]string            `json:"interface_import_docs"`
	InterfaceExportDocs      map[string]string            `json:"interface_export_docs"`
}

type packageDocsJSON struct {
	Docs       *string                      `json:"docs"`
	Worlds     map[string]worldDocsJSON     `json:"worlds"`
	Interfaces map[string]interfaceDocsJSON `json:"interfaces"`
}

func parseStability(raw json.RawMessage) (wit.Stability, error) {
	var s wit.Stability
	if len(raw) == 0 || string(raw) == `"unknown"` || string(raw) == "null" {
		return s, nil
	}
	var j stabilityJSON
	if err := json.Unmarshal(raw, &j); err != nil {
		return s, err
	}
	var dep *string
	switch {
	case j.Stable != nil:
		v, err := semver.Parse(j.Stable.Since)
		if err != nil {
			return s, err
		}
		s.Kind, s.Since, dep = wit.StabilityStable, v, j.Stable.Deprecated
	case j.Unstable != nil:
		s.Kind, s.Feature, dep = wit.StabilityUnstable, j.Unstable.Feature, j.Unstable.Deprecated
	default:
		return s, fmt.Errorf("unknown stability %s", raw)
	}
	if dep != nil {
		v, err := semver.Parse(*dep)
		if err != nil {
			return s, err
		}
		s.Deprecated = &v
	}
	return s, nil
}

func (j *itemDocsJSON) apply(d *wit.Docs, s *wit.Stability) error {
	if j.Docs != nil {
		d.Contents = *j.Docs
	}
	st, err := parseStability(j.Stability)
	if err != nil {
		return err
	}
	*s = st
	return nil
}

// injectPackageDocs applies a package-docs section to package pkg.
func injectPackageDocs(r *wit.Resolve, pkg wit.PackageID, data []byte) error {
	if len(data) == 0 || data[0] > packageDocsVersion {
		return fmt.Errorf("expected %s version %d", packageDocsSection, packageDocsVersion)
	}
	if !utf8.Valid(data[1:]) {
		return errors.New("package-docs is not UTF-8")
	}
	var j packageDocsJSON
	if err := json.Unmarshal(data[1:], &j); err != nil {
		return fmt.Errorf("%s: %w", packageDocsSection, err)
	}
	p := &r.Packages[pkg]
	for name, wj := range j.Worlds {
		id, ok := p.Worlds.Get(name)
		if !ok {
			return fmt.Errorf("missing world %q", name)
		}
		if err := wj.inject(r, id); err != nil {
			return fmt.Errorf("world %q: %w", name, err)
		}
	}
	for name, ij := range j.Interfaces {
		id, ok := p.Interfaces.Get(name)
		if !ok {
			return fmt.Errorf("missing interface %q", name)
		}
		if err := ij.inject(r, id); err != nil {
			return fmt.Errorf("interface %q: %w", name, err)
		}
	}
	if j.Docs != nil {
		p.Docs.Contents = *j.Docs
	}
	return nil
}

func injectFunc(f *wit.Function, raw json.RawMessage) error {
	var docs *string
	if err := json.Unmarshal(raw, &docs); err == nil {
		// The old form: just the docs.
		if docs != nil {
			f.Docs.Contents = *docs
		}
		return nil
	}
	var j itemDocsJSON
	if err := json.Unmarshal(raw, &j); err != nil {
		return err
	}
	return j.apply(&f.Docs, &f.Stability)
}

func (j *interfaceDocsJSON) inject(r *wit.Resolve, id wit.InterfaceID) error {
	iface := &r.Interfaces[id]
	for name, tj := range j.Types {
		t, ok := iface.Types.Get(name)
		if !ok {
			return fmt.Errorf("missing type %q", name)
		}
		if err := tj.inject(&r.Types[t]); err != nil {
			return err
		}
	}
	for name, raw := range j.Funcs {
		f, ok := iface.Functions.Get(name)
		if !ok {
			return fmt.Errorf("missing func %q", name)
		}
		if err := injectFunc(&f, raw); err != nil {
			return err
		}
		iface.Functions.Set(name, f)
	}
	return j.apply(&iface.Docs, &iface.Stability)
}

func (j *typeDocsJSON) inject(t *wit.TypeDef) error {
	used := 0
	set := func(name string, d *wit.Docs) {
		if v, ok := j.Items[name]; ok {
			d.Contents = v
			used++
		}
	}
	switch t.Kind.Kind {
	case wit.KindRecord:
		for i := range t.Kind.Fields {
			set(t.Kind.Fields[i].Name, &t.Kind.Fields[i].Docs)
		}
	case wit.KindFlags, wit.KindEnum:
		for i := range t.Kind.Flags {
			set(t.Kind.Flags[i].Name, &t.Kind.Flags[i].Docs)
		}
	case wit.KindVariant:
		for i := range t.Kind.Cases {
			set(t.Kind.Cases[i].Name, &t.Kind.Cases[i].Docs)
		}
	}
	if used != len(j.Items) {
		return fmt.Errorf("not all 'items' match the items of type %q", t.Name)
	}
	return j.apply(&t.Docs, &t.Stability)
}

func (j *worldDocsJSON) inject(r *wit.Resolve, id wit.WorldID) error {
	w := &r.Worlds[id]
	item := func(name string, exportOnly bool) (*wit.OrderedMap[wit.WorldKey, wit.WorldItem], wit.WorldItem, bool) {
		k := wit.NameKey(name)
		if !exportOnly {
			if it, ok := w.Imports.Get(k); ok {
				return &w.Imports, it, true
			}
		}
		it, ok := w.Exports.Get(k)
		return &w.Exports, it, ok
	}
	ifaces := func(m map[string]interfaceDocsJSON, exportOnly bool) error {
		for name, ij := range m {
			_, it, ok := item(name, exportOnly)
			if !ok || it.Kind != wit.WorldInterface {
				return fmt.Errorf("missing interface %q", name)
			}
			if err := ij.inject(r, it.Interface); err != nil {
				return err
			}
		}
		return nil
	}
	if err := ifaces(j.Interfaces, false); err != nil {
		return err
	}
	if err := ifaces(j.InterfaceExports, true); err != nil {
		return err
	}
	for name, tj := range j.Types {
		it, ok := w.Imports.Get(wit.NameKey(name))
		if !ok || it.Kind != wit.WorldType {
			return fmt.Errorf("missing type %q", name)
		}
		if err := tj.inject(&r.Types[it.Type]); err != nil {
			return err
		}
	}
	funcs := func(m map[string]json.RawMessage, exportOnly bool) error {
		for name, raw := range m {
			in, it, ok := item(name, exportOnly)
			if !ok || it.Kind != wit.WorldFunction {
				return fmt.Errorf("missing func %q", name)
			}
			f := *it.Function
			if err := injectFunc(&f, raw); err != nil {
				return err
			}
			it.Function = &f
			in.Set(wit.NameKey(name), it)
		}
		return nil
	}
	if err := funcs(j.Funcs, false); err != nil {
		return err
	}
	if err := funcs(j.FuncExports, true); err != nil {
		return err
	}
	// Named interfaces are keyed by their world key's name.
	named := func(m *wit.OrderedMap[wit.WorldKey, wit.WorldItem], stab map[string]json.RawMessage, docs map[string]string) error {
		found := 0
		for k, it := range m.All() {
			if it.Kind != wit.WorldInterface {
				continue
			}
			name := r.WorldKeyName(k)
			changed := false
			if raw, ok := stab[name]; ok {
				s, err := parseStability(raw)
				if err != nil {
					return err
				}
				it.Stability, changed = s, true
				found++
			}
			if d, ok := docs[name]; ok {
				it.Docs.Contents, changed = d, true
				found++
			}
			if changed {
				m.Set(k, it)
			}
		}
		if found != len(stab)+len(docs) {
			return errors.New("docs or stability for a missing interface")
		}
		return nil
	}
	if err := named(&w.Imports, j.InterfaceImportStability, j.InterfaceImportDocs); err != nil {
		return err
	}
	if err := named(&w.Exports, j.InterfaceExportStability, j.InterfaceExportDocs); err != nil {
		return err
	}
	return j.apply(&w.Docs, &w.Stability)
}
