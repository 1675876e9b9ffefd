package catalog

import (
	"strings"
	"testing"
)

// TestXZuFiStructuredShapes: the structured modules are read in the flat
// shape of older messages and in the nested shape of XZuFi 2.2 (betrag
// with kostenVon/kostenBis, fristauswahl/fristStichtag, dauer as a
// Zeitraum), typ names are shown in their language, and an element inside
// an item that the reader does not know is a warning with its path.
func TestXZuFiStructuredShapes(t *testing.T) {
	t.Parallel()
	f, findings := readAll(t, "xzufi-formen.xml")
	if len(f.Services) != 2 {
		t.Fatalf("services = %d", len(f.Services))
	}
	flat, nested := f.Services[0], f.Services[1]
	for _, c := range []struct{ name, got, want string }{
		{"flat fees", flat.Texts.Fees, "30,00–120,00 EUR: je Hund und Jahr"},
		{"flat deadline", flat.Texts.Deadlines, "14 Tage: nach Einzug"},
		{"flat deadline en", flat.Translations["en"].Texts.Deadlines, "14 days: after moving in"},
		{"flat processing time", flat.Texts.ProcessingTime, "1 Woche"},
		{"nested fees", nested.Texts.Fees, "Gebühr, 10,00–40,00 EUR: je nach Geltungsdauer"},
		{"nested fees en", nested.Translations["en"].Texts.Fees, "Fee, EUR 10.00–40.00: depending on the period of validity"},
		{"nested deadline", nested.Texts.Deadlines, "bis 31.03.: jedes Jahr"},
		{"nested processing time", nested.Texts.ProcessingTime, "3 Werktage"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	var got []string
	for _, r := range findings {
		got = append(got, r.String())
	}
	want := "xzufi-formen.xml:49: leistung/modulKosten/kosten/vorkasseKennzeichen: unknown element"
	if len(got) != 1 || !strings.HasPrefix(got[0], want) || !findings[0].Kept {
		t.Errorf("findings = %q, want one kept warning %q", got, want)
	}
}

// TestXZuFiDeadlineDates: dates of a fristStichtag in both languages.
func TestXZuFiDeadlineDates(t *testing.T) {
	t.Parallel()
	node := func(kids ...string) *xNode {
		n := &xNode{Name: "fristStichtag"}
		for _, k := range kids {
			n.Kids = append(n.Kids, &xNode{Name: "bis", Text: k})
		}
		return n
	}
	for _, c := range []struct {
		n          *xNode
		lang, want string
	}{
		{node("2026-12-31"), "de", "bis 31.12.2026"},
		{node("2026-12-31"), "en", "by 31 December 2026"},
		{node("--05-31"), "en", "by 31 May"},
		{node("2026-01-01", "2026-03-31"), "de", "01.01.2026–31.03.2026"},
		{node("demnächst"), "de", ""},
	} {
		if got := deadlineDates(c.n, c.lang); got != c.want {
			t.Errorf("deadlineDates(%v, %s) = %q, want %q", c.n.Kids[0].Text, c.lang, got, c.want)
		}
	}
}

// TestXZuFiGebietSchemeURI: a gebietID that names its list by schemeURI
// (an identifier) is read like one with a listURI (a code).
func TestXZuFiGebietSchemeURI(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		g    xGebiet
		want string
		bad  bool
	}{
		{xGebiet{Value: "14521010", SchemeURI: agsList}, "ags:14521010", false},
		{xGebiet{Value: "145210010010", SchemeURI: arsList}, "145210010010", false},
		{xGebiet{Value: "14521010", SchemeURI: arsList}, "", true},
		{xGebiet{Value: "145210010010", SchemeID: agsList}, "", true},
	} {
		got, err := gebiet(c.g)
		if got != c.want || (err != nil) != c.bad {
			t.Errorf("gebiet(%+v) = %q, %v; want %q, error %v", c.g, got, err, c.want, c.bad)
		}
	}
}
