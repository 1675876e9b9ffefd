package catalog

import (
	"os"
	"testing"
)

// TestXZuFiModuleCodes is the regression test of issue #17: the text
// modules are mapped by the code list
// urn:de:xzufi:codeliste:leistungstextmodulleika (08 Unterlagen, 09
// Voraussetzungen, 05 Kurztext, 06 Volltext), not by the old guesses
// that put 08 into the processing time, 09 into the deadlines, 05 into
// the prerequisites and 06 into the fees.
func TestXZuFiModuleCodes(t *testing.T) {
	t.Parallel()
	f, err := os.Open("testdata/xzufi-module-codes.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	file, _, err := ReadXZuFi(f, "xzufi-module-codes.xml")
	if err != nil {
		t.Fatal(err)
	}
	if len(file.Services) != 1 {
		t.Fatalf("services = %d, want 1", len(file.Services))
	}
	e := file.Services[0]
	checks := []struct{ what, got, want string }{
		{"02 name", e.Name, "Wohngeld Bewilligung"},
		{"05 summary", e.Texts.Summary, "Kurztext zum Wohngeld."},
		{"08 documents", e.Texts.Documents, "Mietvertrag und Einkommensnachweise."},
		{"09 prerequisites", e.Texts.Prerequisites, "Sie wohnen zur Miete."},
		{"processing time (no modulBearbeitungsdauer)", e.Texts.ProcessingTime, ""},
		{"deadlines (no modulFrist)", e.Texts.Deadlines, ""},
		{"fees (no modulKosten)", e.Texts.Fees, ""},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
		}
	}
}
