package component

import (
	"fmt"
	"slices"

	"github.com/weftwasm/weft/value"
)

// Subtyping follows wasmparser: function and value types must match exactly
// (structurally, with resources compared by identity), instances may export
// more than expected, components may import less and export more, and core
// modules follow core wasm's import/export subtyping.

// mismatch builds a subtyping failure.
func mismatch(format string, args ...any) error { return fmt.Errorf(format, args...) }

// withContext prefixes err with a breadcrumb such as "type mismatch in
// record field `x`".
func withContext(err error, format string, args ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), err)
}

// entitySub checks that a is a subtype of b.
func entitySub(a, b EntityType) error {
	if a.Sort != b.Sort {
		return mismatch("expected %s, found %s", b.desc(), a.desc())
	}
	switch a.Sort {
	case SortCoreModule:
		return moduleSub(a.Module, b.Module)
	case SortFunc:
		return funcSub(a.Func, b.Func)
	case SortValue:
		return valSub(a.Value, b.Value)
	case SortType:
		return typeDefSub(a.Type, b.Type)
	case SortInstance:
		return instanceSub(a.Instance, b.Instance)
	case SortComponent:
		return componentSub(a.Component, b.Component)
	}
	return mismatch("unknown sort %s", a.Sort)
}

func typeDefSub(a, b TypeDef) error {
	switch {
	case b.Resource != nil:
		if a.Resource == nil {
			return mismatch("expected resource, found %s", a.desc())
		}
		if a.Resource != b.Resource {
			return mismatch("resource types are not the same (%s vs. %s)", resourceName(a.Resource), resourceName(b.Resource))
		}
		return nil
	case b.Value != nil:
		if a.Value == nil {
			return mismatch("expected defined type, found %s", a.desc())
		}
		return valSub(a.Value, b.Value)
	case b.Func != nil:
		if a.Func == nil {
			return mismatch("expected func type, found %s", a.desc())
		}
		return funcSub(a.Func, b.Func)
	case b.Instance != nil:
		if a.Instance == nil {
			return mismatch("expected instance type, found %s", a.desc())
		}
		return instanceSub(a.Instance, b.Instance)
	case b.Component != nil:
		if a.Component == nil {
			return mismatch("expected component type, found %s", a.desc())
		}
		return componentSub(a.Component, b.Component)
	}
	return nil
}

func resourceName(r *value.ResourceType) string {
	if r.Name != "" {
		return "`" + r.Name + "`"
	}
	return "an unnamed resource"
}

func funcSub(a, b *value.FuncType) error {
	if a == b {
		return nil
	}
	if a.Async != b.Async {
		return mismatch("expected %s function, found %s function", asyncDesc(b.Async), asyncDesc(a.Async))
	}
	if len(a.Params) != len(b.Params) {
		return mismatch("expected %d parameters, found %d", len(b.Params), len(a.Params))
	}
	for i := range a.Params {
		if a.Params[i].Name != b.Params[i].Name {
			return mismatch("expected parameter named `%s`, found `%s`", b.Params[i].Name, a.Params[i].Name)
		}
		if err := valSub(a.Params[i].Type, b.Params[i].Type); err != nil {
			return withContext(err, "type mismatch in function parameter `%s`", a.Params[i].Name)
		}
	}
	switch {
	case a.Result != nil && b.Result != nil:
		if err := valSub(a.Result, b.Result); err != nil {
			return withContext(err, "type mismatch with result type")
		}
	case a.Result != nil:
		return mismatch("expected a result, found none")
	case b.Result != nil:
		return mismatch("expected no result, found one")
	}
	return nil
}

func asyncDesc(async bool) string {
	if async {
		return "async"
	}
	return "sync"
}

// valDesc names the shape of a value type for messages.
func valDesc(t value.Type) string {
	if t == nil {
		return "nothing"
	}
	if l, ok := t.(*value.ListType); ok && l.Len > 0 {
		return "fixed-length list"
	}
	if t.Kind().IsPrimitive() {
		return t.Kind().String()
	}
	return t.Kind().String()
}

