package backoffice

import (
	"context"
	"net/http"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/web/site"
)

// staffKey is the context key of the back office principal that Staff
// puts into the request.
type staffKey struct{}

// Staff guards a back office route (Verwaltung): without a complete login
// the visitor is sent to the login page (a GET comes back afterwards); a
// login that is not an active staff account of the host's tenant gets
// 403; without the back office in this process every route is 404. The
// handler reads the principal with StaffFrom; what the staff member may
// see and do follows from it (casework.Staff), never from the handler.
// The tenant administration (package admin) builds its guard on it.
func (s *Handler) Staff(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		st, ok := s.staffOf(w, r)
		if !ok {
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), staffKey{}, st)))
	}
}

// StaffFrom returns the principal the Staff guard resolved.
func StaffFrom(ctx context.Context) casework.Staff {
	st, _ := ctx.Value(staffKey{}).(casework.Staff)
	return st
}

// staffFrom is StaffFrom inside the package.
func staffFrom(ctx context.Context) casework.Staff { return StaffFrom(ctx) }

// staffOf resolves the back office principal of the request for the Staff
// guard; false when it has answered the request itself.
func (s *Handler) staffOf(w http.ResponseWriter, r *http.Request) (casework.Staff, bool) {
	if s.d.Cases == nil {
		s.fail(w, r, fault.New(fault.NotFound, "the back office is not available"))
		return casework.Staff{}, false
	}
	v := site.VisitorOf(r.Context())
	if !v.Complete() {
		if r.Method == http.MethodGet {
			site.LoginFirst(w, r)
		} else {
			http.Redirect(w, r, "/anmelden", http.StatusSeeOther)
		}
		return casework.Staff{}, false
	}
	if v.Account.Kind != account.KindStaff {
		s.fail(w, r, fault.New(fault.Forbidden, "the back office is for staff"))
		return casework.Staff{}, false
	}
	st, err := s.d.Cases.Staff(r.Context(), v.Session.TenantID, v.Account.ID)
	if err != nil {
		s.fail(w, r, err)
		return casework.Staff{}, false
	}
	return st, true
}
