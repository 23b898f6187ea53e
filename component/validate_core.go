package component

import (
	"errors"
	"fmt"

	"github.com/weftwasm/weft/internal/coremodule"
)

// coreModule reads what a component needs to know about an embedded core
// module (its imports and exports with their types) and runs the configured
// core module check. base is the module's offset in the outermost input.
func (v *validator) coreModule(module []byte, base int) (*ModuleTypeInfo, error) {
	if v.cfg.coreCheck != nil {
		if err := v.cfg.coreCheck(module); err != nil {
			return nil, &ValidationError{Offset: base, Msg: "invalid core module: " + err.Error(), Err: err}
		}
	}
	mt, err := readModuleType(module)
	if err != nil {
		var me *coremodule.Error
		if errors.As(err, &me) {
			return nil, &DecodeError{Offset: base + me.Offset, Err: me.Err}
		}
		var ie *coremodule.IndexError
		if errors.As(err, &ie) {
			return nil, &ValidationError{Offset: base, Msg: ie.Msg}
		}
		return nil, &ValidationError{Offset: base, Msg: err.Error()}
	}
	return mt, nil
}

// readModuleType reads the imports and exports of a core module with their
// types.
func readModuleType(module []byte) (*ModuleTypeInfo, error) {
	m, err := coremodule.Read(module)
	if err != nil {
		return nil, err
	}
	mt := &ModuleTypeInfo{
		Imports: make([]CoreImportInfo, len(m.Imports)),
		Exports: make([]CoreExportInfo, len(m.Exports)),
	}
	for i, im := range m.Imports {
		mt.Imports[i] = CoreImportInfo{Module: im.Module, Field: im.Field, Type: coreEntity(im.Type)}
	}
	for i, x := range m.Exports {
		mt.Exports[i] = CoreExportInfo{Name: x.Name, Type: coreEntity(x.Type)}
	}
	if err := uniqueImports(mt.Imports); err != nil {
		return nil, err
	}
	return mt, nil
}

// coreEntity is the component view of a core import or export type.
func coreEntity(t coremodule.ExternType) CoreEntity {
	return CoreEntity{Kind: t.Kind, Func: t.Func, Table: t.Table, Memory: t.Memory, Global: t.Global}
}

// uniqueImports rejects two imports with the same module and field name,
// which the component model forbids.
func uniqueImports(imports []CoreImportInfo) error {
	seen := make(map[[2]string]bool, len(imports))
	for _, im := range imports {
		key := [2]string{im.Module, im.Field}
		if seen[key] {
			return fmt.Errorf("module has a duplicate import name `%s:%s` that is not allowed in components", im.Module, im.Field)
		}
		seen[key] = true
	}
	return nil
}
