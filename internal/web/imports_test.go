package web_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestNoDatabaseInHTTP keeps the HTTP layer free of the database: no
// non-test file of internal/web or its sub-packages imports package store.
// Handlers call the capabilities' services, which own their SQL. The test
// support package webtest is no HTTP code and may set up databases.
func TestNoDatabaseInHTTP(t *testing.T) {
	t.Parallel()
	const forbidden = "github.com/amtsweg/amtsweg/internal/store"
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && d.Name() == "webtest" {
			return filepath.SkipDir
		}
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == forbidden || strings.HasPrefix(p, forbidden+"/") {
				t.Errorf("%s imports %s: HTTP code calls capability services, not the database", path, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
