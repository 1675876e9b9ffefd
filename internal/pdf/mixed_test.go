package pdf_test

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/amtsweg/amtsweg/internal/pdf"
)

// mixedLabel wraps to four lines in the label column, one of them at
// the hyphen of "E-Mail-": pdftotext joins such a line with the next one
// and, the joined line overlapping the value column, read label and
// value lines alternately (the round trip's seeds 734099241 and
// 323924489).
const mixedLabel = "Angaben zur Fahrzeughalterin, zum Fahrzeughalter 1 › E-Mail-Adresse"

// mixedValues are answers with mixed scripts, each a value that wraps
// beside mixedLabel, with what a reader sees: the characters left to
// right as the page shows them (a right-to-left run reversed, the
// numbers in it not), NFC-composed.
var mixedValues = []struct{ name, in, want string }{
	{"Arabic name", "Antragstellerin: محمد عبد الله الحسيني, geboren in Damaskus, wohnhaft Hauptstraße 1",
		"Antragstellerin: " + reversed("محمد عبد الله الحسيني") + ", geboren in Damaskus, wohnhaft Hauptstraße 1"},
	{"Hebrew address with number", "Anschrift: רחוב הרצל 12, תל אביב und Zweitwohnsitz Berliner Allee 7 in Düsseldorf",
		"Anschrift: " + reversed("תל אביב") + " ,12 " + reversed("רחוב הרצל") + " und Zweitwohnsitz Berliner Allee 7 in Düsseldorf"},
	{"Hebrew between emoji and CJK", "Familie 👩‍👩‍👧 שלום 😀 עולם 東京 und 𑊈 Ende der Angabe im Freitextfeld des Antrags",
		"Familie 👩‍👩‍👧 " + reversed("שלום 😀 עולם") + " 東京 und 𑊈 Ende der Angabe im Freitextfeld des Antrags"},
	{"emoji", "Hinweis 👩‍👩‍👧 Familie mit Hund 🐕 und Katze 🐈, bitte beim Hausbesuch klingeln 🔔 danke",
		"Hinweis 👩‍👩‍👧 Familie mit Hund 🐕 und Katze 🐈, bitte beim Hausbesuch klingeln 🔔 danke"},
	{"CJK", "Geburtsort 東京都千代田区丸の内 und Schreibweise des Namens 山田太郎 im Pass bestätigt",
		"Geburtsort 東京都千代田区丸の内 und Schreibweise des Namens 山田太郎 im Pass bestätigt"},
	{"combining marks", "Name Zoe\u0308 Ame\u0301lie q\u0303 ʃ\u0308 ɛ\u0323 x\u0301 mit Akzenten aus dem Pass übernommen",
		"Name Zoë Amélie q\u0303 ʃ\u0308 ɛ\u0323 x\u0301 mit Akzenten aus dem Pass übernommen"},
	{"Multani and Greek", "Name in Multani 𑊈𑊉𑊊 und Griechisch \u1ff9μηρος, beides wie im Ausweis eingetragen",
		"Name in Multani 𑊈𑊉𑊊 und Griechisch Όμηρος, beides wie im Ausweis eingetragen"},
}

// TestMixedScriptsBesideLongLabel: each value comes back from pdftotext
// whole, not interleaved with the label beside it, and in the order a
// reader sees it. pdftotext guesses the logical order of right-to-left
// runs (it reverses each run up to the next left-to-right letter or
// digit and brackets it with U+202B … U+202C; it splits a run at a
// number and reverses an emoji sequence inside a run); undoing its
// reversal gives the order on the page, which is compared.
func TestMixedScriptsBesideLongLabel(t *testing.T) {
	t.Parallel()
	for _, c := range mixedValues {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			d := pdf.New(pdf.Meta{Created: created}).Fields(pdf.Field{Label: mixedLabel, Value: c.in})
			text := tool(t, "pdftotext", "-enc", "UTF-8", write(t, render(t, d)), "-")
			got := oneLine(pageOrder(text))
			if !strings.Contains(got, norm.NFC.String(c.want)) {
				t.Errorf("value not in reading order:\n got %q\nwant %q", got, c.want)
			}
			if !strings.Contains(got, "Fahrzeughalter 1 › E-Mail-Adresse") {
				t.Errorf("label not whole: %q", got)
			}
		})
	}
}

// reversed is s with its characters in reverse order: a right-to-left
// run without numbers as the page shows it.
func reversed(s string) string {
	r := []rune(s)
	slices.Reverse(r)
	return string(r)
}

// pageOrder undoes pdftotext's reordering: every run it bracketed with
// U+202B (or U+202E) … U+202C is reversed back to the order on the page.
func pageOrder(text string) string {
	var b strings.Builder
	var run []rune
	in := false
	for _, r := range text {
		switch {
		case r == '\u202b' || r == '\u202e':
			in, run = true, run[:0]
		case r == '\u202c' && in:
			slices.Reverse(run)
			b.WriteString(string(run))
			in = false
		case in:
			run = append(run, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
