package component

import (
	"fmt"

	"github.com/weftwasm/weft/value"
)

// sizeOf is the effective size of a type (value, function, instance or
// component type): the number of nodes it has when fully expanded, saturated
// just above maxTypeSize. It is memoized, so the cost of hostile types that
// share parts stays linear.
func (v *validator) sizeOf(x any) uint32 {
	if x == nil {
		return 0
	}
	if st, ok := v.stats[x]; ok {
		return st.size
	}
	size := uint32(1)
	add := func(n uint32) {
		size += n
		if size > maxTypeSize {
			size = maxTypeSize + 1
		}
	}
	switch x := x.(type) {
	case value.Type:
		eachPart(x, func(p value.Type) { add(v.sizeOf(p)) })
	case *value.FuncType:
		for _, p := range x.Params {
			add(v.sizeOf(p.Type))
		}
		if x.Result != nil {
			add(v.sizeOf(x.Result))
		}
	case *InstanceTypeInfo:
		for _, e := range x.Exports {
			add(v.entitySize(e.Type))
		}
	case *ComponentTypeInfo:
		for _, e := range x.Imports {
			add(v.entitySize(e.Type))
		}
		for _, e := range x.Exports {
			add(v.entitySize(e.Type))
		}
	case *ModuleTypeInfo:
		add(uint32(min(len(x.Imports)+len(x.Exports), maxTypeSize)))
	}
	st := v.stats[x]
	st.size = size
	v.stats[x] = st
	return size
}

func (v *validator) entitySize(e EntityType) uint32 {
	switch e.Sort {
	case SortCoreModule:
		return v.sizeOf(e.Module)
	case SortFunc:
		return v.sizeOf(e.Func)
	case SortValue:
		return v.sizeOf(e.Value)
	case SortType:
		switch d := e.Type; {
		case d.Value != nil:
			return v.sizeOf(d.Value)
		case d.Func != nil:
			return v.sizeOf(d.Func)
		case d.Instance != nil:
			return v.sizeOf(d.Instance)
		case d.Component != nil:
			return v.sizeOf(d.Component)
		}
		return 1
	case SortInstance:
		return v.sizeOf(e.Instance)
	case SortComponent:
		return v.sizeOf(e.Component)
	}
	return 1
}

// checkSize rejects types whose effective size exceeds the limit.
func (v *validator) checkSize(x any) error {
	if v.sizeOf(x) > maxTypeSize {
		return fmt.Errorf("effective type size exceeds the limit of %d", maxTypeSize)
	}
	return nil
}
