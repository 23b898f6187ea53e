package component

import (
	"errors"
	"fmt"
	"strings"

	"github.com/weftwasm/weft/value"
)

// externKind says whether a name is being imported or exported.
type externKind uint8

const (
	externNone externKind = iota
	externImport
	externExport
)

func (k externKind) String() string {
	if k == externImport {
		return "import"
	}
	return "export"
}

// addImport validates `(import name type)`.
func (v *validator) addImport(s *vscope, name ExternName, t ExternType) error {
	e, fresh, err := v.typeRef(s, t)
	if err != nil {
		return err
	}
	if s.kind == scopeInstanceType {
		return errors.New("instance types cannot have imports")
	}
	if err := v.account(s, e); err != nil {
		return err
	}
	e, err = v.addEntity(s, e, fresh, name.Name, externImport)
	if err != nil {
		return err
	}
	return v.validateExtern(s, &s.importCtx, name, externImport, e, s.importNames, &s.imports)
}

// addExport records an export of entity e (already resolved) under name.
func (v *validator) addExport(s *vscope, name ExternName, e EntityType, fresh bool) error {
	if err := v.account(s, e); err != nil {
		return err
	}
	e, err := v.addEntity(s, e, fresh, name.Name, externExport)
	if err != nil {
		return err
	}
	return v.validateExtern(s, &s.exportCtx, name, externExport, e, s.exportNames, &s.exports)
}

// export validates a component's export definition.
func (v *validator) export(s *vscope, ex Export) error {
	e, err := v.itemEntity(s, ex.Item, true)
	if err != nil {
		return err
	}
	if ex.Type != nil {
		asc, _, err := v.typeRef(s, ex.Type)
		if err != nil {
			return err
		}
		if err := entitySub(e, asc); err != nil {
			return withContext(err, "ascribed type of export is not compatible with item's type")
		}
		e = asc
	}
	return v.addExport(s, ex.Name, e, false)
}

// itemEntity returns the type of a definition named by a sortidx. forExport
// gives exported named types a new identity.
func (v *validator) itemEntity(s *vscope, it SortIdx, forExport bool) (EntityType, error) {
	switch it.Sort {
	case SortCoreModule:
		m, err := s.moduleAt(it.Index)
		return EntityType{Sort: SortCoreModule, Module: m}, err
	case SortFunc:
		f, err := s.funcAt(it.Index)
		return EntityType{Sort: SortFunc, Func: f}, err
	case SortValue:
		t, err := s.valueAt(it.Index)
		return EntityType{Sort: SortValue, Value: t}, err
	case SortType:
		d, err := s.typeAt(it.Index)
		if err != nil {
			return EntityType{}, err
		}
		if forExport {
			d = v.uniqueCopy(d)
		}
		return EntityType{Sort: SortType, Type: d}, nil
	case SortInstance:
		in, err := s.instanceAt(it.Index)
		return EntityType{Sort: SortInstance, Instance: in}, err
	case SortComponent:
		c, err := s.componentAt(it.Index)
		return EntityType{Sort: SortComponent, Component: c}, err
	}
	return EntityType{}, fmt.Errorf("invalid sort %s for a component item", it.Sort)
}

