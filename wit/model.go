// Package wit reads, resolves, prints and serializes WIT, the WebAssembly
// Interface Type language of the component model.
//
// The resolved model is a [Resolve]: flat arenas of packages, interfaces,
// worlds and type definitions that refer to each other by typed integer ids
// ([PackageID], [InterfaceID], [WorldID], [TypeID]). Ids are indices into the
// arenas and are numbered exactly as wasm-tools' wit-parser numbers them, so
// [Resolve.MarshalJSON] produces the same JSON as `wasm-tools component wit
// --json`.
//
// Load WIT from disk with [Resolve.PushPath], or from memory with
// [Resolve.PushSource]:
//
//	r := wit.NewResolve()
//	pkg, err := r.PushPath("wit/")
//	if err != nil {
//		fmt.Println(err) // file:line:column, the source line and a caret
//	}
//	fmt.Print(r.Print(pkg))
//
// Other packages build a Resolve programmatically by appending to the arenas
// with [Resolve.AddPackage], [Resolve.AddInterface], [Resolve.AddWorld] and
// [Resolve.AddType].
package wit

import (
	"fmt"

	"github.com/weftwasm/weft/semver"
)

// PackageID indexes [Resolve.Packages].
type PackageID int

// InterfaceID indexes [Resolve.Interfaces].
type InterfaceID int

// WorldID indexes [Resolve.Worlds].
type WorldID int

// TypeID indexes [Resolve.Types].
type TypeID int

// Resolve is a set of fully resolved WIT packages.
type Resolve struct {
	Worlds     []World
	Interfaces []Interface
	Types      []TypeDef
	Packages   []Package

	// packageNames maps a package name (with version) to its id.
	packageNames map[string]PackageID

	features    map[string]bool
	allFeatures bool
	sources     sourceMap
	binary      BinaryDecoder
}

// NewResolve returns an empty Resolve with no features enabled.
func NewResolve() *Resolve { return &Resolve{packageNames: map[string]PackageID{}} }

// WithFeatures returns a copy of r (configuration and contents) with the
// given `@unstable` features enabled in addition to those already enabled;
// r itself is not changed. Items gated on features that are not enabled are
// left out when WIT is pushed.
func (r *Resolve) WithFeatures(features ...string) *Resolve {
	c := r.clone()
	c.features = map[string]bool{}
	for f := range r.features {
		c.features[f] = true
	}
	for _, f := range features {
		c.features[f] = true
	}
	return c
}

// WithAllFeatures returns a copy of r that includes every `@unstable` item.
func (r *Resolve) WithAllFeatures(all bool) *Resolve {
	c := r.clone()
	c.allFeatures = all
	return c
}

func (r *Resolve) clone() *Resolve {
	c := *r
	c.Worlds = append([]World(nil), r.Worlds...)
	c.Interfaces = append([]Interface(nil), r.Interfaces...)
	c.Types = append([]TypeDef(nil), r.Types...)
	c.Packages = append([]Package(nil), r.Packages...)
	for i := range c.Packages {
		c.Packages[i].Interfaces = c.Packages[i].Interfaces.Clone()
		c.Packages[i].Worlds = c.Packages[i].Worlds.Clone()
	}
	for i := range c.Interfaces {
		c.Interfaces[i].Types = c.Interfaces[i].Types.Clone()
		c.Interfaces[i].Functions = c.Interfaces[i].Functions.Clone()
	}
	for i := range c.Worlds {
		c.Worlds[i].Imports = c.Worlds[i].Imports.Clone()
		c.Worlds[i].Exports = c.Worlds[i].Exports.Clone()
	}
	c.packageNames = map[string]PackageID{}
	for k, v := range r.packageNames {
		c.packageNames[k] = v
	}
	c.sources.files = append([]sourceFile(nil), r.sources.files...)
	return &c
}

// FeatureEnabled reports whether items gated on feature are included.
func (r *Resolve) FeatureEnabled(feature string) bool { return r.allFeatures || r.features[feature] }

// PackageName is `namespace:name@version`.
type PackageName struct {
	Namespace string
	Name      string
	Version   *semver.Version
}

// String formats the name as WIT writes it.
func (n PackageName) String() string {
	s := n.Namespace + ":" + n.Name
	if n.Version != nil {
		s += "@" + n.Version.String()
	}
	return s
}

