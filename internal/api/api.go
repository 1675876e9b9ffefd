// Package api is the JSON API of amtsweg, version 1, under /api/v1: the
// service catalog (services, regions, responsibilities, authorities) for
// other portals and specialised systems. Handlers translate HTTP into calls
// to the capability packages and hold no rules; the web pages call the very
// same functions. Errors are application/problem+json (RFC 9457) with type,
// title, status, detail and, for invalid input, the list of fields. The
// tenant is chosen by the request's host, as for the web pages.
package api

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/catalog/live"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/fitconnect"
	"github.com/amtsweg/amtsweg/internal/integration"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Deps are what the API needs from the process.
type Deps struct {
	Log     *slog.Logger
	DB      *store.DB
	Tenants *tenant.Resolver
	Catalog *live.Catalog
	Finder  *catalog.Finder
	// Integration serves the specialised systems' operations; nil answers
	// every authenticated operation with 401.
	Integration *integration.Service
	// Limiter is the per-client rate limit (required with Integration).
	Limiter *apiclient.Limiter
	// FitConnect serves the FIT-Connect submissions and routing; nil
	// answers those operations with 503.
	FitConnect *fitconnect.Service
	// BaseURL returns the portal's public URL, the source of the feed's
	// CloudEvents (events.Source); nil: the tenant's URN.
	BaseURL func() string
}

// API serves /api/v1.
type API struct {
	d     Deps
	guard *apiclient.TokenGuard // throttles the token endpoint
}

// New returns the API on d.
func New(d Deps) *API { return &API{d: d, guard: apiclient.NewTokenGuard(nil)} }

// tenantOf returns the tenant the request's host selects.
func (a *API) tenantOf(r *http.Request) (tenant.Tenant, error) {
	t, err := a.d.Tenants.ForHost(r.Host)
	if err != nil {
		return t, fault.Wrap(err, fault.NotFound, "no tenant serves this host")
	}
	return t, nil
}

// writeJSON writes v as the JSON body with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	writeBody(w, v)
}

// writeBody encodes v as JSON, without HTML escaping.
func writeBody(w http.ResponseWriter, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v) // a failed write means the client is gone
}

// notFound answers paths under /api/v1/ that no route matches.
func (a *API) notFound(w http.ResponseWriter, r *http.Request) {
	a.fail(w, r, fault.New(fault.NotFound, "no such resource: %s %s", r.Method, r.URL.Path))
}
