package wit

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Error is a WIT parse or resolve error with its location. Error() renders
// the message followed by the location, the source line and a caret under
// the offending span:
//
//	expected '>', found keyword `type`
//	     --> dir/file.wit:6:3
//	      |
//	    6 |   type y = u32
//	      |   ^---
type Error struct {
	Message string
	File    string // empty when the error has no location
	Line    int    // 1-based
	Column  int    // 1-based, in bytes

	rendered string
}

// Error returns the rendered error: message, location, source line and
// caret, or just the message when the error has no location.
func (e *Error) Error() string {
	if e.rendered != "" {
		return e.rendered
	}
	return e.Message
}

type sourceFile struct {
	offset   int
	path     string
	contents string // with a '\n' appended so an EOF span stays in the file
}

// sourceMap assigns every loaded file a range of a global offset space.
type sourceMap struct {
	files []sourceFile
	next  int
}

func (m *sourceMap) add(path, contents string) int {
	off := m.next
	m.files = append(m.files, sourceFile{offset: off, path: path, contents: contents + "\n"})
	m.next += len(contents) + 1
	return off
}

func (m *sourceMap) fileAt(pos int) *sourceFile {
	i := sort.Search(len(m.files), func(i int) bool { return m.files[i].offset > pos })
	if i == 0 {
		return nil
	}
	return &m.files[i-1]
}

// errorAt builds an Error for span sp with the given message.
func (m *sourceMap) errorAt(sp span, msg string) *Error {
	e := &Error{Message: msg}
	f := m.fileAt(sp.start)
	if !sp.known() || f == nil || sp.start-f.offset > len(f.contents) {
		return e
	}
	start := sp.start - f.offset
	line, col, lineText := lineCol(f.contents, start)
	e.File, e.Line, e.Column = f.path, line, col
	if len(lineText) > 500 {
		e.rendered = fmt.Sprintf("%s:%d:%d: %s", f.path, line, col, msg)
		return e
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n     --> %s:%d:%d\n      |\n %4d | %s\n      | %*s", msg, f.path, line, col, line, lineText, col, "^")
	end := sp.end - f.offset
	if end > start && end <= len(f.contents) {
		n := utf8.RuneCountInString(f.contents[start:end])
		b.WriteString(strings.Repeat("-", max(n-1, 0)))
	}
	e.rendered = b.String()
	return e
}

// lineCol returns the 1-based line and byte column of offset off, and the
// text of that line.
func lineCol(s string, off int) (int, int, string) {
	line, cur := 0, 0
	for {
		nl := strings.IndexByte(s[cur:], '\n')
		if nl < 0 {
			rest := strings.TrimSuffix(s[cur:], "\r")
			return line + 1, off - cur + 1, rest
		}
		if cur+nl+1 > off {
			text := strings.TrimSuffix(s[cur:cur+nl], "\r")
			return line + 1, off - cur + 1, text
		}
		cur += nl + 1
		line++
	}
}
