// Package refdata embeds the public reference data shipped with amtsweg
// (see README.md in this directory for sources and licences, which must be
// shown wherever the data is shown or shipped). The demo and the tests read
// it from here; nothing at run time reads files outside the binary.
package refdata

import _ "embed"

// LeiKa is the LeiKa/OZG service catalog of 2019 (leika-ozg-2019.csv;
// MIT, © 2020 Gert Hammes).
//
//go:embed leika-ozg-2019.csv
var LeiKa []byte

// GVISys is the official municipality directory of 2021
// (gv-isys-2021q.csv; © Statistisches Bundesamt (Destatis), 2021, dl-de/by-2-0).
//
//go:embed gv-isys-2021q.csv
var GVISys []byte

// Postcodes maps postal codes to municipalities (plz-ags-osm.csv;
// © OpenStreetMap contributors, ODbL 1.0).
//
//go:embed plz-ags-osm.csv
var Postcodes []byte
