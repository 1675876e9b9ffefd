package web

import (
	"net/http"
	"strings"
)

// contentSecurityPolicy allows only this origin's own files: no inline
// scripts or styles, no eval, no framing. KERN's icons are data: SVGs in
// its stylesheet, hence img-src data:.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// secureHeaders sets the security headers on every response. HSTS is sent
// only over TLS (also a TLS-terminating proxy's, see overTLS), so a
// plain-HTTP development setup does not pin browsers. Pages with personal
// data are never stored by browsers or proxies (personalPath).
func (s *Server) secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if s.overTLS(r) {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		if personalPath(r.URL.Path) {
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

// overTLS reports whether browsers reach the portal over TLS: the request
// came over TLS, or the public URL (--base-url) is https, which means a
// TLS-terminating proxy in front. Then every cookie is Secure and HSTS is
// sent.
func (s *Server) overTLS(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(s.baseURL(r), "https:")
}

// hostURL is the portal's URL on the request's own host, which selected
// the tenant: links a guest keeps (resume, mailbox) must lead back to the
// same tenant, not to the global --base-url.
func (s *Server) hostURL(r *http.Request) string {
	if s.overTLS(r) {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}

// personalPrefixes are the paths whose pages, PDFs and files carry
// personal data or secrets: applications and their receipts, the
// mailbox, the account, the back office, logins and their links.
var personalPrefixes = []string{"/antraege/", "/antrag/fortsetzen/", "/postfach", "/konto", "/verwaltung",
	"/anmelden", "/abmelden", "/registrieren", "/passwort-", "/bescheid-pruefen"}

// personalPath reports whether path's answers must not be stored
// (Cache-Control: no-store): they may hold personal data.
func personalPath(path string) bool {
	for _, p := range personalPrefixes {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}
