package admin

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/web/site"
)

// fourEyesPage is the data of admin_four_eyes.html: the tenant's
// four-eyes rules (Mitzeichnung) and the form to set one.
type fourEyesPage struct {
	Procedures  []casework.FourEyesProcedure
	Authorities []catalog.Authority
	Rules       []fourEyesRow
	Scopes      []casework.FourEyesScope
	Saved       bool
	Errors      []string // message keys of a refused rule
	Form        casework.FourEyesRule
}

// fourEyesRow is one stored rule with the names of its procedure and
// authority ("" for every authority).
type fourEyesRow struct {
	casework.FourEyesRule
	Procedure, Authority string
}

const fourEyesPath = "/verwaltung/mandant/mitzeichnung"

// fourEyesRoutes registers the four-eyes page's routes.
func (s *Handler) fourEyesRoutes(mux site.Mux) {
	mux.HandleFunc("GET "+fourEyesPath, s.tenantAdmin(s.adminFourEyes))
	mux.HandleFunc("POST "+fourEyesPath, s.tenantAdmin(s.adminFourEyesSave))
}

// adminFourEyes shows GET /verwaltung/mandant/mitzeichnung.
func (s *Handler) adminFourEyes(w http.ResponseWriter, r *http.Request) {
	p, err := s.fourEyesPage(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Saved = r.URL.Query().Get("hinweis") == "gespeichert"
	s.renderAdmin(w, r, http.StatusOK, "admin_four_eyes", "four_eyes", p)
}

// adminFourEyesSave handles POST /verwaltung/mandant/mitzeichnung: one
// rule for a procedure, for every authority (authority=0) or one.
func (s *Handler) adminFourEyesSave(w http.ResponseWriter, r *http.Request) {
	staff := staffFrom(r)
	if s.d.Cases == nil {
		s.fail(w, r, fault.New(fault.NotFound, "no case processing in this process"))
		return
	}
	authority, _ := strconv.ParseInt(r.PostFormValue("authority"), 10, 64)
	rule := casework.FourEyesRule{ProcedureID: r.PostFormValue("procedure"), AuthorityID: authority,
		Scope: casework.FourEyesScope(r.PostFormValue("scope"))}
	err := s.d.Cases.SetFourEyesRule(r.Context(), actorOf(staff.AccountID), staff.TenantID, rule)
	if err == nil {
		http.Redirect(w, r, fourEyesPath+"?hinweis=gespeichert", http.StatusSeeOther)
		return
	}
	var fe *fault.Error
	if !errors.As(err, &fe) || (fe.Code != fault.Invalid && fe.Code != fault.NotFound) {
		s.fail(w, r, err)
		return
	}
	p, perr := s.fourEyesPage(r)
	if perr != nil {
		s.fail(w, r, perr)
		return
	}
	p.Form = rule
	for _, f := range fe.Fields {
		p.Errors = append(p.Errors, "admin.four_eyes.error."+f.Field)
	}
	if len(p.Errors) == 0 {
		p.Errors = []string{"admin.four_eyes.error.authority"}
	}
	s.renderAdmin(w, r, http.StatusUnprocessableEntity, "admin_four_eyes", "four_eyes", p)
}

// fourEyesPage loads the rules with their names and the form's choices.
func (s *Handler) fourEyesPage(r *http.Request) (fourEyesPage, error) {
	ctx, tenantID := r.Context(), staffFrom(r).TenantID
	if s.d.Cases == nil {
		return fourEyesPage{}, fault.New(fault.NotFound, "no case processing in this process")
	}
	p := fourEyesPage{Scopes: casework.FourEyesScopes, Form: casework.FourEyesRule{Scope: casework.FourEyesRejections}}
	var err error
	if p.Procedures, err = s.d.Cases.FourEyesProcedures(ctx); err != nil {
		return p, err
	}
	if p.Authorities, err = s.d.Directory.Authorities(ctx, tenantID); err != nil {
		return p, err
	}
	rules, err := s.d.Cases.TenantFourEyesRules(ctx, tenantID)
	if err != nil {
		return p, err
	}
	for _, rule := range rules {
		row := fourEyesRow{FourEyesRule: rule, Procedure: rule.ProcedureID}
		for _, pr := range p.Procedures {
			if pr.ID == rule.ProcedureID {
				row.Procedure = pr.Title
			}
		}
		for _, a := range p.Authorities {
			if a.ID == rule.AuthorityID {
				row.Authority = a.Name
			}
		}
		p.Rules = append(p.Rules, row)
	}
	return p, nil
}
