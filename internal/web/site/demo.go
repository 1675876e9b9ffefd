package site

import (
	"net/http"
	"strings"
)

// DemoLogin is one demo staff account (Demo-Zugang) that the login page
// lists in demo mode (`serve --demo`), with its password.
type DemoLogin struct {
	Name      string
	Email     string
	Password  string
	Role      string // the account.Role, e.g. "case_worker"
	Authority string // where the role holds; "" for the tenant administrator
}

// DemoLogins lists the demo staff accounts of the request's tenant; none
// outside demo mode (Config.DemoLogins nil) or for another tenant.
func (s *Site) DemoLogins(r *http.Request) []DemoLogin {
	if s.c.DemoLogins == nil || s.c.Tenants == nil {
		return nil
	}
	t, err := s.c.Tenants.ForHost(r.Host)
	if err != nil {
		return nil
	}
	return s.c.DemoLogins(t.Slug)
}

// Demo reports whether the process runs in demo mode.
func (s *Site) Demo() bool { return s.c.DemoLogins != nil }

// DemoBanner says whether the page shows the demo banner: in demo mode,
// on every back-office page (/verwaltung and below, the tenant
// administration included), so nobody takes the demo's cases for real.
func (v View) DemoBanner() bool {
	p, _, _ := strings.Cut(v.Path, "?")
	return v.demo && (p == "/verwaltung" || strings.HasPrefix(p, "/verwaltung/"))
}

// BackOfficeHome says whether the page is the back office's start (the
// inbox), which the header's back-office link then marks as current.
func (v View) BackOfficeHome() bool {
	p, _, _ := strings.Cut(v.Path, "?")
	return p == "/verwaltung"
}

// IsPath says whether the page's path (without query) is p, for marking
// the current entry of a sub-navigation with aria-current.
func (v View) IsPath(p string) bool {
	path, _, _ := strings.Cut(v.Path, "?")
	return path == p
}
