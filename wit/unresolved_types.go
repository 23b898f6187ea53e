package wit

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/weftwasm/weft/wit/internal/ast"
)

var primitiveByName = map[string]Primitive{
	"bool": Bool, "u8": U8, "u16": U16, "u32": U32, "u64": U64, "s8": S8, "s16": S16,
	"s32": S32, "s64": S64, "f32": F32, "f64": F64, "char": Char, "string": String,
	"error-context": ErrorContext,
}

func (r *resolver) resolveTypeDef(t ast.Type, stab Stability) (TypeDefKind, error) {
	switch t := t.(type) {
	case *ast.Primitive:
		return TypeDefKind{Kind: KindType, Elem: Prim(primitiveByName[t.Name])}, nil
	case *ast.Name:
		id, err := r.resolveTypeName(t.Ident)
		if err != nil {
			return TypeDefKind{}, err
		}
		return TypeDefKind{Kind: KindType, Elem: Ref(id)}, nil
	case *ast.List:
		e, err := r.resolveType(t.Elem, stab)
		if err != nil {
			return TypeDefKind{}, err
		}
		if t.IsFixed {
			return TypeDefKind{Kind: KindFixedLengthList, Elem: e, Size: t.Size}, nil
		}
		return TypeDefKind{Kind: KindList, Elem: e}, nil
	case *ast.Map:
		k, err := r.resolveType(t.Key, stab)
		if err != nil {
			return TypeDefKind{}, err
		}
		v, err := r.resolveType(t.Value, stab)
		if err != nil {
			return TypeDefKind{}, err
		}
		switch k.Prim {
		case Bool, U8, U16, U32, U64, S8, S16, S32, S64, Char, String:
		default:
			return TypeDefKind{}, errAt(t.Span, "invalid map key type: map keys must be bool, u8, u16, u32, u64, s8, s16, s32, s64, char, or string")
		}
		return TypeDefKind{Kind: KindMap, Elem: k, Value: v}, nil
	case *ast.Handle:
		id, err := r.validateResource(t.Resource)
		if err != nil {
			return TypeDefKind{}, err
		}
		return TypeDefKind{Kind: KindHandle, Borrow: t.Borrow, Handle: id}, nil
	case *ast.Resource:
		ctors := 0
		names := map[string]bool{}
		for _, f := range t.Funcs {
			if f.Kind == ast.ResourceConstructor {
				ctors++
				if ctors > 1 {
					return TypeDefKind{}, errAt(f.Func.Name.Span, "duplicate constructors")
				}
				continue
			}
			if names[f.Func.Name.Name] {
				return TypeDefKind{}, errAt(f.Func.Name.Span, "duplicate function name `%s`", f.Func.Name.Name)
			}
			names[f.Func.Name.Name] = true
		}
		return TypeDefKind{Kind: KindResource}, nil
	case *ast.Record:
		k := TypeDefKind{Kind: KindRecord, Fields: []Field{}}
		for _, f := range t.Fields {
			ft, err := r.resolveType(f.Type, stab)
			if err != nil {
				return TypeDefKind{}, err
			}
			k.Fields = append(k.Fields, Field{Name: f.Name.Name, Type: ft, Docs: docsOf(f.Docs), span: sp(f.Name.Span)})
		}
		return k, nil
	case *ast.Flags:
		k := TypeDefKind{Kind: KindFlags, Flags: []Flag{}}
		for _, f := range t.Flags {
			k.Flags = append(k.Flags, Flag{Name: f.Name.Name, Docs: docsOf(f.Docs), span: sp(f.Name.Span)})
		}
		return k, nil
	case *ast.Tuple:
		k := TypeDefKind{Kind: KindTuple, Types: []Type{}}
		for _, e := range t.Types {
			et, err := r.resolveType(e, stab)
			if err != nil {
				return TypeDefKind{}, err
			}
			k.Types = append(k.Types, et)
		}
		return k, nil
	case *ast.Variant:
		if len(t.Cases) == 0 {
			return TypeDefKind{}, errAt(t.Span, "empty variant")
		}
		k := TypeDefKind{Kind: KindVariant}
		for _, c := range t.Cases {
			ct, err := r.resolveOptType(c.Type, stab)
			if err != nil {
				return TypeDefKind{}, err
			}
			k.Cases = append(k.Cases, Case{Name: c.Name.Name, Type: ct, Docs: docsOf(c.Docs), span: sp(c.Name.Span)})
		}
		return k, nil
	case *ast.Enum:
		if len(t.Cases) == 0 {
			return TypeDefKind{}, errAt(t.Span, "empty enum")
		}
		k := TypeDefKind{Kind: KindEnum}
		for _, c := range t.Cases {
			k.Flags = append(k.Flags, Flag{Name: c.Name.Name, Docs: docsOf(c.Docs), span: sp(c.Name.Span)})
		}
		return k, nil
	case *ast.Option:
		e, err := r.resolveType(t.Elem, stab)
		return TypeDefKind{Kind: KindOption, Elem: e}, err
	case *ast.Result:
		ok, err := r.resolveOptType(t.Ok, stab)
		if err != nil {
			return TypeDefKind{}, err
		}
		e, err := r.resolveOptType(t.Err, stab)
		return TypeDefKind{Kind: KindResult, Ok: ok, Err: e}, err
	case *ast.Future:
		e, err := r.resolveOptType(t.Elem, stab)
		return TypeDefKind{Kind: KindFuture, Opt: e}, err
	case *ast.Stream:
		e, err := r.resolveOptType(t.Elem, stab)
		return TypeDefKind{Kind: KindStream, Opt: e}, err
	}
	return TypeDefKind{}, fmt.Errorf("internal error: unexpected type %T", t)
}

