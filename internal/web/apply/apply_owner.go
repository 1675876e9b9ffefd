package apply

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// A guest's resume secret travels in a cookie scoped to its own draft's
// pages (/antraege/{id}): HttpOnly, SameSite=Lax, Secure over TLS (overTLS). The
// secret in clear is shown once per page as the resume link, so the guest
// can come back from another browser.

func guestCookieName(id int64) string { return fmt.Sprintf("amtsweg_antrag_%d", id) }

func draftPath(id int64) string { return fmt.Sprintf("/antraege/%d", id) }

// setGuestCookie keeps the guest's secret for draft id until it expires.
func (s *Handler) setGuestCookie(w http.ResponseWriter, r *http.Request, id int64, secret string, expires time.Time) {
	http.SetCookie(w, &http.Cookie{Name: guestCookieName(id), Value: secret, Path: draftPath(id),
		Expires: expires, HttpOnly: true, Secure: s.overTLS(r), SameSite: http.SameSiteLaxMode})
}

// clearGuestCookie forgets the guest's secret for draft id.
func (s *Handler) clearGuestCookie(w http.ResponseWriter, r *http.Request, id int64) {
	http.SetCookie(w, &http.Cookie{Name: guestCookieName(id), Value: "", Path: draftPath(id),
		MaxAge: -1, HttpOnly: true, Secure: s.overTLS(r), SameSite: http.SameSiteLaxMode})
}

// guestSecret is the resume secret the request carries for draft id.
func guestSecret(r *http.Request, id int64) string {
	c, err := r.Cookie(guestCookieName(id))
	if err != nil {
		return ""
	}
	return c.Value
}

// draftID reads the {id} of the path; anything else is not found.
func draftID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fault.New(fault.NotFound, "no application %q", r.PathValue("id"))
	}
	return id, nil
}

// applicant is the application a request acts on and who acts: the
// guest holding its secret, else the logged-in account.
type applicant struct {
	App   apply.Application
	Owner apply.Owner
}

// loadApplicant loads the application of the path for the request's
// owner: a guest on the host of the application's tenant, an account at
// its login's assurance level. Someone else's application is
// fault.NotFound, a login below the procedure's level an
// *apply.LevelError (fail offers a stronger login).
func (s *Handler) loadApplicant(r *http.Request) (applicant, error) {
	if s.d.Apply == nil {
		return applicant{}, fault.New(fault.NotFound, "online applications are not available")
	}
	id, err := draftID(r)
	if err != nil {
		return applicant{}, err
	}
	tenantID, _ := s.tenant(r)
	owner := apply.GuestOwner(tenantID, guestSecret(r, id))
	if sess, ok := s.session(r); ok && owner.Secret == "" {
		owner = apply.AccountOwner(sess.AccountID, sess.OrgID).At(sess.Level)
	}
	a, err := s.d.Apply.Get(r.Context(), id, owner)
	return applicant{App: a, Owner: owner}, err
}
