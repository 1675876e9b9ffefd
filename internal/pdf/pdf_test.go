package pdf_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/pdf"
)

var created = time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)

// receipt builds an Eingangsbestätigung with every kind of block and the
// characters German official letters need.
func receipt(attachments int) *pdf.Document {
	d := pdf.New(pdf.Meta{Title: "Eingangsbestätigung BWP-2026-000123", Author: "Landratsamt Meißen",
		Subject: "Antrag auf Bewohnerparkausweis", Created: created})
	d.Letterhead(pdf.Letterhead{
		Authority: "Landratsamt Meißen", Unit: "Straßenverkehrsbehörde",
		Address:   []string{"Brauhausstraße 21", "01662 Meißen"},
		Contact:   []string{"Telefon: 03521 725-0", "E-Mail: verkehr@kreis-meissen.de", "Datum: 14.03.2026", "Aktenzeichen: BWP-2026-000123"},
		Recipient: []string{"Herrn", "Jörg Müller-Weiß", "Großenhainer Straße 5", "01662 Meißen"},
	})
	d.Title("Eingangsbestätigung für Ihren Antrag auf einen Bewohnerparkausweis")
	d.Paragraph("Sehr geehrter Herr Müller-Weiß,\nwir bestätigen den Eingang Ihres Antrags. Die Gebühr beträgt 30,70 € und wird mit dem Bescheid fällig. Bitte halten Sie Ihr „Aktenzeichen“ für Rückfragen bereit.")
	d.Fields(
		pdf.Field{Label: "Eingegangen am", Value: "14.03.2026, 09:30 Uhr"},
		pdf.Field{Label: "Antragsteller", Value: "Jörg Müller-Weiß"},
		pdf.Field{Label: "Zuständige Behörde", Value: "Landratsamt Meißen, Straßenverkehrsbehörde, Brauhausstraße 21, 01662 Meißen – Sachgebiet Parkraumbewirtschaftung und Sondernutzungen"},
		pdf.Field{Label: "Übermittlungsweg", Value: "Serviceportal (Onlinedienst „Bewohnerparken“)"},
	)
	d.Heading("Anlagen")
	files := []pdf.Attachment{
		{Name: "Fahrzeugschein_Zulassungsbescheinigung_Teil_I.pdf", Size: 1234567, SHA256: sha("Fahrzeugschein")},
		{Name: "Meldebestätigung_Größenhain.jpg", Size: 98304, SHA256: sha("Meldebestätigung")},
	}
	for i := len(files); i < attachments; i++ {
		files = append(files, pdf.Attachment{Name: "Nachweis_" + strings.Repeat("ä", i%5+1) + ".pdf", Size: int64(i * 1000), SHA256: sha(string(rune(i)))})
	}
	d.Attachments(files...)
	d.Paragraph("Mit freundlichen Grüßen\nIhre Straßenverkehrsbehörde\n\nDieses Schreiben wurde maschinell erstellt und ist ohne Unterschrift gültig.")
	return d
}

// oneLine joins the extracted lines, since paragraphs wrap.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func sha(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func render(t *testing.T, d *pdf.Document) []byte {
	t.Helper()
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func tool(t *testing.T, name string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Fatalf("%s not installed (apt-get install poppler-utils): %v", name, err)
	}
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
	return string(out)
}

