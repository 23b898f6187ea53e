package component

import (
	"errors"
	"fmt"

	"github.com/weftwasm/weft/value"
)

// ValidationError is a component that decodes but breaks a validation rule.
// Offset is the byte offset of the offending definition (absolute in the
// outermost input): the start of the section item that breaks the rule, or
// of the section or component when the rule concerns it as a whole.
type ValidationError struct {
	Offset int
	Msg    string
	// Err is the underlying cause when it is an error of another kind (for
	// example what the core module check returned); nil otherwise.
	Err error
}

// Error renders the error as "offset 0xNN: message".
func (e *ValidationError) Error() string { return fmt.Sprintf("offset %#x: %s", e.Offset, e.Msg) }

// Unwrap returns the underlying cause, if any.
func (e *ValidationError) Unwrap() error { return e.Err }

// Validator checks decoded components against the rules of the Component
// Model (Explainer.md and Binary.md) the way wasmparser does. It is
// immutable: the With methods return modified copies.
//
//	info, err := component.NewValidator().
//		WithCoreModuleCheck(compileWithWazero).
//		Validate(c)
type Validator struct {
	coreCheck func(module []byte) error
}

// NewValidator returns a validator with the default configuration: embedded
// core modules are only read structurally (their imports, exports and types),
// not validated as core wasm.
func NewValidator() *Validator { return &Validator{} }

// WithCoreModuleCheck returns a copy of v that calls check on every embedded
// core module (the whole module binary) and rejects the component when check
// fails. Typically check compiles the module with a core wasm engine.
func (v *Validator) WithCoreModuleCheck(check func(module []byte) error) *Validator {
	c := *v
	c.coreCheck = check
	return &c
}

// Validate validates c with the default Validator.
func Validate(c *Component) (*Info, error) { return NewValidator().Validate(c) }

// Validate checks c and returns its resolved imports and exports. A broken
// rule is reported as a *ValidationError; a malformed embedded core module as
// a *DecodeError.
func (v *Validator) Validate(c *Component) (info *Info, err error) {
	if c == nil {
		return nil, &ValidationError{Msg: "nil component"}
	}
	st := &validator{cfg: v, stats: map[any]typeStats{}, aliases: map[value.Type]*aliasID{},
		facts: newValFacts(), unnamed: map[*value.ResourceType]bool{}}
	ct, err := st.component(c, nil)
	if err != nil {
		return nil, err
	}
	return &Info{Imports: ct.Imports, Exports: ct.Exports, Type: ct}, nil
}

// validator holds the state shared by all scopes of one validation.
type validator struct {
	cfg   *Validator
	stats map[any]typeStats
	nres  int
	// aliases records, for own and borrow types, which name of their
	// resource they were written with (absent: the resource's definition).
	aliases map[value.Type]*aliasID
	facts   *valFacts
	unnamed map[*value.ResourceType]bool
}

// typeStats are what limits the cost of hostile types: nesting depth and the
// effective size (number of nodes when fully expanded).
type typeStats struct {
	depth uint32
	size  uint32
}

const (
	maxTypeDepth   = 100
	maxTypeSize    = 1_000_000
	maxFlags       = 32
	maxFlatParams  = 16
	maxFlatResults = 1
	maxFlatAsync   = 4
)

// newResource allocates a fresh resource identity. Until an import or
// export names it, it is called by a placeholder derived from from (the
// resource it was made from, if any) and a serial number.
func (v *validator) newResource(from string) *value.ResourceType {
	v.nres++
	if from == "" {
		from = "resource"
	}
	r := &value.ResourceType{Name: fmt.Sprintf("%s#%d", from, v.nres)}
	v.unnamed[r] = true
	return r
}

// nameResource gives r the name it is imported or exported under, unless
// it already has one.
func (v *validator) nameResource(r *value.ResourceType, name string) {
	if v.unnamed[r] {
		r.Name = name
		delete(v.unnamed, r)
	}
}

// scopeKind says what a scope is: a component, or the body of a component
// or instance type.
type scopeKind uint8

const (
	scopeComponent scopeKind = iota
	scopeComponentType
	scopeInstanceType
)

// scope is one component or type body being validated: its index spaces
// and what it has imported and exported so far.
type vscope struct {
	kind   scopeKind
	parent *vscope

	coreFuncs     []*CoreFuncType
	coreTables    []CoreTableType
	coreMems      []Limits
	coreGlobals   []CoreGlobalType
	coreTags      []*CoreFuncType
	coreTypes     []coreTypeDef
	coreModules   []*ModuleTypeInfo
	coreInstances []*CoreInstanceInfo
	funcs         []*value.FuncType
	values        []valueSlot
	types         []TypeDef
	components    []*ComponentTypeInfo
	instances     []*InstanceTypeInfo

	imports, exports         []Extern
	importNames, exportNames nameSet

	importedResources []*value.ResourceType
	definedResources  []*value.ResourceType
	localRep          map[*value.ResourceType]CoreValType
	explicit          map[*value.ResourceType]bool
	importedTypes     map[any]bool
	exportedTypes     map[any]bool
	importCtx         nameContext
	exportCtx         nameContext

	contextType *CoreValType
	hasStart    bool
	size        uint32 // the summed size of the imports and exports so far
}

