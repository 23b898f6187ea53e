package component

import "fmt"

// CanonOp is the kind of a canonical definition; its value is the binary
// opcode (lift and lower are followed by a 0x00 func-sort byte).
type CanonOp uint8

// The canonical definitions of Binary.md (🔀 async, 📝 error-context,
// 🧵 threading).
const (
	CanonLift                       CanonOp = 0x00
	CanonLower                      CanonOp = 0x01
	CanonResourceNew                CanonOp = 0x02
	CanonResourceDrop               CanonOp = 0x03
	CanonResourceRep                CanonOp = 0x04
	CanonTaskCancel                 CanonOp = 0x05
	CanonSubtaskCancel              CanonOp = 0x06
	CanonTaskReturn                 CanonOp = 0x09
	CanonContextGet                 CanonOp = 0x0a
	CanonContextSet                 CanonOp = 0x0b
	CanonThreadYield                CanonOp = 0x0c
	CanonSubtaskDrop                CanonOp = 0x0d
	CanonStreamNew                  CanonOp = 0x0e
	CanonStreamRead                 CanonOp = 0x0f
	CanonStreamWrite                CanonOp = 0x10
	CanonStreamCancelRead           CanonOp = 0x11
	CanonStreamCancelWrite          CanonOp = 0x12
	CanonStreamDropReadable         CanonOp = 0x13
	CanonStreamDropWritable         CanonOp = 0x14
	CanonFutureNew                  CanonOp = 0x15
	CanonFutureRead                 CanonOp = 0x16
	CanonFutureWrite                CanonOp = 0x17
	CanonFutureCancelRead           CanonOp = 0x18
	CanonFutureCancelWrite          CanonOp = 0x19
	CanonFutureDropReadable         CanonOp = 0x1a
	CanonFutureDropWritable         CanonOp = 0x1b
	CanonErrorContextNew            CanonOp = 0x1c
	CanonErrorContextDebugMessage   CanonOp = 0x1d
	CanonErrorContextDrop           CanonOp = 0x1e
	CanonWaitableSetNew             CanonOp = 0x1f
	CanonWaitableSetWait            CanonOp = 0x20
	CanonWaitableSetPoll            CanonOp = 0x21
	CanonWaitableSetDrop            CanonOp = 0x22
	CanonWaitableJoin               CanonOp = 0x23
	CanonBackpressureInc            CanonOp = 0x24
	CanonBackpressureDec            CanonOp = 0x25
	CanonThreadIndex                CanonOp = 0x26
	CanonThreadNewIndirect          CanonOp = 0x27
	CanonThreadResumeLater          CanonOp = 0x28
	CanonThreadSuspend              CanonOp = 0x29
	CanonThreadSuspendThenResume    CanonOp = 0x2a
	CanonThreadYieldThenResume      CanonOp = 0x2b
	CanonThreadSuspendThenPromote   CanonOp = 0x2c
	CanonThreadYieldThenPromote     CanonOp = 0x2d
	CanonThreadSpawnRef             CanonOp = 0x40
	CanonThreadSpawnIndirect        CanonOp = 0x41
	CanonThreadAvailableParallelism CanonOp = 0x42
)

// canonImm lists the immediates of a canonical definition, in binary order.
type canonImm uint8

const (
	immCoreFunc    canonImm = iota + 1 // Canon.CoreFunc (u32)
	immFunc                            // Canon.Func (u32)
	immOpts                            // Canon.Options
	immType                            // Canon.Type (u32)
	immResult                          // Canon.Result (resultlist)
	immCoreValType                     // Canon.ValType
	immSlot                            // Canon.Slot (u32)
	immAsync                           // Canon.Async (bool byte)
	immCancellable                     // Canon.Cancellable (bool byte)
	immMemory                          // Canon.Memory (u32)
	immCoreType                        // Canon.CoreType (u32)
	immTable                           // Canon.Table (u32)
)

type canonInfo struct {
	name string
	imms []canonImm
}

