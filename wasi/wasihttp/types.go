package wasihttp

import (
	"github.com/weftwasm/weft/value"
	"github.com/weftwasm/weft/wasi/wasip2"
)

// The interfaces this host implements, named without version.
const (
	ifaceTypes    = "wasi:http/types"
	ifaceOutgoing = "wasi:http/outgoing-handler"
	// IncomingHandler is the interface a wasi:http/proxy component exports.
	IncomingHandler = "wasi:http/incoming-handler"
)

// types holds the resource types of wasi:http/types for one Linker and
// the WIT types built on them.
type types struct {
	io                                               wasip2.IOTypes
	fields, incomingRequest, outgoingRequest         *value.ResourceType
	requestOptions, responseOutparam                 *value.ResourceType
	incomingResponse, incomingBody, futureTrailers   *value.ResourceType
	outgoingResponse, outgoingBody, futureIncomingRe *value.ResourceType
	method, scheme, errorCode, headerError           value.Type
}

var (
	u8T     = value.U8Type
	u16T    = value.U16Type
	u32T    = value.U32Type
	u64T    = value.U64Type
	boolT   = value.BoolType
	stringT = value.StringType
	bytesT  = &value.ListType{Elem: value.U8Type}
)

func optionT(t value.Type) *value.OptionType          { return &value.OptionType{Elem: t} }
func resultT(ok, err value.Type) *value.ResultType    { return &value.ResultType{Ok: ok, Err: err} }
func listT(t value.Type) *value.ListType              { return &value.ListType{Elem: t} }
func tupleT(ts ...value.Type) *value.TupleType        { return &value.TupleType{Types: ts} }
func ownT(r *value.ResourceType) *value.OwnType       { return &value.OwnType{Resource: r} }
func borrowT(r *value.ResourceType) *value.BorrowType { return &value.BorrowType{Resource: r} }
func recordT(name string, fs ...value.Field) *value.RecordType {
	return &value.RecordType{Name: name, Fields: fs}
}

// errorCodeCases are the cases of wasi:http/types error-code in order;
// payload types are filled in by newTypes.
var errorCodeCases = []string{
	"DNS-timeout", "DNS-error", "destination-not-found", "destination-unavailable",
	"destination-IP-prohibited", "destination-IP-unroutable", "connection-refused",
	"connection-terminated", "connection-timeout", "connection-read-timeout",
	"connection-write-timeout", "connection-limit-reached", "TLS-protocol-error",
	"TLS-certificate-error", "TLS-alert-received", "HTTP-request-denied",
	"HTTP-request-length-required", "HTTP-request-body-size", "HTTP-request-method-invalid",
	"HTTP-request-URI-invalid", "HTTP-request-URI-too-long", "HTTP-request-header-section-size",
	"HTTP-request-header-size", "HTTP-request-trailer-section-size", "HTTP-request-trailer-size",
	"HTTP-response-incomplete", "HTTP-response-header-section-size", "HTTP-response-header-size",
	"HTTP-response-body-size", "HTTP-response-trailer-section-size", "HTTP-response-trailer-size",
	"HTTP-response-transfer-coding", "HTTP-response-content-coding", "HTTP-response-timeout",
	"HTTP-upgrade-failed", "HTTP-protocol-error", "loop-detected", "configuration-error",
	"internal-error",
}

func newTypes(io wasip2.IOTypes) *types {
	res := func(name string) *value.ResourceType { return &value.ResourceType{Name: name} }
	t := &types{io: io,
		fields: res("fields"), incomingRequest: res("incoming-request"), outgoingRequest: res("outgoing-request"),
		requestOptions: res("request-options"), responseOutparam: res("response-outparam"),
		incomingResponse: res("incoming-response"), incomingBody: res("incoming-body"),
		futureTrailers: res("future-trailers"), outgoingResponse: res("outgoing-response"),
		outgoingBody: res("outgoing-body"), futureIncomingRe: res("future-incoming-response"),
	}
	t.method = &value.VariantType{Name: "method", Cases: []value.Case{
		{Name: "get"}, {Name: "head"}, {Name: "post"}, {Name: "put"}, {Name: "delete"},
		{Name: "connect"}, {Name: "options"}, {Name: "trace"}, {Name: "patch"}, {Name: "other", Type: stringT}}}
	t.scheme = &value.VariantType{Name: "scheme", Cases: []value.Case{
		{Name: "HTTP"}, {Name: "HTTPS"}, {Name: "other", Type: stringT}}}
	t.headerError = &value.VariantType{Name: "header-error", Cases: []value.Case{
		{Name: "invalid-syntax"}, {Name: "forbidden"}, {Name: "immutable"}}}
	dns := recordT("DNS-error-payload", value.Field{Name: "rcode", Type: optionT(stringT)},
		value.Field{Name: "info-code", Type: optionT(u16T)})
	tls := recordT("TLS-alert-received-payload", value.Field{Name: "alert-id", Type: optionT(u8T)},
		value.Field{Name: "alert-message", Type: optionT(stringT)})
	fsz := recordT("field-size-payload", value.Field{Name: "field-name", Type: optionT(stringT)},
		value.Field{Name: "field-size", Type: optionT(u32T)})
	payload := map[string]value.Type{
		"DNS-error": dns, "TLS-alert-received": tls,
		"HTTP-request-body-size": optionT(u64T), "HTTP-request-header-section-size": optionT(u32T),
		"HTTP-request-header-size": optionT(fsz), "HTTP-request-trailer-section-size": optionT(u32T),
		"HTTP-request-trailer-size": fsz, "HTTP-response-header-section-size": optionT(u32T),
		"HTTP-response-header-size": fsz, "HTTP-response-body-size": optionT(u64T),
		"HTTP-response-trailer-section-size": optionT(u32T), "HTTP-response-trailer-size": fsz,
		"HTTP-response-transfer-coding": optionT(stringT), "HTTP-response-content-coding": optionT(stringT),
		"internal-error": optionT(stringT),
	}
	ec := &value.VariantType{Name: "error-code"}
	for _, c := range errorCodeCases {
		ec.Cases = append(ec.Cases, value.Case{Name: c, Type: payload[c]})
	}
	t.errorCode = ec
	return t
}

// fn builds a function type from its result (nil for none) and
// alternating parameter names and types.
func fn(result value.Type, params ...any) *value.FuncType {
	ft := &value.FuncType{Result: result}
	for i := 0; i+1 < len(params); i += 2 {
		ft.Params = append(ft.Params, value.Param{Name: params[i].(string), Type: params[i+1].(value.Type)})
	}
	return ft
}

// method builds the type of a resource method: self is a borrow of rt.
func method(rt *value.ResourceType, result value.Type, params ...any) *value.FuncType {
	return fn(result, append([]any{"self", value.Type(borrowT(rt))}, params...)...)
}
