package corecheck

import (
	"bytes"
	"context"
	"testing"
)

// module builds a core module from sections (id, body).
func module(sections ...[]byte) []byte {
	out := []byte("\x00asm\x01\x00\x00\x00")
	for _, s := range sections {
		out = append(out, s[0])
		out = appendLEB(out, uint64(len(s)-1))
		out = append(out, s[1:]...)
	}
	return out
}

var (
	emptyImport = []byte("\x02\x01\x00\x01f\x00\x00")
	namedImport = []byte("\x02\x01\x01m\x01f\x00\x00")
)

func TestModule(t *testing.T) {
	ctx := context.Background()
	c := New(ctx)
	defer c.Close(ctx)
	types := []byte{1, 1, 0x60, 0, 0}
	for _, tc := range []struct {
		name string
		mod  []byte
		ok   bool
	}{
		{"empty", module(), true},
		{"empty module name", module(types, emptyImport), true},
		{"named import", module(types, namedImport), true},
		{"import of a missing type", module(emptyImport), false},
		{"truncated", []byte("\x00asm\x01\x00"), false},
	} {
		err := c.Module(tc.mod)
		if (err == nil) != tc.ok {
			t.Errorf("%s: got %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}

func TestRenameEmptyImportModules(t *testing.T) {
	types := []byte{1, 1, 0x60, 0, 0}
	in := module(types, emptyImport)
	out, err := renameEmptyImportModules(in)
	if err != nil {
		t.Fatal(err)
	}
	want := module(types, []byte("\x02\x01\x01\x00\x01f\x00\x00"))
	if !bytes.Equal(out, want) {
		t.Errorf("got % x, want % x", out, want)
	}
	same := module(types, namedImport)
	if out, err := renameEmptyImportModules(same); err != nil || !bytes.Equal(out, same) {
		t.Errorf("module without empty names changed: % x, %v", out, err)
	}
}