// addEntity appends e to its index space. For imports and exports it also
// tracks resources and checks that every type e mentions is named.
func (v *validator) addEntity(s *vscope, e EntityType, fresh bool, name string, kind externKind) (EntityType, error) {
	switch e.Sort {
	case SortCoreModule:
		s.coreModules = append(s.coreModules, e.Module)
	case SortComponent:
		s.components = append(s.components, e.Component)
	case SortInstance:
		switch kind {
		case externImport:
			e.Instance = v.prepareInstanceImport(s, e.Instance)
		case externExport:
			e.Instance = v.prepareInstanceExport(s, e.Instance)
		}
		s.instances = append(s.instances, e.Instance)
	case SortFunc:
		s.funcs = append(s.funcs, e.Func)
	case SortValue:
		s.values = append(s.values, valueSlot{typ: e.Value, used: kind == externExport})
	case SortType:
		s.types = append(s.types, e.Type)
		if kind != externNone {
			nameValueType(e.Type.Value, name)
		}
		if r := e.Type.Resource; r != nil {
			switch kind {
			case externImport:
				if fresh {
					s.importedResources = append(s.importedResources, r)
				}
			case externExport:
				if fresh {
					s.definedResources = append(s.definedResources, r)
				}
				s.explicit[r] = true
			}
		}
	default:
		return e, fmt.Errorf("invalid sort %s", e.Sort)
	}
	if kind != externNone && !v.registerNamedTypes(s, name, true, kind, e) {
		return e, fmt.Errorf("%s not valid to be used as %s", e.desc(), kind)
	}
	return e, nil
}

// account adds an import's or export's size to its scope's total, which is
// bounded like the size of any type.
func (v *validator) account(s *vscope, e EntityType) error {
	s.size += v.entitySize(e)
	if s.size > maxTypeSize {
		return fmt.Errorf("effective type size exceeds the limit of %d", maxTypeSize)
	}
	return nil
}

// nameValueType records the name a record, variant, enum or flags type is
// imported or exported under. Such types reach here as fresh copies made by
// uniqueCopy, so naming them changes no other type.
func nameValueType(t value.Type, name string) {
	switch t := t.(type) {
	case *value.RecordType:
		t.Name = name
	case *value.VariantType:
		t.Name = name
	case *value.EnumType:
		t.Name = name
	case *value.FlagsType:
		t.Name = name
	}
}

// prepareInstanceImport gives the abstract resources an imported instance
// type declares fresh identities, imported into s.
func (v *validator) prepareInstanceImport(s *vscope, t *InstanceTypeInfo) *InstanceTypeInfo {
	if len(t.Defined) == 0 {
		return t
	}
	m := newRemapping()
	m.aliases = v.aliases
	for _, old := range t.Defined {
		n := v.newResource(baseName(old.Name))
		m.res[old] = n
		s.importedResources = append(s.importedResources, n)
	}
	ex, _ := m.externs(t.Exports)
	return &InstanceTypeInfo{Exports: ex}
}

// prepareInstanceExport makes the abstract resources of an exported instance
// type resources defined by s, and marks every resource the instance exports
// as explicitly exported.
func (v *validator) prepareInstanceExport(s *vscope, t *InstanceTypeInfo) *InstanceTypeInfo {
	if len(t.Defined) > 0 {
		m := newRemapping()
		m.aliases = v.aliases
		for _, old := range t.Defined {
			n := v.newResource(baseName(old.Name))
			m.res[old] = n
			s.definedResources = append(s.definedResources, n)
		}
		ex, _ := m.externs(t.Exports)
		t = &InstanceTypeInfo{Exports: ex}
	}
	markExplicit(t, s.explicit)
	return t
}

func markExplicit(t *InstanceTypeInfo, set map[*value.ResourceType]bool) {
	for _, e := range t.Exports {
		switch e.Type.Sort {
		case SortType:
			if r := e.Type.Type.Resource; r != nil {
				set[r] = true
			}
		case SortInstance:
			markExplicit(e.Type.Instance, set)
		}
	}
}

