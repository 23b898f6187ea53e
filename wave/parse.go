package wave

import (
	"strconv"
	"unicode/utf8"
)

// maxDepth bounds how deeply values may nest, so hostile input cannot
// exhaust the stack.
const maxDepth = 100

// nodeKind is the syntactic shape of a parsed, untyped value. Bools,
// variants, enums, options and results cannot be told apart without a type,
// so the parser records what the text looks like and conversion decides.
type nodeKind uint8

const (
	nodeTrue nodeKind = iota + 1
	nodeFalse
	nodeNumber // integer or float, including nan, inf and -inf
	nodeChar   // span includes the quotes
	nodeString // span includes the quotes
	nodeMultilineString
	nodeTuple
	nodeList
	nodeRecord // children: label, value, label, value, ...
	nodeLabel  // an enum case or a variant case without payload
	nodeVariant
	nodeSome
	nodeNone
	nodeOk  // zero or one child
	nodeErr // zero or one child
	nodeFlags
)

// node is one parsed value with its byte span in the source.
type node struct {
	kind       nodeKind
	start, end int
	children   []node
}

// keywords are the labels WAVE reserves; cases with these names are written
// with a % prefix.
func isKeyword(s string) bool {
	switch s {
	case "true", "false", "some", "none", "ok", "err", "inf", "nan":
		return true
	}
	return false
}

// label returns the text of a label node without its % prefix.
func (n *node) label(src string) string {
	s := src[n.start:n.end]
	if s != "" && s[0] == '%' {
		return s[1:]
	}
	return s
}

type parser struct {
	lex   lexer
	src   string
	tok   token // the current token
	depth int
}

func checkUTF8(src string) error {
	if utf8.ValidString(src) {
		return nil
	}
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRuneInString(src[i:])
		if r == utf8.RuneError && size == 1 {
			return newError(ErrInvalidUTF8, i, i+1)
		}
		i += size
	}
	return nil
}

func newParser(src string) *parser {
	return &parser{lex: lexer{src: src}, src: src}
}

// advance moves to the next token; an invalid token or the end of input is
// an error.
func (p *parser) advance() (tokenKind, error) {
	t := p.lex.next()
	p.tok = t
	switch t.kind {
	case tokError:
		return t.kind, newError(ErrInvalidToken, t.start, t.end)
	case tokEOF:
		return t.kind, newError(ErrUnexpectedEnd, t.start, t.end)
	}
	return t.kind, nil
}

func (p *parser) unexpected() error {
	return newErrorDetail(ErrUnexpectedToken, p.tok.start, p.tok.end, p.tok.kind.String())
}

func (p *parser) expect(k tokenKind) error {
	if p.tok.kind != k {
		return p.unexpected()
	}
	return nil
}

// finish reports any token left after the value.
func (p *parser) finish() error {
	t := p.lex.next()
	if t.kind != tokEOF {
		return newError(ErrTrailingCharacters, t.start, t.end)
	}
	return nil
}

func (p *parser) leaf(k nodeKind) node {
	return node{kind: k, start: p.tok.start, end: p.tok.end}
}

func (p *parser) parseNode() (node, error) {
	if p.depth >= maxDepth {
		return node{}, newError(ErrNestingTooDeep, p.tok.start, p.tok.end)
	}
	p.depth++
	n, err := p.parseNodeInner()
	p.depth--
	return n, err
}

func (p *parser) parseNodeInner() (node, error) {
	k, err := p.advance()
	if err != nil {
		return node{}, err
	}
	switch k {
	case tokNumber:
		return p.leaf(nodeNumber), nil
	case tokChar:
		return p.leaf(nodeChar), nil
	case tokString:
		return p.leaf(nodeString), nil
	case tokMultilineString:
		return p.leaf(nodeMultilineString), nil
	case tokParenOpen:
		return p.parseTuple()
	case tokBracketOpen:
		start := p.tok.start
		children, err := p.parseSequence(tokBracketClose)
		if err != nil {
			return node{}, err
		}
		return node{kind: nodeList, start: start, end: p.tok.end, children: children}, nil
	case tokBraceOpen:
		return p.parseRecordOrFlags()
	case tokLabel:
		switch p.src[p.tok.start:p.tok.end] {
		case "true":
			return p.leaf(nodeTrue), nil
		case "false":
			return p.leaf(nodeFalse), nil
		case "inf", "nan":
			return p.leaf(nodeNumber), nil
		case "some":
			return p.parseSome()
		case "none":
			return p.leaf(nodeNone), nil
		case "ok":
			return p.parseResult(nodeOk)
		case "err":
			return p.parseResult(nodeErr)
		}
		return p.parseLabelMaybePayload()
	}
	return node{}, p.unexpected()
}

func (p *parser) parseTuple() (node, error) {
	start := p.tok.start
	children, err := p.parseSequence(tokParenClose)
	if err != nil {
		return node{}, err
	}
	if len(children) == 0 {
		return node{}, newError(ErrEmptyTuple, start, p.tok.end)
	}
	return node{kind: nodeTuple, start: start, end: p.tok.end, children: children}, nil
}

