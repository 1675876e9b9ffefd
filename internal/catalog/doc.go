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
// ReadXZuFi) need no database; the Import functions load their result in one
// transaction each, so a failing import leaves the database as it was.
package catalog
