package catalog

import (
	"bytes"
	"encoding/csv"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/refdata"
)

// textModule is one code of the XZuFi code list of LeiKa text modules
// (Codeliste LeiKa-Textmodul, urn:de:xzufi:codeliste:leistungstextmodulleika):
// its name and the section of Texts it fills ("name" for 02, the service
// name).
type textModule struct {
	Name    string
	Section string
}

// textModuleList is the listURI of the code list.
const textModuleList = "urn:de:xzufi:codeliste:leistungstextmodulleika"

// xzufiModules maps each code of the list to its module; the list ships
// in internal/refdata/xzufi (with its source). The codes the list does
// not have — the structured modules modulKosten, modulFrist and
// modulBearbeitungsdauer took the places of the old free-text codes for
// costs, deadlines and processing time — are warnings in the import.
var xzufiModules = mustTextModules(refdata.XZuFiTextModules)

// mustTextModules reads the embedded code list; a broken list is a build
// defect, so it panics at start-up (and in every test).
func mustTextModules(b []byte) map[string]textModule {
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(rows) < 2 {
		panic(fmt.Sprintf("refdata: XZuFi text module list: %v", err))
	}
	out := map[string]textModule{}
	for _, r := range rows[1:] {
		if len(r) != 3 || (r[2] != "name" && textFields[r[2]] == nil) {
			panic(fmt.Sprintf("refdata: XZuFi text module row %q has no known section", r))
		}
		out[r[0]] = textModule{Name: r[1], Section: r[2]}
	}
	return out
}
