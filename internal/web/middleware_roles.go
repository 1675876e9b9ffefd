package web

import (
	"context"
	"net/http"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// staffKey is the context key of the back office principal that staff and
// tenantAdmin put into the request.
type staffKey struct{}

// staff guards a back office route (Verwaltung): without a complete login
// the visitor is sent to the login page (a GET comes back afterwards); a
// login that is not an active staff account of the host's tenant gets
// 403; without the back office in this process every route is 404. The
// handler reads the principal with staffFrom; what the staff member may
// see and do follows from it (casework.Staff), never from the handler.
func (s *Server) staff(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		st, ok := s.staffOf(w, r)
		if !ok {
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), staffKey{}, st)))
	}
}

// tenantAdmin guards a tenant administration route (Mandantenverwaltung):
// the staff principal (see staff) must also hold the tenant admin role of
// the host's tenant (casework.Staff.RequireTenantAdmin, read with the
// principal, no second query); anyone else gets 403.
func (s *Server) tenantAdmin(h http.HandlerFunc) http.HandlerFunc {
	return s.staff(func(w http.ResponseWriter, r *http.Request) {
		if err := staffFrom(r.Context()).RequireTenantAdmin(); err != nil {
			s.fail(w, r, err)
			return
		}
		h(w, r)
	})
}

// staffFrom returns the principal the staff or tenantAdmin guard resolved.
func staffFrom(ctx context.Context) casework.Staff {
	st, _ := ctx.Value(staffKey{}).(casework.Staff)
	return st
}

// staffOf resolves the back office principal of the request for the staff
// guard; false when it has answered the request itself.
func (s *Server) staffOf(w http.ResponseWriter, r *http.Request) (casework.Staff, bool) {
	if s.d.Cases == nil {
		s.fail(w, r, fault.New(fault.NotFound, "the back office is not available"))
		return casework.Staff{}, false
	}
	v := visitorOf(r.Context())
	if !v.Complete() {
		if r.Method == http.MethodGet {
			loginFirst(w, r)
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
