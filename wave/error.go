package wave

import (
	"errors"
	"strconv"
)

// Span is a half-open byte range [Start, End) of the text being parsed.
type Span struct {
	Start, End int
}

// String renders the span as "start..end".
func (s Span) String() string {
	return strconv.Itoa(s.Start) + ".." + strconv.Itoa(s.End)
}

// ErrorKind classifies a parse or conversion error.
type ErrorKind uint8

// The kinds of WAVE errors. Their String forms are the message prefixes
// used by wasm-tools' wasm-wave, so error texts line up with it.
const (
	ErrEmptyTuple ErrorKind = iota + 1
	ErrMultipleChars
	ErrInvalidEscape
	ErrInvalidMultilineString
	ErrInvalidParams
	ErrInvalidToken
	ErrInvalidType
	ErrInvalidValue
	ErrTrailingCharacters
	ErrUnexpectedEnd
	ErrUnexpectedToken
	ErrDuplicateField
	ErrDuplicateFlag
	ErrConvert
	ErrNestingTooDeep
	ErrInvalidUTF8
)

var kindText = [...]string{
	ErrEmptyTuple:             "empty tuple",
	ErrMultipleChars:          "multiple characters in char value",
	ErrInvalidEscape:          "invalid character escape",
	ErrInvalidMultilineString: "invalid multiline string",
	ErrInvalidParams:          "invalid params",
	ErrInvalidToken:           "invalid token",
	ErrInvalidType:            "invalid value type",
	ErrInvalidValue:           "invalid value",
	ErrTrailingCharacters:     "trailing characters after value",
	ErrUnexpectedEnd:          "unexpected end of input",
	ErrUnexpectedToken:        "unexpected token",
	ErrDuplicateField:         "duplicate field",
	ErrDuplicateFlag:          "duplicate flag",
	ErrConvert:                "error converting Wasm value",
	ErrNestingTooDeep:         "value nesting too deep",
	ErrInvalidUTF8:            "invalid UTF-8",
}

// String returns the kind's message prefix, e.g. "invalid token".
func (k ErrorKind) String() string {
	if int(k) < len(kindText) && kindText[k] != "" {
		return kindText[k]
	}
	return "error kind " + strconv.Itoa(int(k))
}

// ErrUnrepresentable is wrapped by errors about values WAVE has no syntax
// for: resource handles (own, borrow), futures, streams, error contexts and
// maps. Test for it with errors.Is.
var ErrUnrepresentable = errors.New("not representable in WAVE")

// Error is a WAVE parse or conversion error. Span locates the offending text
// in the input; Msg says what was wrong (Kind's text plus any detail). The
// Error() text is "Msg at start..end", e.g.
// `unexpected token: Comma at 27..28`.
//
//	_, err := wave.ParseValue("[1,,2]", &value.ListType{Elem: value.U8Type})
//	var werr *wave.Error
//	if errors.As(err, &werr) {
//		fmt.Println(werr.Span) // 3..4
//	}
type Error struct {
	Kind ErrorKind
	Span Span
	Msg  string
	// Err is the underlying cause, if any (for example ErrUnrepresentable).
	Err error
}

func (e *Error) Error() string { return e.Msg + " at " + e.Span.String() }

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

func newError(kind ErrorKind, start, end int) *Error {
	return &Error{Kind: kind, Span: Span{start, end}, Msg: kind.String()}
}

func newErrorDetail(kind ErrorKind, start, end int, detail string) *Error {
	return &Error{Kind: kind, Span: Span{start, end}, Msg: kind.String() + ": " + detail}
}
