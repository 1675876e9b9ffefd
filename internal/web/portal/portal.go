// Package portal serves the public pages of the citizen portal: home,
// legal texts, the language switch, the service catalog (search with its
// caches, service, authority, topic and life situation pages), the data
// sources, the coverage overview, the service finder with its place
// suggestions (GET /orte/vorschlaege, JSON for static/places.js) and the
// tenant's theme stylesheet.
package portal

import (
	"context"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/catalog/live"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/web/site"
)

// Deps are what the portal pages need.
type Deps struct {
	Tenants *tenant.Resolver
	// Directory reads regions, authorities and responsibilities.
	Directory *catalog.Directory
	// Catalog is the service catalog's search index and read model.
	Catalog *live.Catalog
	// Finder answers "which authority is responsible?".
	Finder *catalog.Finder
	// Apply, when set, links services to their online application.
	Apply *apply.Service
	// Accounts, when set, remembers a logged-in account's language.
	Accounts *account.Service
	// Overlays, when set, give a service page the tenant's form of its
	// procedure (its fees and hints); without, the nationwide one.
	Overlays *procedure.Overlays
}

// Handler serves the portal pages.
type Handler struct {
	site *site.Site
	d    Deps
	log  *slog.Logger
	msgs *i18n.Catalog
	// searchOptions, searchBodies and searchPages cache the rendered
	// search page and parts of it per catalog version (search_cache.go).
	searchOptions htmlCache[optionKey, template.HTML]
	searchBodies  htmlCache[bodyKey, template.HTML]
	searchPages   htmlCache[pageKey, cachedPage]
}

// New returns the portal's handler.
func New(s *site.Site, d Deps) *Handler {
	return &Handler{site: s, d: d, log: s.Log, msgs: s.Msgs()}
}

// Routes registers the portal's routes on mux.
func (s *Handler) Routes(mux site.Mux) {
	mux.HandleFunc("GET /static/tenant/{file}", s.tenantStylesheet) // tenant theme (tenant_branding.go)

	// Portal pages.
	mux.HandleFunc("GET /{$}", s.home)
	mux.HandleFunc("POST /sprache", s.switchLanguage)
	mux.HandleFunc("GET /impressum", s.textPage("imprint"))
	mux.HandleFunc("GET /datenschutz", s.textPage("privacy"))
	mux.HandleFunc("GET /barrierefreiheit", s.textPage("accessibility"))
	mux.HandleFunc("GET /datenquellen", s.sources)

	// Service catalog.
	mux.HandleFunc("GET /suche", s.search)
	mux.HandleFunc("GET /leistungen/{key}", s.service)
	mux.HandleFunc("GET /orte/vorschlaege", s.placeSuggest) // place suggestions (places.go)
	mux.HandleFunc("GET /behoerden/{id}", s.authority)
	mux.HandleFunc("GET /themen/{slug}", s.topic)
	mux.HandleFunc("GET /lebenslagen/{slug}", s.situation)
	// Public and read-only until accounts and roles exist; then tenant admins only.
	mux.HandleFunc("GET /abdeckung", s.coverage)
}

// The helpers below keep the handlers' calls short (s.render, s.fail, ...).

type (
	view  = site.View
	pager = site.Pager
)

func (s *Handler) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	s.site.Render(w, r, status, page, data)
}

func (s *Handler) fail(w http.ResponseWriter, r *http.Request, err error) { s.site.Fail(w, r, err) }

func (s *Handler) errorPage(w http.ResponseWriter, r *http.Request, status int) {
	s.site.ErrorPage(w, r, status)
}

func (s *Handler) newView(r *http.Request, data any) view          { return s.site.NewView(r, data) }
func (s *Handler) lang(r *http.Request) i18n.Lang                  { return s.site.Lang(r) }
func (s *Handler) tenant(r *http.Request) (tenant.ID, bool)        { return s.site.Tenant(r) }
func (s *Handler) tenantOf(r *http.Request) (tenant.Tenant, error) { return s.site.TenantOf(r) }
func (s *Handler) overTLS(r *http.Request) bool                    { return s.site.OverTLS(r) }
func (s *Handler) session(r *http.Request) (site.Session, bool)    { return s.site.Session(r) }
func pageParam(r *http.Request, name string) int                   { return site.PageParam(r, name) }
func errBadRequest(msg string) error                               { return site.ErrBadRequest(msg) }
func localPath(next string) string                                 { return site.LocalPath(next) }

func visitorOf(ctx context.Context) *site.Visitor { return site.VisitorOf(ctx) }

func newPager(path string, q url.Values, page, pages int) pager {
	return site.NewPager(path, q, page, pages)
}
