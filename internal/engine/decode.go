package engine

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// ErrMalformed is wrapped by every *DecodeError.
var ErrMalformed = errors.New("malformed core module")

// DecodeError reports where and why a core module binary could not be read.
type DecodeError struct {
	// Offset is the byte offset in the module binary where the problem was found.
	Offset int
	// Msg says what was expected.
	Msg string
}

// Error says where the binary is malformed and what was expected.
func (e *DecodeError) Error() string {
	return fmt.Sprintf("core module offset 0x%x: %s", e.Offset, e.Msg)
}

// Unwrap returns ErrMalformed.
func (e *DecodeError) Unwrap() error { return ErrMalformed }

// span is a byte range [start, end) of a module binary.
type span struct{ start, end int }

// moduleInfo is what the engine needs to know about a core module: the types of its
// imports and exports, and where the import section and import module names sit.
type moduleInfo struct {
	types       []FuncType
	imports     []Import
	importSpans []span // the module-name field (length prefix included) of each import
	importSec   span   // the import section's content
	importHdr   int    // where the import section's id byte is
	funcs       []uint32
	tables      []TableType
	memories    []MemoryType
	globals     []GlobalType
	tags        []uint32
	exports     []Export
	exportOffs  []int // where each export entry starts
}

// reader reads a module binary, b[off:end], keeping absolute offsets for errors.
type reader struct {
	b        []byte
	off, end int
}

func (r *reader) fail(format string, args ...any) error {
	return &DecodeError{Offset: r.off, Msg: fmt.Sprintf(format, args...)}
}

func (r *reader) byte() (byte, error) {
	if r.off >= r.end {
		return 0, r.fail("unexpected end of section")
	}
	c := r.b[r.off]
	r.off++
	return c, nil
}

func (r *reader) skip(n int) error {
	if n < 0 || n > r.end-r.off {
		return r.fail("unexpected end: need %d more bytes", n)
	}
	r.off += n
	return nil
}

// u32 reads an unsigned LEB128 value of at most 5 bytes.
func (r *reader) u32() (uint32, error) {
	start := r.off
	var v uint32
	for i := 0; i < 5; i++ {
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		if i == 4 && c&0x80 != 0 {
			break
		}
		if i == 4 && c > 0x0f {
			r.off = start
			return 0, r.fail("integer does not fit in u32")
		}
		v |= uint32(c&0x7f) << (7 * i)
		if c&0x80 == 0 {
			return v, nil
		}
	}
	r.off = start
	return 0, r.fail("integer representation too long")
}

// skipSigned skips a signed LEB128 value of at most maxBytes bytes.
func (r *reader) skipSigned(maxBytes int) error {
	start := r.off
	for i := 0; i < maxBytes; i++ {
		c, err := r.byte()
		if err != nil {
			return err
		}
		if c&0x80 == 0 {
			return nil
		}
	}
	r.off = start
	return r.fail("integer representation too long")
}

func (r *reader) name() (string, error) {
	start := r.off
	n, err := r.u32()
	if err != nil {
		return "", err
	}
	if int64(n) > int64(r.end-r.off) {
		r.off = start
		return "", r.fail("name length %d exceeds the section", n)
	}
	s := r.b[r.off : r.off+int(n)]
	if !utf8.Valid(s) {
		return "", r.fail("name is not valid UTF-8")
	}
	r.off += int(n)
	return string(s), nil
}

// count reads a vector length and checks it against the bytes left (every element takes at least one byte).
func (r *reader) count(what string) (int, error) {
	n, err := r.u32()
	if err != nil {
		return 0, err
	}
	if int64(n) > int64(r.end-r.off) {
		return 0, r.fail("%s count %d exceeds the section size", what, n)
	}
	return int(n), nil
}

func (r *reader) valType() (ValType, error) {
	c, err := r.byte()
	if err != nil {
		return 0, err
	}
	v := ValType(c)
	if !v.valid() {
		r.off--
		return 0, r.fail("unsupported value type 0x%02x", c)
	}
	return v, nil
}

func (r *reader) limits(allowShared bool) (Limits, bool, error) {
	flags, err := r.byte()
	if err != nil {
		return Limits{}, false, err
	}
	if flags > 3 || (!allowShared && flags > 1) {
		r.off--
		return Limits{}, false, r.fail("unsupported limits flags 0x%02x", flags)
	}
	var l Limits
	if l.Min, err = r.u32(); err != nil {
		return l, false, err
	}
	if flags&1 != 0 {
		l.HasMax = true
		if l.Max, err = r.u32(); err != nil {
			return l, false, err
		}
	}
	return l, flags&2 != 0, nil
}

func (r *reader) tableType() (TableType, error) {
	elem, err := r.valType()
	if err != nil {
		return TableType{}, err
	}
	if !elem.isRef() {
		r.off--
		return TableType{}, r.fail("table element type %s is not a reference type", elem)
	}
	l, _, err := r.limits(false)
	return TableType{Elem: elem, Limits: l}, err
}

