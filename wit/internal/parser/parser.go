// Package parser builds the syntax tree of a WIT file from its tokens.
package parser

import (
	"fmt"

	"github.com/weftwasm/weft/wit/internal/ast"
	"github.com/weftwasm/weft/wit/internal/lexer"
)

// Error is a syntax error at a span.
type Error struct {
	Span lexer.Span
	Msg  string
}

// Error returns the message.
func (e *Error) Error() string { return e.Msg }

const (
	maxItemDepth = 100
	maxTypeDepth = 100
)

type parser struct {
	s lexer.Scanner
}

// ParseFile parses one WIT file whose first byte has global offset base.
func ParseFile(src string, base int) (*ast.File, error) {
	s, err := lexer.New(src, base)
	if err != nil {
		return nil, wrapLex(err)
	}
	p := &parser{s: s}
	f, err := p.file()
	if err != nil {
		return nil, wrapLex(err)
	}
	return f, nil
}

// wrapLex turns a lexer error into a one-character span error.
func wrapLex(err error) error {
	if le, ok := err.(*lexer.Error); ok {
		return &Error{lexer.Span{Start: le.Pos, End: le.Pos + 1}, le.Msg}
	}
	return err
}

func (p *parser) errAt(sp lexer.Span, format string, args ...any) error {
	return &Error{sp, fmt.Sprintf(format, args...)}
}

func (p *parser) expected(what string, sp lexer.Span, tok lexer.Token) error {
	return p.errAt(sp, "expected %s, found %s", what, tok)
}

func (p *parser) expect(t lexer.Token) (lexer.Span, error) { return p.s.Expect(t) }
func (p *parser) eat(t lexer.Token) (bool, error)          { return p.s.Eat(t) }

func (p *parser) file() (*ast.File, error) {
	f := &ast.File{Start: p.s.Base()}
	peek := p.s
	pp := &parser{s: peek}
	docs, err := pp.docs()
	if err != nil {
		return nil, err
	}
	if ok, err := pp.eat(lexer.Package); err != nil {
		return nil, err
	} else if ok {
		name, err := pp.packageName(docs)
		if err != nil {
			return nil, err
		}
		if ok, err := pp.eat(lexer.Semicolon); err != nil {
			return nil, err
		} else if ok {
			p.s = pp.s
			f.Package = name
		}
	}
	if err := p.declList(f, false, 0); err != nil {
		return nil, err
	}
	return f, nil
}

func (p *parser) declList(f *ast.File, braced bool, depth int) error {
	docs, err := p.docs()
	if err != nil {
		return err
	}
	for {
		if braced {
			if ok, err := p.eat(lexer.RightBrace); err != nil {
				return err
			} else if ok {
				return nil
			}
		} else {
			if _, tok, err := p.s.Peek(); err != nil {
				return err
			} else if tok == lexer.EOF {
				return nil
			}
		}
		attrs, err := p.attributes()
		if err != nil {
			return err
		}
		sp, tok, err := p.s.Peek()
		if err != nil {
			return err
		}
		switch tok {
		case lexer.Interface:
			i, err := p.iface(docs, attrs)
			if err != nil {
				return err
			}
			f.Items = append(f.Items, i)
		case lexer.World:
			w, err := p.world(docs, attrs)
			if err != nil {
				return err
			}
			f.Items = append(f.Items, w)
		case lexer.Use:
			u, err := p.topUse(attrs)
			if err != nil {
				return err
			}
			f.Items = append(f.Items, u)
		case lexer.Package:
			p.s.Next()
			if len(attrs) > 0 {
				return p.errAt(sp, "cannot place attributes on nested packages")
			}
			if depth >= maxItemDepth {
				return p.errAt(sp, "package nesting too deep")
			}
			name, err := p.packageName(docs)
			if err != nil {
				return err
			}
			if _, err := p.expect(lexer.LeftBrace); err != nil {
				return err
			}
			nested := &ast.File{Package: name}
			if err := p.declList(nested, true, depth+1); err != nil {
				return err
			}
			f.Nested = append(f.Nested, nested)
		default:
			if tok == lexer.EOF {
				sp = p.s.EOFSpan()
			}
			return p.expected("`world`, `interface` or `use`", sp, tok)
		}
		if docs, err = p.docs(); err != nil {
			return err
		}
	}
}

