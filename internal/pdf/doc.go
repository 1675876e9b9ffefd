// Package pdf writes the portal's official documents — receipts
// (Eingangsbestätigung) and notices (Bescheid) — as A4 PDF in pure Go.
//
// A Document is built from blocks (letterhead, title, label/value table,
// headings, paragraphs, a table of attachments with their SHA-256) and
// rendered with Render. Text is set in the embedded DejaVu Sans (see
// fonts/README.md), so every German character — umlauts, ß, €, „quotes“ —
// comes out as text that can be searched and copied.
//
// Rendering is deterministic: the same blocks and the same Meta.Created
// give byte-identical output, so a document can be re-rendered later and
// compared by hash with the one that was delivered. The document language
// and title are set for assistive technology; the PDF is not tagged
// (fpdf cannot write structure trees), so it is not PDF/UA.
package pdf
