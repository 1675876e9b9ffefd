// Package sections decides what a service page (Leistungsseite) says in
// each of its sections — description, who may apply, documents, costs,
// processing time, deadlines, procedure, online process, forms, legal
// basis, legal remedy, hints, further information, responsible office,
// contact, author — and where it comes from: the catalog's own description of the service (imported
// XZuFi texts and their translations), else the online procedure's
// definition (its intro, the documents its file fields ask for, its fees,
// its processing deadline, the steps of applying online), else the LeiKa
// data (OZG service, life situation, legal basis). A section without any
// source is left out, never shown as "no information". The description
// is the one section with two sources at once: the catalog's general
// description (XZuFi, or the content pack's summary) followed by the
// procedure's intro, which says what this online form covers.
//
// In a language other than German the name (Name) and each section take
// the service's translation first, then the procedure's own text in that
// language, then the German text, marked as German (Line.Lang), so a
// screen reader reads it correctly.
//
// Texts the catalog keeps as rich text (sanitised HTML from XZuFi) come
// as lines marked HTML; the search results' one-line Summary is always
// plain text.
//
// The rule is its own small package because both the service page and
// the search results (one-line summaries, Summary) follow it, and neither
// the catalog nor the procedure package should know about the other's
// texts. The portal's own words (process steps, durations) are message
// keys with arguments (Line.Key), translated by the page.
package sections