func (p *parser) packageName(docs ast.Docs) (*ast.PackageName, error) {
	ns, err := p.id()
	if err != nil {
		return nil, err
	}
	if _, err := p.expect(lexer.Colon); err != nil {
		return nil, err
	}
	name, err := p.id()
	if err != nil {
		return nil, err
	}
	v, err := p.optVersion()
	if err != nil {
		return nil, err
	}
	end := name.Span.End
	if v != nil {
		end = v.Span.End
	}
	return &ast.PackageName{Docs: docs, Span: lexer.Span{Start: ns.Span.Start, End: end}, Namespace: ns, Name: name, Version: v}, nil
}

func (p *parser) topUse(attrs []ast.Attribute) (*ast.TopUse, error) {
	sp, err := p.expect(lexer.Use)
	if err != nil {
		return nil, err
	}
	path, err := p.usePath()
	if err != nil {
		return nil, err
	}
	u := &ast.TopUse{Span: sp, Attrs: attrs, Path: path}
	if ok, err := p.eat(lexer.As); err != nil {
		return nil, err
	} else if ok {
		id, err := p.id()
		if err != nil {
			return nil, err
		}
		u.As = &id
	}
	_, err = p.expect(lexer.Semicolon)
	return u, err
}

func (p *parser) usePath() (ast.UsePath, error) {
	id, err := p.id()
	if err != nil {
		return ast.UsePath{}, err
	}
	if ok, err := p.eat(lexer.Colon); err != nil {
		return ast.UsePath{}, err
	} else if !ok {
		return ast.UsePath{Name: id}, nil
	}
	pkg, err := p.id()
	if err != nil {
		return ast.UsePath{}, err
	}
	if _, err := p.expect(lexer.Slash); err != nil {
		return ast.UsePath{}, err
	}
	name, err := p.id()
	if err != nil {
		return ast.UsePath{}, err
	}
	v, err := p.optVersion()
	if err != nil {
		return ast.UsePath{}, err
	}
	return ast.UsePath{
		Package: &ast.PackageName{Span: lexer.Span{Start: id.Span.Start, End: pkg.Span.End}, Namespace: id, Name: pkg, Version: v},
		Name:    name,
	}, nil
}

func (p *parser) world(docs ast.Docs, attrs []ast.Attribute) (*ast.World, error) {
	if _, err := p.expect(lexer.World); err != nil {
		return nil, err
	}
	name, err := p.id()
	if err != nil {
		return nil, err
	}
	w := &ast.World{Docs: docs, Attrs: attrs, Name: name}
	if _, err := p.expect(lexer.LeftBrace); err != nil {
		return nil, err
	}
	for {
		docs, err := p.docs()
		if err != nil {
			return nil, err
		}
		if ok, err := p.eat(lexer.RightBrace); err != nil {
			return nil, err
		} else if ok {
			return w, nil
		}
		attrs, err := p.attributes()
		if err != nil {
			return nil, err
		}
		item, err := p.worldItem(docs, attrs)
		if err != nil {
			return nil, err
		}
		w.Items = append(w.Items, item)
	}
}

func (p *parser) worldItem(docs ast.Docs, attrs []ast.Attribute) (ast.WorldItem, error) {
	sp, tok, err := p.s.Peek()
	if err != nil {
		return nil, err
	}
	switch tok {
	case lexer.Import:
		p.s.Next()
		k, err := p.extern()
		if err != nil {
			return nil, err
		}
		return &ast.Import{Docs: docs, Attrs: attrs, Kind: k}, nil
	case lexer.Export:
		p.s.Next()
		k, err := p.extern()
		if err != nil {
			return nil, err
		}
		return &ast.Export{Docs: docs, Attrs: attrs, Kind: k}, nil
	case lexer.Use:
		return p.use(attrs)
	case lexer.Type, lexer.Flags, lexer.Resource, lexer.Record, lexer.Variant, lexer.Enum:
		return p.typeDef(docs, attrs)
	case lexer.Include:
		return p.include(attrs)
	}
	if tok == lexer.EOF {
		sp = p.s.EOFSpan()
	}
	return nil, p.expected("`import`, `export`, `include`, `use`, or type definition", sp, tok)
}

