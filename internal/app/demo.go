package app

import (
	"github.com/amtsweg/amtsweg/internal/demo"
	"github.com/amtsweg/amtsweg/internal/web/site"
)

// demoLogins is what the login page lists in demo mode: the demo staff
// accounts of the request's tenant (package demo). Without --demo it is
// nil, so no page lists an account or shows the demo banner.
func (a *App) demoLogins() func(tenantSlug string) []site.DemoLogin {
	if !a.cfg.Demo {
		return nil
	}
	return func(slug string) []site.DemoLogin {
		var out []site.DemoLogin
		for _, s := range demo.StaffAccounts(slug) {
			out = append(out, site.DemoLogin{Name: s.Name, Email: s.Email, Password: s.Password,
				Role: string(s.Role), Authority: s.AuthorityName})
		}
		return out
	}
}
