// Package web serves the HTML pages (citizen portal and back office) and
// the HTTP plumbing around them: security headers, cross-site request
// protection, overload protection, request limits, access logs, metrics,
// error pages and static assets. Handlers translate HTTP into calls to the
// capability packages and hold no business rules.
//
// Pages, templates and the shared request helpers live in package site
// (internal/web/site), which also describes how to add a page.
//
// State-changing requests (anything but GET, HEAD, OPTIONS) pass the
// cross-origin check in middleware_crossorigin.go; forms need no token.
package web

import (
	"context"
	"fmt"
	"github.com/amtsweg/amtsweg/internal/akte"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/catalog/live"
	"github.com/amtsweg/amtsweg/internal/fitconnect/subscriber"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/outage"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/sso"
	"github.com/amtsweg/amtsweg/internal/sso/demoidp"
	"github.com/amtsweg/amtsweg/internal/tenant"
	webaccount "github.com/amtsweg/amtsweg/internal/web/account"
	"github.com/amtsweg/amtsweg/internal/web/admin"
	webapply "github.com/amtsweg/amtsweg/internal/web/apply"
	"github.com/amtsweg/amtsweg/internal/web/backoffice"
	webmailbox "github.com/amtsweg/amtsweg/internal/web/mailbox"
	"github.com/amtsweg/amtsweg/internal/web/portal"
	"github.com/amtsweg/amtsweg/internal/web/site"
	"github.com/amtsweg/amtsweg/internal/web/waitroom"
	"github.com/amtsweg/amtsweg/internal/webhook"
)

// Deps are what the web layer needs from the process.
type Deps struct {
	Log         *slog.Logger
	Blobs       blob.Store
	Tenants     *tenant.Resolver
	Metrics     *prometheus.Registry
	MaxInflight int // requests served at once before 503; 0 means no limit
	// MaxSubmitInflight and SubmitQueueBudget admit submissions (default 8
	// at once, 100 ms wait for a slot; see middleware_inflight.go).
	MaxSubmitInflight int
	SubmitQueueBudget time.Duration
	MaxBody           int64 // default request body limit in bytes; 0 means no limit
	// Jobs is the background job queue: its failed jobs feed the
	// amtsweg_jobs_discarded gauge and the failure counters, and the
	// tenant administration lists and retries its tenant's failed jobs
	// (package admin). nil leaves both out.
	Jobs *jobs.Queue
	// Catalog is the service catalog's search index and read model; the
	// catalog pages need it.
	Catalog *live.Catalog
	// Finder answers "which authority is responsible?".
	Finder *catalog.Finder
	// Directory reads regions, authorities and responsibilities for the
	// portal, the back office and the tenant administration.
	Directory *catalog.Directory
	// Overlays are the tenants' adjustments of shared procedures: the
	// tenant admin edits them, the portal shows the effective form.
	Overlays *procedure.Overlays
	// Clients creates and lists the tenant's API clients (package admin).
	Clients *apiclient.Registry
	// FitConnect is the tenant admin's FIT-Connect inbox: destinations and
	// received submissions (package admin); nil leaves its page out.
	FitConnect *subscriber.Inbox
	// Ready answers /readyz: nil when the process can serve (the database
	// answers a ping); nil Ready means no database, so not ready.
	Ready func(ctx context.Context) error
	// Outage knows whether the database is reachable: while it is not,
	// /readyz answers "degraded", pages show the crisis notice and what
	// needs the database the maintenance page (docs/crisis.md). nil
	// never reports an outage.
	Outage *outage.Monitor
	// Webhooks lists and redelivers dead-lettered webhook deliveries on
	// the tenant admin page; nil shows none and no buttons.
	Webhooks *webhook.Service
	// Apply is the application workflow behind the online application
	// pages (/antrag/..., /antraege/...); nil answers them with 404.
	Apply *apply.Service
	// Mailbox is the applicant's mailbox behind /postfach (mailbox_*.go);
	// nil answers those pages with 404.
	Mailbox *mailbox.Service
	// Files is the case file (Akte): the tenant administration's filing
	// plan and archive handover pages (package admin); nil answers them
	// with 404.
	Files *akte.Service
	// Cases is the back office's case processing behind /verwaltung
	// (package backoffice) and the public notice check /bescheid-pruefen;
	// nil answers those pages with 404.
	Cases *casework.Service
	// Sessions tells who is logged in on a request (LoginSessions); nil
	// means nobody is. See apply_session.go.
	Sessions Sessions
	// Accounts is the account service behind login, sign-up and "Mein
	// Konto"; nil leaves those pages out and every request anonymous.
	Accounts *account.Service
	// Mailer sends the account e-mails (verification, reset, ...).
	Mailer *mail.Mailer
	// SSO is the external OpenID Connect provider; nil offers none.
	SSO *sso.Provider
	// BaseURL returns the portal's public URL for links in e-mails and the
	// OIDC redirect, e.g. "https://portal.example" (no trailing slash).
	BaseURL func() string
	// MetricsElsewhere says /metrics has its own listener (--metrics-addr,
	// MetricsHandler); the portal's listener then answers it with 404.
	MetricsElsewhere bool
	// DemoLogins lists a demo tenant's demo staff accounts by its slug;
	// set only in demo mode (site.Config.DemoLogins).
	DemoLogins func(tenantSlug string) []site.DemoLogin
	// DemoEID is the demo identity provider, set only in demo mode without
	// a real provider: its endpoints and login page are served under
	// /demo-eid/; nil leaves that path a plain 404.
	DemoEID *demoidp.Provider
}