// valSub checks that a matches b: structural equality, resources by identity.
func valSub(a, b value.Type) error {
	if a == b {
		return nil
	}
	ap, bp := a.Kind().IsPrimitive(), b.Kind().IsPrimitive()
	switch {
	case ap && bp && a.Kind() != b.Kind():
		return mismatch("expected primitive `%s` found primitive `%s`", b.Kind(), a.Kind())
	case bp && !ap:
		return mismatch("expected primitive, found %s", valDesc(a))
	case ap && !bp:
		return mismatch("expected %s, found %s", valDesc(b), a.Kind())
	case a.Kind() != b.Kind():
		return mismatch("expected %s, found %s", valDesc(b), valDesc(a))
	}
	switch a := a.(type) {
	case value.Primitive:
		return nil
	case *value.RecordType:
		b := b.(*value.RecordType)
		if len(a.Fields) != len(b.Fields) {
			return mismatch("expected %d fields, found %d", len(b.Fields), len(a.Fields))
		}
		for i := range a.Fields {
			if a.Fields[i].Name != b.Fields[i].Name {
				return mismatch("expected field name `%s`, found `%s`", b.Fields[i].Name, a.Fields[i].Name)
			}
			if err := valSub(a.Fields[i].Type, b.Fields[i].Type); err != nil {
				return withContext(err, "type mismatch in record field `%s`", a.Fields[i].Name)
			}
		}
	case *value.VariantType:
		b := b.(*value.VariantType)
		if len(a.Cases) != len(b.Cases) {
			return mismatch("expected %d cases, found %d", len(b.Cases), len(a.Cases))
		}
		for i := range a.Cases {
			ac, bc := a.Cases[i], b.Cases[i]
			if ac.Name != bc.Name {
				return mismatch("expected case named `%s`, found `%s`", bc.Name, ac.Name)
			}
			switch {
			case ac.Type != nil && bc.Type != nil:
				if err := valSub(ac.Type, bc.Type); err != nil {
					return withContext(err, "type mismatch in variant case `%s`", ac.Name)
				}
			case ac.Type == nil && bc.Type != nil:
				return mismatch("expected case `%s` to have a type, found none", ac.Name)
			case ac.Type != nil && bc.Type == nil:
				return mismatch("expected case `%s` to have no type", ac.Name)
			}
		}
	case *value.ListType:
		b := b.(*value.ListType)
		if a.Len != b.Len {
			if a.Len == 0 || b.Len == 0 {
				return mismatch("expected %s, found %s", valDesc(b), valDesc(a))
			}
			return mismatch("expected fixed-length %d, found size %d", b.Len, a.Len)
		}
		return valSub(a.Elem, b.Elem)
	case *value.MapType:
		b := b.(*value.MapType)
		if err := valSub(a.Key, b.Key); err != nil {
			return withContext(err, "type mismatch in map key")
		}
		if err := valSub(a.Value, b.Value); err != nil {
			return withContext(err, "type mismatch in map value")
		}
	case *value.TupleType:
		b := b.(*value.TupleType)
		if len(a.Types) != len(b.Types) {
			return mismatch("expected %d types, found %d", len(b.Types), len(a.Types))
		}
		for i := range a.Types {
			if err := valSub(a.Types[i], b.Types[i]); err != nil {
				return withContext(err, "type mismatch in tuple field %d", i)
			}
		}
	case *value.FlagsType:
		if !slices.Equal(a.Names, b.(*value.FlagsType).Names) {
			return mismatch("mismatch in flags elements")
		}
	case *value.EnumType:
		if !slices.Equal(a.Cases, b.(*value.EnumType).Cases) {
			return mismatch("mismatch in enum elements")
		}
	case *value.OptionType:
		return valSub(a.Elem, b.(*value.OptionType).Elem)
	case *value.ResultType:
		b := b.(*value.ResultType)
		if err := optValSub(a.Ok, b.Ok, "ok"); err != nil {
			return err
		}
		return optValSub(a.Err, b.Err, "err")
	case *value.OwnType:
		if a.Resource != b.(*value.OwnType).Resource {
			return mismatch("resource types are not the same (%s vs. %s)", resourceName(a.Resource), resourceName(b.(*value.OwnType).Resource))
		}
	case *value.BorrowType:
		if a.Resource != b.(*value.BorrowType).Resource {
			return mismatch("resource types are not the same (%s vs. %s)", resourceName(a.Resource), resourceName(b.(*value.BorrowType).Resource))
		}
	case *value.FutureType:
		return optValSub(a.Elem, b.(*value.FutureType).Elem, "future")
	case *value.StreamType:
		return optValSub(a.Elem, b.(*value.StreamType).Elem, "stream")
	}
	return nil
}

