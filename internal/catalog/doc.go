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
// The pure parsers (ReadLeiKa, ReadRegions, ReadPostcodes, ReadAuthorities,
// ReadXZuFi, ReadContent) need no database; the Import functions load their
// result in one transaction each, so a failing import leaves the database as
// it was.
//
// A service's texts in other languages are its Translations (English today).
// They come from XZuFi messages and from the content pack embedded from
// content/ (German summaries, English names, synonyms and summaries for the
// services citizens use most), which every LeiKa import and the demo apply
// without overwriting imported texts; topic and life-situation names in
// English are in content/facets.json. The LeiKa catalog itself has German
// names only, so without the pack English visitors would find nothing. See
// docs/languages.md.
package catalog
