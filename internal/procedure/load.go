package procedure

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/cel-go/cel"
	"sigs.k8s.io/yaml"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// maxDefinitionSize bounds what Parse accepts (the real Bewohnerparken
// schema with its country list is ~150 KB).
const maxDefinitionSize = 8 << 20

// Procedure is a loaded, checked and compiled procedure definition: all
// its rules are type-checked CEL programs. It is safe for concurrent use.
type Procedure struct {
	Def   Definition
	File  string
	pages []*pageNode
}

type pageNode struct {
	page    *Page
	visible cel.Program
	nodes   []*node
}

// Load parses a definition in YAML or JSON, checks it and compiles its
// rules. Every problem is reported with file, page and field in one
// fault.Invalid error.
func Load(data []byte, file string) (*Procedure, error) {
	def, err := Parse(data, file)
	if err != nil {
		return nil, err
	}
	return Compile(def, file)
}

// Parse decodes a definition in YAML or JSON without checking it. Unknown
// keys are errors, so a misspelt attribute never goes unnoticed.
func Parse(data []byte, file string) (Definition, error) {
	var def Definition
	if len(data) > maxDefinitionSize {
		return def, fault.New(fault.Invalid, "%s: definition larger than %d bytes", file, maxDefinitionSize)
	}
	js, err := yaml.YAMLToJSON(data)
	if err != nil {
		return def, fault.New(fault.Invalid, "%s: not valid YAML or JSON: %v", file, err)
	}
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&def); err != nil {
		return def, fault.New(fault.Invalid, "%s: %v", file, err)
	}
	return def, nil
}

// Compile checks def and compiles its rules.
func Compile(def Definition, file string) (*Procedure, error) {
	c := &checker{file: file, def: &def}
	c.checkDefinition()
	if len(c.problems) > 0 {
		return nil, c.err()
	}
	p := &Procedure{Def: def, File: file}
	c.compile(p)
	if len(c.problems) > 0 {
		return nil, c.err()
	}
	return p, nil
}

// Page returns the page with id, or fault.NotFound.
func (p *Procedure) Page(id string) (*Page, error) {
	for _, pn := range p.pages {
		if pn.page.ID == id {
			return pn.page, nil
		}
	}
	return nil, fault.New(fault.NotFound, "procedure %s has no page %q", p.Def.ID, id)
}

// problem is one thing wrong with a definition.
type problem struct{ page, field, msg string }

// checker collects the problems of one definition.
type checker struct {
	file     string
	def      *Definition
	problems []problem
}

func (c *checker) addf(page, field, format string, args ...any) {
	if len(c.problems) < 200 {
		c.problems = append(c.problems, problem{page, field, fmt.Sprintf(format, args...)})
	}
}

// err turns the problems into one Invalid error naming file, page and field.
func (c *checker) err() error {
	lines := make([]string, 0, len(c.problems))
	fields := make([]fault.FieldError, 0, len(c.problems))
	for _, p := range c.problems {
		where := c.file
		if p.page != "" {
			where += fmt.Sprintf(": page %q", p.page)
		}
		if p.field != "" {
			where += fmt.Sprintf(", field %q", p.field)
		}
		lines = append(lines, where+": "+p.msg)
		fields = append(fields, fault.FieldError{Field: strings.Trim(p.page+"/"+p.field, "/"), Key: "procedure.definition", Text: p.msg})
	}
	e := fault.Fields(strings.Join(lines, "\n"), fields...)
	return e
}
