package refdata

import _ "embed"

// XZuFiTextModules is the XZuFi code list of the LeiKa text modules
// (urn:de:xzufi:codeliste:leistungstextmodulleika, version 20240216) as
// CSV: code, name (Bezeichnung), and the catalog section the importer puts
// the module into. See README.md for its source.
//
//go:embed xzufi/leistungstextmodulleika.csv
var XZuFiTextModules []byte