func optValSub(a, b value.Type, what string) error {
	switch {
	case a == nil && b == nil:
		return nil
	case a != nil && b != nil:
		if err := valSub(a, b); err != nil {
			return withContext(err, "type mismatch in %s variant", what)
		}
		return nil
	case a == nil:
		return mismatch("expected %s type, but found none", what)
	}
	return mismatch("expected %s type to not be present", what)
}

func instanceSub(a, b *InstanceTypeInfo) error {
	if a == b {
		return nil
	}
	for _, be := range b.Exports {
		ae, ok := a.Export(be.Name.Name)
		if !ok {
			return mismatch("missing expected export `%s`", be.Name.Name)
		}
		if err := entitySub(ae, be.Type); err != nil {
			return withContext(err, "type mismatch in instance export `%s`", be.Name.Name)
		}
	}
	return nil
}

// componentSub checks a <: b: b's imports, given to a, must satisfy a's
// imports; a's exports (with a's imported resources replaced by b's) must
// then satisfy b's exports.
func componentSub(a, b *ComponentTypeInfo) error {
	if a == b {
		return nil
	}
	m, err := openType(b.Imports, a.Imports, a.Imported, "import")
	if err != nil {
		return err
	}
	exports := make([]Extern, len(a.Exports))
	for i, e := range a.Exports {
		exports[i] = Extern{Name: e.Name, Type: m.entity(e.Type)}
	}
	_, err = openType(exports, b.Exports, b.Defined, "export")
	return err
}

// openType checks that the items in actual satisfy the signature expected,
// whose abstract resources are binders. It returns the substitution from the
// binders (and the types expected imports) to what actual supplies.
func openType(actual, expected []Extern, binders []*value.ResourceType, kind string) (*remapping, error) {
	m := newRemapping()
	if len(binders) > 0 {
		bound := make(map[*value.ResourceType]bool, len(binders))
		for _, r := range binders {
			bound[r] = true
		}
		for _, e := range expected {
			if a, ok := lookupExtern(actual, e.Name.Name); ok {
				bindResources(e.Type, a, bound, m.res)
			}
		}
	}
	renames := map[value.Type]value.Type{}
	for _, e := range expected {
		a, ok := lookupExtern(actual, e.Name.Name)
		if !ok {
			return nil, mismatch("missing %s named `%s`", kind, e.Name.Name)
		}
		want := m.entity(e.Type)
		if err := entitySub(a, want); err != nil {
			return nil, withContext(err, "type mismatch for %s `%s`", kind, e.Name.Name)
		}
		registerRenames(a, e.Type, renames)
	}
	m.types = renames
	m.memo = map[value.Type]value.Type{}
	return m, nil
}

// bindResources walks expected and actual in parallel and records, for each
// binder resource declared in expected, the resource actual supplies there.
func bindResources(expected, actual EntityType, bound map[*value.ResourceType]bool, out map[*value.ResourceType]*value.ResourceType) {
	switch {
	case expected.Sort == SortType && actual.Sort == SortType:
		r := expected.Type.Resource
		if r != nil && bound[r] && actual.Type.Resource != nil {
			if _, done := out[r]; !done {
				out[r] = actual.Type.Resource
			}
		}
	case expected.Sort == SortInstance && actual.Sort == SortInstance:
		for _, e := range expected.Instance.Exports {
			if a, ok := actual.Instance.Export(e.Name.Name); ok {
				bindResources(e.Type, a, bound, out)
			}
		}
	}
}

// registerRenames maps the types an expected import introduced to the types
// the actual argument supplied, so that exports mentioning them are rewritten
// in terms of the argument.
func registerRenames(actual, expected EntityType, out map[value.Type]value.Type) {
	switch {
	case expected.Sort == SortType && actual.Sort == SortType:
		if expected.Type.Value != nil && actual.Type.Value != nil {
			out[expected.Type.Value] = actual.Type.Value
		}
	case expected.Sort == SortInstance && actual.Sort == SortInstance:
		for _, e := range expected.Instance.Exports {
			if a, ok := actual.Instance.Export(e.Name.Name); ok {
				registerRenames(a, e.Type, out)
			}
		}
	}
}

