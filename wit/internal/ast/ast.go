// Package ast declares the syntax tree of one WIT file, as produced by the
// parser and consumed by the resolver.
package ast

import "github.com/weftwasm/weft/wit/internal/lexer"

// Span is a byte range in the global offset space.
type Span = lexer.Span

// Ident is an identifier with its span. A `%`-escaped identifier has the
// percent sign stripped from Name.
type Ident struct {
	Name string
	Span Span
}

// Docs holds the raw comment texts preceding an item.
type Docs struct {
	Comments []string
	Span     Span
}

// Version is a semantic version as written, with its span.
type Version struct {
	Text string
	Span Span
}

// PackageName is `ns:name@version`.
type PackageName struct {
	Docs      Docs
	Span      Span
	Namespace Ident
	Name      Ident
	Version   *Version
}

// File is one parsed WIT file, or one nested `package x { ... }` block.
type File struct {
	Start   int          // global offset of the file's first byte
	Package *PackageName // the `package ns:name;` header, if any
	Items   []Item
	Nested  []*File // nested package blocks, in source order
}

// Item is a top-level declaration: *Interface, *World or *TopUse.
type Item interface{ item() }

// AttrKind distinguishes attributes.
type AttrKind int

// Attribute kinds.
const (
	AttrSince AttrKind = iota
	AttrUnstable
	AttrDeprecated
	AttrExternalID
)

// Attribute is one `@since(...)`, `@unstable(...)`, `@deprecated(...)` or
// `@external-id(...)`.
type Attribute struct {
	Kind    AttrKind
	Span    Span
	Version Version // since/deprecated
	Feature Ident   // unstable
	Value   string  // external-id
}

// TopUse is a top-level `use a:b/c@1.0.0 as d;`.
type TopUse struct {
	Span  Span
	Attrs []Attribute
	Path  UsePath
	As    *Ident
}

// UsePath is `name` or `ns:pkg/name@version`.
type UsePath struct {
	Package *PackageName // nil for a local name
	Name    Ident
}

// Interface is `interface name { ... }`.
type Interface struct {
	Docs  Docs
	Attrs []Attribute
	Name  Ident
	Items []InterfaceItem
}

// World is `world name { ... }`.
type World struct {
	Docs  Docs
	Attrs []Attribute
	Name  Ident
	Items []WorldItem
}

func (*Interface) item() {}
func (*World) item()     {}
func (*TopUse) item()    {}

// InterfaceItem is *TypeDef, *NamedFunc or *Use.
type InterfaceItem interface{ interfaceItem() }

// WorldItem is *Import, *Export, *Use, *TypeDef or *Include.
type WorldItem interface{ worldItem() }

// Use is `use path.{a, b as c};` inside an interface or world.
type Use struct {
	Attrs []Attribute
	From  UsePath
	Names []UseName
}

// UseName is one name of a use, optionally renamed.
type UseName struct {
	Name Ident
	As   *Ident
}

// Include is `include path with { a as b }`.
type Include struct {
	Attrs []Attribute
	From  UsePath
	Names []IncludeName
}

// IncludeName renames one included item.
type IncludeName struct {
	Name, As Ident
}

// Import is `import ...;` in a world.
type Import struct {
	Docs  Docs
	Attrs []Attribute
	Kind  Extern
}

// Export is `export ...;` in a world.
type Export struct {
	Docs  Docs
	Attrs []Attribute
	Kind  Extern
}

// ExternKind says what an import or export names.
type ExternKind int

// Extern kinds.
const (
	ExternInterface ExternKind = iota // name: interface { ... }
	ExternPath                        // path
	ExternFunc                        // name: func(...)
	ExternNamedPath                   // label: path
)

// Extern is the target of an import or export.
type Extern struct {
	Kind  ExternKind
	Name  Ident // for ExternInterface, ExternFunc, ExternNamedPath
	Items []InterfaceItem
	Path  UsePath
	Func  *Func
}

// Span returns the span error messages point at.
func (e *Extern) Span() Span {
	if e.Kind == ExternPath {
		if e.Path.Package != nil {
			return e.Path.Package.Span
		}
		return e.Path.Name.Span
	}
	return e.Name.Span
}

// TypeDef is a named type definition.
type TypeDef struct {
	Docs  Docs
	Attrs []Attribute
	Name  Ident
	Type  Type
}

// NamedFunc is `name: func(...)`.
type NamedFunc struct {
	Docs  Docs
	Attrs []Attribute
	Name  Ident
	Func  Func
}

