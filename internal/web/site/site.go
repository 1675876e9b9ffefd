// Package site is what every audience of the web layer shares: the page
// templates with their layout and partials, the static assets, the error
// pages (Fail maps fault codes to statuses), the request's language,
// tenant and login, form helpers and the check of local return paths.
//
// The audience packages (portal, apply, account, mailbox, back office,
// tenant administration) each get one *Site and their own narrow Deps;
// package web composes them and adds the middleware.
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
// All templates live here, not in the audience packages: every page is
// parsed with the one layout and all partials, and partials such as the
// form fields are shared across audiences.
//
// # Adding a page
//
//  1. Template: templates/<page>.html defining "title" (the page name,
//     usually {{.T "<page>.title"}}) and "main" (the content inside <main>;
//     start with one <h1 class="kern-heading-x-large">...).
//  2. Messages: add every text as "<page>.<what>" to BOTH
//     internal/i18n/messages/de.json and en.json (a test compares them).
//  3. Handler: a method on the audience's Handler (internal/web/portal,
//     apply, account, mailbox, ...) that reads the request, calls the
//     capability package and ends in Site.Render(w, r, http.StatusOK,
//     "<page>", data) or Site.Fail(w, r, err). Errors carry a fault code;
//     Fail maps it to the right page and status (fail.go), so handlers
//     never pick error statuses themselves. Forms: POST, parse into a form
//     struct, re-render with the field errors on failure, redirect (303)
//     on success.
//  4. Route: one line in the audience's Routes, with method and pattern,
//     e.g. mux.HandleFunc("GET /suche", s.search). The pattern is the
//     label of the page's metrics and access logs.
//  5. Test: a browser test with internal/browsertest (Start the app, open
//     the page in Chromium in German and English, browsertest.Axe) and
//     httptest tests for status codes; shared helpers are in
//     internal/web/webtest.
package site

import (
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"

	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/outage"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Config is what the shared part of the web layer needs from the process.
type Config struct {
	Log *slog.Logger
	// Tenants selects the request host's tenant; nil serves no tenant.
	Tenants *tenant.Resolver
	// Sessions tells who is logged in on a request; nil means nobody is.
	Sessions Sessions
	// BaseURL returns the portal's public URL for links in e-mails and the
	// OIDC redirect, e.g. "https://portal.example" (no trailing slash).
	BaseURL func() string
	// SSOName is the external provider's name offered for stronger
	// logins, "" for none.
	SSOName string
	// DemoLogins lists a demo tenant's demo staff accounts by the
	// tenant's slug; set only in demo mode (`serve --demo`), where the
	// login page lists them and the back office shows the demo banner.
	DemoLogins func(tenantSlug string) []DemoLogin
	// Outage knows whether the database is reachable (crisis.go); nil
	// means it is never reported down.
	Outage *outage.Monitor
}

// Site renders pages and error pages and answers the questions every
// handler asks about its request.
type Site struct {
	Log    *slog.Logger
	c      Config
	msgs   *i18n.Catalog
	pages  map[string]*template.Template
	assets *assets
	// keepers draw forms again on the maintenance page (crisis.go),
	// by route pattern; written only while routes are registered.
	keepers map[string]Keeper
}

// New loads the message catalogs, the templates and the static assets.
func New(c Config) (*Site, error) {
	if c.Log == nil {
		return nil, fmt.Errorf("site: Config.Log is required")
	}
	s := &Site{Log: c.Log, c: c}
	var err error
	if s.msgs, err = i18n.Load(); err != nil {
		return nil, err
	}
	files, err := fs.Sub(static, "static")
	if err != nil {
		return nil, err
	}
	if s.assets, err = newAssets(files, c.Log); err != nil {
		return nil, err
	}
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	return s, nil
}

// Page returns the parsed template set of page, nil for none (for
// handlers that execute one block of a page themselves).
func (s *Site) Page(page string) *template.Template { return s.pages[page] }

// Tenants is the resolver of the request host's tenant, nil for none.
func (s *Site) Tenants() *tenant.Resolver { return s.c.Tenants }

// SSOName is the external provider's name, "" for none.
func (s *Site) SSOName() string { return s.c.SSOName }

// Tenant is the id of the request host's tenant.
func (s *Site) Tenant(r *http.Request) (tenant.ID, bool) {
	if s.c.Tenants == nil {
		return 0, false
	}
	t, err := s.c.Tenants.ForHost(r.Host)
	return t.ID, err == nil
}

// BaseURL is the portal's public URL: the configured one, else the
// request's own scheme and host.
func (s *Site) BaseURL(r *http.Request) string {
	if s.c.BaseURL != nil {
		if u := strings.TrimRight(s.c.BaseURL(), "/"); u != "" {
			return u
		}
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// OverTLS reports whether browsers reach the portal over TLS: the request
// came over TLS, or the public URL (--base-url) is https, which means a
// TLS-terminating proxy in front. Then every cookie is Secure and HSTS is
// sent.
func (s *Site) OverTLS(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(s.BaseURL(r), "https:")
}

// HostURL is the portal's URL on the request's own host, which selected
// the tenant: links a guest keeps (resume, mailbox) must lead back to the
// same tenant, not to the global --base-url.
func (s *Site) HostURL(r *http.Request) string {
	if s.OverTLS(r) {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}

// Msgs is the message catalog of every text on the pages.
func (s *Site) Msgs() *i18n.Catalog { return s.msgs }

// Mux is where an audience registers its routes: the server's route
// table, which records every pattern for the authorization tests.
type Mux interface {
	HandleFunc(pattern string, handler func(http.ResponseWriter, *http.Request))
}