// Server is the HTTP front of amtsweg.
type Server struct {
	d        Deps
	log      *slog.Logger
	mux      *routeMux
	site     *site.Site
	msgs     *i18n.Catalog // the site's message catalog
	metrics  *metrics
	inflight chan struct{} // one token per request being served
	// submitGate admits submissions and holds the waiting room
	// (middleware_inflight.go, middleware_waitroom.go).
	submitGate *waitroom.Room
	cop        *http.CrossOriginProtection
	portal     *portal.Handler
	backoffice *backoffice.Handler
	admin      *admin.Handler
	apply      *webapply.Handler
	mailbox    *webmailbox.Handler
	account    *webaccount.Handler
}

// New builds the server and its routes.
func New(d Deps) (*Server, error) {
	if d.Log == nil {
		return nil, fmt.Errorf("web: Deps.Log is required")
	}
	s := &Server{d: d, log: d.Log, mux: newRouteMux(), cop: http.NewCrossOriginProtection()}
	if d.MaxInflight > 0 {
		s.submitGate = newSubmitGate(d.MaxSubmitInflight, d.SubmitQueueBudget)
	}
	sso := ""
	if d.SSO != nil {
		sso = d.SSO.Name()
	}
	var err error
	s.site, err = site.New(site.Config{Log: d.Log, Tenants: d.Tenants, Sessions: d.Sessions, BaseURL: d.BaseURL, SSOName: sso,
		DemoLogins: d.DemoLogins, Outage: d.Outage})
	if err != nil {
		return nil, err
	}
	s.msgs = s.site.Msgs()
	s.portal = portal.New(s.site, portal.Deps{Directory: d.Directory, Tenants: d.Tenants, Catalog: d.Catalog, Finder: d.Finder,
		Apply: d.Apply, Accounts: d.Accounts, Overlays: d.Overlays})
	s.backoffice = backoffice.New(s.site, backoffice.Deps{Cases: d.Cases, Mailbox: d.Mailbox, Apply: d.Apply,
		Directory: d.Directory})
	s.admin = admin.New(s.site, admin.Deps{Staff: s.backoffice.Staff, Accounts: d.Accounts, Directory: d.Directory,
		Overlays: d.Overlays, Clients: d.Clients, Webhooks: d.Webhooks, Jobs: d.Jobs, Cases: d.Cases,
		Files: d.Files, FitConnect: d.FitConnect})
	s.apply = webapply.New(s.site, webapply.Deps{Directory: d.Directory, Overlays: d.Overlays, Blobs: d.Blobs, Apply: d.Apply, Mailbox: d.Mailbox,
		Waitroom: s.submitGate,
		Catalog:  d.Catalog, Mailer: d.Mailer, SSO: d.SSO, MaxBody: d.MaxBody})
	s.mailbox = webmailbox.New(s.site, webmailbox.Deps{Mailbox: d.Mailbox})
	s.account = webaccount.New(s.site, webaccount.Deps{Accounts: d.Accounts, Apply: d.Apply, Mailbox: d.Mailbox,
		Mailer: d.Mailer, SSO: d.SSO, DemoEID: d.DemoEID})
	var failures jobFailures
	if d.Jobs != nil {
		failures = d.Jobs
	}
	if s.metrics, err = newMetrics(d.Metrics, failures, d.Log); err != nil {
		return nil, err
	}
	if err = s.metrics.registerWaitroom(s.submitGate); err != nil {
		return nil, err
	}
	if d.MaxInflight > 0 {
		s.inflight = make(chan struct{}, d.MaxInflight)
	}
	s.routes()
	return s, nil
}

// Handler returns the pages' root handler with all middleware, outermost
// first: request id and route, access log and metrics, panic recovery,
// security headers, overload limit, body limit, cross-origin check, crisis
// gate (database unreachable), login session, routing. WithAPI serves the JSON API beside it.
func (s *Server) Handler() http.Handler {
	var h http.Handler = http.HandlerFunc(s.dispatch)
	h = s.loadSession(h)
	h = s.crisisGate(h)
	h = s.crossOrigin(h)
	h = s.limitBody(h)
	h = s.limitInflight(h)
	h = s.secureHeaders(h)
	h = s.recoverPanic(h)
	h = s.observe(h)
	return s.identify(h)
}
