package engine

import (
	"errors"
	"fmt"

	"github.com/weftwasm/weft/internal/coremodule"
)

// ErrMalformed is wrapped by every *DecodeError.
var ErrMalformed = errors.New("malformed core module")

// DecodeError reports where and why a core module binary could not be read,
// or uses a feature the engine cannot run.
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

// moduleInfo is what the engine needs to know about a core module: the types of its
// imports and exports, and where the import section and import module names sit.
type moduleInfo struct {
	mod     *coremodule.Module
	imports []Import
	exports []Export
}

// decodeModule reads a core module binary with coremodule and checks that the engine
// can run the types it declares.
func decodeModule(b []byte) (*moduleInfo, error) {
	m, err := coremodule.Read(b)
	if err != nil {
		var me *coremodule.Error
		if errors.As(err, &me) {
			return nil, &DecodeError{Offset: me.Offset, Msg: me.Err.Error()}
		}
		var ie *coremodule.IndexError
		if errors.As(err, &ie) {
			return nil, &DecodeError{Offset: ie.Offset, Msg: ie.Msg}
		}
		return nil, err
	}
	if err := runnable(m); err != nil {
		return nil, err
	}
	info := &moduleInfo{mod: m, imports: make([]Import, len(m.Imports)), exports: make([]Export, len(m.Exports))}
	for i, imp := range m.Imports {
		if imp.Type.Kind == coremodule.ExternFuncExact {
			return nil, &DecodeError{Offset: imp.ModuleName.Start, Msg: fmt.Sprintf("import %q %q: exact function imports are not supported", imp.Module, imp.Field)}
		}
		info.imports[i] = Import{Module: imp.Module, Name: imp.Field, Type: imp.Type}
	}
	for i, x := range m.Exports {
		info.exports[i] = Export{Name: x.Name, Type: x.Type, index: x.Index}
	}
	return info, nil
}

// runnable rejects the types of m that the engine cannot represent: GC composite
// types and reference types beyond funcref, externref and exnref, shared or 64-bit
// tables, memories and globals, custom page sizes and table initializers.
func runnable(m *coremodule.Module) error {
	for i, st := range m.Types {
		ft := st.Func()
		if ft == nil {
			return &DecodeError{Offset: m.TypeOffsets[i], Msg: fmt.Sprintf("type %d is not a function type; only function types are supported", i)}
		}
		for _, v := range append(append([]ValType(nil), ft.Params...), ft.Results...) {
			if !runs(v) {
				return &DecodeError{Offset: m.TypeOffsets[i], Msg: fmt.Sprintf("type %d: unsupported value type %s", i, v)}
			}
		}
	}
	for i, t := range m.Tables {
		switch {
		case !isRef(t.Elem):
			return &DecodeError{Offset: m.TableOffsets[i], Msg: fmt.Sprintf("table element type %s is not a supported reference type", t.Elem)}
		case t.HasInit:
			return &DecodeError{Offset: m.TableOffsets[i], Msg: "tables with initializer expressions are not supported"}
		case t.Limits.Flags > 1:
			return &DecodeError{Offset: m.TableOffsets[i], Msg: fmt.Sprintf("unsupported table limits flags %#x", t.Limits.Flags)}
		}
	}
	for i, l := range m.Memories {
		if l.Flags > 3 {
			return &DecodeError{Offset: m.MemoryOffsets[i], Msg: fmt.Sprintf("unsupported memory limits flags %#x", l.Flags)}
		}
	}
	for i, g := range m.Globals {
		if !runs(g.Type) {
			return &DecodeError{Offset: m.GlobalOffsets[i], Msg: fmt.Sprintf("unsupported global value type %s", g.Type)}
		}
		if g.Flags > 1 {
			return &DecodeError{Offset: m.GlobalOffsets[i], Msg: "shared globals are not supported"}
		}
	}
	return nil
}
