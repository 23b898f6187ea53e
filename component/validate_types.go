package component

import (
	"errors"
	"fmt"

	"github.com/weftwasm/weft/value"
)

// addType validates a component type definition and appends it to the type
// index space.
func (v *validator) addType(s *vscope, t Type) error {
	var d TypeDef
	switch t := t.(type) {
	case DefValType:
		vt, err := v.definedType(s, t)
		if err != nil {
			return err
		}
		if v.elemSize(vt).size >= maxElemSize {
			return fmt.Errorf("type exceeds maximum byte size of %d", maxElemSize-1)
		}
		d = TypeDef{Value: vt}
	case *FuncType:
		f, err := v.funcType(s, t)
		if err != nil {
			return err
		}
		d = TypeDef{Func: f}
	case *ComponentType:
		ct, err := v.componentType(s, t.Decls)
		if err != nil {
			return err
		}
		d = TypeDef{Component: ct}
	case *InstanceType:
		it, err := v.instanceType(s, t.Decls)
		if err != nil {
			return err
		}
		d = TypeDef{Instance: it}
	case *ResourceType:
		r, err := v.resourceType(s, t)
		if err != nil {
			return err
		}
		d = TypeDef{Resource: r}
	default:
		return fmt.Errorf("unknown type definition %T", t)
	}
	s.types = append(s.types, d)
	return nil
}

func (v *validator) resourceType(s *vscope, t *ResourceType) (*value.ResourceType, error) {
	if s.kind != scopeComponent {
		return nil, errors.New("resources can only be defined within a concrete component")
	}
	switch t.Rep.Code {
	case CoreI32:
	case CoreI64:
		return nil, errors.New("resources with `i64` require the `cm64` feature to be enabled")
	default:
		return nil, errors.New("resources can only be represented by `i32` or `i64`")
	}
	if t.Dtor != nil {
		f, err := s.coreFuncAt(uint32(*t.Dtor))
		if err != nil {
			return nil, err
		}
		if !coreFuncEqual(f, &CoreFuncType{Params: []CoreValType{t.Rep}}) {
			return nil, fmt.Errorf("core function %d has wrong signature for a destructor", *t.Dtor)
		}
	}
	r := v.newResource("")
	s.definedResources = append(s.definedResources, r)
	s.localRep[r] = t.Rep
	return r, nil
}

// valType resolves a valtype reference.
func (v *validator) valType(s *vscope, t ValType) (value.Type, error) {
	if t.IsPrim() {
		p, ok := primitive(t.Prim)
		if !ok {
			return nil, fmt.Errorf("invalid primitive value type %#x", uint8(t.Prim))
		}
		return p, nil
	}
	return s.definedTypeAt(uint32(t.Index))
}

func (v *validator) optValType(s *vscope, t *ValType) (value.Type, error) {
	if t == nil {
		return nil, nil
	}
	return v.valType(s, *t)
}

func primitive(p PrimValType) (value.Type, bool) {
	switch p {
	case Bool:
		return value.BoolType, true
	case S8:
		return value.S8Type, true
	case U8:
		return value.U8Type, true
	case S16:
		return value.S16Type, true
	case U16:
		return value.U16Type, true
	case S32:
		return value.S32Type, true
	case U32:
		return value.U32Type, true
	case S64:
		return value.S64Type, true
	case U64:
		return value.U64Type, true
	case F32:
		return value.F32Type, true
	case F64:
		return value.F64Type, true
	case Char:
		return value.CharType, true
	case String:
		return value.StringType, true
	case ErrorContext:
		return value.ErrorContextType, true
	}
	return nil, false
}

// statsOf returns the depth and size of a resolved value type.
func (v *validator) statsOf(t value.Type) typeStats {
	if t == nil {
		return typeStats{}
	}
	if st, ok := v.stats[t]; ok {
		return st
	}
	return typeStats{depth: 1, size: 1}
}

// record computes and stores the stats of t from its parts.
func (v *validator) record(t value.Type, parts ...value.Type) error {
	st := typeStats{depth: 1, size: 1}
	for _, p := range parts {
		ps := v.statsOf(p)
		if ps.depth+1 > st.depth {
			st.depth = ps.depth + 1
		}
		st.size += ps.size
		if st.size > maxTypeSize {
			return fmt.Errorf("effective type size exceeds the limit of %d", maxTypeSize)
		}
	}
	if st.depth > maxTypeDepth {
		return errors.New("type nesting is too deep")
	}
	v.stats[t] = st
	return nil
}

