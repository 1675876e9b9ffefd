// Package admin serves the tenant administration (Mandantenverwaltung)
// under /verwaltung/mandant: overview, authorities, staff,
// responsibilities, procedure overlays, API clients and their webhook
// format, dead webhook deliveries, failed background jobs, the FIT-Connect
// inbox (destinations and received submissions), the filing plan
// (Aktenplan) and the archive handover (Aussonderung). Every route is behind the
// tenantAdmin guard (guard.go); handlers call the capabilities' services
// and hold no rules.
package admin

import (
	"net/http"

	"github.com/amtsweg/amtsweg/internal/akte"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fitconnect/subscriber"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/web/site"
	"github.com/amtsweg/amtsweg/internal/webhook"
)

// Deps are what the tenant administration needs.
type Deps struct {
	// Staff is the back office's guard (backoffice.Handler.Staff): login,
	// active staff account of the host's tenant; tenantAdmin adds the role.
	Staff func(http.HandlerFunc) http.HandlerFunc
	// Accounts lists the tenant's staff.
	Accounts *account.Service
	// Directory lists the tenant's authorities and responsibilities.
	Directory *catalog.Directory
	// Overlays are the tenant's adjustments of shared procedures.
	Overlays *procedure.Overlays
	// Clients creates and lists the tenant's API clients.
	Clients *apiclient.Registry
	// Webhooks lists and redelivers dead webhook deliveries; nil shows
	// none and offers no buttons.
	Webhooks *webhook.Service
	// Jobs lists and retries the tenant's failed background jobs; nil
	// shows none.
	Jobs *jobs.Queue
	// Cases holds the four-eyes rules of notices (Mitzeichnung) and says
	// which cases of FIT-Connect submissions the admin may open.
	Cases *casework.Service
	// Files is the case file (Akte): the filing plan (Aktenplan) and the
	// archive conversation (Aussonderung); nil answers those pages with
	// 404.
	Files *akte.Service
	// FitConnect lists the tenant's FIT-Connect destinations and received
	// submissions and makes destinations; nil answers its page with 404.
	FitConnect *subscriber.Inbox
}

// Handler serves the tenant administration pages.
type Handler struct {
	site *site.Site
	d    Deps
}

// New returns the tenant administration's handler.
func New(s *site.Site, d Deps) *Handler { return &Handler{site: s, d: d} }

// Routes registers the tenant administration's routes on mux, each for
// the tenant admin of the host's tenant only (the tenantAdmin guard).
func (s *Handler) Routes(mux site.Mux) {
	mux.HandleFunc("GET /verwaltung/mandant", s.tenantAdmin(s.adminHome))
	mux.HandleFunc("GET /verwaltung/mandant/behoerden", s.tenantAdmin(s.adminAuthorities))
	mux.HandleFunc("GET /verwaltung/mandant/personal", s.tenantAdmin(s.adminStaff))
	mux.HandleFunc("GET /verwaltung/mandant/zustaendigkeiten", s.tenantAdmin(s.adminResponsibilities))
	mux.HandleFunc("GET /verwaltung/mandant/anpassungen", s.tenantAdmin(s.adminOverlays))
	mux.HandleFunc("GET /verwaltung/mandant/anpassungen/{procedure}", s.tenantAdmin(s.adminOverlay))
	mux.HandleFunc("POST /verwaltung/mandant/anpassungen/{procedure}", s.tenantAdmin(s.adminOverlaySave))
	mux.HandleFunc("GET /verwaltung/mandant/api-clients", s.tenantAdmin(s.adminClients))
	mux.HandleFunc("POST /verwaltung/mandant/api-clients", s.tenantAdmin(s.adminClientCreate))
	mux.HandleFunc("POST "+clientFormatPath, s.tenantAdmin(s.adminClientFormat))
	mux.HandleFunc("GET /verwaltung/mandant/webhooks", s.tenantAdmin(s.adminWebhooks))
	mux.HandleFunc("POST /verwaltung/mandant/webhooks", s.tenantAdmin(s.adminWebhookRedeliver))
	mux.HandleFunc("GET /verwaltung/mandant/auftraege", s.tenantAdmin(s.adminJobs))
	mux.HandleFunc("POST /verwaltung/mandant/auftraege", s.tenantAdmin(s.adminJobRetry))
	s.fourEyesRoutes(mux)   // four_eyes.go
	s.recordsRoutes(mux)    // filingplan.go, disposal.go
	s.fitConnectRoutes(mux) // fitconnect.go
}

// The helpers below keep the handlers' calls short (s.render, s.fail).

func (s *Handler) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	s.site.Render(w, r, status, page, data)
}

func (s *Handler) fail(w http.ResponseWriter, r *http.Request, err error) { s.site.Fail(w, r, err) }
