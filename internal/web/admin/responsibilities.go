package admin

import (
	"net/http"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/catalog"
)

// responsibilitiesPerPage is the page size of the responsibilities list.
const responsibilitiesPerPage = 50

// respPage is the data of admin_responsibilities.html.
type respPage struct {
	Rows             []respRow
	Total            int
	Page, Pages      int
	PrevURL, NextURL string
}

// respRow is a responsibility with its authority's name.
type respRow struct {
	catalog.Responsibility
	Authority string
}

// adminResponsibilities shows GET /verwaltung/mandant/zustaendigkeiten
// (?seite=n): the tenant's responsibilities, 50 a page (read-only).
func (s *Handler) adminResponsibilities(w http.ResponseWriter, r *http.Request) {
	staff := staffFrom(r)
	all, err := s.d.Directory.Responsibilities(r.Context(), staff.TenantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names, err := s.authorityNames(r, staff.TenantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := respPage{Total: len(all), Pages: max(1, (len(all)+responsibilitiesPerPage-1)/responsibilitiesPerPage)}
	p.Page, _ = strconv.Atoi(r.URL.Query().Get("seite"))
	p.Page = min(max(p.Page, 1), p.Pages)
	from := (p.Page - 1) * responsibilitiesPerPage
	for _, x := range all[from:min(from+responsibilitiesPerPage, len(all))] {
		p.Rows = append(p.Rows, respRow{Responsibility: x, Authority: names[x.AuthorityID]})
	}
	link := func(n int) string { return "/verwaltung/mandant/zustaendigkeiten?seite=" + strconv.Itoa(n) }
	if p.Page > 1 {
		p.PrevURL = link(p.Page - 1)
	}
	if p.Page < p.Pages {
		p.NextURL = link(p.Page + 1)
	}
	s.renderAdmin(w, r, http.StatusOK, "admin_responsibilities", "responsibilities", p)
}