// coreTypeDef is an entry of the core type index space: a core subtype or a
// module type.
type coreTypeDef struct {
	sub    *CoreSubType
	module *ModuleTypeInfo
}

type valueSlot struct {
	typ  value.Type
	used bool
}

func newScope(kind scopeKind, parent *vscope) *vscope {
	return &vscope{
		kind:          kind,
		parent:        parent,
		importNames:   nameSet{},
		exportNames:   nameSet{},
		localRep:      map[*value.ResourceType]CoreValType{},
		explicit:      map[*value.ResourceType]bool{},
		importedTypes: map[any]bool{},
		exportedTypes: map[any]bool{},
		importCtx:     newNameContext(),
		exportCtx:     newNameContext(),
	}
}

// at attaches an offset to err unless it already carries one.
func at(off int, err error) error {
	if err == nil {
		return nil
	}
	var ve *ValidationError
	var de *DecodeError
	if errors.As(err, &ve) || errors.As(err, &de) {
		return err
	}
	return &ValidationError{Offset: off, Msg: err.Error()}
}

// component validates a component (nested when parent is non-nil) and
// returns its type.
func (v *validator) component(c *Component, parent *vscope) (*ComponentTypeInfo, error) {
	s := newScope(scopeComponent, parent)
	end := 0
	for _, sec := range c.Sections {
		off := sec.Span().Body
		if e := sec.Span().End; e > end {
			end = e
		}
		if err := v.section(s, sec); err != nil {
			return nil, at(off, err)
		}
	}
	ct, err := v.finish(s)
	if err != nil {
		return nil, at(end, err)
	}
	for i, val := range s.values {
		if !val.used {
			return nil, at(end, fmt.Errorf("value index %d was not used as part of an instantiation, start function, or export", i))
		}
	}
	return ct, nil
}

func (v *validator) section(s *vscope, sec Section) error {
	switch sec := sec.(type) {
	case *CustomSection:
		return nil
	case *CoreModuleSection:
		mt, err := v.coreModule(sec.Module, sec.Span().Body)
		if err != nil {
			return err
		}
		s.coreModules = append(s.coreModules, mt)
	case *CoreInstanceSection:
		for i, in := range sec.Instances {
			if err := v.coreInstance(s, in); err != nil {
				return itemErr(sec, i, err)
			}
		}
	case *CoreTypeSection:
		for i, t := range sec.Types {
			if err := v.addCoreType(s, t); err != nil {
				return itemErr(sec, i, err)
			}
		}
	case *ComponentSection:
		if sec.Component == nil {
			return errors.New("missing nested component")
		}
		ct, err := v.component(sec.Component, s)
		if err != nil {
			return err
		}
		s.components = append(s.components, ct)
	case *InstanceSection:
		for i, in := range sec.Instances {
			if err := v.instance(s, in); err != nil {
				return itemErr(sec, i, err)
			}
		}
	case *AliasSection:
		for i, a := range sec.Aliases {
			if err := v.alias(s, a); err != nil {
				return itemErr(sec, i, err)
			}
		}
	case *TypeSection:
		for i, t := range sec.Types {
			if err := v.addType(s, t); err != nil {
				return itemErr(sec, i, err)
			}
		}
	case *CanonSection:
		for i := range sec.Canons {
			if err := v.canon(s, &sec.Canons[i]); err != nil {
				return itemErr(sec, i, err)
			}
		}
	case *StartSection:
		return v.start(s, sec.Start)
	case *ImportSection:
		for i, im := range sec.Imports {
			if err := v.addImport(s, im.Name, im.Type); err != nil {
				return itemErr(sec, i, err)
			}
		}
	case *ExportSection:
		for i, ex := range sec.Exports {
			if err := v.export(s, ex); err != nil {
				return itemErr(sec, i, err)
			}
		}
	case *ValueSection:
		for i, val := range sec.Values {
			t, err := v.valType(s, val.Type)
			if err != nil {
				return itemErr(sec, i, err)
			}
			s.values = append(s.values, valueSlot{typ: t})
		}
	default:
		return fmt.Errorf("unknown section %T", sec)
	}
	return nil
}

// Index space accessors. Their messages follow wasmparser.

func (s *vscope) typeAt(i uint32) (TypeDef, error) {
	if int64(i) >= int64(len(s.types)) {
		return TypeDef{}, fmt.Errorf("unknown type %d: type index out of bounds", i)
	}
	return s.types[i], nil
}