func moduleSub(a, b *ModuleTypeInfo) error {
	if a == b {
		return nil
	}
	for _, ai := range a.Imports {
		bi, ok := findCoreImport(b.Imports, ai.Module, ai.Field)
		if !ok {
			return mismatch("missing expected import `%s::%s`", ai.Module, ai.Field)
		}
		if err := coreEntitySub(bi, ai.Type); err != nil {
			return withContext(err, "type mismatch in import `%s::%s`", ai.Module, ai.Field)
		}
	}
	for _, be := range b.Exports {
		ae, ok := findCoreExport(a.Exports, be.Name)
		if !ok {
			return mismatch("missing expected export `%s`", be.Name)
		}
		if err := coreEntitySub(ae, be.Type); err != nil {
			return withContext(err, "type mismatch in export `%s`", be.Name)
		}
	}
	return nil
}

func findCoreImport(list []CoreImportInfo, module, field string) (CoreEntity, bool) {
	for _, i := range list {
		if i.Module == module && i.Field == field {
			return i.Type, true
		}
	}
	return CoreEntity{}, false
}

func findCoreExport(list []CoreExportInfo, name string) (CoreEntity, bool) {
	for _, e := range list {
		if e.Name == name {
			return e.Type, true
		}
	}
	return CoreEntity{}, false
}

// coreEntitySub checks that core item a can be used where b is expected.
func coreEntitySub(a, b CoreEntity) error {
	ak, bk := a.Kind, b.Kind
	if ak == CoreExternFuncExact {
		ak = CoreExternFunc
	}
	if bk == CoreExternFuncExact {
		bk = CoreExternFunc
	}
	if ak != bk {
		return mismatch("expected %s, found %s", b.desc(), a.desc())
	}
	switch ak {
	case CoreExternFunc, CoreExternTag:
		if !coreFuncEqual(a.Func, b.Func) {
			return mismatch("expected: %s, found: %s", coreFuncString(b.Func), coreFuncString(a.Func))
		}
	case CoreExternTable:
		if a.Table.Elem != b.Table.Elem {
			return mismatch("expected table element type %s, found %s", b.Table.Elem, a.Table.Elem)
		}
		if a.Table.Limits.Flags&0x02 != b.Table.Limits.Flags&0x02 {
			return mismatch("mismatch in the shared flag for tables")
		}
		if !limitsSub(a.Table.Limits, b.Table.Limits) {
			return mismatch("mismatch in table limits")
		}
	case CoreExternMemory:
		return memorySub(a.Memory, b.Memory)
	case CoreExternGlobal:
		if a.Global.Mutable() != b.Global.Mutable() {
			return mismatch("global types differ in mutability")
		}
		if a.Global.Type != b.Global.Type {
			return mismatch("expected global type %s, found %s", b.Global.Type, a.Global.Type)
		}
	}
	return nil
}

func memorySub(a, b Limits) error {
	if a.Flags&0x02 != b.Flags&0x02 {
		return mismatch("mismatch in the shared flag for memories")
	}
	if a.Is64() != b.Is64() {
		return mismatch("mismatch in index type used for memories")
	}
	if a.PageSizeLog2 != b.PageSizeLog2 {
		return mismatch("mismatch in page size for memories")
	}
	if !limitsSub(a, b) {
		return mismatch("mismatch in memory limits")
	}
	return nil
}

func limitsSub(a, b Limits) bool {
	if a.Min < b.Min {
		return false
	}
	if b.HasMax() {
		return a.HasMax() && a.Max <= b.Max
	}
	return true
}

func coreFuncEqual(a, b *CoreFuncType) bool {
	if a == b {
		return true
	}
	if a == nil || b == nil {
		return false
	}
	return slices.Equal(a.Params, b.Params) && slices.Equal(a.Results, b.Results)
}

func coreFuncString(f *CoreFuncType) string {
	if f == nil {
		return "(func)"
	}
	s := "(func"
	if len(f.Params) > 0 {
		s += " (param"
		for _, p := range f.Params {
			s += " " + p.String()
		}
		s += ")"
	}
	if len(f.Results) > 0 {
		s += " (result"
		for _, p := range f.Results {
			s += " " + p.String()
		}
		s += ")"
	}
	return s + ")"
}
