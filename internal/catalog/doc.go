// Package catalog holds the service catalog of the portal: services
// (Leistungen, keyed by their LeiKa key), the official region tree (Gebiete,
// keyed by the 12-digit Amtlicher Regionalschlüssel), authorities (Behörden /
// Organisationseinheiten) and responsibilities (Zuständigkeiten: service ×
// region → authority), their imports (LeiKa CSV, GV-ISys, postal codes, a
// JSON format for authorities and responsibilities, a subset of XZuFi 2.2),
// the responsibility finder and the coverage report.
//
// Services and regions are shared by all tenants; authorities and
// responsibilities belong to one tenant. The finder answers "which authority
// is responsible for service S in region R?": the most specific region with a
// responsibility wins (Gemeinde over Gemeindeverband over Kreis over
// Regierungsbezirk over Land over Deutschland).
//
// Places (place_*.go) answers the question before it: which Gemeinde does
// a person mean by "Kurort Oybin", "Dresdn", "01067" or "Neustadt"? The
// official names of GV-ISys carry designations and qualifiers people leave
// out ("Dresden, Stadt", "Neustadt a.d.Waldnaab"), so a plain LIKE misses
// them; the rule (PlaceMatch: exact > stripped > prefix > typo, larger
// places first) is our own because it is about these names: a general
// fuzzy-search library (the service search's bleve index) knows nothing of
// GV-ISys designations, and the ~11,000 names fit in a small in-memory
// index that answers a keystroke in well under a millisecond of CPU.
//
// The pure parsers (ReadLeiKa, ReadRegions, ReadPostcodes, ReadAuthorities,
// ReadXZuFi, ReadContent) need no database; the Import functions load their
// result in one transaction each, so a failing import leaves the database as
// it was.
//
// XZuFi (xzufi*.go): the text modules are mapped by the code list
// urn:de:xzufi:codeliste:leistungstextmodulleika, shipped in
// internal/refdata/xzufi, each code to its own section of Texts; the
// structured modules (Kosten, Frist, Bearbeitungsdauer) fill fees,
// deadlines and processing time; HTML modules are kept as rich text after
// the allow-list of github.com/microcosm-cc/bluemonday (richtext.go); a bad
// object is skipped and reported, an unknown module or element reported,
// never dropped silently. The reader is our own: there is no maintained Go
// library for XZuFi, and encoding/xml with a small element tree (xNode)
// reads the subset with the line of every element, which the findings
// need. The XZuFi XSD is not in the repository (none was reachable), so the
// reader does not validate; docs/import-formats.md lists what it reads and
// which element names are confirmed by public readers of real PVOG data
// (the modules' beschreibung, modulText, sprachversion, zustaendigkeit)
// and which are not (the values inside the structured modules, read by
// local name in the nested XZuFi 2.2 shape and the older flat one).
//
// A service's texts in other languages are its Translations.
// They come from XZuFi messages (every language a message has) and from
// the content pack embedded from
// content/ (German summaries, English names, synonyms and summaries for the
// services citizens use most), which every LeiKa import and the demo apply
// without overwriting imported texts; topic and life-situation names in
// English are in content/facets.json. The LeiKa catalog itself has German
// names only, so without the pack English visitors would find nothing. See
// docs/languages.md.
package catalog