func (s *vscope) coreTypeAt(i uint32) (coreTypeDef, error) {
	if int64(i) >= int64(len(s.coreTypes)) {
		return coreTypeDef{}, fmt.Errorf("unknown type %d: type index out of bounds", i)
	}
	return s.coreTypes[i], nil
}

func (s *vscope) funcTypeAt(i uint32) (*value.FuncType, error) {
	d, err := s.typeAt(i)
	if err != nil {
		return nil, err
	}
	if d.Func == nil {
		return nil, fmt.Errorf("type index %d is not a function type", i)
	}
	return d.Func, nil
}

func (s *vscope) definedTypeAt(i uint32) (value.Type, error) {
	d, err := s.typeAt(i)
	if err != nil {
		return nil, err
	}
	if d.Value == nil {
		return nil, fmt.Errorf("type index %d is not a defined type", i)
	}
	return d.Value, nil
}

func (s *vscope) resourceAt(i uint32) (*value.ResourceType, *aliasID, error) {
	d, err := s.typeAt(i)
	if err != nil {
		return nil, nil, err
	}
	if d.Resource == nil {
		return nil, nil, fmt.Errorf("type index %d is not a resource type", i)
	}
	return d.Resource, d.alias, nil
}

func (s *vscope) funcAt(i uint32) (*value.FuncType, error) {
	if int64(i) >= int64(len(s.funcs)) {
		return nil, fmt.Errorf("unknown function %d: function index out of bounds", i)
	}
	return s.funcs[i], nil
}

func (s *vscope) componentAt(i uint32) (*ComponentTypeInfo, error) {
	if int64(i) >= int64(len(s.components)) {
		return nil, fmt.Errorf("unknown component %d: component index out of bounds", i)
	}
	return s.components[i], nil
}

func (s *vscope) instanceAt(i uint32) (*InstanceTypeInfo, error) {
	if int64(i) >= int64(len(s.instances)) {
		return nil, fmt.Errorf("unknown instance %d: instance index out of bounds", i)
	}
	return s.instances[i], nil
}

func (s *vscope) valueAt(i uint32) (value.Type, error) {
	if int64(i) >= int64(len(s.values)) {
		return nil, fmt.Errorf("unknown value %d: value index out of bounds", i)
	}
	if s.values[i].used {
		return nil, fmt.Errorf("value %d cannot be used more than once", i)
	}
	s.values[i].used = true
	return s.values[i].typ, nil
}

func (s *vscope) moduleAt(i uint32) (*ModuleTypeInfo, error) {
	if int64(i) >= int64(len(s.coreModules)) {
		return nil, fmt.Errorf("unknown module %d: module index out of bounds", i)
	}
	return s.coreModules[i], nil
}

func (s *vscope) coreInstanceAt(i uint32) (*CoreInstanceInfo, error) {
	if int64(i) >= int64(len(s.coreInstances)) {
		return nil, fmt.Errorf("unknown core instance %d: instance index out of bounds", i)
	}
	return s.coreInstances[i], nil
}

func (s *vscope) coreFuncAt(i uint32) (*CoreFuncType, error) {
	if int64(i) >= int64(len(s.coreFuncs)) {
		return nil, fmt.Errorf("unknown core function %d: function index out of bounds", i)
	}
	return s.coreFuncs[i], nil
}

func (s *vscope) tableAt(i uint32) (CoreTableType, error) {
	if int64(i) >= int64(len(s.coreTables)) {
		return CoreTableType{}, fmt.Errorf("unknown table %d: table index out of bounds", i)
	}
	return s.coreTables[i], nil
}

func (s *vscope) memoryAt(i uint32) (Limits, error) {
	if int64(i) >= int64(len(s.coreMems)) {
		return Limits{}, fmt.Errorf("unknown memory %d: memory index out of bounds", i)
	}
	return s.coreMems[i], nil
}

func (s *vscope) globalAt(i uint32) (CoreGlobalType, error) {
	if int64(i) >= int64(len(s.coreGlobals)) {
		return CoreGlobalType{}, fmt.Errorf("unknown global %d: global index out of bounds", i)
	}
	return s.coreGlobals[i], nil
}

func (s *vscope) tagAt(i uint32) (*CoreFuncType, error) {
	if int64(i) >= int64(len(s.coreTags)) {
		return nil, fmt.Errorf("unknown tag %d: tag index out of bounds", i)
	}
	return s.coreTags[i], nil
}

// outer returns the scope count levels up.
func (s *vscope) outer(count uint32) (*vscope, error) {
	t := s
	for i := uint32(0); i < count; i++ {
		if t.parent == nil {
			return nil, fmt.Errorf("invalid outer alias count of %d", count)
		}
		t = t.parent
	}
	return t, nil
}
