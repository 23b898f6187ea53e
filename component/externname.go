package component

import "fmt"

// NameForm is the leading byte of a nameattributes: how an extern name is
// encoded.
type NameForm uint8

// The nameattributes forms. NameLegacy (0x01) is the pre-#263 interface-name
// discriminator that decoders still accept and treat like NamePlain.
const (
	NamePlain          NameForm = 0x00
	NameLegacy         NameForm = 0x01
	NameWithAttributes NameForm = 0x02
)

// String names the form: "plain", "legacy" or "with-attributes".
func (f NameForm) String() string {
	switch f {
	case NamePlain:
		return "plain"
	case NameLegacy:
		return "legacy"
	case NameWithAttributes:
		return "with-attributes"
	}
	return fmt.Sprintf("name-form(%#x)", uint8(f))
}

// AttributeKind is the kind of a name attribute.
type AttributeKind uint8

// The name attributes of Binary.md.
const (
	AttrImplements    AttributeKind = 0x00 // (implements "ns:pkg/iface")
	AttrVersionSuffix AttributeKind = 0x01 // (versionsuffix "...")
	AttrExternalID    AttributeKind = 0x02 // (external-id "...")
)

// String returns the attribute's text form, such as "implements".
func (k AttributeKind) String() string {
	switch k {
	case AttrImplements:
		return "implements"
	case AttrVersionSuffix:
		return "versionsuffix"
	case AttrExternalID:
		return "external-id"
	}
	return fmt.Sprintf("attribute(%#x)", uint8(k))
}

// NameAttribute is one attribute of an extern name.
type NameAttribute struct {
	Kind  AttributeKind
	Value string
}

// ExternName is an import or export name with its encoding form and
// attributes. Use [ParseExternName] to classify Name (plain, interface,
// [method]r.m, ...).
type ExternName struct {
	Form NameForm
	Name string
	// Attributes is only encoded when Form is NameWithAttributes; it keeps the
	// binary order.
	Attributes []NameAttribute
}

// Attribute returns the value of the first attribute of kind k.
func (n ExternName) Attribute(k AttributeKind) (string, bool) {
	for _, a := range n.Attributes {
		if a.Kind == k {
			return a.Value, true
		}
	}
	return "", false
}

// String returns the name itself.
func (n ExternName) String() string { return n.Name }
