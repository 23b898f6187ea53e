package parser

import (
	"strconv"

	"github.com/weftwasm/weft/wit/internal/ast"
	"github.com/weftwasm/weft/wit/internal/lexer"
)

func (p *parser) typeDef(docs ast.Docs, attrs []ast.Attribute) (*ast.TypeDef, error) {
	_, tok, err := p.s.Next()
	if err != nil {
		return nil, err
	}
	name, err := p.id()
	if err != nil {
		return nil, err
	}
	td := &ast.TypeDef{Docs: docs, Attrs: attrs, Name: name}
	switch tok {
	case lexer.Type:
		if _, err := p.expect(lexer.Equals); err != nil {
			return nil, err
		}
		if td.Type, err = p.typ(0); err != nil {
			return nil, err
		}
		_, err = p.expect(lexer.Semicolon)
	case lexer.Flags:
		fl := &ast.Flags{Span: name.Span}
		err = p.list(lexer.LeftBrace, lexer.RightBrace, func(d ast.Docs) error {
			id, err := p.id()
			fl.Flags = append(fl.Flags, ast.Flag{Docs: d, Name: id})
			return err
		})
		td.Type = fl
	case lexer.Enum:
		en := &ast.Enum{Span: name.Span}
		err = p.list(lexer.LeftBrace, lexer.RightBrace, func(d ast.Docs) error {
			id, err := p.id()
			en.Cases = append(en.Cases, ast.Flag{Docs: d, Name: id})
			return err
		})
		td.Type = en
	case lexer.Record:
		rec := &ast.Record{Span: name.Span}
		err = p.list(lexer.LeftBrace, lexer.RightBrace, func(d ast.Docs) error {
			id, err := p.id()
			if err != nil {
				return err
			}
			if _, err := p.expect(lexer.Colon); err != nil {
				return err
			}
			t, err := p.typ(0)
			rec.Fields = append(rec.Fields, ast.Field{Docs: d, Name: id, Type: t})
			return err
		})
		td.Type = rec
	case lexer.Variant:
		v := &ast.Variant{Span: name.Span}
		err = p.list(lexer.LeftBrace, lexer.RightBrace, func(d ast.Docs) error {
			id, err := p.id()
			if err != nil {
				return err
			}
			c := ast.Case{Docs: d, Name: id}
			if ok, err := p.eat(lexer.LeftParen); err != nil {
				return err
			} else if ok {
				if c.Type, err = p.typ(0); err != nil {
					return err
				}
				if _, err := p.expect(lexer.RightParen); err != nil {
					return err
				}
			}
			v.Cases = append(v.Cases, c)
			return nil
		})
		td.Type = v
	case lexer.Resource:
		r := &ast.Resource{Span: name.Span}
		td.Type = r
		ok, err2 := p.eat(lexer.LeftBrace)
		if err2 != nil {
			return nil, err2
		}
		if !ok {
			_, err = p.expect(lexer.Semicolon)
			break
		}
		for {
			if ok, err := p.eat(lexer.RightBrace); err != nil {
				return nil, err
			} else if ok {
				break
			}
			d, err := p.docs()
			if err != nil {
				return nil, err
			}
			a, err := p.attributes()
			if err != nil {
				return nil, err
			}
			rf, err := p.resourceFunc(d, a)
			if err != nil {
				return nil, err
			}
			r.Funcs = append(r.Funcs, rf)
		}
	}
	if err != nil {
		return nil, err
	}
	return td, nil
}

func (p *parser) resourceFunc(docs ast.Docs, attrs []ast.Attribute) (ast.ResourceFunc, error) {
	sp, tok, err := p.s.Peek()
	if err != nil {
		return ast.ResourceFunc{}, err
	}
	switch tok {
	case lexer.Constructor:
		p.s.Next()
		if _, err := p.expect(lexer.LeftParen); err != nil {
			return ast.ResourceFunc{}, err
		}
		params, err := p.params()
		if err != nil {
			return ast.ResourceFunc{}, err
		}
		f := ast.Func{Span: sp, Params: params}
		if ok, err := p.eat(lexer.RArrow); err != nil {
			return ast.ResourceFunc{}, err
		} else if ok {
			if f.Result, err = p.typ(0); err != nil {
				return ast.ResourceFunc{}, err
			}
		}
		if _, err := p.expect(lexer.Semicolon); err != nil {
			return ast.ResourceFunc{}, err
		}
		return ast.ResourceFunc{Kind: ast.ResourceConstructor, Func: ast.NamedFunc{
			Docs: docs, Attrs: attrs, Name: ast.Ident{Name: "constructor", Span: sp}, Func: f}}, nil
	case lexer.Id, lexer.ExplicitId:
		name, err := p.id()
		if err != nil {
			return ast.ResourceFunc{}, err
		}
		if _, err := p.expect(lexer.Colon); err != nil {
			return ast.ResourceFunc{}, err
		}
		kind := ast.ResourceMethod
		if ok, err := p.eat(lexer.Static); err != nil {
			return ast.ResourceFunc{}, err
		} else if ok {
			kind = ast.ResourceStatic
		}
		f, err := p.fn()
		if err != nil {
			return ast.ResourceFunc{}, err
		}
		if _, err := p.expect(lexer.Semicolon); err != nil {
			return ast.ResourceFunc{}, err
		}
		return ast.ResourceFunc{Kind: kind, Func: ast.NamedFunc{Docs: docs, Attrs: attrs, Name: name, Func: *f}}, nil
	}
	if tok == lexer.EOF {
		sp = p.s.EOFSpan()
	}
	return ast.ResourceFunc{}, p.expected("`constructor` or identifier", sp, tok)
}

