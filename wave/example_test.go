package wave_test

import (
	"errors"
	"fmt"

	"github.com/weftwasm/weft/value"
	"github.com/weftwasm/weft/wave"
)

func ExampleParseValue() {
	t := &value.RecordType{Fields: []value.Field{
		{Name: "name", Type: value.StringType},
		{Name: "size", Type: &value.OptionType{Elem: value.U32Type}},
		{Name: "tags", Type: &value.ListType{Elem: value.StringType}},
	}}
	v, err := wave.ParseValue(`{tags: ["a", "b"], name: "x", size: 3}`, t)
	if err != nil {
		fmt.Println(err)
		return
	}
	s, _ := wave.Format(v, t)
	fmt.Println(s)
	// Output: {name: "x", size: some(3), tags: ["a", "b"]}
}

func ExampleParseCall() {
	ft := &value.FuncType{Params: []value.Param{
		{Name: "a", Type: value.F64Type},
		{Name: "b", Type: value.F64Type},
		{Name: "round", Type: &value.OptionType{Elem: value.BoolType}},
	}}
	call, err := wave.ParseCall("add(2.0, 3.5)")
	if err != nil {
		fmt.Println(err)
		return
	}
	args, err := call.Args(ft) // the omitted option becomes none
	if err != nil {
		fmt.Println(err)
		return
	}
	s, _ := wave.FormatCall(call.Name, ft, args)
	fmt.Println(s)
	// Output: add(a: 2, b: 3.5, round: none)
}

func ExampleError() {
	_, err := wave.ParseValue("[1, 2,, 3]", &value.ListType{Elem: value.U8Type})
	var werr *wave.Error
	if errors.As(err, &werr) {
		fmt.Println(werr.Kind, werr.Span)
		fmt.Println(err)
	}
	// Output:
	// unexpected token 6..7
	// unexpected token: Comma at 6..7
}
