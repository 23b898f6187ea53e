// Package wast reads component-model test scripts in the JSON command format
// of `wasm-tools json-from-wast` and runs them against weft.
package wast

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// Manifest is one converted .wast script: its commands in order, and the
// directory their module files are relative to.
type Manifest struct {
	SourceFilename string    `json:"source_filename"`
	Commands       []Command `json:"commands"`

	// Path is the manifest file the script was read from.
	Path string `json:"-"`
}

// Command is one script command. Which fields are set depends on Type; see
// the json-from-wast schema.
type Command struct {
	Type           string  `json:"type"`
	Line           int     `json:"line"`
	Name           string  `json:"name,omitempty"`
	Filename       string  `json:"filename,omitempty"`
	ModuleType     string  `json:"module_type,omitempty"`
	BinaryFilename string  `json:"binary_filename,omitempty"`
	Text           string  `json:"text,omitempty"`
	Instance       string  `json:"instance,omitempty"`
	Module         string  `json:"module,omitempty"`
	Action         *Action `json:"action,omitempty"`
	Expected       []Const `json:"expected,omitempty"`
}

// Action is an invoke of an exported function.
type Action struct {
	Type   string  `json:"type"`
	Module string  `json:"module,omitempty"`
	Field  string  `json:"field"`
	Args   []Const `json:"args"`
}

// Const is a component value in json-from-wast form: a type name and a
// type-dependent JSON value.
type Const struct {
	Type  string          `json:"type"`
	Value json.RawMessage `json:"value"`
}

// ReadManifest reads and decodes the manifest at path.
func ReadManifest(path string) (*Manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	m.Path = path
	return &m, nil
}

// File returns the path of a module file named by a command.
func (m *Manifest) File(name string) string {
	return filepath.Join(filepath.Dir(m.Path), name)
}

// Where names a command's position for messages: "values/strings.wast:69".
func (m *Manifest) Where(c *Command) string {
	src := m.SourceFilename
	if src == "" {
		src = m.Path
	}
	return fmt.Sprintf("%s:%d", src, c.Line)
}
