// Package witcomponent converts between components and WIT.
//
// Decode reads a component binary and returns its type as a wit.Resolve,
// as `wasm-tools component wit` does: a component becomes world `root` of
// package `root:component`, importing and exporting the interfaces of the
// foreign packages its instance names come from (each foreign interface
// holds just the types and functions the component uses); a binary WIT
// package (a component exporting only component types, the format `wasm-tools
// component wit --wasm` writes) becomes the package it encodes.
//
//	d, err := witcomponent.Decode(data)
//	if err != nil {
//		return err // names the offset for a malformed or invalid binary
//	}
//	fmt.Print(d.Resolve.Print(d.Package))
//	// package root:component;
//	//
//	// world root {
//	//   import wasi:io/error@0.2.12;
//	//   ...
//
// Types keep their identity through the component's index spaces, like
// wasmparser's type ids: a type exported by one instance type and aliased
// into another becomes a `use`, a `type duration = u64` stays a named
// alias, and resource methods, constructors and statics are recovered from
// `[method]r.m`-style names.
//
// EncodePackage goes the other way for a WIT package: it writes the binary
// WIT package wit-component would. BinaryDecoder plugs the decoder into
// wit.Resolve, so PushPath accepts `.wasm` packages, also inside deps/:
//
//	r := wit.NewResolve().WithBinaryDecoder(witcomponent.BinaryDecoder)
//	pkg, err := r.PushPath("wit/")
package witcomponent
