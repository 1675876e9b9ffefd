package apply

import (
	"net/http"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/web/site"
)

// introPage is the data of apply_intro.html: what the applicant needs
// before starting.
type introPage struct {
	ID         string
	Name       string
	Intro      string
	ServiceKey string
	Steps      int      // pages of the form (Schritte)
	MinSteps   int      // pages every applicant sees: those without a visible_if
	Documents  []string // labels of the file fields
	Level      string   // assurance level needed
	Guest      bool     // guests may apply
	CanStart   bool     // the session (or guest access) suffices
	LoggedIn   bool
	LoginURL   string
	// StepUpURL and SSO offer a logged-in user below the needed level a
	// stronger login at the external provider; "" when there is none.
	StepUpURL string
	SSO       string
	Fees      string   // fee text (Kosten), "" for none
	Hints     []string // hints, the tenant's after the shared ones
}

// Title is the procedure's name.
func (p introPage) Title() string { return p.Name }

// applyIntro shows GET /antrag/{procedure}: what is needed (documents,
// number of steps, assurance level) and how to go on: as a guest where
// the procedure allows it, else after logging in.
func (s *Handler) applyIntro(w http.ResponseWriter, r *http.Request) {
	p, err := s.intro(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "apply_intro", p)
}

func (s *Handler) intro(r *http.Request) (introPage, error) {
	if s.d.Apply == nil {
		return introPage{}, fault.New(fault.NotFound, "online applications are not available")
	}
	def, err := s.effectiveProcedure(r, r.PathValue("procedure")) // the tenant's overlay (tenant_overlay.go)
	if err != nil {
		return introPage{}, err
	}
	lang := string(s.lang(r))
	p := introPage{ID: def.ID, Name: def.Title.In(lang), Intro: def.Intro.In(lang), Steps: len(def.Pages),
		Level: def.Assurance, Guest: def.Guest, ServiceKey: r.FormValue("leistung"), Fees: def.Fees.In(lang)}
	for _, pg := range def.Pages {
		if pg.VisibleIf == "" {
			p.MinSteps++
		}
	}
	for _, h := range def.Hints {
		p.Hints = append(p.Hints, h.In(lang))
	}
	for _, pg := range def.Pages {
		p.Documents = append(p.Documents, fileLabels(pg.Fields, lang)...)
	}
	_, p.LoggedIn = s.session(r)
	_, enough := s.sessionSatisfies(r, def.Assurance)
	p.CanStart = enough || def.Guest
	login := site.LoginPage{Level: def.Assurance, Next: r.URL.RequestURI()}
	p.LoginURL = login.LoginURL()
	if p.LoggedIn && !p.CanStart && s.d.SSO != nil {
		p.StepUpURL, p.SSO = login.StepUpURL(), s.d.SSO.Name()
	}
	return p, nil
}

// fileLabels lists the labels of the file fields in fields.
func fileLabels(fields []procedure.Field, lang string) []string {
	var out []string
	for _, f := range fields {
		if f.Type == procedure.FileUpload {
			out = append(out, f.Label.In(lang))
		}
		out = append(out, fileLabels(f.Fields, lang)...)
	}
	return out
}

// startApplication handles POST /antrag/{procedure}: starts a draft for
// the logged-in account (at the needed level) or, where allowed, for a
// guest, whose resume secret goes into the draft's cookie; then the first
// page. Without the needed login the login page is shown.
func (s *Handler) startApplication(w http.ResponseWriter, r *http.Request) {
	p, err := s.intro(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.tenantOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := apply.StartInput{TenantID: t.ID, ProcedureID: p.ID, ServiceKey: r.PostFormValue("leistung"), Owner: apply.GuestOwner(t.ID, "")}
	sess, enough := s.sessionSatisfies(r, p.Level)
	switch {
	case enough:
		in.Owner = apply.AccountOwner(sess.AccountID, sess.OrgID).At(sess.Level)
	case !p.Guest:
		r.URL.RawQuery = ""
		s.askLogin(w, r, p.Name, p.Level)
		return
	}
	a, secret, err := s.d.Apply.Start(r.Context(), in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if secret != "" {
		s.setGuestCookie(w, r, a.ID, secret, a.ResumeExpiresAt)
	}
	http.Redirect(w, r, draftPath(a.ID)+"/seiten/"+a.Page, http.StatusSeeOther)
}
