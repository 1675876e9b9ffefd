package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestImportLeiKaAndContent, on every engine: "import leika" applies the
// embedded content pack, and "import content FILE" applies another pack,
// reporting what it changed and what it skipped.
func TestImportLeiKaAndContent(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	leika := filepath.Join(dir, "leika.csv")
	csv := "leika_key,name,service_type,ozg_id,ozg_name,lebenslage,themenfeld,legal_basis,law_shortcuts\n" +
		"99102013002000,Hundesteuer Festsetzung,5,10000,Hundesteuer,Tierhaltung,Engagement & Hobby,,\n" +
		"99129032002000,Wasserabgabe Festsetzung,4,10001,Wasserabgabe,Abfall & Umweltschutz,Umwelt,,\n"
	pack := filepath.Join(dir, "pack.jsonl")
	lines := `{"key":"99129032002000","rank":1,"source":"test","de":{"summary":"Abgabe."},"en":{"name":"Water abstraction charge"}}
{"key":"99999999999999","rank":2,"source":"test","de":{"summary":"Gibt es nicht."}}
`
	for f, s := range map[string]string{leika: csv, pack: lines} {
		if err := os.WriteFile(f, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			dsn := storetest.DSN(t, d)
			if code, out, errs := run(t, "import", "leika", leika, "--database", dsn); code != 0 || !strings.Contains(out, "2 created") {
				t.Fatalf("import leika: code %d, %s %s", code, out, errs)
			}
			code, out, errs := run(t, "import", "content", pack, "--database", dsn)
			if code != 0 || !strings.Contains(out, "1 updated") || !strings.Contains(out, "1 skipped") || !strings.Contains(out+errs, "no stored service 99999999999999") {
				t.Errorf("import content: code %d, %s %s", code, out, errs)
			}
			if code, out, _ := run(t, "import", "content", pack, "--database", dsn); code != 0 || !strings.Contains(out, "1 unchanged") {
				t.Errorf("import content again: code %d, %s", code, out)
			}
		})
	}
}
