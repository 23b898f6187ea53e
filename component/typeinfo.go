package component

import (
	"github.com/weftwasm/weft/value"
)

// Info is what validation learns about a component: its top-level imports
// and exports with fully resolved types. Resource types are tracked by
// identity: two handles refer to the same resource exactly when their
// *value.ResourceType pointers are equal.
type Info struct {
	Imports []Extern
	Exports []Extern
	// Type is the component's own type: the imports and exports above, plus
	// the abstract resources it imports and the resources its exports define.
	Type *ComponentTypeInfo
}

// Extern is a named, typed import or export.
type Extern struct {
	Name ExternName
	Type EntityType
}

// EntityType is the resolved type of an item that can be imported, exported
// or passed to an instantiation. Sort says which field is set:
//
//	SortCoreModule  Module
//	SortFunc        Func (a *value.FuncType)
//	SortValue       Value
//	SortType        Type
//	SortInstance    Instance
//	SortComponent   Component
type EntityType struct {
	Sort      Sort
	Module    *ModuleTypeInfo
	Func      *value.FuncType
	Value     value.Type
	Type      TypeDef
	Instance  *InstanceTypeInfo
	Component *ComponentTypeInfo
}

// desc names the entity's sort the way wasmparser's messages do.
func (e EntityType) desc() string {
	switch e.Sort {
	case SortCoreModule:
		return "module"
	case SortFunc:
		return "func"
	case SortValue:
		return "value"
	case SortType:
		return "type"
	case SortInstance:
		return "instance"
	case SortComponent:
		return "component"
	}
	return e.Sort.String()
}

// TypeDef is a resolved entry of the component type index space. Exactly one
// field is set.
type TypeDef struct {
	Value     value.Type          // a defined value type
	Resource  *value.ResourceType // a resource type
	Func      *value.FuncType
	Instance  *InstanceTypeInfo
	Component *ComponentTypeInfo

	// alias distinguishes a new name for an existing resource, made by
	// importing or exporting it, from the resource's own definition: they
	// are the same type, but only named ones may appear in exports.
	alias *aliasID
}

// aliasID is the identity of one name of a resource.
type aliasID struct{ _ byte }

func (d TypeDef) desc() string {
	switch {
	case d.Value != nil:
		return "defined type"
	case d.Resource != nil:
		return "resource"
	case d.Func != nil:
		return "func type"
	case d.Instance != nil:
		return "instance type"
	case d.Component != nil:
		return "component type"
	}
	return "type"
}

// InstanceTypeInfo is a resolved instance type: named exports in order.
// Defined lists the abstract resources the type itself introduces with
// `(export "r" (type (sub resource)))`; it is empty for the type of a
// concrete instance, whose resources belong to the enclosing component.
type InstanceTypeInfo struct {
	Exports []Extern
	Defined []*value.ResourceType
}

// Export returns the export named name.
func (t *InstanceTypeInfo) Export(name string) (EntityType, bool) {
	return lookupExtern(t.Exports, name)
}

// ComponentTypeInfo is a resolved component type. Imported are the abstract
// resources its imports introduce (bound by whoever instantiates it); Defined
// are the resources its exports introduce (fresh on every instantiation).
type ComponentTypeInfo struct {
	Imports  []Extern
	Exports  []Extern
	Imported []*value.ResourceType
	Defined  []*value.ResourceType
}

// Import returns the import named name.
func (t *ComponentTypeInfo) Import(name string) (EntityType, bool) {
	return lookupExtern(t.Imports, name)
}

// Export returns the export named name.
func (t *ComponentTypeInfo) Export(name string) (EntityType, bool) {
	return lookupExtern(t.Exports, name)
}

func lookupExtern(list []Extern, name string) (EntityType, bool) {
	for i := range list {
		if list[i].Name.Name == name {
			return list[i].Type, true
		}
	}
	return EntityType{}, false
}

// CoreEntity is the resolved type of a core item: a function, table,
// memory, global or tag. Func is the function type of a function or tag.
type CoreEntity struct {
	Kind   CoreExternKind
	Func   *CoreFuncType
	Table  CoreTableType
	Memory Limits
	Global CoreGlobalType
}

func (e CoreEntity) desc() string {
	switch e.Kind {
	case CoreExternFunc, CoreExternFuncExact:
		return "func"
	case CoreExternTable:
		return "table"
	case CoreExternMemory:
		return "memory"
	case CoreExternGlobal:
		return "global"
	case CoreExternTag:
		return "tag"
	}
	return e.Kind.String()
}

// CoreImportInfo is one import of a core module type.
type CoreImportInfo struct {
	Module, Field string
	Type          CoreEntity
}

// CoreExportInfo is one export of a core module or core instance.
type CoreExportInfo struct {
	Name string
	Type CoreEntity
}

// ModuleTypeInfo is a resolved core module type.
type ModuleTypeInfo struct {
	Imports []CoreImportInfo
	Exports []CoreExportInfo
}

// CoreInstanceInfo is the type of a core instance: its exports.
type CoreInstanceInfo struct {
	Exports []CoreExportInfo
	index   map[string]int
}

// Export returns the export named name.
func (c *CoreInstanceInfo) Export(name string) (CoreEntity, bool) {
	if c.index != nil {
		i, ok := c.index[name]
		if !ok {
			return CoreEntity{}, false
		}
		return c.Exports[i].Type, true
	}
	for _, e := range c.Exports {
		if e.Name == name {
			return e.Type, true
		}
	}
	return CoreEntity{}, false
}

func newCoreInstanceInfo(exports []CoreExportInfo) *CoreInstanceInfo {
	c := &CoreInstanceInfo{Exports: exports}
	if len(exports) > 8 {
		c.index = make(map[string]int, len(exports))
		for i, e := range exports {
			if _, dup := c.index[e.Name]; !dup {
				c.index[e.Name] = i
			}
		}
	}
	return c
}
