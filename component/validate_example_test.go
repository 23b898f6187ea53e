package component_test

import (
	"errors"
	"fmt"

	"github.com/weftwasm/weft/component"
)

// A component that imports a function and exports it twice, under names
// that are not strongly unique; then under distinct names.
func Example_validate() {
	c := &component.Component{Sections: []component.Section{
		&component.TypeSection{Types: []component.Type{
			&component.FuncType{Params: []component.Field{{Name: "msg", Type: component.Prim(component.String)}}},
		}},
		&component.ImportSection{Imports: []component.Import{
			{Name: component.ExternName{Name: "log"}, Type: &component.ExternFunc{Type: 0}},
		}},
		&component.ExportSection{Exports: []component.Export{
			{Name: component.ExternName{Name: "log"}, Item: component.SortIdx{Sort: component.SortFunc, Index: 0}},
			{Name: component.ExternName{Name: "LOG"}, Item: component.SortIdx{Sort: component.SortFunc, Index: 0}},
		}},
	}}
	_, err := component.Validate(c)
	var ve *component.ValidationError
	if errors.As(err, &ve) {
		fmt.Println("invalid:", ve.Msg)
	}

	c.Sections[2].(*component.ExportSection).Exports[1].Name.Name = "log-v2"
	info, err := component.Validate(c)
	if err != nil {
		panic(err)
	}
	for _, im := range info.Imports {
		fmt.Printf("import %s: %s(%s: %s)\n", im.Name, im.Type.Sort, im.Type.Func.Params[0].Name, im.Type.Func.Params[0].Type)
	}
	// Output:
	// invalid: export name `LOG` conflicts with previous name `log`
	// import log: func(msg: string)
}