func (r *resolver) resolveTypeName(id ast.Ident) (TypeID, error) {
	t, ok := r.typeLookup.Get(id.Name)
	if !ok {
		return 0, notFound(id, "name")
	}
	if t.isItem {
		return 0, errAt(id.Span, "cannot use %s `%s` as a type", t.what, id.Name)
	}
	return t.id, nil
}

func (r *resolver) validateResource(name ast.Ident) (TypeID, error) {
	id, err := r.resolveTypeName(name)
	if err != nil {
		return 0, err
	}
	cur := id
	for {
		k := r.types[cur].Kind
		switch {
		case k.Kind == KindResource:
			return id, nil
		case k.Kind == KindType && k.Elem.IsRef():
			cur = k.Elem.ID
		case k.Kind == KindUnknown:
			r.requiredResourceTypes = append(r.requiredResourceTypes, requiredResource{cur, sp(name.Span)})
			return id, nil
		default:
			return 0, errAt(name.Span, "type `%s` used in a handle must be a resource", name.Name)
		}
	}
}

// findStability lets an anonymous type inherit the stability of the first
// type it refers to that has one, when it has none of its own.
func (r *resolver) findStability(k TypeDefKind, stab Stability) Stability {
	if stab.Kind != StabilityUnknown {
		return stab
	}
	of := func(t *Type) *Stability {
		if t != nil && t.IsRef() && r.types[t.ID].Stability.Kind != StabilityUnknown {
			return &r.types[t.ID].Stability
		}
		return nil
	}
	var found *Stability
	switch k.Kind {
	case KindType, KindList, KindFixedLengthList, KindOption:
		found = of(&k.Elem)
	case KindHandle:
		t := Ref(k.Handle)
		found = of(&t)
	case KindTuple:
		for i := range k.Types {
			if found = of(&k.Types[i]); found != nil {
				break
			}
		}
	case KindMap:
		if found = of(&k.Elem); found == nil {
			found = of(&k.Value)
		}
	case KindFuture, KindStream:
		found = of(k.Opt)
	case KindResult:
		if found = of(k.Ok); found == nil {
			found = of(k.Err)
		}
	}
	if found != nil {
		return *found
	}
	return Stability{}
}

func (r *resolver) resolveType(t ast.Type, stab Stability) (Type, error) {
	k, err := r.resolveTypeDef(t, stab)
	if err != nil {
		return Type{}, err
	}
	return r.anonType(TypeDef{Kind: k, Stability: r.findStability(k, stab), span: sp(t.TypeSpan())}), nil
}

func (r *resolver) resolveOptType(t ast.Type, stab Stability) (*Type, error) {
	if t == nil {
		return nil, nil
	}
	rt, err := r.resolveType(t, stab)
	return &rt, err
}

// anonType interns an anonymous type definition within the package.
func (r *resolver) anonType(td TypeDef) Type {
	k := td.Kind
	switch {
	case k.Kind == KindType:
		return k.Elem
	case k.Kind == KindHandle && !k.Borrow:
		return Ref(k.Handle)
	}
	key := anonKey(k)
	if id, ok := r.anonTypes[key]; ok {
		return Ref(id)
	}
	id := r.allocType(td)
	r.anonTypes[key] = id
	return Ref(id)
}

// anonKey is a structural key for an anonymous type, used for interning.
func anonKey(k TypeDefKind) string {
	var b strings.Builder
	ty := func(t *Type) {
		switch {
		case t == nil:
			b.WriteString("_")
		case t.IsRef():
			b.WriteByte('#')
			b.WriteString(strconv.Itoa(int(t.ID)))
		default:
			b.WriteString(t.Prim.String())
		}
		b.WriteByte(',')
	}
	b.WriteString(strconv.Itoa(int(k.Kind)))
	b.WriteByte(':')
	switch k.Kind {
	case KindHandle:
		b.WriteString(strconv.FormatBool(k.Borrow) + "/" + strconv.Itoa(int(k.Handle)))
	case KindRecord:
		for _, f := range k.Fields {
			b.WriteString(f.Name + "=")
			ty(&f.Type)
		}
	case KindVariant:
		for _, c := range k.Cases {
			b.WriteString(c.Name + "=")
			ty(c.Type)
		}
	case KindFlags, KindEnum:
		for _, f := range k.Flags {
			b.WriteString(f.Name + ",")
		}
	case KindTuple:
		for i := range k.Types {
			ty(&k.Types[i])
		}
	case KindList, KindOption:
		ty(&k.Elem)
	case KindFixedLengthList:
		ty(&k.Elem)
		b.WriteString(strconv.FormatUint(uint64(k.Size), 10))
	case KindMap:
		ty(&k.Elem)
		ty(&k.Value)
	case KindResult:
		ty(k.Ok)
		ty(k.Err)
	case KindFuture, KindStream:
		ty(k.Opt)
	}
	return b.String()
}
