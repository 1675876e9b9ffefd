package portal

import (
	"net/http"

	"github.com/amtsweg/amtsweg/internal/catalog"
)

// coveragePage is the data of the coverage report.
type coveragePage struct {
	Scope  catalog.Region   // the area the report covers
	Scopes []catalog.Region // areas to choose: Deutschland and the Länder
	Rows   []coverageRow
}

// coverageRow is one service of the report with the first gaps.
type coverageRow struct {
	catalog.CoverageRow
	Percent  int
	FirstGap []catalog.Region // the first gaps, by ARS
	MoreGaps int              // gaps not listed
}

// gapsShown bounds the gaps listed per service.
const gapsShown = 12

// coverage shows GET /abdeckung?gebiet=ARS: for every service with
// responsibilities of the host's tenant, in how many Gemeinden of the
// area an authority is responsible, and the gaps. The area defaults to
// the smallest one holding all of the tenant's responsibilities. The
// page is public and read-only.
func (s *Handler) coverage(w http.ResponseWriter, r *http.Request) {
	t, err := s.tenantOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	var p coveragePage
	if ars := r.URL.Query().Get("gebiet"); ars != "" {
		p.Scope, err = s.d.Directory.Region(ctx, ars)
	} else {
		p.Scope, err = s.d.Directory.TenantArea(ctx, t.ID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if p.Scopes, err = scopes(r, s); err != nil {
		s.fail(w, r, err)
		return
	}
	rows, err := s.d.Directory.Coverage(ctx, t.ID, p.Scope.ARS)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, row := range rows {
		cr := coverageRow{CoverageRow: row, FirstGap: row.Gaps[:min(gapsShown, len(row.Gaps))]}
		cr.MoreGaps = len(row.Gaps) - len(cr.FirstGap)
		if row.Total > 0 {
			cr.Percent = row.Covered * 100 / row.Total
		}
		p.Rows = append(p.Rows, cr)
	}
	s.render(w, r, http.StatusOK, "coverage", p)
}

// scopes are the areas the report can cover: Deutschland and its Länder.
func scopes(r *http.Request, s *Handler) ([]catalog.Region, error) {
	root, err := s.d.Directory.Region(r.Context(), catalog.RootARS)
	if err != nil {
		return nil, err
	}
	states, err := s.d.Directory.ChildRegions(r.Context(), catalog.RootARS)
	return append([]catalog.Region{root}, states...), err
}
