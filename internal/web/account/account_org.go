package account

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// orgPage is the data of account_org.html.
type orgPage struct {
	*form
	Org       account.Membership
	Members   []account.MemberAccount
	Drafts    []appRow
	Submitted []appRow
	Acting    bool
	Self      int64
}

// orgOf returns the organisation {org} of the path if v is a member;
// anyone else gets NotFound, so ids cannot be probed.
func (s *Handler) orgOf(r *http.Request, v *visitor) (account.Membership, error) {
	id, _ := strconv.ParseInt(r.PathValue("org"), 10, 64)
	ms, err := s.d.Accounts.Organisations(r.Context(), v.Account.TenantID, v.Account.ID)
	if err != nil {
		return account.Membership{}, err
	}
	for _, m := range ms {
		if m.ID == id {
			return m, nil
		}
	}
	return account.Membership{}, fault.New(fault.NotFound, "no such organisation")
}

// organisation shows an organisation to its members (GET
// /konto/organisationen/{org}): its applications and drafts, its members
// and, for admins, the member form.
func (s *Handler) organisation(w http.ResponseWriter, r *http.Request) {
	v := visitorOf(r.Context()) // the citizen guard of the route let it in
	s.renderOrg(w, r, v, newForm(r), http.StatusOK)
}

func (s *Handler) renderOrg(w http.ResponseWriter, r *http.Request, v *visitor, f *form, status int) {
	m, err := s.orgOf(r, v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := orgPage{form: f, Org: m, Acting: v.OrgID == m.ID, Self: v.Account.ID}
	if p.Members, err = s.d.Accounts.MemberAccounts(r.Context(), v.Account.TenantID, v.Account.ID, m.ID); err == nil {
		p.Drafts, p.Submitted, err = s.applications(r, apply.AccountOwner(v.Account.ID, m.ID))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if q := r.URL.Query().Get("hinweis"); q != "" && f.Notice == "" {
		f.Notice = map[string]string{"mitglied": "account.org.member_added", "entwurf-geloescht": "account.home.draft_deleted",
			"handeln": "account.org.acting_now"}[q]
	}
	s.render(w, r, status, "account_org", p)
}

// orgAddMember adds an existing account by its address (POST
// /konto/organisationen/{org}/mitglieder); the answer is the same whether
// an account has that address or not.
func (s *Handler) orgAddMember(w http.ResponseWriter, r *http.Request) {
	v := visitorOf(r.Context()) // the citizen guard of the route let it in
	m, err := s.orgOf(r, v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := newForm(r, "email", "admin")
	f.Require("email")
	if !f.Failed() {
		err = s.d.Accounts.AddMemberByEmail(r.Context(), v.Account.TenantID, v.Account.ID, m.ID, f.Values["email"], f.Values["admin"] == "yes")
		if err == nil {
			http.Redirect(w, r, r.URL.Path[:len(r.URL.Path)-len("/mitglieder")]+"?hinweis=mitglied", http.StatusSeeOther)
			return
		}
		if !f.Take(err, nil) {
			s.fail(w, r, err)
			return
		}
	}
	s.renderOrg(w, r, v, f, http.StatusUnprocessableEntity)
}

// orgRemoveMember removes a member (POST
// /konto/organisationen/{org}/mitglieder/{account}/entfernen); the last
// admin stays.
func (s *Handler) orgRemoveMember(w http.ResponseWriter, r *http.Request) {
	v := visitorOf(r.Context()) // the citizen guard of the route let it in
	m, err := s.orgOf(r, v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, _ := strconv.ParseInt(r.PathValue("account"), 10, 64)
	err = s.d.Accounts.RemoveMember(r.Context(), v.Account.TenantID, v.Account.ID, m.ID, id)
	if errors.Is(err, account.ErrLastAdmin) {
		f := newForm(r)
		f.Alert = fieldMsg{Key: "account.org.last_admin"}
		s.renderOrg(w, r, v, f, http.StatusConflict)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if id == v.Account.ID {
		http.Redirect(w, r, "/konto", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/konto/organisationen/"+strconv.FormatInt(m.ID, 10), http.StatusSeeOther)
}

// orgAct makes the browser act for the organisation, or for the account
// itself with org 0 (POST /konto/organisationen/{org}/handeln).
func (s *Handler) orgAct(w http.ResponseWriter, r *http.Request) {
	v := visitorOf(r.Context()) // the citizen guard of the route let it in
	if r.PathValue("org") == "0" {
		http.SetCookie(w, &http.Cookie{Name: orgCookie, Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.sessionCookie(r).Secure, SameSite: http.SameSiteLaxMode})
		http.Redirect(w, r, "/konto", http.StatusSeeOther)
		return
	}
	m, err := s.orgOf(r, v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id := strconv.FormatInt(m.ID, 10)
	http.SetCookie(w, &http.Cookie{Name: orgCookie, Value: id, Path: "/", HttpOnly: true,
		Secure: s.sessionCookie(r).Secure, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/konto/organisationen/"+id+"?hinweis=handeln", http.StatusSeeOther)
}

// Title names the page after the organisation.
func (p orgPage) Title() string { return p.Org.Name }
