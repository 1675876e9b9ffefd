package portal

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// tenantStylesheet serves GET /static/tenant/{file}: the tenant's theme
// ("<slug>.css") as a stylesheet that only sets the allowed KERN colour
// properties (tenant.ThemeProperties). The layout links it when the tenant
// of the request's host has a theme, so no page carries inline styles.
func (s *Handler) tenantStylesheet(w http.ResponseWriter, r *http.Request) {
	slug, ok := strings.CutSuffix(r.PathValue("file"), ".css")
	if !ok || s.d.Tenants == nil {
		s.fail(w, r, fault.New(fault.NotFound, "no such stylesheet"))
		return
	}
	t, ok := s.d.Tenants.BySlug(slug)
	css := t.Branding.Theme.CSS()
	if !ok || css == "" {
		s.fail(w, r, fault.New(fault.NotFound, "no stylesheet for tenant %q", slug))
		return
	}
	sum := sha256.Sum256([]byte(css))
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	h := w.Header()
	h.Set("Content-Type", "text/css; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Write([]byte(css))
}

// legalPage is the data of the imprint and privacy pages: the tenant's own
// text in paragraphs, or none for the portal's generic text.
type legalPage struct {
	Paragraphs []string
}

// legalText returns the tenant's own text for page ("imprint" or
// "privacy"), split at blank lines; empty when the tenant has none.
func (s *Handler) legalText(r *http.Request, page string) legalPage {
	if s.d.Tenants == nil {
		return legalPage{}
	}
	t, err := s.d.Tenants.ForHost(r.Host)
	if err != nil {
		return legalPage{}
	}
	text := t.Branding.Imprint
	if page == "privacy" {
		text = t.Branding.Privacy
	} else if page != "imprint" {
		return legalPage{}
	}
	var out legalPage
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out.Paragraphs = append(out.Paragraphs, p)
		}
	}
	return out
}
