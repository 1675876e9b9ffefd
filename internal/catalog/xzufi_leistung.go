package catalog

import (
	"html"
	"strings"
)

// leistungKnown are the children of leistung the importer reads;
// leistungIgnored those of XZuFi 2.2 it leaves out on purpose (see
// docs/import-formats.md). Any other child is a warning.
var (
	leistungKnown = map[string]bool{"id": true, "referenzLeiKa": true, "modulText": true, "modulKosten": true,
		"modulFrist": true, "modulBearbeitungsdauer": true, "modulBegriffImKontext": true,
		"sprachversion": true}
	leistungIgnored = map[string]bool{"idSekundaer": true, "struktur": true, "modulFachlicheFreigabe": true,
		"modulUrsprungsportal": true, "typisierung": true, "kategorie": true,
		"versionsinformation": true, "gueltigkeit": true, "informationsbereichSDG": true, "klassifizierung": true,
		"leistungsadressat": true, "herausgeber": true, "kennzeichenSchriftformerfordernis": true}
	modulTextKnown = map[string]bool{"leikaTextmodul": true, "inhalt": true, "weiterfuehrenderLink": true,
		"positionDarstellung": true, "gueltigkeit": true}
)

// langTexts collects a leistung's texts per language ("de" is the main
// text, every other language a translation).
type langTexts map[string]*Translation

// of returns the texts of lang, creating them.
func (l langTexts) of(lang string) *Translation {
	if l[lang] == nil {
		l[lang] = &Translation{}
	}
	return l[lang]
}

// normLang reduces a languageCode ("de-DE", "en_GB", "") to its language
// ("de", "en"); no code means German.
func normLang(code string) string {
	code = strings.ToLower(strings.TrimSpace(code))
	if i := strings.IndexAny(code, "-_"); i > 0 {
		code = code[:i]
	}
	if code == "" {
		return "de"
	}
	return code
}

// leistung turns one leistung element into a service entry; a leistung
// without a usable id is reported and skipped.
func (p *xzufiParser) leistung(x *xNode, f *AuthorityFile) {
	id := x.value("id")
	e := ServiceEntry{Line: x.Line, Key: "xz-" + strings.ToLower(id)}
	for _, ref := range x.kids("referenzLeiKa") {
		if c := ref.value("code"); ValidLeiKaKey(c) {
			e.Key = c
			break
		}
	}
	texts := langTexts{}
	var declared []*xNode
	for _, k := range x.Kids {
		switch k.Name {
		case "modulText":
			p.modulText(k, texts, &e)
		case "modulKosten":
			p.modulKosten(k, texts)
		case "modulFrist":
			p.modulDauer(k, "frist", SectionDeadlines, texts)
		case "modulBearbeitungsdauer":
			p.modulDauer(k, "bearbeitungsdauer", SectionProcessingTime, texts)
		case "modulBegriffImKontext":
			p.begriffe(k, texts)
		case "sprachversion":
			declared = append(declared, k)
		default:
			p.unknown(k, "leistung", leistungKnown, leistungIgnored)
		}
	}
	p.checkLanguages(declared, texts)
	p.finishEntry(&e, texts)
	if id == "" || !validServiceKey(e.Key) {
		p.skip(x.Line, "leistung/id", "leistung needs an id of letters, digits and dashes or a referenzLeiKa code (got %q); skipped", id)
		return
	}
	p.keyOf[id] = e.Key
	f.Services = append(f.Services, e)
}

// finishEntry moves the German texts into the entry and the others into
// its translations.
func (p *xzufiParser) finishEntry(e *ServiceEntry, texts langTexts) {
	for lang, t := range texts {
		if lang == "de" {
			e.Name, e.Synonyms, e.Texts = t.Name, t.Synonyms, t.Texts
			continue
		}
		if t.empty() {
			continue
		}
		if e.Translations == nil {
			e.Translations = map[string]Translation{}
		}
		e.Translations[lang] = *t
	}
}

