package component

import "fmt"

// Component is a decoded component: its sections in file order.
type Component struct {
	// Sections lists every section, custom sections included, in file order.
	Sections []Section
}

// SectionID is the one-byte id of a component section.
type SectionID uint8

// The component section ids of Binary.md.
const (
	SectionCustom       SectionID = 0
	SectionCoreModule   SectionID = 1
	SectionCoreInstance SectionID = 2
	SectionCoreType     SectionID = 3
	SectionComponent    SectionID = 4
	SectionInstance     SectionID = 5
	SectionAlias        SectionID = 6
	SectionType         SectionID = 7
	SectionCanon        SectionID = 8
	SectionStart        SectionID = 9
	SectionImport       SectionID = 10
	SectionExport       SectionID = 11
	SectionValue        SectionID = 12
)

var sectionNames = [...]string{
	"custom", "core module", "core instance", "core type", "component", "instance",
	"alias", "type", "canon", "start", "import", "export", "value",
}

// String returns the section's name, such as "type section".
func (id SectionID) String() string {
	if int(id) < len(sectionNames) {
		return sectionNames[id] + " section"
	}
	return fmt.Sprintf("section %d", uint8(id))
}

// Span is a byte range [Offset, End) of the decoded input. Offsets are
// absolute: a nested component's spans count from the start of the outermost
// input. Spans are informational; Encode ignores them.
type Span struct {
	Offset int // offset of the section id byte
	Body   int // offset of the first byte after the size field
	End    int // offset just past the section
}

// Section is one section of a component. The concrete types are
// *CustomSection, *CoreModuleSection, *CoreInstanceSection, *CoreTypeSection,
// *ComponentSection, *InstanceSection, *AliasSection, *TypeSection,
// *CanonSection, *StartSection, *ImportSection, *ExportSection and
// *ValueSection.
type Section interface {
	// ID is the section's binary id.
	ID() SectionID
	// Span is where the section was found in the input (zero if built by hand).
	Span() Span
}

// SectionSpan records where a decoded section was found; every section type
// embeds it.
type SectionSpan struct {
	Pos Span
	// Items holds, for sections that are a vector of definitions, the
	// absolute offset of each definition, so that later passes (validation)
	// can point at the definition they reject.
	Items []int
}

// Span returns the recorded byte range.
func (s SectionSpan) Span() Span { return s.Pos }

// ItemOffset returns the offset of definition i of the section, or the offset
// of the section body when it is unknown (an AST built by hand).
func (s SectionSpan) ItemOffset(i int) int {
	if i >= 0 && i < len(s.Items) {
		return s.Items[i]
	}
	return s.Pos.Body
}

// CustomSection is a custom section (id 0): a name and uninterpreted bytes.
type CustomSection struct {
	SectionSpan
	Name string
	Data []byte
}

// CoreModuleSection is an embedded core module (id 1), kept as bytes.
type CoreModuleSection struct {
	SectionSpan
	// Module is the whole core module binary, preamble included; after Decode
	// it is a sub-slice of the input.
	Module []byte
}

// CoreInstanceSection holds core instance definitions (id 2).
type CoreInstanceSection struct {
	SectionSpan
	Instances []CoreInstance
}

// CoreTypeSection holds core type definitions (id 3).
type CoreTypeSection struct {
	SectionSpan
	Types []CoreType
}

// ComponentSection is a nested component (id 4).
type ComponentSection struct {
	SectionSpan
	Component *Component
}

// InstanceSection holds component instance definitions (id 5).
type InstanceSection struct {
	SectionSpan
	Instances []Instance
}

// AliasSection holds alias definitions (id 6).
type AliasSection struct {
	SectionSpan
	Aliases []Alias
}

// TypeSection holds component type definitions (id 7).
type TypeSection struct {
	SectionSpan
	Types []Type
}

// CanonSection holds canonical definitions (id 8).
type CanonSection struct {
	SectionSpan
	Canons []Canon
}

// StartSection holds the start definition (id 9).
type StartSection struct {
	SectionSpan
	Start Start
}

// ImportSection holds imports (id 10).
type ImportSection struct {
	SectionSpan
	Imports []Import
}

// ExportSection holds exports (id 11).
type ExportSection struct {
	SectionSpan
	Exports []Export
}

// ValueSection holds value definitions (id 12).
type ValueSection struct {
	SectionSpan
	Values []Value
}

// ID returns the section id.
func (*CustomSection) ID() SectionID { return SectionCustom }

