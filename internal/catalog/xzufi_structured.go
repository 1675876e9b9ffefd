package catalog

import (
	"fmt"
	"html"
	"strconv"
	"strings"
)

// The structured modules of an XZuFi leistung — modulKosten (Kosten),
// modulFrist (Fristen), modulBearbeitungsdauer — carry a description per
// language of their own (modulX/beschreibung, the shape the PVOG serves;
// confirmed, see docs/import-formats.md) and may carry items (kosten,
// frist, bearbeitungsdauer) with amounts and durations. Inside an item
// the values are found by local name at any depth, so that both the
// nested shape of XZuFi 2.2 (betrag/kostenFix, betrag/kostenVon +
// kostenBis, fristauswahl/fristDauer/dauer + einheit,
// fristauswahl/fristStichtag) and the flat shape of older messages
// (betrag, betragFix, betragVon/betragBis, dauer, dauerBis) are read. An
// item's typ is shown by its name when the message gives one; items are
// ordered by positionDarstellung. Each item becomes one line "amount or
// duration: description" in every language the module describes; several
// lines a list.

// unitWords names the time units (Zeiteinheiten) in German and English,
// singular and plural, by the codes and words sources use.
var unitWords = map[string][4]string{
	"tag": {"Tag", "Tage", "day", "days"}, "werktag": {"Werktag", "Werktage", "working day", "working days"},
	"woche": {"Woche", "Wochen", "week", "weeks"}, "monat": {"Monat", "Monate", "month", "months"},
	"jahr": {"Jahr", "Jahre", "year", "years"}, "stunde": {"Stunde", "Stunden", "hour", "hours"},
	"minute": {"Minute", "Minuten", "minute", "minutes"},
}

// unitAliases maps codes and plurals to the keys of unitWords.
var unitAliases = map[string]string{"d": "tag", "tage": "tag", "day": "tag", "days": "tag", "werktage": "werktag",
	"w": "woche", "wochen": "woche", "week": "woche", "weeks": "woche", "m": "monat", "monate": "monat",
	"month": "monat", "months": "monat", "y": "jahr", "a": "jahr", "jahre": "jahr", "year": "jahr", "years": "jahr",
	"h": "stunde", "stunden": "stunde", "hour": "stunde", "hours": "stunde", "min": "minute", "minuten": "minute"}

// modulKosten fills the fees (Kosten) of every language it describes.
func (p *xzufiParser) modulKosten(m *xNode, texts langTexts) {
	p.structured(m, "kosten", SectionFees, texts, func(item *xNode, lang string) string {
		return amountText(item, lang)
	})
}

// modulDauer fills a section (deadlines from modulFrist, processing time
// from modulBearbeitungsdauer) from its items called item.
func (p *xzufiParser) modulDauer(m *xNode, item, section string, texts langTexts) {
	p.structured(m, item, section, texts, func(it *xNode, lang string) string {
		d, unit, known := durationText(it, lang)
		if !known && lang == "de" {
			p.warn(it.Line, "leistung/"+m.Name+"/"+item, "unknown time unit %q, kept as written", unit)
		}
		return d
	})
}

// structured builds section from the module's items: one line per item
// and language, the module's own beschreibung first.
func (p *xzufiParser) structured(m *xNode, item, section string, texts langTexts, value func(*xNode, string) string) {
	lines := map[string][]string{}
	for lang, d := range descriptions(m) {
		lines[lang] = append(lines[lang], d)
	}
	p.checkModule(m, item)
	items := byPosition(m.kids(item))
	for _, it := range items {
		p.checkItem(it, "leistung/"+m.Name+"/"+item)
		descs := descriptions(it)
		langs := []string{"de"}
		for lang := range descs {
			if lang != "de" {
				langs = append(langs, lang)
			}
		}
		for _, lang := range langs {
			v, d := value(it, lang), descs[lang]
			if t := typName(it, lang); t != "" {
				v = strings.Trim(t+", "+v, ", ")
			}
			switch {
			case v != "" && d != "":
				lines[lang] = append(lines[lang], html.EscapeString(v)+": "+d)
			case v != "" || d != "":
				lines[lang] = append(lines[lang], html.EscapeString(v)+d)
			}
		}
	}
	if len(items) == 0 && len(lines) == 0 {
		p.warn(m.Line, "leistung/"+m.Name, "no %s and no beschreibung; nothing imported", item)
	}
	for lang, ls := range lines {
		if len(ls) == 1 && !htmlTagRE.MatchString(ls[0]) {
			texts.of(lang).Texts.set(section, html.UnescapeString(ls[0]), false)
			continue
		}
		text := "<p>" + strings.Join(ls, "</p><p>") + "</p>"
		if len(ls) > 1 {
			text = "<ul><li>" + strings.Join(ls, "</li><li>") + "</li></ul>"
		}
		if out, rich, ok := richOrPlain(text); ok {
			texts.of(lang).Texts.set(section, out, rich)
		}
	}
}

