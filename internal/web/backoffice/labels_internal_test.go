package backoffice

import (
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/procedure"
)

func translator(t *testing.T, l i18n.Lang) translate {
	t.Helper()
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	return func(key string, args ...any) string { return c.T(l, key, args...) }
}

// TestPeriodText: ISO 8601 periods in words with plural forms; the case
// page showed "P5Y".
func TestPeriodText(t *testing.T) {
	de, en := translator(t, i18n.German), translator(t, i18n.English)
	for _, c := range []struct{ in, de, en string }{
		{"P5Y", "5 Jahre", "5 years"},
		{"P1Y", "1 Jahr", "1 year"},
		{"P1Y6M", "1 Jahr und 6 Monate", "1 year and 6 months"},
		{"P2Y1M2W3D", "2 Jahre, 1 Monat, 2 Wochen und 3 Tage", "2 years, 1 month, 2 weeks and 3 days"},
		{"P14D", "14 Tage", "14 days"},
		{"unbefristet", "unbefristet", "unbefristet"},
	} {
		if got := periodText(de, c.in); got != c.de {
			t.Errorf("%s in German: %q, want %q", c.in, got, c.de)
		}
		if got := periodText(en, c.in); got != c.en {
			t.Errorf("%s in English: %q, want %q", c.in, got, c.en)
		}
	}
}

func TestMediaTypeLabel(t *testing.T) {
	for in, want := range map[string]string{"application/pdf": "PDF", "image/jpeg": "JPEG", "text/plain; charset=utf-8": "Text",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX", "application/x-foo+xml": "FOO", "odd": "odd"} {
		if got := mediaTypeLabel(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// TestDocTitle: the German titles casework files are shown in English,
// an attachment by its field's label; written titles stay.
func TestDocTitle(t *testing.T) {
	en := translator(t, i18n.English)
	def := procedure.Definition{Pages: []procedure.Page{{ID: "p", Fields: []procedure.Field{
		{ID: "wohnungsgeberbestaetigung", Label: procedure.Text{DE: "Wohnungsgeberbestätigung", EN: "Landlord's confirmation"}},
		{ID: "kinder", Fields: []procedure.Field{{ID: "nachweis", Label: procedure.Text{DE: "Nachweis"}}}},
	}}}}
	for _, c := range []struct {
		doc  akte.Document
		want string
	}{
		{akte.Document{Kind: akte.Receipt, Title: "Antrag und Eingangsbestätigung SN-1"}, "Application and receipt SN-1"},
		{akte.Document{Kind: akte.Attachment, Title: "Anlage wohnungsgeberbestaetigung"}, "Attachment: Landlord's confirmation"},
		{akte.Document{Kind: akte.Attachment, Title: "Anlage kinder[1].nachweis"}, "Attachment: Nachweis (2)"},
		{akte.Document{Kind: akte.Attachment, Title: "Anlage unbekannt"}, "Attachment: unbekannt"},
		{akte.Document{Kind: akte.MessageIn, Title: "Nachgereicht: ausweis.pdf"}, "Submitted later: ausweis.pdf"},
		{akte.Document{Kind: akte.MessageOut, Title: "Anlage: merkblatt.pdf"}, "Attachment: merkblatt.pdf"},
		{akte.Document{Kind: akte.Note, Title: "Rückruf"}, "Rückruf"},
	} {
		if got := docTitle(en, def, "en", "SN-1", c.doc); got != c.want {
			t.Errorf("%q: %q, want %q", c.doc.Title, got, c.want)
		}
	}
}

func TestDeadlineLeft(t *testing.T) {
	de := translator(t, i18n.German)
	now := time.Date(2026, 12, 7, 23, 30, 0, 0, time.UTC) // 8 December in Berlin
	for _, c := range []struct {
		deadline time.Time
		want     string
	}{
		{time.Date(2026, 12, 9, 12, 0, 0, 0, time.UTC), "noch 1 Tag"},
		{time.Date(2026, 12, 20, 12, 0, 0, 0, time.UTC), "noch 12 Tage"},
		{time.Date(2026, 12, 8, 8, 0, 0, 0, time.UTC), "heute fällig"},
		{time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC), "seit 1 Tag überfällig"},
		{time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC), "seit 7 Tagen überfällig"},
		{time.Time{}, ""},
	} {
		if got := deadlineLeft(de, c.deadline, now); got != c.want {
			t.Errorf("%v: %q, want %q", c.deadline, got, c.want)
		}
	}
}
