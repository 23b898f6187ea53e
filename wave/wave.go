// Package wave reads and writes WAVE, the WebAssembly Value Encoding: the
// text form of component values used by `wasmtime run --invoke` and
// wasm-tools (e.g. `{name: "x", tags: ["a", "b"], size: some(3)}`).
//
// Parsing happens in two steps. The text is first parsed without a type
// (ParseUntyped, ParseCall), because several WAVE forms (bools, enums,
// variants, options and results) only take their meaning from a type; the
// result is then converted against a value.Type (Untyped.Value) or a
// function's parameter types (Call.Args). ParseValue does both at once.
//
//	t := &value.ListType{Elem: &value.OptionType{Elem: value.U8Type}}
//	v, err := wave.ParseValue(`[some(1), none, 3]`, t)
//	s, _ := wave.Format(v, t) // [some(1), none, some(3)]
//
// Errors are *Error values carrying the byte span of the offending text.
// Resource handles, futures, streams, error contexts and maps have no WAVE
// syntax; using them is an error wrapping ErrUnrepresentable.
//
// # Compatibility with wasm-tools
//
// Output and errors follow wasm-tools' wasm-wave crate (as used by
// `wasmtime run --invoke`): canonical printing, error texts, and byte spans,
// including where its generated lexer reports invalid tokens and accepts
// slightly more than its grammar (for instance up to 12 hex digits in a
// \u{...} escape that opens a string, rejected later as an invalid escape).
// Deliberate differences: a record field the type does not have is an error
// (wasm-wave drops it silently); flags may carry a % prefix, as the WAVE
// grammar allows (wasm-wave rejects them); fixed-length lists are supported
// (wasm-wave does not convert them).
package wave

import (
	"errors"
	"strconv"
	"strings"

	"github.com/weftwasm/weft/value"
)

// Untyped is a parsed WAVE value that has not been converted to a type yet.
type Untyped struct {
	src  string
	root node
}

// ParseUntyped parses text as one WAVE value (with optional surrounding
// whitespace and comments) without a type.
func ParseUntyped(text string) (*Untyped, error) {
	if err := checkUTF8(text); err != nil {
		return nil, err
	}
	p := newParser(text)
	n, err := p.parseNode()
	if err != nil {
		return nil, err
	}
	if err := p.finish(); err != nil {
		return nil, err
	}
	return &Untyped{src: text, root: n}, nil
}

// Value converts the untyped value to a value of type t.
func (u *Untyped) Value(t value.Type) (value.Value, error) {
	c := converter{src: u.src}
	return c.value(&u.root, t)
}

// String re-encodes the untyped value: spacing and comments are normalized,
// literals are kept as written.
func (u *Untyped) String() string {
	var b strings.Builder
	writeNode(&b, &u.root, u.src)
	return b.String()
}

// ParseValue parses text as one WAVE value of type t.
//
//	v, err := wave.ParseValue(`{x: 1.5}`, &value.RecordType{Fields: []value.Field{{Name: "x", Type: value.F64Type}}})
func ParseValue(text string, t value.Type) (value.Value, error) {
	if err := checkUTF8(text); err != nil {
		return value.Value{}, err
	}
	p := newParser(text)
	n, err := p.parseNode()
	if err != nil {
		return value.Value{}, err
	}
	// Like wasm-wave, report a type error before trailing text.
	c := converter{src: text}
	v, err := c.value(&n, t)
	if err != nil {
		return value.Value{}, err
	}
	if err := p.finish(); err != nil {
		return value.Value{}, err
	}
	return v, nil
}

// Call is a parsed function call `name(arg, ...)` whose arguments have not
// been converted to types yet.
type Call struct {
	// Name is the function name as written: a label, optionally qualified
	// by an interface (`iface.name`), a package (`ns:pkg/iface.name`) and a
	// version (`ns:pkg/iface.name@1.2.3`).
	Name string
	// NameSpan locates Name in the parsed text.
	NameSpan Span

	src    string
	params *node // nil for "name()"
}

// ParseCall parses text as a function call `name(arg, ...)`. Whitespace and
// comments may follow the name; nothing may precede it.
//
//	c, err := wave.ParseCall(`add(2.0, 3.0)`)
//	args, err := c.Args(&value.FuncType{Params: []value.Param{{Name: "a", Type: value.F64Type}, {Name: "b", Type: value.F64Type}}})
func ParseCall(text string) (*Call, error) {
	if err := checkUTF8(text); err != nil {
		return nil, err
	}
	if text == "" {
		return nil, newError(ErrUnexpectedEnd, 0, 0)
	}
	end, ok := scanFuncName(text)
	if end < 0 {
		_, size := firstRune(text)
		return nil, newError(ErrInvalidToken, 0, size)
	}
	if !ok {
		return nil, newError(ErrInvalidToken, 0, end)
	}
	c := &Call{Name: text[:end], NameSpan: Span{0, end}, src: text}
	p := newParser(text)
	p.lex.pos = end
	p.tok = token{kind: tokLabel, start: 0, end: end}
	if _, err := p.advance(); err != nil {
		return nil, err
	}
	if err := p.expect(tokParenOpen); err != nil {
		return nil, err
	}
	if p.lex.peek() == tokParenClose {
		p.advance()
	} else {
		n, err := p.parseTuple()
		if err != nil {
			return nil, err
		}
		c.params = &n
	}
	if err := p.finish(); err != nil {
		return nil, err
	}
	return c, nil
}

