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

// pick fills section id from the service's text (field), else the
// procedure's text p (nil: none): in the page's language first, then in
// German.
func (t texts) pick(id ID, field func(catalog.Texts) string, p *procedure.Text) Section {
	one := func(src Source, text, lang string) Section {
		return Section{ID: id, Source: src, Lines: []Line{{Text: text, Lang: lang}}}
	}
	if t.lang != "de" {
		if x := strings.TrimSpace(field(t.s.Translations[t.lang].Texts)); x != "" {
			return one(FromService, x, t.lang)
		}
		if p != nil && t.lang == "en" && strings.TrimSpace(p.EN) != "" {
			return one(FromProcedure, strings.TrimSpace(p.EN), "en")
		}
	}
	if x := strings.TrimSpace(field(t.s.Texts)); x != "" {
		return one(FromService, x, "de")
	}
	if p != nil && strings.TrimSpace(p.DE) != "" {
		return one(FromProcedure, strings.TrimSpace(p.DE), "de")
	}
	return Section{ID: id}
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
	s := t.pick(Documents, func(x catalog.Texts) string { return x.Documents }, nil)
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
	s := t.pick(Hints, func(x catalog.Texts) string { return x.Hints }, nil)
	if s.Lines != nil || t.def == nil || len(t.def.Hints) == 0 {
		return s
	}
	s = Section{ID: Hints, Source: FromProcedure, List: len(t.def.Hints) > 1}
	for _, h := range t.def.Hints {
		s.Lines = append(s.Lines, t.line(h))
	}
	return s
}

// legal lists the service's legal references (from XZuFi or the LeiKa);
// they are German law, in German.
func legal(s catalog.Service) Section {
	src := FromService
	if s.Source == "leika" || s.Source == "" {
		src = FromLeiKa
	}
	out := Section{ID: Legal, Source: src, List: true}
	for _, l := range s.LegalBasis {
		if strings.TrimSpace(l.Text) != "" {
			out.Lines = append(out.Lines, Line{Text: l.Text, Lang: "de", URL: l.URL})
		}
	}
	return out
}
