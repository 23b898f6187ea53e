package wast

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/weftwasm/weft/internal/conformance"

	"github.com/weftwasm/weft/value"
)

func TestAllManifestConstantsConvert(t *testing.T) {
	dir := conformance.Dir(t, "component-model")
	paths, _ := filepath.Glob(filepath.Join(dir, "*", "*.json"))
	if len(paths) == 0 {
		t.Fatalf("no manifests under %s", dir)
	}
	n := 0
	for _, p := range paths {
		m, err := ReadManifest(p)
		if err != nil {
			t.Fatal(err)
		}
		for i := range m.Commands {
			c := &m.Commands[i]
			var consts []Const
			if c.Action != nil {
				consts = append(consts, c.Action.Args...)
			}
			consts = append(consts, c.Expected...)
			for _, k := range consts {
				v, err := k.ToValue()
				if err != nil {
					t.Errorf("%s: %v", m.Where(c), err)
					continue
				}
				if !Equal(v, v) {
					t.Errorf("%s: %s is not equal to itself", m.Where(c), v)
				}
				n++
			}
		}
	}
	t.Logf("%d constants in %d manifests", n, len(paths))
}

func TestConstToValue(t *testing.T) {
	tests := []struct {
		json string
		want value.Value
	}{
		{`{"type":"s8","value":"-1"}`, value.S8(-1)},
		{`{"type":"f32","value":"1084227584"}`, value.F32(5)},
		{`{"type":"record","value":[["s",{"type":"string","value":"v="}],["n",{"type":"u32","value":"7"}]]}`,
			value.Record(value.String("v="), value.U32(7))},
		{`{"type":"variant","value":{"case":"s","payload":{"type":"string","value":"hi"}}}`, value.Variant("s", value.String("hi"))},
		{`{"type":"variant","value":{"case":"e"}}`, value.VariantCase("e")},
		{`{"type":"option","value":null}`, value.None()},
		{`{"type":"result","value":{"Err":null}}`, value.ErrEmpty()},
		{`{"type":"flags","value":["b","a"]}`, value.Flags("a", "b")},
	}
	for _, tt := range tests {
		var c Const
		if err := json.Unmarshal([]byte(tt.json), &c); err != nil {
			t.Fatal(err)
		}
		got, err := c.ToValue()
		if err != nil {
			t.Fatalf("%s: %v", tt.json, err)
		}
		if !Equal(got, tt.want) {
			t.Errorf("%s: got %s, want %s", tt.json, got, tt.want)
		}
	}
	if Equal(value.U32(1), value.U32(2)) || Equal(value.Some(value.U8(1)), value.None()) || Equal(value.Flags("a"), value.Flags("b")) {
		t.Fatal("unequal values compare equal")
	}
}