func firstRune(s string) (rune, int) {
	for i, r := range s {
		if i > 0 {
			return r, i
		}
	}
	return 0, len(s)
}

// NumArgs returns how many arguments the call was written with.
func (c *Call) NumArgs() int {
	if c.params == nil {
		return 0
	}
	return len(c.params.children)
}

// Args converts the call's arguments to the parameter types of ft. Trailing
// option parameters may be left out; they become none.
func (c *Call) Args(ft *value.FuncType) ([]value.Value, error) {
	if ft == nil {
		return nil, errors.New("wave: no function type to convert the arguments to")
	}
	if c.params == nil {
		if n := len(ft.Params); n > 0 {
			return nil, newErrorDetail(ErrInvalidParams, c.NameSpan.Start, c.NameSpan.End,
				"no params provided, but "+strconv.Itoa(n)+" required")
		}
		return nil, nil
	}
	conv := converter{src: c.src}
	args := make([]value.Value, 0, len(ft.Params))
	for i := range c.params.children {
		n := &c.params.children[i]
		if i >= len(ft.Params) {
			return nil, newErrorDetail(ErrInvalidParams, n.start, n.end, "more param(s) than expected")
		}
		v, err := conv.value(n, ft.Params[i].Type)
		if err != nil {
			return nil, err
		}
		args = append(args, v)
	}
	for _, p := range ft.Params[len(args):] {
		if p.Type == nil || p.Type.Kind() != value.KindOption {
			end := c.params.end
			return nil, newErrorDetail(ErrInvalidParams, end-1, end, "missing required param(s)")
		}
		args = append(args, value.None())
	}
	return args, nil
}

// String re-encodes the call without types: the name followed by the
// arguments, spacing and comments normalized.
func (c *Call) String() string {
	var b strings.Builder
	b.WriteString(c.Name)
	if c.params == nil {
		b.WriteString("()")
	} else {
		writeNode(&b, c.params, c.src)
	}
	return b.String()
}

// FormatCall writes a call with its typed arguments, each labelled with its
// parameter name: `name(p1: v1, p2: v2)`.
func FormatCall(name string, ft *value.FuncType, args []value.Value) (string, error) {
	b, err := AppendCall(nil, name, ft, args)
	return string(b), err
}

// AppendCall is FormatCall that appends to dst. On error, dst is returned
// as it was.
func AppendCall(dst []byte, name string, ft *value.FuncType, args []value.Value) ([]byte, error) {
	if ft == nil {
		return dst, errors.New("wave: no function type for the call")
	}
	if len(args) != len(ft.Params) {
		return dst, &value.MismatchError{Detail: "function takes " + strconv.Itoa(len(ft.Params)) + " params, got " + strconv.Itoa(len(args)) + " args"}
	}
	out := append(dst, name...)
	out = append(out, '(')
	for i, p := range ft.Params {
		if i > 0 {
			out = append(out, ", "...)
		}
		out = append(out, p.Name...)
		out = append(out, ": "...)
		var err error
		if out, err = appendValue(out, args[i], p.Type); err != nil {
			return dst, prefixPath(err, p.Name)
		}
	}
	return append(out, ')'), nil
}

// writeNode re-encodes a parsed node without a type.
func writeNode(b *strings.Builder, n *node, src string) {
	switch n.kind {
	case nodeTuple:
		writeNodes(b, '(', n.children, src, ')')
	case nodeList:
		writeNodes(b, '[', n.children, src, ']')
	case nodeRecord:
		if len(n.children) == 0 {
			b.WriteString("{:}")
			return
		}
		b.WriteByte('{')
		for i := 0; i < len(n.children); i += 2 {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(n.children[i].label(src))
			b.WriteString(": ")
			writeNode(b, &n.children[i+1], src)
		}
		b.WriteByte('}')
	case nodeVariant:
		label := n.children[0].label(src)
		if isKeyword(label) {
			b.WriteByte('%')
		}
		b.WriteString(label)
		writeNodes(b, '(', n.children[1:], src, ')')
	case nodeSome, nodeOk, nodeErr:
		switch n.kind {
		case nodeSome:
			b.WriteString("some")
		case nodeOk:
			b.WriteString("ok")
		default:
			b.WriteString("err")
		}
		if len(n.children) > 0 {
			writeNodes(b, '(', n.children, src, ')')
		}
	case nodeNone:
		b.WriteString("none")
	case nodeFlags:
		b.WriteByte('{')
		for i := range n.children {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(n.children[i].label(src))
		}
		b.WriteByte('}')
	default: // leaves
		b.WriteString(src[n.start:n.end])
	}
}

func writeNodes(b *strings.Builder, open byte, ns []node, src string, close byte) {
	b.WriteByte(open)
	for i := range ns {
		if i > 0 {
			b.WriteString(", ")
		}
		writeNode(b, &ns[i], src)
	}
	b.WriteByte(close)
}
