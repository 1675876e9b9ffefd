// Package pdf writes the portal's official documents — receipts
// (Eingangsbestätigung), notices (Bescheid) and letters — as A4 PDF in
// pure Go.
//
// A Document is built from blocks (letterhead, title, label/value table,
// headings, paragraphs, a table of attachments with their SHA-256) and
// rendered with Render or Bytes. Rendering is deterministic: the same
// blocks and the same Meta.Created give byte-identical output, so a
// document can be re-rendered later and compared by hash with the one
// that was delivered. The document language (/Lang) and title are set
// for assistive technology; the PDF is not tagged, so it is not PDF/UA.
//
// # Text and fonts
//
// Text is set in the embedded DejaVu Sans and DejaVu Sans Bold (see
// fonts/README.md), which cover all of Latin, Greek and Cyrillic (and
// Hebrew, Arabic, Armenian, Georgian and many symbols): every applicant's
// name comes out as text that can be searched and copied. Text is
// composed (Unicode NFC) before it is set, so "e" plus a combining accent
// uses the precomposed "é".
//
// Any character the fonts lack — emoji, CJK, characters outside the Basic
// Multilingual Plane, control characters — is never dropped and never an
// error: it is drawn as the replacement mark "�" (U+FFFD), and the mark
// carries the original characters as /ActualText, so copying or text
// extraction (pdftotext) gives back what was entered. An emoji sequence
// (joiners, skin tones, variation selectors) becomes one mark. Invisible
// format characters the font lacks (zero-width joiners, bidi marks) are
// not drawn. Each line is put in visual order by the Unicode
// Bidirectional Algorithm (UAX #9, bidi.go) for a left-to-right
// paragraph: Hebrew and Arabic runs right to left, the numbers in them
// left to right, a substituted CJK or rare-script letter as the
// left-to-right letter it stands for. Arabic letters are not joined (no
// contextual shaping). Text extraction gives the glyphs' text in page
// order and guesses the logical order of right-to-left runs itself;
// pdftotext's guess splits a run at a number and takes letters outside
// the Basic Multilingual Plane for neutral (see mixed_test.go).
//
// A line breaks at a space; after a hyphen only where the compound
// after the last space does not fit on a line of its own, so
// "E-Mail-Adresse" stays whole (pdftotext joins a line ending in a hyphen
// with the next, and a joined label line wider than its column mixed a
// table's columns). Long words break at "-", "_", ".", "/" where they
// must (file names, addresses), and anywhere if they have none.
//
// # Why its own writer
//
// The package writes PDF objects itself (writer.go) and embeds a subset
// of each font with only the glyphs a document uses (subset.go); fonts
// are parsed once per process (font.go), and a document is laid out in
// one pass: pages stay in memory until the number of pages for the
// footer is known. A receipt takes about 1 ms of CPU. It replaced
// go-pdf/fpdf, which is archived, crashed on any character outside the
// Basic Multilingual Plane, parsed both fonts on every render and needed
// a second layout pass to count pages (about 23–34 ms per receipt). The
// maintained alternative, signintech/gopdf, can share parsed fonts but
// cannot set the document language (/Lang), which accessibility requires;
// the little of PDF this package needs (text in two fonts, lines,
// rectangles) is a few hundred lines that the tests check with poppler.
package pdf
