package account

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/mailbox"
	webapply "github.com/amtsweg/amtsweg/internal/web/apply"
)

// appRow is one application in a list of "Mein Konto".
type appRow struct {
	ID        int64
	Title     string
	Draft     bool
	Reference string
	Updated   string
	Link      string // where to resume the draft or read the receipt
	// Submitted applications: the case's status as the applicant sees it
	// (a message key), the unread mailbox entries and whether a request
	// waits for an answer; Mailbox links to the application's mailbox
	// (Postfach) when the session may open it.
	Progress     string
	Unread       int
	ActionNeeded bool
	Mailbox      string
}

// accountPage is the data of account_home.html ("Mein Konto").
type accountPage struct {
	Account       account.Account
	Level         string
	Drafts        []appRow
	Submitted     []appRow
	Organisations []account.Membership
	ActingFor     int64
	Notice        string
}

// accountHome is "Mein Konto" (GET /konto): submitted applications with
// their status and unread messages, drafts, the organisations, links to
// mailbox, profile, second factor and sessions.
func (s *Handler) accountHome(w http.ResponseWriter, r *http.Request) {
	v := visitorOf(r.Context()) // the citizen guard of the route let it in
	p := accountPage{Account: v.Account, Level: v.Session.Level.String(), ActingFor: v.OrgID}
	var err error
	if p.Drafts, p.Submitted, err = s.applications(r, apply.AccountOwner(v.Account.ID, 0)); err != nil {
		s.fail(w, r, err)
		return
	}
	if p.Organisations, err = s.d.Accounts.Organisations(r.Context(), v.Account.TenantID, v.Account.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	switch r.URL.Query().Get("hinweis") {
	case "entwurf-geloescht":
		p.Notice = "account.home.draft_deleted"
	case "unbestaetigt-verworfen":
		p.Notice = "account.sso.discarded_unverified"
	case "dienstkonto-getrennt":
		p.Notice = "account.sso.staff_separate"
	}
	s.render(w, r, http.StatusOK, "account_home", p)
}

// applications lists owner's drafts and submitted applications.
func (s *Handler) applications(r *http.Request, owner apply.Owner) (drafts, submitted []appRow, err error) {
	if s.d.Apply == nil {
		return nil, nil, nil
	}
	tenantID, _ := s.tenant(r)
	apps, err := s.d.Apply.Drafts(r.Context(), tenantID, owner)
	if err != nil {
		return nil, nil, err
	}
	lang := string(s.lang(r))
	for _, a := range apps {
		row := appRow{ID: a.ID, Draft: a.Status == apply.Draft, Reference: a.Reference,
			Updated: a.UpdatedAt.In(accountZone).Format("02.01.2006 15:04")}
		if def, err := s.d.Apply.Definition(r.Context(), a); err == nil {
			row.Title = def.Title.In(lang)
		}
		if row.Draft {
			row.Link = fmt.Sprintf("/antraege/%d/pruefen", a.ID)
			if a.Page != "" {
				row.Link = fmt.Sprintf("/antraege/%d/seiten/%s", a.ID, a.Page)
			}
			drafts = append(drafts, row)
		} else {
			row.Link = fmt.Sprintf("/antraege/%d/eingangsbestaetigung", a.ID)
			submitted = append(submitted, row)
		}
	}
	return drafts, submitted, s.caseProgress(r, owner, submitted)
}

// caseProgress fills the submitted rows' status, unread count and
// mailbox link from the owner's mailbox (Postfach) overview; the link
// only when the session acts for owner (the mailbox pages serve the
// account or organisation the session acts for).
func (s *Handler) caseProgress(r *http.Request, owner apply.Owner, rows []appRow) error {
	for i := range rows {
		rows[i].Progress = "mailbox.progress.none"
	}
	if s.d.Mailbox == nil || len(rows) == 0 {
		return nil
	}
	tenantID, _ := s.tenant(r)
	sums, err := s.d.Mailbox.Inbox(r.Context(), mailbox.AccountReader(tenantID, owner.AccountID, owner.OrgID))
	if err != nil {
		return err
	}
	link := false
	if v := visitorOf(r.Context()); v != nil {
		link = v.OrgID == owner.OrgID
	}
	byID := make(map[int64]mailbox.Summary, len(sums))
	for _, m := range sums {
		byID[m.ApplicationID] = m
	}
	for i, row := range rows {
		m, ok := byID[row.ID]
		if !ok {
			continue
		}
		if m.Progress != "" {
			rows[i].Progress = "mailbox.progress." + string(m.Progress)
		}
		rows[i].Unread, rows[i].ActionNeeded = m.Unread, m.OpenRequests > 0
		if link {
			rows[i].Mailbox = fmt.Sprintf("/postfach/%d", row.ID)
		}
	}
	return nil
}

// deleteDraft deletes a draft of the account or its organisation (POST
// /konto/entwuerfe/{id}/loeschen).
func (s *Handler) deleteDraft(w http.ResponseWriter, r *http.Request) {
	v := visitorOf(r.Context()) // the citizen guard of the route let it in
	id, err := webapply.DraftID(r)
	if err == nil && s.d.Apply != nil {
		err = s.d.Apply.DeleteDraft(r.Context(), id, apply.AccountOwner(v.Account.ID, v.OrgID).At(v.Session.Level))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	back, _, _ := strings.Cut(localPath(r.PostFormValue("next")), "?")
	http.Redirect(w, r, back+"?hinweis=entwurf-geloescht", http.StatusSeeOther)
}

// accountZone is the time zone of dates on the account pages.
var accountZone = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Berlin"); err == nil {
		return loc
	}
	return time.UTC
}()