// Func is a function signature.
type Func struct {
	Span   Span
	Async  bool
	Params []Param
	Result Type // nil when absent
}

// Param is one named parameter.
type Param struct {
	Name Ident
	Type Type
}

func (*TypeDef) interfaceItem()   {}
func (*NamedFunc) interfaceItem() {}
func (*Use) interfaceItem()       {}
func (*Import) worldItem()        {}
func (*Export) worldItem()        {}
func (*Use) worldItem()           {}
func (*TypeDef) worldItem()       {}
func (*Include) worldItem()       {}

// Type is a type expression.
type Type interface{ TypeSpan() Span }

// Primitive is a builtin type keyword.
type Primitive struct {
	Span Span
	Name string // "bool", "u8", ..., "string", "error-context"
}

// Name refers to a named type.
type Name struct{ Ident Ident }

// List is list<T>, or list<T, N> when Size is set.
type List struct {
	Span    Span
	Elem    Type
	Size    uint32
	IsFixed bool
}

// Map is map<K, V>.
type Map struct {
	Span       Span
	Key, Value Type
}

// Handle is own<R> or borrow<R>.
type Handle struct {
	Borrow   bool
	Resource Ident
}

// Resource is a resource definition.
type Resource struct {
	Span  Span
	Funcs []ResourceFunc
}

// ResourceFuncKind distinguishes resource functions.
type ResourceFuncKind int

// Resource function kinds.
const (
	ResourceMethod ResourceFuncKind = iota
	ResourceStatic
	ResourceConstructor
)

// ResourceFunc is a method, static function or constructor.
type ResourceFunc struct {
	Kind ResourceFuncKind
	Func NamedFunc
}

// Record is a record definition.
type Record struct {
	Span   Span
	Fields []Field
}

// Field is a record field.
type Field struct {
	Docs Docs
	Name Ident
	Type Type
}

// Flags is a flags definition.
type Flags struct {
	Span  Span
	Flags []Flag
}

// Flag is one flag or enum case.
type Flag struct {
	Docs Docs
	Name Ident
}

// Variant is a variant definition.
type Variant struct {
	Span  Span
	Cases []Case
}

// Case is a variant case; Type is nil without payload.
type Case struct {
	Docs Docs
	Name Ident
	Type Type
}

// Enum is an enum definition.
type Enum struct {
	Span  Span
	Cases []Flag
}

// Tuple is tuple<...>.
type Tuple struct {
	Span  Span
	Types []Type
}

// Option is option<T>.
type Option struct {
	Span Span
	Elem Type
}

// Result is result, result<T>, result<_, E> or result<T, E>; absent parts are nil.
type Result struct {
	Span    Span
	Ok, Err Type
}

// Future is future or future<T>.
type Future struct {
	Span Span
	Elem Type
}

// Stream is stream or stream<T>.
type Stream struct {
	Span Span
	Elem Type
}

// TypeSpan returns the span of the Primitive type expression.
func (t *Primitive) TypeSpan() Span { return t.Span }

// TypeSpan returns the span of the Name type expression.
func (t *Name) TypeSpan() Span { return t.Ident.Span }

// TypeSpan returns the span of the List type expression.
func (t *List) TypeSpan() Span { return t.Span }

// TypeSpan returns the span of the Map type expression.
func (t *Map) TypeSpan() Span { return t.Span }

// TypeSpan returns the span of the Handle type expression.
func (t *Handle) TypeSpan() Span { return t.Resource.Span }

// TypeSpan returns the span of the Resource type expression.
func (t *Resource) TypeSpan() Span { return t.Span }

// TypeSpan returns the span of the Record type expression.
func (t *Record) TypeSpan() Span { return t.Span }

// TypeSpan returns the span of the Flags type expression.
func (t *Flags) TypeSpan() Span { return t.Span }

// TypeSpan returns the span of the Variant type expression.
func (t *Variant) TypeSpan() Span { return t.Span }

// TypeSpan returns the span of the Enum type expression.
func (t *Enum) TypeSpan() Span { return t.Span }

// TypeSpan returns the span of the Tuple type expression.
func (t *Tuple) TypeSpan() Span { return t.Span }

// TypeSpan returns the span of the Option type expression.
func (t *Option) TypeSpan() Span { return t.Span }

// TypeSpan returns the span of the Result type expression.
func (t *Result) TypeSpan() Span { return t.Span }

// TypeSpan returns the span of the Future type expression.
func (t *Future) TypeSpan() Span { return t.Span }

// TypeSpan returns the span of the Stream type expression.
func (t *Stream) TypeSpan() Span { return t.Span }