// definedType resolves a defined value type.
func (v *validator) definedType(s *vscope, t DefValType) (value.Type, error) {
	switch t := t.(type) {
	case *PrimType:
		p, ok := primitive(t.Type)
		if !ok {
			return nil, fmt.Errorf("invalid primitive value type %#x", uint8(t.Type))
		}
		return p, nil
	case *RecordType:
		if len(t.Fields) == 0 {
			return nil, errors.New("record type must have at least one field")
		}
		names := map[string]string{}
		r := &value.RecordType{Fields: make([]value.Field, len(t.Fields))}
		parts := make([]value.Type, len(t.Fields))
		for i, f := range t.Fields {
			if err := checkKebabLabel(f.Name, "record field"); err != nil {
				return nil, err
			}
			if prev, dup := names[lowerASCII(f.Name)]; dup {
				return nil, fmt.Errorf("record field name `%s` conflicts with previous field name `%s`", f.Name, prev)
			}
			names[lowerASCII(f.Name)] = f.Name
			ft, err := v.valType(s, f.Type)
			if err != nil {
				return nil, err
			}
			r.Fields[i] = value.Field{Name: f.Name, Type: ft}
			parts[i] = ft
		}
		return r, v.record(r, parts...)
	case *VariantType:
		if len(t.Cases) == 0 {
			return nil, errors.New("variant type must have at least one case")
		}
		names := map[string]string{}
		r := &value.VariantType{Cases: make([]value.Case, len(t.Cases))}
		var parts []value.Type
		for i, c := range t.Cases {
			if err := checkKebabLabel(c.Name, "variant case"); err != nil {
				return nil, err
			}
			if prev, dup := names[lowerASCII(c.Name)]; dup {
				return nil, fmt.Errorf("variant case name `%s` conflicts with previous case name `%s`", c.Name, prev)
			}
			names[lowerASCII(c.Name)] = c.Name
			ct, err := v.optValType(s, c.Type)
			if err != nil {
				return nil, err
			}
			r.Cases[i] = value.Case{Name: c.Name, Type: ct}
			parts = append(parts, ct)
		}
		return r, v.record(r, parts...)
	case *ListType:
		e, err := v.valType(s, t.Elem)
		if err != nil {
			return nil, err
		}
		r := &value.ListType{Elem: e}
		return r, v.record(r, e)
	case *FixedListType:
		if t.Len < 1 {
			return nil, errors.New("Fixed-length lists must have more than zero elements")
		}
		e, err := v.valType(s, t.Elem)
		if err != nil {
			return nil, err
		}
		r := &value.ListType{Elem: e, Len: t.Len}
		return r, v.record(r, e)
	case *TupleType:
		if len(t.Types) == 0 {
			return nil, errors.New("tuple type must have at least one type")
		}
		r := &value.TupleType{Types: make([]value.Type, len(t.Types))}
		for i, e := range t.Types {
			et, err := v.valType(s, e)
			if err != nil {
				return nil, err
			}
			r.Types[i] = et
		}
		return r, v.record(r, r.Types...)
	case *FlagsType:
		if len(t.Names) == 0 {
			return nil, errors.New("flags must have at least one entry")
		}
		if len(t.Names) > maxFlags {
			return nil, fmt.Errorf("cannot have more than %d flags", maxFlags)
		}
		if err := uniqueLabels(t.Names, "flag", "flag"); err != nil {
			return nil, err
		}
		r := &value.FlagsType{Names: append([]string(nil), t.Names...)}
		return r, v.record(r)
	case *EnumType:
		if len(t.Names) == 0 {
			return nil, errors.New("enum type must have at least one variant")
		}
		if err := uniqueLabels(t.Names, "enum tag", "tag"); err != nil {
			return nil, err
		}
		r := &value.EnumType{Cases: append([]string(nil), t.Names...)}
		return r, v.record(r)
	case *OptionType:
		e, err := v.valType(s, t.Type)
		if err != nil {
			return nil, err
		}
		r := &value.OptionType{Elem: e}
		return r, v.record(r, e)
	case *ResultType:
		ok, err := v.optValType(s, t.OK)
		if err != nil {
			return nil, err
		}
		er, err := v.optValType(s, t.Err)
		if err != nil {
			return nil, err
		}
		r := &value.ResultType{Ok: ok, Err: er}
		return r, v.record(r, ok, er)
	case *OwnType:
		res, alias, err := s.resourceAt(uint32(t.Resource))
		if err != nil {
			return nil, err
		}
		h := &value.OwnType{Resource: res}
		if alias != nil {
			v.aliases[h] = alias
		}
		return h, nil
	case *BorrowType:
		res, alias, err := s.resourceAt(uint32(t.Resource))
		if err != nil {
			return nil, err
		}
		h := &value.BorrowType{Resource: res}
		if alias != nil {
			v.aliases[h] = alias
		}
		return h, nil
	case *FutureType:
		e, err := v.optValType(s, t.Elem)
		if err != nil {
			return nil, err
		}
		r := &value.FutureType{Elem: e}
		return r, v.record(r, e)
	case *StreamType:
		e, err := v.optValType(s, t.Elem)
		if err != nil {
			return nil, err
		}
		if e == value.CharType {
			return nil, errors.New("`stream<char>` is not valid at this time, use `stream<u8>` with a defined by encoding instead for now")
		}
		r := &value.StreamType{Elem: e}
		return r, v.record(r, e)
	case *MapType:
		k, err := v.valType(s, t.Key)
		if err != nil {
			return nil, err
		}
		val, err := v.valType(s, t.Value)
		if err != nil {
			return nil, err
		}
		r := &value.MapType{Key: k, Value: val}
		return r, v.record(r, k, val)
	}
	return nil, fmt.Errorf("unknown defined type %T", t)
}