// registerNamedTypes checks that every type e refers to has been imported
// or exported (so that it has a name in WIT terms), then records the types e
// itself names.
func (v *validator) registerNamedTypes(s *vscope, name string, top bool, kind externKind, e EntityType) bool {
	if top && e.Sort == SortType && e.Type.Resource != nil {
		ctx := &s.exportCtx
		if kind == externImport {
			ctx = &s.importCtx
		}
		ctx.register(name, e.Type.Resource)
		v.nameResource(e.Type.Resource, name)
	}
	if s.kind == scopeInstanceType {
		return true
	}
	n := named{set: s.exportedTypes, aliases: v.aliases}
	if kind == externImport {
		n.set = s.importedTypes
	}
	switch e.Sort {
	case SortType:
		if !n.allIn(e.Type) {
			return false
		}
		key := typeKey(e.Type)
		if kind == externImport {
			s.importedTypes[key] = true
		}
		s.exportedTypes[key] = true
		return true
	case SortInstance:
		for _, ex := range e.Instance.Exports {
			if !v.registerNamedTypes(s, "", false, kind, ex.Type) {
				return false
			}
		}
		return true
	case SortFunc:
		return n.fn(e.Func)
	case SortValue:
		return n.typ(e.Value)
	}
	return true
}

// typeKey is the identity of a type for the named-type sets.
func typeKey(d TypeDef) any {
	switch {
	case d.Value != nil:
		return d.Value
	case d.Resource != nil:
		if d.alias != nil {
			return d.alias
		}
		return d.Resource
	case d.Func != nil:
		return d.Func
	case d.Instance != nil:
		return d.Instance
	}
	return d.Component
}

// named answers whether types have names in one direction (imports or
// exports) of a component.
type named struct {
	set     map[any]bool
	aliases map[value.Type]*aliasID
}

// handle reports whether the resource name a handle type was written with
// is named.
func (n named) handle(h value.Type, r *value.ResourceType) bool {
	if a, ok := n.aliases[h]; ok {
		return n.set[a]
	}
	return n.set[r]
}

func (n named) allIn(d TypeDef) bool {
	switch {
	case d.Value != nil:
		return n.defined(d.Value)
	case d.Func != nil:
		return n.fn(d.Func)
	case d.Instance != nil:
		return n.instance(d.Instance)
	}
	return true
}

func (n named) instance(t *InstanceTypeInfo) bool {
	for _, e := range t.Exports {
		ok := true
		switch e.Type.Sort {
		case SortFunc:
			ok = n.fn(e.Type.Func)
		case SortType:
			ok = n.allIn(e.Type.Type)
		case SortValue:
			if !e.Type.Value.Kind().IsPrimitive() {
				ok = n.defined(e.Type.Value)
			}
		case SortInstance:
			ok = n.instance(e.Type.Instance)
		}
		if !ok {
			return false
		}
	}
	return true
}

func (n named) fn(f *value.FuncType) bool {
	for _, p := range f.Params {
		if !n.typ(p.Type) {
			return false
		}
	}
	return f.Result == nil || n.typ(f.Result)
}

// defined checks the parts of a defined type one layer down.
func (n named) defined(t value.Type) bool {
	switch t := t.(type) {
	case *value.RecordType:
		for _, f := range t.Fields {
			if !n.typ(f.Type) {
				return false
			}
		}
	case *value.VariantType:
		for _, c := range t.Cases {
			if c.Type != nil && !n.typ(c.Type) {
				return false
			}
		}
	case *value.EnumType, *value.FlagsType, value.Primitive:
		return true
	default:
		return n.typ(t)
	}
	return true
}

// typ is wasmparser's type_named_valtype: records, variants, enums and flags
// must be named themselves; other types must have named parts.
func (n named) typ(t value.Type) bool {
	switch t := t.(type) {
	case nil, value.Primitive:
		return true
	case *value.RecordType, *value.VariantType, *value.EnumType, *value.FlagsType:
		return n.set[t]
	case *value.TupleType:
		for _, e := range t.Types {
			if !n.typ(e) {
				return false
			}
		}
		return true
	case *value.ResultType:
		return n.typ(t.Ok) && n.typ(t.Err)
	case *value.ListType:
		return n.typ(t.Elem)
	case *value.OptionType:
		return n.typ(t.Elem)
	case *value.MapType:
		return n.typ(t.Key) && n.typ(t.Value)
	case *value.OwnType:
		return n.handle(t, t.Resource)
	case *value.BorrowType:
		return n.handle(t, t.Resource)
	case *value.FutureType:
		return n.typ(t.Elem)
	case *value.StreamType:
		return n.typ(t.Elem)
	}
	return true
}