func (p *parser) extern() (ast.Extern, error) {
	clone := &parser{s: p.s}
	id, err := clone.id()
	if err != nil {
		return ast.Extern{}, err
	}
	if ok, err := clone.eat(lexer.Colon); err != nil {
		return ast.Extern{}, err
	} else if ok {
		_, tok, err := clone.s.Peek()
		if err != nil {
			return ast.Extern{}, err
		}
		if tok == lexer.Func || tok == lexer.Async {
			p.s = clone.s
			fn, err := p.fn()
			if err != nil {
				return ast.Extern{}, err
			}
			if _, err := p.expect(lexer.Semicolon); err != nil {
				return ast.Extern{}, err
			}
			return ast.Extern{Kind: ast.ExternFunc, Name: id, Func: fn}, nil
		}
		if tok == lexer.Interface {
			clone.s.Next()
			p.s = clone.s
			items, err := p.interfaceItems()
			if err != nil {
				return ast.Extern{}, err
			}
			return ast.Extern{Kind: ast.ExternInterface, Name: id, Items: items}, nil
		}
		peek := &parser{s: clone.s}
		qualified := false
		if _, err := peek.id(); err == nil {
			if ok, err := peek.eat(lexer.Slash); err == nil && ok {
				qualified = true
			}
		}
		if !qualified {
			p.s = clone.s
			path, err := p.usePath()
			if err != nil {
				return ast.Extern{}, err
			}
			if _, err := p.expect(lexer.Semicolon); err != nil {
				return ast.Extern{}, err
			}
			return ast.Extern{Kind: ast.ExternNamedPath, Name: id, Path: path}, nil
		}
	}
	path, err := p.usePath()
	if err != nil {
		return ast.Extern{}, err
	}
	if _, err := p.expect(lexer.Semicolon); err != nil {
		return ast.Extern{}, err
	}
	return ast.Extern{Kind: ast.ExternPath, Path: path}, nil
}

func (p *parser) iface(docs ast.Docs, attrs []ast.Attribute) (*ast.Interface, error) {
	if _, err := p.expect(lexer.Interface); err != nil {
		return nil, err
	}
	name, err := p.id()
	if err != nil {
		return nil, err
	}
	items, err := p.interfaceItems()
	if err != nil {
		return nil, err
	}
	return &ast.Interface{Docs: docs, Attrs: attrs, Name: name, Items: items}, nil
}

func (p *parser) interfaceItems() ([]ast.InterfaceItem, error) {
	if _, err := p.expect(lexer.LeftBrace); err != nil {
		return nil, err
	}
	var items []ast.InterfaceItem
	for {
		docs, err := p.docs()
		if err != nil {
			return nil, err
		}
		if ok, err := p.eat(lexer.RightBrace); err != nil {
			return nil, err
		} else if ok {
			return items, nil
		}
		attrs, err := p.attributes()
		if err != nil {
			return nil, err
		}
		sp, tok, err := p.s.Peek()
		if err != nil {
			return nil, err
		}
		switch tok {
		case lexer.Type, lexer.Flags, lexer.Enum, lexer.Variant, lexer.Resource, lexer.Record:
			td, err := p.typeDef(docs, attrs)
			if err != nil {
				return nil, err
			}
			items = append(items, td)
		case lexer.Id, lexer.ExplicitId:
			f, err := p.namedFunc(docs, attrs)
			if err != nil {
				return nil, err
			}
			items = append(items, f)
		case lexer.Use:
			u, err := p.use(attrs)
			if err != nil {
				return nil, err
			}
			items = append(items, u)
		default:
			if tok == lexer.EOF {
				sp = p.s.EOFSpan()
			}
			return nil, p.expected("`type`, `resource` or `func`", sp, tok)
		}
	}
}

func (p *parser) use(attrs []ast.Attribute) (*ast.Use, error) {
	if _, err := p.expect(lexer.Use); err != nil {
		return nil, err
	}
	from, err := p.usePath()
	if err != nil {
		return nil, err
	}
	if _, err := p.expect(lexer.Period); err != nil {
		return nil, err
	}
	if _, err := p.expect(lexer.LeftBrace); err != nil {
		return nil, err
	}
	u := &ast.Use{Attrs: attrs, From: from}
	for {
		if ok, err := p.eat(lexer.RightBrace); err != nil {
			return nil, err
		} else if ok {
			break
		}
		name, err := p.id()
		if err != nil {
			return nil, err
		}
		n := ast.UseName{Name: name}
		if ok, err := p.eat(lexer.As); err != nil {
			return nil, err
		} else if ok {
			as, err := p.id()
			if err != nil {
				return nil, err
			}
			n.As = &as
		}
		u.Names = append(u.Names, n)
		if ok, err := p.eat(lexer.Comma); err != nil {
			return nil, err
		} else if !ok {
			if _, err := p.expect(lexer.RightBrace); err != nil {
				return nil, err
			}
			break
		}
	}
	_, err = p.expect(lexer.Semicolon)
	return u, err
}