func uniqueLabels(names []string, desc, short string) error {
	seen := map[string]string{}
	for _, n := range names {
		if err := checkKebabLabel(n, desc); err != nil {
			return err
		}
		if prev, dup := seen[lowerASCII(n)]; dup {
			return fmt.Errorf("%s name `%s` conflicts with previous %s name `%s`", desc, n, short, prev)
		}
		seen[lowerASCII(n)] = n
	}
	return nil
}

// funcType resolves a component function type.
func (v *validator) funcType(s *vscope, t *FuncType) (*value.FuncType, error) {
	f := &value.FuncType{Async: t.Async, Params: make([]value.Param, len(t.Params))}
	seen := map[string]string{}
	for i, p := range t.Params {
		if err := checkKebabLabel(p.Name, "function parameter"); err != nil {
			return nil, err
		}
		if prev, dup := seen[lowerASCII(p.Name)]; dup {
			return nil, fmt.Errorf("function parameter name `%s` conflicts with previous parameter name `%s`", p.Name, prev)
		}
		seen[lowerASCII(p.Name)] = p.Name
		pt, err := v.valType(s, p.Type)
		if err != nil {
			return nil, err
		}
		f.Params[i] = value.Param{Name: p.Name, Type: pt}
	}
	if t.Result != nil {
		rt, err := v.valType(s, *t.Result)
		if err != nil {
			return nil, err
		}
		if v.facts.hasBorrow(rt) {
			return nil, errors.New("function result cannot contain a `borrow` type")
		}
		f.Result = rt
	}
	return f, v.checkSize(f)
}

// componentType validates the declarators of a component type.
func (v *validator) componentType(parent *vscope, decls []Decl) (*ComponentTypeInfo, error) {
	s := newScope(scopeComponentType, parent)
	for _, d := range decls {
		if err := v.decl(s, d); err != nil {
			return nil, err
		}
	}
	return v.finish(s)
}

// instanceType validates the declarators of an instance type.
func (v *validator) instanceType(parent *vscope, decls []Decl) (*InstanceTypeInfo, error) {
	s := newScope(scopeInstanceType, parent)
	for _, d := range decls {
		if _, ok := d.(*DeclImport); ok {
			return nil, errors.New("instance types cannot have imports")
		}
		if err := v.decl(s, d); err != nil {
			return nil, err
		}
	}
	it := &InstanceTypeInfo{Exports: s.exports, Defined: s.definedResources}
	return it, v.checkSize(it)
}

func (v *validator) decl(s *vscope, d Decl) error {
	switch d := d.(type) {
	case *DeclCoreType:
		return v.addCoreType(s, d.Type)
	case *DeclType:
		return v.addType(s, d.Type)
	case *DeclAlias:
		return v.alias(s, d.Alias)
	case *DeclImport:
		return v.addImport(s, d.Name, d.Type)
	case *DeclExport:
		e, fresh, err := v.typeRef(s, d.Type)
		if err != nil {
			return err
		}
		return v.addExport(s, d.Name, e, fresh)
	}
	return fmt.Errorf("unknown declarator %T", d)
}

