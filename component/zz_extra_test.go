package component

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestZZExtraSuite(t *testing.T) {
	root := os.Getenv("EXTRA")
	var files []string
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if strings.HasSuffix(p, ".json") && !strings.HasSuffix(p, "report.json") {
			files = append(files, p)
		}
		return nil
	})
	v := NewValidator().WithCoreModuleCheck(wazeroCoreCheck(t))
	counts := map[string][2]int{}
	for _, f := range files {
		data, _ := os.ReadFile(f)
		var s wastScript
		json.Unmarshal(data, &s)
		dir := filepath.Dir(f)
		for _, cmd := range s.Commands {
			switch cmd.Type {
			case "module", "module_definition", "assert_invalid", "assert_malformed":
			default:
				continue
			}
			path := cmd.binaryOf(dir)
			if path == "" {
				continue
			}
			b, err := os.ReadFile(path)
			if err != nil {
				continue
			}
			err = decodeAndValidate(v, b)
			kind := cmd.Type
			if kind == "module_definition" {
				kind = "module"
			}
			ok := (kind == "module") == (err == nil)
			c := counts[kind]
			c[1]++
			if ok {
				c[0]++
			} else {
				msg := "accepted"
				if err != nil {
					msg = err.Error()
				}
				fmt.Printf("FAIL %s:%d %s %s want %q got %s\n", strings.TrimPrefix(f, root), cmd.Line, kind, filepath.Base(path), cmd.Text, msg)
			}
			counts[kind] = c
		}
	}
	fmt.Println(counts)
}
