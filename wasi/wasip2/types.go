package wasip2

import "github.com/weftwasm/weft/value"

// The interfaces this host implements, named without version.
const (
	ifaceError          = "wasi:io/error"
	ifacePoll           = "wasi:io/poll"
	ifaceStreams        = "wasi:io/streams"
	ifaceEnvironment    = "wasi:cli/environment"
	ifaceExit           = "wasi:cli/exit"
	ifaceStdin          = "wasi:cli/stdin"
	ifaceStdout         = "wasi:cli/stdout"
	ifaceStderr         = "wasi:cli/stderr"
	ifaceTerminalInput  = "wasi:cli/terminal-input"
	ifaceTerminalOutput = "wasi:cli/terminal-output"
	ifaceTerminalStdin  = "wasi:cli/terminal-stdin"
	ifaceTerminalStdout = "wasi:cli/terminal-stdout"
	ifaceTerminalStderr = "wasi:cli/terminal-stderr"
	ifaceMonotonic      = "wasi:clocks/monotonic-clock"
	ifaceWall           = "wasi:clocks/wall-clock"
	ifaceTimezone       = "wasi:clocks/timezone"
	ifaceRandom         = "wasi:random/random"
	ifaceInsecure       = "wasi:random/insecure"
	ifaceInsecureSeed   = "wasi:random/insecure-seed"
	ifaceFilesystem     = "wasi:filesystem/types"
	ifacePreopens       = "wasi:filesystem/preopens"
	ifaceNetwork        = "wasi:sockets/network"
	ifaceInstanceNet    = "wasi:sockets/instance-network"
	ifaceTCP            = "wasi:sockets/tcp"
	ifaceTCPCreate      = "wasi:sockets/tcp-create-socket"
	ifaceUDP            = "wasi:sockets/udp"
	ifaceUDPCreate      = "wasi:sockets/udp-create-socket"
	ifaceNameLookup     = "wasi:sockets/ip-name-lookup"
)

// sharedTypes are the resource types of every Host and the WIT types built
// on them. They are never changed after package initialisation: sharing
// them lets one Linker's definitions serve every Host (see AddToLinker).
var sharedTypes = newTypes()

// types holds the host's resource types and the WIT types built on them.
type types struct {
	error, pollable, inputStream, outputStream       *value.ResourceType
	terminalInput, terminalOutput                    *value.ResourceType
	descriptor, dirStream                            *value.ResourceType
	network, tcpSocket, udpSocket, resolveStream     *value.ResourceType
	incomingStream, outgoingStream                   *value.ResourceType
	streamError, fsErrorCode, netErrorCode           value.Type
	datetime, descriptorType, descriptorStat         value.Type
	descriptorFlags, pathFlags, openFlags            value.Type
	newTimestamp, dirEntry, advice, metadataHash     value.Type
	ipAddress, ipSocketAddress, ipFamily             value.Type
	shutdownType, incomingDatagram, outgoingDatagram value.Type
	timezoneDisplay                                  value.Type
}

var (
	u8T     = value.U8Type
	u32T    = value.U32Type
	u64T    = value.U64Type
	boolT   = value.BoolType
	stringT = value.StringType
	bytesT  = &value.ListType{Elem: value.U8Type}
)

func enumT(name string, cases ...string) *value.EnumType {
	return &value.EnumType{Name: name, Cases: cases}
}

func flagsT(name string, names ...string) *value.FlagsType {
	return &value.FlagsType{Name: name, Names: names}
}

func recordT(name string, fields ...value.Field) *value.RecordType {
	return &value.RecordType{Name: name, Fields: fields}
}

func tupleT(ts ...value.Type) *value.TupleType { return &value.TupleType{Types: ts} }
func optionT(t value.Type) *value.OptionType   { return &value.OptionType{Elem: t} }
func resultT(ok, err value.Type) *value.ResultType {
	return &value.ResultType{Ok: ok, Err: err}
}
func listT(t value.Type) *value.ListType              { return &value.ListType{Elem: t} }
func ownT(r *value.ResourceType) *value.OwnType       { return &value.OwnType{Resource: r} }
func borrowT(r *value.ResourceType) *value.BorrowType { return &value.BorrowType{Resource: r} }