// typeRef resolves an externtype. fresh is set when it introduces a new
// abstract resource, `(type (sub resource))`.
func (v *validator) typeRef(s *vscope, t ExternType) (e EntityType, fresh bool, err error) {
	switch t := t.(type) {
	case *ExternModule:
		d, err := s.coreTypeAt(uint32(t.Type))
		if err != nil {
			return e, false, err
		}
		if d.module == nil {
			return e, false, fmt.Errorf("core type index %d is not a module type", t.Type)
		}
		return EntityType{Sort: SortCoreModule, Module: d.module}, false, nil
	case *ExternFunc:
		d, err := s.typeAt(uint32(t.Type))
		if err != nil {
			return e, false, err
		}
		if d.Func == nil {
			return e, false, fmt.Errorf("type index %d is not a function type", t.Type)
		}
		return EntityType{Sort: SortFunc, Func: d.Func}, false, nil
	case *ExternValue:
		var vt value.Type
		if t.Eq {
			vt, err = s.valueAt(uint32(t.Value))
		} else {
			vt, err = v.valType(s, t.Type)
		}
		if err != nil {
			return e, false, err
		}
		return EntityType{Sort: SortValue, Value: vt}, false, nil
	case *ExternTypeBound:
		if t.SubResource {
			return EntityType{Sort: SortType, Type: TypeDef{Resource: v.newResource("")}}, true, nil
		}
		d, err := s.typeAt(uint32(t.Eq))
		if err != nil {
			return e, false, err
		}
		return EntityType{Sort: SortType, Type: v.uniqueCopy(d)}, false, nil
	case *ExternInstance:
		d, err := s.typeAt(uint32(t.Type))
		if err != nil {
			return e, false, err
		}
		if d.Instance == nil {
			return e, false, fmt.Errorf("type index %d is not an instance type", t.Type)
		}
		return EntityType{Sort: SortInstance, Instance: d.Instance}, false, nil
	case *ExternComponent:
		d, err := s.typeAt(uint32(t.Type))
		if err != nil {
			return e, false, err
		}
		if d.Component == nil {
			return e, false, fmt.Errorf("type index %d is not a component type", t.Type)
		}
		return EntityType{Sort: SortComponent, Component: d.Component}, false, nil
	}
	return e, false, fmt.Errorf("unknown extern type %T", t)
}

// uniqueCopy gives a named type a new identity: importing or exporting a
// record, variant, enum or flags type introduces a new name for it, and only
// types reached through such names may appear in other imports and exports.
func (v *validator) uniqueCopy(d TypeDef) TypeDef {
	if d.Resource != nil {
		return TypeDef{Resource: d.Resource, alias: &aliasID{}}
	}
	var c value.Type
	switch t := d.Value.(type) {
	case *value.RecordType:
		n := *t
		c = &n
	case *value.VariantType:
		n := *t
		c = &n
	case *value.EnumType:
		n := *t
		c = &n
	case *value.FlagsType:
		n := *t
		c = &n
	default:
		return d
	}
	v.stats[c] = v.statsOf(d.Value)
	return TypeDef{Value: c}
}

// addCoreType validates a core type definition.
func (v *validator) addCoreType(s *vscope, t CoreType) error {
	switch t := t.(type) {
	case *CoreRecGroup:
		limit := len(s.coreTypes) + len(t.Types)
		for i := range t.Types {
			if err := checkSubType(s, &t.Types[i], limit); err != nil {
				return err
			}
		}
		for i := range t.Types {
			st := t.Types[i]
			s.coreTypes = append(s.coreTypes, coreTypeDef{sub: &st})
		}
		return nil
	case *CoreModuleType:
		mt, err := v.moduleType(s, t)
		if err != nil {
			return err
		}
		s.coreTypes = append(s.coreTypes, coreTypeDef{module: mt})
		return nil
	}
	return fmt.Errorf("unknown core type %T", t)
}

// checkSubType checks the type indices a core subtype mentions: they must
// name core subtypes defined before it or in its own rec group (limit is the
// index just past the group).
func checkSubType(s *vscope, st *CoreSubType, limit int) error {
	ref := func(i CoreTypeIdx) error {
		if int64(i) >= int64(limit) {
			return fmt.Errorf("unknown type %d: type index out of bounds", i)
		}
		if int(i) < len(s.coreTypes) && s.coreTypes[i].module != nil {
			return fmt.Errorf("type index %d is a module type, not a sub type", i)
		}
		return nil
	}
	val := func(t CoreValType) error {
		if (t.Code == CoreRef || t.Code == CoreRefNull) && t.Heap.Concrete {
			return ref(t.Heap.Index)
		}
		return nil
	}
	for _, sup := range st.Supers {
		if err := ref(sup); err != nil {
			return err
		}
	}
	switch c := st.Comp.(type) {
	case *CoreFuncType:
		for _, list := range [][]CoreValType{c.Params, c.Results} {
			for _, t := range list {
				if err := val(t); err != nil {
					return err
				}
			}
		}
	case *CoreStructType:
		for _, f := range c.Fields {
			if err := val(f.Storage); err != nil {
				return err
			}
		}
	case *CoreArrayType:
		return val(c.Field.Storage)
	case *CoreContType:
		return ref(c.Type)
	}
	return nil
}