// finish turns a component (or component type) scope into its type, checking
// the resource rules.
func (v *validator) finish(s *vscope) (*ComponentTypeInfo, error) {
	ct := &ComponentTypeInfo{Imports: s.imports, Exports: s.exports, Imported: s.importedResources}
	free := map[*value.ResourceType]bool{}
	for _, im := range s.imports {
		v.facts.entity(im.Type, free)
	}
	for _, r := range s.definedResources {
		if free[r] {
			return nil, errors.New("local resource type found in imports")
		}
	}
	clear(free)
	for _, ex := range s.exports {
		v.facts.entity(ex.Type, free)
	}
	for _, r := range s.definedResources {
		if !free[r] {
			continue
		}
		if !s.explicit[r] {
			return nil, errors.New("local resource type found in export but not exported itself")
		}
		ct.Defined = append(ct.Defined, r)
	}
	return ct, v.checkSize(ct)
}

// coreInstance validates a core instance definition.
func (v *validator) coreInstance(s *vscope, in CoreInstance) error {
	switch in := in.(type) {
	case *CoreInstantiate:
		mt, err := s.moduleAt(uint32(in.Module))
		if err != nil {
			return err
		}
		args := map[string]*CoreInstanceInfo{}
		for _, a := range in.Args {
			ci, err := s.coreInstanceAt(uint32(a.Instance))
			if err != nil {
				return err
			}
			if _, dup := args[a.Name]; dup {
				return fmt.Errorf("duplicate module instantiation argument named `%s`", a.Name)
			}
			args[a.Name] = ci
		}
		for _, im := range mt.Imports {
			arg, ok := args[im.Module]
			if !ok {
				return fmt.Errorf("missing module instantiation argument named `%s`", im.Module)
			}
			got, ok := arg.Export(im.Field)
			if !ok {
				return fmt.Errorf("module instantiation argument `%s` does not export an item named `%s`", im.Module, im.Field)
			}
			if err := coreEntitySub(got, im.Type); err != nil {
				return withContext(err, "type mismatch for export `%s` of module instantiation argument `%s`", im.Field, im.Module)
			}
		}
		s.coreInstances = append(s.coreInstances, newCoreInstanceInfo(mt.Exports))
		return nil
	case *CoreInstanceFromExports:
		exports := make([]CoreExportInfo, 0, len(in.Exports))
		seen := map[string]bool{}
		for _, ex := range in.Exports {
			ce, err := s.coreItem(ex.Item)
			if err != nil {
				return err
			}
			if seen[ex.Name] {
				return fmt.Errorf("duplicate instantiation export name `%s` already defined", ex.Name)
			}
			seen[ex.Name] = true
			exports = append(exports, CoreExportInfo{Name: ex.Name, Type: ce})
		}
		s.coreInstances = append(s.coreInstances, newCoreInstanceInfo(exports))
		return nil
	}
	return fmt.Errorf("unknown core instance %T", in)
}

// coreItem returns the type of a core definition named by a core:sortidx.
func (s *vscope) coreItem(it CoreSortIdx) (CoreEntity, error) {
	switch it.Sort {
	case CoreSortFunc:
		f, err := s.coreFuncAt(it.Index)
		return CoreEntity{Kind: CoreExternFunc, Func: f}, err
	case CoreSortTable:
		t, err := s.tableAt(it.Index)
		return CoreEntity{Kind: CoreExternTable, Table: t}, err
	case CoreSortMemory:
		m, err := s.memoryAt(it.Index)
		return CoreEntity{Kind: CoreExternMemory, Memory: m}, err
	case CoreSortGlobal:
		g, err := s.globalAt(it.Index)
		return CoreEntity{Kind: CoreExternGlobal, Global: g}, err
	case CoreSortTag:
		f, err := s.tagAt(it.Index)
		return CoreEntity{Kind: CoreExternTag, Func: f}, err
	}
	return CoreEntity{}, fmt.Errorf("invalid core sort %s for a core instance export", it.Sort)
}

