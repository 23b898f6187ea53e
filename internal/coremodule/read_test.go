package coremodule

import (
	"errors"
	"strings"
	"testing"
)

// section encodes a section with a one-byte size (bodies here stay small).
func section(id byte, body ...byte) []byte { return append([]byte{id, byte(len(body))}, body...) }

func module(sections ...[]byte) []byte {
	b := []byte("\x00asm\x01\x00\x00\x00")
	for _, s := range sections {
		b = append(b, s...)
	}
	return b
}

func TestRead(t *testing.T) {
	bin := module(
		section(1, 2, 0x60, 1, I32, 1, I64, 0x5f, 0), // (func (param i32) (result i64)), (struct)
		section(2, 4,
			0, 1, 'f', 0x00, 0, // "" "f" func 0
			1, 'm', 1, 'm', 0x02, 0x01, 1, 2, // memory 1 2
			1, 'm', 1, 'g', 0x03, F32, 1, // global (mut f32)
			1, 't', 1, 't', 0x01, FuncRef, 0x04, 3), // table i64 3 funcref
		section(3, 1, 0),
		section(6, 1, I32, 0, 0x41, 7, 0x0b),
		section(13, 1, 0, 0),
		section(7, 4, 1, 'a', 0, 1, 1, 'b', 3, 1, 1, 'c', 4, 0, 1, 'd', 1, 0),
	)
	m, err := Read(bin)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Types) != 2 || m.Types[1].Func() != nil || m.Types[0].Func().String() != "(i32) -> (i64)" {
		t.Fatalf("types = %v", m.Types)
	}
	wantImports := []string{
		`"" "f" func (i32) -> (i64)`,
		`"m" "m" memory 1 2`,
		`"m" "g" global (mut f32)`,
		`"t" "t" table i64 3 funcref`,
	}
	for i, imp := range m.Imports {
		if got := `"` + imp.Module + `" "` + imp.Field + `" ` + imp.Type.String(); got != wantImports[i] {
			t.Errorf("import %d = %s, want %s", i, got, wantImports[i])
		}
	}
	if sp := m.Imports[1].ModuleName; string(bin[sp.Start:sp.End]) != "\x01m" {
		t.Errorf("module name span %v holds %q", sp, bin[sp.Start:sp.End])
	}
	if m.ImportHeader < 0 || bin[m.ImportHeader] != 2 || m.ImportSection.End-m.ImportSection.Start != int(bin[m.ImportHeader+1]) {
		t.Errorf("import section at %d, span %v", m.ImportHeader, m.ImportSection)
	}
	wantExports := []string{"a func (i32) -> (i64)", "b global i32", "c tag (i32) -> (i64)", "d table i64 3 funcref"}
	for i, x := range m.Exports {
		if got := x.Name + " " + x.Type.String(); got != wantExports[i] {
			t.Errorf("export %d = %s, want %s", i, got, wantExports[i])
		}
	}
	// The table is imported: its offset is that of its import's type; the
	// second global is defined at the start of the global section's entry.
	if off := m.TableOffsets[0]; bin[off] != 0x01 || bin[off+1] != FuncRef {
		t.Errorf("table offset %d points at % x", off, bin[off:off+2])
	}
	if off := m.GlobalOffsets[1]; bin[off] != I32 || bin[off+2] != 0x41 {
		t.Errorf("global offset %d points at % x", off, bin[off:off+3])
	}
	if off := m.TypeOffsets[1]; bin[off] != 0x5f {
		t.Errorf("type offset %d points at % x", off, bin[off])
	}
	if len(m.Funcs) != 2 || len(m.Globals) != 2 || len(m.Tags) != 1 || len(m.Memories) != 1 || len(m.Tables) != 1 {
		t.Errorf("index spaces: %d funcs, %d globals, %d tags, %d memories, %d tables",
			len(m.Funcs), len(m.Globals), len(m.Tags), len(m.Memories), len(m.Tables))
	}
}

