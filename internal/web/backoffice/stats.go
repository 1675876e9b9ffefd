package backoffice

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// statsPage is the data of backoffice_stats.html: the statistics
// (Statistik) of the authorities in the staff member's scope, which
// casework derives from the principal (the query string only narrows it).
type statsPage struct {
	Tenant      bool // the scope is the whole tenant
	Units       int  // authorities in the scope when not Tenant
	Authorities []catalog.Authority
	Procedures  []casework.ProcedureOption
	Authority   int64
	Procedure   string
	Stats       casework.Stats
	From        string // the period's first day
	Median, P90 string
	OpenTotal   int
	OpenRows    []statRow
	Weeks       []weekRow
	Lead        []leadRow // by procedure
	Charts      statCharts
	// LeadSections are the lead times by procedure and by authority.
	LeadSections []leadSection
}

// statCharts are the page's charts over the whole scope.
type statCharts struct {
	Open, Weeks, Backlog chart
}

// leadSection is a chart and table of lead times.
type leadSection struct {
	ID, Title, Caption, Col string
	Chart                   chart
	Rows                    []leadRow
}

// statRow is one status of the open cases table.
type statRow struct {
	Label string
	N     int
}

// weekRow is one week of the weekly tables.
type weekRow struct {
	Label                      string
	Received, Decided, Backlog int
}

// leadRow is one procedure or authority of a lead time table.
type leadRow struct {
	Name         string
	Decided      int
	Median, P90  string
	medianTenths int
	p90Tenths    int
}

// statistics shows GET /verwaltung/statistik: case workers see their
// units, heads of unit their authorities, tenant admins the tenant.
func (s *Handler) statistics(w http.ResponseWriter, r *http.Request) {
	staff := staffFrom(r.Context())
	q := r.URL.Query()
	p := statsPage{Procedure: q.Get("verfahren")}
	if v := q.Get("behoerde"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			s.fail(w, r, fault.New(fault.Invalid, "the authority (behoerde) must be a number"))
			return
		}
		p.Authority = id
	}
	st, err := s.d.Cases.Statistics(r.Context(), staff, casework.StatsFilter{AuthorityID: p.Authority, ProcedureID: p.Procedure})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	scope, err := s.d.Cases.StatsScope(r.Context(), staff)
	if err == nil {
		p.Authorities, err = s.statsAuthorities(r, scope)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Stats, p.Tenant, p.Units, p.Procedures = st, scope.Tenant, len(scope.Authorities), st.Procedures
	s.fillStats(r, &p)
	s.render(w, r, http.StatusOK, "backoffice_stats", p)
}

// statsAuthorities lists the authorities of the filter: the tenant's for
// a tenant admin, else those of the scope.
func (s *Handler) statsAuthorities(r *http.Request, scope casework.StatsScope) ([]catalog.Authority, error) {
	if scope.Tenant {
		return s.d.Directory.Authorities(r.Context(), scope.TenantID)
	}
	var out []catalog.Authority
	for _, id := range scope.Authorities {
		a, err := s.d.Directory.Authority(r.Context(), scope.TenantID, id)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// days formats a number of days with one decimal in the language's style.
func days(lang string, d float64) string {
	s := strconv.FormatFloat(d, 'f', 1, 64)
	if lang == "de" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}