func (p *parser) include(attrs []ast.Attribute) (*ast.Include, error) {
	if _, err := p.expect(lexer.Include); err != nil {
		return nil, err
	}
	from, err := p.usePath()
	if err != nil {
		return nil, err
	}
	inc := &ast.Include{Attrs: attrs, From: from}
	if ok, err := p.eat(lexer.With); err != nil {
		return nil, err
	} else if !ok {
		_, err := p.expect(lexer.Semicolon)
		return inc, err
	}
	err = p.list(lexer.LeftBrace, lexer.RightBrace, func(ast.Docs) error {
		name, err := p.id()
		if err != nil {
			return err
		}
		if _, err := p.expect(lexer.As); err != nil {
			return err
		}
		as, err := p.id()
		if err != nil {
			return err
		}
		inc.Names = append(inc.Names, ast.IncludeName{Name: name, As: as})
		return nil
	})
	return inc, err
}

// list parses `start item, item, ... end` with an optional trailing comma.
func (p *parser) list(start, end lexer.Token, item func(ast.Docs) error) error {
	if _, err := p.expect(start); err != nil {
		return err
	}
	return p.listTrailer(end, item)
}

func (p *parser) listTrailer(end lexer.Token, item func(ast.Docs) error) error {
	for {
		docs, err := p.docs()
		if err != nil {
			return err
		}
		if ok, err := p.eat(end); err != nil {
			return err
		} else if ok {
			return nil
		}
		if err := item(docs); err != nil {
			return err
		}
		if ok, err := p.eat(lexer.Comma); err != nil {
			return err
		} else if !ok {
			_, err := p.expect(end)
			return err
		}
	}
}

func (p *parser) namedFunc(docs ast.Docs, attrs []ast.Attribute) (*ast.NamedFunc, error) {
	name, err := p.id()
	if err != nil {
		return nil, err
	}
	if _, err := p.expect(lexer.Colon); err != nil {
		return nil, err
	}
	fn, err := p.fn()
	if err != nil {
		return nil, err
	}
	if _, err := p.expect(lexer.Semicolon); err != nil {
		return nil, err
	}
	return &ast.NamedFunc{Docs: docs, Attrs: attrs, Name: name, Func: *fn}, nil
}

func (p *parser) fn() (*ast.Func, error) {
	async, err := p.eat(lexer.Async)
	if err != nil {
		return nil, err
	}
	sp, err := p.expect(lexer.Func)
	if err != nil {
		return nil, err
	}
	if _, err := p.expect(lexer.LeftParen); err != nil {
		return nil, err
	}
	f := &ast.Func{Span: sp, Async: async}
	if f.Params, err = p.params(); err != nil {
		return nil, err
	}
	if ok, err := p.eat(lexer.RArrow); err != nil {
		return nil, err
	} else if ok {
		if f.Result, err = p.typ(0); err != nil {
			return nil, err
		}
	}
	return f, nil
}

func (p *parser) params() ([]ast.Param, error) {
	var params []ast.Param
	err := p.listTrailer(lexer.RightParen, func(ast.Docs) error {
		name, err := p.id()
		if err != nil {
			return err
		}
		if _, err := p.expect(lexer.Colon); err != nil {
			return err
		}
		t, err := p.typ(0)
		if err != nil {
			return err
		}
		params = append(params, ast.Param{Name: name, Type: t})
		return nil
	})
	return params, err
}

func (p *parser) id() (ast.Ident, error) {
	sp, tok, err := p.s.Next()
	if err != nil {
		return ast.Ident{}, err
	}
	if tok != lexer.Id && tok != lexer.ExplicitId {
		if tok == lexer.EOF {
			sp = p.s.EOFSpan()
		}
		return ast.Ident{}, p.expected("an identifier or string", sp, tok)
	}
	return p.identFrom(sp, tok)
}

func (p *parser) identFrom(sp lexer.Span, tok lexer.Token) (ast.Ident, error) {
	text := p.s.Source(sp)
	if tok == lexer.ExplicitId {
		text = text[1:]
	}
	if err := lexer.ValidateID(sp.Start, text); err != nil {
		return ast.Ident{}, err
	}
	return ast.Ident{Name: text, Span: sp}, nil
}