// descriptions returns the beschreibung children of n per language, as
// sanitised HTML fragments (plain texts escaped).
func descriptions(n *xNode) map[string]string {
	out := map[string]string{}
	for _, b := range n.kids("beschreibung") {
		raw, _ := cleanText(b.Text)
		text, rich, ok := richOrPlain(raw)
		if !ok {
			continue
		}
		if !rich {
			text = html.EscapeString(text)
		}
		out[normLang(b.attr("languageCode"))] = text
	}
	return out
}

// amountText formats the amount of one kosten item in lang: "25,00 EUR"
// or "EUR 25.00", a range "10,00–30,00 EUR"; "" without an amount. A
// fixed amount is kostenFix, betragFix or a betrag that is a value; a
// range kostenVon/kostenBis or betragVon/betragBis.
func amountText(n *xNode, lang string) string {
	cur := "EUR"
	if w := n.find("waehrung"); w != nil {
		if c := w.code("code"); c != "" {
			cur = c
		} else if s := strings.TrimSpace(w.Text); s != "" {
			cur = s
		}
	}
	one := func(names ...string) string {
		b := n.leaf(names...)
		if b == nil {
			return ""
		}
		if c := b.attr("currencyID"); c != "" {
			cur = c
		}
		return money(strings.TrimSpace(b.Text), lang)
	}
	v := one("kostenFix", "betragFix", "betrag")
	if v == "" {
		from, to := one("kostenVon", "betragVon"), one("kostenBis", "betragBis")
		v = strings.Trim(from+"–"+to, "–")
	}
	if v == "" {
		return ""
	}
	if lang == "de" {
		return v + " " + cur
	}
	return cur + " " + v
}

// money formats a decimal amount with two places in lang's notation; a
// value that is no number stays as written.
func money(s, lang string) string {
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
	if err != nil {
		return s
	}
	out := fmt.Sprintf("%.2f", f)
	if lang == "de" {
		out = strings.Replace(out, ".", ",", 1)
	}
	return out
}

// durationText formats the duration of one frist or bearbeitungsdauer
// item in lang ("2 Wochen", "2–4 weeks"); known is false when the unit
// (as written: unit) is none of unitWords, and the text keeps it as
// written.
func durationText(n *xNode, lang string) (text, unit string, known bool) {
	if st := n.find("fristStichtag"); st != nil {
		return deadlineDates(st, lang), "", true
	}
	d := n.leaf("dauer")
	if d == nil {
		return "", "", true
	}
	from := strings.TrimSpace(d.Text)
	if u := n.find("einheit"); u != nil {
		if unit = u.code("code"); unit == "" {
			unit = strings.TrimSpace(u.Text)
		}
	}
	to := ""
	if b := n.leaf("dauerBis"); b != nil {
		to = strings.TrimSpace(b.Text)
	}
	word, known := unitWord(unit, from, to, lang)
	if to != "" && to != from {
		return from + "–" + to + " " + word, unit, known
	}
	return strings.TrimSpace(from + " " + word), unit, known
}

// unitWord names the unit raw in lang, in the plural unless the count is
// 1; known is false for a unit it does not know (returned as written).
func unitWord(raw, from, to, lang string) (string, bool) {
	key := strings.ToLower(raw)
	if a, ok := unitAliases[key]; ok {
		key = a
	}
	w, ok := unitWords[key]
	if !ok {
		return raw, false
	}
	i := 1
	if from == "1" && (to == "" || to == "1") {
		i = 0
	}
	if lang != "de" {
		i += 2
	}
	return w[i], true
}
