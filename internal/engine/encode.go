package engine

import "strconv"

// This file writes the two kinds of binaries the engine generates itself: a copy of a
// module with its empty import module names renamed, and the pass-through ("bag")
// modules that import items and re-export them under new names.

func appendU32(b []byte, v uint32) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

func appendName(b []byte, s string) []byte {
	return append(appendU32(b, uint32(len(s))), s...)
}

func appendSection(b []byte, id byte, content []byte) []byte {
	b = append(b, id)
	b = appendU32(b, uint32(len(content)))
	return append(b, content...)
}

// appendLimits writes 32-bit limits, shared or not.
func appendLimits(b []byte, l Limits) []byte {
	b = appendU32(append(b, l.Flags&3), uint32(l.Min))
	if l.HasMax() {
		b = appendU32(b, uint32(l.Max))
	}
	return b
}

func appendFuncType(b []byte, t FuncType) []byte {
	b = append(b, 0x60)
	for _, list := range [][]ValType{t.Params, t.Results} {
		b = appendU32(b, uint32(len(list)))
		for _, v := range list {
			b = append(b, v.Code)
		}
	}
	return b
}

// emptyNameAlias picks an import module name that no import of info uses.
func emptyNameAlias(info *moduleInfo) string {
	used := make(map[string]bool, len(info.imports))
	for _, imp := range info.imports {
		used[imp.Module] = true
	}
	alias := "weft:empty"
	for i := 0; used[alias]; i++ {
		alias = "weft:empty" + strconv.Itoa(i)
	}
	return alias
}

// renameEmptyImports returns a copy of bin whose imports from module "" import from alias instead.
func renameEmptyImports(bin []byte, info *moduleInfo, alias string) []byte {
	sec := info.mod.ImportSection
	content := make([]byte, 0, sec.End-sec.Start+8*len(info.imports))
	pos := sec.Start
	for _, imp := range info.mod.Imports {
		if imp.Module != "" {
			continue
		}
		content = append(content, bin[pos:imp.ModuleName.Start]...)
		content = appendName(content, alias)
		pos = imp.ModuleName.End
	}
	content = append(content, bin[pos:sec.End]...)

	out := make([]byte, 0, len(bin)+len(content)-(sec.End-sec.Start)+5)
	out = append(out, bin[:info.mod.ImportHeader]...)
	out = appendSection(out, 2, content)
	return append(out, bin[sec.End:]...)
}

// bagItem is one import of a pass-through module and the name it is re-exported under.
type bagItem struct {
	module, name string
	typ          ExternType
	export       string
}

// coreMagic is the magic number and version of core modules.
var coreMagic = []byte{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}

// encodeBag writes a core module that imports every item and exports it again.
func encodeBag(items []bagItem) []byte {
	var types, imports, exports []byte
	var nTypes uint32
	var next [5]uint32 // per-kind index of the next import
	for _, it := range items {
		imports = appendName(appendName(imports, it.module), it.name)
		imports = append(imports, byte(it.typ.Kind))
		switch it.typ.Kind {
		case KindFunc:
			types = appendFuncType(types, *it.typ.Func)
			imports = appendU32(imports, nTypes)
			nTypes++
		case KindTag:
			types = appendFuncType(types, *it.typ.Func)
			imports = appendU32(append(imports, 0), nTypes)
			nTypes++
		case KindTable:
			// Any size is accepted: the table is shared, not copied.
			imports = appendLimits(append(imports, it.typ.Table.Elem.Code), Limits{})
		case KindMemory:
			l := Limits{}
			if it.typ.Memory.Shared() {
				l = Limits{Flags: 3, Max: it.typ.Memory.Max}
			}
			imports = appendLimits(imports, l)
		case KindGlobal:
			imports = append(imports, it.typ.Global.Type.Code, it.typ.Global.Flags)
		}
		exports = appendName(exports, it.export)
		exports = appendU32(append(exports, byte(it.typ.Kind)), next[it.typ.Kind])
		next[it.typ.Kind]++
	}
	out := append([]byte(nil), coreMagic...)
	if nTypes > 0 {
		out = appendSection(out, 1, append(appendU32(nil, nTypes), types...))
	}
	out = appendSection(out, 2, append(appendU32(nil, uint32(len(items))), imports...))
	return appendSection(out, 7, append(appendU32(nil, uint32(len(items))), exports...))
}
