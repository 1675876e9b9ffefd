// Package proceduretest generates random valid applications (Anträge) for
// any procedure definition, for the round-trip property test of issue 11:
// what a citizen enters must come back exactly on the review page, the
// receipt (page and PDF), the case view, the API, the FIT-Connect payload
// and the xdomea export.
//
// A Generator is seeded and reproducible: the same seed, procedure and
// places give the same application. For each application it produces
//
//   - the expected canonical answers (Application.Expected), flattened to
//     one Leaf per answered field with its path, label, type and value in a
//     canonical form (numbers as exact decimal strings, dates ISO, yes/no as
//     bool, choices as option values, places as ARS, files by name);
//   - the form posts a browser sends, page by page (Application.Form),
//     including adding and removing entries of repeatable groups and file
//     uploads with Unicode names.
//
// Values cover every field type, repeatable groups at their minimum and
// maximum, optional fields present and absent, text from all Unicode
// planes (emoji, CJK, Cyrillic, Greek, combining marks, right to left,
// markup characters), the longest allowed strings, numbers with 20 and more
// significant digits, and boundary dates. Cross-field rules (CEL checks,
// required_if) are satisfied by repair: the package validates the
// candidate with procedure.Validate and draws again what it rejects.
//
// The oracle (oracle.go) compares a representation with the expected
// answers field by field and lists every disagreement.
package proceduretest
