package component

import (
	"errors"
	"testing"
)

// astGen turns fuzz bytes into a component AST whose indices are mostly in
// range, so that fuzzing reaches the validator's type logic rather than the
// decoder's framing checks.
type astGen struct {
	data []byte
	pos  int
}

func (g *astGen) next() byte {
	if g.pos >= len(g.data) {
		return 0
	}
	g.pos++
	return g.data[g.pos-1]
}

func (g *astGen) done() bool { return g.pos >= len(g.data) }

// idx picks an index below n (or slightly past it, to test bounds).
func (g *astGen) idx(n int) uint32 { return uint32(int(g.next()) % (n + 2)) }

var fuzzLabels = []string{"a", "b", "r", "self", "x", "[method]r.m", "[constructor]r", "[static]r.s", "ns:p/i", "ns:p/i@1.0.0", "A", "r-b"}

func (g *astGen) name() string { return fuzzLabels[int(g.next())%len(fuzzLabels)] }

func (g *astGen) valType(types int) ValType {
	if b := g.next(); b%3 == 0 && types > 0 {
		return Ref(TypeIdx(g.idx(types)))
	} else {
		return Prim(PrimValType(0x73 + b%13))
	}
}

func (g *astGen) typ(types int, inType bool) Type {
	switch g.next() % 14 {
	case 0:
		return &RecordType{Fields: []Field{{Name: g.name(), Type: g.valType(types)}, {Name: g.name(), Type: g.valType(types)}}}
	case 1:
		vt := g.valType(types)
		return &VariantType{Cases: []Case{{Name: g.name(), Type: &vt}, {Name: g.name()}}}
	case 2:
		return &ListType{Elem: g.valType(types)}
	case 3:
		return &TupleType{Types: []ValType{g.valType(types), g.valType(types)}}
	case 4:
		return &OwnType{Resource: TypeIdx(g.idx(types))}
	case 5:
		return &BorrowType{Resource: TypeIdx(g.idx(types))}
	case 6:
		r := g.valType(types)
		return &FuncType{Params: []Field{{Name: g.name(), Type: g.valType(types)}}, Result: &r}
	case 7:
		return &ResourceType{Rep: CoreValType{Code: CoreI32}}
	case 8:
		return &InstanceType{Decls: g.decls(false)}
	case 9:
		return &ComponentType{Decls: g.decls(true)}
	case 10:
		return &OptionType{Type: g.valType(types)}
	case 11:
		e := g.valType(types)
		return &ResultType{OK: &e}
	case 12:
		return &FixedListType{Elem: g.valType(types), Len: uint32(g.next()) << 20}
	}
	return &EnumType{Names: []string{g.name(), g.name()}}
}

func (g *astGen) externType(types int) ExternType {
	switch g.next() % 4 {
	case 0:
		return &ExternTypeBound{SubResource: true}
	case 1:
		return &ExternTypeBound{Eq: TypeIdx(g.idx(types))}
	case 2:
		return &ExternFunc{Type: TypeIdx(g.idx(types))}
	}
	return &ExternInstance{Type: TypeIdx(g.idx(types))}
}

func (g *astGen) decls(component bool) []Decl {
	var ds []Decl
	types := 0
	for n := int(g.next() % 6); n > 0 && !g.done(); n-- {
		switch g.next() % 4 {
		case 0:
			ds = append(ds, &DeclType{Type: g.typ(types, true)})
			types++
		case 1:
			ds = append(ds, &DeclExport{Name: ExternName{Name: g.name()}, Type: g.externType(types)})
			types++
		case 2:
			if component {
				ds = append(ds, &DeclImport{Name: ExternName{Name: g.name()}, Type: g.externType(types)})
				types++
			}
		case 3:
			ds = append(ds, &DeclAlias{Alias: &AliasOuter{Sort: SortType, Count: uint32(g.next() % 2), Index: g.idx(types)}})
			types++
		}
	}
	return ds
}

func (g *astGen) component(depth int) *Component {
	c := &Component{}
	types, instances, comps, funcs := 0, 0, 0, 0
	for !g.done() && len(c.Sections) < 24 {
		switch g.next() % 8 {
		case 0, 1:
			c.Sections = append(c.Sections, &TypeSection{Types: []Type{g.typ(types, false)}})
			types++
		case 2:
			et := g.externType(types)
			c.Sections = append(c.Sections, &ImportSection{Imports: []Import{{Name: ExternName{Name: g.name()}, Type: et}}})
			switch et.(type) {
			case *ExternTypeBound:
				types++
			case *ExternInstance:
				instances++
			case *ExternFunc:
				funcs++
			}
		case 3:
			sorts := []Sort{SortType, SortFunc, SortInstance, SortComponent}
			s := sorts[int(g.next())%len(sorts)]
			n := map[Sort]int{SortType: types, SortFunc: funcs, SortInstance: instances, SortComponent: comps}[s]
			c.Sections = append(c.Sections, &ExportSection{Exports: []Export{{Name: ExternName{Name: g.name()}, Item: SortIdx{Sort: s, Index: g.idx(n)}}}})
		case 4:
			c.Sections = append(c.Sections, &AliasSection{Aliases: []Alias{&AliasExport{Sort: SortType, Instance: InstanceIdx(g.idx(instances)), Name: g.name()}}})
			types++
		case 5:
			if depth < 3 {
				c.Sections = append(c.Sections, &ComponentSection{Component: g.component(depth + 1)})
				comps++
			}
		case 6:
			args := []InstantiateArg{{Name: g.name(), Item: SortIdx{Sort: SortType, Index: g.idx(types)}},
				{Name: g.name(), Item: SortIdx{Sort: SortInstance, Index: g.idx(instances)}}}
			c.Sections = append(c.Sections, &InstanceSection{Instances: []Instance{&Instantiate{Component: ComponentIdx(g.idx(comps)), Args: args}}})
			instances++
		case 7:
			c.Sections = append(c.Sections, &InstanceSection{Instances: []Instance{&InstanceFromExports{Exports: []InlineExport{
				{Name: ExternName{Name: g.name()}, Item: SortIdx{Sort: SortType, Index: g.idx(types)}},
				{Name: ExternName{Name: g.name()}, Item: SortIdx{Sort: SortFunc, Index: g.idx(funcs)}}}}}})
			instances++
		}
	}
	return c
}

// FuzzValidateAST validates components generated from the fuzz input: the
// validator must never panic and must report failures as *ValidationError.
func FuzzValidateAST(f *testing.F) {
	for _, s := range []string{"", "\x02\x00\x03\x01\x00", "\x00\x08\x02\x01\x02\x00\x00\x01\x02\x01\x07\x03\x02\x00\x01",
		"\x00\x09\x05\x02\x00\x02\x01\x00\x06\x00\x01\x00\x02", "\x05\x02\x00\x00\x06\x00\x00\x00\x01\x01"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g := &astGen{data: data}
		c := g.component(0)
		info, err := Validate(c)
		var ve *ValidationError
		if err != nil && !errors.As(err, &ve) {
			t.Fatalf("error of type %T: %v", err, err)
		}
		s := Summarize(c, info) // renders the types of valid components
		if info != nil && len(s.Imports) != len(info.Imports) {
			t.Fatalf("%d imports summarized, %d validated", len(s.Imports), len(info.Imports))
		}
	})
}
