package component

import (
	"fmt"

	"github.com/weftwasm/weft/internal/coremodule"
)

// Index types: one distinct integer type per index space, so that an index into
// one space cannot be used where another is expected.

// CoreFuncIdx indexes the core function index space.
type CoreFuncIdx uint32

// CoreTableIdx indexes the core table index space.
type CoreTableIdx uint32

// CoreMemoryIdx indexes the core memory index space.
type CoreMemoryIdx uint32

// CoreGlobalIdx indexes the core global index space.
type CoreGlobalIdx uint32

// CoreTagIdx indexes the core tag index space.
type CoreTagIdx uint32

// CoreTypeIdx indexes the core type index space.
type CoreTypeIdx = coremodule.TypeIdx

// CoreModuleIdx indexes the core module index space.
type CoreModuleIdx uint32

// CoreInstanceIdx indexes the core instance index space.
type CoreInstanceIdx uint32

// FuncIdx indexes the component function index space.
type FuncIdx uint32

// ValueIdx indexes the component value index space.
type ValueIdx uint32

// TypeIdx indexes the component type index space.
type TypeIdx uint32

// ComponentIdx indexes the component index space.
type ComponentIdx uint32

// InstanceIdx indexes the component instance index space.
type InstanceIdx uint32

// String returns the index with its space, such as "core func 3".
func (i CoreFuncIdx) String() string { return fmt.Sprintf("core func %d", uint32(i)) }

// String returns the index with its space, such as "core table 3".
func (i CoreTableIdx) String() string { return fmt.Sprintf("core table %d", uint32(i)) }

// String returns the index with its space, such as "core memory 3".
func (i CoreMemoryIdx) String() string { return fmt.Sprintf("core memory %d", uint32(i)) }

// String returns the index with its space, such as "core global 3".
func (i CoreGlobalIdx) String() string { return fmt.Sprintf("core global %d", uint32(i)) }

// String returns the index with its space, such as "core tag 3".
func (i CoreTagIdx) String() string { return fmt.Sprintf("core tag %d", uint32(i)) }

// String returns the index with its space, such as "core type 3".

// String returns the index with its space, such as "core module 3".
func (i CoreModuleIdx) String() string { return fmt.Sprintf("core module %d", uint32(i)) }

// String returns the index with its space, such as "core instance 3".
func (i CoreInstanceIdx) String() string { return fmt.Sprintf("core instance %d", uint32(i)) }

// String returns the index with its space, such as "func 3".
func (i FuncIdx) String() string { return fmt.Sprintf("func %d", uint32(i)) }

// String returns the index with its space, such as "value 3".
func (i ValueIdx) String() string { return fmt.Sprintf("value %d", uint32(i)) }

// String returns the index with its space, such as "type 3".
func (i TypeIdx) String() string { return fmt.Sprintf("type %d", uint32(i)) }

// String returns the index with its space, such as "component 3".
func (i ComponentIdx) String() string { return fmt.Sprintf("component %d", uint32(i)) }

// String returns the index with its space, such as "instance 3".
func (i InstanceIdx) String() string { return fmt.Sprintf("instance %d", uint32(i)) }

// CoreSort is a core:sort: the kind of a core definition. Its values are the
// binary opcodes.
type CoreSort uint8

// The core sorts of Binary.md.
const (
	CoreSortFunc     CoreSort = 0x00
	CoreSortTable    CoreSort = 0x01
	CoreSortMemory   CoreSort = 0x02
	CoreSortGlobal   CoreSort = 0x03
	CoreSortTag      CoreSort = 0x04
	CoreSortType     CoreSort = 0x10
	CoreSortModule   CoreSort = 0x11
	CoreSortInstance CoreSort = 0x12
)

// Valid reports whether s is a core sort the binary format defines.
func (s CoreSort) Valid() bool {
	switch s {
	case CoreSortFunc, CoreSortTable, CoreSortMemory, CoreSortGlobal, CoreSortTag,
		CoreSortType, CoreSortModule, CoreSortInstance:
		return true
	}
	return false
}

// String returns the core sort's text form, such as "func".
func (s CoreSort) String() string {
	switch s {
	case CoreSortFunc:
		return "func"
	case CoreSortTable:
		return "table"
	case CoreSortMemory:
		return "memory"
	case CoreSortGlobal:
		return "global"
	case CoreSortTag:
		return "tag"
	case CoreSortType:
		return "type"
	case CoreSortModule:
		return "module"
	case CoreSortInstance:
		return "instance"
	}
	return fmt.Sprintf("core-sort(%#x)", uint8(s))
}

// Sort is a component-level sort. The core sorts are folded in (SortCoreFunc
// ... SortCoreInstance) so that one value names every kind of definition; the
// binary encodes them as 0x00 followed by the core:sort byte.
type Sort uint8

// The sorts of Binary.md.
const (
	SortCoreFunc Sort = iota + 1
	SortCoreTable
	SortCoreMemory
	SortCoreGlobal
	SortCoreTag
	SortCoreType
	SortCoreModule
	SortCoreInstance
	SortFunc
	SortValue
	SortType
	SortComponent
	SortInstance
)

var coreSortToSort = map[CoreSort]Sort{
	CoreSortFunc: SortCoreFunc, CoreSortTable: SortCoreTable, CoreSortMemory: SortCoreMemory,
	CoreSortGlobal: SortCoreGlobal, CoreSortTag: SortCoreTag, CoreSortType: SortCoreType,
	CoreSortModule: SortCoreModule, CoreSortInstance: SortCoreInstance,
}

var sortToCore = [...]CoreSort{CoreSortFunc, CoreSortTable, CoreSortMemory, CoreSortGlobal,
	CoreSortTag, CoreSortType, CoreSortModule, CoreSortInstance}

// IsCore reports whether s is one of the core sorts.
func (s Sort) IsCore() bool { return s >= SortCoreFunc && s <= SortCoreInstance }

// CoreSort returns the core:sort of a core sort s; ok is false for the
// component-level sorts.
func (s Sort) CoreSort() (cs CoreSort, ok bool) {
	if !s.IsCore() {
		return 0, false
	}
	return sortToCore[s-SortCoreFunc], true
}

// SortOfCore returns the Sort for a core:sort.
func SortOfCore(cs CoreSort) (Sort, bool) {
	s, ok := coreSortToSort[cs]
	return s, ok
}

// String returns the sort's text form, such as "func" or "core module".
func (s Sort) String() string {
	switch s {
	case SortFunc:
		return "func"
	case SortValue:
		return "value"
	case SortType:
		return "type"
	case SortComponent:
		return "component"
	case SortInstance:
		return "instance"
	}
	if cs, ok := s.CoreSort(); ok {
		return "core " + cs.String()
	}
	return fmt.Sprintf("sort(%d)", uint8(s))
}

// SortIdx is a sortidx: an index into the index space of Sort.
type SortIdx struct {
	Sort  Sort
	Index uint32
}

// String returns the sortidx's text form, such as "func 3".
func (s SortIdx) String() string { return fmt.Sprintf("%s %d", s.Sort, s.Index) }

// CoreSortIdx is a core:sortidx: an index into the core index space of Sort.
type CoreSortIdx struct {
	Sort  CoreSort
	Index uint32
}

// String returns the core:sortidx's text form, such as "core memory 0".
func (s CoreSortIdx) String() string { return fmt.Sprintf("core %s %d", s.Sort, s.Index) }