// modulText reads one text module into the section its code names, in
// every language it has; a code the list does not know is a warning.
func (p *xzufiParser) modulText(m *xNode, texts langTexts, e *ServiceEntry) {
	code := m.code("leikaTextmodul")
	mod, ok := xzufiModules[code]
	if !ok {
		p.warn(m.Line, "leistung/modulText", "text module code %q is not in the code list %s; its text was not imported", code, textModuleList)
		return
	}
	for _, k := range m.Kids {
		if !modulTextKnown[k.Name] {
			p.warn(k.Line, "leistung/modulText/"+k.Name, "unknown element, not imported")
		}
	}
	links := m.kids("weiterfuehrenderLink")
	if mod.Section == SectionLegal {
		for _, l := range links {
			if uri := strings.TrimSpace(l.value("uri")); uri != "" || l.value("titel") != "" {
				e.LegalBasis = append(e.LegalBasis, LegalRef{Text: cleanSpace(l.value("titel")), URL: uri})
			}
		}
		links = nil
	}
	for _, in := range m.kids("inhalt") {
		p.inhalt(in, mod, texts.of(normLang(in.attr("languageCode"))), code)
	}
	if len(links) > 0 {
		p.links(links, mod.Section, texts)
	}
}

// inhalt stores one language's content of a text module.
func (p *xzufiParser) inhalt(in *xNode, mod textModule, t *Translation, code string) {
	raw, placeholder := cleanText(in.Text)
	if placeholder {
		p.warn(in.Line, "leistung/modulText/inhalt", "placeholder text of module %s dropped", code)
		return
	}
	text, rich, ok := richOrPlain(raw)
	if !ok {
		if raw != "" {
			p.warn(in.Line, "leistung/modulText/inhalt", "module %s holds nothing but markup that is not allowed; dropped", code)
		}
		return
	}
	if mod.Section == "name" {
		if rich {
			text = PlainText(text)
		}
		t.Name = cleanSpace(text)
		return
	}
	t.Texts.set(mod.Section, text, rich)
}

// checkLanguages warns about a language a sprachversion declares
// (sprachversion/languageCode) for which the leistung has no text.
func (p *xzufiParser) checkLanguages(declared []*xNode, texts langTexts) {
	for _, sv := range declared {
		code := sv.value("languageCode")
		if code == "" {
			code = sv.attr("languageCode")
		}
		if t := texts[normLang(code)]; code != "" && (t == nil || t.empty()) {
			p.warn(sv.Line, "leistung/sprachversion", "language %q is declared but no text is given in it", code)
		}
	}
}

// links appends a module's further links (weiterführende Links) to its
// section as a list of links, in the language of each link (German when
// it names none).
func (p *xzufiParser) links(links []*xNode, section string, texts langTexts) {
	byLang := map[string][]string{}
	for _, l := range byPosition(links) {
		uri := strings.TrimSpace(l.value("uri"))
		title := cleanSpace(l.value("titel"))
		if uri == "" {
			continue
		}
		if title == "" {
			title = cleanSpace(l.value("beschreibung"))
		}
		if title == "" {
			title = uri
		}
		lang := normLang(l.attr("languageCode"))
		byLang[lang] = append(byLang[lang], `<li><a href="`+html.EscapeString(uri)+`">`+html.EscapeString(title)+`</a></li>`)
	}
	for lang, items := range byLang {
		t := texts.of(lang)
		t.Texts.set(section, appendHTML(t.Texts, section, "<ul>"+strings.Join(items, "")+"</ul>"), true)
	}
}

// appendHTML returns section's text as HTML followed by more, sanitised.
func appendHTML(t Texts, section, more string) string {
	old := t.Get(section)
	if old != "" && !t.IsHTML(section) {
		old = "<p>" + html.EscapeString(old) + "</p>"
	}
	return SanitizeHTML(old + more)
}

// begriffe keeps the terms of modulBegriffImKontext as search words
// (Synonyme) in their language.
func (p *xzufiParser) begriffe(m *xNode, texts langTexts) {
	for _, b := range m.kids("begriffImKontext") {
		for _, w := range b.kids("begriff") {
			if s := cleanSpace(w.Text); s != "" {
				t := texts.of(normLang(w.attr("languageCode")))
				t.Synonyms = append(t.Synonyms, s)
			}
		}
	}
}