// instance validates a component instance definition.
func (v *validator) instance(s *vscope, in Instance) error {
	switch in := in.(type) {
	case *Instantiate:
		ct, err := s.componentAt(uint32(in.Component))
		if err != nil {
			return err
		}
		args := make([]Extern, 0, len(in.Args))
		seen := map[string]bool{}
		for _, a := range in.Args {
			e, err := v.itemEntity(s, a.Item, false)
			if err != nil {
				return err
			}
			if seen[a.Name] {
				return fmt.Errorf("instantiation argument `%s` conflicts with previous argument `%s`", a.Name, a.Name)
			}
			seen[a.Name] = true
			args = append(args, Extern{Name: ExternName{Name: a.Name}, Type: e})
		}
		m, err := openType(args, ct.Imports, ct.Imported, "import")
		if err != nil {
			return err
		}
		m.aliases = v.aliases
		for _, old := range ct.Defined {
			n := v.newResource(baseName(old.Name))
			m.res[old] = n
			s.definedResources = append(s.definedResources, n)
		}
		ex, _ := m.externs(ct.Exports)
		it := &InstanceTypeInfo{Exports: ex}
		s.instances = append(s.instances, it)
		return v.checkSize(it)
	case *InstanceFromExports:
		out := &InstanceTypeInfo{}
		names := nameSet{}
		ctx := newNameContext()
		total := uint32(1)
		for _, ex := range in.Exports {
			e, err := v.itemEntity(s, ex.Item, false)
			if err != nil {
				return err
			}
			if total += v.entitySize(e); total > maxTypeSize {
				return fmt.Errorf("effective type size exceeds the limit of %d", maxTypeSize)
			}
			if err := v.validateExtern(s, &ctx, ex.Name, externExport, e, names, &out.Exports); err != nil {
				return err
			}
		}
		s.instances = append(s.instances, out)
		return v.checkSize(out)
	}
	return fmt.Errorf("unknown instance %T", in)
}

// alias validates an alias definition.
func (v *validator) alias(s *vscope, a Alias) error {
	if s.kind != scopeComponent {
		ok := false
		switch a := a.(type) {
		case *AliasExport:
			ok = a.Sort == SortType || a.Sort == SortInstance
		case *AliasOuter:
			ok = a.Sort == SortType || a.Sort == SortCoreType
		}
		if !ok {
			return errors.New("aliases in a component or instance type may only refer to types or instances")
		}
	}
	switch a := a.(type) {
	case *AliasExport:
		in, err := s.instanceAt(uint32(a.Instance))
		if err != nil {
			return err
		}
		e, ok := in.Export(a.Name)
		if !ok {
			return fmt.Errorf("instance %d has no export named `%s`", a.Instance, a.Name)
		}
		if e.Sort != a.Sort {
			return fmt.Errorf("export `%s` for instance %d is not a %s", a.Name, a.Instance, EntityType{Sort: a.Sort}.desc())
		}
		if e.Sort == SortValue {
			// Aliasing a value moves it into this index space; it must then
			// be used exactly once here.
			s.values = append(s.values, valueSlot{typ: e.Value})
			return nil
		}
		_, err = v.addEntity(s, e, false, "", externNone)
		return err
	case *AliasCoreExport:
		ci, err := s.coreInstanceAt(uint32(a.Instance))
		if err != nil {
			return err
		}
		ce, ok := ci.Export(a.Name)
		if !ok {
			return fmt.Errorf("core instance %d has no export named `%s`", a.Instance, a.Name)
		}
		want := map[CoreSort]CoreExternKind{
			CoreSortFunc: CoreExternFunc, CoreSortTable: CoreExternTable, CoreSortMemory: CoreExternMemory,
			CoreSortGlobal: CoreExternGlobal, CoreSortTag: CoreExternTag,
		}
		k, valid := want[a.Sort]
		if !valid {
			return fmt.Errorf("invalid core sort %s for a core export alias", a.Sort)
		}
		got := ce.Kind
		if got == CoreExternFuncExact {
			got = CoreExternFunc
		}
		if got != k {
			what := a.Sort.String()
			if a.Sort == CoreSortFunc {
				what = "function"
			}
			return fmt.Errorf("export `%s` for core instance %d is not a %s", a.Name, a.Instance, what)
		}
		switch k {
		case CoreExternFunc:
			s.coreFuncs = append(s.coreFuncs, ce.Func)
		case CoreExternTable:
			s.coreTables = append(s.coreTables, ce.Table)
		case CoreExternMemory:
			s.coreMems = append(s.coreMems, ce.Memory)
		case CoreExternGlobal:
			s.coreGlobals = append(s.coreGlobals, ce.Global)
		case CoreExternTag:
			s.coreTags = append(s.coreTags, ce.Func)
		}
		return nil
	case *AliasOuter:
		return v.aliasOuter(s, a)
	}
	return fmt.Errorf("unknown alias %T", a)
}

