// Package web serves the HTML pages (citizen portal and back office) and
// the HTTP plumbing around them: security headers, cross-site request
// protection, overload protection, request limits, access logs, metrics,
// error pages and static assets. Handlers translate HTTP into calls to the
// capability packages and hold no business rules.
//
// # Pages
//
// Pages are html/template files in templates/, rendered inside
// templates/layout.html (KERN UX markup: header with the tenant's name,
// skip link, main landmark, footer, language switch). Every text comes from
// the message catalogs of package i18n through the view's T method:
// {{.T "home.title"}}, with placeholders as name/value pairs
// {{.T "layout.title" "page" "..." "tenant" .Tenant.Name}}; inside range or
// with blocks write $.T. Templates contain no inline styles or scripts (the
// Content-Security-Policy forbids them): use KERN classes (kern-*) and, for
// the few layout bits KERN lacks, classes in static/amtsweg.css.
//
// # Adding a page
//
//  1. Template: templates/<page>.html defining "title" (the page name,
//     usually {{.T "<page>.title"}}) and "main" (the content inside <main>;
//     start with one <h1 class="kern-heading-x-large">...).
//  2. Messages: add every text as "<page>.<what>" to BOTH
//     internal/i18n/messages/de.json and en.json (a test compares them).
//  3. Handler: <page>.go with a method on Server, e.g.
//     func (s *Server) search(w http.ResponseWriter, r *http.Request)
//     that reads the request, calls the capability package and ends in
//     s.render(w, r, http.StatusOK, "<page>", data) or s.fail(w, r, err).
//     Errors carry a fault code; s.fail maps it to the right page and
//     status (errors.go), so handlers never pick error statuses themselves.
//     Forms: POST, parse into a form struct, re-render with the field
//     errors on failure, redirect (303) on success.
//  4. Route: one line in routes.go, with method and pattern,
//     e.g. s.mux.HandleFunc("GET /suche", s.search). The pattern is the
//     label of the page's metrics and access logs.
//  5. Test: a browser test with internal/browsertest: Start the app, open
//     the page in Chromium in German and English, call browsertest.Axe
//     (zero WCAG 2.2 AA violations) and check the page's behaviour; plus
//     httptest tests for the handler's status codes where that is simpler.
//
// State-changing requests (anything but GET, HEAD, OPTIONS) pass the
// cross-origin check in middleware_crossorigin.go; forms need no token.
package web

import (
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/catalog/live"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/sso"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/webhook"
)

// Deps are what the web layer needs from the process.
type Deps struct {
	Log         *slog.Logger
	DB          *store.DB
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
	// (admin_jobs.go). nil leaves both out.
	Jobs *jobs.Queue
	// Catalog is the service catalog's search index and read model; the
	// catalog pages need it.
	Catalog *live.Catalog
	// Finder answers "which authority is responsible?".
	Finder *catalog.Finder
	// Webhooks redelivers dead-lettered webhook deliveries from the tenant
	// admin page; nil shows them without the buttons.
	Webhooks *webhook.Service
	// API, when set, registers the JSON API's routes on the server's mux.
	API interface{ Mount(mux *http.ServeMux) }
	// Apply is the application workflow behind the online application
	// pages (/antrag/..., /antraege/...); nil answers them with 404.
	Apply *apply.Service
	// Mailbox is the applicant's mailbox behind /postfach (mailbox_*.go);
	// nil answers those pages with 404.
	Mailbox *mailbox.Service
	// Cases is the back office's case processing behind /verwaltung
	// (backoffice_*.go) and the public notice check /bescheid-pruefen;
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
}

// Server is the HTTP front of amtsweg.
type Server struct {
	d        Deps
	log      *slog.Logger
	mux      *routeMux
	msgs     *i18n.Catalog
	pages    map[string]*template.Template
	assets   *assets
	metrics  *metrics
	inflight chan struct{} // one token per request being served
	// submitGate admits submissions (middleware_inflight.go).
	submitGate *admission
	cop        *http.CrossOriginProtection
	// searchOptions, searchBodies and searchPages cache the rendered
	// search page and parts of it per catalog version (search_cache.go).
	searchOptions htmlCache[optionKey, template.HTML]
	searchBodies  htmlCache[bodyKey, template.HTML]
	searchPages   htmlCache[pageKey, cachedPage]
}

// New builds the server and its routes.
func New(d Deps) (*Server, error) {
	if d.Log == nil {
		return nil, fmt.Errorf("web: Deps.Log is required")
	}
	s := &Server{d: d, log: d.Log, mux: newRouteMux(), cop: http.NewCrossOriginProtection()}
	var err error
	if s.msgs, err = i18n.Load(); err != nil {
		return nil, err
	}
	files, err := fs.Sub(static, "static")
	if err != nil {
		return nil, err
	}
	if s.assets, err = newAssets(files, d.Log); err != nil {
		return nil, err
	}
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	var failures jobFailures
	if d.Jobs != nil {
		failures = d.Jobs
	}
	if s.metrics, err = newMetrics(d.Metrics, failures, d.Log); err != nil {
		return nil, err
	}
	if d.MaxInflight > 0 {
		s.inflight = make(chan struct{}, d.MaxInflight)
		s.submitGate = newAdmission(d.MaxSubmitInflight, d.SubmitQueueBudget)
	}
	s.routes()
	return s, nil
}

// Handler returns the root handler with all middleware, outermost first:
// request id and route, access log and metrics, panic recovery, security
// headers, overload limit, body limit, cross-origin check, login session,
// routing.
func (s *Server) Handler() http.Handler {
	var h http.Handler = http.HandlerFunc(s.dispatch)
	h = s.loadSession(h)
	h = s.crossOrigin(h)
	h = s.limitBody(h)
	h = s.limitInflight(h)
	h = s.secureHeaders(h)
	h = s.recoverPanic(h)
	h = s.observe(h)
	return s.identify(h)
}
