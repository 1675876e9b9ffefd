package admin

import (
	"net/http"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// clientFormatPath switches an API client's webhook format.
const clientFormatPath = "/verwaltung/mandant/api-clients/format"

// adminClientFormat handles POST /verwaltung/mandant/api-clients/format:
// the form names one client ("client") and the format ("format":
// cloudevents, or amtsweg, the deprecated envelope). The registry's
// SetWebhookFormat — the rule `amtsweg apiclient webhook-format` uses —
// checks the format, finds the client in the admin's tenant only (another
// tenant's is not found) and audits the switch.
func (s *Handler) adminClientFormat(w http.ResponseWriter, r *http.Request) {
	staff := staffFrom(r)
	id, err := strconv.ParseInt(r.PostFormValue("client"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(w, r, fault.New(fault.Invalid, "name an API client"))
		return
	}
	f := apiclient.WebhookFormat(r.PostFormValue("format"))
	err = s.d.Clients.SetWebhookFormat(r.Context(), actorOf(staff.AccountID), staff.TenantID, id, f)
	switch {
	case err == nil:
		http.Redirect(w, r, "/verwaltung/mandant/api-clients?hinweis=format", http.StatusSeeOther)
	case fault.Is(err, fault.Invalid):
		w.Header().Set("Cache-Control", "no-store")
		s.showClients(w, r, staff.TenantID, http.StatusUnprocessableEntity, clientsPage{FormatError: id})
	default:
		s.fail(w, r, err)
	}
}
