package sections

import (
	"strings"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/procedure"
)

// texts picks a section's text from the service and its procedure.
type texts struct {
	s    catalog.Service
	def  *procedure.Definition
	lang string
}

// procText returns the procedure's text chosen by f, or nil without a
// procedure.
func (t texts) procText(f func(*procedure.Definition) procedure.Text) *procedure.Text {
	if t.def == nil {
		return nil
	}
	x := f(t.def)
	return &x
}

// pick fills section id from the service's text section (a
// catalog.Section… name), else the procedure's text p (nil: none): in
// the page's language first, then in German.
func (t texts) pick(id ID, section string, p *procedure.Text) Section {
	one := func(src Source, l Line) Section {
		return Section{ID: id, Source: src, Lines: []Line{l}}
	}
	if t.lang != "de" {
		if l, ok := t.own(section, t.lang); ok {
			return one(FromService, l)
		}
		if p != nil && t.lang == "en" && strings.TrimSpace(p.EN) != "" {
			return one(FromProcedure, Line{Text: strings.TrimSpace(p.EN), Lang: "en"})
		}
	}
	if l, ok := t.own(section, "de"); ok {
		return one(FromService, l)
	}
	if p != nil && strings.TrimSpace(p.DE) != "" {
		return one(FromProcedure, Line{Text: strings.TrimSpace(p.DE), Lang: "de"})
	}
	return Section{ID: id}
}

// own is the service's own text of section in lang (German: the main
// texts, else the translation), marked as HTML when it is rich text.
func (t texts) own(section, lang string) (Line, bool) {
	x := t.s.Texts
	if lang != "de" {
		x = t.s.Translations[lang].Texts
	}
	v := strings.TrimSpace(x.Get(section))
	if v == "" {
		return Line{}, false
	}
	return Line{Text: v, Lang: lang, HTML: x.IsHTML(section)}, true
}

// ownIn is the service's text of section in the page's language, else in
// German.
func (t texts) ownIn(section string) (Line, bool) {
	if t.lang != "de" {
		if l, ok := t.own(section, t.lang); ok {
			return l, true
		}
	}
	return t.own(section, "de")
}

// what is the description: the catalog's summary (Kurztext, else its
// teaser) and full text (Volltext), followed by the procedure's intro;
// without a catalog text the intro alone, else what the LeiKa says.
func (t texts) what() Section {
	s := t.pick(What, catalog.SectionSummary, t.procText(func(d *procedure.Definition) procedure.Text { return d.Intro }))
	if s.Source != FromService {
		if l, ok := t.ownIn(catalog.SectionTeaser); ok {
			s = Section{ID: What, Source: FromService, Lines: []Line{l}}
		}
	}
	if l, ok := t.ownIn(catalog.SectionDescription); ok {
		if s.Source != FromService {
			s = Section{ID: What, Source: FromService}
		}
		s.Lines = append(s.Lines, l)
	}
	switch {
	case s.Source == FromService:
		return t.withIntro(s)
	case s.Lines == nil:
		return leikaWhat(t.s)
	}
	return s
}

// withIntro follows the catalog's description with the online procedure's
// own introduction, which says what this procedure covers: the catalog
// text (XZuFi, the content pack) describes the service in general, the
// intro the form a citizen is about to fill.
func (t texts) withIntro(what Section) Section {
	if t.def == nil || strings.TrimSpace(t.def.Intro.DE) == "" {
		return what
	}
	l := t.line(t.def.Intro)
	for _, x := range what.Lines {
		if x.Text == l.Text {
			return what
		}
	}
	what.Lines = append(what.Lines, l)
	return what
}

// line is a procedure text as a line in the page's language, else German.
func (t texts) line(x procedure.Text) Line {
	if t.lang == "en" && x.EN != "" {
		return Line{Text: x.EN, Lang: "en"}
	}
	return Line{Text: x.DE, Lang: "de"}
}

// documents lists the service's documents text, else the labels of the
// procedure's file fields: what the form will ask to upload.
func (t texts) documents() Section {
	s := t.pick(Documents, catalog.SectionDocuments, nil)
	if s.Lines != nil || t.def == nil {
		return s
	}
	s = Section{ID: Documents, Source: FromProcedure, List: true}
	for _, pg := range t.def.Pages {
		for _, l := range fileLabels(pg.Fields) {
			s.Lines = append(s.Lines, t.line(l))
		}
	}
	return s
}

// fileLabels returns the labels of the file fields among fields, also
// inside groups, without repeats.
func fileLabels(fields []procedure.Field) []procedure.Text {
	var out []procedure.Text
	for _, f := range fields {
		if f.Type == procedure.FileUpload {
			out = append(out, f.Label)
		}
		out = append(out, fileLabels(f.Fields)...)
	}
	return out
}

// hints are the service's hints, else the procedure's.
func (t texts) hints() Section {
	s := t.pick(Hints, catalog.SectionHints, nil)
	if s.Lines != nil || t.def == nil || len(t.def.Hints) == 0 {
		return s
	}
	s = Section{ID: Hints, Source: FromProcedure, List: len(t.def.Hints) > 1}
	for _, h := range t.def.Hints {
		s.Lines = append(s.Lines, t.line(h))
	}
	return s
}

// legal is the catalog's text on the legal basis (Handlungsgrundlagen)
// followed by the service's legal references (from XZuFi or the LeiKa);
// the references are German law, in German.
func (t texts) legal() Section {
	src := FromService
	if t.s.Source == "leika" || t.s.Source == "" {
		src = FromLeiKa
	}
	out := Section{ID: Legal, Source: src, List: true}
	if l, ok := t.ownIn(catalog.SectionLegal); ok {
		out.Source, out.Lines = FromService, []Line{l}
	}
	for _, l := range t.s.LegalBasis {
		if strings.TrimSpace(l.Text) != "" {
			out.Lines = append(out.Lines, Line{Text: l.Text, Lang: "de", URL: l.URL})
		}
	}
	return out
}
