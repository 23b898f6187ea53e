// Package component decodes and encodes the WebAssembly Component Model
// binary format (design/mvp/Binary.md of WebAssembly/component-model).
//
// The AST is faithful to the binary: a [Component] is its list of sections in
// file order, and each section holds its definitions in order. Index spaces are
// not built here (that is the validator's job); every index keeps the distinct
// integer type of the index space the grammar assigns it to, so a core function
// index can never be passed where a component function index is expected.
//
// Core modules are kept as byte ranges (sub-slices) of the input. Custom
// sections are kept as raw bytes; [CustomSection.Producers] and
// [ParseNameSection] give decoded views of the well-known ones.
//
// [Decode] rejects everything that is malformed at the binary level (bad LEB128,
// unknown opcodes, section size mismatches, bad UTF-8, trailing bytes, wrong
// version or layer) with a [*DecodeError] naming the byte offset. [Encode]
// writes an AST back; for inputs that use minimal LEB128 encodings (as every
// known encoder does) the output is byte-for-byte the input.
//
//	c, err := component.Decode(data)
//	if err != nil {
//		var de *component.DecodeError
//		if errors.As(err, &de) {
//			fmt.Printf("bad byte at %#x\n", de.Offset)
//		}
//		return err
//	}
//	out, err := component.Encode(c) // bytes.Equal(out, data) for minimal encodings
package component
