// Package corecheck validates core WebAssembly modules with wazero, for use
// as the component validator's core module check:
//
//	check := corecheck.New(ctx)
//	defer check.Close(ctx)
//	v := component.NewValidator().WithCoreModuleCheck(check.Module)
//
// wazero rejects imports whose module name is empty, which components use
// freely (wit-component's shims import from ""); such names are rewritten to
// a placeholder before compiling, which does not change validity.
package corecheck

import (
	"context"
	"errors"
	"fmt"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// Features are the core features the check enables: WebAssembly 2.0 plus
// threads, tail calls, extended constant expressions and exception handling.
const Features = api.CoreFeaturesV2 | experimental.CoreFeaturesThreads | experimental.CoreFeaturesTailCall |
	experimental.CoreFeaturesExtendedConst | experimental.CoreFeaturesExceptionHandling

// Checker compile-validates core modules on a wazero interpreter runtime.
type Checker struct {
	ctx context.Context
	rt  wazero.Runtime
}

// New returns a Checker. Close releases it.
func New(ctx context.Context) *Checker {
	cfg := wazero.NewRuntimeConfigInterpreter().WithCoreFeatures(Features)
	return &Checker{ctx: ctx, rt: wazero.NewRuntimeWithConfig(ctx, cfg)}
}

// Close releases the runtime.
func (c *Checker) Close(ctx context.Context) error { return c.rt.Close(ctx) }

// Module reports whether module is a valid core module (as far as wazero's
// features go).
func (c *Checker) Module(module []byte) error {
	fixed, err := renameEmptyImportModules(module)
	if err != nil {
		return err
	}
	cm, err := c.rt.CompileModule(c.ctx, fixed)
	if err != nil {
		return err
	}
	return cm.Close(c.ctx)
}

// placeholder replaces empty import module names.
const placeholder = "\x00"

var errTruncated = errors.New("unexpected end of module")

type reader struct {
	b   []byte
	pos int
}

func (r *reader) byte() (byte, error) {
	if r.pos >= len(r.b) {
		return 0, errTruncated
	}
	r.pos++
	return r.b[r.pos-1], nil
}

func (r *reader) leb() (uint64, error) {
	var v uint64
	for shift := uint(0); shift < 64; shift += 7 {
		b, err := r.byte()
		if err != nil {
			return 0, err
		}
		v |= uint64(b&0x7f) << shift
		if b&0x80 == 0 {
			return v, nil
		}
	}
	return 0, errors.New("LEB128 number too long")
}

func (r *reader) skip(n uint64) error {
	if n > uint64(len(r.b)-r.pos) {
		return errTruncated
	}
	r.pos += int(n)
	return nil
}

// valType skips a value type, including reference types with heap types.
func (r *reader) valType() error {
	b, err := r.byte()
	if err != nil {
		return err
	}
	if b == 0x63 || b == 0x64 {
		_, err = r.leb() // heap type, s33
	}
	return err
}

func (r *reader) limits(memory bool) error {
	flags, err := r.byte()
	if err != nil {
		return err
	}
	if _, err := r.leb(); err != nil {
		return err
	}
	if flags&1 != 0 {
		if _, err := r.leb(); err != nil {
			return err
		}
	}
	if memory && flags&0x08 != 0 {
		_, err = r.leb()
	}
	return err
}

// importDesc skips an import description.
func (r *reader) importDesc() error {
	kind, err := r.byte()
	if err != nil {
		return err
	}
	switch kind {
	case 0x00, 0x20: // func
		_, err = r.leb()
	case 0x01: // table
		if err = r.valType(); err == nil {
			err = r.limits(false)
		}
	case 0x02: // memory
		err = r.limits(true)
	case 0x03: // global
		if err = r.valType(); err == nil {
			_, err = r.byte()
		}
	case 0x04: // tag
		if _, err = r.byte(); err == nil {
			_, err = r.leb()
		}
	default:
		err = fmt.Errorf("invalid import kind %#x", kind)
	}
	return err
}

func appendLEB(out []byte, v uint64) []byte {
	for {
		b := byte(v & 0x7f)
		v >>= 7
		if v != 0 {
			out = append(out, b|0x80)
			continue
		}
		return append(out, b)
	}
}

// renameEmptyImportModules returns module with every empty import module
// name replaced by placeholder; module itself when there is none.
func renameEmptyImportModules(module []byte) ([]byte, error) {
	r := &reader{b: module, pos: 8}
	if len(module) < 8 {
		return module, nil // let the engine report it
	}
	for r.pos < len(module) {
		start := r.pos
		id, err := r.byte()
		if err != nil {
			return nil, err
		}
		size, err := r.leb()
		if err != nil {
			return nil, err
		}
		body := r.pos
		if err := r.skip(size); err != nil {
			return nil, err
		}
		if id != 2 {
			continue
		}
		section, changed, err := rewriteImports(module[body:r.pos])
		if err != nil || !changed {
			return module, err
		}
		out := append([]byte(nil), module[:start]...)
		out = append(out, 2)
		out = appendLEB(out, uint64(len(section)))
		out = append(out, section...)
		return append(out, module[r.pos:]...), nil
	}
	return module, nil
}

func rewriteImports(sec []byte) ([]byte, bool, error) {
	r := &reader{b: sec}
	n, err := r.leb()
	if err != nil {
		return nil, false, err
	}
	out := appendLEB(nil, n)
	changed := false
	for i := uint64(0); i < n; i++ {
		mlen, err := r.leb()
		if err != nil {
			return nil, false, err
		}
		mstart := r.pos
		if err := r.skip(mlen); err != nil {
			return nil, false, err
		}
		if mlen == 0 {
			changed = true
			out = appendLEB(out, uint64(len(placeholder)))
			out = append(out, placeholder...)
		} else {
			out = appendLEB(out, mlen)
			out = append(out, sec[mstart:r.pos]...)
		}
		rest := r.pos
		flen, err := r.leb()
		if err != nil {
			return nil, false, err
		}
		if err := r.skip(flen); err != nil {
			return nil, false, err
		}
		if err := r.importDesc(); err != nil {
			return nil, false, err
		}
		out = append(out, sec[rest:r.pos]...)
	}
	return append(out, sec[r.pos:]...), changed, nil
}
