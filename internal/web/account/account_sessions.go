package account

import (
	"net/http"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// sessionRow is one of "my sessions".
type sessionRow struct {
	ID      int64
	Device  string
	Level   string
	Started string
	Seen    string
	Current bool
}

// sessions lists the account's live sessions (GET /konto/sitzungen).
func (s *Handler) sessions(w http.ResponseWriter, r *http.Request) {
	v := visitorOf(r.Context()) // the citizen guard of the route let it in
	list, err := s.d.Accounts.Sessions(r.Context(), v.Account.TenantID, v.Account.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows := make([]sessionRow, 0, len(list))
	for _, ss := range list {
		rows = append(rows, sessionRow{ID: ss.ID, Device: ss.UserAgent, Level: ss.Level.String(),
			Started: ss.CreatedAt.In(accountZone).Format("02.01.2006 15:04"),
			Seen:    ss.LastSeenAt.In(accountZone).Format("02.01.2006 15:04"), Current: ss.ID == v.Session.ID})
	}
	s.render(w, r, http.StatusOK, "account_sessions", rows)
}

// endSession ends one of the account's sessions (POST
// /konto/sitzungen/{id}/beenden); ending the current one logs out.
func (s *Handler) endSession(w http.ResponseWriter, r *http.Request) {
	v := visitorOf(r.Context()) // the citizen guard of the route let it in
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, fault.New(fault.NotFound, "no such session"))
		return
	}
	if err := s.d.Accounts.EndSession(r.Context(), v.Account.TenantID, v.Account.ID, id); err != nil {
		s.fail(w, r, err)
		return
	}
	if id == v.Session.ID {
		http.SetCookie(w, s.sessionCookie(r).Clear())
		http.Redirect(w, r, "/anmelden?hinweis=abgemeldet", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/konto/sitzungen", http.StatusSeeOther)
}
