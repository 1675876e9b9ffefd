package apply

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/web/site"
)

// Crisis mode (docs/crisis.md): when a form page cannot be saved because
// the database is gone, the answer is the same form page again with what
// was typed and the notice "could not be saved, please send again in a
// few minutes" (503, Retry-After) — drawn from memory: the procedure
// version this process last read for the draft (apply keeps it) and the
// posted values, nothing else of the draft. A draft this process never
// showed (its page came from another process) gets the generic
// maintenance page, which holds the values too.

// formRef is what a draft's form needs besides the answers: which
// procedure version it fills. No answers, no owner.
type formRef struct {
	tenant    tenant.ID
	procedure string
	version   int
}

// remember notes a's procedure version for keepPage.
func (s *Handler) remember(a apply.Application) {
	s.forms.Store(a.ID, formRef{a.TenantID, a.ProcedureID, a.Version})
}

// keepPage is the Keeper of the form pages' POST (site.KeepForm).
func (s *Handler) keepPage(r *http.Request) (string, any, bool) {
	id, pageID, ok := pagePath(r.URL.Path)
	ref, known := s.forms.Load(id)
	if !ok || !known || s.d.Apply == nil {
		return "", nil, false
	}
	f := ref.(formRef)
	a := apply.Application{ID: id, TenantID: f.tenant, ProcedureID: f.procedure, Version: f.version}
	def, _, known := s.d.Apply.RememberedForm(r.Context(), a) // never the database: it is gone
	if !known {
		return "", nil, false
	}
	for i, pg := range def.Pages {
		if pg.ID != pageID {
			continue
		}
		form := site.PostedValues(r)
		a.Answers = s.parser(r, form).fields(pg.Fields, "")
		b := s.newBuilder(r, def, nil, nil)
		b.page = pg.Fields
		_, b.hidden, _ = s.d.Apply.RememberedForm(r.Context(), a) // with this page's answers
		lang := string(s.lang(r))
		p := formPage{Procedure: def.Title.In(lang), Heading: pg.Title.In(lang), Intro: pg.Intro.In(lang),
			Step: i + 1, Steps: len(def.Pages), Action: r.URL.RequestURI(), Multipart: hasFiles(pg.Fields),
			Fields: b.fields(pg.Fields, a.Answers, ""), Unsaved: true}
		p.FullTitle = s.msgs.T(s.lang(r), "apply.page.title", "page", p.Heading, "procedure", p.Procedure)
		return "apply_page", p, true
	}
	return "", nil, false
}

// pagePath reads id and page of /antraege/{id}/seiten/{page}: the keeper
// may run before the route's path values are set (the crisis gate).
func pagePath(path string) (int64, string, bool) {
	rest, ok := strings.CutPrefix(path, "/antraege/")
	idText, page, ok2 := strings.Cut(rest, "/seiten/")
	id, err := strconv.ParseInt(idText, 10, 64)
	return id, page, ok && ok2 && err == nil && id > 0 && page != "" && !strings.Contains(page, "/")
}