func (r *reader) memoryType() (MemoryType, error) {
	l, shared, err := r.limits(true)
	return MemoryType{Limits: l, Shared: shared}, err
}

func (r *reader) globalType() (GlobalType, error) {
	v, err := r.valType()
	if err != nil {
		return GlobalType{}, err
	}
	m, err := r.byte()
	if err != nil {
		return GlobalType{}, err
	}
	if m > 1 {
		r.off--
		return GlobalType{}, r.fail("invalid global mutability 0x%02x", m)
	}
	return GlobalType{Val: v, Mutable: m == 1}, nil
}

// skipConstExpr skips a constant expression up to and including its end opcode.
func (r *reader) skipConstExpr() error {
	for {
		op, err := r.byte()
		if err != nil {
			return err
		}
		switch op {
		case 0x0b: // end
			return nil
		case 0x41: // i32.const
			err = r.skipSigned(5)
		case 0x42: // i64.const
			err = r.skipSigned(10)
		case 0x43: // f32.const
			err = r.skip(4)
		case 0x44: // f64.const
			err = r.skip(8)
		case 0x23, 0xd2: // global.get, ref.func
			_, err = r.u32()
		case 0xd0: // ref.null heaptype
			err = r.skipSigned(5)
		case 0x6a, 0x6b, 0x6c, 0x7c, 0x7d, 0x7e: // extended-const i32/i64 add, sub, mul
		case 0xfd: // v128.const
			var sub uint32
			if sub, err = r.u32(); err == nil {
				if sub != 12 {
					return r.fail("unsupported SIMD instruction %d in constant expression", sub)
				}
				err = r.skip(16)
			}
		default:
			r.off--
			return r.fail("unsupported opcode 0x%02x in constant expression", op)
		}
		if err != nil {
			return err
		}
	}
}

// coreMagic is the magic number and version of core modules; components use another layer and version.
var coreMagic = []byte{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}

// decodeModule reads the parts of a core module binary the engine needs.
func decodeModule(b []byte) (*moduleInfo, error) {
	if len(b) < 8 || string(b[:4]) != string(coreMagic[:4]) {
		return nil, &DecodeError{Offset: 0, Msg: "missing the \\0asm magic header"}
	}
	if string(b[4:8]) != string(coreMagic[4:]) {
		if b[6] == 0x01 && b[7] == 0x00 {
			return nil, &DecodeError{Offset: 4, Msg: "this is a component binary (layer 1), not a core module"}
		}
		return nil, &DecodeError{Offset: 4, Msg: fmt.Sprintf("unsupported binary version % x, expected 01 00 00 00", b[4:8])}
	}
	info := &moduleInfo{}
	r := &reader{b: b, off: 8, end: len(b)}
	var seen [14]bool
	for r.off < r.end {
		hdr := r.off
		id, err := r.byte()
		if err != nil {
			return nil, err
		}
		size, err := r.u32()
		if err != nil {
			return nil, err
		}
		if int64(size) > int64(r.end-r.off) {
			return nil, r.fail("section %d size %d exceeds the binary", id, size)
		}
		if id != 0 && int(id) < len(seen) {
			if seen[id] {
				r.off = hdr
				return nil, r.fail("duplicate section %d", id)
			}
			seen[id] = true
		}
		sec := &reader{b: b, off: r.off, end: r.off + int(size)}
		r.off = sec.end
		if id == 2 {
			info.importHdr = hdr
		}
		if err := info.section(id, sec); err != nil {
			return nil, err
		}
	}
	return info, info.resolveExports()
}

func (info *moduleInfo) section(id byte, r *reader) error {
	var err error
	switch id {
	case 1:
		err = info.typeSection(r)
	case 2:
		info.importSec = span{r.off, r.end}
		err = info.importSection(r)
	case 3:
		err = vector(r, "function", func() error {
			t, err := r.u32()
			info.funcs = append(info.funcs, t)
			return err
		})
	case 4:
		err = vector(r, "table", func() error {
			start := r.off
			if c, err := r.byte(); err == nil && c == 0x40 {
				r.off = start
				return r.fail("tables with initializer expressions are not supported")
			}
			r.off = start
			t, err := r.tableType()
			info.tables = append(info.tables, t)
			return err
		})
	case 5:
		err = vector(r, "memory", func() error {
			m, err := r.memoryType()
			info.memories = append(info.memories, m)
			return err
		})
	case 6:
		err = vector(r, "global", func() error {
			g, err := r.globalType()
			if err != nil {
				return err
			}
			info.globals = append(info.globals, g)
			return r.skipConstExpr()
		})
	case 7:
		err = vector(r, "export", func() error {
			info.exportOffs = append(info.exportOffs, r.off)
			name, err := r.name()
			if err != nil {
				return err
			}
			k, err := r.byte()
			if err != nil {
				return err
			}
			if Kind(k) > KindTag {
				r.off--
				return r.fail("invalid export kind 0x%02x", k)
			}
			idx, err := r.u32()
			info.exports = append(info.exports, Export{Name: name, Type: ExternType{Kind: Kind(k)}, index: idx})
			return err
		})
	case 13:
		err = vector(r, "tag", func() error {
			t, err := r.tag()
			info.tags = append(info.tags, t)
			return err
		})
	default:
		return nil // custom, start, element, code, data and data count sections carry no types we need
	}
	if err == nil && r.off != r.end {
		err = r.fail("section %d has %d trailing bytes", id, r.end-r.off)
	}
	return err
}

