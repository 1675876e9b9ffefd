package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/mailbox"
)

// box is the mailbox a request acts on: who reads, which application,
// and the thread's own path (account or guest link).
type box struct {
	Reader mailbox.Reader
	ID     int64
	Base   string // "/postfach/{id}" or "/postfach/gast/{secret}"
}

// mailboxOf resolves the request's mailbox: the guest secret of the path,
// else the logged-in account and the {id} of the path. Without a login
// (and no secret) the second result is false and the caller asks to log
// in; an unknown secret or id is fault.NotFound.
func (s *Server) mailboxOf(r *http.Request) (box, bool, error) {
	if s.d.Mailbox == nil {
		return box{}, true, fault.New(fault.NotFound, "the mailbox is not available")
	}
	tenantID, _ := s.tenant(r)
	if secret := r.PathValue("secret"); secret != "" {
		id, err := s.d.Mailbox.GuestApplication(r.Context(), tenantID, secret)
		return box{Reader: mailbox.GuestReader(tenantID, secret), ID: id, Base: "/postfach/gast/" + url.PathEscape(secret)}, true, err
	}
	sess, ok := s.session(r)
	if !ok {
		return box{}, false, nil
	}
	b := box{Reader: mailbox.AccountReader(tenantID, sess.AccountID, sess.OrgID).At(sess.Level)}
	if v := r.PathValue("id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return b, true, fault.New(fault.NotFound, "no mailbox %q", v)
		}
		b.ID, b.Base = id, "/postfach/"+v
	}
	return b, true, nil
}

// loginFirst sends a visitor without login to the login page and back.
func loginFirst(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/anmelden?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
}