var canonInfos = map[CanonOp]canonInfo{
	CanonLift:                       {"lift", []canonImm{immCoreFunc, immOpts, immType}},
	CanonLower:                      {"lower", []canonImm{immFunc, immOpts}},
	CanonResourceNew:                {"resource.new", []canonImm{immType}},
	CanonResourceDrop:               {"resource.drop", []canonImm{immType}},
	CanonResourceRep:                {"resource.rep", []canonImm{immType}},
	CanonTaskCancel:                 {"task.cancel", nil},
	CanonSubtaskCancel:              {"subtask.cancel", []canonImm{immAsync}},
	CanonTaskReturn:                 {"task.return", []canonImm{immResult, immOpts}},
	CanonContextGet:                 {"context.get", []canonImm{immCoreValType, immSlot}},
	CanonContextSet:                 {"context.set", []canonImm{immCoreValType, immSlot}},
	CanonThreadYield:                {"thread.yield", []canonImm{immCancellable}},
	CanonSubtaskDrop:                {"subtask.drop", nil},
	CanonStreamNew:                  {"stream.new", []canonImm{immType}},
	CanonStreamRead:                 {"stream.read", []canonImm{immType, immOpts}},
	CanonStreamWrite:                {"stream.write", []canonImm{immType, immOpts}},
	CanonStreamCancelRead:           {"stream.cancel-read", []canonImm{immType, immAsync}},
	CanonStreamCancelWrite:          {"stream.cancel-write", []canonImm{immType, immAsync}},
	CanonStreamDropReadable:         {"stream.drop-readable", []canonImm{immType}},
	CanonStreamDropWritable:         {"stream.drop-writable", []canonImm{immType}},
	CanonFutureNew:                  {"future.new", []canonImm{immType}},
	CanonFutureRead:                 {"future.read", []canonImm{immType, immOpts}},
	CanonFutureWrite:                {"future.write", []canonImm{immType, immOpts}},
	CanonFutureCancelRead:           {"future.cancel-read", []canonImm{immType, immAsync}},
	CanonFutureCancelWrite:          {"future.cancel-write", []canonImm{immType, immAsync}},
	CanonFutureDropReadable:         {"future.drop-readable", []canonImm{immType}},
	CanonFutureDropWritable:         {"future.drop-writable", []canonImm{immType}},
	CanonErrorContextNew:            {"error-context.new", []canonImm{immOpts}},
	CanonErrorContextDebugMessage:   {"error-context.debug-message", []canonImm{immOpts}},
	CanonErrorContextDrop:           {"error-context.drop", nil},
	CanonWaitableSetNew:             {"waitable-set.new", nil},
	CanonWaitableSetWait:            {"waitable-set.wait", []canonImm{immCancellable, immMemory}},
	CanonWaitableSetPoll:            {"waitable-set.poll", []canonImm{immCancellable, immMemory}},
	CanonWaitableSetDrop:            {"waitable-set.drop", nil},
	CanonWaitableJoin:               {"waitable.join", nil},
	CanonBackpressureInc:            {"backpressure.inc", nil},
	CanonBackpressureDec:            {"backpressure.dec", nil},
	CanonThreadIndex:                {"thread.index", nil},
	CanonThreadNewIndirect:          {"thread.new-indirect", []canonImm{immCoreType, immTable}},
	CanonThreadResumeLater:          {"thread.resume-later", nil},
	CanonThreadSuspend:              {"thread.suspend", []canonImm{immCancellable}},
	CanonThreadSuspendThenResume:    {"thread.suspend-then-resume", []canonImm{immCancellable}},
	CanonThreadYieldThenResume:      {"thread.yield-then-resume", []canonImm{immCancellable}},
	CanonThreadSuspendThenPromote:   {"thread.suspend-then-promote", []canonImm{immCancellable}},
	CanonThreadYieldThenPromote:     {"thread.yield-then-promote", []canonImm{immCancellable}},
	CanonThreadSpawnRef:             {"thread.spawn-ref", []canonImm{immCoreType}},
	CanonThreadSpawnIndirect:        {"thread.spawn-indirect", []canonImm{immCoreType, immTable}},
	CanonThreadAvailableParallelism: {"thread.available-parallelism", nil},
}