func (v *validator) aliasOuter(s *vscope, a *AliasOuter) error {
	target, err := s.outer(a.Count)
	if err != nil {
		return err
	}
	switch a.Sort {
	case SortCoreModule:
		m, err := target.moduleAt(a.Index)
		if err != nil {
			return err
		}
		s.coreModules = append(s.coreModules, m)
	case SortComponent:
		c, err := target.componentAt(a.Index)
		if err != nil {
			return err
		}
		s.components = append(s.components, c)
	case SortCoreType:
		d, err := target.coreTypeAt(a.Index)
		if err != nil {
			return err
		}
		s.coreTypes = append(s.coreTypes, d)
	case SortType:
		d, err := target.typeAt(a.Index)
		if err != nil {
			return err
		}
		if a.Count > 0 {
			below, _ := s.outer(a.Count - 1)
			if below.kind == scopeComponent {
				free := map[*value.ResourceType]bool{}
				v.facts.typeDef(d, free)
				if len(free) > 0 {
					return errors.New("cannot alias outer type which transitively refers to resources not defined in the current component")
				}
			}
		}
		s.types = append(s.types, d)
	default:
		return fmt.Errorf("invalid outer alias sort %s", a.Sort)
	}
	return nil
}

// start validates the start definition.
func (v *validator) start(s *vscope, st Start) error {
	if s.hasStart {
		return errors.New("component cannot have more than one start function")
	}
	f, err := s.funcAt(uint32(st.Func))
	if err != nil {
		return err
	}
	if len(f.Params) != len(st.Args) {
		return fmt.Errorf("component start function requires %d arguments but was given %d", len(f.Params), len(st.Args))
	}
	results := uint32(0)
	if f.Result != nil {
		results = 1
	}
	if results != st.Results {
		return fmt.Errorf("component start function has a result count of %d but the function type has a result count of %d", st.Results, results)
	}
	for i, a := range st.Args {
		t, err := s.valueAt(uint32(a))
		if err != nil {
			return err
		}
		if err := valSub(t, f.Params[i].Type); err != nil {
			return withContext(err, "value type mismatch for component start function argument %d", i)
		}
	}
	if f.Result != nil {
		s.values = append(s.values, valueSlot{typ: f.Result})
	}
	s.hasStart = true
	return nil
}

// baseName strips the serial number newResource appends.
func baseName(name string) string {
	if i := strings.LastIndexByte(name, '#'); i >= 0 {
		return name[:i]
	}
	return name
}
