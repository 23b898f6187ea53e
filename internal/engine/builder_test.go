package engine

import (
	"encoding/binary"
	"testing"
)

// A tiny core-module builder for tests: enough sections to write the modules the tests need.

type wasmMod struct {
	types                                        [][]byte
	imports                                      [][]byte
	nFuncImports, nTableImports, nGlobalImports  uint32
	funcTypes                                    []uint32
	bodies                                       [][]byte
	tables, mems, globals, exports, elems, datas [][]byte
	start                                        int
}

func newMod() *wasmMod { return &wasmMod{start: -1} }

func (m *wasmMod) typ(ft FuncType) uint32 {
	enc := appendFuncType(nil, ft)
	for i, t := range m.types {
		if string(t) == string(enc) {
			return uint32(i)
		}
	}
	m.types = append(m.types, enc)
	return uint32(len(m.types) - 1)
}

func (m *wasmMod) imp(mod, name string, kind Kind, desc []byte) {
	b := appendName(appendName(nil, mod), name)
	m.imports = append(m.imports, append(append(b, byte(kind)), desc...))
}

func (m *wasmMod) importFunc(mod, name string, ft FuncType) uint32 {
	m.imp(mod, name, KindFunc, appendU32(nil, m.typ(ft)))
	m.nFuncImports++
	return m.nFuncImports - 1
}

func (m *wasmMod) importMemory(mod, name string, min uint32) {
	m.imp(mod, name, KindMemory, appendLimits(nil, Limits{Min: uint64(min)}))
}

func (m *wasmMod) importTable(mod, name string, min uint32) uint32 {
	m.imp(mod, name, KindTable, appendLimits([]byte{FuncRef.Code}, Limits{Min: uint64(min)}))
	m.nTableImports++
	return m.nTableImports - 1
}

func (m *wasmMod) importGlobal(mod, name string, v ValType, mut bool) uint32 {
	m.imp(mod, name, KindGlobal, []byte{v.Code, b2u(mut)})
	m.nGlobalImports++
	return m.nGlobalImports - 1
}

func b2u(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// fn defines a function with the given locals (each one i32 unless types given) and body (without the final end).
func (m *wasmMod) fn(ft FuncType, locals []ValType, body ...byte) uint32 {
	m.funcTypes = append(m.funcTypes, m.typ(ft))
	b := appendU32(nil, uint32(len(locals)))
	for _, l := range locals {
		b = append(appendU32(b, 1), l.Code)
	}
	b = append(append(b, body...), 0x0b)
	m.bodies = append(m.bodies, append(appendU32(nil, uint32(len(b))), b...))
	return m.nFuncImports + uint32(len(m.funcTypes)) - 1
}

func (m *wasmMod) export(name string, k Kind, idx uint32) {
	m.exports = append(m.exports, appendU32(append(appendName(nil, name), byte(k)), idx))
}

func (m *wasmMod) memory(min uint32) {
	m.mems = append(m.mems, appendLimits(nil, Limits{Min: uint64(min)}))
}

func (m *wasmMod) table(min uint32) uint32 {
	m.tables = append(m.tables, appendLimits([]byte{FuncRef.Code}, Limits{Min: uint64(min)}))
	return m.nTableImports + uint32(len(m.tables)) - 1
}

func (m *wasmMod) global(v ValType, mut bool, init ...byte) uint32 {
	m.globals = append(m.globals, append([]byte{v.Code, b2u(mut)}, append(init, 0x0b)...))
	return m.nGlobalImports + uint32(len(m.globals)) - 1
}

// elem places funcs in table tbl starting at offset.
func (m *wasmMod) elem(tbl, offset uint32, funcs ...uint32) {
	b := append(appendU32([]byte{2}, tbl), i32c(int32(offset))...)
	b = append(b, 0x0b, 0x00) // end of offset expr, elemkind funcref
	b = appendU32(b, uint32(len(funcs)))
	for _, f := range funcs {
		b = appendU32(b, f)
	}
	m.elems = append(m.elems, b)
}

func (m *wasmMod) data(offset uint32, bytes []byte) {
	b := append([]byte{0}, i32c(int32(offset))...)
	b = append(b, 0x0b)
	m.datas = append(m.datas, append(appendU32(b, uint32(len(bytes))), bytes...))
}

func vec(items [][]byte) []byte {
	b := appendU32(nil, uint32(len(items)))
	for _, it := range items {
		b = append(b, it...)
	}
	return b
}

func (m *wasmMod) bytes() []byte {
	out := append([]byte(nil), coreMagic...)
	add := func(id byte, items [][]byte) {
		if len(items) > 0 {
			out = appendSection(out, id, vec(items))
		}
	}
	add(1, m.types)
	add(2, m.imports)
	var fs [][]byte
	for _, t := range m.funcTypes {
		fs = append(fs, appendU32(nil, t))
	}
	add(3, fs)
	add(4, m.tables)
	add(5, m.mems)
	add(6, m.globals)
	add(7, m.exports)
	if m.start >= 0 {
		out = appendSection(out, 8, appendU32(nil, uint32(m.start)))
	}
	add(9, m.elems)
	add(10, m.bodies)
	add(11, m.datas)
	return out
}

// Instruction helpers.

func i32c(v int32) []byte                 { return appendS64([]byte{0x41}, int64(v)) }
func i64c(v int64) []byte                 { return appendS64([]byte{0x42}, v) }
func localGet(i uint32) []byte            { return appendU32([]byte{0x20}, i) }
func localSet(i uint32) []byte            { return appendU32([]byte{0x21}, i) }
func call(f uint32) []byte                { return appendU32([]byte{0x10}, f) }
func globalGet(i uint32) []byte           { return appendU32([]byte{0x23}, i) }
func globalSet(i uint32) []byte           { return appendU32([]byte{0x24}, i) }
func callIndirect(typ, tbl uint32) []byte { return appendU32(appendU32([]byte{0x11}, typ), tbl) }
func i32load(off uint32) []byte           { return appendU32([]byte{0x28, 2}, off) }
func i32store(off uint32) []byte          { return appendU32([]byte{0x36, 2}, off) }

const (
	opUnreachable = 0x00
	opDrop        = 0x1a
	opI32Add      = 0x6a
	opI32DivU     = 0x6e
	opF64Add      = 0xa0
	opI64Add      = 0x7c
)

func appendS64(b []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

func cat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func ft(params []ValType, results ...ValType) FuncType {
	return FuncType{Params: params, Results: results}
}
func vt(v ...ValType) []ValType { return v }

// section is one section of a module or component binary.
type section struct {
	id   byte
	body []byte
}

// splitSections splits a module or component binary (after its 8-byte preamble) into sections.
func splitSections(t *testing.T, bin []byte) []section {
	t.Helper()
	var secs []section
	for off := 8; off < len(bin); {
		id := bin[off]
		n, w := binary.Uvarint(bin[off+1:])
		off += 1 + w
		if w <= 0 || n > uint64(len(bin)-off) {
			t.Fatalf("bad section at 0x%x", off)
		}
		secs = append(secs, section{id, bin[off : off+int(n)]})
		off += int(n)
	}
	return secs
}

// ptr returns a pointer to a copy of v.
func ptr[T any](v T) *T { return &v }
