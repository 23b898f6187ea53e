package wave

import "github.com/weftwasm/weft/value"

// uiFuncTypes returns the functions of the conformance suite's ui.wit
// (package ui:tests@0.1.0, interface ui), transcribed by hand until the WIT
// package can load the file, keyed by every name a test may call them by:
// "f", "ui.f", "ui:tests/ui.f" and "ui:tests/ui.f@0.1.0".
func uiFuncTypes() map[string]*value.FuncType {
	u8 := value.U8Type
	opt := func(t value.Type) value.Type { return &value.OptionType{Elem: t} }
	list := func(t value.Type) value.Type { return &value.ListType{Elem: t} }
	fn := func(params ...value.Param) *value.FuncType { return &value.FuncType{Params: params} }
	param := func(name string, t value.Type) value.Param { return value.Param{Name: name, Type: t} }
	noPayloads := &value.ResultType{}

	funcs := map[string]*value.FuncType{
		"nullary":            fn(),
		"f32":                fn(param("val", value.F32Type)),
		"list-f32":           fn(param("vals", list(value.F32Type))),
		"f64":                fn(param("val", value.F64Type)),
		"list-f64":           fn(param("vals", list(value.F64Type))),
		"char":               fn(param("val", value.CharType)),
		"list-chars":         fn(param("vals", list(value.CharType))),
		"string":             fn(param("val", value.StringType)),
		"list-strings":       fn(param("vals", list(value.StringType))),
		"option-u8":          fn(param("opt", opt(u8))),
		"result-ok-u8":       fn(param("res", &value.ResultType{Ok: u8})),
		"result-err-u8":      fn(param("res", &value.ResultType{Err: u8})),
		"result-both-u8":     fn(param("res", &value.ResultType{Ok: u8, Err: u8})),
		"result-no-payloads": fn(param("res", noPayloads)),
		"basic-record": fn(param("rec", &value.RecordType{Name: "basic", Fields: []value.Field{
			{Name: "required", Type: u8},
			{Name: "optional", Type: opt(u8)},
		}})),
		"optional-fields-record": fn(param("rec", &value.RecordType{Name: "optional-fields", Fields: []value.Field{
			{Name: "a", Type: opt(u8)},
			{Name: "b", Type: opt(u8)},
		}})),
		"keyword-fields-record": fn(param("rec", &value.RecordType{Name: "keyword-fields", Fields: []value.Field{
			{Name: "true", Type: value.BoolType},
			{Name: "false", Type: value.BoolType},
			{Name: "some", Type: opt(u8)},
			{Name: "none", Type: opt(u8)},
			{Name: "ok", Type: noPayloads},
			{Name: "err", Type: noPayloads},
			{Name: "inf", Type: value.F32Type},
			{Name: "nan", Type: value.F32Type},
		}})),
		"hand-enum": fn(param("enm", &value.EnumType{Name: "hand", Cases: []string{"left", "right"}})),
		"keyword-cases-enum": fn(param("enm", &value.EnumType{Name: "keyword-cases",
			Cases: []string{"true", "false", "some", "none", "ok", "err", "inf", "nan"}})),
		"permission-flags": fn(param("flgs", &value.FlagsType{Name: "permissions", Names: []string{"read", "write"}})),
	}
	all := make(map[string]*value.FuncType, 4*len(funcs))
	for name, ft := range funcs {
		all[name] = ft
		all["ui."+name] = ft
		all["ui:tests/ui."+name] = ft
		all["ui:tests/ui."+name+"@0.1.0"] = ft
	}
	return all
}
