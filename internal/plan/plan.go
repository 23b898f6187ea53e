// Package plan turns a decoded component, with all its nesting, into a flat,
// index-based Plan: the list of core modules to compile, the steps that
// instantiate a component (instantiate core module k with these instances,
// build a bag of renamed items, run a start function), and the static
// descriptions of every lifted function, every lowered import and every
// canonical built-in. Names are resolved here, once; the runtime only
// follows indices.
//
// Nested components are inlined: a component instantiated twice appears
// twice in the Plan, each time with its own component instance number (for
// its handle table and its may_enter/may_leave flags) and its own resource
// types.
package plan

import (
	"fmt"

	"github.com/weftwasm/weft/component"
	"github.com/weftwasm/weft/value"
)

// ModuleID indexes Plan.Modules.
type ModuleID int

// CoreInstID numbers the core instances one instantiation creates; 0 is the
// instance of the host module (Plan.HostFuncs).
type CoreInstID int

// CompInstID numbers the component instances inside one instantiation; 0 is
// the outermost component.
type CompInstID int

// NoCompInst stands for no component instance: the parent of the outermost
// one, or the host as a caller.
const NoCompInst CompInstID = -1

// ResourceID indexes Plan.Resources.
type ResourceID int

// HostFuncID indexes Plan.HostFuncs.
type HostFuncID int

// ImportID indexes Plan.Imports.
type ImportID int

// LiftID indexes Plan.Lifts.
type LiftID int

// HostInstance is the core instance holding every host function of the plan.
const HostInstance CoreInstID = 0

// HostFuncName is the export name of host function id in the host instance.
func HostFuncName(id HostFuncID) string { return fmt.Sprintf("h%d", int(id)) }

// CoreItem is a core definition: export Name of core instance Inst.
type CoreItem struct {
	Inst CoreInstID
	Name string
}

// FuncRef is a component function: a lifted core function or a host import.
type FuncRef struct {
	Lifted bool
	Lift   LiftID   // when Lifted
	Import ImportID // otherwise
}

// Options are the canonical options of a lift, lower or built-in.
type Options struct {
	Encoding   component.CanonOptKind // OptUTF8, OptUTF16 or OptLatin1UTF16
	Memory     *CoreItem
	Realloc    *CoreItem
	PostReturn *CoreItem
	Callback   *CoreItem
	Async      bool
}

// Lift is a core function lifted into a component function of component
// instance Inst.
type Lift struct {
	Inst CompInstID
	Core CoreItem
	Opts Options
	Type *value.FuncType
}

// HostFuncKind says what a host function does.
type HostFuncKind uint8

// The kinds of host functions.
const (
	HostLower        HostFuncKind = iota + 1 // canon lower of Callee
	HostResourceNew                          // canon resource.new Resource
	HostResourceDrop                         // canon resource.drop Resource
	HostResourceRep                          // canon resource.rep Resource
	HostBuiltin                              // any other built-in (Op): traps, async is not implemented
)

// CoreType is a core value type of a host function signature.
type CoreType uint8

// The core value types of host function signatures.
const (
	I32 CoreType = iota + 1
	I64
	F32
	F64
)

// HostFunc is a core function implemented by the runtime.
type HostFunc struct {
	Kind     HostFuncKind
	Inst     CompInstID // the component instance whose core code calls it
	Op       component.CanonOp
	Callee   FuncRef         // HostLower
	Type     *value.FuncType // HostLower: the callee's type
	Opts     Options
	Resource ResourceID // resource built-ins
	// Params and Results are the core signature; for HostLower the runtime
	// computes it from Type (Params and Results are nil).
	Params, Results []CoreType
}

// Resource is a resource type. Defined resources belong to the component
// instance Inst that defines them; imported ones have Import set.
type Resource struct {
	Type     *value.ResourceType // the static identity inside the plan
	Inst     CompInstID
	Dtor     *CoreItem
	Imported bool
	Import   string // the import path of an imported resource
}

// Import is a function the host must provide: Path is its full name, e.g.
// "a:b/c@0.2.1#f" for function f of instance a:b/c@0.2.1, or "f".
type Import struct {
	Path     string
	Instance string // the instance import name, "" for a top-level function
	Name     string // the function's name in Instance (or the top-level name)
	Type     *value.FuncType
}

// StepKind is what a Step does.
type StepKind uint8

// The steps of an instantiation.
const (
	StepInstantiate StepKind = iota + 1 // instantiate Module with Args, producing the next core instance
	StepBag                             // build a core instance from Items, producing the next core instance
	StepStart                           // call the component function Start (no args or results)
)

// Step is one initializer. StepInstantiate and StepBag produce the next
// core instance number, in order after HostInstance.
type Step struct {
	Kind   StepKind
	Module ModuleID
	Args   []CoreArg
	Items  []BagItem
	Start  FuncRef
}

// CoreArg is one `with` argument of a core instantiation.
type CoreArg struct {
	Name string
	Inst CoreInstID
}

// BagItem is one renamed item of a bag.
type BagItem struct {
	Name string
	Item CoreItem
}

// ExportKind is the kind of a component export.
type ExportKind uint8

// The kinds of exports the runtime exposes.
const (
	ExportFunc ExportKind = iota + 1
	ExportInstance
	ExportType
	ExportOther // modules, components and values: listed but not callable
)

// Export is one export of the component or of an exported instance.
type Export struct {
	Kind     ExportKind
	Func     FuncRef
	Instance *Exports
	Type     value.Type
	Resource *value.ResourceType
}

// Exports is an ordered set of named exports.
type Exports struct {
	Names []string
	Items map[string]*Export
}

// Lookup returns the export called name.
func (e *Exports) Lookup(name string) (*Export, bool) {
	if e == nil {
		return nil, false
	}
	x, ok := e.Items[name]
	return x, ok
}

func (e *Exports) add(name string, x *Export) {
	if e.Items == nil {
		e.Items = map[string]*Export{}
	}
	if _, dup := e.Items[name]; !dup {
		e.Names = append(e.Names, name)
	}
	e.Items[name] = x
}

// Plan is a whole component, flattened.
type Plan struct {
	Modules   [][]byte
	Steps     []Step
	CoreInsts int // core instances created, HostInstance included
	CompInsts int
	// Parents gives the component instance each one was instantiated in
	// (NoCompInst for the outermost).
	Parents   []CompInstID
	Lifts     []Lift
	HostFuncs []HostFunc
	Resources []Resource
	Imports   []Import
	// Unresolved lists top-level imports no host definition can satisfy
	// (core modules, components, values); instantiating fails on them.
	Unresolved []string
	Exports    Exports
}

// IsAncestor reports whether component instance a is b or encloses it.
func (p *Plan) IsAncestor(a, b CompInstID) bool {
	for ; b != NoCompInst; b = p.Parents[b] {
		if a == b {
			return true
		}
	}
	return false
}