func newTypes() *types {
	res := func(name string) *value.ResourceType { return &value.ResourceType{Name: name} }
	t := &types{
		error: res("error"), pollable: res("pollable"),
		inputStream: res("input-stream"), outputStream: res("output-stream"),
		terminalInput: res("terminal-input"), terminalOutput: res("terminal-output"),
		descriptor: res("descriptor"), dirStream: res("directory-entry-stream"),
		network: res("network"), tcpSocket: res("tcp-socket"), udpSocket: res("udp-socket"),
		resolveStream:  res("resolve-address-stream"),
		incomingStream: res("incoming-datagram-stream"), outgoingStream: res("outgoing-datagram-stream"),
	}
	t.streamError = &value.VariantType{Name: "stream-error", Cases: []value.Case{
		{Name: "last-operation-failed", Type: ownT(t.error)}, {Name: "closed"}}}
	t.fsErrorCode = enumT("error-code", fsErrorCodes...)
	t.netErrorCode = enumT("error-code", netErrorCodes...)
	t.datetime = recordT("datetime", value.Field{Name: "seconds", Type: u64T}, value.Field{Name: "nanoseconds", Type: u32T})
	t.descriptorType = enumT("descriptor-type", "unknown", "block-device", "character-device",
		"directory", "fifo", "symbolic-link", "regular-file", "socket")
	t.descriptorStat = recordT("descriptor-stat",
		value.Field{Name: "type", Type: t.descriptorType},
		value.Field{Name: "link-count", Type: u64T},
		value.Field{Name: "size", Type: u64T},
		value.Field{Name: "data-access-timestamp", Type: optionT(t.datetime)},
		value.Field{Name: "data-modification-timestamp", Type: optionT(t.datetime)},
		value.Field{Name: "status-change-timestamp", Type: optionT(t.datetime)})
	t.descriptorFlags = flagsT("descriptor-flags", "read", "write", "file-integrity-sync",
		"data-integrity-sync", "requested-write-sync", "mutate-directory")
	t.pathFlags = flagsT("path-flags", "symlink-follow")
	t.openFlags = flagsT("open-flags", "create", "directory", "exclusive", "truncate")
	t.newTimestamp = &value.VariantType{Name: "new-timestamp", Cases: []value.Case{
		{Name: "no-change"}, {Name: "now"}, {Name: "timestamp", Type: t.datetime}}}
	t.dirEntry = recordT("directory-entry", value.Field{Name: "type", Type: t.descriptorType}, value.Field{Name: "name", Type: stringT})
	t.advice = enumT("advice", "normal", "sequential", "random", "will-need", "dont-need", "no-reuse")
	t.metadataHash = recordT("metadata-hash-value", value.Field{Name: "lower", Type: u64T}, value.Field{Name: "upper", Type: u64T})
	ipv4 := tupleT(u8T, u8T, u8T, u8T)
	u16 := value.U16Type
	ipv6 := tupleT(u16, u16, u16, u16, u16, u16, u16, u16)
	t.ipFamily = enumT("ip-address-family", "ipv4", "ipv6")
	t.ipAddress = &value.VariantType{Name: "ip-address", Cases: []value.Case{{Name: "ipv4", Type: ipv4}, {Name: "ipv6", Type: ipv6}}}
	t.ipSocketAddress = &value.VariantType{Name: "ip-socket-address", Cases: []value.Case{
		{Name: "ipv4", Type: recordT("ipv4-socket-address", value.Field{Name: "port", Type: u16}, value.Field{Name: "address", Type: ipv4})},
		{Name: "ipv6", Type: recordT("ipv6-socket-address", value.Field{Name: "port", Type: u16},
			value.Field{Name: "flow-info", Type: u32T}, value.Field{Name: "address", Type: ipv6}, value.Field{Name: "scope-id", Type: u32T})},
	}}
	t.shutdownType = enumT("shutdown-type", "receive", "send", "both")
	t.incomingDatagram = recordT("incoming-datagram", value.Field{Name: "data", Type: bytesT}, value.Field{Name: "remote-address", Type: t.ipSocketAddress})
	t.outgoingDatagram = recordT("outgoing-datagram", value.Field{Name: "data", Type: bytesT}, value.Field{Name: "remote-address", Type: optionT(t.ipSocketAddress)})
	t.timezoneDisplay = recordT("timezone-display", value.Field{Name: "utc-offset", Type: value.S32Type},
		value.Field{Name: "name", Type: stringT}, value.Field{Name: "in-daylight-saving-time", Type: boolT})
	return t
}

// fn builds a function type from its result (nil for none) and alternating
// parameter names and types.
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

// bytesValue converts b to a list<u8> value, held compactly (b is kept).
func bytesValue(b []byte) value.Value { return value.Bytes(b) }

// valueBytes returns the bytes of a checked list<u8> value.
func valueBytes(v value.Value) []byte {
	b, _ := v.Bytes()
	return b
}
