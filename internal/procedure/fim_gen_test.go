package procedure

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// schemaGen writes random FIM schemas: random nesting, cardinalities,
// types, missing optional (and required) elements and unknown elements.
type schemaGen struct {
	r  *rand.Rand
	b  strings.Builder
	n  int
	v3 bool
}

func (g *schemaGen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }

func (g *schemaGen) maybe(p float64) bool { return g.r.Float64() < p }

func (g *schemaGen) el(name, text string) {
	if g.maybe(0.05) {
		return // a missing element
	}
	fmt.Fprintf(&g.b, "<xdf:%s>%s</xdf:%s>", name, text, name)
}

func (g *schemaGen) code(name, code string) {
	if !g.maybe(0.04) {
		fmt.Fprintf(&g.b, "<xdf:%s><code>%s</code></xdf:%s>", name, code, name)
	}
}

func (g *schemaGen) head(prefix string) {
	g.n++
	id := fmt.Sprintf("%s%08d", prefix, g.n)
	g.b.WriteString("<xdf:identifikation>")
	g.el("id", id)
	g.el("version", g.pick("1.0", "1.0.0", "2", "x.y"))
	g.b.WriteString("</xdf:identifikation>")
	g.el("name", g.pick("Familienname", "Straße", "in", "123", "Ä Ö Ü", "", "Name <&amp;> \"quoted\""))
	g.el("bezeichnungEingabe", g.pick("Vorname", "Geburtsdatum", "", "true", "Anzahl der Kinder"))
	if g.maybe(0.3) {
		g.el("hilfetextEingabe", "Bitte angeben.")
	}
	if g.maybe(0.1) {
		fmt.Fprintf(&g.b, "<xdf:unbekannt%d>?</xdf:unbekannt%d>", g.n, g.n)
	}
	if g.maybe(0.1) {
		g.b.WriteString(`<xdf:regel><xdf:identifikation><xdf:id>R1</xdf:id></xdf:identifikation><xdf:definition>Wenn A, dann B.</xdf:definition></xdf:regel>`)
	}
}

func (g *schemaGen) field() {
	g.b.WriteString("<xdf:datenfeld>")
	g.head("F")
	g.code("feldart", g.pick("input", "input", "select", "label", "hidden", "locked", "bogus"))
	g.code("datentyp", g.pick("text", "date", "bool", "num", "num_int", "num_currency", "file", "obj", "datetime", "time", "text_latin", "weird"))
	switch g.r.IntN(5) {
	case 0:
		g.el("praezisierung", g.pick(`{"minLength":"1","maxLength":"50"}`, `{"pattern":"[0-9]{5}"}`, `{"minValue":"1","maxValue":"0"}`, `{"pattern":"(("}`, `not json`, `{"maxLength":-3}`))
	case 1:
		if g.v3 {
			fmt.Fprintf(&g.b, `<xdf:praezisierung minLength="%d" maxLength="%d" minValue="%s"/>`, g.r.IntN(5), g.r.IntN(5), g.pick("1", "2020-01-01", "x"))
		}
	}
	if g.maybe(0.3) {
		g.el("inhalt", g.pick("", "fester Wert", "42", "true", "2024-01-01", `"\ `))
	}
	if g.maybe(0.3) {
		if g.v3 && g.maybe(0.5) {
			g.b.WriteString("<xdf:werte><xdf:wert><xdf:code>1</xdf:code><xdf:name>Eins</xdf:name></xdf:wert><xdf:wert><xdf:code>1</xdf:code><xdf:name></xdf:name></xdf:wert></xdf:werte>")
		} else {
			g.b.WriteString("<xdf:codelisteReferenz><xdf:identifikation><xdf:id>C1</xdf:id></xdf:identifikation></xdf:codelisteReferenz>")
		}
	}
	if g.v3 && g.maybe(0.2) {
		g.el("maxSize", g.pick("100", "-1", "abc"))
		g.el("mediaType", g.pick("application/pdf", "nonsense"))
	}
	g.b.WriteString("</xdf:datenfeld>")
}

func (g *schemaGen) structs(depth int) {
	for range g.r.IntN(4) + boolInt(depth == 0) {
		g.b.WriteString("<xdf:struktur>")
		g.el("anzahl", g.pick("1:1", "0:1", "0:*", "1:*", "2:5", "0:0", "3:1", "x", "1:1000000", ""))
		g.b.WriteString("<xdf:enthaelt>")
		switch {
		case g.maybe(0.05):
			g.b.WriteString("<xdf:fremd/>")
		case depth < 9 && g.maybe(0.4):
			g.b.WriteString("<xdf:datenfeldgruppe>")
			g.head("G")
			g.structs(depth + 1)
			g.b.WriteString("</xdf:datenfeldgruppe>")
		default:
			g.field()
		}
		g.b.WriteString("</xdf:enthaelt></xdf:struktur>")
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// generate returns one random schema.
func (g *schemaGen) generate() []byte {
	g.b.Reset()
	ns := fimNS2
	if g.v3 = g.maybe(0.5); g.v3 {
		ns = fimNS3
	}
	fmt.Fprintf(&g.b, `<?xml version="1.0" encoding="UTF-8"?><xdf:xdatenfelder.stammdatenschema.0102 xmlns:xdf="%s">`, ns)
	g.b.WriteString("<xdf:stammdatenschema>")
	g.head("S")
	g.el("beschreibung", g.pick("LeiKa 99108001001000", ""))
	g.structs(0)
	g.b.WriteString("</xdf:stammdatenschema></xdf:xdatenfelder.stammdatenschema.0102>")
	return []byte(g.b.String())
}

// TestImportFIMGenerated imports schemas the importer has never seen: it
// must never panic and must either give a definition that loads or an
// error naming the element.
func TestImportFIMGenerated(t *testing.T) {
	t.Parallel()
	g := &schemaGen{r: rand.New(rand.NewPCG(1, 2))}
	imported := 0
	for i := range 1500 {
		doc := g.generate()
		def, rep, err := ImportFIM(doc, nil)
		if err != nil {
			if !strings.Contains(err.Error(), "element") {
				t.Fatalf("schema %d: error does not name the element: %v\n%s", i, err, doc)
			}
			continue
		}
		imported++
		js, err := json.Marshal(def)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Load(js, "generated.json"); err != nil {
			t.Fatalf("schema %d: imported definition does not load: %v\n%s\n%s", i, err, doc, rep)
		}
	}
	if imported < 300 {
		t.Fatalf("only %d of 1500 generated schemas imported; the generator is too broken to test much", imported)
	}
}
