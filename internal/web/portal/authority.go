package portal

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/catalog/live"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// authorityPage is the data of an authority's page.
type authorityPage struct {
	Authority *catalog.Authority
	Parent    *catalog.Authority // the authority it belongs to, if any
	Services  []*live.Entry      // services it is responsible for somewhere
}

// Title is the page's name: the authority's name.
func (p authorityPage) Title() string { return p.Authority.Name }

// authority shows GET /behoerden/{id}: address, contact, opening hours
// and the services the authority of the host's tenant is responsible for.
func (s *Handler) authority(w http.ResponseWriter, r *http.Request) {
	t, err := s.tenantOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(w, r, fault.New(fault.NotFound, "no authority %q", r.PathValue("id")))
		return
	}
	a, err := s.d.Directory.Authority(r.Context(), t.ID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := authorityPage{Authority: &a}
	if a.ParentID != 0 {
		if parent, err := s.d.Directory.Authority(r.Context(), t.ID, a.ParentID); err == nil {
			p.Parent = &parent
		}
	}
	if p.Services, err = s.servicesOf(r, t.ID, a.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "authority", p)
}

// servicesOf lists the services an authority is responsible for, a
// LeiKa group standing for all its services, by name in the request's
// language.
func (s *Handler) servicesOf(r *http.Request, tenantID tenant.ID, authorityID int64) ([]*live.Entry, error) {
	rs, err := s.d.Directory.AuthorityResponsibilities(r.Context(), tenantID, authorityID)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []*live.Entry
	add := func(e *live.Entry) {
		if !seen[e.Key] {
			seen[e.Key] = true
			out = append(out, e)
		}
	}
	for _, x := range rs {
		for _, e := range s.d.Catalog.Services([]string{x.ServiceKey}) {
			add(e)
		}
		for _, e := range s.d.Catalog.InGroup(x.ServiceKey) {
			add(e)
		}
	}
	lang := string(s.lang(r))
	slices.SortFunc(out, func(a, b *live.Entry) int { return compareNames(a.NameIn(lang), b.NameIn(lang)) })
	return out, nil
}

func compareNames(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