// moduleType resolves a core module type declaration.
func (v *validator) moduleType(s *vscope, t *CoreModuleType) (*ModuleTypeInfo, error) {
	var local []coreTypeDef
	funcAt := func(i CoreTypeIdx) (*CoreFuncType, error) {
		if int64(i) >= int64(len(local)) {
			return nil, fmt.Errorf("unknown type %d: type index out of bounds", i)
		}
		d := local[i]
		if d.sub == nil {
			return nil, fmt.Errorf("type index %d is a module type, not a sub type", i)
		}
		f, ok := d.sub.Comp.(*CoreFuncType)
		if !ok {
			return nil, fmt.Errorf("type index %d is not a function type", i)
		}
		return f, nil
	}
	mt := &ModuleTypeInfo{}
	seenExport := map[string]bool{}
	for _, d := range t.Decls {
		switch d := d.(type) {
		case *CoreTypeDecl:
			for i := range d.Type.Types {
				st := d.Type.Types[i]
				local = append(local, coreTypeDef{sub: &st})
			}
		case *CoreAliasDecl:
			var def coreTypeDef
			if d.Count == 0 {
				if int64(d.Index) >= int64(len(local)) {
					return nil, fmt.Errorf("unknown type %d: type index out of bounds", d.Index)
				}
				def = local[d.Index]
			} else {
				o, err := s.outer(d.Count - 1)
				if err != nil {
					return nil, err
				}
				if def, err = o.coreTypeAt(d.Index); err != nil {
					return nil, err
				}
			}
			if def.module != nil {
				return nil, errors.New("not implemented: aliasing core module types into a core module's types index space")
			}
			local = append(local, def)
		case *CoreImportDecl:
			ce, err := coreEntityOf(d.Type, funcAt)
			if err != nil {
				return nil, err
			}
			mt.Imports = append(mt.Imports, CoreImportInfo{Module: d.Module, Field: d.Field, Type: ce})
		case *CoreExportDecl:
			ce, err := coreEntityOf(d.Type, funcAt)
			if err != nil {
				return nil, err
			}
			if seenExport[d.Name] {
				return nil, fmt.Errorf("duplicate export name `%s` already defined", d.Name)
			}
			seenExport[d.Name] = true
			mt.Exports = append(mt.Exports, CoreExportInfo{Name: d.Name, Type: ce})
		default:
			return nil, fmt.Errorf("unknown module type declarator %T", d)
		}
	}
	return mt, uniqueImports(mt.Imports)
}

// coreEntityOf resolves a core externtype, looking function types up with
// funcAt.
func coreEntityOf(t CoreExternType, funcAt func(CoreTypeIdx) (*CoreFuncType, error)) (CoreEntity, error) {
	ce := CoreEntity{Kind: t.Kind}
	switch t.Kind {
	case CoreExternFunc, CoreExternFuncExact, CoreExternTag:
		f, err := funcAt(t.Func)
		if err != nil {
			return ce, err
		}
		if t.Kind == CoreExternTag && len(f.Results) != 0 {
			return ce, errors.New("invalid exception type: non-empty tag result type")
		}
		ce.Func = f
	case CoreExternTable:
		ce.Table = t.Table
	case CoreExternMemory:
		if err := checkMemoryLimits(t.Memory); err != nil {
			return ce, err
		}
		ce.Memory = t.Memory
	case CoreExternGlobal:
		ce.Global = t.Global
	default:
		return ce, fmt.Errorf("unknown core extern kind %s", t.Kind)
	}
	return ce, nil
}

// checkMemoryLimits checks a memory type's limits against core wasm's
// maximum sizes.
func checkMemoryLimits(l Limits) error {
	limit := uint64(1) << 16
	desc := "65536 pages (4GiB)"
	if l.Is64() {
		limit, desc = uint64(1)<<48, "2**48 pages"
	}
	if l.Flags&0x08 != 0 && l.PageSizeLog2 == 0 {
		limit = 0xffff_ffff
	}
	if l.Min > limit || (l.HasMax() && l.Max > limit) {
		return fmt.Errorf("memory size must be at most %s", desc)
	}
	if l.HasMax() && l.Max < l.Min {
		return errors.New("size minimum must not be greater than maximum")
	}
	return nil
}