func TestReadErrors(t *testing.T) {
	for _, tc := range []struct {
		name     string
		bin      []byte
		sentinel error // nil for an *IndexError
		want     string
	}{
		{"magic", []byte("\x00asx\x01\x00\x00\x00"), ErrBadMagic, "offset 0x0: bad magic number"},
		{"component", []byte("\x00asm\x0d\x00\x01\x00"), ErrNotModule, "offset 0x4: expected a version header for a module"},
		{"version", []byte("\x00asm\x02\x00\x00\x00"), ErrBadVersion, "offset 0x4: unknown binary version: 0x2"},
		{"short", []byte("\x00asm\x01"), ErrUnexpectedEOF, "offset 0x5: unexpected end-of-file"},
		{"long leb", module([]byte{1, 0x80, 0x80, 0x80, 0x80, 0x80, 0}), ErrIntegerTooLarge, "offset 0x9: integer too large: u32 representation too long"},
		{"big leb", module([]byte{1, 0xff, 0xff, 0xff, 0xff, 0x7f}), ErrIntegerTooLarge, "u32 out of range"},
		{"section size", module([]byte{1, 10, 0}), ErrUnexpectedEOF, "core section of 10 bytes"},
		{"count", module(section(1, 0x7f)), ErrUnexpectedEOF, "vector of 127 elements with 0 bytes left"},
		{"type form", module(section(1, 1, 0x40)), ErrInvalidByte, "offset 0xb: invalid leading byte (0x40) for type"},
		{"val type", module(section(1, 1, 0x60, 1, 0x40, 0)), ErrInvalidByte, "offset 0xd: invalid leading byte (0x40) for value type"},
		{"name utf8", module(section(2, 1, 1, 0xff, 0, 0, 0)), ErrInvalidUTF8, "offset 0xb: malformed UTF-8 encoding"},
		{"name length", module(section(2, 1, 9, 'a')), ErrUnexpectedEOF, "name of 9 bytes with 1 bytes left"},
		{"import kind", module(section(2, 1, 1, 'a', 1, 'b', 7)), ErrInvalidByte, "(0x7) for external kind"},
		{"limits", module(section(4, 1, 0x70, 8, 1)), ErrInvalidEncoding, "invalid limits flags 0x8"},
		{"page size", module(section(5, 1, 8, 0, 64)), ErrInvalidEncoding, "invalid custom page size"},
		{"global flags", module(section(6, 1, 0x7f, 4)), ErrInvalidEncoding, "malformed global flags 0x4"},
		{"const expr", module(section(6, 1, 0x7f, 0, 0x20, 0, 0x0b)), ErrInvalidByte, "unsupported instruction 0x20 in a constant expression"},
		{"simd const", module(section(6, 1, 0x7b, 0, 0xfd, 13, 0x0b)), ErrInvalidByte, "unsupported SIMD instruction 0xd"},
		{"tag attribute", module(section(13, 1, 1, 0)), ErrInvalidEncoding, "invalid tag attributes 0x1"},
		{"trailing", module(section(3, 0, 0)), ErrSectionSize, "offset 0xb: section size mismatch: unexpected data at the end of the section"},
		{"duplicate", module(section(3, 0), section(3, 0)), ErrSectionOrder, "offset 0xb: section out of order: duplicate section 3"},
		{"export index", module(section(7, 1, 1, 'f', 0, 0)), nil, "offset 0xb: unknown function 0: exported function index out of bounds"},
		{"export kind", module(section(7, 1, 1, 'f', 9, 0)), nil, "offset 0xd: invalid external kind 0x9"},
		{"export twice", module(section(5, 1, 0, 0), section(7, 2, 1, 'm', 2, 0, 1, 'm', 2, 0)), nil, "duplicate export name `m` already defined"},
		{"import type", module(section(2, 1, 1, 'a', 1, 'b', 0, 0)), nil, "offset 0xf: unknown type 0: type index out of bounds"},
		{"struct func", module(section(1, 1, 0x5f, 0), section(3, 1, 0)), nil, "type index 0 is not a function type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(tc.bin)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one containing %q", err, tc.want)
			}
			var ie *IndexError
			if tc.sentinel == nil && !errors.As(err, &ie) {
				t.Fatalf("err = %#v, want an *IndexError", err)
			}
			var me *Error
			if tc.sentinel != nil && (!errors.As(err, &me) || !errors.Is(err, tc.sentinel)) {
				t.Fatalf("err = %#v, want an *Error wrapping %v", err, tc.sentinel)
			}
		})
	}
}

// FuzzRead checks that Read never panics and that what it returns is
// consistent: every import and export has a type of its kind and every span
// lies inside the binary.
func FuzzRead(f *testing.F) {
	f.Add(module(section(1, 1, 0x60, 0, 0), section(2, 1, 0, 1, 'f', 0, 0), section(7, 1, 1, 'f', 0, 0)))
	f.Fuzz(func(t *testing.T, bin []byte) {
		m, err := Read(bin)
		if err != nil {
			var me *Error
			var ie *IndexError
			if !errors.As(err, &me) && !errors.As(err, &ie) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		for _, imp := range m.Imports {
			sp := imp.ModuleName
			if sp.Start < m.ImportSection.Start || sp.End > m.ImportSection.End || sp.Start >= sp.End {
				t.Fatalf("import %q: module name span %v outside the import section %v", imp.Module, sp, m.ImportSection)
			}
			checkType(t, imp.Type)
		}
		if len(m.TypeOffsets) != len(m.Types) || len(m.TableOffsets) != len(m.Tables) ||
			len(m.MemoryOffsets) != len(m.Memories) || len(m.GlobalOffsets) != len(m.Globals) {
			t.Fatalf("offsets do not match the index spaces")
		}
		for _, x := range m.Exports {
			if x.Offset < 8 || x.Offset >= len(bin) {
				t.Fatalf("export %q at offset %d", x.Name, x.Offset)
			}
			checkType(t, x.Type)
		}
	})
}

func checkType(t *testing.T, et ExternType) {
	t.Helper()
	switch et.Kind {
	case ExternFunc, ExternFuncExact, ExternTag:
		if et.Func == nil {
			t.Fatalf("%s without a function type", et.Kind)
		}
	case ExternTable, ExternMemory, ExternGlobal:
	default:
		t.Fatalf("unknown kind %s", et.Kind)
	}
	_ = et.String()
}