var primitives = map[lexer.Token]string{
	lexer.U8: "u8", lexer.U16: "u16", lexer.U32: "u32", lexer.U64: "u64",
	lexer.S8: "s8", lexer.S16: "s16", lexer.S32: "s32", lexer.S64: "s64",
	lexer.F32: "f32", lexer.F64: "f64", lexer.Char: "char", lexer.Bool: "bool",
	lexer.String: "string", lexer.ErrorContext: "error-context",
}

func (p *parser) typ(depth int) (ast.Type, error) {
	sp, tok, err := p.s.Next()
	if err != nil {
		return nil, err
	}
	if tok == lexer.EOF {
		sp = p.s.EOFSpan()
	}
	if depth >= maxTypeDepth {
		return nil, p.errAt(sp, "type nesting too deep")
	}
	if name, ok := primitives[tok]; ok {
		return &ast.Primitive{Span: sp, Name: name}, nil
	}
	switch tok {
	case lexer.Tuple:
		t := &ast.Tuple{Span: sp}
		err := p.list(lexer.LessThan, lexer.GreaterThan, func(ast.Docs) error {
			e, err := p.typ(depth + 1)
			t.Types = append(t.Types, e)
			return err
		})
		return t, err
	case lexer.List:
		if _, err := p.expect(lexer.LessThan); err != nil {
			return nil, err
		}
		elem, err := p.typ(depth + 1)
		if err != nil {
			return nil, err
		}
		l := &ast.List{Span: sp, Elem: elem}
		if ok, err := p.eat(lexer.Comma); err != nil {
			return nil, err
		} else if ok {
			nsp, ntok, err := p.s.Next()
			if err != nil {
				return nil, err
			}
			if ntok != lexer.Integer {
				if ntok == lexer.EOF {
					nsp = p.s.EOFSpan()
				}
				return nil, p.expected("fixed-length", nsp, ntok)
			}
			n, err := strconv.ParseUint(p.s.Source(nsp), 10, 32)
			if err != nil {
				return nil, p.errAt(nsp, "invalid list size: number too large to fit in target type")
			}
			l.Size, l.IsFixed = uint32(n), true
		}
		_, err = p.expect(lexer.GreaterThan)
		return l, err
	case lexer.Map:
		if _, err := p.expect(lexer.LessThan); err != nil {
			return nil, err
		}
		k, err := p.typ(depth + 1)
		if err != nil {
			return nil, err
		}
		if _, err := p.expect(lexer.Comma); err != nil {
			return nil, err
		}
		v, err := p.typ(depth + 1)
		if err != nil {
			return nil, err
		}
		_, err = p.expect(lexer.GreaterThan)
		return &ast.Map{Span: sp, Key: k, Value: v}, err
	case lexer.Option:
		if _, err := p.expect(lexer.LessThan); err != nil {
			return nil, err
		}
		e, err := p.typ(depth + 1)
		if err != nil {
			return nil, err
		}
		_, err = p.expect(lexer.GreaterThan)
		return &ast.Option{Span: sp, Elem: e}, err
	case lexer.Result:
		r := &ast.Result{Span: sp}
		if ok, err := p.eat(lexer.LessThan); err != nil || !ok {
			return r, err
		}
		if ok, err := p.eat(lexer.Underscore); err != nil {
			return nil, err
		} else if ok {
			if _, err := p.expect(lexer.Comma); err != nil {
				return nil, err
			}
			if r.Err, err = p.typ(depth + 1); err != nil {
				return nil, err
			}
		} else {
			if r.Ok, err = p.typ(depth + 1); err != nil {
				return nil, err
			}
			if ok, err := p.eat(lexer.Comma); err != nil {
				return nil, err
			} else if ok {
				if r.Err, err = p.typ(depth + 1); err != nil {
					return nil, err
				}
			}
		}
		_, err := p.expect(lexer.GreaterThan)
		return r, err
	case lexer.Future, lexer.Stream:
		var elem ast.Type
		if ok, err := p.eat(lexer.LessThan); err != nil {
			return nil, err
		} else if ok {
			if elem, err = p.typ(depth + 1); err != nil {
				return nil, err
			}
			if _, err := p.expect(lexer.GreaterThan); err != nil {
				return nil, err
			}
		}
		if tok == lexer.Future {
			return &ast.Future{Span: sp, Elem: elem}, nil
		}
		return &ast.Stream{Span: sp, Elem: elem}, nil
	case lexer.Own, lexer.Borrow:
		if _, err := p.expect(lexer.LessThan); err != nil {
			return nil, err
		}
		r, err := p.id()
		if err != nil {
			return nil, err
		}
		_, err = p.expect(lexer.GreaterThan)
		return &ast.Handle{Borrow: tok == lexer.Borrow, Resource: r}, err
	case lexer.Id, lexer.ExplicitId:
		id, err := p.identFrom(sp, tok)
		return &ast.Name{Ident: id}, err
	}
	return nil, p.expected("a type", sp, tok)
}
