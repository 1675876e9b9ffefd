package admin

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/webhook"
)

// webhooksPage is the dead letters (unzustellbare Ereignisse) page.
type webhooksPage struct {
	Dead    []webhook.Dead
	Clients []int64 // the clients with dead deliveries, for "all of the client"
	Done    bool    // a redelivery was started (after the redirect)
	CanSend bool    // the webhook service is wired in, so buttons work
}

// adminWebhooks shows GET /verwaltung/mandant/webhooks: the tenant's
// dead-lettered webhook deliveries, each with a button to deliver it again,
// and one button per client for all of its dead deliveries.
func (s *Handler) adminWebhooks(w http.ResponseWriter, r *http.Request) {
	staff := staffFrom(r)
	dead, err := s.deadLetters(r.Context(), staff.TenantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := webhooksPage{Dead: dead, Done: r.URL.Query().Get("hinweis") == "erneut", CanSend: s.d.Webhooks != nil}
	for _, d := range dead {
		if !slices.Contains(p.Clients, d.ClientID) {
			p.Clients = append(p.Clients, d.ClientID)
		}
	}
	slices.Sort(p.Clients)
	s.renderAdmin(w, r, http.StatusOK, "admin_webhooks", "webhooks", p)
}

// adminWebhookRedeliver handles POST /verwaltung/mandant/webhooks: the
// form names one dead delivery ("delivery") or a client whose dead
// deliveries all start again ("client"). The tenant comes from the admin's
// principal, never from the form: a delivery of another tenant is not
// found. The redelivery is audited by package webhook.
func (s *Handler) adminWebhookRedeliver(w http.ResponseWriter, r *http.Request) {
	staff := staffFrom(r)
	if s.d.Webhooks == nil {
		s.fail(w, r, fault.New(fault.NotFound, "webhooks are not enabled in this process"))
		return
	}
	actor := "staff:" + strconv.FormatInt(staff.AccountID, 10)
	delivery, _ := strconv.ParseInt(r.PostFormValue("delivery"), 10, 64)
	client, _ := strconv.ParseInt(r.PostFormValue("client"), 10, 64)
	var err error
	switch {
	case delivery > 0:
		err = s.d.Webhooks.Redeliver(r.Context(), staff.TenantID, actor, delivery)
	case client > 0:
		_, err = s.d.Webhooks.RedeliverClient(r.Context(), staff.TenantID, actor, client)
	default:
		err = fault.New(fault.Invalid, "name a delivery or a client")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/verwaltung/mandant/webhooks?hinweis=erneut", http.StatusSeeOther)
}

// deadLetters lists the tenant's dead webhook deliveries; none when the
// webhook service is not wired in (a web server without the JSON API).
func (s *Handler) deadLetters(ctx context.Context, tenantID tenant.ID) ([]webhook.Dead, error) {
	if s.d.Webhooks == nil {
		return nil, nil
	}
	return s.d.Webhooks.DeadLetters(ctx, tenantID)
}
