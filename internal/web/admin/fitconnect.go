package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/fitconnect/subscriber"
	"github.com/amtsweg/amtsweg/internal/web/site"
)

// fitPath is the FIT-Connect inbox page (FIT-Connect-Eingang).
const fitPath = "/verwaltung/mandant/fitconnect"

// fitPerPage is the page size of the received submissions.
const fitPerPage = 25

// fitOutcomes maps the page's filter values to the subscriber's outcomes.
var fitOutcomes = map[string]string{"angenommen": subscriber.Accepted, "abgelehnt": subscriber.Rejected}

// fitPage is the data of admin_fitconnect.html: the tenant's destinations
// (Zustellpunkte) with the form for a new one, and a page of the received
// submissions, filtered by outcome.
type fitPage struct {
	Destinations []fitDestination
	Authorities  []catalog.Authority
	Rows         []fitRow
	Filter       string // "", "angenommen" or "abgelehnt"
	Total        int
	Page, Pages  int
	PrevURL      string
	NextURL      string
	Created      string // the destination just made (after the redirect)
	Form         fitForm
	Errors       []fitError
}

// fitDestination is a destination with its authority's name.
type fitDestination struct {
	subscriber.DestinationInfo
	Authority string
	JWKSURL   string
}

// fitRow is one received submission as the list shows it.
type fitRow struct {
	subscriber.Decision
	Received  string
	Authority string             // of the destination
	Case      *casework.CaseLink // nil: rejected, or no case yet
	Problems  []fitProblem
}

// fitProblem is one reason of a rejection: the message key of its type
// and the part it concerns, with the subscriber's technical detail.
type fitProblem struct {
	TypeKey, PartKey, Attachment, Detail string
}

// fitConnectRoutes registers the FIT-Connect inbox's routes.
func (s *Handler) fitConnectRoutes(mux site.Mux) {
	mux.HandleFunc("GET "+fitPath, s.tenantAdmin(s.adminFitConnect))
	mux.HandleFunc("POST "+fitPath, s.tenantAdmin(s.adminFitConnectCreate))
	mux.HandleFunc("GET "+fitPath+"/{destination}/jwks.json", s.tenantAdmin(s.adminFitConnectJWKS))
}

// adminFitConnect shows GET /verwaltung/mandant/fitconnect (?ergebnis=,
// ?seite=n): destinations and received submissions, newest first.
func (s *Handler) adminFitConnect(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := fitPage{Filter: q.Get("ergebnis")}
	if _, ok := fitOutcomes[p.Filter]; !ok {
		p.Filter = ""
	}
	p.Page, _ = strconv.Atoi(q.Get("seite"))
	if q.Get("hinweis") == "angelegt" {
		p.Created = q.Get("zustellpunkt")
	}
	s.showFitConnect(w, r, http.StatusOK, p)
}

// showFitConnect loads p's lists and renders the page with status.
func (s *Handler) showFitConnect(w http.ResponseWriter, r *http.Request, status int, p fitPage) {
	if s.d.FitConnect == nil {
		s.fail(w, r, fault.New(fault.NotFound, "no FIT-Connect inbox in this process"))
		return
	}
	if err := s.fitDestinations(r, &p); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.fitReceived(r, &p); err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderAdmin(w, r, status, "admin_fitconnect", "fitconnect", p)
}

// fitDestinations loads the tenant's authorities and destinations.
func (s *Handler) fitDestinations(r *http.Request, p *fitPage) error {
	tenantID := staffFrom(r).TenantID
	var err error
	if p.Authorities, err = s.d.Directory.Authorities(r.Context(), tenantID); err != nil {
		return err
	}
	ds, err := s.d.FitConnect.Destinations(r.Context(), tenantID)
	for _, d := range ds {
		p.Destinations = append(p.Destinations, fitDestination{DestinationInfo: d, Authority: authorityName(p.Authorities, d.AuthorityID),
			JWKSURL: fitPath + "/" + url.PathEscape(d.ID) + "/jwks.json"})
	}
	return err
}

// fitReceived loads the page of received submissions with their cases.
func (s *Handler) fitReceived(r *http.Request, p *fitPage) error {
	staff := staffFrom(r)
	rq := subscriber.ReceivedQuery{Outcome: fitOutcomes[p.Filter], Limit: fitPerPage}
	p.Page = max(p.Page, 1)
	rq.Offset = (p.Page - 1) * fitPerPage
	rows, total, err := s.d.FitConnect.Received(r.Context(), staff.TenantID, rq)
	if err == nil && len(rows) == 0 && total > 0 { // a page past the end: the last one
		p.Page = (total + fitPerPage - 1) / fitPerPage
		rq.Offset = (p.Page - 1) * fitPerPage
		rows, total, err = s.d.FitConnect.Received(r.Context(), staff.TenantID, rq)
	}
	if err != nil {
		return err
	}
	p.Total, p.Pages = total, max(1, (total+fitPerPage-1)/fitPerPage)
	cases, err := s.fitCases(r, staff, rows)
	if err != nil {
		return err
	}
	lang := s.site.Lang(r)
	for _, d := range rows {
		row := fitRow{Decision: d, Received: site.FormatTime(lang, d.ReceivedAt), Problems: fitProblems(d.Problems)}
		for _, x := range p.Destinations {
			if x.ID == d.DestinationID {
				row.Authority = x.Authority
			}
		}
		if c, ok := cases[d.ApplicationID]; ok && d.ApplicationID != 0 {
			row.Case = &c
		}
		p.Rows = append(p.Rows, row)
	}
	q := url.Values{}
	if p.Filter != "" {
		q.Set("ergebnis", p.Filter)
	}
	pg := site.NewPager(fitPath, q, p.Page, p.Pages)
	p.PrevURL, p.NextURL = pg.Prev, pg.Next
	return nil
}

// fitCases asks casework for the cases of the accepted submissions and
// whether the admin may open each.
func (s *Handler) fitCases(r *http.Request, staff casework.Staff, rows []subscriber.Decision) (map[int64]casework.CaseLink, error) {
	var ids []int64
	for _, d := range rows {
		if d.ApplicationID != 0 {
			ids = append(ids, d.ApplicationID)
		}
	}
	if s.d.Cases == nil || len(ids) == 0 {
		return nil, nil
	}
	return s.d.Cases.ApplicationCases(r.Context(), staff, ids)
}

// fitProblems turns the problems of a rejection into message keys: the
// type's German or English name and the part ("metadata", "data",
// "attachment:<id>") it concerns.
func fitProblems(ps []subscriber.Problem) []fitProblem {
	out := make([]fitProblem, 0, len(ps))
	for _, p := range ps {
		x := fitProblem{TypeKey: "fitadmin.problem.other", PartKey: "fitadmin.part.other", Detail: p.Detail}
		if name, ok := strings.CutPrefix(p.Type, subscriber.ProblemBase); ok && subscriber.KnownProblem(name) {
			x.TypeKey = "fitadmin.problem." + name
		}
		switch id, ok := strings.CutPrefix(p.Instance, "attachment:"); {
		case ok:
			x.PartKey, x.Attachment = "fitadmin.part.attachment", id
		case p.Instance == "metadata" || p.Instance == "data":
			x.PartKey = "fitadmin.part." + p.Instance
		}
		out = append(out, x)
	}
	return out
}

// authorityName is the name of authority id among auths, "" if none.
func authorityName(auths []catalog.Authority, id int64) string {
	for _, a := range auths {
		if a.ID == id {
			return a.Name
		}
	}
	return ""
}
