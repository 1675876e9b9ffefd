package admin

import (
	"net/http"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fitconnect/subscriber"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/webhook"
)

// adminOverview is the data of admin_overview.html: how many of each
// thing the tenant has, each linking to its page.
type adminOverview struct {
	Authorities, Staff, Responsibilities, Overlays, Clients, DeadLetters int
	FitDestinations                                                      int // FIT-Connect destinations (Zustellpunkte)
}

// adminHome shows GET /verwaltung/mandant, the tenant admin's overview.
func (s *Handler) adminHome(w http.ResponseWriter, r *http.Request) {
	staff := staffFrom(r)
	ctx, id := r.Context(), staff.TenantID
	var p adminOverview
	auths, err := s.d.Directory.Authorities(ctx, id)
	p.Authorities = len(auths)
	if err == nil {
		var l []account.StaffMember
		l, err = s.d.Accounts.Staff(ctx, id)
		p.Staff = len(l)
	}
	if err == nil {
		var l []catalog.Responsibility
		l, err = s.d.Directory.Responsibilities(ctx, id)
		p.Responsibilities = len(l)
	}
	if err == nil {
		var l []procedure.StoredOverlay
		l, err = s.d.Overlays.List(ctx, id)
		p.Overlays = len(l)
	}
	if err == nil {
		var l []apiclient.Client
		l, err = s.d.Clients.List(ctx, id)
		p.Clients = len(l)
	}
	if err == nil {
		var l []webhook.Dead
		l, err = s.deadLetters(ctx, id)
		p.DeadLetters = len(l)
	}
	if err == nil && s.d.FitConnect != nil {
		var l []subscriber.DestinationInfo
		l, err = s.d.FitConnect.Destinations(ctx, id)
		p.FitDestinations = len(l)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderAdmin(w, r, http.StatusOK, "admin_overview", "overview", p)
}
