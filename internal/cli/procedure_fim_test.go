package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestImportFIMCodeLists, on every engine: a schema imported without its
// code lists warns about each select offered as free text;
// "procedure import-codelist --codelists DIR" publishes the next version
// with the selects; "import-fim --codelists DIR" finds the lists at once.
func TestImportFIMCodeLists(t *testing.T) {
	t.Parallel()
	src := filepath.Join("..", "refdata", "fim", "examples", "bewohnerparken")
	schemaDir, listDir := t.TempDir(), t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		dir := listDir
		if strings.HasPrefix(e.Name(), "S") {
			dir = schemaDir
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	schema := filepath.Join(schemaDir, "S05000058V1.0_xdf2.xml")
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			dsn := storetest.DSN(t, d)
			code, out, errs := run(t, "procedure", "import-fim", schema, "--database", dsn)
			if code != 0 || strings.Count(out, "WARNING") < 6 || !strings.Contains(out, "import-codelist fim-s05000058") ||
				!strings.Contains(out, "version 10000: published") {
				t.Fatalf("import without lists: %d\n%s%s", code, out, errs)
			}
			code, out, errs = run(t, "procedure", "import-codelist", "fim-s05000058", "--codelists", listDir, "--database", dsn)
			if code != 0 || !strings.Contains(out, "single_choice, code list") || !strings.Contains(out, "version 10001: published") {
				t.Fatalf("import-codelist: %d\n%s%s", code, out, errs)
			}
			code, _, errs = run(t, "procedure", "import-codelist", "fim-s05000058", "--codelists", listDir, "--database", dsn)
			if code != 1 || !strings.Contains(errs, "no field's missing code list") {
				t.Errorf("second import-codelist: %d %s", code, errs)
			}
			if code, _, errs := run(t, "procedure", "import-codelist", "fim-s05000058", "--database", dsn); code != 2 || !strings.Contains(errs, "need --codelists") {
				t.Errorf("without --codelists: %d %s", code, errs)
			}
		})
	}
	code, out, errs := run(t, "procedure", "import-fim", schema, "--codelists", listDir, "--database", storetest.DSN(t, storetest.Dialects()[0]))
	if code != 0 || strings.Contains(out, "WARNING") {
		t.Errorf("import with --codelists: %d\n%s%s", code, out, errs)
	}
}