// ID returns the section id.
func (*CoreModuleSection) ID() SectionID { return SectionCoreModule }

// ID returns the section id.
func (*CoreInstanceSection) ID() SectionID { return SectionCoreInstance }

// ID returns the section id.
func (*CoreTypeSection) ID() SectionID { return SectionCoreType }

// ID returns the section id.
func (*ComponentSection) ID() SectionID { return SectionComponent }

// ID returns the section id.
func (*InstanceSection) ID() SectionID { return SectionInstance }

// ID returns the section id.
func (*AliasSection) ID() SectionID { return SectionAlias }

// ID returns the section id.
func (*TypeSection) ID() SectionID { return SectionType }

// ID returns the section id.
func (*CanonSection) ID() SectionID { return SectionCanon }

// ID returns the section id.
func (*StartSection) ID() SectionID { return SectionStart }

// ID returns the section id.
func (*ImportSection) ID() SectionID { return SectionImport }

// ID returns the section id.
func (*ExportSection) ID() SectionID { return SectionExport }

// ID returns the section id.
func (*ValueSection) ID() SectionID { return SectionValue }

// CoreInstance is a core:instance definition: *CoreInstantiate or
// *CoreInstanceFromExports.
type CoreInstance interface{ isCoreInstance() }

// CoreInstantiate instantiates a core module (core:instanceexpr 0x00).
type CoreInstantiate struct {
	Module CoreModuleIdx
	Args   []CoreInstantiateArg
}

// CoreInstantiateArg is `(with "name" (instance i))`; the binary only allows
// the instance sort here.
type CoreInstantiateArg struct {
	Name     string
	Instance CoreInstanceIdx
}

// CoreInstanceFromExports builds a core instance from loose exports
// (core:instanceexpr 0x01).
type CoreInstanceFromExports struct {
	Exports []CoreInlineExport
}

// CoreInlineExport is one `(export "name" (sort idx))` of a core instance.
type CoreInlineExport struct {
	Name string
	Item CoreSortIdx
}

func (*CoreInstantiate) isCoreInstance()         {}
func (*CoreInstanceFromExports) isCoreInstance() {}

// Instance is a component instance definition: *Instantiate or
// *InstanceFromExports.
type Instance interface{ isInstance() }

// Instantiate instantiates a component (instanceexpr 0x00).
type Instantiate struct {
	Component ComponentIdx
	Args      []InstantiateArg
}

// InstantiateArg is `(with "name" (sort idx))`.
type InstantiateArg struct {
	Name string
	Item SortIdx
}

// InstanceFromExports builds an instance from loose exports (instanceexpr 0x01).
type InstanceFromExports struct {
	Exports []InlineExport
}

// InlineExport is one export of an InstanceFromExports.
type InlineExport struct {
	Name ExternName
	Item SortIdx
}

func (*Instantiate) isInstance()         {}
func (*InstanceFromExports) isInstance() {}

// Alias is an alias definition or declarator: *AliasExport,
// *AliasCoreExport or *AliasOuter.
type Alias interface{ isAlias() }

// AliasExport is `(alias export i "name" (sort))`: an export of a component
// instance.
type AliasExport struct {
	Sort     Sort
	Instance InstanceIdx
	Name     string
}

// AliasCoreExport is `(alias core export i "name" (core sort))`: an export of a
// core instance.
type AliasCoreExport struct {
	Sort     CoreSort
	Instance CoreInstanceIdx
	Name     string
}

// AliasOuter is `(alias outer ct idx (sort))`: a definition of an enclosing
// scope. Sort is one of SortCoreModule, SortCoreType, SortType or
// SortComponent.
type AliasOuter struct {
	Sort  Sort
	Count uint32
	Index uint32
}

func (*AliasExport) isAlias()     {}
func (*AliasCoreExport) isAlias() {}
func (*AliasOuter) isAlias()      {}

// Start is the start definition: call Func with Args, producing Results values.
type Start struct {
	Func    FuncIdx
	Args    []ValueIdx
	Results uint32
}

// Import is `(import name externtype)`.
type Import struct {
	Name ExternName
	Type ExternType
}

// Export is `(export name sortidx externtype?)`. Type is nil when the export
// has no ascribed type.
type Export struct {
	Name ExternName
	Item SortIdx
	Type ExternType
}

// Value is a value definition: a value type and the encoded value, kept as
// bytes because decoding it needs the resolved type.
type Value struct {
	Type ValType
	Data []byte
}
