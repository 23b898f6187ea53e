package parser

import (
	"github.com/weftwasm/weft/semver"
	"github.com/weftwasm/weft/wit/internal/ast"
	"github.com/weftwasm/weft/wit/internal/lexer"
)

func (p *parser) optVersion() (*ast.Version, error) {
	if ok, err := p.eat(lexer.At); err != nil || !ok {
		return nil, err
	}
	v, err := p.version()
	return &v, err
}

func (p *parser) version() (ast.Version, error) {
	first, err := p.expect(lexer.Integer)
	if err != nil {
		return ast.Version{}, err
	}
	for range 2 {
		if _, err := p.expect(lexer.Period); err != nil {
			return ast.Version{}, err
		}
		if _, err := p.expect(lexer.Integer); err != nil {
			return ast.Version{}, err
		}
	}
	sp := lexer.Span{Start: first.Start, End: p.lastEnd()}
	for _, prefix := range []lexer.Token{lexer.Minus, lexer.Plus} {
		if err := p.eatVersionIDs(prefix, &sp); err != nil {
			return ast.Version{}, err
		}
	}
	text := p.s.Source(sp)
	if _, err := semver.Parse(text); err != nil {
		return ast.Version{}, p.errAt(sp, "%s", err.Error())
	}
	return ast.Version{Text: text, Span: sp}, nil
}

// lastEnd is the end of the most recently consumed token: the scanner's
// position, since Expect consumed exactly that token.
func (p *parser) lastEnd() int {
	c := p.s
	sp, _, _ := c.NextRaw()
	return sp.Start
}

func (p *parser) eatVersionIDs(prefix lexer.Token, sp *lexer.Span) error {
	if ok, err := p.eat(prefix); err != nil || !ok {
		return err
	}
	sp.End = p.lastEnd()
	for {
		clone := p.s
		s, tok, err := clone.Next()
		if err != nil {
			return err
		}
		switch tok {
		case lexer.Id, lexer.Integer, lexer.Minus:
		case lexer.Period:
			if s, tok, err = clone.Next(); err != nil {
				return err
			}
			if tok != lexer.Id && tok != lexer.Integer && tok != lexer.Minus {
				return nil
			}
		default:
			return nil
		}
		sp.End = s.End
		p.s = clone
	}
}

// docs collects the comments before the next token.
func (p *parser) docs() (ast.Docs, error) {
	var d ast.Docs
	clone := p.s
	for {
		sp, tok, err := clone.NextRaw()
		if err != nil {
			return d, err
		}
		switch tok {
		case lexer.Whitespace:
		case lexer.Comment:
			text := p.s.Source(sp)
			if len(d.Comments) == 0 {
				d.Span.Start = sp.Start
			}
			trimmed := len(text)
			for trimmed > 0 && (text[trimmed-1] == ' ' || text[trimmed-1] == '\t' || text[trimmed-1] == '\n' || text[trimmed-1] == '\r') {
				trimmed--
			}
			d.Span.End = sp.Start + trimmed
			d.Comments = append(d.Comments, text)
		default:
			return d, nil
		}
		p.s = clone
	}
}

func (p *parser) attributes() ([]ast.Attribute, error) {
	var attrs []ast.Attribute
	for {
		if ok, err := p.eat(lexer.At); err != nil {
			return nil, err
		} else if !ok {
			return attrs, nil
		}
		id, err := p.id()
		if err != nil {
			return nil, err
		}
		a := ast.Attribute{Span: id.Span}
		switch id.Name {
		case "since", "deprecated":
			a.Kind = ast.AttrSince
			if id.Name == "deprecated" {
				a.Kind = ast.AttrDeprecated
			}
			if err := p.attrKey("version"); err != nil {
				return nil, err
			}
			if a.Version, err = p.version(); err != nil {
				return nil, err
			}
		case "unstable":
			a.Kind = ast.AttrUnstable
			if err := p.attrKey("feature"); err != nil {
				return nil, err
			}
			if a.Feature, err = p.id(); err != nil {
				return nil, err
			}
		case "external-id":
			a.Kind = ast.AttrExternalID
			if _, err := p.expect(lexer.LeftParen); err != nil {
				return nil, err
			}
			sp, err := p.expect(lexer.StringLiteral)
			if err != nil {
				return nil, err
			}
			if a.Value, err = p.s.StringValue(sp); err != nil {
				return nil, err
			}
		default:
			return nil, p.errAt(id.Span, "unknown attribute `%s`", id.Name)
		}
		if _, err := p.expect(lexer.RightParen); err != nil {
			return nil, err
		}
		attrs = append(attrs, a)
	}
}

func (p *parser) attrKey(key string) error {
	if _, err := p.expect(lexer.LeftParen); err != nil {
		return err
	}
	id, err := p.id()
	if err != nil {
		return err
	}
	if id.Name != key {
		return p.errAt(id.Span, "expected `%s`, found `%s`", key, id.Name)
	}
	_, err = p.expect(lexer.Equals)
	return err
}
