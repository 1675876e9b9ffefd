package site

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// LangCookie remembers an explicit language choice.
const LangCookie = "lang"

// Lang returns the request's language: the remembered choice, else
// Accept-Language, else German.
func (s *Site) Lang(r *http.Request) i18n.Lang {
	choice := ""
	if c, err := r.Cookie(LangCookie); err == nil {
		choice = c.Value
	}
	return i18n.Negotiate(choice, r.Header.Get("Accept-Language"))
}

// TenantOf returns the tenant the request's host selects.
func (s *Site) TenantOf(r *http.Request) (tenant.Tenant, error) {
	if s.c.Tenants == nil {
		return tenant.Tenant{}, fault.New(fault.NotFound, "no tenant")
	}
	t, err := s.c.Tenants.ForHost(r.Host)
	if err != nil {
		return t, fault.Wrap(err, fault.NotFound, "no tenant serves this host")
	}
	return t, nil
}

type ctxKey int

const requestIDKey ctxKey = iota

// WithRequestID returns ctx carrying the request's id (set by the
// identify middleware).
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

// RequestID returns the id the identify middleware gave the request.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// RouteLabel is the request's route pattern for logs and metrics;
// requests no route matches share one label.
func RouteLabel(r *http.Request) string {
	if r.Pattern == "" {
		return "unmatched"
	}
	return r.Pattern
}

// personalPrefixes are the paths whose pages, PDFs and files carry
// personal data or secrets: applications and their receipts, the
// mailbox, the account, the back office, logins and their links.
var personalPrefixes = []string{"/antraege/", "/antrag/fortsetzen/", "/postfach", "/konto", "/verwaltung",
	"/anmelden", "/abmelden", "/registrieren", "/passwort-", "/bescheid-pruefen"}

// PersonalPath reports whether path's answers must not be stored
// (Cache-Control: no-store): they may hold personal data.
func PersonalPath(path string) bool {
	for _, p := range personalPrefixes {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// PageParam reads the 1-based page number parameter; anything that is
// not a positive number is page 1.
func PageParam(r *http.Request, name string) int {
	n, err := strconv.Atoi(r.URL.Query().Get(name))
	if err != nil || n < 1 {
		return 1
	}
	return n
}