// Valid reports whether op is a canonical definition the binary format knows.
func (op CanonOp) Valid() bool { _, ok := canonInfos[op]; return ok }

// String returns the definition's text form, such as "canon lift".
func (op CanonOp) String() string {
	if in, ok := canonInfos[op]; ok {
		return "canon " + in.name
	}
	return fmt.Sprintf("canon(%#x)", uint8(op))
}

// Canon is one canonical definition. Op says which; only the fields that
// Op's binary form carries are meaningful (the others stay zero):
//
//	lift                      CoreFunc, Options, Type (the func type)
//	lower                     Func, Options
//	resource.new/drop/rep     Type (the resource type)
//	task.return               Result, Options
//	context.get/set           ValType, Slot
//	subtask.cancel            Async
//	stream.* / future.*       Type; read/write Options; cancel-* Async
//	error-context.new/debug   Options
//	waitable-set.wait/poll    Cancellable, Memory
//	thread.yield/suspend/...  Cancellable
//	thread.new-indirect       CoreType, Table
//	thread.spawn-ref          CoreType
//	thread.spawn-indirect     CoreType, Table
type Canon struct {
	Op          CanonOp
	CoreFunc    CoreFuncIdx
	Func        FuncIdx
	Type        TypeIdx
	Options     []CanonOpt
	Result      *ValType
	ValType     CoreValType
	Slot        uint32
	Async       bool
	Cancellable bool
	Memory      CoreMemoryIdx
	CoreType    CoreTypeIdx
	Table       CoreTableIdx
}

// CanonOptKind is the kind of a canonical option; its value is the binary
// opcode.
type CanonOptKind uint8

// The canonical options.
const (
	OptUTF8         CanonOptKind = 0x00 // string-encoding=utf8
	OptUTF16        CanonOptKind = 0x01 // string-encoding=utf16
	OptLatin1UTF16  CanonOptKind = 0x02 // string-encoding=latin1+utf16
	OptMemory       CanonOptKind = 0x03 // (memory m)
	OptRealloc      CanonOptKind = 0x04 // (realloc f)
	OptPostReturn   CanonOptKind = 0x05 // (post-return f)
	OptAsync        CanonOptKind = 0x06 // async
	OptCallback     CanonOptKind = 0x07 // (callback f)
	OptCoreType     CanonOptKind = 0x08 // (core-type t), wasm-tools' GC ABI
	OptGC           CanonOptKind = 0x09 // gc, wasm-tools' GC ABI
	maxCanonOptKind              = OptGC
)

// HasIndex reports whether the option carries an index immediate.
func (k CanonOptKind) HasIndex() bool {
	switch k {
	case OptMemory, OptRealloc, OptPostReturn, OptCallback, OptCoreType:
		return true
	}
	return false
}

// String returns the option's text form, such as "post-return".
func (k CanonOptKind) String() string {
	switch k {
	case OptUTF8:
		return "string-encoding=utf8"
	case OptUTF16:
		return "string-encoding=utf16"
	case OptLatin1UTF16:
		return "string-encoding=latin1+utf16"
	case OptMemory:
		return "memory"
	case OptRealloc:
		return "realloc"
	case OptPostReturn:
		return "post-return"
	case OptAsync:
		return "async"
	case OptCallback:
		return "callback"
	case OptCoreType:
		return "core-type"
	case OptGC:
		return "gc"
	}
	return fmt.Sprintf("canonopt(%#x)", uint8(k))
}

// CanonOpt is one canonical option. Index is the memory index (OptMemory),
// core function index (OptRealloc, OptPostReturn, OptCallback) or core type
// index (OptCoreType).
type CanonOpt struct {
	Kind  CanonOptKind
	Index uint32
}

// String returns the option's text form, such as "(memory 0)".
func (o CanonOpt) String() string {
	if o.Kind.HasIndex() {
		return fmt.Sprintf("(%s %d)", o.Kind, o.Index)
	}
	return o.Kind.String()
}
