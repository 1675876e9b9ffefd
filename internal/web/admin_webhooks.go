package web

import (
	"net/http"

	"github.com/amtsweg/amtsweg/internal/webhook"
)

// adminWebhooks shows GET /verwaltung/mandant/webhooks: the tenant's
// dead-lettered webhook deliveries (read-only for now: redelivery needs
// the webhook service in web.Deps).
func (s *Server) adminWebhooks(w http.ResponseWriter, r *http.Request) {
	staff, ok := s.adminOf(w, r)
	if !ok {
		return
	}
	dead, err := webhook.DeadLetters(r.Context(), s.d.DB, staff.TenantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderAdmin(w, r, http.StatusOK, "admin_webhooks", "webhooks", dead)
}
