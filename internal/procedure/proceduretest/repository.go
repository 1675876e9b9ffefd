package proceduretest

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/amtsweg/amtsweg/internal/procedure"
)

// Source is a procedure of the repository with the file it came from.
type Source struct {
	File      string
	Procedure *procedure.Procedure
}

// fimSchemas are the FIM schemas in the repository, relative to its root,
// with the folder their code lists are in ("" for none).
var fimSchemas = []struct{ file, codes string }{
	{"internal/procedure/testdata/fim3/S99000001_xdf3.xml", ""},
	{"internal/refdata/fim/examples/bewohnerparken/S05000058V1.0_xdf2.xml", "internal/refdata/fim/examples/bewohnerparken"},
}

// Repository loads every procedure of the repository at root: the demo
// definitions, the test family definition and the FIM schemas, imported
// through the real FIM importer.
func Repository(root string) ([]Source, error) {
	files, err := filepath.Glob(filepath.Join(root, "internal/procedure/demo/*.yaml"))
	if err != nil {
		return nil, err
	}
	files = append(files, filepath.Join(root, "internal/procedure/testdata/family.yaml"))
	var out []Source
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		p, err := procedure.Load(data, f)
		if err != nil {
			return nil, err
		}
		out = append(out, Source{File: f, Procedure: p})
	}
	for _, s := range fimSchemas {
		data, err := os.ReadFile(filepath.Join(root, s.file))
		if err != nil {
			return nil, err
		}
		var codes procedure.CodeListResolver
		if s.codes != "" {
			codes = procedure.DirCodeLists(os.DirFS(root), s.codes)
		}
		def, _, err := procedure.ImportFIM(data, codes)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.file, err)
		}
		p, err := procedure.Compile(def, s.file)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.file, err)
		}
		out = append(out, Source{File: s.file, Procedure: p})
	}
	return out, nil
}