func write(t *testing.T, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestGermanTextRoundTrips extracts the text with pdftotext and finds
// every German string exactly as it went in.
func TestGermanTextRoundTrips(t *testing.T) {
	t.Parallel()
	path := write(t, render(t, receipt(2)))
	text := tool(t, "pdftotext", "-layout", "-enc", "UTF-8", path, "-")
	raw := tool(t, "pdftotext", "-raw", "-enc", "UTF-8", path, "-")
	for _, want := range []string{
		"Landratsamt Meißen", "Straßenverkehrsbehörde", "Brauhausstraße 21 · 01662 Meißen",
		"Jörg Müller-Weiß", "Großenhainer Straße 5",
		"Eingangsbestätigung für Ihren Antrag auf einen Bewohnerparkausweis",
		"Die Gebühr beträgt 30,70 € und wird mit dem Bescheid fällig.",
		"Bitte halten Sie Ihr „Aktenzeichen“ für Rückfragen bereit.",
		"Übermittlungsweg", "Serviceportal (Onlinedienst „Bewohnerparken“)",
		"Meldebestätigung_Größenhain.jpg", "1.234.567 Bytes", "98.304 Bytes", "SHA-256 (Prüfsumme)",
		"Mit freundlichen Grüßen", "Seite 1 von 1",
	} {
		if !strings.Contains(oneLine(text), want) && !strings.Contains(oneLine(raw), want) {
			t.Errorf("%q not in the extracted text", want)
		}
	}
	// The hash wraps into halves; joined they are the hash.
	flat := strings.Join(strings.Fields(raw), "")
	for _, h := range []string{sha("Fahrzeugschein"), sha("Meldebestätigung")} {
		if !strings.Contains(flat, h) {
			t.Errorf("hash %s not in the text", h)
		}
		if strings.Contains(raw, h) {
			t.Errorf("hash %s was not wrapped", h)
		}
	}
}

// TestDeterministic: the same input and creation time give the same
// bytes; another creation time gives others.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	a, b := render(t, receipt(3)), render(t, receipt(3))
	if !bytes.Equal(a, b) {
		t.Fatal("two renderings differ")
	}
	later := pdf.New(pdf.Meta{Title: "x", Created: created.Add(time.Second)})
	same := pdf.New(pdf.Meta{Title: "x", Created: created})
	if bytes.Equal(render(t, later), render(t, same)) {
		t.Error("the creation time is not in the document")
	}
}

// TestMetadataAndPages checks pdfinfo's view and the page footer of a
// document long enough for three pages.
func TestMetadataAndPages(t *testing.T) {
	t.Parallel()
	path := write(t, render(t, receipt(60)))
	info := tool(t, "pdfinfo", "-isodates", path)
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^Title:\s+Eingangsbestätigung BWP-2026-000123$`),
		regexp.MustCompile(`(?m)^Author:\s+Landratsamt Meißen$`),
		regexp.MustCompile(`(?m)^CreationDate:\s+2026-03-14T09:30:00`),
		regexp.MustCompile(`(?m)^Page size:\s+595\.28 x 841\.89 pts \(A4\)`),
	} {
		if !want.MatchString(info) {
			t.Errorf("pdfinfo lacks %s:\n%s", want, info)
		}
	}
	if !bytes.Contains(render(t, receipt(1)), []byte("/Lang (de)")) {
		t.Error("no document language")
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindStringSubmatch(info)
	if m == nil || m[1] < "3" || len(m[1]) != 1 {
		t.Fatalf("pages %v, want 3 to 9", m)
	}
	text := tool(t, "pdftotext", "-enc", "UTF-8", path, "-")
	for _, want := range []string{"Seite 1 von " + m[1], "Seite 2 von " + m[1], "Seite " + m[1] + " von " + m[1], "Datei"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q missing", want)
		}
	}
	if strings.Count(text, "SHA-256 (Prüfsumme)") < 2 {
		t.Error("the attachments table header is not repeated on the next page")
	}
}

// TestEnglishLabels: the words the layout adds follow Meta.Lang.
func TestEnglishLabels(t *testing.T) {
	t.Parallel()
	cases := []struct {
		lang string
		want []string
	}{
		{"de", []string{"Seite 1 von 1", "Datei", "Größe", "1.234.567 Bytes", "0 Bytes"}},
		{"en", []string{"Page 1 of 1", "File", "Size", "1,234,567 bytes", "0 bytes"}},
	}
	for _, c := range cases {
		t.Run(c.lang, func(t *testing.T) {
			d := pdf.New(pdf.Meta{Title: "Receipt", Created: created, Lang: c.lang}).
				Title("Receipt").
				Attachments(pdf.Attachment{Name: "a.pdf", Size: 1234567, SHA256: sha("a")}, pdf.Attachment{Name: "empty.txt", SHA256: sha("")})
			b := render(t, d)
			text := oneLine(tool(t, "pdftotext", "-enc", "UTF-8", write(t, b), "-"))
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("%q missing in %q", w, text)
				}
			}
			if !bytes.Contains(b, []byte("/Lang ("+c.lang+")")) {
				t.Errorf("document language is not %s", c.lang)
			}
		})
	}
}
