package portal

import (
	"html/template"
	"net/http"
	"net/url"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/catalog/live"
	"github.com/amtsweg/amtsweg/internal/catalog/sections"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/procedure"
)

// servicePage is the data of a service page with its finder section.
type servicePage struct {
	*live.Entry
	finder
	// Name is the service's name in the page's language where there is
	// one; NameLang marks it when it is German on a page in another.
	Name     string
	NameLang template.HTMLAttr
	// ApplyURL starts the online application; "" hides the button.
	ApplyURL string
	// Access says in words what applying online needs (login level or
	// none).
	Access string
	// Sections are the filled text sections, in page order (package
	// sections decides what fills them).
	Sections []pageSection
}

// pageSection is one section of the service page, ready to show.
type pageSection struct {
	ID    sections.ID
	List  bool
	Lines []pageLine
}

// pageLine is a paragraph or list item: its text, a lang attribute when
// its language is not the page's, and an optional link. HTML is set
// instead of Text for the catalog's rich text, after catalog.SanitizeHTML.
type pageLine struct {
	Text string
	HTML template.HTML
	Lang template.HTMLAttr
	URL  string
}

// Title is the page's name: the service's name.
func (p servicePage) Title() string { return p.Name }

// service shows GET /leistungen/{key}: the service's text sections, each
// from the best source there is (package sections), its audience and
// topic, the button to apply online with what that needs, and the finder
// "Wer ist für mich zuständig?" (with ?ort= a postal code or place name,
// and ?gebiet= the chosen municipality when several share it).
func (s *Handler) service(w http.ResponseWriter, r *http.Request) {
	e, err := s.d.Catalog.Service(r.PathValue("key"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	def, err := s.procedureOf(r, e)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := s.lang(r)
	p := servicePage{Entry: e, ApplyURL: s.applyURL(e)}
	p.Name, p.NameLang = nameIn(e, def, lang)
	if def != nil && p.ApplyURL != "" {
		p.Access = s.line(lang, sections.Access(def)).Text
	}
	for _, sec := range sections.Of(e.Service, def, string(lang)) {
		p.Sections = append(p.Sections, s.pageSection(lang, sec))
	}
	if p.finder, err = s.find(r, e.Key); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "service", p)
}

// procedureOf returns the definition of the procedure that serves e as
// the request's tenant has it (with its overlay's fees and hints), the
// nationwide one without overlays, or nil when no procedure serves e.
func (s *Handler) procedureOf(r *http.Request, e *live.Entry) (*procedure.Definition, error) {
	if e.Procedure == nil || s.d.Overlays == nil {
		return e.Procedure, nil
	}
	t, ok := s.tenant(r)
	if !ok {
		return e.Procedure, nil
	}
	def, _, err := s.d.Overlays.Effective(r.Context(), t, e.ProcedureID)
	if fault.Is(err, fault.NotFound) || s.site.DatabaseDown(err) {
		// Never read in this process before the outage: the nationwide
		// form from memory is the best there is (crisis mode).
		return e.Procedure, nil
	}
	return &def, err
}

// pageSection makes sec ready to show in lang.
func (s *Handler) pageSection(lang i18n.Lang, sec sections.Section) pageSection {
	out := pageSection{ID: sec.ID, List: sec.List}
	for _, l := range sec.Lines {
		out.Lines = append(out.Lines, s.line(lang, l))
	}
	return out
}

// line renders l in lang: a message of the catalog, or content text with
// its language marked when it is not the page's.
func (s *Handler) line(lang i18n.Lang, l sections.Line) pageLine {
	if l.Key != "" {
		return pageLine{Text: s.msgs.T(lang, l.Key, l.Args...), URL: l.URL}
	}
	if l.HTML {
		// Sanitised again here: only what went through the allow-list is
		// ever marked safe, whatever path the text took into the database.
		return pageLine{HTML: template.HTML(catalog.SanitizeHTML(l.Text)), Lang: langAttr(lang, l.Lang), URL: l.URL} //nolint:gosec // sanitised by catalog.SanitizeHTML
	}
	return pageLine{Text: l.Text, Lang: langAttr(lang, l.Lang), URL: l.URL}
}

// langAttr is lang="<of>" when of is not the page's language, else empty.
func langAttr(page i18n.Lang, of string) template.HTMLAttr {
	if of == "" || of == string(page) {
		return ""
	}
	return template.HTMLAttr(`lang="` + template.HTMLEscapeString(of) + `"`)
}

// nameIn is the service's name in lang (sections.Name), marked when it
// is in another language than the page's.
func nameIn(e *live.Entry, def *procedure.Definition, lang i18n.Lang) (string, template.HTMLAttr) {
	n, in := sections.Name(e.Service, def, string(lang))
	return n, langAttr(lang, in)
}

// applyURL returns where the online application for the service starts
// (the intro page GET /antrag/{procedure}, told which service it is for),
// or "" when it cannot be started here.
func (s *Handler) applyURL(e *live.Entry) string {
	if e.ProcedureID == "" || s.d.Apply == nil {
		return ""
	}
	return "/antrag/" + url.PathEscape(e.ProcedureID) + "?leistung=" + url.QueryEscape(e.LeiKaKey)
}