func vector(r *reader, what string, each func() error) error {
	n, err := r.count(what)
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if err := each(); err != nil {
			return err
		}
	}
	return nil
}

func (info *moduleInfo) typeSection(r *reader) error {
	return vector(r, "type", func() error {
		form, err := r.byte()
		if err != nil {
			return err
		}
		if form != 0x60 {
			r.off--
			return r.fail("unsupported type form 0x%02x, expected a function type (0x60)", form)
		}
		var ft FuncType
		for _, list := range []*[]ValType{&ft.Params, &ft.Results} {
			if err := vector(r, "value type", func() error {
				v, err := r.valType()
				*list = append(*list, v)
				return err
			}); err != nil {
				return err
			}
		}
		info.types = append(info.types, ft)
		return nil
	})
}

func (r *reader) tag() (uint32, error) {
	attr, err := r.byte()
	if err != nil {
		return 0, err
	}
	if attr != 0 {
		r.off--
		return 0, r.fail("invalid tag attribute 0x%02x", attr)
	}
	return r.u32()
}

func (info *moduleInfo) importSection(r *reader) error {
	return vector(r, "import", func() error {
		start := r.off
		mod, err := r.name()
		if err != nil {
			return err
		}
		sp := span{start, r.off}
		name, err := r.name()
		if err != nil {
			return err
		}
		k, err := r.byte()
		if err != nil {
			return err
		}
		imp := Import{Module: mod, Name: name, Type: ExternType{Kind: Kind(k)}}
		switch Kind(k) {
		case KindFunc:
			var t uint32
			if t, err = r.u32(); err == nil {
				info.funcs = append(info.funcs, t)
			}
		case KindTable:
			var t TableType
			t, err = r.tableType()
			info.tables = append(info.tables, t)
		case KindMemory:
			var m MemoryType
			m, err = r.memoryType()
			info.memories = append(info.memories, m)
		case KindGlobal:
			var g GlobalType
			g, err = r.globalType()
			info.globals = append(info.globals, g)
		case KindTag:
			var t uint32
			t, err = r.tag()
			info.tags = append(info.tags, t)
		default:
			r.off--
			return r.fail("invalid import kind 0x%02x", k)
		}
		info.imports = append(info.imports, imp)
		info.importSpans = append(info.importSpans, sp)
		return err
	})
}

// resolveExports fills in the types of imports and exports once every section is read.
func (info *moduleInfo) resolveExports() error {
	var n [5]uint32 // per-kind import counters
	for i := range info.imports {
		t, err := info.externType(info.imports[i].Type.Kind, n[info.imports[i].Type.Kind])
		if err != nil {
			return &DecodeError{Offset: info.importSpans[i].start, Msg: fmt.Sprintf("import %q %q: %v", info.imports[i].Module, info.imports[i].Name, err)}
		}
		n[info.imports[i].Type.Kind]++
		info.imports[i].Type = t
	}
	for i := range info.exports {
		t, err := info.externType(info.exports[i].Type.Kind, info.exports[i].index)
		if err != nil {
			return &DecodeError{Offset: info.exportOffs[i], Msg: fmt.Sprintf("export %q: %v", info.exports[i].Name, err)}
		}
		info.exports[i].Type = t
	}
	return nil
}

func (info *moduleInfo) externType(k Kind, idx uint32) (ExternType, error) {
	t := ExternType{Kind: k}
	var have int
	switch k {
	case KindFunc:
		if have = len(info.funcs); int64(idx) < int64(have) {
			return info.funcType(t, info.funcs[idx])
		}
	case KindTable:
		if have = len(info.tables); int64(idx) < int64(have) {
			t.Table = info.tables[idx]
			return t, nil
		}
	case KindMemory:
		if have = len(info.memories); int64(idx) < int64(have) {
			t.Memory = info.memories[idx]
			return t, nil
		}
	case KindGlobal:
		if have = len(info.globals); int64(idx) < int64(have) {
			t.Global = info.globals[idx]
			return t, nil
		}
	case KindTag:
		if have = len(info.tags); int64(idx) < int64(have) {
			return info.funcType(t, info.tags[idx])
		}
	}
	return t, fmt.Errorf("%s index %d out of range (%d defined)", k, idx, have)
}

func (info *moduleInfo) funcType(t ExternType, typeIdx uint32) (ExternType, error) {
	if int64(typeIdx) >= int64(len(info.types)) {
		return t, fmt.Errorf("type index %d out of range (%d types)", typeIdx, len(info.types))
	}
	t.Func = info.types[typeIdx]
	return t, nil
}