// parseSequence parses comma-separated values up to the closing token
// (which becomes the current token); a trailing comma is allowed.
func (p *parser) parseSequence(closing tokenKind) ([]node, error) {
	if p.lex.peek() == closing {
		p.advance()
		return nil, nil
	}
	var nodes []node
	for {
		n, err := p.parseNode()
		if err != nil {
			return nil, err
		}
		nodes = append(nodes, n)
		k, err := p.advance()
		if err != nil {
			return nil, err
		}
		if k != tokComma {
			return nodes, p.expect(closing)
		}
		if p.lex.peek() == closing {
			p.advance()
			return nodes, nil
		}
	}
}

func (p *parser) parseRecordOrFlags() (node, error) {
	start := p.tok.start
	k, err := p.advance()
	if err != nil {
		return node{}, err
	}
	switch k {
	case tokColon:
		if _, err := p.advance(); err != nil {
			return node{}, err
		}
		if err := p.expect(tokBraceClose); err != nil {
			return node{}, err
		}
		return node{kind: nodeRecord, start: start, end: p.tok.end}, nil
	case tokBraceClose:
		return node{kind: nodeFlags, start: start, end: p.tok.end}, nil
	}
	if p.lex.peek() == tokColon {
		return p.finishRecord(start)
	}
	return p.finishFlags(start)
}

func (p *parser) parseLabel() (node, error) {
	if err := p.expect(tokLabel); err != nil {
		return node{}, err
	}
	return p.leaf(nodeLabel), nil
}

// labelSet remembers the labels of a record or flags value to find
// duplicates: a short list scanned linearly, switching to a map when long.
type labelSet struct {
	list []string
	set  map[string]struct{}
}

// add records name and reports whether it was new.
func (s *labelSet) add(name string) bool {
	if s.set != nil {
		if _, dup := s.set[name]; dup {
			return false
		}
		s.set[name] = struct{}{}
		return true
	}
	for _, l := range s.list {
		if l == name {
			return false
		}
	}
	s.list = append(s.list, name)
	if len(s.list) > 16 {
		s.set = make(map[string]struct{}, 2*len(s.list))
		for _, l := range s.list {
			s.set[l] = struct{}{}
		}
	}
	return true
}

func (p *parser) finishRecord(start int) (node, error) {
	children := make([]node, 0, 4)
	var names labelSet
	for {
		label, err := p.parseLabel()
		if err != nil {
			return node{}, err
		}
		name := label.label(p.src)
		if !names.add(name) {
			return node{}, newErrorDetail(ErrDuplicateField, label.start, label.end, strconv.Quote(name))
		}
		if _, err := p.advance(); err != nil {
			return node{}, err
		}
		if err := p.expect(tokColon); err != nil {
			return node{}, err
		}
		v, err := p.parseNode()
		if err != nil {
			return node{}, err
		}
		children = append(children, label, v)
		if err := p.endOfEntry(); err != nil {
			return node{}, err
		}
		if p.tok.kind == tokBraceClose {
			return node{kind: nodeRecord, start: start, end: p.tok.end, children: children}, nil
		}
	}
}

// endOfEntry moves past the comma (if any) after a record field or flag.
func (p *parser) endOfEntry() error {
	k, err := p.advance()
	if err != nil {
		return err
	}
	if k == tokComma {
		_, err = p.advance()
	}
	return err
}

func (p *parser) finishFlags(start int) (node, error) {
	var children []node
	var names labelSet
	for {
		label, err := p.parseLabel()
		if err != nil {
			return node{}, err
		}
		name := label.label(p.src)
		if !names.add(name) {
			return node{}, newErrorDetail(ErrDuplicateFlag, label.start, label.end, strconv.Quote(name))
		}
		children = append(children, label)
		if err := p.endOfEntry(); err != nil {
			return node{}, err
		}
		if p.tok.kind == tokBraceClose {
			return node{kind: nodeFlags, start: start, end: p.tok.end, children: children}, nil
		}
	}
}

// parsePayload parses "(value)" after a case name whose "(" is the next
// token, leaving ")" as the current token.
func (p *parser) parsePayload() (node, error) {
	if _, err := p.advance(); err != nil {
		return node{}, err
	}
	if err := p.expect(tokParenOpen); err != nil {
		return node{}, err
	}
	v, err := p.parseNode()
	if err != nil {
		return node{}, err
	}
	if _, err := p.advance(); err != nil {
		return node{}, err
	}
	return v, p.expect(tokParenClose)
}

func (p *parser) parseLabelMaybePayload() (node, error) {
	label := p.leaf(nodeLabel)
	if p.lex.peek() != tokParenOpen {
		return label, nil
	}
	v, err := p.parsePayload()
	if err != nil {
		return node{}, err
	}
	return node{kind: nodeVariant, start: label.start, end: p.tok.end, children: []node{label, v}}, nil
}

func (p *parser) parseSome() (node, error) {
	start := p.tok.start
	v, err := p.parsePayload()
	if err != nil {
		return node{}, err
	}
	return node{kind: nodeSome, start: start, end: p.tok.end, children: []node{v}}, nil
}

func (p *parser) parseResult(k nodeKind) (node, error) {
	n := p.leaf(k)
	if p.lex.peek() != tokParenOpen {
		return n, nil
	}
	v, err := p.parsePayload()
	if err != nil {
		return node{}, err
	}
	n.end = p.tok.end
	n.children = []node{v}
	return n, nil
}