// compare orders package names by namespace, name, then version (absent
// first), as wit-parser's derived ordering does.
func (n PackageName) compare(o PackageName) int {
	switch {
	case n.Namespace != o.Namespace:
		return cmpString(n.Namespace, o.Namespace)
	case n.Name != o.Name:
		return cmpString(n.Name, o.Name)
	case n.Version == nil && o.Version == nil:
		return 0
	case n.Version == nil:
		return -1
	case o.Version == nil:
		return 1
	}
	return semver.Compare(*n.Version, *o.Version)
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// InterfaceID returns the qualified name of interface iface in this package,
// such as "wasi:io/streams@0.2.0".
func (n PackageName) InterfaceID(iface string) string {
	s := n.Namespace + ":" + n.Name + "/" + iface
	if n.Version != nil {
		s += "@" + n.Version.String()
	}
	return s
}

// Package is one WIT package.
type Package struct {
	Name       PackageName
	Docs       Docs
	Interfaces OrderedMap[string, InterfaceID]
	Worlds     OrderedMap[string, WorldID]
}

// Docs is a doc comment; Contents is empty when there is none.
type Docs struct {
	Contents string
}

// StabilityKind says how an item is gated.
type StabilityKind int

// Stability kinds.
const (
	StabilityUnknown  StabilityKind = iota // no gate
	StabilityStable                        // @since(version = ..)
	StabilityUnstable                      // @unstable(feature = ..)
)

// String returns "unknown", "stable" or "unstable".
func (k StabilityKind) String() string {
	return enumName(int(k), "unknown", "stable", "unstable")
}

// Stability is an item's feature gate.
type Stability struct {
	Kind       StabilityKind
	Since      semver.Version  // for StabilityStable
	Feature    string          // for StabilityUnstable
	Deprecated *semver.Version // optional @deprecated(version = ..)
}

func (s Stability) equal(o Stability) bool {
	if s.Kind != o.Kind || s.Feature != o.Feature || (s.Deprecated == nil) != (o.Deprecated == nil) {
		return false
	}
	if s.Kind == StabilityStable && semver.Compare(s.Since, o.Since) != 0 {
		return false
	}
	return s.Deprecated == nil || semver.Compare(*s.Deprecated, *o.Deprecated) == 0
}

// Interface is a named or anonymous (inline in a world) interface.
type Interface struct {
	Name      string // empty for an anonymous interface
	Types     OrderedMap[string, TypeID]
	Functions OrderedMap[string, Function]
	Docs      Docs
	Stability Stability
	Package   *PackageID
	CloneOf   *InterfaceID

	span span
}

// WorldKey names a world import or export: either a plain name or an
// interface referred to by path.
type WorldKey struct {
	Name        string      // when IsInterface is false
	Interface   InterfaceID // when IsInterface is true
	IsInterface bool
}

// NameKey returns a WorldKey for a plain name.
func NameKey(name string) WorldKey { return WorldKey{Name: name} }

// InterfaceKey returns a WorldKey for an interface referred to by path.
func InterfaceKey(id InterfaceID) WorldKey { return WorldKey{Interface: id, IsInterface: true} }

// String formats the key as the JSON serialization does.
func (k WorldKey) String() string {
	if k.IsInterface {
		return fmt.Sprintf("interface-%d", k.Interface)
	}
	return k.Name
}

// WorldItemKind says what a world imports or exports.
type WorldItemKind int

// World item kinds.
const (
	WorldInterface WorldItemKind = iota
	WorldFunction
	WorldType
)

// String returns "interface", "function" or "type".
func (k WorldItemKind) String() string {
	return enumName(int(k), "interface", "function", "type")
}

// WorldItem is one import or export of a world.
type WorldItem struct {
	Kind WorldItemKind

	// For WorldInterface.
	Interface  InterfaceID
	Stability  Stability
	ExternalID string
	Docs       Docs

	// For WorldFunction.
	Function *Function

	// For WorldType.
	Type TypeID

	span  span
	order int // position among the world's import/export statements in source, 0 when implicit
}

// World is a WIT world with its includes flattened and its imports
// elaborated.
type World struct {
	Name      string
	Imports   OrderedMap[WorldKey, WorldItem]
	Exports   OrderedMap[WorldKey, WorldItem]
	Package   *PackageID
	Docs      Docs
	Stability Stability

	includes []worldInclude
	span     span
}

type worldInclude struct {
	stability Stability
	world     WorldID
	names     []includeName
	span      span
}

type includeName struct{ name, as string }

// OwnerKind says what defines a type.
type OwnerKind int

// Owner kinds.
const (
	OwnerNone OwnerKind = iota
	OwnerInterface
	OwnerWorld
)

// String returns "none", "interface" or "world".
func (k OwnerKind) String() string {
	return enumName(int(k), "none", "interface", "world")
}

// Owner is the interface or world a named type belongs to.
type Owner struct {
	Kind      OwnerKind
	Interface InterfaceID
	World     WorldID
}

// TypeDef is a type definition: named (in an interface or world) or an
// anonymous type expression such as list<u8>.
type TypeDef struct {
	Name       string // empty when anonymous
	Kind       TypeDefKind
	Owner      Owner
	Docs       Docs
	Stability  Stability
	ExternalID string

	span span
}

// Kind enumerates type definition kinds.
type Kind int

// Type definition kinds.
const (
	KindUnknown Kind = iota // a type imported from a not yet resolved package
	KindRecord
	KindResource
	KindHandle
	KindFlags
	KindTuple
	KindVariant
	KindEnum
	KindOption
	KindResult
	KindList
	KindMap
	KindFixedLengthList
	KindFuture
	KindStream
	KindType // an alias of another type
)

var kindNames = [...]string{"unknown", "record", "resource", "handle", "flags", "tuple", "variant", "enum",
	"option", "result", "list", "map", "fixed-length-list", "future", "stream", "type"}

// String returns the kebab-case name wit-parser's JSON uses for the kind.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// TypeDefKind is the structure of a type definition. Which fields are used
// depends on Kind.
type TypeDefKind struct {
	Kind Kind

	Fields []Field // KindRecord
	Flags  []Flag  // KindFlags; also KindEnum cases
	Types  []Type  // KindTuple
	Cases  []Case  // KindVariant
	Borrow bool    // KindHandle: borrow<T> rather than own<T>
	Handle TypeID  // KindHandle: the resource
	Elem   Type    // KindOption, KindList, KindFixedLengthList, KindType, KindMap (key)
	Value  Type    // KindMap (value)
	Size   uint32  // KindFixedLengthList
	Ok     *Type   // KindResult
	Err    *Type   // KindResult
	Opt    *Type   // KindFuture, KindStream payload
}

// Field is a record field.
type Field struct {
	Name string
	Type Type
	Docs Docs
	span span
}

// Flag is a flag or an enum case.
type Flag struct {
	Name string
	Docs Docs
	span span
}

// Case is a variant case; Type is nil when it carries no payload.
type Case struct {
	Name string
	Type *Type
	Docs Docs
	span span
}

// Primitive names a builtin type.
type Primitive int

// Builtin types. PrimNone marks a [Type] that refers to a [TypeDef].
const (
	PrimNone Primitive = iota
	Bool
	U8
	U16
	U32
	U64
	S8
	S16
	S32
	S64
	F32
	F64
	Char
	String
	ErrorContext
)

var primitiveNames = [...]string{"", "bool", "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "f32", "f64", "char", "string", "error-context"}

// enumName returns names[i], or a numeric form when i is out of range.
func enumName(i int, names ...string) string {
	if i >= 0 && i < len(names) {
		return names[i]
	}
	return fmt.Sprintf("%d", i)
}

// String returns the WIT spelling of the primitive.
func (p Primitive) String() string {
	if int(p) < len(primitiveNames) {
		return primitiveNames[p]
	}
	return fmt.Sprintf("Primitive(%d)", int(p))
}

// Type is a reference to a type: a primitive, or a type definition by id.
type Type struct {
	Prim Primitive
	ID   TypeID // when Prim == PrimNone
}

// Prim returns a Type for a primitive.
func Prim(p Primitive) Type { return Type{Prim: p} }

// Ref returns a Type referring to the type definition id.
func Ref(id TypeID) Type { return Type{ID: id} }

// IsRef reports whether t refers to a type definition.
func (t Type) IsRef() bool { return t.Prim == PrimNone }

// FuncKind enumerates function kinds.
type FuncKind int

// Function kinds.
const (
	Freestanding FuncKind = iota
	AsyncFreestanding
	Method
	AsyncMethod
	Static
	AsyncStatic
	Constructor
)

var funcKindNames = [...]string{"freestanding", "async-freestanding", "method", "async-method", "static", "async-static", "constructor"}

// String returns the kebab-case name of the kind.
func (k FuncKind) String() string { return enumName(int(k), funcKindNames[:]...) }

// IsAsync reports whether functions of this kind are async.
func (k FuncKind) IsAsync() bool {
	return k == AsyncFreestanding || k == AsyncMethod || k == AsyncStatic
}

// Function is a function in an interface, world or resource. Resource
// functions have mangled names such as "[method]r.m".
type Function struct {
	Name       string
	Kind       FuncKind
	Resource   TypeID // for methods, statics and constructors
	Params     []Param
	Result     *Type
	Docs       Docs
	Stability  Stability
	ExternalID string

	span span
}

// Param is a function parameter.
type Param struct {
	Name string
	Type Type
}

// span is a byte range in a Resolve's source map; unknown when start < 0.
type span struct{ start, end int }

var noSpan = span{-1, -1}

func (s span) known() bool { return s.start >= 0 }
